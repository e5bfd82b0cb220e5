//! JSON output for scripts. Field names are a stable interface: add fields, never rename them.

use serde::Serialize;

use crate::core::bank::{Card, Category};

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
