//! Progress: the review log, which is the truth, and each card's state derived from it.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, SubsecRound as _, Utc};
use serde::{Deserialize, Serialize};

use crate::core::bank::{Bank, CardKey};
use crate::core::schedule::{CardState, Rating, Scheduler};
use crate::core::session::Graded;

/// The progress file layout this build writes. Older files are migrated; newer ones are refused.
pub const SCHEMA_VERSION: u32 = 1;

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
}

impl Review {
    /// The review a drill's grade makes, stamped to the millisecond (plenty, and compact).
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
    #[error(
        "{card} was last reviewed at {last}, after {at}\nhint: give a later --at, or leave it out to use now"
    )]
    BeforeLastReview {
        card: CardKey,
        at: DateTime<Utc>,
        last: DateTime<Utc>,
    },
}

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
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: SCHEMA_VERSION,
            reviews: Vec::new(),
            cards: BTreeMap::new(),
            buried: BTreeMap::new(),
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

    /// Adds a review in log order and updates its card. A scheduled review may not predate the
    /// card's last one, because the schedule is only defined forwards in time.
    pub fn record(&mut self, review: Review, scheduler: &Scheduler) -> Result<(), ReviewError> {
        let card = self.card(&review.card, review.at);
        if review.schedules()
            && let Some(last) = card.last_review
            && review.at < last
        {
            return Err(ReviewError::BeforeLastReview {
                card: review.card,
                at: review.at,
                last,
            });
        }
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
            if is_latest_of_card {
                let next = scheduler.review(&key, &card, rating, at);
                self.cards.insert(key, next);
            } else {
                self.rebuild_card(&key, scheduler);
            }
        }
        Ok(())
    }

    /// Removes a review (the drill's undo) and re-derives its card.
    pub fn remove(&mut self, review_id: &str, scheduler: &Scheduler) -> Option<Review> {
        let index = self.reviews.iter().position(|r| r.id == review_id)?;
        let removed = self.reviews.remove(index);
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
        self.cards = cards;
    }

    fn rebuild_card(&mut self, key: &CardKey, scheduler: &Scheduler) {
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
            Some(card) => self.cards.insert(key.clone(), card),
            None => self.cards.remove(key),
        };
    }

    /// Oldest first; the id breaks ties so every machine orders a merged log the same way.
    fn sort_log(&mut self) {
        self.reviews
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    }

    /// The union of two logs by review id, then a rebuild: idempotent and commutative, so progress
    /// can be synced between machines. Returns how many reviews were new.
    pub fn merge(&mut self, other: &Progress, scheduler: &Scheduler) -> usize {
        let known: HashSet<String> = self.reviews.iter().map(|r| r.id.clone()).collect();
        let new: Vec<Review> = other
            .reviews
            .iter()
            .filter(|r| !known.contains(&r.id))
            .cloned()
            .collect();
        let added = new.len();
        self.reviews.extend(new);
        for (key, until) in &other.buried {
            let entry = self.buried.entry(key.clone()).or_insert(*until);
            *entry = (*entry).max(*until);
        }
        self.rebuild(scheduler);
        added
    }

    /// Forgets one card's reviews, or everything when `key` is `None`. Returns how many went.
    pub fn reset(&mut self, key: Option<&CardKey>) -> usize {
        let before = self.reviews.len();
        match key {
            Some(key) => {
                self.reviews.retain(|r| &r.card != key);
                self.cards.remove(key);
                self.buried.remove(key);
            }
            None => *self = Progress::default(),
        }
        before - self.reviews.len()
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
    use crate::core::schedule::Settings;

    fn scheduler() -> Scheduler {
        Scheduler::new(Settings::default())
    }

    fn review(id: &str, card: &str, at: &str, rating: Rating) -> Review {
        Review {
            id: id.into(),
            card: CardKey::new("d", card),
            at: at.parse().expect("instant"),
            rating,
            duration_ms: 1000,
            timed_out: false,
            typed_answer: None,
            cram: false,
        }
    }

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
        assert_eq!(ab.merge(&b, &scheduler()), 2);
        let mut ba = b.clone();
        ba.merge(&a, &scheduler());
        assert_eq!(ab, ba);
        let once = ab.clone();
        assert_eq!(ab.merge(&b, &scheduler()), 0);
        assert_eq!(ab, once);
    }

    #[test]
    fn a_review_before_the_last_is_refused() {
        let mut progress = log(&[review("a", "q1", "2026-01-02T10:00:00Z", Rating::Good)]);
        let early = review("b", "q1", "2026-01-01T10:00:00Z", Rating::Good);
        assert!(progress.record(early, &scheduler()).is_err());
        assert_eq!(progress.reviews.len(), 1);
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
        assert_eq!(progress, before);
        progress.remove("a", &scheduler());
        assert!(progress.cards.is_empty());
    }
}
