//! The full-screen mock round: the drill's terminal guard, signal handling and painting, with
//! keys turned into mock actions. It sleeps in `poll` until the next second, like the drill.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::core::bank::Bank;
use crate::core::clock::KeyGuard;
use crate::core::mock::{MockAction, MockQuestion, MockRound, Stage};
use crate::core::schedule::Rating;
use crate::core::session::Effect;
use crate::ui::drill_tui::{DrillLook, Outcome, View, alive, caught, next_key, paint_lines, ring};
use crate::ui::drill_view::point_index;
use crate::ui::help_pause::HelpPause;
use crate::ui::line_edit::LineEditor;
use crate::ui::mock_view::render;
use crate::ui::terminal::{self as term, HangupWatch, TerminalGuard};

/// Saves what the round asks to save, answering with a line confirming a grade.
pub type Save<'a> = dyn FnMut(Effect) -> anyhow::Result<Option<String>> + 'a;

/// What a key does, beyond the round itself.
enum Command {
    Round(MockAction),
    /// Esc in the typing box with text in it: ask before throwing it away.
    ConfirmQuit,
    Help,
    Scroll(isize),
    Interrupt,
    Suspend,
    Nothing,
}

fn command_for(
    key: KeyEvent,
    round: &MockRound,
    typing: bool,
    help: bool,
    editor: &mut LineEditor,
) -> Command {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => return Command::Interrupt,
        KeyCode::Char('z') if ctrl => return Command::Suspend,
        KeyCode::Up => return Command::Scroll(-1),
        KeyCode::Down => return Command::Scroll(1),
        KeyCode::PageUp => return Command::Scroll(-10),
        KeyCode::PageDown => return Command::Scroll(10),
        _ => {}
    }
    if help {
        return match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Command::Round(MockAction::Quit),
            _ => Command::Help,
        };
    }
    let stage = round.stage();
    if typing && matches!(stage, Stage::Asking(_)) && !round.is_paused() {
        let typed = round.current().map(|q| q.typed.clone()).unwrap_or_default();
        let at_end = editor.cursor(&typed) == typed.chars().count();
        return match key.code {
            KeyCode::Tab => Command::Round(MockAction::Next),
            KeyCode::Esc if typed.trim().is_empty() => Command::Round(MockAction::Quit),
            KeyCode::Esc => Command::ConfirmQuit,
            KeyCode::Char('p') if ctrl => Command::Round(MockAction::Pause),
            // An empty line submits, as in plain mode.
            KeyCode::Enter if at_end && (typed.is_empty() || typed.ends_with('\n')) => {
                Command::Round(MockAction::Next)
            }
            _ => match editor.apply(&typed, key) {
                Some(text) => Command::Round(MockAction::Typed(text)),
                None => Command::Nothing,
            },
        };
    }
    let action = match (key.code, stage) {
        (KeyCode::Char('q') | KeyCode::Esc, _) => MockAction::Quit,
        (KeyCode::Char('p'), _) => MockAction::Pause,
        (KeyCode::Char('?'), _) => return Command::Help,
        (KeyCode::Char('j'), _) => return Command::Scroll(1),
        (KeyCode::Char('k'), _) => return Command::Scroll(-1),
        (KeyCode::Char(' ') | KeyCode::Enter, Stage::Asking(_)) => MockAction::Next,
        (KeyCode::Enter, Stage::Reviewing(_)) => {
            match round.current().and_then(MockQuestion::suggested_grade) {
                Some(rating) => MockAction::Grade(rating),
                None => return Command::Nothing,
            }
        }
        (KeyCode::Char(c @ '1'..='4'), Stage::Reviewing(_)) => {
            match Rating::from_number(c as u8 - b'0') {
                Some(rating) => MockAction::Grade(rating),
                None => return Command::Nothing,
            }
        }
        (KeyCode::Char(c), Stage::Reviewing(_)) => match point_index(c) {
            Some(index) => MockAction::Toggle(index),
            None => return Command::Nothing,
        },
        _ => return Command::Nothing,
    };
    Command::Round(action)
}

/// Runs the round full screen until it ends, a signal arrives, or saving fails.
pub fn run(
    round: &mut MockRound,
    bank: &Bank,
    save: &mut Save<'_>,
    look: &DrillLook,
) -> anyhow::Result<Outcome> {
    // As in the drill: ending signals end the round with the terminal given back, Ctrl-Z and
    // SIGTSTP stop it, and a terminal that goes away exits 129 (every grade is already saved).
    let caught = caught()?;
    caught.clear();
    let guard = TerminalGuard::enter()?;
    let _watch = HangupWatch::start();
    let mut help = HelpPause::default();
    let mut scroll = 0usize;
    let mut shown = None;
    let mut feedback: Option<String> = None;
    let mut guard_keys = KeyGuard::default();
    let mut editor = LineEditor::default();
    let mut confirm_quit = false;
    loop {
        let now = look.clock.now();
        ring(round.tick(now), look);
        if let Some(signal) = caught.ending() {
            round.apply(MockAction::Quit, now);
            return Ok(Outcome::Interrupted(signal));
        }
        if round.stage() == Stage::Done {
            break;
        }
        if shown != Some(round.stage()) {
            scroll = 0;
            shown = Some(round.stage());
            editor.reset();
        }
        let typed = round
            .current()
            .map(|q| q.typed.as_str())
            .unwrap_or_default();
        let screen = View {
            help: help.is_open(),
            scroll,
            notice: confirm_quit.then_some(
                "Esc again ends the round and drops what you typed; any other key goes on.",
            ),
            feedback: feedback.as_deref(),
            cursor: Some(editor.cursor(typed)),
        }
        .screen(look)?;
        caught.follow_job()?;
        alive(paint_lines(&render(round, bank, now, screen)))?;
        if let Some(key) = next_key(now)? {
            let now = look.clock.now();
            let command = if confirm_quit {
                confirm_quit = false;
                match key.code {
                    KeyCode::Esc => Command::Round(MockAction::Quit),
                    _ => Command::Nothing,
                }
            } else {
                command_for(key, round, look.typing, help.is_open(), &mut editor)
            };
            let acts = matches!(
                command,
                Command::Round(
                    MockAction::Next
                        | MockAction::Grade(_)
                        | MockAction::Toggle(_)
                        | MockAction::Typed(_)
                )
            );
            if guard_keys.blocks(now) && acts {
                // Pressed within a moment of moving on: meant for the question before.
                continue;
            }
            match command {
                Command::ConfirmQuit => confirm_quit = true,
                Command::Round(action) => {
                    if help.close(action == MockAction::Pause) {
                        round.apply(MockAction::Pause, now);
                    }
                    let before = round.stage();
                    let effects = round.apply(action, now);
                    if round.stage() != before {
                        guard_keys.arm(now);
                    }
                    for effect in effects {
                        // A grade that cannot be saved ends the round: going on would pretend
                        // it counted. The guard restores the terminal on return.
                        if let Some(line) = save(effect)? {
                            feedback = Some(format!("saved: {line}"));
                        }
                    }
                }
                Command::Suspend => alive(term::suspend())?,
                Command::Interrupt => {
                    round.apply(MockAction::Quit, look.clock.now());
                    return Ok(Outcome::Interrupted(signal_hook::consts::SIGINT));
                }
                Command::Help => {
                    if help.toggle(round.is_paused()) {
                        round.apply(MockAction::Pause, now);
                    }
                }
                Command::Scroll(by) => scroll = scroll.saturating_add_signed(by),
                Command::Nothing => {}
            }
        }
    }
    drop(guard);
    Ok(Outcome::Finished)
}
