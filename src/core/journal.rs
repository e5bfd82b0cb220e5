//! The progress journal's entries: each change to progress as one line, carrying the touched
//! card's state after it, so that one card can be read without replaying the log.
//!
//! The review log stays the truth. An entry's `after` is a cache, like the snapshot's card
//! states: replaying the journal on the full log recomputes states with [`Progress::record`]
//! and friends, and replaying an entry twice changes nothing (a compaction cut short by a crash
//! leaves a journal whose entries the snapshot already holds).

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::bank::CardKey;
use crate::core::merge::Tombstone;
use crate::core::progress::{Progress, Review};
use crate::core::schedule::{CardState, Scheduler};

/// What a one-card command needs to know of a card: its state, its latest review (of any kind)
/// and the latest reset that covered it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CardCache {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<CardState>,
    /// The card's latest review, cram included, in log order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Latest>,
    /// The latest reset (of this card or of everything) that covered the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<DateTime<Utc>>,
    /// Fields another tool put beside the state; a snapshot read moves them into the state's own
    /// unknown fields, so they are kept.
    #[serde(flatten, skip_serializing)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A review's place in the log: instant, then id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Latest {
    pub at: DateTime<Utc>,
    pub id: String,
}

impl CardCache {
    /// The card's state, or a new card due at `now`.
    pub fn card(&self, now: DateTime<Utc>) -> CardState {
        self.state
            .clone()
            .unwrap_or_else(|| CardState::new_card(now))
    }

    /// The instant for a review of this card stamped at `now`: a millisecond after its last
    /// review and after its last reset, if `now` is not later already. See [`Progress::stamp`].
    pub fn stamp(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let millisecond = chrono::Duration::milliseconds(1);
        self.last
            .as_ref()
            .map(|l| l.at + millisecond)
            .into_iter()
            .chain(self.reset.map(|until| until + millisecond))
            .fold(now, DateTime::max)
    }

    /// The cache after recording `review`, when it is the card's latest review; `None` when it
    /// goes before a later one, which only a replay of the card's log can place.
    pub fn record(&self, review: &Review, scheduler: &Scheduler) -> Option<CardCache> {
        let place = Latest {
            at: review.at,
            id: review.id.clone(),
        };
        if self.last.as_ref().is_some_and(|last| *last >= place)
            || self
                .state
                .as_ref()
                .and_then(|s| s.last_review)
                .is_some_and(|last| last > review.at)
        {
            return None;
        }
        let state = if review.schedules() {
            let before = self.card(review.at);
            Some(scheduler.review(&review.card, &before, review.rating, review.at))
        } else {
            self.state.clone()
        };
        Some(CardCache {
            state,
            last: Some(place),
            reset: self.reset,
            extra: BTreeMap::new(),
        })
    }
}

/// One card's cache, read off the full log.
pub fn cache_of(progress: &Progress, key: &CardKey) -> CardCache {
    CardCache {
        state: progress.cards.get(key).cloned(),
        last: progress
            .reviews_of(key)
            .map(|r| Latest {
                at: r.at,
                id: r.id.clone(),
            })
            .max(),
        reset: resets(&progress.removed, key),
        extra: BTreeMap::new(),
    }
}

fn resets(removed: &[Tombstone], key: &CardKey) -> Option<DateTime<Utc>> {
    removed
        .iter()
        .filter_map(|t| match t {
            Tombstone::Card { card, until } if card == key => Some(*until),
            Tombstone::All { until } => Some(*until),
            _ => None,
        })
        .max()
}

/// Every card's cache: each card with a state, a review or a reset of its own.
pub fn caches(progress: &Progress) -> BTreeMap<CardKey, CardCache> {
    let mut all: BTreeMap<CardKey, CardCache> = BTreeMap::new();
    for (key, state) in &progress.cards {
        all.entry(key.clone()).or_default().state = Some(state.clone());
    }
    for review in &progress.reviews {
        let place = Latest {
            at: review.at,
            id: review.id.clone(),
        };
        let entry = all.entry(review.card.clone()).or_default();
        if entry.last.as_ref().is_none_or(|last| *last < place) {
            entry.last = Some(place);
        }
    }
    for tombstone in &progress.removed {
        if let Tombstone::Card { card, .. } = tombstone {
            all.entry(card.clone()).or_default();
        }
    }
    for (key, cache) in &mut all {
        cache.reset = resets(&progress.removed, key);
    }
    all
}

/// One change to progress, as the journal keeps it. The card comes first in each line, so a
/// reader looking for one card can pass over the others without parsing them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Entry {
    /// A grade (`rate`, a drill, a mock round).
    Review {
        card: CardKey,
        review: Review,
        after: CardCache,
    },
    /// A drill's undo.
    Undo {
        card: CardKey,
        id: String,
        after: CardCache,
    },
    /// A drill's skip: the card is hidden until the instant given.
    Bury { card: CardKey, until: DateTime<Utc> },
    /// `progress reset ID`.
    ResetCard { card: CardKey, until: DateTime<Utc> },
    /// `progress reset`.
    ResetAll { until: DateTime<Utc> },
    /// `progress merge`: what the other file added, and the cards it changed.
    Merge {
        delta: Box<Progress>,
        cards: BTreeMap<CardKey, CardCache>,
    },
}

/// The ops that name one card first: `{"op":"<op>","card":` starts their lines.
pub const CARD_OPS: [&str; 4] = ["review", "undo", "bury", "reset_card"];

impl Entry {
    /// The entry a reset's tombstone makes.
    pub fn of_reset(tombstone: Tombstone) -> Option<Entry> {
        match tombstone {
            Tombstone::Card { card, until } => Some(Entry::ResetCard { card, until }),
            Tombstone::All { until } => Some(Entry::ResetAll { until }),
            Tombstone::Review { .. } => None,
        }
    }

    /// The card's cache after this entry, when the entry touches it; `None` when it does not.
    pub fn cache_after(&self, key: &CardKey, before: &CardCache) -> Option<CardCache> {
        match self {
            Entry::Review { card, after, .. } | Entry::Undo { card, after, .. } if card == key => {
                Some(after.clone())
            }
            Entry::ResetCard { card, until } if card == key => Some(CardCache {
                reset: Some(before.reset.map_or(*until, |r| r.max(*until))),
                ..CardCache::default()
            }),
            Entry::ResetAll { until } => Some(CardCache {
                reset: Some(before.reset.map_or(*until, |r| r.max(*until))),
                ..CardCache::default()
            }),
            Entry::Merge { cards, .. } => cards.get(key).cloned(),
            _ => None,
        }
    }
}

/// The entry a merge makes: what `after` holds that `before` did not, and the cards whose
/// cache changed.
pub fn merge_entry(before: &Progress, after: &Progress) -> Entry {
    let old: std::collections::HashMap<&str, &Review> =
        before.reviews.iter().map(|r| (r.id.as_str(), r)).collect();
    let delta = Progress {
        reviews: after
            .reviews
            .iter()
            .filter(|r| old.get(r.id.as_str()).is_none_or(|o| *o != *r))
            .cloned()
            .collect(),
        cards: BTreeMap::new(),
        buried: after
            .buried
            .iter()
            .filter(|(k, v)| before.buried.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        removed: after
            .removed
            .iter()
            .filter(|t| before.removed.binary_search(t).is_err())
            .cloned()
            .collect(),
        extra: after
            .extra
            .iter()
            .filter(|(k, _)| !before.extra.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..Progress::default()
    };
    let was = caches(before);
    let mut cards = caches(after);
    for key in was.keys() {
        cards.entry(key.clone()).or_default();
    }
    cards.retain(|key, cache| was.get(key) != Some(cache));
    Entry::Merge {
        delta: Box::new(delta),
        cards,
    }
}

/// Replays journal entries onto the full log, each at most once.
pub struct Replay {
    ids: Option<HashSet<String>>,
    now: DateTime<Utc>,
}

impl Replay {
    /// A replay at `now`, the instant merged reviews are checked against.
    pub fn new(now: DateTime<Utc>) -> Self {
        Replay { ids: None, now }
    }

    /// Applies one entry. A review already in the log, or deleted by a tombstone, is passed over:
    /// replaying a journal that a snapshot already holds changes nothing.
    pub fn apply(&mut self, progress: &mut Progress, entry: Entry, scheduler: &Scheduler) {
        match entry {
            Entry::Review { review, .. } => {
                let ids = self
                    .ids
                    .get_or_insert_with(|| progress.reviews.iter().map(|r| r.id.clone()).collect());
                if ids.contains(&review.id) || progress.removed.iter().any(|t| t.covers(&review)) {
                    return;
                }
                ids.insert(review.id.clone());
                // Recording never fails; a review it refuses is simply not replayed.
                let _ = progress.record(review, scheduler);
            }
            Entry::Undo { id, .. } => {
                if let Some(ids) = &mut self.ids {
                    ids.remove(&id);
                }
                if progress.remove(&id, scheduler).is_none() {
                    progress.bury_tombstone(Tombstone::Review { id });
                }
            }
            Entry::Bury { card, until } => {
                progress.buried.insert(card, until);
            }
            Entry::ResetCard { card, until } => {
                self.ids = None;
                progress.apply_reset(Tombstone::Card { card, until });
            }
            Entry::ResetAll { until } => {
                self.ids = None;
                progress.apply_reset(Tombstone::All { until });
            }
            Entry::Merge { delta, .. } => {
                self.ids = None;
                // The delta was checked when it was merged; the clock has only moved on since.
                progress.merge(&delta, scheduler, self.now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::{review, scheduler};
    use crate::core::schedule::Rating;

    fn now() -> DateTime<Utc> {
        "2026-06-01T00:00:00Z".parse().expect("t")
    }

    #[test]
    fn the_cache_records_as_the_log_does() {
        let s = scheduler();
        let mut progress = Progress::default();
        let key = CardKey::new("d", "q1");
        let mut cache = CardCache::default();
        for (id, at, rating) in [
            ("a", "2026-01-01T10:00:00Z", Rating::Good),
            ("b", "2026-01-02T10:00:00Z", Rating::Again),
            ("c", "2026-01-05T10:00:00Z", Rating::Easy),
        ] {
            let r = review(id, "q1", at, rating);
            cache = cache.record(&r, &s).expect("latest");
            progress.record(r, &s).expect("recorded");
            assert_eq!(cache, cache_of(&progress, &key));
        }
        let early = review("0", "q1", "2026-01-03T10:00:00Z", Rating::Good);
        assert_eq!(
            cache.record(&early, &s),
            None,
            "an earlier review needs the log"
        );
        assert_eq!(
            cache.stamp("2026-01-01T00:00:00Z".parse().expect("t")),
            "2026-01-05T10:00:00.001Z"
                .parse::<DateTime<Utc>>()
                .expect("t")
        );
    }

    #[test]
    fn replaying_twice_changes_nothing() {
        let s = scheduler();
        let mut progress = Progress::default();
        progress
            .record(review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good), &s)
            .expect("recorded");
        let key = CardKey::new("d", "q1");
        let r = review("b", "q1", "2026-01-02T10:00:00Z", Rating::Again);
        let mut expected = progress.clone();
        expected.record(r.clone(), &s).expect("recorded");
        let entries = vec![
            Entry::Review {
                card: key.clone(),
                review: r,
                after: cache_of(&expected, &key),
            },
            Entry::Bury {
                card: key.clone(),
                until: "2026-01-03T00:00:00Z".parse().expect("t"),
            },
        ];
        expected
            .buried
            .insert(key.clone(), "2026-01-03T00:00:00Z".parse().expect("t"));
        for _ in 0..2 {
            let mut replay = Replay::new(now());
            for entry in entries.clone() {
                replay.apply(&mut progress, entry, &s);
            }
            assert_eq!(progress, expected);
        }
        let undo = Entry::Undo {
            card: key.clone(),
            id: "b".into(),
            after: CardCache::default(),
        };
        for _ in 0..2 {
            Replay::new(now()).apply(&mut progress, undo.clone(), &s);
            assert_eq!(progress.reviews.len(), 1);
        }
        // The review undone stays undone when its own entry is replayed again.
        Replay::new(now()).apply(&mut progress, entries[0].clone(), &s);
        assert_eq!(progress.reviews.len(), 1);
    }

    #[test]
    fn a_merge_entry_replays_to_the_merge() {
        let s = scheduler();
        let at = now();
        let mut ours = Progress::default();
        ours.record(review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good), &s)
            .expect("recorded");
        let mut theirs = Progress::default();
        theirs
            .record(review("b", "q2", "2026-01-02T10:00:00Z", Rating::Good), &s)
            .expect("recorded");
        theirs.reset(Some(&CardKey::new("d", "q1")), at);
        let mut merged = ours.clone();
        merged.merge(&theirs, &s, at);
        let entry = merge_entry(&ours, &merged);
        let Entry::Merge { cards, .. } = &entry else {
            panic!("a merge entry")
        };
        assert_eq!(cards.len(), 2, "{cards:?}");
        let mut replayed = ours.clone();
        Replay::new(now()).apply(&mut replayed, entry.clone(), &s);
        assert_eq!(replayed, merged);
        Replay::new(now()).apply(&mut replayed, entry, &s);
        assert_eq!(replayed, merged);
    }
}
