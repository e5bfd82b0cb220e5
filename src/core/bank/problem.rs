//! A deck's problems: every rule a deck and its questions break, each tied to its question and
//! field, so that one `check` run reports them all with a line and column.

use std::collections::HashSet;
use std::fmt;

use super::{Deck, MAX_ANSWER_TIME_SECS, Question};

/// One thing wrong with a deck, tied to a question when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub question: Option<String>,
    pub message: String,
    /// Where in the deck it is: the question's position (none for the deck's own fields) and the
    /// field, so the file layer can give a line and column.
    pub at: ProblemAt,
}

/// Where a [`Problem`] lies within its deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProblemAt {
    /// The question's position in the deck's list, from 0; `None` for the deck itself.
    pub question: Option<usize>,
    /// The field at fault, when one is.
    pub field: Option<&'static str>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.question {
            Some(id) => write!(f, "question `{id}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Whether `s` is a lowercase kebab-case slug such as `threat-model-mvp`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

impl Deck {
    /// Every problem with this deck, not just the first, so one `check` run finds them all.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = self.own_problems();
        let mut seen = HashSet::new();
        for (index, q) in self.questions.iter().enumerate() {
            problems.extend(question_problems(index, q, &mut seen));
        }
        problems
    }

    /// The problems of the deck's own fields.
    fn own_problems(&self) -> Vec<Problem> {
        let mut messages: Vec<(&'static str, String)> = Vec::new();
        if !is_slug(&self.deck) {
            messages.push((
                "deck",
                format!(
                    "deck id `{}` must be a lowercase slug like `staff-security-engineer`",
                    self.deck
                ),
            ));
        }
        if self.title.trim().is_empty() {
            messages.push(("title", "`title` is empty".into()));
        }
        if let Some(message) = answer_time_problem(self.answer_time_secs) {
            messages.push(("answer_time_secs", message));
        }
        if self.questions.is_empty() {
            messages.push((
                "questions",
                format!(
                    "deck `{}` has no questions; add at least one under `questions:`",
                    self.deck
                ),
            ));
        }
        messages
            .into_iter()
            .map(|(field, message)| Problem {
                question: None,
                message,
                at: ProblemAt {
                    question: None,
                    field: Some(field),
                },
            })
            .collect()
    }
}

/// The problems of question `index`; `seen` holds the ids met before it.
fn question_problems<'q>(
    index: usize,
    q: &'q Question,
    seen: &mut HashSet<&'q str>,
) -> Vec<Problem> {
    let mut messages: Vec<(&'static str, String)> = Vec::new();
    if !is_slug(&q.id) {
        messages.push((
            "id",
            "`id` must be a lowercase slug like `threat-model-mvp`".into(),
        ));
    } else if !seen.insert(q.id.as_str()) {
        messages.push((
            "id",
            "duplicate id; every question in a deck needs its own".into(),
        ));
    }
    for (field, text) in [
        ("question", &q.question),
        ("why", &q.why),
        ("answer", &q.answer),
    ] {
        if text.trim().is_empty() {
            messages.push((field, format!("`{field}` is empty")));
        }
    }
    for tag in &q.tags {
        if !is_slug(tag) {
            messages.push((
                "tags",
                format!("tag `{tag}` must be a lowercase slug like `secrets`"),
            ));
        }
    }
    for point in &q.key_points {
        messages.extend(point.problems().into_iter().map(|p| ("key_points", p)));
    }
    if let Some(message) = answer_time_problem(q.answer_time_secs) {
        messages.push(("answer_time_secs", message));
    }
    let label = if q.id.trim().is_empty() {
        format!("#{}", index + 1)
    } else {
        q.id.clone()
    };
    messages
        .into_iter()
        .map(|(field, message)| Problem {
            question: Some(label.clone()),
            message,
            at: ProblemAt {
                question: Some(index),
                field: Some(field),
            },
        })
        .collect()
}

/// What is wrong with an `answer_time_secs`, if anything.
fn answer_time_problem(secs: Option<u32>) -> Option<String> {
    secs.filter(|secs| !(1..=MAX_ANSWER_TIME_SECS).contains(secs))
        .map(|secs| format!("`answer_time_secs` is {secs}; use 1 to {MAX_ANSWER_TIME_SECS}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::tests::bank;

    #[test]
    fn problems_are_all_reported() {
        let mut deck = bank().decks()[0].clone();
        deck.questions[1].id = "threat-model-mvp".into();
        deck.questions[2].answer = "  ".into();
        deck.questions[2].tags.push("Bad Tag".into());
        let messages: Vec<String> = deck.problems().iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("duplicate id"));
        assert!(messages[1].contains("`answer` is empty"));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("threat-model-mvp"));
        assert!(is_slug("a1"));
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a_b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
