//! The outlook toward the interview: `plan`'s sessions and the readiness line.

use std::fmt::Write as _;

use crate::core::deadline::{Interview, READY};
use crate::core::forecast::{GOAL, Outlook, Reach};
use crate::core::stats::Now;
use crate::core::words::{self, counted, percent};
use crate::ui::lookup::Layout;
use crate::ui::style::Role;

/// `prepdrill plan`: ready if you stop now, with daily practice, and the minutes the goal needs.
pub fn outlook(outlook: &Outlook, now: Now, layout: Layout, run: &str) -> String {
    let p = layout.painter;
    let at = now.zone.local(outlook.interview.at);
    let total = outlook.questions;
    let practice = &outlook.practice;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({})",
        p.paint("Interview", Role::Label),
        at.format("%a %-d %b %Y at %H:%M"),
        words::interview_day(outlook.interview, now)
    );
    let _ = writeln!(
        out,
        "Questions ready on the day (predicted recall of {} or more when it starts):",
        percent(READY)
    );
    let goal = (GOAL * total as f64).ceil();
    let mut rows = vec![
        (
            "if you stop now".to_string(),
            format!("{} of {total}", outlook.ready_if_stopped),
        ),
        (
            format!("with {} min a day", practice.minutes_per_day),
            format!(
                "{:.1} of {total} on average; {}–{} in 8 runs of 10 ({} each, {} runs)",
                practice.mean,
                practice.low,
                practice.high,
                counted(practice.sessions, "session"),
                practice.runs
            ),
        ),
    ];
    if let Some(reach) = outlook.reach {
        let how = match reach {
            Reach::Already => "you are there already".to_string(),
            Reach::Minutes(m) => format!("about {m} min a day"),
            Reach::OutOfReach => format!(
                "out of reach by then, even at 6 hours a day: drill the weakest first (`{run} stats`)"
            ),
        };
        rows.push((format!("for {} ({goal:.0} of {total})", percent(GOAL)), how));
    }
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let _ = writeln!(out, "  {label:<width$}   {value}");
    }
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            "The forecast plays one session a day at this time of day, planned as the drill plans it.",
            Role::Dim
        )
    );
    out
}

/// The one-line forecast in `stats` and the drill's summary; `run` is `prepdrill` with the
/// options in force.
pub fn readiness_line(outlook: &Outlook, run: &str) -> String {
    format!(
        "Ready if you stop now: {} of {}; about {:.0} of {} with {} min a day (`{run} plan`).",
        outlook.ready_if_stopped,
        outlook.questions,
        outlook.practice.mean,
        outlook.questions,
        outlook.practice.minutes_per_day
    )
}

/// Once the interview has passed: says so, that the drill is back to the regular schedule, and
/// how to set the next one (`set` is the command, with the options in force).
pub fn interview_passed(interview: Interview, now: Now, set: &str) -> String {
    format!(
        "Your interview on {} has passed: the drill is back to the regular schedule. Set the next one with `{set}`.",
        now.zone.local(interview.at).format("%a %-d %b %Y at %H:%M")
    )
}
