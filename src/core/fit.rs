//! Fitting the memory model to the candidate: FSRS-6 weights from their own review log, with the
//! `fsrs` crate's `compute_parameters`, and an honest comparison with the weights in use.
//!
//! Each review made on a later day than the card's previous one is a question the model can be
//! scored on: did it predict the recall? The log becomes one `FSRSItem` per such review (the
//! card's history up to it), in the order they were made. The comparison is a time-series split,
//! as the crate's own `evaluate_with_time_series_splits` makes it: the log is cut into six
//! segments; five times, weights are fitted on the segments so far and both they and the current
//! weights predict the next segment, which neither has seen fitted (the current weights may have
//! been, which favours keeping them). New weights are kept only when they predict those held-out
//! reviews better (lower log loss). The crate's `evaluate` on the whole log is reported beside,
//! as Anki reports it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use fsrs::{CombinedProgressState, ComputeParametersInput, FSRSError, FSRSItem, FSRSReview};

use crate::core::parameters::Parameters;
use crate::core::prior_fit;
use crate::core::progress::Review;
use crate::core::schedule::Rating;

/// Reviews on a later day than the card's previous one that a fit needs: below this even the
/// short-log fit (`prior_fit`) barely moves, and the held-out segments are a handful.
pub const MIN_REVIEWS: usize = 50;

/// From this many scorable reviews the crate's `compute_parameters` fits all 21 weights; below
/// it `prior_fit` moves a few of them from the defaults. (On fit-test learners 100..130 what
/// `optimize` kept predicted better with the short-log fit at 300 and 600 reviews, and with the
/// crate's at 1,000.)
pub const CRATE_FROM: usize = 1000;

/// New scorable reviews between two automatic refits (`auto-optimize`).
pub const REFIT_EVERY: usize = 25;

/// Whether the drill refits at the end of a session that took the scorable reviews from
/// `before` to `after`: once there are enough, each time another [`REFIT_EVERY`] is passed.
pub fn refit_due(before: usize, after: usize) -> bool {
    after >= MIN_REVIEWS && after / REFIT_EVERY > before / REFIT_EVERY
}

/// How many times the log is cut for the held-out comparison (the crate's own count).
const FOLDS: usize = 5;

/// The review log as the crate reads it: one item per scorable review, in time order.
#[derive(Debug, Clone, Default)]
pub struct History {
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
    /// When each item's last review was made.
    at: Vec<DateTime<Utc>>,
}

impl History {
    /// From a log sorted oldest first; cram reviews, which do not schedule, are left out. Days
    /// are whole 24-hour periods since the card's previous review, as the scheduler counts them.
    pub fn of(reviews: &[Review]) -> Self {
        let mut cards: HashMap<&crate::core::bank::CardKey, (i64, Vec<FSRSReview>, DateTime<Utc>)> =
            HashMap::new();
        let mut history = History::default();
        for review in reviews.iter().filter(|r| r.schedules()) {
            let next_id = cards.len() as i64;
            let (id, past, last) = cards
                .entry(&review.card)
                .or_insert_with(|| (next_id, Vec::new(), review.at));
            let days = if past.is_empty() {
                0
            } else {
                (review.at - *last).num_seconds().div_euclid(86_400).max(0)
            };
            let delta_t = u32::try_from(days).unwrap_or(u32::MAX);
            past.push(FSRSReview {
                rating: rating_number(review.rating),
                delta_t,
            });
            *last = review.at;
            if past.len() > 1 && delta_t > 0 {
                history.items.push(FSRSItem {
                    reviews: past.clone(),
                });
                history.card_ids.push(*id);
                history.at.push(review.at);
            }
        }
        history
    }

    /// Reviews the model can be scored on.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The instant of the latest scorable review.
    pub fn last_at(&self) -> Option<DateTime<Utc>> {
        self.at.last().copied()
    }
}

fn rating_number(rating: Rating) -> u32 {
    rating as u32
}

/// How well weights predict recall: the crate's log loss and RMSE over bins (lower is better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub log_loss: f64,
    pub rmse_bins: f64,
}

/// The weights in use against the fitted ones, on the same reviews.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub current: Score,
    pub fitted: Score,
}

impl Comparison {
    /// Whether the fitted weights predict better.
    pub fn fitted_wins(&self) -> bool {
        self.fitted.log_loss < self.current.log_loss
    }
}

/// What a fit found.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The reviews it was fitted on.
    pub reviews: usize,
    /// Weights fitted on the whole log.
    pub fitted: Parameters,
    /// Both sets of weights on reviews the fitted ones had not seen (the time-series split).
    pub held_out: Comparison,
    /// Both on the whole log, with the crate's `evaluate`.
    pub whole_log: Comparison,
}

impl Fit {
    /// Whether the fitted weights should replace the current ones: they predict the held-out
    /// reviews better, and differ from them.
    pub fn keep(&self, current: &Parameters) -> bool {
        self.held_out.fitted_wins() && self.fitted != *current
    }
}

/// Why no fit was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error(
        "{have} of the {need} reviews a fit needs (reviews of a card on a later day than its previous one); {} more to go",
        need - have
    )]
    TooFew { have: usize, need: usize },
    #[error("stopped before it finished")]
    Interrupted,
    #[error("the fsrs crate could not fit this log: {0}")]
    Crate(String),
}

impl From<FSRSError> for FitError {
    fn from(error: FSRSError) -> Self {
        match error {
            FSRSError::Interrupted => FitError::Interrupted,
            other => FitError::Crate(other.to_string()),
        }
    }
}

/// Progress of a fit, shared with whoever draws it; setting `want_abort` in `state` stops it.
#[derive(Debug, Default)]
pub struct FitProgress {
    /// The crate's progress within the current fit.
    pub state: Arc<Mutex<CombinedProgressState>>,
    /// Fits finished so far, of [`FitProgress::TOTAL`].
    pub done: AtomicUsize,
}

impl FitProgress {
    /// The fits one `optimize` makes: one per fold, then the whole log.
    pub const TOTAL: usize = FOLDS + 1;

    /// The share done, 0 to 1.
    pub fn fraction(&self) -> f64 {
        let done = self.done.load(Ordering::Relaxed);
        let within = self.state.lock().map_or(0.0, |s| {
            if s.total() == 0 || s.finished() {
                0.0
            } else {
                s.current() as f64 / s.total() as f64
            }
        });
        ((done as f64 + within) / Self::TOTAL as f64).min(1.0)
    }

    /// Asks the fit to stop at its next check.
    pub fn abort(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.want_abort = true;
        }
    }

    fn aborted(&self) -> bool {
        self.state.lock().is_ok_and(|s| s.want_abort)
    }
}

/// Fits weights to `history` and compares them with `current`.
pub fn fit(
    history: &History,
    current: &Parameters,
    progress: &FitProgress,
) -> Result<Fit, FitError> {
    let n = history.len();
    if n < MIN_REVIEWS {
        return Err(FitError::TooFew {
            have: n,
            need: MIN_REVIEWS,
        });
    }
    let segment = n / (FOLDS + 1);
    let mut current_sum = (0.0, 0.0);
    let mut fitted_sum = (0.0, 0.0);
    for fold in 0..FOLDS {
        let start = (fold + 1) * segment;
        let end = if fold + 1 == FOLDS {
            n
        } else {
            start + segment
        };
        let fitted = compute(history, start, progress)?;
        let test = &history.items[start..end];
        let weight = test.len() as f64;
        let before = score(current, test)?;
        let after = score(&fitted, test)?;
        current_sum.0 += weight * before.log_loss;
        current_sum.1 += weight * before.rmse_bins;
        fitted_sum.0 += weight * after.log_loss;
        fitted_sum.1 += weight * after.rmse_bins;
        progress.done.fetch_add(1, Ordering::Relaxed);
    }
    let tested = (n - segment) as f64;
    let mean = |(loss, rmse): (f64, f64)| Score {
        log_loss: loss / tested,
        rmse_bins: rmse / tested,
    };
    let fitted = compute(history, n, progress)?;
    progress.done.fetch_add(1, Ordering::Relaxed);
    Ok(Fit {
        reviews: n,
        fitted,
        held_out: Comparison {
            current: mean(current_sum),
            fitted: mean(fitted_sum),
        },
        whole_log: Comparison {
            current: score(current, &history.items)?,
            fitted: score(&fitted, &history.items)?,
        },
    })
}

/// Weights fitted to the first `len` items, rounded as the settings file keeps them: by
/// `prior_fit` when the whole log is short, by the crate when it is long. The held-out folds use
/// the same method as the final fit, so the comparison judges the method that is kept.
fn compute(history: &History, len: usize, progress: &FitProgress) -> Result<Parameters, FitError> {
    if progress.aborted() {
        return Err(FitError::Interrupted);
    }
    if history.len() < CRATE_FROM {
        return Ok(prior_fit::fit(&history.items[..len]));
    }
    crate_fit(history, len, progress)
}

/// Weights fitted to the first `len` items by the crate's `compute_parameters`.
fn crate_fit(
    history: &History,
    len: usize,
    progress: &FitProgress,
) -> Result<Parameters, FitError> {
    let weights = fsrs::compute_parameters(ComputeParametersInput {
        train_set: history.items[..len].to_vec(),
        card_ids: Some(history.card_ids[..len].to_vec()),
        progress: Some(Arc::clone(&progress.state)),
        ..ComputeParametersInput::default()
    })?;
    if progress.aborted() {
        return Err(FitError::Interrupted);
    }
    Parameters::clamped(&weights).map_err(|e| FitError::Crate(e.to_string()))
}

fn score(parameters: &Parameters, items: &[FSRSItem]) -> Result<Score, FitError> {
    let evaluation = parameters.model().evaluate(items.to_vec(), |_| true)?;
    Ok(Score {
        log_loss: f64::from(evaluation.log_loss),
        rmse_bins: f64::from(evaluation.rmse_bins),
    })
}

#[cfg(test)]
#[path = "fit_tests.rs"]
mod tests;
