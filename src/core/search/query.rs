//! The query language: the words typed, matched as a word or a word's start, with typos allowed
//! in long words that match nowhere exactly, and quoted phrases.

use std::collections::BTreeSet;

use super::words;
use crate::core::phrase;
use crate::core::similar::edit_distance;

/// How many edits a query word may be away from a word of the text: none under five letters.
fn allowed_typos(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// What the user typed, as folded words, and which of them are matched with typos allowed.
#[derive(Debug, Clone)]
pub struct Query {
    /// Each query word, and whether it matches loosely (it has no exact match in the bank).
    pub(super) words: Vec<(String, bool)>,
    /// Words given in quotes, to be found together in this order ([`phrase`]).
    pub(super) phrases: Vec<Vec<String>>,
}

impl Query {
    /// The words of `text`, matched exactly (as a word or a word's start) for now.
    pub fn new(text: &str) -> Self {
        let mut seen = BTreeSet::new();
        let words = words(text)
            .into_iter()
            .map(|(_, w)| w)
            .filter(|w| seen.insert(w.clone()))
            .map(|w| (w, false))
            .collect();
        Query {
            words,
            phrases: Vec::new(),
        }
    }

    /// The loose words of `text` as [`Query::new`], and its quoted phrases.
    pub fn with_phrases(text: &str) -> Self {
        let (loose, phrases) = phrase::split(text);
        Query {
            phrases,
            ..Query::new(&loose)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Whether the query holds quoted phrases.
    pub fn has_phrases(&self) -> bool {
        !self.phrases.is_empty()
    }

    /// Whether a folded word of the text matches query word `i`.
    pub(super) fn word_matches(&self, i: usize, word: &str) -> bool {
        let (wanted, loose) = &self.words[i];
        if word.starts_with(wanted.as_str()) {
            return true;
        }
        if !loose {
            return false;
        }
        let typos = allowed_typos(wanted);
        let wanted_len = wanted.chars().count();
        let len = word.chars().count();
        if len + typos < wanted_len {
            return false;
        }
        // A typo in the word itself, or in the start of a longer word ("managment" in "managements").
        edit_distance(wanted, word) <= typos || {
            let start: String = word.chars().take(wanted_len).collect();
            edit_distance(wanted, &start) <= typos
        }
    }

    /// Whether a folded word of the text matches any query word: for highlighting.
    pub fn matches(&self, word: &str) -> bool {
        (0..self.words.len()).any(|i| self.word_matches(i, word))
            || self
                .phrases
                .iter()
                .any(|p| (0..p.len()).any(|i| phrase::fits(p, i, word)))
    }
}
