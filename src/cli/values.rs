//! The value parsers of the command line's flags, over `core::values`, so a bad value is a usage
//! error (exit 2) that says what was wrong and shows a value that works.

use crate::core::values;
use crate::store::config::{ANSWER_SECS, SESSION_MINUTES};

/// The most questions a mock round asks.
const MOCK_QUESTIONS: (u64, u64) = (1, 50);

/// The longest answer time `rate --duration` records: a day.
const LONGEST_ANSWER_SECS: f64 = 86_400.0;

fn within<T: TryFrom<u64>>(
    text: &str,
    range: (u64, u64),
    unit: &str,
    example: u64,
) -> Result<T, String> {
    let n = values::whole(text, range, unit, example)?;
    T::try_from(n).map_err(|_| format!("`{text}` is too large"))
}

fn wide((low, high): (u32, u32)) -> (u64, u64) {
    (low.into(), high.into())
}

/// `--minutes`, `--minutes-per-day`: the settings' session range, `20` or `20m`.
pub fn minutes(text: &str) -> Result<u32, String> {
    within(text, wide(SESSION_MINUTES), "minutes", 20)
}

/// `--answer-time`: the settings' answer range in seconds, `90` or `90s`.
pub fn answer_time(text: &str) -> Result<u32, String> {
    within(text, wide(ANSWER_SECS), "seconds", 90)
}

/// `mock --questions`.
pub fn mock_questions(text: &str) -> Result<usize, String> {
    within(text, MOCK_QUESTIONS, "questions", 5)
}

/// A count that must be 1 or more (`--limit`, `--from-typed`).
pub fn at_least_one(text: &str) -> Result<usize, String> {
    within(text, (1, u64::MAX), "", 3)
}

/// A count that may be 0 (`--new`, `--weakest`).
pub fn count(text: &str) -> Result<usize, String> {
    within(text, (0, u64::MAX), "", 5)
}

/// How long an answer took (`rate --duration 150`, `2m`, `2m30s`), up to a day.
pub fn answer_seconds(text: &str) -> Result<f64, String> {
    values::answer_seconds(text, LONGEST_ANSWER_SECS)
}
