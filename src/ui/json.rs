//! JSON output for scripts. Field names are a stable interface: add fields, never rename them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::core::bank::{Card, Category};
use crate::core::deadline::READY;
use crate::core::forecast::{GOAL, Outlook, Reach};
use crate::core::queue::{Next, Reason};
use crate::core::schedule::CardState;
use crate::core::stats::Now;

/// One question, as `show`, `list` and `search` print it.
#[derive(Debug, Serialize)]
pub struct QuestionJson<'a> {
    pub id: &'a str,
    pub deck: &'a str,
    pub question: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<&'a str>,
    pub tags: &'a [String],
    pub category: Category,
    pub key_points: Vec<&'a str>,
    /// The effective answer time: the question's own, else its deck's.
    pub answer_time_secs: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<serde_json::Value>,
    /// The candidate's own answer (`prepdrill my-answer`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_answer: Option<&'a str>,
}

impl<'a> QuestionJson<'a> {
    pub fn new(card: Card<'a>, with_answer: bool) -> Self {
        let q = card.question;
        QuestionJson {
            id: &q.id,
            deck: &card.deck.deck,
            question: &q.question,
            why: with_answer.then_some(q.why.as_str()),
            answer: with_answer.then_some(q.answer.as_str()),
            tags: &q.tags,
            category: q.category,
            key_points: q.key_points.iter().map(|p| p.text.as_str()).collect(),
            answer_time_secs: card.answer_time_secs(),
            progress: None,
            my_answer: None,
        }
    }
}

/// Pretty JSON with a trailing newline. Every control and invisible character in a string
/// (C0, DEL, C1, bidi, zero-width, tags) is written as a `\uXXXX` escape: still valid, lossless
/// JSON, but inert when the output lands on a terminal.
pub fn to_string<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    let mut out = escape_invisible(&text);
    out.push('\n');
    out
}

/// Escapes what serde_json leaves raw. Outside strings JSON is ASCII without controls, so every
/// such character is inside a string, where `\uXXXX` (a surrogate pair above U+FFFF) means it.
fn escape_invisible(json: &str) -> String {
    use std::fmt::Write as _;
    if !json
        .chars()
        .any(|c| c == '\x7f' || crate::ui::text::is_invisible(c))
    {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c == '\x7f' || crate::ui::text::is_invisible(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A card's memory and schedule, as `show --json` and `list --json` print it.
#[derive(Debug, Serialize)]
pub struct ProgressJson {
    pub state: &'static str,
    pub step: Option<usize>,
    pub stability: Option<f64>,
    pub difficulty: Option<f64>,
    pub due: Option<String>,
    pub last_review: Option<String>,
    pub retrievability: f64,
    pub reviews: u32,
    pub lapses: u32,
}

impl ProgressJson {
    pub fn new(state: &crate::core::schedule::CardState, retrievability: f64) -> Self {
        let reviewed = state.last_review.is_some();
        ProgressJson {
            state: state.state.as_str(),
            step: state.step,
            stability: state.memory.map(|m| m.stability),
            difficulty: state.memory.map(|m| m.difficulty),
            due: reviewed.then(|| rfc3339(state.due)),
            last_review: state.last_review.map(rfc3339),
            retrievability,
            reviews: state.reviews,
            lapses: state.lapses,
        }
    }
}

/// RFC 3339 in UTC, to the second. RFC 3339 has four-digit years, so an instant past 9999 (a
/// due date pushed there by a long interval) is written as the last second of 9999.
pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    if at.year() > 9999 {
        return "9999-12-31T23:59:59Z".to_string();
    }
    if at.year() < 0 {
        return "0000-01-01T00:00:00Z".to_string();
    }
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `prepdrill plan --json`.
pub fn outlook(outlook: &Outlook, now: Now) -> serde_json::Value {
    let (reach, minutes) = match outlook.reach {
        Some(Reach::Already) => ("already", None),
        Some(Reach::Minutes(m)) => ("minutes", Some(m)),
        Some(Reach::OutOfReach) => ("out_of_reach", None),
        None => ("not_searched", None),
    };
    let p = &outlook.practice;
    serde_json::json!({
        "interview": {
            "date": outlook.interview.day.to_string(),
            "at": rfc3339(outlook.interview.at),
            "days_left": now.days_until(outlook.interview.day),
        },
        "questions": outlook.questions,
        "ready_threshold": READY,
        "ready_if_stopped": outlook.ready_if_stopped,
        "practice": {
            "minutes_per_day": p.minutes_per_day,
            "sessions": p.sessions,
            "mean_ready": p.mean,
            "low": p.low,
            "high": p.high,
            "runs": p.runs,
        },
        "goal_share": GOAL,
        "goal": reach,
        "minutes_per_day_for_goal": minutes,
    })
}

/// `prepdrill next --json`: the card and why, or `null` and why not.
pub fn next(
    pick: Option<(Card<'_>, Reason, Option<&CardState>)>,
    next: &Next,
    next_due: Option<DateTime<Utc>>,
) -> serde_json::Value {
    let Some((card, reason, state)) = pick else {
        return serde_json::json!({
            "id": null,
            "reason": if matches!(next, Next::Ready) { "ready" } else { "nothing_due" },
            "next_due": next_due.map(rfc3339),
        });
    };
    let mut value = serde_json::json!({
        "id": card.question.id,
        "deck": card.deck.deck,
        "question": card.question.question,
        "state": state.map_or("new", |s| s.state.as_str()),
    });
    let why = match reason {
        Reason::Gain { gain, per_minute } => serde_json::json!({
            "reason": "gain", "gain": gain, "gain_per_minute": per_minute,
        }),
        Reason::Returning { due } => serde_json::json!({"reason": "step", "due": rfc3339(due)}),
        Reason::Planned => match state {
            Some(s) => serde_json::json!({"reason": "due", "due": rfc3339(s.due)}),
            None => serde_json::json!({"reason": "new"}),
        },
    };
    if let (Some(map), serde_json::Value::Object(why)) = (value.as_object_mut(), why) {
        map.extend(why);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_are_escaped_and_round_trip() {
        let hostile = "a\x1b]52;c;cHdu\x07\x7f\u{85}\u{9b}31m\u{202e}\u{200b}\u{2028}\u{e0041}b";
        let json = to_string(&hostile);
        assert!(json.is_ascii(), "{json}");
        assert!(
            json.contains("\\u007f") && json.contains("\\udb40\\udc41"),
            "{json}"
        );
        let back: String = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back, hostile);
        assert_eq!(to_string(&"café"), "\"café\"\n");
    }

    #[test]
    fn times_are_always_rfc3339() {
        let far = chrono::DateTime::<chrono::Utc>::MAX_UTC;
        assert_eq!(rfc3339(far), "9999-12-31T23:59:59Z");
        assert!(chrono::DateTime::parse_from_rfc3339(&rfc3339(far)).is_ok());
    }
}
