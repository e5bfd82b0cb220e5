//! Every document's words numbered into one vocabulary, field by field: what a search matches,
//! made from the text or read from a large bank's index.

use std::collections::HashMap;

use super::words::scan_words;
use super::{Document, FieldKind};

/// Every document's words as numbers into one vocabulary, field by field: what [`find`](super::find) matches
/// against. Made from the documents' text, or kept on disk by a large bank's index so a search
/// need not read every question's text again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// Each distinct folded word once, numbered by its position.
    pub words: Vec<String>,
    /// Per document, per field in the document's order, the numbers of its words.
    pub documents: Vec<Vec<(FieldKind, Vec<u32>)>>,
    /// Word to number, while words are being added.
    numbers: HashMap<String, u32>,
}

impl Corpus {
    /// The words of every field of every document.
    pub fn of(documents: &[Document<'_>]) -> Self {
        let mut corpus = Corpus::default();
        for document in documents {
            corpus.documents.push(Vec::new());
            let at = corpus.documents.len() - 1;
            for (kind, text) in &document.fields {
                corpus.push_field(at, *kind, text);
            }
        }
        corpus
    }

    /// A corpus read back from its parts; words must be distinct and numbers within them.
    pub fn from_parts(words: Vec<String>, documents: Vec<Vec<(FieldKind, Vec<u32>)>>) -> Self {
        Corpus {
            words,
            documents,
            numbers: HashMap::new(),
        }
    }

    /// Adds a field to document `at`, as [`Document::with`] does: blank text adds nothing.
    pub fn add(&mut self, at: usize, kind: FieldKind, text: Option<&str>) {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.push_field(at, kind, text);
        }
    }

    /// Adds another corpus's documents after this one's, its words numbered in this vocabulary.
    pub fn append(&mut self, other: Corpus) {
        if self.documents.is_empty() && self.words.is_empty() {
            *self = other;
            return;
        }
        let renumber: Vec<u32> = other.words.iter().map(|w| self.number(w)).collect();
        self.documents
            .extend(other.documents.into_iter().map(|fields| {
                fields
                    .into_iter()
                    .map(|(kind, numbers)| {
                        let numbers = numbers
                            .iter()
                            .filter_map(|&n| renumber.get(n as usize).copied())
                            .collect();
                        (kind, numbers)
                    })
                    .collect()
            }));
    }

    /// The number of a word, given one if it is new.
    fn number(&mut self, word: &str) -> u32 {
        if self.numbers.len() < self.words.len() {
            self.numbers = (0u32..)
                .zip(&self.words)
                .map(|(n, w)| (w.clone(), n))
                .collect();
        }
        if let Some(&n) = self.numbers.get(word) {
            return n;
        }
        let n = self.words.len() as u32;
        self.words.push(word.to_string());
        self.numbers.insert(word.to_string(), n);
        n
    }

    fn push_field(&mut self, at: usize, kind: FieldKind, text: &str) {
        let mut numbers = Vec::new();
        scan_words(text, |_, word| numbers.push(self.number(word)));
        if let Some(fields) = self.documents.get_mut(at) {
            fields.push((kind, numbers));
        }
    }
}
