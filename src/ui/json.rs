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
