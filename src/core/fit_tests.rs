//! Fits on synthetic learners whose true memory follows FSRS-6 with known weights, unlike the
//! defaults: their own fitted weights must predict their later reviews better than the defaults.

use chrono::{DateTime, Duration, TimeZone, Utc};
use fsrs::MemoryState;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::*;
use crate::core::bank::CardKey;
use crate::core::deadline::AnswerOdds;
use crate::core::schedule::{CardState, Scheduler, Settings};

/// A card's true memory, and when it was last reviewed.
type Truth = Option<(MemoryState, DateTime<Utc>)>;

/// A learner: true weights, and the true memory of each card.
struct Learner {
    truth: fsrs::FSRS,
    decay: f32,
    rng: StdRng,
}

impl Learner {
    fn new(weights: &Parameters, seed: u64) -> Self {
        Learner {
            truth: weights.model(),
            decay: weights.decay(),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// The rating of an answer at `at`, and the card's true memory after it.
    fn answer(&mut self, memory: Truth, at: DateTime<Utc>) -> (Rating, MemoryState) {
        let recall = memory.map_or(0.0, |(state, last)| {
            let days = (at - last).num_milliseconds() as f32 / 86_400_000.0;
            f64::from(fsrs::current_retrievability(state, days, self.decay))
        });
        let draws = [self.rng.random(), self.rng.random()];
        let rating = AnswerOdds::default().rating(memory.is_some(), recall, draws);
        let days = memory.map_or(0, |(_, last)| (at - last).num_days().max(0));
        let next = self
            .truth
            .next_states(
                memory.map(|(s, _)| s),
                0.9,
                u32::try_from(days).unwrap_or(0),
            )
            .expect("valid memory");
        let state = [next.again, next.hard, next.good, next.easy][rating as usize - 1].memory;
        (rating, state)
    }
}

/// The log of a learner drilled by the default scheduler for `days`: every due card, then up
/// to 8 new ones, each morning, answering two minutes apart until nothing is due.
fn drilled(weights: &Parameters, seed: u64, days: i64) -> Vec<Review> {
    let scheduler = Scheduler::new(Settings::default());
    let mut learner = Learner::new(weights, seed);
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .expect("valid");
    let mut cards: Vec<(CardKey, CardState, Truth)> = Vec::new();
    let mut log = Vec::new();
    for day in 0..days {
        let mut now = start + Duration::days(day);
        for _ in 0..8 {
            let key = CardKey::new("synthetic", &format!("q{}", cards.len()));
            cards.push((key, CardState::new_card(now), None));
        }
        let end = now + Duration::hours(2);
        while now < end {
            let Some(i) = (0..cards.len())
                .filter(|&i| cards[i].1.due <= now)
                .min_by_key(|&i| cards[i].1.due)
            else {
                now += Duration::minutes(2);
                continue;
            };
            let (key, state, memory) = &mut cards[i];
            let (rating, truth) = learner.answer(*memory, now);
            *state = scheduler.review(key, state, rating, now);
            *memory = Some((truth, now));
            log.push(Review {
                id: format!("r{}", log.len()),
                card: key.clone(),
                at: now,
                rating,
                duration_ms: 60_000,
                timed_out: false,
                typed_answer: None,
                cram: false,
                mock: false,
                round: None,
                extra: std::collections::BTreeMap::new(),
            });
            now += Duration::minutes(2);
        }
    }
    log
}

/// Weights unlike the defaults: first stabilities, growth, lapses and decay each moved.
fn learner_weights(initial: f32, growth: f32, lapse: f32, decay: f32) -> Parameters {
    let mut w = *Parameters::default().weights();
    for s in &mut w[..4] {
        *s *= initial;
    }
    w[8] += growth;
    w[11] *= lapse;
    w[20] = decay;
    Parameters::new(&w).expect("in bounds")
}

/// The learner's log, its first 300 scorable reviews as a history, and the 600 after them.
fn after_300(truth: &Parameters, seed: u64) -> (History, Vec<FSRSItem>) {
    let log = drilled(truth, seed, 120);
    let all = History::of(&log);
    assert!(
        all.len() > 1200,
        "learner {seed}: only {} reviews",
        all.len()
    );
    let last_fitted = all.at[299];
    let seen: Vec<Review> = log
        .iter()
        .filter(|r| r.at <= last_fitted)
        .cloned()
        .collect();
    let history = History::of(&seen);
    assert_eq!(history.len(), 300);
    (history, all.items[300..].to_vec())
}

#[test]
fn after_300_reviews_the_fitted_model_predicts_held_out_reviews_better() {
    // Learners unlike the defaults each way: remembering better, forgetting faster.
    let learners = [
        learner_weights(3.0, 0.3, 1.3, 0.35),
        learner_weights(1.8, 0.0, 1.0, 0.5),
        learner_weights(2.5, -0.4, 0.6, 0.2),
        learner_weights(0.5, -0.3, 0.7, 0.12),
        learner_weights(0.4, 0.5, 2.0, 0.3),
        learner_weights(2.0, 0.2, 1.0, 0.4),
    ];
    let (mut kept_total, mut default_total) = (0.0, 0.0);
    let mut report = Vec::new();
    for (seed, truth) in learners.iter().enumerate() {
        let (history, held_out) = after_300(truth, seed as u64);
        let fit = fit(&history, &Parameters::default(), &FitProgress::default()).expect("fits");
        let keep = fit.keep(&Parameters::default());
        let kept = if keep {
            fit.fitted
        } else {
            Parameters::default()
        };
        let default = score(&Parameters::default(), &held_out)
            .expect("scores")
            .log_loss;
        let fitted = score(&fit.fitted, &held_out).expect("scores").log_loss;
        let kept = score(&kept, &held_out).expect("scores").log_loss;
        report.push(format!(
            "learner {seed}: default {default:.4}, fitted {fitted:.4}, kept {}",
            if keep { "fitted" } else { "default" }
        ));
        kept_total += kept;
        default_total += default;
        // Within noise: 0.005 of log loss, about a tenth of the gap between defaults and truth.
        assert!(kept <= default + 0.005, "{}", report.join("\n"));
    }
    eprintln!("{}", report.join("\n"));
    assert!(kept_total < default_total, "{}", report.join("\n"));
}

#[test]
fn too_few_reviews_says_how_many_more() {
    let log = drilled(&Parameters::default(), 1, 4);
    let history = History::of(&log);
    let error =
        fit(&history, &Parameters::default(), &FitProgress::default()).expect_err("too few");
    assert_eq!(
        error,
        FitError::TooFew {
            have: history.len(),
            need: MIN_REVIEWS
        }
    );
    assert!(error.to_string().contains("more to go"), "{error}");
}

#[test]
fn only_reviews_on_a_later_day_are_scored() {
    let log = drilled(&Parameters::default(), 2, 3);
    let history = History::of(&log);
    assert!(history.items.iter().all(|item| {
        item.reviews.len() > 1 && item.reviews.last().is_some_and(|r| r.delta_t > 0)
    }));
    assert!(history.at.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn an_aborted_fit_stops() {
    let log = drilled(&Parameters::default(), 3, 40);
    let history = History::of(&log);
    let progress = FitProgress::default();
    progress.abort();
    assert_eq!(
        fit(&history, &Parameters::default(), &progress),
        Err(FitError::Interrupted)
    );
}

#[track_caller]
fn refit_case(before: usize, after: usize, due: bool) {
    assert_eq!(refit_due(before, after), due, "{before} -> {after}");
}

#[test]
fn refits_come_every_50_reviews_from_150() {
    refit_case(0, 149, false);
    refit_case(140, 150, true);
    refit_case(150, 199, false);
    refit_case(199, 200, true);
    refit_case(120, 260, true);
    refit_case(260, 260, false);
}
