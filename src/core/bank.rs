//! The question bank: decks of interview questions, their validation, and lookup by id, tag and text.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::core::key_point::KeyPoint;

mod lookup;
mod problem;

pub use lookup::{LookupError, resolve_among};
pub use problem::{Problem, ProblemAt, is_slug};

/// The answer time a deck gets when its file does not set one.
pub const DEFAULT_ANSWER_TIME_SECS: u32 = 120;
/// Longest answer time a question may ask for: an hour is already more than any interview gives.
pub const MAX_ANSWER_TIME_SECS: u32 = 3600;

/// What kind of interview question this is; drives filtering and grouping.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Technical,
    Behavioral,
    Leadership,
    Motivation,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Technical,
        Category::Behavioral,
        Category::Leadership,
        Category::Motivation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Technical => "technical",
            Category::Behavioral => "behavioral",
            Category::Leadership => "leadership",
            Category::Motivation => "motivation",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One interview question with the note on why it is asked and a sample answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable slug; progress is keyed by it, so the text can be edited without losing history.
    pub id: String,
    pub question: String,
    /// Why employers ask it: shown as the hint and beside the answer.
    pub why: String,
    pub answer: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub category: Category,
    /// Phrases a strong answer must hit; the drill shows them as a checklist.
    #[serde(default)]
    pub key_points: Vec<KeyPoint>,
    /// Overrides the deck's answer time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_time_secs: Option<u32>,
}

/// A deck: one bank file's metadata and questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Slug naming the deck; the first half of every card key.
    pub deck: String,
    pub title: String,
    pub role: String,
    /// The answer time for questions that set none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_time_secs: Option<u32>,
    pub questions: Vec<Question>,
}

/// A question together with the deck it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    pub deck: &'a Deck,
    pub question: &'a Question,
}

impl Card<'_> {
    /// The progress key, `deck/id`.
    pub fn key(&self) -> CardKey {
        CardKey::new(&self.deck.deck, &self.question.id)
    }

    /// The question's own answer time, else its deck's, else the default of two minutes.
    pub fn answer_time_secs(&self) -> u32 {
        self.answer_time_secs_or(DEFAULT_ANSWER_TIME_SECS)
    }

    /// The question's own answer time, else its deck's, else `fallback` (from `--answer-time`).
    pub fn answer_time_secs_or(&self, fallback: u32) -> u32 {
        self.question
            .answer_time_secs
            .or(self.deck.answer_time_secs)
            .unwrap_or(fallback)
    }
}

/// `deck/id`: the key progress is stored under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardKey(String);

impl CardKey {
    pub fn new(deck: &str, id: &str) -> Self {
        CardKey(format!("{deck}/{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The deck's slug, without the question id.
    pub fn deck(&self) -> &str {
        self.0.split_once('/').map_or("", |(deck, _)| deck)
    }

    /// The question id, without the deck.
    pub fn id(&self) -> &str {
        self.0.split_once('/').map_or(self.0.as_str(), |(_, id)| id)
    }
}

impl fmt::Display for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every loaded deck. Deck ids are unique; question ids are unique within a deck.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    decks: Vec<Deck>,
    /// `deck/id` to (deck, question) positions: progress looks cards up by key many times.
    index: HashMap<CardKey, (usize, usize)>,
}

impl Bank {
    /// Joins decks into one bank, refusing two decks with the same id.
    pub fn new(decks: Vec<Deck>) -> Result<Self, Vec<Problem>> {
        let mut seen = HashSet::new();
        let problems: Vec<Problem> = decks
            .iter()
            .filter(|d| !seen.insert(d.deck.as_str()))
            .map(|d| Problem {
                question: None,
                message: format!(
                    "deck id `{}` is loaded twice; deck ids must be unique across banks",
                    d.deck
                ),
                at: ProblemAt::default(),
            })
            .collect();
        if problems.is_empty() {
            let index = decks
                .iter()
                .enumerate()
                .flat_map(|(d, deck)| {
                    deck.questions
                        .iter()
                        .enumerate()
                        .map(move |(q, question)| (CardKey::new(&deck.deck, &question.id), (d, q)))
                })
                .collect();
            Ok(Bank { decks, index })
        } else {
            Err(problems)
        }
    }

    pub fn decks(&self) -> &[Deck] {
        &self.decks
    }

    /// Every question in bank order.
    pub fn cards(&self) -> impl Iterator<Item = Card<'_>> {
        self.decks.iter().flat_map(|deck| {
            deck.questions
                .iter()
                .map(move |question| Card { deck, question })
        })
    }

    pub fn len(&self) -> usize {
        self.decks.iter().map(|d| d.questions.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The card stored under `key`, if its question is still in the bank.
    pub fn card(&self, key: &CardKey) -> Option<Card<'_>> {
        let &(d, q) = self.index.get(key)?;
        let deck = &self.decks[d];
        Some(Card {
            deck,
            question: &deck.questions[q],
        })
    }

    /// Every tag with the number of questions bearing it, alphabetically.
    pub fn tag_counts(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for card in self.cards() {
            for tag in &card.question.tags {
                *counts.entry(tag.as_str()).or_insert(0) += 1;
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn question(id: &str, tags: &[&str]) -> Question {
        Question {
            id: id.into(),
            question: format!("Question {id}?"),
            why: "Because.".into(),
            answer: "An answer.".into(),
            tags: tags.iter().map(ToString::to_string).collect(),
            category: Category::Technical,
            key_points: vec!["a point".into()],
            answer_time_secs: None,
        }
    }

    pub(super) fn bank() -> Bank {
        let deck = Deck {
            deck: "sec".into(),
            title: "Security".into(),
            role: "Engineer".into(),
            answer_time_secs: Some(120),
            questions: vec![
                question("threat-model-mvp", &["threat-modeling"]),
                question("threat-intel", &["threat-modeling", "motivation"]),
                question("secrets-management", &["secrets"]),
            ],
        };
        Bank::new(vec![deck]).expect("unique decks")
    }

    #[test]
    fn duplicate_decks_are_refused() {
        let deck = bank().decks()[0].clone();
        assert!(Bank::new(vec![deck.clone(), deck]).is_err());
    }
}
