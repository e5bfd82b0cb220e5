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

use crate::core::parameters::Parameters;
use crate::core::schedule::{CardState, Memory, Rating, days_between};

/// Recall on the day at which a question counts as ready.
pub const READY: f64 = 0.9;

/// A review that adds less than this to the expected number of questions recalled on the day
/// (with, in the last days, the chance of being ready), 1% of one question, is not worth the
/// candidate's time: "as ready as practice today can make you". It also keeps a card just
/// answered from being offered again for FSRS-6's small same-day gain (the chance of an easy
/// answer).
pub const MEANINGFUL_GAIN: f64 = 0.01;

/// Within this many days of the interview a review is likely a question's last before it (at 10
/// minutes a day the 24 built-in questions take about five days to go round), so what counts is
/// whether it leaves the question ready on the day, not only how much recall it adds: a card
/// lifted from 0.85 to 0.95 is then worth more than one lifted from 0.5 to 0.8, which the day
/// would still find unready. Earlier, expected recall alone builds the memory the last days
/// need. Tuned with the readiness benchmark on seed bases 1000 and 2000.
pub const LAST_DAYS: f64 = 3.0;

/// How far a candidate's true recall on the day may lie from the model's prediction, on the
/// log-odds scale: a question predicted at 0.93 is ready with a chance of about 0.8, one at 0.85
/// with a chance of about 0.2. The memory model is the scheduler's, not the candidate's own.
const READY_SPREAD: f64 = 0.3;

/// What a review adds toward the interview.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Gain {
    /// To the expected recall on the day.
    pub recall: f64,
    /// To the chance that the question is ready (`READY` or more) on the day; counted only in
    /// the last `LAST_DAYS` days, else 0.
    pub ready: f64,
}

impl Gain {
    /// What the planner weighs: expected recall and the chance of being ready, one question each.
    pub fn value(self) -> f64 {
        self.recall + self.ready
    }
}

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

/// The interview each deck plans toward: a deck's own date where one is set (per role), else the
/// default. `None` for a deck is "no interview for this one", even when there is a default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interviews {
    pub default: Option<Interview>,
    pub by_deck: std::collections::BTreeMap<String, Option<Interview>>,
}

impl Interviews {
    /// The interview `deck` plans toward.
    pub fn of(&self, deck: &str) -> Option<Interview> {
        self.by_deck.get(deck).copied().unwrap_or(self.default)
    }

    /// Whether any deck has its own interview setting.
    pub fn per_deck(&self) -> bool {
        !self.by_deck.is_empty()
    }

    /// The soonest interview still ahead of `now` among `decks`.
    pub fn soonest<'a>(
        &self,
        decks: impl IntoIterator<Item = &'a str>,
        now: DateTime<Utc>,
    ) -> Option<Interview> {
        decks
            .into_iter()
            .filter_map(|deck| self.of(deck))
            .filter(|i| i.is_ahead(now))
            .min_by_key(|i| i.at)
    }
}

impl From<Option<Interview>> for Interviews {
    fn from(default: Option<Interview>) -> Self {
        Interviews {
            default,
            by_deck: std::collections::BTreeMap::new(),
        }
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

/// The stabilities FSRS-6 gives after one review, again to easy: the `fsrs` crate's formulas
/// with the scheduler's parameters, in f64 and only the stability, which is all the planner needs
/// and a fifth of the work of the crate's `next_states` (checked against it in the tests).
#[derive(Debug, Clone, Copy)]
struct Fsrs6 {
    w: [f64; 21],
    /// The forgetting curve's factor, `0.9^(-1/decay) - 1`.
    factor: f64,
    /// The short-term growth of each rating before the stability term, `e^(w17 (G - 3 + w18))`.
    short_term: [f64; 4],
}

const S_MIN: f64 = 0.001;
const S_MAX: f64 = 36_500.0;

impl Fsrs6 {
    fn new(parameters: &Parameters) -> Self {
        let w = parameters.weights().map(f64::from);
        let factor = 0.9f64.powf(-1.0 / w[20]) - 1.0;
        let short_term = [1.0, 2.0, 3.0, 4.0].map(|g: f64| (w[17] * (g - 3.0 + w[18])).exp());
        Fsrs6 {
            w,
            factor,
            short_term,
        }
    }

    fn recall(&self, stability: f64, days: f64) -> f64 {
        if stability <= 0.0 || !stability.is_finite() {
            return 0.0;
        }
        (days.max(0.0) / stability * self.factor + 1.0).powf(-self.w[20])
    }

    /// Stabilities after a review `days_elapsed` whole days after the last one (the crate's
    /// count), or after a first review.
    fn after(&self, memory: Option<Memory>, days_elapsed: i64) -> [f64; 4] {
        let w = &self.w;
        let Some(memory) = memory else {
            return [w[0], w[1], w[2], w[3]];
        };
        let s = memory.stability.clamp(S_MIN, S_MAX);
        let d = memory.difficulty.clamp(1.0, 10.0);
        let stabilities = if days_elapsed <= 0 {
            let term = s.powf(-w[19]);
            let mut out = [0.0; 4];
            for (i, growth) in self.short_term.iter().enumerate() {
                let sinc = growth * term;
                out[i] = s * if i >= 1 { sinc.max(1.0) } else { sinc };
            }
            out
        } else {
            let r = self.recall(s, days_elapsed as f64);
            let grow = w[8].exp() * (11.0 - d) * s.powf(-w[9]) * (((1.0 - r) * w[10]).exp() - 1.0);
            let lapse = (w[11]
                * d.powf(-w[12])
                * ((s + 1.0).powf(w[13]) - 1.0)
                * ((1.0 - r) * w[14]).exp())
            .min(s / (w[17] * w[18]).exp());
            [
                lapse,
                s * (grow * w[15] + 1.0),
                s * (grow + 1.0),
                s * (grow * w[16] + 1.0),
            ]
        };
        stabilities.map(|x| x.clamp(S_MIN, S_MAX))
    }
}

/// The planner's model: the scheduler's memory, read against one interview.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub interview: Interview,
    odds: AnswerOdds,
    model: Fsrs6,
}

impl Deadline {
    /// The planner for `interview`, with the memory model of `parameters` (the scheduler's).
    pub fn new(interview: Interview, parameters: &Parameters) -> Self {
        Deadline {
            interview,
            odds: AnswerOdds::default(),
            model: Fsrs6::new(parameters),
        }
    }

    pub fn odds(&self) -> AnswerOdds {
        self.odds
    }

    /// Predicted recall at the interview; 0 for a question never reviewed.
    pub fn recall_on_the_day(&self, card: Option<&CardState>) -> f64 {
        card.map_or(0.0, |c| self.recall_at(c, self.interview.at))
    }

    fn recall_at(&self, card: &CardState, at: DateTime<Utc>) -> f64 {
        match (card.memory, card.last_review) {
            (Some(memory), Some(last)) => {
                self.model.recall(memory.stability, days_between(last, at))
            }
            _ => 0.0,
        }
    }

    /// What a review at `now` adds toward the interview: expected recall on the day and, in the
    /// last days before it, the chance that the question is ready then.
    pub fn gain(&self, card: Option<&CardState>, now: DateTime<Utc>) -> Gain {
        let Some(outcomes) = self.outcomes(card, now) else {
            return Gain::default();
        };
        let expected =
            |f: &dyn Fn(f64) -> f64| outcomes.iter().map(|(p, r)| p * f(*r)).sum::<f64>();
        let before = self.recall_on_the_day(card);
        let last_days = days_between(now, self.interview.at) <= LAST_DAYS;
        Gain {
            recall: expected(&|r| r) - before,
            ready: if last_days {
                expected(&ready_chance) - ready_chance(before)
            } else {
                0.0
            },
        }
    }

    /// The review's outcomes at `now`: each with its probability and the recall on the day it
    /// leaves; `None` once the interview has begun.
    fn outcomes(&self, card: Option<&CardState>, now: DateTime<Utc>) -> Option<[(f64, f64); 4]> {
        let horizon = days_between(now, self.interview.at);
        if horizon <= 0.0 {
            return None;
        }
        let memory = card.and_then(|c| c.memory);
        let last = card.and_then(|c| c.last_review);
        let (Some(_), Some(last)) = (memory, last) else {
            let [again, hard, good, easy] = self
                .model
                .after(None, 0)
                .map(|s| self.model.recall(s, horizon));
            let [p1, p2, p3, p4] = self.odds.first;
            return Some([(p1, again), (p2, hard), (p3, good), (p4, easy)]);
        };
        // Whole days elapsed, as the scheduler counts them when it records the review.
        let days_elapsed = (now - last).num_seconds().div_euclid(86_400);
        let [again, hard, good, easy] = self
            .model
            .after(memory, days_elapsed)
            .map(|s| self.model.recall(s, horizon));
        let [ph, pg, pe] = self.odds.recalled;
        let stability = memory.map_or(0.0, |m| m.stability);
        let recall_now = self.model.recall(stability, days_between(last, now));
        Some([
            (1.0 - recall_now, again),
            (recall_now * ph, hard),
            (recall_now * pg, good),
            (recall_now * pe, easy),
        ])
    }
}

/// The chance that a question the model predicts at recall `r` on the day is truly ready then:
/// a logistic step at `READY` on the log-odds scale, `READY_SPREAD` wide.
fn ready_chance(r: f64) -> f64 {
    if r <= 0.0 {
        return 0.0;
    }
    let log_odds = |r: f64| {
        let r = r.clamp(1e-9, 1.0 - 1e-9);
        (r / (1.0 - r)).ln()
    };
    1.0 / (1.0 + (-(log_odds(r) - log_odds(READY)) / READY_SPREAD).exp())
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::core::bank::CardKey;
    use crate::core::schedule::{Scheduler, Settings};

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
        (Deadline::new(interview, scheduler.parameters()), scheduler)
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
        let unseen = deadline.gain(None, now).recall;
        let again = deadline.gain(Some(&just), now).recall;
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
            .map(|c| deadline.recall_on_the_day(Some(c)))
            .collect();
        let gains: Vec<f64> = cards
            .iter()
            .map(|c| deadline.gain(Some(c), eve).recall)
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
    fn in_the_last_days_a_card_near_ready_beats_one_the_day_would_find_unready() {
        let (deadline, scheduler) = deadline();
        let near = reviewed(&scheduler, &[(Rating::Good, "2026-03-04T19:00:00Z")]);
        let weak = reviewed(&scheduler, &[(Rating::Again, "2026-03-04T19:00:00Z")]);
        let on_the_day = [&near, &weak].map(|c| deadline.recall_on_the_day(Some(c)));
        assert!(
            on_the_day[0] > 0.8 && on_the_day[0] < READY && on_the_day[1] < 0.7,
            "recall on the day {on_the_day:?}"
        );
        // Two days before: the weak card gains more recall, but a review leaves it short of
        // ready more often than not, where the card near ready crosses the line.
        let late = at("2026-03-08T19:00:00Z");
        let [near_late, weak_late] = [&near, &weak].map(|c| deadline.gain(Some(c), late));
        assert!(
            weak_late.recall > near_late.recall,
            "{near_late:?} {weak_late:?}"
        );
        assert!(
            near_late.value() > weak_late.value(),
            "{near_late:?} {weak_late:?}"
        );
        // A week before, recall alone counts: more reviews are to come.
        let early = at("2026-03-03T19:00:00Z");
        let card = reviewed(&scheduler, &[(Rating::Good, "2026-03-01T19:00:00Z")]);
        let gain = deadline.gain(Some(&card), early);
        assert!(
            gain.recall > 0.0 && gain.ready.abs() < f64::EPSILON,
            "{gain:?}"
        );
    }

    #[test]
    fn the_model_matches_the_fsrs_crate() {
        let (_, scheduler) = deadline();
        // A candidate's own weights: slower forgetting, bigger first stabilities, another decay.
        let mut own = *scheduler.parameters().weights();
        for (i, factor) in [(0, 2.0), (1, 1.5), (2, 0.7), (8, 1.2), (11, 0.8), (20, 2.1)] {
            own[i] *= factor;
        }
        let own = Parameters::new(&own).expect("in bounds");
        for parameters in [Parameters::default(), own] {
            let scheduler = Scheduler::new(Settings {
                parameters,
                ..scheduler.settings().clone()
            });
            matches_the_crate(&scheduler);
        }
    }

    fn matches_the_crate(scheduler: &Scheduler) {
        let model = Fsrs6::new(scheduler.parameters());
        let memories = [
            None,
            Some(Memory {
                stability: 2.3,
                difficulty: 5.0,
            }),
            Some(Memory {
                stability: 0.2,
                difficulty: 8.7,
            }),
            Some(Memory {
                stability: 41.0,
                difficulty: 2.1,
            }),
        ];
        for memory in memories {
            for days in [0, 1, 3, 30] {
                let last = at("2026-03-01T10:00:00Z");
                let card = CardState {
                    memory,
                    last_review: memory.map(|_| last),
                    ..CardState::new_card(last)
                };
                let crate_says =
                    scheduler.next_memories(&card, last + chrono::Duration::days(days));
                let ours = model.after(memory, days);
                for (theirs, mine) in crate_says.iter().zip(ours) {
                    let gap = (theirs.stability - mine).abs() / theirs.stability;
                    assert!(
                        gap < 1e-4,
                        "{memory:?} after {days} days: {theirs:?} vs {mine}"
                    );
                }
            }
        }
        for (s, days) in [(2.3, 0.5), (10.0, 10.0), (0.2, 7.0)] {
            let theirs = crate::core::schedule::recall_after(s, days, scheduler.parameters());
            assert!((theirs - model.recall(s, days)).abs() < 1e-5);
        }
    }

    #[test]
    fn nothing_is_gained_after_the_interview() {
        let (deadline, _) = deadline();
        let after = deadline.interview.at + Duration::hours(1);
        assert_eq!(deadline.gain(None, after), Gain::default());
    }

    #[test]
    fn a_review_the_evening_before_counts_hours_not_days() {
        let (deadline, scheduler) = deadline();
        let card = reviewed(&scheduler, &[(Rating::Good, "2026-03-09T20:00:00Z")]);
        let recall = deadline.recall_on_the_day(Some(&card));
        assert!(recall > 0.95 && recall < 1.0, "recall {recall}");
    }
}
