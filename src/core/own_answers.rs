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
    /// Texts this answer replaced without their writer seeing them (two editors open at once, or
    /// two machines merged), oldest first: kept, never silently overwritten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<Previous>,
    /// Fields a newer prepdrill wrote, kept through a save.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// An earlier text of an own answer, kept when another replaced it unseen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Previous {
    pub updated: DateTime<Utc>,
    pub text: String,
}

/// Every own answer the candidate has written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnAnswers {
    pub version: u32,
    #[serde(default)]
    pub answers: BTreeMap<CardKey, OwnAnswer>,
    /// Fields a newer prepdrill wrote, kept through a save.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for OwnAnswers {
    fn default() -> Self {
        OwnAnswers {
            version: OWN_ANSWERS_VERSION,
            answers: BTreeMap::new(),
            extra: BTreeMap::new(),
        }
    }
}

/// What the stored answer was when an editor opened on it: its stamp, `None` for no entry.
pub type Seen = Option<DateTime<Utc>>;

/// What a save from the editor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// The stored answer changed while the editor was open; that text is kept as a previous
    /// version.
    KeptTheOther,
}

/// How far ahead of now a stamp may be before a merge refuses it, as for reviews.
pub const MAX_DAYS_AHEAD: i64 = crate::core::review_check::MAX_DAYS_AHEAD;

impl OwnAnswer {
    /// The order merges use: the later stamp wins, and equal stamps fall back to the content
    /// (a text beats a deletion, then the greater text), so merging either way round agrees.
    fn beats(&self, other: &OwnAnswer) -> bool {
        (self.updated, &self.text) > (other.updated, &other.text)
    }
}

impl OwnAnswers {
    /// The answer to this question, if there is one.
    pub fn get(&self, key: &CardKey) -> Option<&str> {
        self.answers.get(key)?.text.as_deref()
    }

    /// Saves an answer; an answer that is only whitespace deletes it instead.
    pub fn set(&mut self, key: CardKey, text: &str, at: DateTime<Utc>) {
        let seen = self.answers.get(&key).map(|e| e.updated);
        let _ = self.save_edited(key, text, at, seen);
    }

    /// Saves what an editor opened on the stored answer as `seen` produced, stamped `at` (the
    /// time of the save, not of the opening). If the stored answer changed meanwhile (another
    /// session saved), its text is kept as a previous version rather than overwritten. The stamp
    /// is later than the stored one, so the newest save also wins later merges.
    pub fn save_edited(
        &mut self,
        key: CardKey,
        text: &str,
        at: DateTime<Utc>,
        seen: Seen,
    ) -> Saved {
        let text = text.trim_end();
        let entry = self.answers.get(&key).cloned();
        let at = entry.as_ref().map_or(at, |e| {
            at.max(e.updated + chrono::Duration::milliseconds(1))
        });
        let changed = entry.as_ref().map(|e| e.updated) != seen;
        let mut previous = entry
            .as_ref()
            .map(|e| e.previous.clone())
            .unwrap_or_default();
        let extra = entry.as_ref().map(|e| e.extra.clone()).unwrap_or_default();
        let mut outcome = Saved::Saved;
        if changed
            && let Some(other) = entry.as_ref().and_then(|e| e.text.as_deref())
            && other != text
        {
            previous.push(Previous {
                updated: entry.as_ref().map_or(at, |e| e.updated),
                text: other.to_string(),
            });
            outcome = Saved::KeptTheOther;
        }
        let text = (!text.trim().is_empty()).then(|| text.to_string());
        self.answers.insert(
            key,
            OwnAnswer {
                text,
                updated: at,
                previous,
                extra,
            },
        );
        outcome
    }

    /// Deletes an answer; answers whether there was one.
    pub fn remove(&mut self, key: &CardKey, at: DateTime<Utc>) -> bool {
        let had = self.get(key).is_some();
        if had {
            let seen = self.answers.get(key).map(|e| e.updated);
            let _ = self.save_edited(key.clone(), "", at, seen);
        }
        had
    }

    /// The earlier texts kept for this question, oldest first.
    pub fn previous(&self, key: &CardKey) -> &[Previous] {
        self.answers.get(key).map_or(&[], |a| a.previous.as_slice())
    }

    /// Takes in another copy: for each question, the later change wins (equal stamps decided by
    /// content, so the result is the same either way round), and the previous versions of both
    /// are kept. Entries dated more than [`MAX_DAYS_AHEAD`] days
    /// after `now` are refused; their count is returned.
    pub fn merge(&mut self, other: OwnAnswers, now: DateTime<Utc>) -> usize {
        let limit = now + chrono::Duration::days(MAX_DAYS_AHEAD);
        let mut refused = 0;
        for (key, theirs) in other.answers {
            if theirs.updated > limit {
                refused += 1;
                continue;
            }
            let merged = match self.answers.remove(&key) {
                None => theirs,
                Some(ours) => {
                    let (mut winner, loser) = if theirs.beats(&ours) {
                        (theirs, ours)
                    } else {
                        (ours, theirs)
                    };
                    // Versions either side kept stay kept.
                    let mut previous = winner.previous.clone();
                    previous.extend(loser.previous.iter().cloned());
                    previous.sort();
                    previous.dedup();
                    winner.previous = previous;
                    for (field, value) in loser.extra {
                        winner.extra.entry(field).or_insert(value);
                    }
                    winner
                }
            };
            self.answers.insert(key, merged);
        }
        for (field, value) in other.extra {
            self.extra.entry(field).or_insert(value);
        }
        refused
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

/// Whether `answer` (as [`from_editor`] reads it) holds nothing but lines of the `template` it
/// was written from, such as the STAR outline's bare `Situation:`: nothing was written.
pub fn only_template(answer: &str, template: &str) -> bool {
    let outline: Vec<&str> = template
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    answer
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .all(|l| outline.contains(&l))
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
    fn an_untouched_outline_is_nothing_written() {
        let question: Question = serde_yaml::from_str(
            "id: q\ncategory: behavioral\nquestion: Tell me\nwhy: w\nanswer: a\n",
        )
        .expect("question");
        let outline = template(&question);
        assert!(only_template(&from_editor(&outline), &outline));
        assert!(only_template("Situation:\n\nResult:", &outline));
        assert!(!only_template("Situation: the outage\nResult:", &outline));
        assert!(!only_template("My story", &outline));
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
        ours.merge(theirs, t(100));
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
