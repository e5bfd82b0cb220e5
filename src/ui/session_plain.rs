//! The one line-mode loop, for screen readers, scripts and pipes, for the drill and the mock
//! round alike: it prints what comes on screen, reads a line, turns it into an action, and
//! hands the effects to the edge.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};

use crate::core::bank::{Bank, CardKey};
use crate::core::clock::KeyGuard;
use crate::ui::drill_plain::{point_indexes, toggle_line, write_wrapped};
use crate::ui::line_command::LineCommand;
use crate::ui::round::{DrillLook, EffectSink, Guarding, Outcome, Round, end_now};

/// What a kind of round adds to the line-mode loop: what it prints and what its lines mean.
pub trait LineRound: Round {
    /// What an ignored line came just after: "(Ignored: that came just after the grade.)".
    const GUARDED_AFTER: &'static str;
    /// Said when a line after the answer is neither a grade nor point letters.
    const TICK_HELP: &'static str;

    /// Whether `command` still counts within the double-tap window.
    fn passes_guard(command: LineCommand) -> bool;

    /// Printed once, before the first question.
    fn intro(&self, _output: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }

    /// Prints what is now on screen; `before` was on screen until now.
    fn show(
        &self,
        before: Option<&Self::Spot>,
        bank: &Bank,
        look: &DrillLook,
        notes: &LineNotes,
        output: &mut dyn Write,
    ) -> anyhow::Result<()>;

    /// The action `line` asks for, printing at once what it answers by itself (a hint, the
    /// points ticked, help).
    fn line_action(
        &mut self,
        line: &Line<'_>,
        bank: &Bank,
        look: &DrillLook,
        notes: &mut LineNotes,
        output: &mut dyn Write,
    ) -> anyhow::Result<Option<Self::Action>>;
}

/// A line read, as typed and as a command.
pub struct Line<'a> {
    /// The line without its line ending.
    pub text: &'a str,
    /// The line trimmed and in lower case, as point letters are read.
    pub lowered: &'a str,
    pub command: LineCommand,
}

/// What the loop remembers across lines for the question on screen.
#[derive(Debug, Default)]
pub struct LineNotes {
    /// Typing mode: the lines typed so far for the question being asked.
    pub typed: String,
    /// The card whose why-note was printed as a hint, so the reveal does not repeat it.
    pub hinted: Option<CardKey>,
}

/// Runs `round` over `input` lines, writing to `output`, until it ends or input runs out. The
/// end of a pipe ends it normally. On a terminal, end of input (Ctrl-D, a closed window) and
/// SIGHUP end it as a hang-up, exit 129; every grade given is already saved.
pub fn run<R: LineRound>(
    round: &mut R,
    bank: &Bank,
    sink: &mut dyn EffectSink,
    look: &DrillLook,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let on_terminal = std::io::stdin().is_terminal();
    // Blocked in a read, the loop would not see a flag; SIGHUP exits at once instead. Grades
    // are saved as they are given, and a save cut short leaves the previous file.
    signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGHUP,
        129,
        Arc::new(AtomicBool::new(true)),
    )?;
    round.intro(output)?;
    let mut shown: Option<R::Spot> = None;
    let mut notes = LineNotes::default();
    let mut line = String::new();
    let mut guard = KeyGuard::new(look.key_guard);
    while !round.is_over() {
        let spot = round.spot();
        if shown.as_ref() != Some(&spot) {
            if round.asking() {
                notes.typed.clear();
            }
            round.show(shown.as_ref(), bank, look, &notes, output)?;
            shown = Some(spot);
        }
        output.flush()?;
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => {
                end_now(round, sink, look.clock.now());
                if !on_terminal {
                    break;
                }
                if crate::ui::terminal::hung_up() {
                    crate::ui::terminal::hang_up();
                }
                return Ok(Outcome::Interrupted(signal_hook::consts::SIGHUP));
            }
            Ok(_) => {}
            Err(error) => {
                if on_terminal && crate::ui::terminal::hung_up() {
                    crate::ui::terminal::hang_up();
                }
                return Err(error.into());
            }
        }
        let text = line.trim_end_matches(['\n', '\r']);
        let lowered = text.trim().to_lowercase();
        let line = Line {
            text,
            lowered: &lowered,
            command: LineCommand::of(text),
        };
        if look.guard_lines && guard.blocks(look.clock.now()) && !R::passes_guard(line.command) {
            writeln!(
                output,
                "(Ignored: that came just after {}.)",
                R::GUARDED_AFTER
            )?;
            continue;
        }
        if let Some(action) = round.line_action(&line, bank, look, &mut notes, output)? {
            let pausing = action == R::PAUSE;
            let now = look.clock.now();
            let before = round.spot();
            let effects = round.apply(action, now);
            match round.guarding(&before, &effects) {
                Guarding::Arm => guard.arm(now),
                Guarding::Disarm => guard.disarm(),
                Guarding::Keep => {}
            }
            for effect in effects {
                if let Some(line) = sink.carry_out(effect, None)? {
                    write_wrapped(output, &format!("Saved: {line}"))?;
                }
            }
            if pausing {
                writeln!(output, "{}", pause_line(round.is_paused()))?;
            }
        }
    }
    Ok(Outcome::Finished)
}

/// Ticks the points a line of letters names ("ac") and prints the checklist, or says what the
/// line could have been.
pub(crate) fn tick_points<R: LineRound>(
    round: &mut R,
    letters: &str,
    now: DateTime<Utc>,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    let Some(indexes) = point_indexes(letters) else {
        return write_wrapped(output, R::TICK_HELP);
    };
    for index in indexes {
        round.apply(R::toggle(index), now);
    }
    if let Some(ticked) = round.ticked() {
        write_wrapped(output, &toggle_line(ticked, round.suggested(now)))?;
    }
    Ok(())
}

/// "Paused; p resumes." or "Resumed.": the line after a pause key.
fn pause_line(paused: bool) -> &'static str {
    if paused {
        "Paused; p resumes."
    } else {
        "Resumed."
    }
}
