//! The card life cycle of py-fsrs 6.3's `Scheduler`, over the `fsrs` crate's FSRS-6 memory model.
//!
//! The memory model (stability, difficulty, retrievability, intervals) is the crate's; this file only
//! decides which state a card moves to and when it is next due. Time is always passed in.

use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};
use serde::{Deserialize, Serialize};

use crate::core::bank::CardKey;
use crate::core::draws::{Draws, fnv1a};
use crate::core::parameters::Parameters;

/// A self-grade, with Anki's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

/// Where a card is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Never reviewed. py-fsrs calls this Learning at step 0 with no memory yet.
    New,
    Learning,
    Review,
    Relearning,
}

impl State {
    pub const ALL: [State; 4] = [
        State::New,
        State::Learning,
        State::Review,
        State::Relearning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Learning => "learning",
            State::Review => "review",
            State::Relearning => "relearning",
        }
    }
}

/// How many cards are in each state. Keyed by `State`, so a misspelt state does not compile,
/// where a string key read back by literal printed 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateCounts([usize; 4]);

impl StateCounts {
    pub fn add(&mut self, state: State) {
        self.0[state as usize] += 1;
    }

    pub fn get(&self, state: State) -> usize {
        self.0[state as usize]
    }
}

impl Serialize for StateCounts {
    /// The states that have cards, by name in alphabetical order: the shape `stats --json` has
    /// always printed.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut states: Vec<State> = State::ALL
            .into_iter()
            .filter(|&s| self.get(s) > 0)
            .collect();
        states.sort_by_key(|s| s.as_str());
        let mut map = serializer.serialize_map(Some(states.len()))?;
        for state in states {
            map.serialize_entry(state.as_str(), &self.get(state))?;
        }
        map.end()
    }
}

/// What FSRS knows about one card's memory.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub stability: f64,
    pub difficulty: f64,
}

/// A card's scheduling state after its last review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    pub state: State,
    /// Learning or relearning step; `None` in review.
    pub step: Option<usize>,
    pub memory: Option<Memory>,
    pub due: DateTime<Utc>,
    pub last_review: Option<DateTime<Utc>>,
    /// Scheduled reviews so far.
    pub reviews: u32,
    /// Times the card was forgotten after reaching review.
    pub lapses: u32,
    /// Fields written by a newer prepdrill or another tool, kept as they are on save.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl CardState {
    /// A card that has never been reviewed, due at once.
    pub fn new_card(now: DateTime<Utc>) -> Self {
        CardState {
            state: State::New,
            step: None,
            memory: None,
            due: now,
            last_review: None,
            reviews: 0,
            lapses: 0,
            extra: std::collections::BTreeMap::new(),
        }
    }
}

/// Scheduler settings; the defaults are py-fsrs 6.3's.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub desired_retention: f64,
    pub learning_steps: Vec<Duration>,
    pub relearning_steps: Vec<Duration>,
    pub maximum_interval_days: u32,
    pub fuzz: bool,
    /// The memory model's weights: FSRS-6's defaults, or the candidate's own.
    pub parameters: Parameters,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            desired_retention: 0.9,
            learning_steps: vec![Duration::minutes(1), Duration::minutes(10)],
            relearning_steps: vec![Duration::minutes(10)],
            maximum_interval_days: 36_500,
            fuzz: true,
            parameters: Parameters::default(),
        }
    }
}

/// A move in the life cycle: the new state and step, and the wait when it is a learning step
/// (`None`: a review interval in days, which depends on memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub state: State,
    pub step: Option<usize>,
    pub wait: Option<Duration>,
}

/// Fuzz bands of py-fsrs: ±15% of the days from 2.5 to 7, ±10% from 7 to 20, ±5% beyond.
const FUZZ_RANGES: [(f64, f64, f64); 3] = [
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.10),
    (20.0, f64::INFINITY, 0.05),
];

/// FSRS-6 with the settings' parameters and a life cycle of learning steps.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    settings: Settings,
}

impl Scheduler {
    pub fn new(settings: Settings) -> Self {
        Scheduler {
            fsrs: settings.parameters.model(),
            settings,
        }
    }

    /// The memory model's weights.
    pub fn parameters(&self) -> &Parameters {
        &self.settings.parameters
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The card after a review with `rating` at `now`. `key` seeds the fuzz, so replaying a log
    /// reproduces every due date.
    pub fn review(
        &self,
        key: &CardKey,
        card: &CardState,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> CardState {
        let memory = self.next_memories(card, now)[rating as usize - 1];
        let Transition { state, step, wait } = self.transition(card.state, card.step, rating);
        let due = match wait {
            Some(wait) => now + wait,
            None => now + Duration::days(self.review_interval_days(key, memory, now)),
        };
        CardState {
            state,
            step,
            memory: Some(memory),
            due,
            last_review: Some(now),
            reviews: card.reviews + 1,
            lapses: card.lapses + u32::from(card.state == State::Review && rating == Rating::Again),
            extra: card.extra.clone(),
        }
    }

    /// Where a rating moves a card in the life cycle, and how long it waits when that is a
    /// learning step. Memory plays no part, so stats can replay a long log cheaply.
    pub fn transition(&self, from: State, step: Option<usize>, rating: Rating) -> Transition {
        let in_steps = |state, step, wait| Transition {
            state,
            step: Some(step),
            wait: Some(wait),
        };
        let to_review = Transition {
            state: State::Review,
            step: None,
            wait: None,
        };
        if from == State::Review {
            return match (rating, self.settings.relearning_steps.first()) {
                (Rating::Again, Some(&first)) => in_steps(State::Relearning, 0, first),
                _ => to_review,
            };
        }
        let (state, steps) = if from == State::Relearning {
            (State::Relearning, &self.settings.relearning_steps)
        } else {
            (State::Learning, &self.settings.learning_steps)
        };
        let step = step.unwrap_or(0);
        if steps.is_empty() || (step >= steps.len() && rating != Rating::Again) {
            return to_review;
        }
        match rating {
            Rating::Again => in_steps(state, 0, steps[0]),
            Rating::Hard => {
                let wait = match (step, steps.as_slice()) {
                    (0, [only]) => *only * 3 / 2,
                    (0, [first, second, ..]) => (*first + *second) / 2,
                    _ => steps[step],
                };
                in_steps(state, step, wait)
            }
            Rating::Good if step + 1 < steps.len() => in_steps(state, step + 1, steps[step + 1]),
            Rating::Good | Rating::Easy => to_review,
        }
    }

    /// The card's memory after a review at `now` with each rating, again to easy. Whole days
    /// elapsed, as py-fsrs counts them; a second review on one day gets FSRS-6's short-term
    /// stability.
    pub fn next_memories(&self, card: &CardState, now: DateTime<Utc>) -> [Memory; 4] {
        let days_elapsed = card.last_review.map_or(0, |last| {
            (now - last).num_seconds().div_euclid(86_400).max(0)
        });
        self.memories_after(card.memory, days_elapsed)
    }

    fn memories_after(&self, memory: Option<Memory>, days_elapsed: i64) -> [Memory; 4] {
        let current = memory.map(|m| MemoryState {
            stability: m.stability as f32,
            difficulty: m.difficulty as f32,
        });
        let days = u32::try_from(days_elapsed).unwrap_or(u32::MAX);
        let retention = self.settings.desired_retention as f32;
        match self.fsrs.next_states(current, retention, days) {
            Ok(next) => [next.again, next.hard, next.good, next.easy].map(|state| Memory {
                stability: f64::from(state.memory.stability),
                difficulty: f64::from(state.memory.difficulty),
            }),
            // The crate refuses non-finite states; a corrupt memory starts over as a first review.
            Err(_) if memory.is_some() => self.memories_after(None, 0),
            Err(_) => {
                [Memory {
                    stability: f64::from(self.settings.parameters.weights()[0]),
                    difficulty: 5.0,
                }; 4]
            }
        }
    }

    /// Whole days until the next review: FSRS's interval, rounded as Python rounds, clamped to
    /// 1..=maximum, then fuzzed.
    fn review_interval_days(&self, key: &CardKey, memory: Memory, now: DateTime<Utc>) -> i64 {
        let maximum = i64::from(self.settings.maximum_interval_days);
        let raw = self.fsrs.next_interval(
            Some(memory.stability as f32),
            self.settings.desired_retention as f32,
            1,
        );
        let mut days = (f64::from(raw).round_ties_even() as i64).clamp(1, maximum);
        if self.settings.fuzz {
            days = fuzzed(days, maximum, fuzz_draw(key, now));
        }
        days
    }

    /// Predicted recall at `at`, 0 for a card never reviewed. Whole days elapsed, as py-fsrs
    /// reports it.
    pub fn retrievability(&self, card: &CardState, at: DateTime<Utc>) -> f64 {
        match (card.memory, card.last_review) {
            // A stability of zero or worse (a hand-edited file) would divide by zero: NaN%.
            (Some(memory), Some(_))
                if !(memory.stability.is_finite() && memory.stability > 0.0) =>
            {
                0.0
            }
            (Some(memory), Some(last)) => {
                let days = (at - last).num_seconds().div_euclid(86_400).max(0);
                recall_after(memory.stability, days as f64, self.parameters())
            }
            _ => 0.0,
        }
    }

    /// Predicted recall at the very instant `at`, counting part days: the planner's view, where
    /// a review in the evening and an interview the next morning are hours apart, not a day.
    pub fn recall_at(&self, card: &CardState, at: DateTime<Utc>) -> f64 {
        match (card.memory, card.last_review) {
            (Some(memory), Some(last)) => {
                recall_after(memory.stability, days_between(last, at), self.parameters())
            }
            _ => 0.0,
        }
    }
}

/// FSRS-6's forgetting curve, with the decay of `parameters`: recall after `days` for a memory
/// of `stability` days.
pub fn recall_after(stability: f64, days: f64, parameters: &Parameters) -> f64 {
    let recall = f64::from(fsrs::current_retrievability(
        MemoryState {
            stability: stability as f32,
            difficulty: 5.0,
        },
        days.max(0.0) as f32,
        parameters.decay(),
    ));
    // A stability of 0 from a damaged file would divide by zero; such a memory holds nothing.
    if recall.is_finite() { recall } else { 0.0 }
}

/// Days from `from` to `to`, with fractions; negative when `to` is earlier.
pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds() as f64 / 86_400_000.0
}

/// A draw in [0, 1) fixed by the card and the instant of the review.
fn fuzz_draw(key: &CardKey, now: DateTime<Utc>) -> f64 {
    let bytes = key
        .as_str()
        .bytes()
        .chain(now.timestamp_millis().to_le_bytes());
    Draws::new(fnv1a(bytes)).next_unit()
}

/// py-fsrs's `_get_fuzzed_interval`, with `draw` in [0, 1) in place of `random()`.
fn fuzzed(days: i64, maximum: i64, draw: f64) -> i64 {
    if (days as f64) < 2.5 {
        return days;
    }
    let delta = 1.0
        + FUZZ_RANGES
            .iter()
            .map(|&(start, end, factor)| factor * ((days as f64).min(end) - start).max(0.0))
            .sum::<f64>();
    let max_ivl = ((days as f64 + delta).round_ties_even() as i64).min(maximum);
    let min_ivl = ((days as f64 - delta).round_ties_even() as i64)
        .max(2)
        .min(max_ivl);
    // py-fsrs draws over max-min+1 values and rounds, which can land one past max_ivl; keep it in.
    let drawn = (draw * (max_ivl - min_ivl + 1) as f64 + min_ivl as f64).round_ties_even() as i64;
    drawn.clamp(min_ivl, max_ivl)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid instant")
    }

    fn key() -> CardKey {
        CardKey::new("d", "q")
    }

    fn no_fuzz() -> Scheduler {
        Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        })
    }

    #[test]
    fn learning_steps_follow_py_fsrs() {
        let s = no_fuzz();
        let t0 = at("2026-01-01T10:00:00Z");
        let new = CardState::new_card(t0);
        let good = s.review(&key(), &new, Rating::Good, t0);
        assert_eq!((good.state, good.step), (State::Learning, Some(1)));
        assert_eq!(good.due - t0, Duration::minutes(10));
        let hard = s.review(&key(), &new, Rating::Hard, t0);
        assert_eq!((hard.state, hard.step), (State::Learning, Some(0)));
        assert_eq!(hard.due - t0, Duration::seconds(330));
        let graduated = s.review(&key(), &good, Rating::Good, good.due);
        assert_eq!((graduated.state, graduated.step), (State::Review, None));
        let easy = s.review(&key(), &new, Rating::Easy, t0);
        assert_eq!(easy.state, State::Review);
        assert_eq!(easy.due - t0, Duration::days(8));
    }

    #[test]
    fn a_lapse_relearns_for_ten_minutes() {
        let s = no_fuzz();
        let t0 = at("2026-01-01T10:00:00Z");
        let review = s.review(&key(), &CardState::new_card(t0), Rating::Easy, t0);
        let lapse = s.review(&key(), &review, Rating::Again, review.due);
        assert_eq!(
            (lapse.state, lapse.step, lapse.lapses),
            (State::Relearning, Some(0), 1)
        );
        assert_eq!(lapse.due - review.due, Duration::minutes(10));
        let hard = s.review(&key(), &lapse, Rating::Hard, lapse.due);
        assert_eq!(hard.due - lapse.due, Duration::minutes(15));
    }

    #[track_caller]
    fn fuzz_case(days: i64, draw: f64, expected: i64) {
        assert_eq!(
            fuzzed(days, 36_500, draw),
            expected,
            "{days} days, draw {draw}"
        );
    }

    #[test]
    fn fuzz_stays_in_py_fsrs_ranges() {
        fuzz_case(2, 0.99, 2);
        fuzz_case(3, 0.0, 2);
        fuzz_case(3, 0.999, 4);
        fuzz_case(10, 0.0, 8);
        fuzz_case(10, 0.999, 12);
        fuzz_case(100, 0.0, 93);
        fuzz_case(100, 0.999, 107);
    }

    #[test]
    fn fuzz_is_reproducible() {
        let s = Scheduler::new(Settings::default());
        let t0 = at("2026-01-01T10:00:00Z");
        let card = s.review(&key(), &CardState::new_card(t0), Rating::Easy, t0);
        let later = card.due;
        assert_eq!(
            s.review(&key(), &card, Rating::Good, later),
            s.review(&key(), &card, Rating::Good, later)
        );
    }

    #[test]
    fn fuzzed_due_dates_of_a_known_history_are_pinned() {
        // Replays (undo, --at, merge, rebuild, the journal) must land on the dates once stored:
        // these were computed before the fuzz left rand's StdRng, and must never move.
        let s = Scheduler::new(Settings::default());
        let t0 = at("2026-01-01T10:00:00Z");
        let ratings = [
            Rating::Easy,
            Rating::Good,
            Rating::Good,
            Rating::Hard,
            Rating::Good,
            Rating::Easy,
            Rating::Good,
        ];
        let mut card = CardState::new_card(t0);
        let mut now = t0;
        let mut dues = Vec::new();
        for rating in ratings {
            card = s.review(&key(), &card, rating, now);
            dues.push(card.due.to_rfc3339());
            now = card.due;
        }
        assert_eq!(dues, PINNED_DUES);
    }

    const PINNED_DUES: [&str; 7] = [
        "2026-01-11T10:00:00+00:00",
        "2026-02-27T10:00:00+00:00",
        "2026-08-20T10:00:00+00:00",
        "2027-10-25T10:00:00+00:00",
        "2030-06-18T10:00:00+00:00",
        "2039-02-16T10:00:00+00:00",
        "2058-11-24T10:00:00+00:00",
    ];

    #[test]
    fn python_rounding() {
        assert!((2.5_f64.round_ties_even() - 2.0).abs() < f64::EPSILON);
        assert!((3.5_f64.round_ties_even() - 4.0).abs() < f64::EPSILON);
    }
}
