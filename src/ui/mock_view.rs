//! The mock round's screen and report, drawn from the round's state with the drill screen's
//! pieces (frame, sections, checklist, typing box), so both can be snapshot-tested.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Utc};
use unicode_width::UnicodeWidthStr;

use crate::core::bank::Bank;
use crate::core::coaching::coach;
use crate::core::mock::{MockQuestion, MockReport, MockRound, ReportRow, Stage};
use crate::core::mock_history::PastRound;
use crate::core::schedule::Rating;
use crate::core::stats::Now;
use crate::core::words::counted;
use crate::ui::coach_view::{coaching_lines, quote};
use crate::ui::drill_view::{
    Checked, MIN_HEIGHT, MIN_WIDTH, Screen, clock, footer_line, frame, gone, paused,
    question_lines, rating_label, revealed, title_bar, too_small, typing_box,
};
use crate::ui::style::{Painter, Role};
use crate::ui::text::{fit, sanitize};

/// The round's screen as exactly `height` lines.
pub fn render(
    round: &MockRound,
    bank: &Bank,
    now: DateTime<Utc>,
    screen: Screen<'_>,
) -> Vec<String> {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return too_small(screen);
    }
    let body = if screen.help {
        help_lines()
    } else if round.is_paused() {
        paused("Paused. The clock is stopped; press p to resume.", screen)
    } else {
        body(round, bank, now, screen)
    };
    frame(
        header(round, now, screen),
        &body,
        vec![footer(round, screen)],
        screen,
    )
}

fn header(round: &MockRound, now: DateTime<Utc>, screen: Screen<'_>) -> String {
    let total = round.questions().len();
    let right = match round.stage() {
        Stage::Asking(i) => format!(
            "question {} of {total} · {}",
            i + 1,
            clock(round.elapsed(now))
        ),
        Stage::Reviewing(i) => format!("review {} of {}", i + 1, round.reviewed()),
        Stage::Done => "done".to_string(),
    };
    title_bar(&right, screen)
}

fn body(round: &MockRound, bank: &Bank, now: DateTime<Utc>, screen: Screen<'_>) -> Vec<String> {
    let p = screen.painter;
    let Some(q) = round.current() else {
        return vec![String::new(), "The round is over.".to_string()];
    };
    let Some(card) = bank.card(&q.card.key) else {
        return gone(&q.card.key);
    };
    let question = card.question;
    let mut lines = question_lines(
        &format!("{} · {}", question.id, question.category),
        &question.question,
        screen,
    );
    lines.push(answer_clock(
        q,
        round.reading(now),
        matches!(round.stage(), Stage::Reviewing(_)),
        p,
    ));
    match round.stage() {
        Stage::Asking(_) => {
            if screen.typing {
                typing_box(
                    &mut lines,
                    "Your answer (Tab: next question; answers show after the round)",
                    &q.typed,
                    screen,
                );
            }
            lines.push(String::new());
            lines.push(p.paint("No answers are shown until the round ends.", Role::Dim));
        }
        Stage::Reviewing(_) => revealed(
            &mut lines,
            card,
            &q.card.key,
            &Checked {
                ticked: &q.ticked,
                evidence: &q.evidence,
                suggested: q.suggested_grade(),
                limit: q.card.answer_limit,
            },
            ("What you typed", &q.typed),
            screen,
        ),
        Stage::Done => {}
    }
    lines
}

fn answer_clock(q: &MockQuestion, reading: DateTime<Utc>, done: bool, p: Painter) -> String {
    let spent = q.answer_time(reading);
    let left = q.card.answer_limit - spent;
    let verb = if done { "answered in" } else { "answer time" };
    if left < Duration::zero() {
        format!(
            "  {verb} {} {}",
            clock(spent),
            p.paint(&format!("TIME UP · overtime {}", clock(left)), Role::Bad)
        )
    } else if done {
        format!(
            "  {verb} {} of {}",
            clock(spent),
            clock(q.card.answer_limit)
        )
    } else {
        let role = if left <= Duration::seconds(15) {
            Role::Warn
        } else {
            Role::Good
        };
        format!("  {} {}", p.paint("⏱", role), p.paint(&clock(left), role))
    }
}

fn footer(round: &MockRound, screen: Screen<'_>) -> String {
    let keys: Vec<(String, &str)> = if screen.help {
        vec![("?".into(), "close help")]
    } else if round.is_paused() {
        vec![("p".into(), "resume"), ("q".into(), "quit")]
    } else {
        match round.stage() {
            Stage::Asking(_) if screen.typing => vec![
                ("Tab".into(), "next question"),
                ("Ctrl-P".into(), "pause"),
                ("Esc".into(), "end"),
            ],
            Stage::Asking(_) => vec![
                ("Space".into(), "next question"),
                ("p".into(), "pause"),
                ("?".into(), "help"),
                ("q".into(), "end"),
            ],
            Stage::Reviewing(_) => {
                let suggested = round.current().and_then(MockQuestion::suggested_grade);
                let mut keys: Vec<(String, &str)> = Rating::ALL
                    .iter()
                    .map(|r| (format!("{}", *r as u8), r.as_str()))
                    .collect();
                keys.push(("q".into(), "end"));
                return footer_line(&keys, suggested.map(|r| r as u8), screen);
            }
            Stage::Done => vec![("q".into(), "quit")],
        }
    };
    footer_line(&keys, None, screen)
}

fn help_lines() -> Vec<String> {
    [
        "",
        "A mock round: every question first, answers only at the end.",
        "",
        "While asked",
        "  Space, Enter   next question (with --type: Tab, or Enter on an empty line)",
        "  p              pause the clock",
        "In the review",
        "  a, b, c …      tick the key points you covered",
        "  1 2 3 4        grade: again, hard, good, easy (Enter: the suggestion)",
        "Any time",
        "  ↑ ↓ / j k      scroll",
        "  q, Esc         end the round (grades given are saved)",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect()
}

/// Past mock rounds for `stats`: the last few, newest first, with date, questions, average grade
/// and overtime share. Nothing when there are none.
pub fn render_history(rounds: &[PastRound], now: Now, painter: Painter) -> String {
    const SHOWN: usize = 5;
    let mut out = String::new();
    if rounds.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n{} {}",
        painter.paint("Mock rounds:", Role::Label),
        rounds.len()
    );
    for round in rounds.iter().rev().take(SHOWN) {
        let day = now.zone.local(round.at).format("%a %-d %b %Y %H:%M");
        let size = if round.graded < round.questions {
            format!(
                "{}, {} graded",
                counted(round.questions, "question"),
                round.graded
            )
        } else {
            counted(round.questions, "question")
        };
        let _ = writeln!(
            out,
            "  {day}  {size:<12}  average grade {:.1}  {:.0}% over time",
            round.average_grade,
            round.overtime_share * 100.0
        );
    }
    if rounds.len() > SHOWN {
        let _ = writeln!(out, "  … and {} earlier", rounds.len() - SHOWN);
    }
    out
}

/// The report at the end of a round: each question's time against its target, the key points
/// hit and the grade; under a typed answer its checklist with the evidence, its length and (for a
/// behavioural question) the STAR check; then one overall line. The checklists wrap to `width` on
/// a terminal.
pub fn render_report(
    report: &MockReport,
    bank: &Bank,
    painter: Painter,
    width: Option<usize>,
) -> String {
    let p = painter;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} of {} answered, {} graded{}",
        p.paint("Mock round:", Role::Label),
        report.rows.len(),
        counted(report.asked, "question"),
        report.graded(),
        if report.quit { " (ended early)" } else { "" }
    );
    let id_width = report
        .rows
        .iter()
        .map(|r| sanitize(r.key.id()).width())
        .max()
        .unwrap_or(0);
    for row in &report.rows {
        let id = sanitize(row.key.id());
        let pad = " ".repeat(id_width.saturating_sub(id.width()));
        let time = format!("{} / {}", clock(row.answer_time), clock(row.answer_limit));
        let time = if row.overtime() {
            p.paint(&format!("{time} over"), Role::Bad)
        } else {
            format!("{time}     ")
        };
        let points = if row.points == 0 {
            "no key points".to_string()
        } else {
            format!("{}/{} key points", row.points_hit, row.points)
        };
        let points = format!("{points:<15}");
        let grade = row
            .rating
            .map_or_else(|| "not graded".to_string(), rating_label);
        let _ = writeln!(
            out,
            "  {}{pad}  {time}  {points}  {grade}",
            p.paint(&id, Role::Id)
        );
        // A typed answer gets its checklist with the evidence, and the coach's lines.
        if !row.typed.trim().is_empty() {
            write_checklist(&mut out, row, bank, p, width);
        }
    }
    let mut overall = Vec::new();
    if let Some(average) = report.average_grade() {
        overall.push(format!("average grade {average:.1}"));
    }
    if let Some(share) = report.points_share() {
        overall.push(format!("{:.0}% of key points hit", share * 100.0));
    }
    if !report.rows.is_empty() {
        overall.push(format!(
            "{} of {} over time",
            report.overtime(),
            report.rows.len()
        ));
    }
    if overall.is_empty() {
        overall.push("nothing was answered".to_string());
    }
    let _ = writeln!(
        out,
        "  {}: {}",
        p.paint("Overall", Role::Label),
        overall.join(" · ")
    );
    out
}

/// Under a typed answer: its checklist with the evidence, then the coach's lines.
fn write_checklist(
    out: &mut String,
    row: &ReportRow,
    bank: &Bank,
    p: Painter,
    width: Option<usize>,
) {
    let mut put = |line: &str, indent: &str| {
        for line in fit(line, width, indent) {
            let _ = writeln!(out, "{line}");
        }
    };
    for point in &row.checklist {
        let mark = if point.ticked { "[x]" } else { "[ ]" };
        let tail = match &point.evidence {
            Some(evidence) => quote(evidence),
            None if point.ticked => "ticked by you".to_string(),
            None => "missed".to_string(),
        };
        put(
            &format!(
                "      {mark} {} {}",
                sanitize(&point.text),
                p.paint(&format!("— {tail}"), Role::Dim)
            ),
            "          ",
        );
    }
    if let Some(card) = bank.card(&row.key) {
        let coaching = coach(&row.typed, card.question.category, row.answer_limit);
        for line in coaching_lines(&coaching, p) {
            put(&format!("      {line}"), "        ");
        }
    }
}
