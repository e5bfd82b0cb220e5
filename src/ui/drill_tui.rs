//! The full-screen drill: the event loop turns keys, ticks and signals into session actions, hands
//! effects to the edge, and redraws. It sleeps in `poll` until the next second, so waiting costs
//! next to nothing.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, style, terminal};

use crate::core::bank::Bank;
use crate::core::schedule::Rating;
use crate::core::session::{Action, Effect, Phase, Session};
use crate::ui::clock::Clock;
use crate::ui::drill_view::{Screen, point_index, render};
use crate::ui::style::Painter;
use crate::ui::terminal::TerminalGuard;

/// Carries out what the session asks of the outside world (saving, above all).
pub trait EffectSink {
    fn carry_out(&mut self, effect: Effect, session: &mut Session) -> anyhow::Result<()>;
}

/// How the drill looks and behaves, fixed for the session.
#[derive(Debug, Clone)]
pub struct DrillLook {
    pub title: String,
    /// The session's clock.
    pub clock: Clock,
    pub painter: Painter,
    pub typing: bool,
    pub quiet: bool,
}

/// How the full-screen session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It ran its course, or the candidate ended it.
    Finished,
    /// Ctrl-C or a signal ended it; the number is the signal's.
    Interrupted(i32),
}

/// What a key does, beyond the session itself.
enum Command {
    Session(Action),
    Help,
    Scroll(isize),
    Interrupt,
    Nothing,
}

fn command_for(
    key: KeyEvent,
    session: &Session,
    typing: bool,
    help: bool,
    now: DateTime<Utc>,
) -> Command {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => return Command::Interrupt,
        KeyCode::Up => return Command::Scroll(-1),
        KeyCode::Down => return Command::Scroll(1),
        KeyCode::PageUp => return Command::Scroll(-10),
        KeyCode::PageDown => return Command::Scroll(10),
        _ => {}
    }
    if help {
        return match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Command::Session(Action::Quit),
            _ => Command::Help,
        };
    }
    let phase = session.current().map(|c| &c.phase);
    if typing && matches!(phase, Some(Phase::Asking { .. })) && !session.is_paused() {
        let typed = session
            .current()
            .map(|c| c.typed.clone())
            .unwrap_or_default();
        return match key.code {
            KeyCode::Tab => Command::Session(Action::Reveal),
            KeyCode::Esc => Command::Session(Action::Quit),
            KeyCode::Char('t') if ctrl => Command::Session(Action::Hint),
            KeyCode::Char('p') if ctrl => Command::Session(Action::Pause),
            KeyCode::Enter => Command::Session(Action::Typed(typed + "\n")),
            KeyCode::Backspace => {
                let mut typed = typed;
                typed.pop();
                Command::Session(Action::Typed(typed))
            }
            KeyCode::Char(c) if !ctrl => Command::Session(Action::Typed(format!("{typed}{c}"))),
            _ => Command::Nothing,
        };
    }
    let action = match (key.code, phase) {
        (KeyCode::Char('q') | KeyCode::Esc, _) => Action::Quit,
        (KeyCode::Char('p'), _) => Action::Pause,
        (KeyCode::Char('?'), _) => return Command::Help,
        (KeyCode::Char('j'), _) => return Command::Scroll(1),
        (KeyCode::Char('k'), _) => return Command::Scroll(-1),
        (KeyCode::Char('u'), _) => Action::Undo,
        (KeyCode::Char('s'), _) => Action::Skip,
        (KeyCode::Char(' ') | KeyCode::Enter, Some(Phase::Asking { .. })) => Action::Reveal,
        (KeyCode::Char('h'), Some(Phase::Asking { .. })) => Action::Hint,
        (KeyCode::Enter, Some(Phase::Revealed { .. })) => match session.suggested_grade(now) {
            Some(rating) => Action::Grade(rating),
            None => return Command::Nothing,
        },
        (KeyCode::Char(c @ '1'..='4'), Some(Phase::Revealed { .. })) => {
            match Rating::from_number(c as u8 - b'0') {
                Some(rating) => Action::Grade(rating),
                None => return Command::Nothing,
            }
        }
        (KeyCode::Char(c), Some(Phase::Revealed { .. })) => match point_index(c) {
            Some(index) => Action::Toggle(index),
            None => return Command::Nothing,
        },
        _ => return Command::Nothing,
    };
    Command::Session(action)
}

/// Runs the session full screen until it ends, a signal arrives, or saving fails.
pub fn run(
    session: &mut Session,
    bank: &Bank,
    sink: &mut dyn EffectSink,
    look: &DrillLook,
) -> anyhow::Result<Outcome> {
    // Raw mode turns Ctrl-C into a key; SIGTERM and SIGHUP still arrive as signals and end the
    // loop within a second, so the guard restores the terminal.
    let caught = Arc::new(AtomicUsize::new(0));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    let guard = TerminalGuard::enter()?;
    let mut help = false;
    let mut scroll = 0usize;
    let mut shown_card = None;
    loop {
        let now = look.clock.now();
        for effect in session.tick(now) {
            if effect == Effect::Bell && !look.quiet {
                let _ = std::io::stdout().write_all(b"\x07");
            }
        }
        let signal = caught.load(Ordering::Relaxed);
        if signal != 0 {
            session.apply(Action::Quit, now);
            return Ok(Outcome::Interrupted(i32::try_from(signal).unwrap_or(15)));
        }
        if session.ended().is_some() {
            break;
        }
        let card_now = session.current().map(|c| {
            (
                c.card.key.clone(),
                matches!(c.phase, Phase::Revealed { .. }),
            )
        });
        if card_now != shown_card {
            scroll = 0;
            shown_card = card_now;
        }
        draw(session, bank, look, help, scroll)?;
        // Sleep until the clocks next change, unless a key comes first.
        let wait = 1000 - u64::from(now.timestamp_subsec_millis().min(999));
        if !event::poll(StdDuration::from_millis(wait))? {
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                match command_for(key, session, look.typing, help, look.clock.now()) {
                    Command::Session(action) => {
                        help = false;
                        for effect in session.apply(action, look.clock.now()) {
                            // A grade that cannot be saved ends the session: going on would
                            // pretend it counted. The guard restores the terminal on return.
                            sink.carry_out(effect, session)?;
                        }
                    }
                    Command::Interrupt => {
                        session.apply(Action::Quit, look.clock.now());
                        return Ok(Outcome::Interrupted(signal_hook::consts::SIGINT));
                    }
                    Command::Help => help = !help,
                    Command::Scroll(by) => scroll = scroll.saturating_add_signed(by),
                    Command::Nothing => {}
                }
            }
            _ => {}
        }
    }
    drop(guard);
    Ok(Outcome::Finished)
}

fn draw(
    session: &Session,
    bank: &Bank,
    look: &DrillLook,
    help: bool,
    scroll: usize,
) -> std::io::Result<()> {
    let (width, height) = terminal::size()?;
    let screen = Screen {
        width,
        height,
        painter: look.painter,
        title: &look.title,
        typing: look.typing,
        help,
        scroll,
        notice: None,
    };
    let lines = render(session, bank, look.clock.now(), screen);
    let mut out = std::io::stdout().lock();
    queue!(out, terminal::BeginSynchronizedUpdate)?;
    for (row, line) in lines.iter().enumerate() {
        queue!(
            out,
            cursor::MoveTo(0, u16::try_from(row).unwrap_or(u16::MAX)),
            style::Print(line),
            style::ResetColor,
            terminal::Clear(terminal::ClearType::UntilNewLine)
        )?;
    }
    queue!(out, terminal::EndSynchronizedUpdate)?;
    out.flush()
}
