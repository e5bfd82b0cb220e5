//! `next`: the question the drill asks next, why, and why the weakest one waits.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::core::bank::Card;
use crate::core::deadline::READY;
use crate::core::queue::{Next, Reason};
use crate::core::schedule::CardState;
use crate::core::stats::Now;
use crate::core::waiting::{Wait, Waiting};
use crate::core::words::{self, percent};
use crate::ui::lookup::Layout;
use crate::ui::style::Role;
use crate::ui::text::sanitize;

use super::{short_gain, shows_ready};

/// `prepdrill next`: the card and why, or why there is none; then, before an interview, the
/// weakest question when it is not the one asked, and why it waits (`weakest`).
pub fn next(
    pick: Option<(Card<'_>, Reason, Option<&CardState>)>,
    next: &Next,
    next_due: Option<DateTime<Utc>>,
    weakest: Option<&Waiting<'_>>,
    now: Now,
    layout: Layout,
) -> String {
    let mut out = next_pick(pick, next, next_due, now, layout);
    if let Some(waiting) = weakest {
        let _ = writeln!(
            out,
            "{} {}",
            layout.painter.paint("weakest:", Role::Dim),
            waits(waiting, now)
        );
    }
    out
}

/// Why the weakest question is not the one asked: "charlie (59% on the day) waits: a review now
/// would add under 1% of a question to its recall on the day".
fn waits(waiting: &Waiting<'_>, now: Now) -> String {
    let why = match waiting.why {
        Wait::Skipped => "you skipped it until tomorrow".to_string(),
        Wait::AnsweredToday { due } if due < now.end_of(now.today()) => format!(
            "answered today; the drill asks it again once its step is due {}",
            words::due(due, now)
        ),
        Wait::AnsweredToday { .. } => "answered today; not asked again today".to_string(),
        Wait::Later { place, gain } => format!(
            "the drill asks it later today (number {place} in today's order): its review {}, less per minute of answering than this one's",
            short_gain(gain)
        ),
        Wait::NotWorth => {
            "a review now would add under 1% of a question to its recall on the day".to_string()
        }
    };
    format!(
        "{} ({} on the day) waits: {why}",
        sanitize(&waiting.card.question.id),
        percent(waiting.recall)
    )
}

/// The card `next` names and why, or why there is none.
fn next_pick(
    pick: Option<(Card<'_>, Reason, Option<&CardState>)>,
    next: &Next,
    next_due: Option<DateTime<Utc>>,
    now: Now,
    layout: Layout,
) -> String {
    let p = layout.painter;
    let Some((card, reason, state)) = pick else {
        let mut text = if matches!(next, Next::Ready) {
            "Nothing now: you are as ready as practice today can make you.".to_string()
        } else {
            "Nothing is due now.".to_string()
        };
        if let Some(due) = next_due {
            let _ = write!(text, " The next card is due {}.", words::due(due, now));
        }
        text.push('\n');
        return text;
    };
    let why = match reason {
        Reason::Gain { gain, per_minute } if shows_ready(gain) => format!(
            "adds {:.2} to the expected recall on the interview day and {:.2} to the chance that it is ready then ({} or more; {per_minute:.3} a minute of answering)",
            gain.recall,
            gain.ready,
            percent(READY)
        ),
        Reason::Gain { gain, per_minute } => format!(
            "adds {:.2} to the expected recall on the interview day ({per_minute:.3} a minute of answering)",
            gain.recall
        ),
        Reason::Returning { due } => format!("its learning step is due {}", words::due(due, now)),
        Reason::Planned => match state {
            Some(s) => format!("due {} ({})", words::due(s.due, now), s.state.as_str()),
            None => "a new question".to_string(),
        },
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        p.paint(&sanitize(&card.question.id), Role::Id),
        sanitize(&card.question.question)
    );
    let _ = writeln!(out, "{} {why}", p.paint("why:", Role::Dim));
    out
}
