//! The planner's pick before an interview: the card whose review now adds the most toward the
//! day per minute of expected answer time, if that gain is worth a review at all.

use chrono::{DateTime, Duration, Utc};

use super::{Queue, Reason};
use crate::core::deadline::{Gain, MEANINGFUL_GAIN};
use crate::core::session::QueuedCard;

/// A card the planner may choose, with the minutes its answers take.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) card: QueuedCard,
    /// Answer time so far, and how many answers, to expect the next one's length.
    pub(super) spent: Duration,
    pub(super) answers: i32,
}

impl Candidate {
    /// The expected length of the next answer: the past answers' mean, drawn toward the card's
    /// answer time as if it had been answered in exactly that time `PRIOR_ANSWERS` times, so one
    /// quick or slow answer (or a script answering at once) does not swing the plan.
    fn minutes(&self) -> f64 {
        let expected =
            (self.spent + self.card.answer_limit * PRIOR_ANSWERS) / (self.answers + PRIOR_ANSWERS);
        (expected.num_milliseconds() as f64 / 60_000.0).max(0.25)
    }
}

/// How many answers at its answer time a card's own answer times are weighed against.
const PRIOR_ANSWERS: i32 = 2;

impl Queue {
    /// The planner's pick at `now`: the most gain per minute, if that gain is worth a review.
    pub(super) fn best(&mut self, now: DateTime<Utc>) -> Option<(QueuedCard, Reason)> {
        let deadline = self.deadline.as_ref()?;
        if self.limit == Some(0) {
            self.worth = 0;
            return None;
        }
        let mut best: Option<(usize, Gain, f64)> = None;
        let mut worth = 0usize;
        for (index, candidate) in self.pool.iter().enumerate() {
            let key = &candidate.card.key;
            if self.returning.iter().any(|(_, c)| &c.key == key)
                || self.finished.contains(key)
                || (self.new_left == Some(0) && !self.states.contains_key(key))
            {
                continue;
            }
            let deadline = self.by_deck.get(key.deck()).unwrap_or(deadline);
            let gain = deadline.gain(self.states.get(key), now);
            if gain.value() < MEANINGFUL_GAIN {
                continue;
            }
            worth += 1;
            let per_minute = gain.value() / candidate.minutes();
            if best.is_none_or(|(_, _, top)| per_minute > top) {
                best = Some((index, gain, per_minute));
            }
        }
        self.worth = worth.saturating_sub(1);
        if let Some(limit) = self.limit {
            self.worth = self.worth.min(limit.saturating_sub(1));
        }
        let (index, gain, per_minute) = best?;
        Some((
            self.pool[index].card.clone(),
            Reason::Gain { gain, per_minute },
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::core::queue::Next;
    use crate::core::queue::tests::{at, picked, toward};
    use crate::core::schedule::Rating;

    #[test]
    fn an_unseen_card_beats_a_card_just_reviewed() {
        let mut queue = toward(
            &["seen", "unseen"],
            &[("seen", Rating::Good, "2026-03-01T18:55:00Z")],
        );
        assert_eq!(
            picked(&mut queue, "2026-03-01T19:00:00Z").as_deref(),
            Some("unseen")
        );
    }

    #[test]
    fn on_the_eve_the_lowest_recall_on_the_day_goes_first() {
        let history = [
            ("strong", Rating::Easy, "2026-03-05T19:00:00Z"),
            ("middling", Rating::Good, "2026-03-03T19:00:00Z"),
            ("weak", Rating::Hard, "2026-03-01T19:00:00Z"),
        ];
        let mut queue = toward(&["strong", "middling", "weak"], &history);
        assert_eq!(
            picked(&mut queue, "2026-03-09T19:00:00Z").as_deref(),
            Some("weak")
        );
    }

    #[test]
    fn new_questions_stop_at_the_cap() {
        let mut queue = toward(
            &["seen", "new1", "new2"],
            &[("seen", Rating::Good, "2026-03-01T10:00:00Z")],
        );
        queue.new_left = Some(1);
        let first = picked(&mut queue, "2026-03-02T19:00:00Z");
        assert_eq!(first.as_deref(), Some("new1"));
        let second = picked(&mut queue, "2026-03-02T19:02:00Z");
        assert_eq!(
            second.as_deref(),
            Some("seen"),
            "new2 waits: the cap is spent"
        );
    }

    #[test]
    fn nothing_worth_a_review_is_ready() {
        let history = [("a", Rating::Easy, "2026-03-09T20:00:00Z")];
        let mut queue = toward(&["a"], &history);
        assert_eq!(queue.next(at("2026-03-09T20:30:00Z")), Next::Ready);
    }
}
