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
    pub key_points: &'a [String],
    /// The effective answer time: the question's own, else its deck's.
    pub answer_time_secs: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<serde_json::Value>,
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
            key_points: &q.key_points,
            answer_time_secs: card.answer_time_secs(),
            progress: None,
        }
    }
}

/// Pretty JSON with a trailing newline.
pub fn to_string<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    text.push('\n');
    text
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

/// RFC 3339 in UTC, to the second.
pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
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
