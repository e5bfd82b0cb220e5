//! Search that forgives: every word in any order, typos in long words, ranked, with "did you mean".

use std::borrow::Cow;

use crate::core::bank::Card;
use crate::core::phrase;
use crate::core::similar::closest;

mod corpus;
mod document;
mod query;
mod words;

pub use corpus::Corpus;
pub use document::{Document, FieldKind};
pub use query::Query;
pub use words::{any_word, normalise, words};

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
}
