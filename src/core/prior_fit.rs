//! A fit for short logs: two or three knobs on the default weights, moved only as far as the
//! reviews justify.
//!
//! The crate's `compute_parameters` fits all 21 weights and needs hundreds of reviews; below 64
//! it fits only the first stabilities, from a handful of second answers each. A candidate a
//! fortnight from an interview has 50 to 150. So this fit moves two weights, the forgetting
//! curve's decay (w20) and the growth of memory after a success (w8), and from 150 reviews also
//! the four first stabilities (w0..w3, scaled together), keeping the rest at their defaults. It is a maximum a posteriori fit: the two minimise the log loss of the reviews
//! (the crate's own prediction of each recall) plus a Gaussian prior centred on the defaults,
//! whose spreads are the crate's spreads of those weights across users (`PARAMS_STDDEV` in its
//! training). With few reviews the prior holds them near the defaults; with many the reviews win.
//! The search is Nelder-Mead, without gradients: three knobs and a few hundred evaluations take
//! milliseconds.
//!
//! Why these: on synthetic learners (fit tests, learners 100..130) moving w10 or the stability
//! after a lapse as well predicted later reviews no better at 50 and 100 reviews, and moving the
//! first stabilities made it worse there; from 150 they help, and without them a learner whose
//! first stabilities are 2.5 times the defaults is fitted worse than the defaults.

use fsrs::{FSRSItem, MemoryState};

use crate::core::parameters::{COUNT, Parameters};

/// A weight the fit moves, and the prior's spread on it.
struct Knob {
    index: usize,
    sigma: f64,
}

/// The first stabilities' scale: they move together, by `e^x`, with this spread of `x` (they
/// vary across users by an order of magnitude, so the spread is on the log scale).
const FIRST_SIGMA: f64 = 1.0;

/// From this many reviews the first stabilities move too; below it they held later reviews no
/// better (learners 100..130).
const FIRST_FROM: usize = 150;

/// The knobs, with the crate's spreads (`PARAMS_STDDEV`).
const KNOBS: [Knob; 2] = [
    // Growth after a success: e^w8.
    Knob {
        index: 8,
        sigma: 0.39,
    },
    // The forgetting curve's decay.
    Knob {
        index: 20,
        sigma: 0.27,
    },
];

/// The weights the knobs at `x` make from `base`, clamped into bounds; `x[2]` scales the first
/// stabilities.
fn weights(base: &Parameters, x: &[f64; 3]) -> Parameters {
    let mut w: [f32; COUNT] = *base.weights();
    for (knob, &x) in KNOBS.iter().zip(x) {
        w[knob.index] += x as f32;
    }
    for s in &mut w[..4] {
        *s *= x[2].exp() as f32;
    }
    // Every weight is finite, so clamping cannot fail; the base is a safe fallback.
    Parameters::clamped(&w).unwrap_or(*base)
}

/// The prior's penalty at `x`: half the sum of squared standardised distances from the defaults.
fn penalty(x: &[f64; 3]) -> f64 {
    KNOBS
        .iter()
        .zip(x)
        .map(|(knob, &x)| 0.5 * (x / knob.sigma).powi(2))
        .sum::<f64>()
        + 0.5 * (x[2] / FIRST_SIGMA).powi(2)
}

/// A review to predict: the card's memory comes from `history`; `days` later it was `recalled`.
struct Question {
    history: FSRSItem,
    days: f32,
    recalled: bool,
}

/// The reviews' total log loss under `parameters`: minus the log of the probability the model
/// gave to each outcome.
fn log_loss(parameters: &Parameters, questions: &[Question]) -> f64 {
    let model = parameters.model();
    let decay = parameters.decay();
    questions
        .iter()
        .map(|q| {
            let recall = model
                .memory_state(q.history.clone(), None)
                .map_or(0.5, |state: MemoryState| {
                    fsrs::current_retrievability(state, q.days, decay)
                });
            let p = f64::from(recall).clamp(1e-4, 1.0 - 1e-4);
            -(if q.recalled { p } else { 1.0 - p }).ln()
        })
        .sum()
}

/// Weights fitted to `items` (each a card's reviews, the last one scored), around the defaults.
pub fn fit(items: &[FSRSItem]) -> Parameters {
    let base = &Parameters::default();
    let questions: Vec<Question> = items
        .iter()
        .filter_map(|item| {
            let (last, history) = item.reviews.split_last()?;
            Some(Question {
                history: FSRSItem {
                    reviews: history.to_vec(),
                },
                days: last.delta_t as f32,
                recalled: last.rating > 1,
            })
        })
        .collect();
    if questions.len() >= FIRST_FROM {
        let objective = |x: &[f64; 3]| log_loss(&weights(base, x), &questions) + penalty(x);
        let best = nelder_mead(objective, 0.1, 300);
        return weights(base, &best);
    }
    let objective = |x: &[f64; 2]| {
        let x = [x[0], x[1], 0.0];
        log_loss(&weights(base, &x), &questions) + penalty(&x)
    };
    let best = nelder_mead(objective, 0.1, 200);
    weights(base, &[best[0], best[1], 0.0])
}

/// Nelder-Mead from the origin with a first step of `step` on each axis, for at most
/// `evaluations` evaluations of `f`.
fn nelder_mead<const N: usize>(
    f: impl Fn(&[f64; N]) -> f64,
    step: f64,
    evaluations: usize,
) -> [f64; N] {
    let mut simplex: Vec<([f64; N], f64)> = (0..=N)
        .map(|i| {
            let mut x = [0.0; N];
            if i > 0 {
                x[i - 1] = step;
            }
            (x, f(&x))
        })
        .collect();
    let mut used = N + 1;
    let along = |from: &[f64; N], to: &[f64; N], t: f64| {
        let mut x = [0.0; N];
        for i in 0..N {
            x[i] = from[i] + t * (to[i] - from[i]);
        }
        x
    };
    while used < evaluations {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        if simplex[N].1 - simplex[0].1 < 1e-7 {
            break;
        }
        let mut centroid = [0.0; N];
        for (x, _) in &simplex[..N] {
            for i in 0..N {
                centroid[i] += x[i] / N as f64;
            }
        }
        let worst = simplex[N];
        let reflected = along(&centroid, &worst.0, -1.0);
        let fr = f(&reflected);
        used += 1;
        if fr < simplex[0].1 {
            let expanded = along(&centroid, &worst.0, -2.0);
            let fe = f(&expanded);
            used += 1;
            simplex[N] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[N - 1].1 {
            simplex[N] = (reflected, fr);
        } else {
            let contracted = if fr < worst.1 {
                along(&centroid, &reflected, 0.5)
            } else {
                along(&centroid, &worst.0, 0.5)
            };
            let fc = f(&contracted);
            used += 1;
            if fc < fr.min(worst.1) {
                simplex[N] = (contracted, fc);
            } else {
                // Shrink toward the best point.
                let best = simplex[0].0;
                for vertex in &mut simplex[1..] {
                    vertex.0 = along(&best, &vertex.0, 0.5);
                    vertex.1 = f(&vertex.0);
                }
                used += N;
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex[0].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let best = nelder_mead(
            |x: &[f64; 2]| (x[0] - 1.0).powi(2) + 3.0 * (x[1] + 0.5).powi(2),
            0.3,
            500,
        );
        assert!((best[0] - 1.0).abs() < 1e-2, "{best:?}");
        assert!((best[1] + 0.5).abs() < 1e-2, "{best:?}");
    }

    #[test]
    fn no_reviews_keep_the_base() {
        assert_eq!(fit(&[]), Parameters::default().rounded());
    }
}
