//! What the drill says back: the line confirming each grade, and the end-of-session summary
//! that stays in the scrollback.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Utc};
use unicode_width::UnicodeWidthStr;

use crate::core::deadline::Interview;
use crate::core::schedule::Rating;
use crate::core::session::EndReason;
use crate::core::stats::Now;
use crate::core::words::{self, counted};
use crate::ui::drill_view::{clock, rating_label};
use crate::ui::style::{Painter, Role};
use crate::ui::text::sanitize;

/// The line confirming a grade: "good · next in 2 days (…)", "again · back in 10 minutes".
/// Before the card's interview (`interview`, the one its deck plans toward) the drill, not the
/// schedule, picks the day a card answered for today comes back, and the line says so
/// ([`words::before_interview`]).
pub fn grade_feedback(
    rating: Rating,
    due: DateTime<Utc>,
    now: Now,
    cram: bool,
    interview: Option<Interview>,
) -> String {
    if cram {
        return format!("{} · schedule unchanged (cram)", rating.as_str());
    }
    if let Some(words) = words::before_interview(due, now.at, now, interview) {
        return format!("{} · {words}", rating.as_str());
    }
    let verb = if due - now.at < Duration::days(1) {
        "back"
    } else {
        "next"
    };
    format!("{} · {verb} {}", rating.as_str(), words::due(due, now))
}

/// The end-of-session summary, printed after the full screen is gone so it stays in scrollback.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub cards: usize,
    pub again: usize,
    pub skipped: usize,
    pub average_answer: Option<Duration>,
    pub average_target: Option<Duration>,
    pub overtime: usize,
    pub cram: bool,
    /// The next card due after the session, with its id.
    pub next_due: Option<(String, String)>,
    /// Before an interview the drill, not the schedule, picks what comes next: the line on
    /// today says it, and no card is named as next due.
    pub toward_interview: bool,
    pub streak_days: u32,
    pub ended_by: Ending,
    /// Every card graded, in the order asked.
    pub rows: Vec<SummaryRow>,
    /// What is left of today, from the planner the drill uses ("Today: about 12 min left …").
    pub today: String,
    /// `prepdrill` with the options in force, for the advice lines.
    pub run: String,
}

/// How a session ended, as its summary says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The session's own end: time ran out, the queue was answered, readiness, or a quit.
    Ended(EndReason),
    /// Ctrl-C, a signal or a hang-up.
    Interrupted,
}

impl Ending {
    /// The words after "Session over:".
    fn words(self) -> &'static str {
        match self {
            Ending::Ended(EndReason::TimeUp) => "the session time ran out",
            Ending::Ended(EndReason::QueueDone) => "every card in the queue was answered",
            Ending::Ended(EndReason::Ready) => "you are as ready as practice today can make you",
            Ending::Ended(EndReason::Quit) => "you ended it",
            Ending::Ended(EndReason::ComeBack { .. }) => {
                "each card answered; learning steps come back later"
            }
            Ending::Interrupted => "interrupted",
        }
    }
}

/// One graded card in the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub id: String,
    pub rating: Rating,
    pub answer_time: Duration,
    pub answer_limit: Duration,
    /// When it is next due, as people say it; `None` in cram.
    pub next: Option<String>,
    /// Before the card's interview, when the drill (not the schedule) picks the day it comes
    /// back: `next` is then the schedule's guide, as the grade's confirmation said.
    pub guide: bool,
}

pub fn render_summary(summary: &Summary, painter: Painter) -> String {
    let p = painter;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        p.paint("Session over:", Role::Label),
        summary.ended_by.words()
    );
    let _ = writeln!(
        out,
        "  {} answered · {} again · {} skipped{}",
        counted(summary.cards, "card"),
        summary.again,
        summary.skipped,
        if summary.cram {
            " · cram: schedule unchanged"
        } else {
            ""
        }
    );
    if let (Some(average), Some(target)) = (summary.average_answer, summary.average_target) {
        let _ = writeln!(
            out,
            "  average answer time {} against a target of {} · {} over time",
            clock(average),
            clock(target),
            summary.overtime
        );
    }
    let id_width = summary
        .rows
        .iter()
        .map(|r| sanitize(&r.id).width())
        .max()
        .unwrap_or(0);
    for row in &summary.rows {
        let id = sanitize(&row.id);
        let pad = " ".repeat(id_width.saturating_sub(id.width()));
        let over = if row.answer_time > row.answer_limit {
            p.paint(" over", Role::Bad)
        } else {
            "     ".to_string()
        };
        let _ = writeln!(
            out,
            "    {}{pad}  {:<7}  {} / {}{over}  {}",
            p.paint(&id, Role::Id),
            rating_label(row.rating),
            clock(row.answer_time),
            clock(row.answer_limit),
            match (&row.next, row.guide) {
                (None, _) => "schedule unchanged".to_string(),
                (Some(n), false) => format!("due {n}"),
                (Some(n), true) => format!("schedule: {n}"),
            }
        );
    }
    if summary.rows.iter().any(|r| r.guide && r.next.is_some()) {
        let _ = writeln!(
            out,
            "  `schedule:` is a guide: until your interview the drill decides when"
        );
    }
    match &summary.next_due {
        _ if summary.toward_interview => {}
        Some((id, when)) => {
            let _ = writeln!(
                out,
                "  next due: {} {when}",
                p.paint(&sanitize(id), Role::Id)
            );
        }
        None => {
            let _ = writeln!(out, "  nothing scheduled yet");
        }
    }
    let _ = writeln!(out, "  streak: {}", counted(summary.streak_days, "day"));
    if !summary.today.is_empty() {
        let _ = writeln!(out, "  {}", summary.today);
    }
    if summary.again > 0 && !summary.cram {
        let _ = writeln!(
            out,
            "  to drill this session's misses again: {}",
            p.paint(&format!("{} drill --misses", summary.run), Role::Key)
        );
    }
    out
}
