//! The drill screen, drawn from the session's state into lines of text: no terminal here, so
//! every screen can be snapshot-tested.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Utc};
use unicode_width::UnicodeWidthStr;

use crate::core::bank::{Bank, Card, CardKey};
use crate::core::coaching::coach;
use crate::core::own_answers::OwnAnswers;
use crate::core::schedule::Rating;
use crate::core::session::{Phase, Session};
use crate::ui::coach_view::{coaching_lines, quote};
pub use crate::ui::drill_summary::{Summary, SummaryRow, grade_feedback, render_summary};
pub(crate) use crate::ui::frame::{frame, paused, too_small};
use crate::ui::style::{Painter, Role};
use crate::ui::text::{sanitize, truncate, wrap};

/// The smallest screen the drill draws on.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Letters for key points, leaving out the letters that are keys of their own (h, p, q, s, u).
const POINT_LETTERS: &str = "abcdefgijklmnortvwxyz";

pub fn point_letter(index: usize) -> Option<char> {
    POINT_LETTERS.chars().nth(index)
}

pub fn point_index(letter: char) -> Option<usize> {
    POINT_LETTERS.find(letter)
}

/// Everything the screen shows besides the session itself.
#[derive(Debug, Clone, Copy)]
pub struct Screen<'a> {
    pub width: u16,
    pub height: u16,
    pub painter: Painter,
    pub title: &'a str,
    pub typing: bool,
    pub help: bool,
    /// Lines of the body scrolled past.
    pub scroll: usize,
    /// A one-line message under the body, such as a save error.
    pub notice: Option<&'a str>,
    /// A confirmation under the body, such as the grade just saved: up to two lines.
    pub feedback: Option<&'a str>,
    /// The candidate's own answers, shown on reveal above the sample answer.
    pub own: Option<&'a OwnAnswers>,
    /// The typing box's cursor, in characters; `None` puts it at the end.
    pub cursor: Option<usize>,
}

/// `mm:ss`, or `+mm:ss` once over.
pub fn clock(duration: Duration) -> String {
    // Overtime shows a plus from its first instant, not only after a whole second.
    let sign = if duration < Duration::zero() { "+" } else { "" };
    let secs = duration.num_seconds().abs();
    format!("{sign}{:02}:{:02}", secs / 60, secs % 60)
}

pub(crate) fn rating_label(rating: Rating) -> String {
    format!("{} {}", rating as u8, rating.as_str())
}

/// The screen as exactly `height` lines.
pub fn render(
    session: &Session,
    bank: &Bank,
    now: DateTime<Utc>,
    screen: Screen<'_>,
) -> Vec<String> {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return too_small(screen);
    }
    let footer = footer(session, now, screen);
    let body = if screen.help {
        help_lines()
    } else if session.is_paused() {
        paused(
            "Paused. Both clocks are stopped; press p to resume.",
            screen,
        )
    } else {
        body(session, bank, now, screen)
    };
    frame(header(session, now, screen), &body, footer, screen)
}

fn header(session: &Session, now: DateTime<Utc>, screen: Screen<'_>) -> String {
    let left = session.time_left(now);
    let session_clock = if left < Duration::zero() {
        "time up".to_string()
    } else {
        format!("{} left", clock(left))
    };
    let mode = if session.is_cram() {
        " · CRAM: schedule unchanged"
    } else {
        ""
    };
    let right = format!("{session_clock} · {}{mode}", to_go(session));
    title_bar(&right, screen)
}

/// The top line: "prepdrill · title" on the left, cut to leave room for `right`, which is dimmed
/// against the right edge.
pub(crate) fn title_bar(right: &str, screen: Screen<'_>) -> String {
    let p = screen.painter;
    let room = usize::from(screen.width).saturating_sub(right.width() + 2);
    let title = truncate(&format!("prepdrill · {}", screen.title), room);
    let pad = usize::from(screen.width).saturating_sub(title.width() + right.width());
    format!(
        "{}{}{}",
        p.paint(&title, Role::Title),
        " ".repeat(pad),
        p.paint(right, Role::Dim)
    )
}

/// "3 to go", and "· 1 coming back" while learning steps will bring cards back; "· back early"
/// when the card on screen comes back before the time its confirmation said, because nothing
/// else is left.
pub(crate) fn to_go(session: &Session) -> String {
    let early = if session.current().is_some_and(|c| c.early) {
        " · back early: nothing else is left"
    } else {
        ""
    };
    match session.coming_back() {
        0 => format!("{} to go{early}", session.to_go()),
        back => format!("{} to go · {back} coming back{early}", session.to_go()),
    }
}

fn body(session: &Session, bank: &Bank, now: DateTime<Utc>, screen: Screen<'_>) -> Vec<String> {
    let Some(current) = session.current() else {
        return vec![String::new(), "The session is over.".to_string()];
    };
    let Some(card) = bank.card(&current.card.key) else {
        return gone(&current.card.key);
    };
    let q = card.question;
    let mut lines = question_lines(
        &format!("{} · {} · {}", q.id, q.category, q.tags.join(", ")),
        &q.question,
        screen,
    );
    lines.push(answer_clock(
        session,
        now,
        current.card.answer_limit,
        screen,
    ));
    match &current.phase {
        Phase::Asking { hint } => {
            if *hint {
                section(&mut lines, "Why employers ask", &q.why, screen);
            }
            if screen.typing {
                typing_box(
                    &mut lines,
                    "Your answer (Tab reveals)",
                    &current.typed,
                    screen,
                );
            }
        }
        Phase::Revealed { ticked } => revealed(
            &mut lines,
            card,
            &current.card.key,
            &Checked {
                ticked,
                evidence: &current.evidence,
                suggested: session.suggested_grade(now),
                limit: current.card.answer_limit,
            },
            ("Your answer", &current.typed),
            screen,
        ),
    }
    lines
}

/// The body when the card's question is gone from the bank.
pub(crate) fn gone(key: &CardKey) -> Vec<String> {
    vec![format!(
        "{} is no longer in the bank.",
        sanitize(key.as_str())
    )]
}

/// The top of the body: a dimmed line about the question, then the question itself.
pub(crate) fn question_lines(about: &str, question: &str, screen: Screen<'_>) -> Vec<String> {
    let p = screen.painter;
    let width = usize::from(screen.width);
    let mut lines = vec![p.paint(&truncate(about, width), Role::Dim)];
    lines.push(String::new());
    lines.extend(
        wrap(question, width, "")
            .iter()
            .map(|l| p.paint(l, Role::Title)),
    );
    lines.push(String::new());
    lines
}

/// A card once answered: the checklist and grade first, so they are on screen without
/// scrolling, then what was typed (under its label), the candidate's own answer, the sample
/// answer and the note, as the reference to judge by.
pub(crate) fn revealed(
    lines: &mut Vec<String>,
    card: Card<'_>,
    key: &CardKey,
    checked: &Checked<'_>,
    (typed_label, typed): (&str, &str),
    screen: Screen<'_>,
) {
    let q = card.question;
    checklist(lines, card, checked.ticked, checked.evidence, screen);
    if let Some(rating) = checked.suggested {
        lines.push(format!(
            "  Suggested grade: {}  (Enter takes it)",
            screen.painter.paint(&rating_label(rating), Role::Key)
        ));
    }
    if !typed.trim().is_empty() {
        let coaching = coach(typed, q.category, checked.limit);
        // Wrapped plain: a wrap would cut through colour codes.
        for line in coaching_lines(&coaching, Painter::PLAIN) {
            lines.extend(wrap(&line, usize::from(screen.width), "  "));
        }
    }
    if !typed.trim().is_empty() {
        section(lines, typed_label, typed, screen);
    }
    if let Some(mine) = screen.own.and_then(|own| own.get(key)) {
        section(lines, "Your own answer", mine, screen);
    }
    section(lines, "Sample answer", &q.answer, screen);
    section(lines, "Why employers ask", &q.why, screen);
}

fn answer_clock(
    session: &Session,
    now: DateTime<Utc>,
    limit: Duration,
    screen: Screen<'_>,
) -> String {
    let p = screen.painter;
    let spent = session.answer_time(now);
    let left = limit - spent;
    let revealed = matches!(
        session.current().map(|c| &c.phase),
        Some(Phase::Revealed { .. })
    );
    let verb = if revealed {
        "answered in"
    } else {
        "answer time"
    };
    if left < Duration::zero() {
        format!(
            "  {} {}  {}",
            verb,
            clock(spent),
            p.paint(&format!("TIME UP · overtime {}", clock(left)), Role::Bad)
        )
    } else if revealed {
        format!("  {verb} {} of {}", clock(spent), clock(limit))
    } else {
        let role = if left <= Duration::seconds(15) {
            Role::Warn
        } else {
            Role::Good
        };
        format!("  {} {}", p.paint("⏱", role), p.paint(&clock(left), role))
    }
}

/// The most of one text a section wraps on each redraw: far more than anyone scrolls through on
/// a screen, and a bound on the work of a redraw (a 20 MB own answer, wrapped whole every second,
/// kept the drill at about 65% of a core after the reveal).
const SECTION_BYTES: usize = 16 * 1024;

pub(crate) fn section(lines: &mut Vec<String>, label: &str, text: &str, screen: Screen<'_>) {
    lines.push(String::new());
    lines.push(screen.painter.paint(label, Role::Label));
    let mut end = text.len().min(SECTION_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    lines.extend(wrap(&text[..end], usize::from(screen.width), "  "));
    if end < text.len() {
        lines.push(screen.painter.paint(
            &format!(
                "  … {} KiB more not shown here; the whole text is kept",
                (text.len() - end).div_ceil(1024)
            ),
            Role::Dim,
        ));
    }
}

/// The box the answer is typed in, under `label`, which names the key that moves on.
pub(crate) fn typing_box(lines: &mut Vec<String>, label: &str, typed: &str, screen: Screen<'_>) {
    let at = screen.cursor.unwrap_or(usize::MAX);
    let width = usize::from(screen.width);
    lines.push(String::new());
    lines.push(screen.painter.paint(label, Role::Label));
    let mut text: String = typed.chars().take(at).collect();
    text.push('▏');
    text.extend(typed.chars().skip(at));
    for paragraph in text.split('\n') {
        let wrapped = wrap(paragraph, width.saturating_sub(2), "│ ");
        if wrapped.is_empty() {
            lines.push("│ ".to_string());
        }
        lines.extend(wrapped);
    }
}

/// The checklist of a revealed card, as the review shows it.
pub(crate) struct Checked<'a> {
    pub ticked: &'a [bool],
    /// The words of the typed answer that made each point it made.
    pub evidence: &'a [Option<String>],
    pub suggested: Option<Rating>,
    pub limit: Duration,
}

pub(crate) fn checklist(
    lines: &mut Vec<String>,
    card: Card<'_>,
    ticked: &[bool],
    evidence: &[Option<String>],
    screen: Screen<'_>,
) {
    let p = screen.painter;
    lines.push(String::new());
    lines.push(p.paint(
        "Key points you covered (press a letter to tick or untick)",
        Role::Label,
    ));
    for (i, point) in card.question.key_points.iter().enumerate() {
        let mark = if ticked.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let letter = point_letter(i).map_or(String::from(" "), String::from);
        let prefix = format!("  {mark} {letter}  ");
        let wrapped = wrap(
            point,
            usize::from(screen.width),
            &" ".repeat(prefix.width()),
        );
        for (n, line) in wrapped.iter().enumerate() {
            if n == 0 {
                let role = if ticked.get(i).copied().unwrap_or(false) {
                    Role::Good
                } else {
                    Role::Dim
                };
                lines.push(format!("{}{}", p.paint(&prefix, role), line.trim_start()));
            } else {
                lines.push(line.clone());
            }
        }
        // The words that made a ticked point, under it; unticking hides them.
        if ticked.get(i).copied().unwrap_or(false)
            && let Some(Some(evidence)) = evidence.get(i)
        {
            let indent = " ".repeat(prefix.width());
            for line in wrap(&quote(evidence), usize::from(screen.width), &indent) {
                lines.push(p.paint(&line, Role::Dim));
            }
        }
    }
}

fn footer(session: &Session, now: DateTime<Utc>, screen: Screen<'_>) -> Vec<String> {
    let keys: Vec<(String, &str)> = if screen.help {
        vec![("?".into(), "close help")]
    } else if session.is_paused() {
        vec![("p".into(), "resume"), ("q".into(), "quit")]
    } else {
        match session.current().map(|c| &c.phase) {
            Some(Phase::Asking { .. }) if screen.typing => vec![
                ("Tab".into(), "reveal"),
                ("Ctrl-T".into(), "hint"),
                ("Ctrl-P".into(), "pause"),
                ("Esc".into(), "end"),
            ],
            Some(Phase::Asking { .. }) => vec![
                ("Space".into(), "reveal"),
                ("h".into(), "hint"),
                ("s".into(), "skip"),
                ("p".into(), "pause"),
                ("u".into(), "undo"),
                ("?".into(), "help"),
                ("q".into(), "end"),
            ],
            Some(Phase::Revealed { .. }) => {
                let suggested = session.suggested_grade(now);
                let mut keys: Vec<(String, &str)> = Rating::ALL
                    .iter()
                    .map(|r| (format!("{}", *r as u8), r.as_str()))
                    .collect();
                keys.extend([
                    ("u".into(), "undo"),
                    ("s".into(), "skip"),
                    ("q".into(), "end"),
                ]);
                return vec![footer_line(&keys, suggested.map(|r| r as u8), screen)];
            }
            None => vec![("q".into(), "quit")],
        }
    };
    vec![footer_line(&keys, None, screen)]
}

pub(crate) fn footer_line(
    keys: &[(String, &str)],
    highlight: Option<u8>,
    screen: Screen<'_>,
) -> String {
    let p = screen.painter;
    let mut line = String::new();
    let mut used = 0;
    for (key, label) in keys {
        let plain = format!("{key} {label}");
        if used + plain.width() + 2 > usize::from(screen.width) {
            break;
        }
        if used > 0 {
            line.push_str("  ");
            used += 2;
        }
        let chosen = highlight.is_some_and(|h| key == &h.to_string());
        let key_role = if chosen { Role::Match } else { Role::Key };
        let _ = write!(
            line,
            "{} {}",
            p.paint(key, key_role),
            p.paint(label, Role::Dim)
        );
        used += plain.width();
    }
    line
}

fn help_lines() -> Vec<String> {
    [
        "",
        "Keys",
        "  Space, Enter   reveal the sample answer",
        "  h              show why employers ask, as a hint",
        "  a, b, c …      tick the key points you covered",
        "  1 2 3 4        grade: again, hard, good, easy (Enter: the suggestion)",
        "  u              undo the last grade",
        "  s              skip: bury the card until tomorrow",
        "  p              pause both clocks",
        "  ↑ ↓ / j k      scroll",
        "  q, Esc         end the session (grades are already saved)",
        "",
        "With --type: type your answer, Tab reveals, Ctrl-T hint, Ctrl-P pause, Esc ends.",
        "  ← → Home End move, Ctrl-W deletes a word, Ctrl-U the line.",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_skip_command_keys() {
        let letters: String = (0..8).filter_map(point_letter).collect();
        assert_eq!(letters, "abcdefgi");
        assert_eq!(point_index('i'), Some(7));
        assert_eq!(point_index('h'), None);
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(Duration::seconds(83)), "01:23");
        assert_eq!(clock(Duration::seconds(-12)), "+00:12");
    }
}
