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
    let ids: Vec<String> = (0..n).map(|i| format!("q{i}")).collect();
    bank_of(&ids, 120)
}

/// A bank of one deck `d` with a technical question for each of `ids`, `answer_secs` each.
pub fn bank_of(ids: &[impl AsRef<str>], answer_secs: u32) -> Bank {
    let question = |id: &str| Question {
        id: id.into(),
        question: format!("Question {id}?"),
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
        answer_time_secs: Some(answer_secs),
        questions: ids.iter().map(|id| question(id.as_ref())).collect(),
    }])
    .expect("one deck")
}

/// The words (not stop words) of `text` whose clause tells no practice of the candidate's, those
/// that make no point at all (they contradict themselves) marked `!`.
pub fn stance_marked(text: &str) -> Vec<String> {
    crate::core::answer_text::AnswerText::new(text)
        .words
        .into_iter()
        .filter(|w| w.negated && !w.stop)
        .map(|w| {
            if w.contradicted {
                format!("!{}", w.plain)
            } else {
                w.plain
            }
        })
        .collect()
}

/// Asserts the words `text` marks, as [`stance_marked`] lists them.
#[track_caller]
pub fn stance_case(text: &str, expected: &[&str]) {
    assert_eq!(stance_marked(text), expected, "{text}");
}
