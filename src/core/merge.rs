//! Merging two progress logs: the union of reviews, a symmetric rule for conflicting copies, and
//! tombstones so that what undo and reset removed stays removed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::bank::CardKey;
use crate::core::progress::{Progress, Review, ReviewError, check_review};
use crate::core::schedule::Scheduler;

/// A deletion, kept in the log so that merging an older copy cannot bring back what was removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tombstone {
    /// One review, undone in a drill.
    Review { id: String },
    /// `progress reset ID`: every review of the card dated up to `until`.
    Card { card: CardKey, until: DateTime<Utc> },
    /// `progress reset`: every review dated up to `until`.
    All { until: DateTime<Utc> },
}

impl Tombstone {
    /// Whether this deletion covers the review.
    pub fn covers(&self, review: &Review) -> bool {
        match self {
            Tombstone::Review { id } => *id == review.id,
            Tombstone::Card { card, until } => *card == review.card && review.at <= *until,
            Tombstone::All { until } => review.at <= *until,
        }
    }
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Reviews new to this log.
    pub added: usize,
    /// Reviews removed by either side's tombstones.
    pub removed: usize,
    /// Reviews refused as invalid, with why.
    pub refused: Vec<ReviewError>,
}

impl Progress {
    /// The union of two logs by review id, less every review either side deleted, then a
    /// rebuild. Commutative and idempotent, so progress can be synced between machines:
    /// - a review id in both logs with different content keeps the copy with the later instant,
    ///   and on a tie the one whose JSON sorts last, whichever file is local;
    /// - tombstones (undo, reset) from both sides are kept and applied to the union;
    /// - the other file's reviews that fail [`check_review`] against `now` are refused.
    pub fn merge(
        &mut self,
        other: &Progress,
        scheduler: &Scheduler,
        now: DateTime<Utc>,
    ) -> MergeReport {
        let mut report = MergeReport::default();
        let mut by_id: HashMap<String, usize> = self
            .reviews
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        for review in &other.reviews {
            if let Err(error) = check_review(review, now) {
                report.refused.push(error);
                continue;
            }
            if let Some(&i) = by_id.get(&review.id) {
                if winner(&self.reviews[i], review) {
                    self.reviews[i] = review.clone();
                }
            } else {
                by_id.insert(review.id.clone(), self.reviews.len());
                self.reviews.push(review.clone());
                report.added += 1;
            }
        }
        for tombstone in &other.removed {
            self.bury_tombstone(tombstone.clone());
        }
        let before = self.reviews.len();
        let tombstones = &self.removed;
        self.reviews
            .retain(|r| !tombstones.iter().any(|t| t.covers(r)));
        report.removed = before - self.reviews.len();
        report.added = report.added.saturating_sub(report.removed);
        for (key, until) in &other.buried {
            let entry = self.buried.entry(key.clone()).or_insert(*until);
            *entry = (*entry).max(*until);
        }
        for (key, value) in &other.extra {
            self.extra
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
        self.rebuild(scheduler);
        report
    }

    /// Forgets one card's reviews, or everything when `key` is `None`, up to `now` (or the
    /// latest review removed, if later). A tombstone keeps them forgotten through later merges.
    /// Returns how many went.
    pub fn reset(&mut self, key: Option<&CardKey>, now: DateTime<Utc>) -> usize {
        let before = self.reviews.len();
        self.apply_reset(self.reset_tombstone(key, now));
        before - self.reviews.len()
    }

    /// The tombstone [`reset`](Self::reset) leaves: dated `now`, or the latest review it
    /// covers if that is later.
    pub fn reset_tombstone(&self, key: Option<&CardKey>, now: DateTime<Utc>) -> Tombstone {
        let covered = |r: &&Review| key.is_none_or(|k| &r.card == k);
        let until = self
            .reviews
            .iter()
            .filter(covered)
            .map(|r| r.at)
            .max()
            .map_or(now, |last| last.max(now));
        match key {
            Some(key) => Tombstone::Card {
                card: key.clone(),
                until,
            },
            None => Tombstone::All { until },
        }
    }

    /// Removes what a reset tombstone covers, with the states and skips of the cards it names,
    /// and keeps the tombstone.
    pub(crate) fn apply_reset(&mut self, tombstone: Tombstone) {
        match &tombstone {
            Tombstone::Card { card, .. } => {
                self.cards.remove(card);
                self.buried.remove(card);
            }
            Tombstone::All { .. } => {
                self.cards.clear();
                self.buried.clear();
            }
            Tombstone::Review { .. } => {}
        }
        self.reviews.retain(|r| !tombstone.covers(r));
        self.bury_tombstone(tombstone);
    }

    pub(crate) fn bury_tombstone(&mut self, tombstone: Tombstone) {
        if let Err(at) = self.removed.binary_search(&tombstone) {
            self.removed.insert(at, tombstone);
        }
    }
}

/// Whether `theirs` replaces `ours` for one review id: the later instant wins, then the copy
/// whose JSON sorts last. Symmetric, so the result never depends on which file is local.
fn winner(ours: &Review, theirs: &Review) -> bool {
    if ours == theirs {
        return false;
    }
    let json = |r: &Review| serde_json::to_string(r).unwrap_or_default();
    (theirs.at, json(theirs)) > (ours.at, json(ours))
}
