//! What a search reads: a question's text, field by field, each field of a kind that decides its
//! rank and label.

use std::borrow::Cow;

use crate::core::bank::Card;

/// Which part of a question a piece of text is; decides ranking and the label a hit shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldKind {
    Id,
    Question,
    Tags,
    Why,
    Answer,
    KeyPoint,
    /// The candidate's own answer, where one is kept.
    MyAnswer,
}

impl FieldKind {
    /// Hits in the id or the question rank first.
    pub fn is_primary(self) -> bool {
        matches!(self, FieldKind::Id | FieldKind::Question)
    }

    /// The label search output puts before a matching field.
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Id => "id",
            FieldKind::Question => "question",
            FieldKind::Tags => "tags",
            FieldKind::Why => "why",
            FieldKind::Answer => "answer",
            FieldKind::KeyPoint => "point",
            FieldKind::MyAnswer => "my answer",
        }
    }
}

/// A question's searchable text, field by field.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub card: Card<'a>,
    pub fields: Vec<(FieldKind, Cow<'a, str>)>,
}

impl<'a> Document<'a> {
    /// Id, question, tags, why-note, sample answer and key points.
    pub fn of(card: Card<'a>) -> Self {
        let q = card.question;
        let mut fields = vec![
            (FieldKind::Id, Cow::Borrowed(q.id.as_str())),
            (FieldKind::Question, Cow::Borrowed(q.question.as_str())),
            (FieldKind::Tags, Cow::Owned(q.tags.join(", "))),
            (FieldKind::Why, Cow::Borrowed(q.why.as_str())),
            (FieldKind::Answer, Cow::Borrowed(q.answer.as_str())),
        ];
        fields.extend(
            q.key_points
                .iter()
                .map(|p| (FieldKind::KeyPoint, Cow::Borrowed(p.text.as_str()))),
        );
        Document { card, fields }
    }

    /// Adds one more field, such as the candidate's own answer; `None` adds nothing.
    #[must_use]
    pub fn with(mut self, kind: FieldKind, text: Option<&str>) -> Self {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.fields.push((kind, Cow::Owned(text.to_string())));
        }
        self
    }
}
