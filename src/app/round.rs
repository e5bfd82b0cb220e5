//! One start and one end for a drill session and a mock round alike: the check that grades can
//! be saved, the one effect sink that saves them, the choice of full screen or line mode, the
//! lock-wait screen and Ctrl-C during a wait, and the exit codes.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};

use super::Context;
use crate::core::bank::Bank;
use crate::core::clock::KEY_GUARD_MS;
use crate::core::deadline::Interviews;
use crate::core::own_answers::OwnAnswers;
use crate::core::progress::Review;
use crate::core::schedule::Scheduler;
use crate::core::session::{Effect, Unreviewed};
use crate::core::stats::Now;
use crate::store::files;
use crate::store::lock::{self, LockError, Waiter};
use crate::store::own_answers_file::OwnAnswersFile;
use crate::store::progress_file::{ProgressError, ProgressFile};
use crate::ui::drill_summary::grade_feedback;
use crate::ui::round::{DrillLook, EffectSink, LockWaiter, Outcome};
use crate::ui::session_plain::{self, LineRound};
use crate::ui::session_tui::{self, ScreenRound};
use crate::ui::style::Painter;
use crate::ui::terminal::Settling;
use crate::ui::wall_clock::WallClock;

/// Checks, before the first question, that grades can be saved, and holds saves back on a
/// hang-up so none is cut short. `what` names the command: "the drill".
pub(super) fn start(file: &ProgressFile, what: &str) -> anyhow::Result<()> {
    // Better to learn now than at the first grade that grades cannot be saved here.
    file.check_writable()
        .with_context(|| format!("{what} did not start, because it could not save your grades"))?;
    crate::ui::terminal::before_hangup_exit(|| std::mem::forget(files::hold_saves()));
    Ok(())
}

/// How the command wants its session or round run.
pub(super) struct Front {
    pub title: String,
    pub clock: WallClock,
    pub plain: bool,
    pub typing: bool,
    pub quiet: bool,
    /// The interview each deck plans toward, for the words confirming a grade.
    pub interviews: Interviews,
}

/// How a session or round ran.
pub(super) enum Ran {
    /// It ended; `painter` is for what the command prints after it. `settling` holds the
    /// terminal after a full screen (a line says the summary is coming, keys typed ahead are
    /// kept from the shell): drop it just before printing.
    Over {
        outcome: Outcome,
        painter: Painter,
        settling: Option<Settling>,
    },
}

/// Runs `round` full screen, or line by line when asked or when stdin or stdout is not a
/// terminal, saving every grade as it is given.
pub(super) fn run<R: ScreenRound + LineRound>(
    context: &Context,
    round: &mut R,
    bank: &Bank,
    file: &ProgressFile,
    scheduler: &Scheduler,
    front: Front,
) -> anyhow::Result<Ran> {
    let now = context.now;
    let mut saver = Saver {
        // Refused reviews were reported by the load before; a full screen has no room for them.
        file: file.clone().warn_with(None),
        scheduler,
        bury_until: now.end_of(now.today()),
        now,
        kept: None,
        interviews: front.interviews,
    };
    let plain = front.plain || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal();
    let look = DrillLook {
        title: front.title,
        clock: front.clock,
        painter: context.layout.painter,
        typing: front.typing,
        quiet: front.quiet,
        // A damaged answers file costs the drill only the own answers: it is left as it is.
        own: OwnAnswersFile::beside(saver.file.path())
            .load()
            .unwrap_or_else(|error| {
                super::warn(&format!("your own answers are left out: {error}"));
                OwnAnswers::default()
            }),
        guard_lines: std::io::stdin().is_terminal(),
        key_guard: key_guard(),
    };
    let ran = if plain {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut output = std::io::stdout();
        session_plain::run(round, bank, &mut saver, &look, &mut input, &mut output).map(|outcome| {
            Ran::Over {
                outcome,
                painter: Painter::PLAIN,
                settling: None,
            }
        })
    } else {
        match session_tui::run(round, bank, &mut saver, &look) {
            Ok((outcome, settling)) => Ok(Ran::Over {
                outcome,
                painter: context.layout.painter,
                settling,
            }),
            Err(error) => given_up(error).map(|outcome| Ran::Over {
                outcome,
                painter: context.layout.painter,
                settling: None,
            }),
        }
    };
    if let Some(path) = saver.kept.as_ref().filter(|p| p.exists()) {
        crate::ui::stderr::line(&format!(
            "prepdrill: your typed answers not graded yet are kept in {}",
            path.display()
        ));
    }
    ran
}

/// The exit code for how it ended, telling on stderr when it was interrupted.
pub(super) fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Finished => ExitCode::SUCCESS,
        // The shell's convention for a death by signal: 128 plus its number.
        Outcome::Interrupted(signal) => {
            crate::ui::stderr::line("prepdrill: interrupted; every grade given was saved");
            ExitCode::from(u8::try_from(128 + signal).unwrap_or(1))
        }
        // What was not saved was said when it was given up.
        Outcome::GaveUp(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
    }
}

/// The double-tap window: `PREPDRILL_KEY_GUARD_MS` when set to a whole number of milliseconds
/// (tests set it, to wait for text instead of sleeping past the window), else 300 ms.
fn key_guard() -> Duration {
    let ms = std::env::var("PREPDRILL_KEY_GUARD_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map_or(KEY_GUARD_MS, i64::from);
    Duration::milliseconds(ms)
}

/// Seconds each answer of a drill takes on its clock, in turn: `PREPDRILL_ANSWER_SECS` as
/// whole numbers separated by commas (`90,150,180`), so that tests over pinned days can answer
/// slowly without waiting. Unset, empty or unreadable, answers take the time they take.
pub(crate) fn answer_pace() -> Vec<i64> {
    std::env::var("PREPDRILL_ANSWER_SECS")
        .ok()
        .and_then(|v| {
            v.split(',')
                .map(|n| n.trim().parse::<u32>().ok().map(i64::from))
                .collect::<Option<Vec<_>>>()
        })
        .unwrap_or_default()
}

/// A save given up by Ctrl-C or a signal while it waited for another process's lock ends the
/// session as that signal would (exit 128 + its number), saying what was not saved; the summary
/// is still printed.
fn given_up(error: anyhow::Error) -> anyhow::Result<Outcome> {
    let signal = error.chain().find_map(|cause| match cause.downcast_ref() {
        Some(ProgressError::Lock(LockError::Interrupted { signal, .. })) => Some(*signal),
        _ => None,
    });
    match signal {
        Some(signal) => {
            crate::ui::stderr::line(&format!("prepdrill: {error:#}"));
            // With the terminal gone there is nowhere to print a summary: exit 129 at once.
            if signal == signal_hook::consts::SIGHUP || crate::ui::terminal::hung_up() {
                crate::ui::terminal::hang_up();
            }
            Ok(Outcome::GaveUp(signal))
        }
        None => Err(error),
    }
}

/// The one effect sink: saves what the session or round asks to save, and words the line
/// confirming it.
struct Saver<'a> {
    file: ProgressFile,
    scheduler: &'a Scheduler,
    bury_until: DateTime<Utc>,
    now: Now,
    /// The file holding typed answers of a mock round not graded yet, while there is one.
    kept: Option<PathBuf>,
    interviews: Interviews,
}

impl Saver<'_> {
    /// One change saved under the lock. With `wait` (full screen), a wait for another process's
    /// lock keeps the screen and clock alive and Ctrl-C gives it up; without, the wait is told
    /// on stderr.
    ///
    /// Full screen, a lock held past the lock timeout does not cost the grade: it stays in memory
    /// and the save is tried again, the screen alive, until the lock is free or the candidate
    /// gives up (Ctrl-C).
    fn save<T>(
        &self,
        wait: Option<&mut LockWaiter<'_>>,
        mut change: impl FnMut(&ProgressFile, &mut Waiter<'_>) -> Result<T, ProgressError>,
    ) -> anyhow::Result<T> {
        match wait {
            Some(wait) => loop {
                match change(&self.file, wait) {
                    Err(ProgressError::Lock(LockError::Busy { .. })) => {}
                    other => return Ok(other?),
                }
            },
            None => Ok(change(&self.file, &mut lock::stderr_waiter())?),
        }
    }
}

impl EffectSink for Saver<'_> {
    fn carry_out(
        &mut self,
        effect: Effect,
        wait: Option<&mut LockWaiter<'_>>,
    ) -> anyhow::Result<Option<String>> {
        let scheduler = self.scheduler;
        Ok(match effect {
            Effect::Record(graded) => {
                let review = Review::of(&graded);
                let (_, state) = self
                    .save(wait, |file, wait| {
                        file.record(scheduler, wait, review.clone(), None)
                    })
                    .with_context(|| {
                        let (id, rating) = (graded.key.id(), graded.rating.as_str());
                        format!(
                            "grade {rating} for {id} (`prepdrill rate {id} {rating}` records it later)"
                        )
                    })?;
                let at = Now {
                    at: graded.at,
                    ..self.now
                };
                let interview = self.interviews.of(graded.key.deck());
                let words = grade_feedback(graded.rating, state.due, at, graded.cram, interview);
                Some(format!("{}: {words}", graded.key.id()))
            }
            Effect::Remove(review_id) => {
                let removed =
                    self.save(wait, |file, wait| file.undo(scheduler, wait, &review_id))?;
                removed.map(|r| format!("{}: grade taken back", r.card.id()))
            }
            Effect::Bury(key) => {
                let until = self.bury_until;
                self.save(wait, |file, wait| file.bury(scheduler, wait, &key, until))?;
                Some(format!("{}: skipped until tomorrow", key.id()))
            }
            Effect::Bell => None,
            Effect::KeepTyped(unreviewed) => {
                self.keep_typed(&unreviewed)?;
                None
            }
        })
    }
}

impl Saver<'_> {
    /// Keeps a mock round's typed answers not yet graded in a file of their own beside the
    /// progress file, replaced whole each time; removed once none is left.
    fn keep_typed(&mut self, unreviewed: &Unreviewed) -> anyhow::Result<()> {
        let path = files::parent_dir(self.file.path())
            .join(format!("unreviewed-mock-answers-{}.md", unreviewed.round));
        if unreviewed.answers.is_empty() {
            match std::fs::remove_file(&path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(error)
                        .with_context(|| format!("{}: cannot remove it", path.display()));
                }
                _ => {}
            }
            self.kept = None;
            return Ok(());
        }
        let mut text = String::from(
            "# Typed answers of a mock round, not graded yet\n\nprepdrill keeps them here until each is graded in the round's review.\n",
        );
        for (key, answer) in &unreviewed.answers {
            let _ = write!(text, "\n## {key}\n\n{answer}\n");
        }
        files::replace(&path, |writer| writer.write_all(text.as_bytes()))
            .with_context(|| format!("{}: cannot keep your typed answers", path.display()))?;
        self.kept = Some(path);
        Ok(())
    }
}
