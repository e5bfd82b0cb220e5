//! What `prepdrill optimize` prints: the fit's scores before and after, what was kept, the bar.

use std::fmt::Write as _;

use serde::Serialize;

use crate::core::fit::{Comparison, Fit, Score};

/// How an `optimize` ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Fitted { fit: Fit, keep: bool },
    TooFew { have: usize, need: usize },
}

/// The progress line on stderr while fitting.
pub fn bar(fraction: f64, reviews: usize) -> String {
    const WIDTH: usize = 24;
    let filled = ((fraction.clamp(0.0, 1.0) * WIDTH as f64).round() as usize).min(WIDTH);
    format!(
        "Fitting your memory model to {reviews} reviews [{}{}] {:>3.0}%",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        fraction.clamp(0.0, 1.0) * 100.0
    )
}

/// The report for a person. `custom`: the weights in use before were the candidate's own.
pub fn text(outcome: &Outcome, custom: bool) -> String {
    let current = if custom { "yours so far" } else { "defaults" };
    let mut out = String::new();
    match outcome {
        Outcome::TooFew { have, need } => {
            let _ = writeln!(
                out,
                "Not enough reviews to fit your memory model yet: {have} of the {need} it needs \
                 (reviews of a card on a later day than its previous one), {} more to go.",
                need - have
            );
            let _ = writeln!(
                out,
                "The {} weights stay; keep drilling and run `prepdrill optimize` again.",
                if custom { "current" } else { "default" }
            );
        }
        Outcome::Fitted { fit, keep } => {
            let _ = writeln!(
                out,
                "Memory model fitted to your {} reviews (reviews of a card on a later day than its previous one).\n",
                fit.reviews
            );
            let _ = writeln!(out, "{:<24}{:>10}{:>14}", "", "log loss", "RMSE (bins)");
            let rows = [
                ("later reviews", &fit.held_out),
                ("whole log", &fit.whole_log),
            ];
            for (name, comparison) in rows {
                for (i, (label, score)) in
                    [(current, comparison.current), ("fitted", comparison.fitted)]
                        .into_iter()
                        .enumerate()
                {
                    let first = if i == 0 { name } else { "" };
                    let _ = writeln!(
                        out,
                        "{first:<14}{label:<10}{:>10.4}{:>14.4}",
                        score.log_loss, score.rmse_bins
                    );
                }
            }
            let _ = writeln!(
                out,
                "\n\"later reviews\": fitted on your earlier reviews only, scored on the ones after them."
            );
            if *keep {
                let _ = writeln!(
                    out,
                    "Kept: the fitted weights predict your later reviews better. They are in your settings \
                     (fsrs-parameters); the schedule, the interview planner, plan, stats and the study sheet use them."
                );
                let _ = writeln!(
                    out,
                    "Back to FSRS-6's defaults: prepdrill config unset fsrs-parameters"
                );
            } else {
                let _ = writeln!(
                    out,
                    "Not kept: the fitted weights predict your later reviews no better; the {} weights stay.",
                    if custom { "current" } else { "default" }
                );
            }
        }
    }
    out
}

/// The drill summary's line after an automatic refit, with the forecast it gives now.
pub fn refit_line(reviews: usize, forecast: Option<(f64, usize)>) -> String {
    match forecast {
        Some((mean, questions)) => format!(
            "Memory model updated from your {reviews} reviews: forecast now {mean:.1} of {questions}."
        ),
        None => format!(
            "Memory model updated from your {reviews} reviews: it predicts your recall better (`prepdrill optimize` shows by how much)."
        ),
    }
}

#[derive(Serialize)]
struct ScoreJson {
    log_loss: f64,
    rmse_bins: f64,
}

#[derive(Serialize)]
struct ComparisonJson {
    current: ScoreJson,
    fitted: ScoreJson,
}

#[derive(Serialize)]
struct OptimizeJson {
    /// `kept`, `not-kept` or `too-few`.
    status: &'static str,
    /// Reviews that count towards a fit.
    reviews: usize,
    needed: usize,
    /// How many more reviews a fit needs; 0 once there are enough.
    more: usize,
    /// Whether the weights in use before were the candidate's own.
    current_is_custom: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    fitted: Option<Vec<f32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    held_out: Option<ComparisonJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    whole_log: Option<ComparisonJson>,
}

fn score(s: Score) -> ScoreJson {
    ScoreJson {
        log_loss: s.log_loss,
        rmse_bins: s.rmse_bins,
    }
}

fn comparison(c: &Comparison) -> ComparisonJson {
    ComparisonJson {
        current: score(c.current),
        fitted: score(c.fitted),
    }
}

/// The report for scripts.
pub fn json(outcome: &Outcome, custom: bool) -> serde_json::Result<String> {
    let value = match outcome {
        Outcome::TooFew { have, need } => OptimizeJson {
            status: "too-few",
            reviews: *have,
            needed: *need,
            more: need.saturating_sub(*have),
            current_is_custom: custom,
            fitted: None,
            held_out: None,
            whole_log: None,
        },
        Outcome::Fitted { fit, keep } => OptimizeJson {
            status: if *keep { "kept" } else { "not-kept" },
            reviews: fit.reviews,
            needed: crate::core::fit::MIN_REVIEWS,
            more: 0,
            current_is_custom: custom,
            fitted: Some(fit.fitted.weights().to_vec()),
            held_out: Some(comparison(&fit.held_out)),
            whole_log: Some(comparison(&fit.whole_log)),
        },
    };
    crate::ui::json::to_string(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills() {
        assert!(bar(0.0, 10).contains("[........................]   0%"));
        assert!(bar(0.5, 10).contains("[############............]  50%"));
        assert!(bar(2.0, 10).contains("[########################] 100%"));
    }
}
