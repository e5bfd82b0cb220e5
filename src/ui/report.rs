//! Text reports over progress: what is due, stats, and typed answers.

mod next;
mod outlook;
mod stats;

use std::fmt::Write as _;

use crate::core::bank::{Bank, Card};
use crate::core::deadline::Gain;
use crate::core::progress::Review;
use crate::core::queue::Reason;
use crate::core::schedule::CardState;
use crate::core::stats::{CardStanding, Now};
use crate::core::today::Today;
use crate::core::words::{self, counted, format_secs, percent};
use crate::ui::lookup::Layout;
use crate::ui::style::Role;
use crate::ui::table::{Column, Table};

pub use next::next;
pub use outlook::{interview_passed, outlook, readiness_line};
pub use stats::stats;

/// What is left of today in one line, the same in the drill's summary, `stats`, `plan` and
/// `next`: "Today: about 12 min left (8 questions): `prepdrill` takes them.", "Done for now: 2
/// questions come back from 19:42: run `prepdrill` then.", "Done for today: next session
/// tomorrow."
/// `run` is `prepdrill` with the options in force.
pub fn today_line(today: &Today, now: Now, run: &str) -> String {
    if !today.questions.is_empty() {
        // More than one drill holds: say how much of it the next one takes.
        let takes = if today.session_minutes > 0 && today.minutes > today.session_minutes {
            format!("takes the first {} min", today.session_minutes)
        } else {
            "takes them".to_string()
        };
        return format!(
            "Today: about {} min left ({}): `{run}` {takes}.",
            today.minutes.max(1),
            counted(today.questions.len(), "question")
        );
    }
    if let Some((count, at)) = today.back_later {
        return format!(
            "Done for now: {}: run `{run}` then.",
            words::coming_back(count, at, now, "")
        );
    }
    if let Some(interview) = today.interview {
        return match now.days_until(interview.day) {
            0 | 1 => format!(
                "Done for today: your interview is {}.",
                words::interview_day(interview, now)
            ),
            _ => "Done for today: next session tomorrow.".to_string(),
        };
    }
    match today.next_due {
        Some(due) => format!(
            "Done for today: next session {}.",
            words::day_distance(now.day_of(due), now)
        ),
        None => "Done for today.".to_string(),
    }
}

/// The first line when no question practised before is due, true beside [`today_line`]: new
/// questions still wait today ("Nothing you have studied is due now; 4 new questions wait for
/// today."), steps come back later today ("Nothing is due now."), or nothing is left
/// ("Nothing is due."). Without `today` (a day other than today) it is "Nothing is due.".
pub fn nothing_due(today: Option<&Today>) -> String {
    match today {
        Some(today) if today.new > 0 => format!(
            "Nothing you have studied is due now; {} wait for today.",
            counted(today.new, "new question")
        ),
        Some(today) if today.back_later.is_some() => "Nothing is due now.".to_string(),
        _ => "Nothing is due.".to_string(),
    }
}

/// A card's progress in one line: state, last practised, next due, recall and reviews. Before
/// the card's interview (`interview`) the schedule's day is named as a guide, as the grade's
/// confirmation named it ([`words::before_interview`]).
pub fn standing(
    state: &CardState,
    recall: f64,
    now: Now,
    interview: Option<crate::core::deadline::Interview>,
) -> String {
    let Some(last) = state.last_review else {
        return "new · not practised yet".to_string();
    };
    let reviews = counted(i64::from(state.reviews), "review");
    let lapses = match state.lapses {
        0 => String::new(),
        n => format!(", {}", counted(i64::from(n), "lapse")),
    };
    let next = words::before_interview(state.due, last, now, interview)
        .unwrap_or_else(|| format!("next due {}", words::due(state.due, now)));
    format!(
        "{} · last practised {} · {next} · recall {} · {reviews}{lapses}",
        state.state.as_str(),
        words::when(last, now),
        percent(recall)
    )
}

/// What is due: a table of id, state, recall, due time and question, most urgent first.
/// `recall_label` says which recall the column shows: now, or on the interview day. `today` is
/// what is left of today when the table is of what is due now, for the line when none is.
pub fn due(
    due: &[CardStanding<'_>],
    new_cards: usize,
    today: Option<&Today>,
    now: Now,
    recall_label: &str,
    layout: Layout,
) -> String {
    let mut out = String::new();
    if due.is_empty() {
        let _ = writeln!(out, "{}", nothing_due(today));
    } else {
        let mut table = Table::new(vec![
            Column::left("ID").painted(Role::Id),
            Column::left("STATE").painted(Role::Dim),
            Column::right(recall_label.to_uppercase()),
            Column::left("DUE").painted(Role::Dim),
            Column::left("QUESTION"),
        ]);
        for standing in due {
            table.row(vec![
                standing.card.question.id.clone(),
                standing.state.state.as_str().to_string(),
                percent(standing.priority_recall()),
                words::due(standing.state.due, now),
                standing.card.question.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }
    if new_cards > 0 {
        let _ = writeln!(
            out,
            "\n{} not yet practised.",
            counted(new_cards, "new question")
        );
    }
    out
}

/// `due` before an interview: what the drill would ask today, in its order, then the cards due
/// by the schedule that it would not ask, and why.
pub fn due_toward(
    today: &Today,
    bank: &Bank,
    due: &[CardStanding<'_>],
    now: Now,
    recall_label: &str,
    layout: Layout,
    run: &str,
) -> String {
    let p = layout.painter;
    let mut out = String::new();
    if today.questions.is_empty() {
        // Learning steps coming back later today are not "nothing today": the Today line
        // below says when.
        let when = if today.back_later.is_some() {
            "now"
        } else {
            "today"
        };
        let _ = writeln!(out, "Nothing to ask {when}.");
    } else {
        let _ = writeln!(
            out,
            "{}",
            p.paint(
                "What the drill asks today, in its order (each review is picked for what it adds on the interview day):",
                Role::Label
            )
        );
        let mut table = Table::new(vec![
            Column::right("#"),
            Column::left("ID").painted(Role::Id),
            Column::left("WHY").painted(Role::Dim),
            Column::left("QUESTION"),
        ]);
        for (n, (key, reason)) in today.questions.iter().enumerate() {
            let Some(card) = bank.card(key) else {
                continue;
            };
            let why = match reason {
                Reason::Gain { gain, .. } if due.iter().any(|s| &s.card.key() == key) => {
                    format!("due · {}", short_gain(*gain))
                }
                Reason::Gain { gain, .. } => short_gain(*gain),
                Reason::Returning { .. } => "learning step".to_string(),
                Reason::Planned => "due".to_string(),
            };
            table.row(vec![
                (n + 1).to_string(),
                card.question.id.clone(),
                why,
                card.question.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }
    let _ = writeln!(out, "{}", today_line(today, now, run));
    let not_asked: Vec<&CardStanding<'_>> =
        due.iter().filter(|s| !today.asks(&s.card.key())).collect();
    if !not_asked.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(
                &format!(
                    "Due by the schedule but not worth asking yet (a review now would add under 1% of a question to its {recall_label}; the drill asks it once a review adds more):"
                ),
                Role::Label
            )
        );
        let mut table = Table::new(vec![
            Column::left("ID").painted(Role::Id),
            Column::right(recall_label.to_uppercase()),
            Column::left("QUESTION"),
        ]);
        for standing in not_asked {
            table.row(vec![
                standing.card.question.id.clone(),
                percent(standing.priority_recall()),
                standing.card.question.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }
    out
}

pub fn answers(card: Card<'_>, typed: &[&Review], now: Now, layout: Layout) -> String {
    let p = layout.painter;
    let mut out = String::new();
    for line in layout.wrap(&card.question.question, "") {
        let _ = writeln!(out, "{}", p.paint(&line, Role::Title));
    }
    for review in typed {
        let local = now.zone.local(review.at);
        let _ = writeln!(
            out,
            "\n{}  {} · {}",
            p.paint(&local.format("%Y-%m-%d %H:%M").to_string(), Role::Label),
            review.rating.as_str(),
            format_secs((review.duration_ms / 1000) as u32)
        );
        for line in layout.wrap(review.typed_answer.as_deref().unwrap_or_default(), "  ") {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// Whether a pick's chance of being ready on the day is worth naming (in the last days).
fn shows_ready(gain: Gain) -> bool {
    gain.ready.abs() >= 0.005
}

/// A pick's gain in a table cell: "adds 0.12 recall on the day", and in the last days also
/// "0.40 chance ready".
fn short_gain(gain: Gain) -> String {
    if shows_ready(gain) {
        format!(
            "adds {:.2} recall, {:.2} chance ready on the day",
            gain.recall, gain.ready
        )
    } else {
        format!("adds {:.2} recall on the day", gain.recall)
    }
}
