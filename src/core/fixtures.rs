//! Test fixtures shared by the core's unit tests: one of each, not a copy per module.

use crate::core::bank::CardKey;
use crate::core::progress::Review;
use crate::core::schedule::{Rating, Scheduler, Settings};

/// The default scheduler.
pub fn scheduler() -> Scheduler {
    Scheduler::new(Settings::default())
}

/// A plain one-second drill review of card `d/{card}` at `at` (RFC 3339).
pub fn review(id: &str, card: &str, at: &str, rating: Rating) -> Review {
    Review {
        id: id.into(),
        card: CardKey::new("d", card),
        at: at.parse().expect("instant"),
        rating,
        duration_ms: 1000,
        timed_out: false,
        typed_answer: None,
        cram: false,
        mock: false,
        round: None,
        extra: std::collections::BTreeMap::new(),
    }
}
