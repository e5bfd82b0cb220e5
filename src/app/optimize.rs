//! `prepdrill optimize`, and the drill's refit at the end of a session (`auto-optimize`): fit
//! the memory model to the review log, keep it when it predicts better, save it in the settings.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Context, print};
use crate::core::fit::{Fit, FitError, FitProgress, History, MIN_REVIEWS, fit, refit_due};
use crate::core::parameters::Parameters;
use crate::store::config::Config;
use crate::ui::fit_report;

/// The longest an automatic refit may hold up the end of a drill.
const AUTO_BUDGET: Duration = Duration::from_secs(5);

pub fn optimize(context: &Context, json: bool) -> anyhow::Result<ExitCode> {
    let scheduler = context.settings_scheduler()?;
    let progress = context.progress(&scheduler)?;
    let history = History::of(&progress.reviews);
    let current = *scheduler.parameters();
    let bar = !json && std::io::stderr().is_terminal();
    let result = run(&history, &current, None, bar);
    let outcome = match result {
        Ok(fit) => {
            let keep = fit.keep(&current);
            if keep {
                save(context, &fit.fitted)?;
            }
            fit_report::Outcome::Fitted { fit, keep }
        }
        Err(FitError::TooFew { have, need }) => fit_report::Outcome::TooFew { have, need },
        Err(error) => anyhow::bail!(
            "{}: {error}; your settings are unchanged",
            context.paths.progress_file().display()
        ),
    };
    let custom = !current.is_default();
    if json {
        print(&fit_report::json(&outcome, custom)?)?;
    } else {
        print(&fit_report::text(&outcome, custom, &context.advice("")))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `parameters` to the settings file under its lock.
fn save(context: &Context, parameters: &Parameters) -> anyhow::Result<()> {
    let text = parameters.to_string();
    Config::update(&context.paths.config_file, |config| {
        config.set(crate::store::config::Key::FsrsParameters, &text)
    })?;
    Ok(())
}

/// Fits on a worker thread, drawing a bar on stderr when asked, and stopping it after `budget`.
fn run(
    history: &History,
    current: &Parameters,
    budget: Option<Duration>,
    bar: bool,
) -> Result<Fit, FitError> {
    if history.len() < MIN_REVIEWS {
        return Err(FitError::TooFew {
            have: history.len(),
            need: MIN_REVIEWS,
        });
    }
    let progress = FitProgress::default();
    let start = Instant::now();
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| fit(history, current, &progress));
        while !worker.is_finished() {
            if budget.is_some_and(|b| start.elapsed() > b) {
                progress.abort();
            }
            if bar {
                eprint!("\r{}", fit_report::bar(progress.fraction(), history.len()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        worker
            .join()
            .unwrap_or(Err(FitError::Crate("the fit stopped with a panic".into())))
    });
    if bar {
        eprint!("\r{}\r", " ".repeat(60));
    }
    debug_assert!(progress.done.load(Ordering::Relaxed) <= FitProgress::TOTAL);
    result
}

/// What the end of a drill says when it refitted the memory model.
pub(super) struct Refit {
    pub parameters: Parameters,
    pub reviews: usize,
}

/// The drill's refit: when `auto-optimize` is on and [`refit_due`] says so, fit within
/// [`AUTO_BUDGET`] and save the weights when they predict better. `before` is the scorable count when the drill began.
/// Quiet on failure: the drill's own work is saved already, and `optimize` says more.
pub(super) fn after_session(
    context: &Context,
    config: &Config,
    before: usize,
    history: &History,
    current: &Parameters,
) -> Option<Refit> {
    if !config.auto_optimize() || !refit_due(before, history.len()) {
        return None;
    }
    let fit = run(history, current, Some(AUTO_BUDGET), false).ok()?;
    if !fit.keep(current) {
        return None;
    }
    save(context, &fit.fitted).ok()?;
    Some(Refit {
        parameters: fit.fitted,
        reviews: fit.reviews,
    })
}
