//! The candidate's own answers, keyed by deck/id like progress, so editing the bank keeps them.
//! A deletion leaves a dated tombstone, so merging with another machine's copy cannot bring a
//! deleted answer back.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::bank::{CardKey, Category, Question};

/// The own-answers file layout this build writes.
pub const OWN_ANSWERS_VERSION: u32 = 1;

/// One own answer, or the mark that it was deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnAnswer {
    /// The answer; `None` once deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub updated: DateTime<Utc>,
}

/// Every own answer the candidate has written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnAnswers {
    pub version: u32,
    #[serde(default)]
    pub answers: BTreeMap<CardKey, OwnAnswer>,
}

impl Default for OwnAnswers {
    fn default() -> Self {
        OwnAnswers {
            version: OWN_ANSWERS_VERSION,
            answers: BTreeMap::new(),
        }
    }
}

impl OwnAnswers {
    /// The answer to this question, if there is one.
    pub fn get(&self, key: &CardKey) -> Option<&str> {
        self.answers.get(key)?.text.as_deref()
    }

    /// Saves an answer; an answer that is only whitespace deletes it instead.
    pub fn set(&mut self, key: CardKey, text: &str, at: DateTime<Utc>) {
        let text = text.trim_end();
        if text.trim().is_empty() {
            self.remove(&key, at);
            return;
        }
        self.answers.insert(
            key,
            OwnAnswer {
                text: Some(text.to_string()),
                updated: at,
            },
        );
    }

    /// Deletes an answer; answers whether there was one.
    pub fn remove(&mut self, key: &CardKey, at: DateTime<Utc>) -> bool {
        let had = self.get(key).is_some();
        if had {
            self.answers.insert(
                key.clone(),
                OwnAnswer {
                    text: None,
                    updated: at,
                },
            );
        }
        had
    }

    /// Takes in another copy: for each question, the later change wins.
    pub fn merge(&mut self, other: OwnAnswers) {
        for (key, theirs) in other.answers {
            match self.answers.get(&key) {
                Some(ours) if ours.updated >= theirs.updated => {}
                _ => {
                    self.answers.insert(key, theirs);
                }
            }
        }
    }

    /// The questions with an answer, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&CardKey, &str)> {
        self.answers
            .iter()
            .filter_map(|(k, a)| Some((k, a.text.as_deref()?)))
    }
}

/// What a new own answer starts from: a STAR outline for a story question, else the question.
pub fn template(question: &Question) -> String {
    let mut text = String::new();
    for line in question.question.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("# Lines starting with # are dropped. Save and quit to keep your answer.\n\n");
    if question.category == Category::Behavioral {
        text.push_str("Situation: \n\nTask: \n\nAction: \n\nResult: \n");
    }
    text
}

/// The answer as written in the editor: comment lines dropped, blank edges trimmed.
pub fn from_editor(text: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect();
    kept.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(secs)
    }

    fn key(id: &str) -> CardKey {
        CardKey::new("d", id)
    }

    #[test]
    fn set_get_remove() {
        let mut own = OwnAnswers::default();
        own.set(key("a"), "My story\n\n", t(1));
        assert_eq!(own.get(&key("a")), Some("My story"));
        assert!(own.remove(&key("a"), t(2)));
        assert_eq!(own.get(&key("a")), None);
        assert!(!own.remove(&key("a"), t(3)));
        own.set(key("b"), "  \n", t(4));
        assert_eq!(own.get(&key("b")), None, "an empty answer is no answer");
    }

    #[test]
    fn merge_keeps_the_later_change_and_deletions() {
        let mut ours = OwnAnswers::default();
        ours.set(key("a"), "ours", t(10));
        ours.set(key("b"), "kept", t(10));
        ours.remove(&key("b"), t(20));
        let mut theirs = OwnAnswers::default();
        theirs.set(key("a"), "theirs, later", t(11));
        theirs.set(key("b"), "older", t(15));
        theirs.set(key("c"), "only theirs", t(5));
        ours.merge(theirs);
        assert_eq!(ours.get(&key("a")), Some("theirs, later"));
        assert_eq!(ours.get(&key("b")), None, "the deletion is newer");
        assert_eq!(ours.get(&key("c")), Some("only theirs"));
        assert_eq!(ours.iter().count(), 2);
    }

    #[test]
    fn editor_text_drops_comments() {
        assert_eq!(
            from_editor("# Q?\n# help\n\nSituation: x\n\nResult: y\n\n"),
            "Situation: x\n\nResult: y"
        );
    }
}
