//! Finding questions by what the user typed: `deck/id`, a bare id or a unique prefix of either, or
//! a tag; and what to say when nothing, or more than one, fits.

use std::borrow::Cow;
use std::fmt;

use super::{Bank, Card};
use crate::core::similar::closest;

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

impl Bank {
    /// Finds one question: `deck/id` or a bare id exactly, else a unique prefix of either.
    pub fn resolve(&self, query: &str) -> Result<Card<'_>, LookupError> {
        let cards: Vec<Card<'_>> = self.cards().collect();
        let names: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.deck.deck.as_str(), c.question.id.as_str()))
            .collect();
        resolve_among(&names, query).map(|i| cards[i])
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
    use crate::core::bank::tests::bank;

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
}
