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
    split(&log, 300, 900)
}

/// A log's first `n` scorable reviews as a history, and all after them (at least `to` in all).
fn split(log: &[Review], n: usize, to: usize) -> (History, Vec<FSRSItem>) {
    let all = History::of(log);
    assert!(all.len() >= to, "only {} reviews", all.len());
    let last_fitted = all.at[n - 1];
    let seen: Vec<Review> = log
        .iter()
        .filter(|r| r.at <= last_fitted)
        .cloned()
        .collect();
    let history = History::of(&seen);
    assert_eq!(history.len(), n);
    (history, all.items[n..].to_vec())
}

/// Weights drawn as the readiness bench draws its learners': first stabilities, growth, the
/// stability after a lapse and the decay each moved at random.
fn random_weights(seed: u64) -> Parameters {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut normal = || {
        let u1: f64 = rng.random::<f64>().max(1e-12);
        let u2: f64 = rng.random();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    let mut w = *Parameters::default().weights();
    let mut initial: Vec<f32> = (0..4)
        .map(|i| w[i] * (0.4 * normal()).exp() as f32)
        .collect();
    initial.sort_by(f32::total_cmp);
    w[..4].copy_from_slice(&initial);
    w[8] = (w[8] + 0.3 * normal() as f32).clamp(0.5, 3.5);
    w[10] *= (0.25 * normal()).exp() as f32;
    w[11] *= (0.3 * normal()).exp() as f32;
    w[20] = 0.1 + 0.3 * ((normal() / 4.0).clamp(-0.5, 0.5) + 0.5) as f32;
    Parameters::clamped(&w).expect("finite")
}

/// Mean held-out log loss over `learners` of the defaults, the short-log fit, the crate's fit,
/// the true weights, and what `fit` and `keep` leave in use (as `optimize` does), each fitted on
/// the first `n` scorable reviews and scored on the 300 after.
fn held_out_log_loss(learners: std::ops::Range<u64>, n: usize) -> [f64; 5] {
    let mut total = [0.0; 5];
    let count = learners.end - learners.start;
    for seed in learners {
        let truth = random_weights(seed);
        let log = drilled(&truth, seed, if n > 300 { 150 } else { 90 });
        let (history, held_out) = split(&log, n, n + 300);
        let held_out = &held_out[..300];
        let fitted = [
            Parameters::default(),
            prior_fit::fit(&history.items),
            crate_fit(&history, n, &FitProgress::default()).expect("fits"),
            truth,
            match fit(&history, &Parameters::default(), &FitProgress::default()) {
                Ok(fit) if fit.keep(&Parameters::default()) => fit.fitted,
                _ => Parameters::default(),
            },
        ];
        for (sum, weights) in total.iter_mut().zip(fitted) {
            *sum += score(&weights, held_out).expect("scores").log_loss;
        }
    }
    total.map(|sum| sum / count as f64)
}

#[test]
fn from_50_reviews_the_short_log_fit_is_no_worse_than_the_defaults_and_beats_the_crates() {
    // Learners 200..230, never used to choose the knobs (those were 100..130, `tuning_table`).
    // Mean log loss on the 300 reviews after the first n, on these learners:
    // n    defaults  short-log fit  crate's fit  kept by optimize
    // 50   0.3500    0.3510         0.3529       0.3503
    // 100  0.3468    0.3467         0.3528       0.3471
    // 300  0.3496    0.3487         0.3541       0.3494
    let mut report =
        vec!["reviews | defaults | short-log fit | crate's fit | kept by optimize".to_string()];
    for n in [50, 100, 300] {
        let [default, prior, crate_fitted, _, kept] = held_out_log_loss(200..230, n);
        report.push(format!(
            "{n} | {default:.4} | {prior:.4} | {crate_fitted:.4} | {kept:.4}"
        ));
        // Within noise of the defaults (as below), and better than the crate's fit.
        assert!(prior <= default + 0.005, "{}", report.join("\n"));
        assert!(kept <= default + 0.005, "{}", report.join("\n"));
        assert!(prior < crate_fitted, "{}", report.join("\n"));
    }
    eprintln!("{}", report.join("\n"));
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
fn refits_come_every_25_reviews_from_50() {
    refit_case(0, 49, false);
    refit_case(40, 50, true);
    refit_case(50, 74, false);
    refit_case(74, 75, true);
    refit_case(20, 260, true);
    refit_case(260, 260, false);
}

/// The table the knobs were chosen on: learners 100..130, mean held-out log loss of the
/// defaults, the short-log fit, the crate's fit and the true weights. Run with
/// `cargo test --lib tuning_table -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, for choosing the short-log fit's knobs"]
fn tuning_table() {
    for n in [50, 100, 300, 600, 1000] {
        let [default, prior, crate_fitted, truth, kept] = held_out_log_loss(100..130, n);
        eprintln!(
            "{n} | {default:.4} | {prior:.4} | {crate_fitted:.4} | {truth:.4} | kept {kept:.4}"
        );
    }
}
