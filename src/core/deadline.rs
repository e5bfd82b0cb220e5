//! The interview as a deadline: how much a review now adds to the expected recall at the
//! interview, under the FSRS-6 memory model of the `fsrs` crate.
//!
//! A review now succeeds with the recall predicted now. Success (hard, good or easy, in the
//! proportions the crate's simulator uses) and a lapse each leave a new stability, and each
//! stability predicts a recall at the interview; the gain is their weighted mean less the recall
//! at the interview without the review. A question never seen counts as recall 0 on the day, and
//! its first review is weighted by the crate's first-answer proportions. A second review on one
//! day uses FSRS-6's short-term stability, which is why cramming one card adds little.

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::schedule::{CardState, Rating, Scheduler, days_between, recall_after};

/// Recall on the day at which a question counts as ready.
pub const READY: f64 = 0.9;

/// A review that adds less than this to the expected number of questions recalled on the day is
/// not worth the candidate's time: "as ready as practice today can make you".
pub const MEANINGFUL_GAIN: f64 = 0.002;

/// The interview: its day, and the instant it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interview {
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
}

impl Interview {
    /// Whether the interview is still ahead of `now`.
    pub fn is_ahead(&self, now: DateTime<Utc>) -> bool {
        self.at > now
    }
}

/// How answers are spread, from the `fsrs` crate's simulator defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnswerOdds {
    /// A first answer's rating: again, hard, good, easy.
    pub first: [f64; 4],
    /// A recalled answer's rating: hard, good, easy.
    pub recalled: [f64; 3],
}

impl Default for AnswerOdds {
    fn default() -> Self {
        let config = fsrs::SimulatorConfig::default();
        AnswerOdds {
            first: config.first_rating_prob.map(f64::from),
            recalled: config.review_rating_prob.map(f64::from),
        }
    }
}

impl AnswerOdds {
    /// The rating of an answer given `draws` in [0, 1): for a card never seen, by the first
    /// answers' odds; else recalled with probability `recall`, then hard, good or easy by their
    /// odds.
    pub fn rating(&self, seen: bool, recall: f64, draws: [f64; 2]) -> Rating {
        let pick = |odds: &[f64], draw: f64| {
            let mut left = draw * odds.iter().sum::<f64>();
            odds.iter()
                .position(|p| {
                    left -= p;
                    left < 0.0
                })
                .unwrap_or(odds.len() - 1)
        };
        if !seen {
            return Rating::ALL[pick(&self.first, draws[0])];
        }
        if draws[0] >= recall {
            return Rating::Again;
        }
        Rating::ALL[1 + pick(&self.recalled, draws[1])]
    }
}

/// The planner's model: the scheduler's memory, read against one interview.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub interview: Interview,
    odds: AnswerOdds,
}

impl Deadline {
    pub fn new(interview: Interview) -> Self {
        Deadline {
            interview,
            odds: AnswerOdds::default(),
        }
    }

    pub fn odds(&self) -> AnswerOdds {
        self.odds
    }

    /// Predicted recall at the interview; 0 for a question never reviewed.
    pub fn recall_on_the_day(&self, scheduler: &Scheduler, card: Option<&CardState>) -> f64 {
        card.map_or(0.0, |c| scheduler.recall_at(c, self.interview.at))
    }

    /// What a review at `now` adds to the expected recall at the interview.
    pub fn gain(&self, scheduler: &Scheduler, card: Option<&CardState>, now: DateTime<Utc>) -> f64 {
        let horizon = days_between(now, self.interview.at);
        if horizon <= 0.0 {
            return 0.0;
        }
        let fresh = CardState::new_card(now);
        let state = card.filter(|c| c.memory.is_some()).unwrap_or(&fresh);
        let [again, hard, good, easy] = scheduler
            .next_memories(state, now)
            .map(|memory| recall_after(memory.stability, horizon));
        if state.memory.is_none() {
            let [p1, p2, p3, p4] = self.odds.first;
            return p1 * again + p2 * hard + p3 * good + p4 * easy;
        }
        let [ph, pg, pe] = self.odds.recalled;
        let recalled = ph * hard + pg * good + pe * easy;
        let recall_now = scheduler.recall_at(state, now);
        let after = recall_now * recalled + (1.0 - recall_now) * again;
        after - scheduler.recall_at(state, self.interview.at)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::core::bank::CardKey;
    use crate::core::schedule::Settings;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid instant")
    }

    fn deadline() -> (Deadline, Scheduler) {
        let interview = Interview {
            day: NaiveDate::from_ymd_opt(2026, 3, 10).expect("valid date"),
            at: at("2026-03-10T09:00:00Z"),
        };
        let scheduler = Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        });
        (Deadline::new(interview), scheduler)
    }

    fn reviewed(scheduler: &Scheduler, ratings: &[(Rating, &str)]) -> CardState {
        let key = CardKey::new("d", "q");
        let mut card = CardState::new_card(at(ratings[0].1));
        for (rating, when) in ratings {
            card = scheduler.review(&key, &card, *rating, at(when));
        }
        card
    }

    #[test]
    fn an_unseen_card_beats_a_card_just_reviewed() {
        let (deadline, scheduler) = deadline();
        let now = at("2026-03-01T19:00:00Z");
        let just = reviewed(&scheduler, &[(Rating::Good, "2026-03-01T18:58:00Z")]);
        let unseen = deadline.gain(&scheduler, None, now);
        let again = deadline.gain(&scheduler, Some(&just), now);
        assert!(unseen > 0.3, "unseen gain {unseen}");
        assert!(
            unseen > 10.0 * again,
            "unseen {unseen} vs just reviewed {again}"
        );
    }

    #[test]
    fn on_the_eve_the_weakest_card_on_the_day_gains_most() {
        let (deadline, scheduler) = deadline();
        let eve = at("2026-03-09T19:00:00Z");
        let cards = [
            reviewed(&scheduler, &[(Rating::Good, "2026-03-01T19:00:00Z")]),
            reviewed(
                &scheduler,
                &[
                    (Rating::Good, "2026-03-01T19:00:00Z"),
                    (Rating::Good, "2026-03-04T19:00:00Z"),
                ],
            ),
            reviewed(&scheduler, &[(Rating::Hard, "2026-03-02T19:00:00Z")]),
            reviewed(&scheduler, &[(Rating::Easy, "2026-03-08T19:00:00Z")]),
        ];
        let on_the_day: Vec<f64> = cards
            .iter()
            .map(|c| deadline.recall_on_the_day(&scheduler, Some(c)))
            .collect();
        let gains: Vec<f64> = cards
            .iter()
            .map(|c| deadline.gain(&scheduler, Some(c), eve))
            .collect();
        let weakest = (0..cards.len())
            .min_by(|a, b| on_the_day[*a].total_cmp(&on_the_day[*b]))
            .expect("cards");
        let best = (0..cards.len())
            .max_by(|a, b| gains[*a].total_cmp(&gains[*b]))
            .expect("cards");
        assert_eq!(
            best, weakest,
            "recall on the day {on_the_day:?}, gains {gains:?}"
        );
    }

    #[test]
    fn nothing_is_gained_after_the_interview() {
        let (deadline, scheduler) = deadline();
        let after = deadline.interview.at + Duration::hours(1);
        assert!(deadline.gain(&scheduler, None, after).abs() < f64::EPSILON);
    }

    #[test]
    fn a_review_the_evening_before_counts_hours_not_days() {
        let (deadline, scheduler) = deadline();
        let card = reviewed(&scheduler, &[(Rating::Good, "2026-03-09T20:00:00Z")]);
        let recall = deadline.recall_on_the_day(&scheduler, Some(&card));
        assert!(recall > 0.95 && recall < 1.0, "recall {recall}");
    }
}
