//! The question bank: decks of interview questions, their validation, and lookup by id, tag and text.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::core::key_point::KeyPoint;
use crate::core::similar::closest;

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

/// Why a lookup found nothing, with what the user may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// Nothing matched; the closest ids, best first.
    NotFound {
        query: String,
        suggestions: Vec<String>,
    },
    /// The query fits several questions; their `deck/id` keys.
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    /// No question bears this tag; the closest tags.
    UnknownTag {
        tag: String,
        suggestions: Vec<String>,
    },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::NotFound { query, suggestions } => {
                write!(f, "no question with id `{query}`")?;
                if !suggestions.is_empty() {
                    write!(f, "; did you mean {}?", quoted_list(suggestions))?;
                }
                write!(
                    f,
                    "\nhint: `prepdrill list` shows every id; `prepdrill search TEXT` finds by text"
                )
            }
            LookupError::Ambiguous { query, candidates } => write!(
                f,
                "`{query}` matches several questions: {}\nhint: give more of the id, or use `deck/id`",
                quoted_list(candidates)
            ),
            LookupError::UnknownTag { tag, suggestions } => {
                write!(f, "no question is tagged `{tag}`")?;
                if !suggestions.is_empty() {
                    write!(f, "; did you mean {}?", quoted_list(suggestions))?;
                }
                write!(f, "\nhint: `prepdrill tags` lists every tag")
            }
        }
    }
}

impl std::error::Error for LookupError {}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
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

    /// Finds one question: `deck/id` or a bare id exactly, else a unique prefix of either.
    pub fn resolve(&self, query: &str) -> Result<Card<'_>, LookupError> {
        let cards: Vec<Card<'_>> = self.cards().collect();
        let names: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.deck.deck.as_str(), c.question.id.as_str()))
            .collect();
        resolve_among(&names, query).map(|i| cards[i])
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

    /// Questions bearing `tag`, in bank order; an unknown tag suggests the closest ones.
    pub fn tagged(&self, tag: &str) -> Result<Vec<Card<'_>>, LookupError> {
        let cards: Vec<Card<'_>> = self
            .cards()
            .filter(|c| c.question.tags.iter().any(|t| t == tag))
            .collect();
        if cards.is_empty() {
            Err(LookupError::UnknownTag {
                tag: tag.to_string(),
                suggestions: closest(tag, self.tag_counts().keys().map(ToString::to_string)),
            })
        } else {
            Ok(cards)
        }
    }
}

/// Which of `names` (each `(deck, id)`, in bank order) a query names: `deck/id` or a bare id
/// exactly, else a unique prefix of either. [`Bank::resolve`] and the bank file's index, which
/// knows the ids without the questions, share it.
pub fn resolve_among(names: &[(&str, &str)], query: &str) -> Result<usize, LookupError> {
    let query = query.trim();
    // Every id starts with the empty string; an empty query names no question.
    if query.is_empty() {
        return Err(LookupError::NotFound {
            query: String::new(),
            suggestions: Vec::new(),
        });
    }
    let key = |&(deck, id): &(&str, &str)| format!("{deck}/{id}");
    // A query with a slash names `deck/id`; without one, only question ids are matched, so a
    // short prefix is not swamped by every question of a deck whose slug shares it.
    let matches = |pair: &(&str, &str), exact: bool| {
        let name = if query.contains('/') {
            Cow::Owned(key(pair))
        } else {
            Cow::Borrowed(pair.1)
        };
        if exact {
            name == query
        } else {
            name.starts_with(query)
        }
    };
    let exact: Vec<usize> = (0..names.len())
        .filter(|&i| matches(&names[i], true))
        .collect();
    let found = if exact.is_empty() {
        (0..names.len())
            .filter(|&i| matches(&names[i], false))
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(LookupError::NotFound {
            query: query.to_string(),
            suggestions: closest(query, names.iter().map(|(_, id)| (*id).to_string())),
        }),
        many => Err(LookupError::Ambiguous {
            query: query.to_string(),
            candidates: many.iter().map(|&i| key(&names[i])).collect(),
        }),
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

    fn bank() -> Bank {
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

    #[track_caller]
    fn resolves(query: &str, expected: Result<&str, &str>) {
        let bank = bank();
        let got = bank.resolve(query).map(|c| c.question.id.clone());
        match (got, expected) {
            (Ok(id), Ok(want)) => assert_eq!(id, want),
            (Err(LookupError::NotFound { .. }), Err("not found"))
            | (Err(LookupError::Ambiguous { .. }), Err("ambiguous")) => {}
            (got, want) => panic!("{query}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn resolve_cases() {
        resolves("threat-model-mvp", Ok("threat-model-mvp"));
        resolves("sec/threat-intel", Ok("threat-intel"));
        resolves("secr", Ok("secrets-management"));
        resolves("threat", Err("ambiguous"));
        resolves("nothing-like-it", Err("not found"));
    }

    #[test]
    fn not_found_suggests_close_ids() {
        let bank = bank();
        let Err(LookupError::NotFound { suggestions, .. }) = bank.resolve("threat-modle-mvp")
        else {
            panic!("expected not found");
        };
        assert_eq!(
            suggestions.first().map(String::as_str),
            Some("threat-model-mvp")
        );
    }

    #[test]
    fn unknown_tag_suggests_close_tags() {
        let bank = bank();
        let Err(LookupError::UnknownTag { suggestions, .. }) = bank.tagged("secret") else {
            panic!("expected unknown tag");
        };
        assert_eq!(suggestions, vec!["secrets".to_string()]);
    }

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
    fn duplicate_decks_are_refused() {
        let deck = bank().decks()[0].clone();
        assert!(Bank::new(vec![deck.clone(), deck]).is_err());
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
