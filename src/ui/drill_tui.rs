//! The full-screen drill: the event loop turns keys, ticks and signals into session actions, hands
//! effects to the edge, and redraws. It sleeps in `poll` until the next second, so waiting costs
//! next to nothing.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, style, terminal};

use crate::core::bank::Bank;
use crate::core::clock::KeyGuard;
use crate::core::own_answers::OwnAnswers;
use crate::core::schedule::Rating;
use crate::core::session::{Action, Effect, Phase, Session};
use crate::ui::drill_view::{Screen, point_index, render};
use crate::ui::help_pause::HelpPause;
use crate::ui::line_edit::LineEditor;
use crate::ui::style::Painter;
use crate::ui::terminal::{self as term, HangupWatch, TerminalGuard};
use crate::ui::wall_clock::WallClock;

/// Signals whose default is to end the process: each ends the drill cleanly instead, with the
/// terminal given back first and exit 128 + its number.
const ENDING: [i32; 11] = {
    use signal_hook::consts::signal::{
        SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU,
        SIGXFSZ,
    };
    [
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
        SIGXFSZ,
    ]
};

/// The signals caught for the drill, registered once per process.
pub(crate) struct Caught {
    /// The last ending signal, or 0.
    pub(crate) ending: Arc<AtomicUsize>,
    /// A stop (SIGTSTP) or continue (SIGCONT) to act on, or 0.
    pub(crate) job: Arc<AtomicUsize>,
}

pub(crate) fn caught() -> std::io::Result<&'static Caught> {
    static CAUGHT: OnceLock<Caught> = OnceLock::new();
    if let Some(caught) = CAUGHT.get() {
        return Ok(caught);
    }
    let caught = Caught {
        ending: Arc::new(AtomicUsize::new(0)),
        job: Arc::new(AtomicUsize::new(0)),
    };
    for signal in ENDING {
        signal_hook::flag::register_usize(signal, Arc::clone(&caught.ending), signal as usize)?;
    }
    for signal in [signal_hook::consts::SIGTSTP, signal_hook::consts::SIGCONT] {
        signal_hook::flag::register_usize(signal, Arc::clone(&caught.job), signal as usize)?;
    }
    Ok(CAUGHT.get_or_init(|| caught))
}

impl Caught {
    /// Forgets what was caught before a loop began.
    pub(crate) fn clear(&self) {
        self.ending.store(0, Ordering::Relaxed);
        self.job.store(0, Ordering::Relaxed);
    }

    /// The ending signal caught, if any, by its number.
    pub(crate) fn ending(&self) -> Option<i32> {
        match self.ending.load(Ordering::Relaxed) {
            0 => None,
            signal => Some(i32::try_from(signal).unwrap_or(15)),
        }
    }

    /// Acts on a stop or continue caught since the last turn.
    pub(crate) fn follow_job(&self) -> std::io::Result<()> {
        match self.job.swap(0, Ordering::Relaxed) {
            0 => Ok(()),
            s if s == signal_hook::consts::SIGTSTP as usize => alive(term::suspend()),
            // Continued after a stop we did not see (SIGSTOP): the shell may have reset the
            // terminal, so take it again.
            _ => alive(term::reenter()),
        }
    }
}

/// Rings the terminal bell for each bell among `effects`, unless the look is quiet.
pub(crate) fn ring(effects: Vec<Effect>, look: &DrillLook) {
    for effect in effects {
        if effect == Effect::Bell && !look.quiet {
            let _ = std::io::stdout().write_all(b"\x07");
        }
    }
}

/// Waits for a key press until the clocks next change, at the next whole second, so waiting
/// costs next to nothing.
pub(crate) fn next_key(now: DateTime<Utc>) -> std::io::Result<Option<KeyEvent>> {
    let wait = 1000 - u64::from(now.timestamp_subsec_millis().min(999));
    if !alive(event::poll(StdDuration::from_millis(wait)))? {
        return Ok(None);
    }
    match alive(event::read())? {
        Event::Key(key) if key.kind != KeyEventKind::Release => Ok(Some(key)),
        _ => Ok(None),
    }
}

/// Carries out what the session asks of the outside world (saving, above all).
pub trait EffectSink {
    fn carry_out(&mut self, effect: Effect, session: &mut Session) -> anyhow::Result<()>;

    /// The line confirming what was just carried out ("good · next in 2 days"), once.
    fn take_feedback(&mut self) -> Option<String> {
        None
    }
}

/// How the drill looks and behaves, fixed for the session.
#[derive(Debug, Clone)]
pub struct DrillLook {
    pub title: String,
    /// The session's clock.
    pub clock: WallClock,
    pub painter: Painter,
    pub typing: bool,
    pub quiet: bool,
    /// The candidate's own answers, shown on reveal.
    pub own: OwnAnswers,
    /// Line mode: ignore lines that act on a card within 300 ms of a grade, as when a person at
    /// a terminal double-taps Enter. Off for piped input, which is all typed ahead.
    pub guard_lines: bool,
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
    session: &Session,
    typing: bool,
    help: bool,
    now: DateTime<Utc>,
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
            KeyCode::Esc if typed.trim().is_empty() => Command::Session(Action::Quit),
            KeyCode::Esc => Command::ConfirmQuit,
            KeyCode::Char('t') if ctrl => Command::Session(Action::Hint),
            KeyCode::Char('p') if ctrl => Command::Session(Action::Pause),
            _ => match editor.apply(&typed, key) {
                Some(text) => Command::Session(Action::Typed(text)),
                None => Command::Nothing,
            },
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

/// Whether a command would act on the card on screen (reveal, grade, tick, hint, skip, type),
/// which a double tap must not do to the card after a grade. Undo, pause, help and quit pass.
fn acts_on_card(command: &Command) -> bool {
    matches!(
        command,
        Command::Session(
            Action::Reveal
                | Action::Grade(_)
                | Action::Toggle(_)
                | Action::Hint
                | Action::Skip
                | Action::Typed(_)
        )
    )
}

/// Runs the session full screen until it ends, a signal arrives, or saving fails. When the
/// terminal goes away (EOF, EIO, a closed window) the process exits 129 at once: every grade given
/// is already saved, and there is nowhere left to draw.
pub fn run(
    session: &mut Session,
    bank: &Bank,
    sink: &mut dyn EffectSink,
    look: &DrillLook,
) -> anyhow::Result<Outcome> {
    // Raw mode turns Ctrl-C and Ctrl-Z into keys; signals from elsewhere still arrive as
    // signals, and end or stop the loop within a second with the terminal given back.
    let caught = caught()?;
    caught.clear();
    let guard = TerminalGuard::enter()?;
    let _watch = HangupWatch::start();
    let mut help = HelpPause::default();
    let mut scroll = 0usize;
    let mut shown_card = None;
    let mut feedback: Option<String> = None;
    let mut guard_keys = KeyGuard::default();
    let mut editor = LineEditor::default();
    let mut confirm_quit = false;
    loop {
        let now = look.clock.now();
        ring(session.tick(now), look);
        if let Some(signal) = caught.ending() {
            session.apply(Action::Quit, now);
            return Ok(Outcome::Interrupted(signal));
        }
        caught.follow_job()?;
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
            editor.reset();
        }
        let typed = session
            .current()
            .map(|c| c.typed.as_str())
            .unwrap_or_default();
        let view = View {
            help: help.is_open(),
            scroll,
            feedback: feedback.as_deref(),
            notice: confirm_quit.then_some(
                "Esc again ends the session and drops what you typed; any other key goes on.",
            ),
            cursor: Some(editor.cursor(typed)),
        };
        alive(draw(session, bank, look, &view))?;
        // Sleep until the clocks next change, unless a key comes first.
        let Some(key) = next_key(now)? else {
            continue;
        };
        let now = look.clock.now();
        let command = if confirm_quit {
            confirm_quit = false;
            match key.code {
                KeyCode::Esc => Command::Session(Action::Quit),
                _ => Command::Nothing,
            }
        } else {
            command_for(key, session, look.typing, help.is_open(), now, &mut editor)
        };
        if guard_keys.blocks(now) && acts_on_card(&command) {
            // Pressed within a moment of a grade: a double tap meant for the card before.
            continue;
        }
        match command {
            Command::ConfirmQuit => confirm_quit = true,
            Command::Session(action) => {
                if help.close(action == Action::Pause) {
                    session.apply(Action::Pause, now);
                }
                for effect in session.apply(action, now) {
                    match effect {
                        Effect::Record(_) => guard_keys.arm(now),
                        // The card graded is back: keys are meant for it again.
                        Effect::Remove(_) => guard_keys.disarm(),
                        _ => {}
                    }
                    // A grade that cannot be saved ends the session: going on would
                    // pretend it counted. The guard restores the terminal on return.
                    sink.carry_out(effect, session)?;
                    if let Some(line) = sink.take_feedback() {
                        feedback = Some(line);
                    }
                }
            }
            Command::Interrupt => {
                session.apply(Action::Quit, look.clock.now());
                return Ok(Outcome::Interrupted(signal_hook::consts::SIGINT));
            }
            Command::Suspend => alive(term::suspend())?,
            Command::Help => {
                if help.toggle(session.is_paused()) {
                    session.apply(Action::Pause, now);
                }
            }
            Command::Scroll(by) => scroll = scroll.saturating_add_signed(by),
            Command::Nothing => {}
        }
    }
    drop(guard);
    Ok(Outcome::Finished)
}

/// Passes a terminal result through, except that a failure because the terminal went away
/// ends the process with exit 129.
pub(crate) fn alive<T>(result: std::io::Result<T>) -> std::io::Result<T> {
    if result.is_err() && term::hung_up() {
        term::hang_up();
    }
    result
}

/// Keeps the drill's screen and clock alive while a save waits for another process's lock:
/// redraws with a notice after a second, and lets Ctrl-C and ending signals stop the wait.
pub struct LockWaitScreen<'a> {
    pub bank: &'a Bank,
    pub look: &'a DrillLook,
    drawn: Option<Instant>,
}

impl<'a> LockWaitScreen<'a> {
    pub fn new(bank: &'a Bank, look: &'a DrillLook) -> Self {
        LockWaitScreen {
            bank,
            look,
            drawn: None,
        }
    }

    /// One turn of the wait: `Err(signal)` to give it up.
    pub fn turn(&mut self, session: &Session, lock: &Path, waited: StdDuration) -> Result<(), i32> {
        if let Some(signal) = caught().ok().and_then(Caught::ending) {
            return Err(signal);
        }
        while let Ok(true) = event::poll(StdDuration::ZERO) {
            if let Ok(Event::Key(key)) = event::read()
                && key.code == KeyCode::Char('c')
                && key.modifiers.contains(KeyModifiers::CONTROL)
            {
                return Err(signal_hook::consts::SIGINT);
            }
        }
        if term::hung_up() {
            term::hang_up();
        }
        let due = self
            .drawn
            .is_none_or(|at| at.elapsed() >= StdDuration::from_millis(250));
        if waited >= StdDuration::from_secs(1) && due {
            self.drawn = Some(Instant::now());
            let notice = format!(
                "waiting for another prepdrill to finish saving (lock: {}); Ctrl-C gives up",
                lock.display()
            );
            let view = View {
                help: false,
                scroll: 0,
                feedback: None,
                notice: Some(&notice),
                cursor: None,
            };
            let _ = draw(session, self.bank, self.look, &view);
        }
        Ok(())
    }
}

/// What the loop keeps besides the session or round, for drawing.
pub(crate) struct View<'a> {
    pub(crate) help: bool,
    pub(crate) scroll: usize,
    pub(crate) feedback: Option<&'a str>,
    pub(crate) notice: Option<&'a str>,
    pub(crate) cursor: Option<usize>,
}

impl<'a> View<'a> {
    /// The screen to render this view on in `look`, at the terminal's size now.
    pub(crate) fn screen(&self, look: &'a DrillLook) -> std::io::Result<Screen<'a>> {
        let (width, height) = terminal::size()?;
        Ok(Screen {
            width,
            height,
            painter: look.painter,
            title: &look.title,
            typing: look.typing,
            help: self.help,
            scroll: self.scroll,
            notice: self.notice,
            feedback: self.feedback,
            own: Some(&look.own),
            cursor: self.cursor,
        })
    }
}

fn draw(session: &Session, bank: &Bank, look: &DrillLook, view: &View<'_>) -> std::io::Result<()> {
    paint_lines(&render(session, bank, look.clock.now(), view.screen(look)?))
}

/// Puts rendered lines on the screen in one synchronized update.
pub(crate) fn paint_lines(lines: &[String]) -> std::io::Result<()> {
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
