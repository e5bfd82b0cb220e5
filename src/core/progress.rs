//! Progress: the review log, which is the truth, and each card's state derived from it.

use std::collections::BTreeMap;

use chrono::{DateTime, SubsecRound as _, Utc};
use serde::{Deserialize, Serialize};

use crate::core::bank::{Bank, CardKey};
use crate::core::mock_history::RoundMark;
use crate::core::schedule::{CardState, Rating, Scheduler};
use crate::core::session::Graded;

/// The progress file layout this build writes. Older files are migrated; newer ones are refused.
pub const SCHEMA_VERSION: u32 = 2;

/// One self-graded answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Random and unique, so two machines' logs can be merged by id.
    pub id: String,
    pub card: CardKey,
    pub at: DateTime<Utc>,
    pub rating: Rating,
    /// From the question appearing to the answer being revealed.
    pub duration_ms: u64,
    /// Whether the answer clock ran out before the reveal.
    pub timed_out: bool,
    /// What the candidate typed, in `--type` mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed_answer: Option<String>,
    /// A cram review: kept for answer-time stats, ignored by the schedule.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cram: bool,
    /// Graded in the review pass of a mock round (`prepdrill mock`); it schedules like any other.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mock: bool,
    /// The mock round this review was graded in, so `stats` lists each round once whatever the
    /// gaps. Older files have none; their mock reviews are grouped by time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<RoundMark>,
    /// Fields written by a newer prepdrill or another tool, kept as they are on save.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Review {
    /// The review a drill's (or mock round's) grade makes, stamped to the millisecond (plenty, and compact).
    pub fn of(graded: &Graded) -> Review {
        Review {
            id: graded.review_id.clone(),
            card: graded.key.clone(),
            at: graded.at.trunc_subsecs(3),
            rating: graded.rating,
            duration_ms: u64::try_from(graded.answer_time.num_milliseconds()).unwrap_or(0),
            timed_out: graded.timed_out,
            typed_answer: graded.typed_answer.clone(),
            cram: graded.cram,
            mock: graded.mock,
            round: graded.round.clone(),
            extra: BTreeMap::new(),
        }
    }

    /// Whether this review moves the card's schedule.
    pub fn schedules(&self) -> bool {
        !self.cram
    }
}

/// Why a review could not be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("review {id} of {card}: {reason}")]
    Invalid {
        id: String,
        card: CardKey,
        reason: String,
    },
}

pub use crate::core::merge::{MergeReport, Tombstone};
pub use crate::core::review_check::{
    FUTURE_SLACK_MINUTES, MAX_DURATION_MS, check_review, state_is_sane,
};

/// Everything prepdrill remembers about the candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// Every review ever made, oldest first. States are derived from it.
    pub reviews: Vec<Review>,
    /// Each reviewed card's state, as the log derives it.
    pub cards: BTreeMap<CardKey, CardState>,
    /// Cards skipped in a drill, hidden until the instant given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub buried: BTreeMap<CardKey, DateTime<Utc>>,
    /// Deletions (undo, reset), so a merge never resurrects them. Sorted, without duplicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Tombstone>,
    /// Fields written by a newer prepdrill of the same version, kept as they are on save.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: SCHEMA_VERSION,
            reviews: Vec::new(),
            cards: BTreeMap::new(),
            buried: BTreeMap::new(),
            removed: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

impl Progress {
    /// The card's state, or a new card due at `now` if it was never reviewed.
    pub fn card(&self, key: &CardKey, now: DateTime<Utc>) -> CardState {
        self.cards
            .get(key)
            .cloned()
            .unwrap_or_else(|| CardState::new_card(now))
    }

    /// Adds a review in time order and updates its card. A review dated before the card's later
    /// ones is inserted where it belongs and the card is replayed from the log: the log is the
    /// truth, so nothing is refused for being early.
    pub fn record(&mut self, review: Review, scheduler: &Scheduler) -> Result<(), ReviewError> {
        let card = self.card(&review.card, review.at);
        // The log stays sorted by (instant, id), the order a rebuild replays it in.
        let position = self
            .reviews
            .partition_point(|r| (r.at, &r.id) <= (review.at, &review.id));
        let is_latest_of_card = self.reviews[position..]
            .iter()
            .all(|r| r.card != review.card);
        let key = review.card.clone();
        let schedules = review.schedules();
        let (rating, at) = (review.rating, review.at);
        self.reviews.insert(position, review);
        if schedules {
            if is_latest_of_card && card.last_review.is_none_or(|last| last <= at) {
                let next = scheduler.review(&key, &card, rating, at);
                self.cards.insert(key, next);
            } else {
                self.rebuild_card(&key, scheduler);
            }
        }
        Ok(())
    }

    /// The instant a review of `key` stamped at `now` should carry: after the card's last
    /// review, so a grade given by one process right after another's stays in order (two grades
    /// at one instant would be ordered by their random ids). Nor at or before a reset of the
    /// card, which would delete it at the next merge.
    pub fn stamp(&self, key: &CardKey, now: DateTime<Utc>) -> DateTime<Utc> {
        crate::core::journal::cache_of(self, key).stamp(now)
    }

    /// Removes a review (the drill's undo) and re-derives its card. A tombstone keeps the removal
    /// when an older copy of the log is merged back.
    pub fn remove(&mut self, review_id: &str, scheduler: &Scheduler) -> Option<Review> {
        let index = self.reviews.iter().position(|r| r.id == review_id)?;
        let removed = self.reviews.remove(index);
        self.bury_tombstone(Tombstone::Review {
            id: removed.id.clone(),
        });
        self.rebuild_card(&removed.card, scheduler);
        Some(removed)
    }

    /// Re-derives every card's state from the log.
    pub fn rebuild(&mut self, scheduler: &Scheduler) {
        self.sort_log();
        let mut cards: BTreeMap<CardKey, CardState> = BTreeMap::new();
        for review in self.reviews.iter().filter(|r| r.schedules()) {
            let card = cards
                .remove(&review.card)
                .unwrap_or_else(|| CardState::new_card(review.at));
            let next = scheduler.review(&review.card, &card, review.rating, review.at);
            cards.insert(review.card.clone(), next);
        }
        // Fields a newer prepdrill stored on a card are not derived from the log: keep them.
        for (key, card) in &mut cards {
            if let Some(old) = self.cards.get_mut(key) {
                card.extra = std::mem::take(&mut old.extra);
            }
        }
        self.cards = cards;
    }

    fn rebuild_card(&mut self, key: &CardKey, scheduler: &Scheduler) {
        let extra = self
            .cards
            .get_mut(key)
            .map(|card| std::mem::take(&mut card.extra));
        let mut card: Option<CardState> = None;
        for review in self
            .reviews
            .iter()
            .filter(|r| &r.card == key && r.schedules())
        {
            let before = card.unwrap_or_else(|| CardState::new_card(review.at));
            card = Some(scheduler.review(key, &before, review.rating, review.at));
        }
        match card {
            Some(card) => self.cards.insert(
                key.clone(),
                CardState {
                    extra: extra.unwrap_or_default(),
                    ..card
                },
            ),
            None => self.cards.remove(key),
        };
    }

    /// Oldest first; the id breaks ties so every machine orders a merged log the same way.
    fn sort_log(&mut self) {
        self.reviews
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    }

    /// Reviewed cards whose questions have left the bank, with their review counts.
    /// They stay in the log and apply again if the question returns.
    pub fn orphans(&self, bank: &Bank) -> BTreeMap<CardKey, usize> {
        let mut orphans = BTreeMap::new();
        for review in &self.reviews {
            if bank.card(&review.card).is_none() {
                *orphans.entry(review.card.clone()).or_insert(0) += 1;
            }
        }
        orphans
    }

    /// Whether a skip still hides the card at `now`.
    pub fn is_buried(&self, key: &CardKey, now: DateTime<Utc>) -> bool {
        self.buried.get(key).is_some_and(|until| *until > now)
    }

    /// The reviews of one card, oldest first.
    pub fn reviews_of<'a>(&'a self, key: &'a CardKey) -> impl Iterator<Item = &'a Review> + 'a {
        self.reviews.iter().filter(move |r| &r.card == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::{review, scheduler};

    fn log(reviews: &[Review]) -> Progress {
        let mut progress = Progress::default();
        for r in reviews {
            progress.record(r.clone(), &scheduler()).expect("in order");
        }
        progress
    }

    #[test]
    fn rebuild_equals_incremental() {
        let mut progress = log(&[
            review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good),
            review("b", "q1", "2026-01-01T10:10:00Z", Rating::Good),
            review("c", "q2", "2026-01-02T10:00:00Z", Rating::Again),
            review("d", "q1", "2026-01-05T10:00:00Z", Rating::Hard),
        ]);
        let stored = progress.clone();
        progress.rebuild(&scheduler());
        assert_eq!(progress, stored);
    }

    #[test]
    fn merge_is_commutative_and_idempotent() {
        let a = log(&[
            review("a1", "q1", "2026-01-01T10:00:00Z", Rating::Good),
            review("a2", "q1", "2026-01-03T10:00:00Z", Rating::Easy),
        ]);
        let b = log(&[
            review("b1", "q1", "2026-01-02T10:00:00Z", Rating::Again),
            review("b2", "q2", "2026-01-02T11:00:00Z", Rating::Good),
        ]);
        let mut ab = a.clone();
        assert_eq!(ab.merge(&b, &scheduler(), now()).added, 2);
        let mut ba = b.clone();
        ba.merge(&a, &scheduler(), now());
        assert_eq!(ab, ba);
        let once = ab.clone();
        assert_eq!(ab.merge(&b, &scheduler(), now()).added, 0);
        assert_eq!(ab, once);
    }

    fn now() -> DateTime<Utc> {
        "2026-06-01T00:00:00Z".parse().expect("instant")
    }

    #[test]
    fn conflicting_copies_of_one_review_resolve_the_same_either_way() {
        let mut ours = review("x", "q1", "2026-01-01T10:00:00Z", Rating::Good);
        let mut theirs = ours.clone();
        theirs.rating = Rating::Again;
        for (label, change) in [("same instant", false), ("later instant", true)] {
            if change {
                theirs.at = "2026-01-01T10:00:01Z".parse().expect("instant");
                ours.rating = Rating::Easy;
            }
            let a = log(&[ours.clone()]);
            let b = log(&[theirs.clone()]);
            let mut ab = a.clone();
            ab.merge(&b, &scheduler(), now());
            let mut ba = b.clone();
            ba.merge(&a, &scheduler(), now());
            assert_eq!(ab, ba, "{label}");
            assert_eq!(ab.reviews.len(), 1, "{label}");
            let again = ab.clone();
            ab.merge(&a, &scheduler(), now());
            ab.merge(&b, &scheduler(), now());
            assert_eq!(ab, again, "{label}: idempotent");
        }
    }

    #[test]
    fn undo_and_reset_survive_merging_an_older_copy() {
        let older = log(&[
            review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good),
            review("b", "q2", "2026-01-01T11:00:00Z", Rating::Good),
            review("c", "q2", "2026-01-02T11:00:00Z", Rating::Again),
        ]);
        let mut newer = older.clone();
        newer.remove("a", &scheduler());
        assert_eq!(newer.reset(Some(&CardKey::new("d", "q2")), now()), 2);
        let mut merged = newer.clone();
        merged.merge(&older, &scheduler(), now());
        assert!(merged.reviews.is_empty(), "{:?}", merged.reviews);
        let mut other_way = older.clone();
        other_way.merge(&newer, &scheduler(), now());
        assert_eq!(merged, other_way);
        // A review given after the reset still counts.
        let mut later = log(&[review("d", "q2", "2026-07-01T10:00:00Z", Rating::Good)]);
        later.merge(
            &merged,
            &scheduler(),
            "2026-07-02T00:00:00Z".parse().expect("now"),
        );
        assert_eq!(later.reviews.len(), 1);
        let mut all = older.clone();
        all.reset(None, now());
        all.merge(&older, &scheduler(), now());
        assert!(all.reviews.is_empty() && all.cards.is_empty());
    }

    #[test]
    fn invalid_reviews_are_refused_by_merge_and_dropped_on_load() {
        let mut hostile = log(&[review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good)]);
        hostile
            .reviews
            .push(review("f", "q1", "9999-12-31T23:59:59Z", Rating::Good));
        let mut long = review("g", "q2", "2026-01-01T10:00:00Z", Rating::Good);
        long.duration_ms = u64::MAX;
        hostile.reviews.push(long);
        let mut mine = Progress::default();
        let report = mine.merge(&hostile, &scheduler(), now());
        assert_eq!(report.added, 1);
        let reasons: Vec<String> = report.refused.iter().map(ToString::to_string).collect();
        assert!(
            reasons[0].contains("review f of d/q1") && reasons[0].contains("future"),
            "{reasons:?}"
        );
        assert!(reasons[1].contains("longer than a day"), "{reasons:?}");
        let refused = hostile.sanitize(&scheduler(), now());
        assert_eq!(refused.len(), 2);
        assert_eq!(hostile, mine);
    }

    #[test]
    fn a_review_ahead_of_this_clock_is_kept_and_only_the_absurd_is_refused() {
        let hour_ahead = review("h", "q1", "2026-06-01T01:00:00Z", Rating::Good);
        let month_ahead = review("m", "q2", "2026-07-01T00:00:00Z", Rating::Good);
        let years_ahead = review("y", "q3", "2028-06-01T00:00:00Z", Rating::Good);
        let mut synced = log(&[hour_ahead, month_ahead, years_ahead]);
        let mut mine = Progress::default();
        let report = mine.merge(&synced, &scheduler(), now());
        assert_eq!((report.added, report.refused.len()), (2, 1));
        let refused = synced.sanitize(&scheduler(), now());
        assert_eq!(refused.len(), 1);
        assert!(refused[0].to_string().contains("review y of d/q3"));
        assert_eq!(synced, mine);
    }

    #[test]
    fn a_review_before_the_last_is_inserted_and_replayed() {
        let mut progress = log(&[review("a", "q1", "2026-01-02T10:00:00Z", Rating::Good)]);
        let early = review("b", "q1", "2026-01-01T10:00:00Z", Rating::Again);
        progress.record(early, &scheduler()).expect("early is fine");
        let ids: Vec<&str> = progress.reviews.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        let replayed = log(&[
            review("b", "q1", "2026-01-01T10:00:00Z", Rating::Again),
            review("a", "q1", "2026-01-02T10:00:00Z", Rating::Good),
        ]);
        assert_eq!(progress, replayed);
        assert_eq!(
            progress.stamp(
                &CardKey::new("d", "q1"),
                "2026-01-01T00:00:00Z".parse().expect("t")
            ),
            "2026-01-02T10:00:00.001Z"
                .parse::<DateTime<Utc>>()
                .expect("t")
        );
    }

    #[test]
    fn same_instant_reviews_rebuild_to_the_same_state() {
        let mut progress = log(&[
            review("b", "q1", "2026-01-01T10:00:00Z", Rating::Again),
            review("a", "q1", "2026-01-01T10:00:00Z", Rating::Easy),
        ]);
        let stored = progress.clone();
        progress.rebuild(&scheduler());
        assert_eq!(progress, stored);
    }

    #[test]
    fn cram_reviews_leave_the_schedule_alone() {
        let mut progress = log(&[review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good)]);
        let before = progress.cards.clone();
        let mut cram = review("b", "q1", "2026-01-01T11:00:00Z", Rating::Again);
        cram.cram = true;
        progress.record(cram, &scheduler()).expect("cram");
        assert_eq!(progress.cards, before);
        assert_eq!(progress.reviews.len(), 2);
    }

    #[test]
    fn undo_restores_the_previous_state() {
        let mut progress = log(&[review("a", "q1", "2026-01-01T10:00:00Z", Rating::Good)]);
        let before = progress.clone();
        progress
            .record(
                review("b", "q1", "2026-01-01T10:10:00Z", Rating::Easy),
                &scheduler(),
            )
            .expect("in order");
        progress.remove("b", &scheduler());
        assert_eq!(
            (&progress.reviews, &progress.cards),
            (&before.reviews, &before.cards)
        );
        assert_eq!(progress.removed, [Tombstone::Review { id: "b".into() }]);
        progress.remove("a", &scheduler());
        assert!(progress.cards.is_empty());
    }
}
