//! Small wording helpers: plurals, lists, percentages, durations and relative days.

use chrono::{DateTime, Utc};

use crate::core::stats::Now;

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub(super) fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub(super) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// `45s`, `2m`, `1m30s`. The terminal has the same helper; export keeps its own so that it
/// depends on the core alone.
pub(super) fn format_secs(secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s:02}s"),
    }
}

/// `today`, `tomorrow`, `in 5 days`, `yesterday`, `6 days ago`.
pub(super) fn days_from_now(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// `2026-11-20 (6 days ago)`, in the caller's zone.
pub(super) fn day_and_distance(at: DateTime<Utc>, now: Now) -> String {
    let day = now.day_of(at);
    format!(
        "{} ({})",
        day.format("%Y-%m-%d"),
        days_from_now((day - now.today()).num_days())
    )
}
