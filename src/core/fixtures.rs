//! Test fixtures shared by the core's unit tests: one of each, not a copy per module.

use crate::core::bank::{Bank, CardKey, Category, Deck, Question};
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

/// A bank of one deck `d` with `n` technical questions `q0`, `q1`, …, 120 seconds each.
pub fn bank(n: usize) -> Bank {
    let question = |i: usize| Question {
        id: format!("q{i}"),
        question: format!("Question {i}?"),
        why: "w".into(),
        answer: "a".into(),
        tags: vec!["t".into()],
        category: Category::Technical,
        key_points: vec![],
        answer_time_secs: None,
    };
    Bank::new(vec![Deck {
        deck: "d".into(),
        title: "T".into(),
        role: "R".into(),
        answer_time_secs: Some(120),
        questions: (0..n).map(question).collect(),
    }])
    .expect("one deck")
}
