//! Search that forgives: every word in any order, typos in long words, ranked, with "did you mean".

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use crate::core::bank::Card;
use crate::core::fold::fold;
use crate::core::phrase;
use crate::core::similar::{closest, edit_distance};

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

/// Calls `each` with every word of a text, folded (lowercase, no accents) and split at anything
/// not a letter or digit, and its byte range in the original. One buffer serves every word.
fn scan_words(text: &str, mut each: impl FnMut(std::ops::Range<usize>, &str)) {
    scan_words_until(text, |range, word| {
        each(range, word);
        false
    });
}

/// [`scan_words`] until `each` returns true; whether it did.
fn scan_words_until(
    text: &str,
    mut each: impl FnMut(std::ops::Range<usize>, &str) -> bool,
) -> bool {
    let mut word = String::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let folded = crate::core::fold::fold_char(c);
        if folded.is_alphanumeric() {
            start.get_or_insert(at);
            word.push(folded);
        } else if let Some(from) = start.take() {
            if each(from..at, &word) {
                return true;
            }
            word.clear();
        }
    }
    start.is_some_and(|from| each(from..text.len(), &word))
}

/// Whether any word of a text, as [`words`] finds it, passes `test`: stops at the first that
/// does, and makes no string per word.
pub fn any_word(text: &str, mut test: impl FnMut(&str) -> bool) -> bool {
    scan_words_until(text, |_, word| test(word))
}

/// The words of a text as [`scan_words`] finds them, each with its byte range in the original.
pub fn words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    scan_words(text, |range, word| out.push((range, word.to_string())));
    out
}

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
    words: Vec<(String, bool)>,
    /// Words given in quotes, to be found together in this order ([`phrase`]).
    phrases: Vec<Vec<String>>,
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
    fn word_matches(&self, i: usize, word: &str) -> bool {
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

/// A hit from [`search`].
#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    pub card: Card<'a>,
    /// Query words found in the id or the question; hits with more rank first.
    pub primary: usize,
    /// The fields with a match, in document order, as (kind, text).
    pub fields: Vec<(FieldKind, Cow<'a, str>)>,
}

/// What a search found, or what the user may have meant.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    /// The query as matched, loose words marked; use it to highlight.
    pub query: Query,
    pub hits: Vec<SearchHit<'a>>,
    /// When nothing matches: the query with each unknown word replaced by the closest known one.
    pub did_you_mean: Option<String>,
    /// The query words found nowhere in the documents, even with typos.
    pub unknown: Vec<String>,
}

/// Every document's words as numbers into one vocabulary, field by field: what [`find`] matches
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

/// A document that holds every query word, by its position in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub position: usize,
    /// Query words found in the id or the question.
    pub primary: usize,
    /// The positions of the fields with a match, in document order.
    pub fields: Vec<usize>,
}

/// What [`find`] found in a corpus: the documents by position, ranked, or what the user may
/// have meant.
#[derive(Debug, Clone)]
pub struct Matches {
    pub query: Query,
    pub found: Vec<Found>,
    pub did_you_mean: Option<String>,
    pub unknown: Vec<String>,
}

/// Finds the documents that contain every word of `text`, in any order, across all their fields.
///
/// A word matches a word of the text or the start of one. Words in quotes match together, in
/// order, within one field (the last may be the start of a word), without typos. A word of five or more letters that
/// appears nowhere in the documents matches with a typo or two. Hits with more words in the id or
/// question come first; otherwise the documents' order is kept.
pub fn search<'a>(documents: Vec<Document<'a>>, text: &str) -> Outcome<'a> {
    let matches = find(&Corpus::of(&documents), text);
    let mut documents: Vec<Option<Document<'a>>> = documents.into_iter().map(Some).collect();
    let hits = matches
        .found
        .iter()
        .filter_map(|found| Some(hit(documents.get_mut(found.position)?.take()?, found)))
        .collect();
    Outcome {
        query: matches.query,
        hits,
        did_you_mean: matches.did_you_mean,
        unknown: matches.unknown,
    }
}

/// The hit for a found document: its matching fields' text.
pub fn hit<'a>(document: Document<'a>, found: &Found) -> SearchHit<'a> {
    let fields = document
        .fields
        .into_iter()
        .enumerate()
        .filter(|(i, _)| found.fields.contains(i))
        .map(|(_, field)| field)
        .collect();
    SearchHit {
        card: document.card,
        primary: found.primary,
        fields,
    }
}

/// [`search`] over a corpus: which documents match, without their text.
pub fn find(corpus: &Corpus, text: &str) -> Matches {
    let mut query = Query::with_phrases(text);
    if query.is_empty() {
        return Matches {
            query,
            found: Vec::new(),
            did_you_mean: None,
            unknown: Vec::new(),
        };
    }
    let vocabulary = &corpus.words;
    // A word that matches nowhere exactly may match with typos.
    for i in 0..query.words.len() {
        let exact = vocabulary.iter().any(|w| query.word_matches(i, w));
        query.words[i].1 = !exact;
    }
    // Which words of the vocabulary each query word matches, decided once.
    let matching: Vec<Vec<bool>> = (0..query.words.len())
        .map(|i| {
            vocabulary
                .iter()
                .map(|w| query.word_matches(i, w))
                .collect()
        })
        .collect();
    let matches = |i: usize, n: u32| matching[i].get(n as usize).copied().unwrap_or(false);
    // For each phrase, which words of the vocabulary fit each of its words.
    let phrase_matching: Vec<Vec<Vec<bool>>> = query
        .phrases
        .iter()
        .map(|p| {
            (0..p.len())
                .map(|i| vocabulary.iter().map(|w| phrase::fits(p, i, w)).collect())
                .collect()
        })
        .collect();
    let wanted = matching.len() + phrase_matching.len();
    let mut found: Vec<Found> = Vec::new();
    // One set of buffers for every document: a large bank has thousands.
    let (mut seen, mut primary, mut matched_fields) = (Vec::new(), Vec::new(), Vec::new());
    for (position, fields) in corpus.documents.iter().enumerate() {
        seen.clear();
        seen.resize(wanted, false);
        primary.clear();
        primary.resize(wanted, false);
        matched_fields.clear();
        for (field, (kind, numbers)) in fields.iter().enumerate() {
            let mut any = false;
            let words_found = (0..matching.len()).map(|i| numbers.iter().any(|&n| matches(i, n)));
            let phrases_found = phrase_matching.iter().map(|m| phrase::occurs(numbers, m));
            for (i, here) in words_found.chain(phrases_found).enumerate() {
                if here {
                    seen[i] = true;
                    primary[i] |= kind.is_primary();
                    any = true;
                }
            }
            if any {
                matched_fields.push(field);
            }
        }
        if seen.iter().all(|&f| f) {
            found.push(Found {
                position,
                primary: primary.iter().filter(|&&p| p).count(),
                fields: matched_fields.clone(),
            });
        }
    }
    found.sort_by_key(|f| (std::cmp::Reverse(f.primary), f.position));
    let did_you_mean = if found.is_empty() {
        suggest(&query, &matching, vocabulary)
    } else {
        None
    };
    let unknown = query
        .words
        .iter()
        .zip(&matching)
        .filter(|(_, matches)| !matches.contains(&true))
        .map(|((word, _), _)| word.clone())
        .collect();
    Matches {
        query,
        found,
        did_you_mean,
        unknown,
    }
}

/// The query with every word that appears nowhere replaced by the closest word that does.
fn suggest(query: &Query, matching: &[Vec<bool>], vocabulary: &[String]) -> Option<String> {
    let mut changed = false;
    // Every unknown word needs a replacement, or the suggestion would find nothing either.
    let words: Option<Vec<String>> = query
        .words
        .iter()
        .zip(matching)
        .map(|((word, _), matches)| {
            if matches.contains(&true) {
                return Some(word.clone());
            }
            let candidates = vocabulary
                .iter()
                .filter(|w| w.chars().count() >= 3)
                .cloned();
            let better = closest(word, candidates).into_iter().next()?;
            changed = true;
            Some(better)
        })
        .collect();
    words.filter(|_| changed).map(|w| w.join(" "))
}

/// Folds and splits a query the way [`search`] does, for messages: `Rate-Limiting` → `rate limiting`.
pub fn normalise(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::{Bank, Deck, Question};

    fn bank() -> Bank {
        let q = |id: &str, tags: &[&str], question: &str, answer: &str| Question {
            id: id.to_string(),
            question: question.to_string(),
            why: "Employers ask this to see judgement.".to_string(),
            answer: answer.to_string(),
            tags: tags.iter().map(ToString::to_string).collect(),
            category: crate::core::bank::Category::Technical,
            key_points: vec!["Name the trade-off".into()],
            answer_time_secs: None,
        };
        Bank::new(vec![Deck {
            deck: "d".into(),
            title: "D".into(),
            role: "R".into(),
            answer_time_secs: None,
            questions: vec![
                q(
                    "secrets-management",
                    &["secrets"],
                    "How do you approach secrets management?",
                    "Vaults and rotation.",
                ),
                q(
                    "k8s-hardening",
                    &["cloud"],
                    "How would you harden a cluster?",
                    "Admission control, then rate limiting at the ingress.",
                ),
                q(
                    "threat-model",
                    &["risk"],
                    "Walk me through a threat model with STRIDE.",
                    "Start from the data flows.",
                ),
            ],
        }])
        .expect("bank")
    }

    fn ids(text: &str) -> Vec<String> {
        let bank = bank();
        let outcome = search(bank.cards().map(Document::of).collect(), text);
        outcome
            .hits
            .iter()
            .map(|h| h.card.question.id.clone())
            .collect()
    }

    #[track_caller]
    fn case(text: &str, expected: &[&str]) {
        assert_eq!(ids(text), expected, "search {text:?}");
    }

    #[test]
    fn quoted_words_match_as_a_phrase() {
        // "the data flows" and "a threat model" are in different questions' texts.
        case("data threat", &["threat-model"]);
        case("\"data flows\"", &["threat-model"]);
        case("\"flows data\"", &[]);
        case("\"rate limit\"", &["k8s-hardening"]);
        case("\"limiting rate\"", &[]);
        case("rate \"admission control\"", &["k8s-hardening"]);
        case("\"admission rate\"", &[]);
    }

    #[test]
    fn every_word_in_any_order() {
        case("stride threat", &["threat-model"]);
        case("THREAT stride", &["threat-model"]);
        case("secret management", &["secrets-management"]);
        case("k8s", &["k8s-hardening"]);
        case("stride vault", &[]);
        case("", &[]);
    }

    #[test]
    fn typos_in_long_words_only() {
        case("rate limting", &["k8s-hardening"]);
        case("managment", &["secrets-management"]);
        // Two letters swapped are one typo.
        case("strdie", &["threat-model"]);
        // Short words must be right: "rote" is not "rate".
        case("rote", &[]);
    }

    #[test]
    fn id_and_question_hits_rank_first() {
        // "trade" is in every key point; "cluster" only in one question.
        case(
            "trade",
            &["secrets-management", "k8s-hardening", "threat-model"],
        );
        case("rate", &["k8s-hardening"]);
        case("risk", &["threat-model"]);
    }

    #[test]
    fn own_answers_are_searched_when_given() {
        let bank = bank();
        let documents = bank
            .cards()
            .map(|c| {
                let mine = (c.question.id == "threat-model").then_some("I used PASTA once");
                Document::of(c).with(FieldKind::MyAnswer, mine)
            })
            .collect();
        let outcome = search(documents, "pasta");
        assert_eq!(outcome.hits.len(), 1);
        assert_eq!(outcome.hits[0].fields[0].0, FieldKind::MyAnswer);
    }

    #[test]
    fn did_you_mean_when_nothing_matches() {
        let bank = bank();
        let outcome = search(bank.cards().map(Document::of).collect(), "strdieq clsuterx");
        assert!(outcome.hits.is_empty());
        assert_eq!(outcome.did_you_mean.as_deref(), Some("stride cluster"));
        // Each word is known, just never together: nothing to correct.
        let outcome = search(bank.cards().map(Document::of).collect(), "stride vault");
        assert!(outcome.hits.is_empty() && outcome.did_you_mean.is_none());
        assert!(outcome.unknown.is_empty());
        let outcome = search(bank.cards().map(Document::of).collect(), "strdieq zzzzzz");
        assert_eq!(outcome.unknown, ["strdieq", "zzzzzz"]);
        assert_eq!(
            outcome.did_you_mean, None,
            "half a correction finds nothing either"
        );
        let outcome = search(bank.cards().map(Document::of).collect(), "zzzzzz");
        assert_eq!(outcome.did_you_mean, None);
    }

    #[test]
    fn words_keep_their_place_in_the_text() {
        let text = "Café—rate-limiting";
        let found: Vec<(&str, String)> = words(text)
            .into_iter()
            .map(|(r, w)| (&text[r], w))
            .collect();
        assert_eq!(
            found,
            [
                ("Café", "cafe".to_string()),
                ("rate", "rate".to_string()),
                ("limiting", "limiting".to_string())
            ]
        );
        assert_eq!(normalise("Rate-Limiting!"), "rate limiting");
    }
}
