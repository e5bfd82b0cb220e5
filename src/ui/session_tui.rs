//! The one full-screen loop, for the drill and the mock round alike: it turns keys, ticks and
//! signals into actions, hands effects to the edge, keeps the screen alive while a save waits
//! for another process's lock, and redraws. It sleeps in `poll` until the next second, so
//! waiting costs next to nothing.

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
use crate::core::schedule::Rating;
use crate::core::session::Effect;
use crate::ui::drill_view::{Screen, point_index};
use crate::ui::help_pause::HelpPause;
use crate::ui::line_edit::LineEditor;
use crate::ui::round::{DrillLook, EffectSink, Guarding, Outcome, Round, end_now};
use crate::ui::terminal::{self as term, HangupWatch, Settling, TerminalGuard};

/// What a kind of round adds to the full-screen loop: its own keys and its drawing.
pub trait ScreenRound: Round {
    /// Keys of this kind alone in the typing box, looked at before the shared ones.
    fn typing_key(&self, _key: KeyEvent, _editor: &LineEditor) -> Option<Self::Action> {
        None
    }

    /// Keys of this kind alone outside the typing box, looked at before the shared ones.
    fn own_key(&self, _key: KeyEvent) -> Option<Self::Action> {
        None
    }

    /// The screen as exactly `screen.height` lines.
    fn render(&self, bank: &Bank, now: DateTime<Utc>, screen: Screen<'_>) -> Vec<String>;

    /// The line confirming a save, as this kind words it on screen.
    fn feedback(line: String) -> String {
        line
    }
}

/// Signals whose default is to end the process: each ends the loop cleanly instead, with the
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

/// The signals caught for the full screen, registered once per process.
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
            s if s == signal_hook::consts::SIGTSTP as usize => self.suspend(),
            // Continued after a stop we did not see (SIGSTOP): the shell may have reset the
            // terminal, so take it again.
            _ => alive(term::reenter()),
        }
    }

    /// Whether a stop was caught since the last turn; taken, so it is acted on once.
    fn take_stop(&self) -> bool {
        self.job
            .compare_exchange(
                signal_hook::consts::SIGTSTP as usize,
                0,
                Ordering::Relaxed,
                Ordering::Relaxed,
            )
            .is_ok()
    }

    /// Stops the process group and, once continued, forgets the group's own SIGTSTP and the
    /// SIGCONT that ended the stop: both are dealt with.
    pub(crate) fn suspend(&self) -> std::io::Result<()> {
        let result = alive(term::suspend());
        self.job.store(0, Ordering::Relaxed);
        result
    }
}

/// Ctrl-Z or a SIGTSTP: the round paused, so that its clocks do not run while it is stopped,
/// the process group stopped, and on `fg` the round resumed as it was.
fn suspend_round<R: Round>(
    round: &mut R,
    look: &DrillLook,
    caught: &Caught,
) -> std::io::Result<()> {
    let pause = !round.is_paused() && !round.is_over();
    if pause {
        round.apply(R::PAUSE, look.clock.now());
    }
    let result = caught.suspend();
    if pause && round.is_paused() {
        round.apply(R::PAUSE, look.clock.now());
    }
    result
}

/// Rings the terminal bell for each bell among `effects`, unless the look is quiet.
fn ring(effects: Vec<Effect>, look: &DrillLook) {
    for effect in effects {
        if effect == Effect::Bell && !look.quiet {
            let _ = std::io::stdout().write_all(b"\x07");
        }
    }
}

/// Waits for a key press until the clocks next change, at the next whole second, so waiting
/// costs next to nothing.
fn next_key(now: DateTime<Utc>) -> std::io::Result<Option<KeyEvent>> {
    let wait = 1000 - u64::from(now.timestamp_subsec_millis().min(999));
    if !alive(event::poll(StdDuration::from_millis(wait)))? {
        return Ok(None);
    }
    match alive(event::read())? {
        Event::Key(key) if key.kind != KeyEventKind::Release => Ok(Some(key)),
        _ => Ok(None),
    }
}

/// What a key does, beyond the round itself.
enum Command<A> {
    Act(A),
    /// Esc in the typing box with text in it: ask before throwing it away.
    ConfirmQuit,
    Help,
    Scroll(isize),
    Interrupt,
    Suspend,
    Nothing,
}

fn command_for<R: ScreenRound>(
    key: KeyEvent,
    round: &R,
    typing: bool,
    help: bool,
    now: DateTime<Utc>,
    editor: &mut LineEditor,
) -> Command<R::Action> {
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
            KeyCode::Char('q') | KeyCode::Esc => Command::Act(R::QUIT),
            _ => Command::Help,
        };
    }
    if typing && round.asking() && !round.is_paused() {
        return typing_command(key, round, editor);
    }
    if let Some(action) = round.own_key(key) {
        return Command::Act(action);
    }
    let action = match key.code {
        KeyCode::Char('q') | KeyCode::Esc => R::QUIT,
        KeyCode::Char('p') => R::PAUSE,
        KeyCode::Char('?') => return Command::Help,
        KeyCode::Char('j') => return Command::Scroll(1),
        KeyCode::Char('k') => return Command::Scroll(-1),
        KeyCode::Char(' ') | KeyCode::Enter if round.asking() => R::MOVE_ON,
        KeyCode::Enter if round.reviewing() => match round.suggested(now) {
            Some(rating) => R::grade(rating),
            None => return Command::Nothing,
        },
        KeyCode::Char(c @ '1'..='4') if round.reviewing() => {
            match Rating::from_number(c as u8 - b'0') {
                Some(rating) => R::grade(rating),
                None => return Command::Nothing,
            }
        }
        KeyCode::Char(c) if round.reviewing() => match point_index(c) {
            Some(index) => R::toggle(index),
            None => return Command::Nothing,
        },
        _ => return Command::Nothing,
    };
    Command::Act(action)
}

/// A key in the typing box: Tab moves on, Esc quits (asking first when text would be lost),
/// Ctrl-P pauses, and the rest edits the text.
fn typing_command<R: ScreenRound>(
    key: KeyEvent,
    round: &R,
    editor: &mut LineEditor,
) -> Command<R::Action> {
    if let Some(action) = round.typing_key(key, editor) {
        return Command::Act(action);
    }
    let typed = round.typed().to_string();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Tab => Command::Act(R::MOVE_ON),
        KeyCode::Esc if typed.trim().is_empty() => Command::Act(R::QUIT),
        KeyCode::Esc => Command::ConfirmQuit,
        KeyCode::Char('p') if ctrl => Command::Act(R::PAUSE),
        _ => match editor.apply(&typed, key) {
            Some(text) => Command::Act(R::typed_action(text)),
            None => Command::Nothing,
        },
    }
}

/// What the loop keeps besides the round itself.
struct Keeping {
    help: HelpPause,
    scroll: usize,
    feedback: Option<String>,
    guard: KeyGuard,
    editor: LineEditor,
    confirm_quit: bool,
    wait: LockWait,
}

/// Runs `round` full screen until it ends, a signal arrives, or saving fails. When the
/// terminal goes away (EOF, EIO, a closed window) the process exits 129 at once: every grade
/// given is already saved, and there is nowhere left to draw. A round that ran its course
/// leaves the terminal [`Settling`] for the summary that follows, and the caller drops it just
/// before printing.
pub fn run<R: ScreenRound>(
    round: &mut R,
    bank: &Bank,
    sink: &mut dyn EffectSink,
    look: &DrillLook,
) -> anyhow::Result<(Outcome, Option<Settling>)> {
    // Raw mode turns Ctrl-C and Ctrl-Z into keys; signals from elsewhere still arrive as
    // signals, and end or stop the loop within a second with the terminal given back.
    let caught = caught()?;
    caught.clear();
    let guard = TerminalGuard::enter()?;
    let _watch = HangupWatch::start();
    let mut keeping = Keeping {
        help: HelpPause::default(),
        scroll: 0,
        feedback: None,
        guard: KeyGuard::new(look.key_guard),
        editor: LineEditor::default(),
        confirm_quit: false,
        wait: LockWait {
            drawn: None,
            quit_after: false,
            since: None,
        },
    };
    let mut shown = None;
    loop {
        let now = look.clock.now();
        ring(round.tick(now), look);
        if let Some(signal) = caught.ending() {
            end_now(round, sink, now);
            return Ok((Outcome::Interrupted(signal), None));
        }
        if caught.take_stop() {
            suspend_round(round, look, caught)?;
        }
        caught.follow_job()?;
        if round.is_over() {
            break;
        }
        let spot = Some(round.spot());
        if spot != shown {
            keeping.scroll = 0;
            shown = spot;
            keeping.editor.reset();
        }
        let view = View {
            help: keeping.help.is_open(),
            scroll: keeping.scroll,
            feedback: keeping.feedback.as_deref(),
            notice: keeping.confirm_quit.then_some(R::ESC_AGAIN),
            cursor: Some(keeping.editor.cursor(round.typed())),
        };
        alive(draw(round, bank, look, &view))?;
        // Sleep until the clocks next change, unless a key comes first.
        if let Some(key) = next_key(now)?
            && let Some(outcome) = keeping.key(round, key, bank, sink, look)?
        {
            return Ok((outcome, None));
        }
    }
    // The summary may take a moment: say so, and keep keys typed ahead from the shell.
    Ok((
        Outcome::Finished,
        Some(guard.settle("working out the summary…")),
    ))
}

impl Keeping {
    /// Acts on one key; `Some` when it ends the loop.
    fn key<R: ScreenRound>(
        &mut self,
        round: &mut R,
        key: KeyEvent,
        bank: &Bank,
        sink: &mut dyn EffectSink,
        look: &DrillLook,
    ) -> anyhow::Result<Option<Outcome>> {
        let now = look.clock.now();
        let command = if self.confirm_quit {
            self.confirm_quit = false;
            match key.code {
                KeyCode::Esc => Command::Act(R::QUIT),
                _ => Command::Nothing,
            }
        } else {
            let help = self.help.is_open();
            command_for(key, round, look.typing, help, now, &mut self.editor)
        };
        if self.guard.blocks(now) && matches!(&command, Command::Act(a) if R::acts_on_card(a)) {
            // Pressed within a moment of a grade: a double tap meant for the question before.
            return Ok(None);
        }
        match command {
            Command::ConfirmQuit => self.confirm_quit = true,
            Command::Act(action) => self.act(round, action, now, bank, sink, look)?,
            Command::Interrupt => {
                end_now(round, sink, look.clock.now());
                return Ok(Some(Outcome::Interrupted(signal_hook::consts::SIGINT)));
            }
            Command::Suspend => suspend_round(round, look, caught()?)?,
            Command::Help => {
                if self.help.toggle(round.is_paused()) {
                    round.apply(R::PAUSE, now);
                }
            }
            Command::Scroll(by) => self.scroll = self.scroll.saturating_add_signed(by),
            Command::Nothing => {}
        }
        Ok(None)
    }

    fn act<R: ScreenRound>(
        &mut self,
        round: &mut R,
        action: R::Action,
        now: DateTime<Utc>,
        bank: &Bank,
        sink: &mut dyn EffectSink,
        look: &DrillLook,
    ) -> anyhow::Result<()> {
        if self.help.close(action == R::PAUSE) {
            round.apply(R::PAUSE, now);
        }
        let before = round.spot();
        let effects = round.apply(action, now);
        match round.guarding(&before, &effects) {
            Guarding::Arm => self.guard.arm(now),
            Guarding::Disarm => self.guard.disarm(),
            Guarding::Keep => {}
        }
        let shown = &*round;
        let wait = &mut self.wait;
        for effect in effects {
            // A grade that cannot be saved ends the loop: going on would pretend it counted.
            // The guard restores the terminal on return.
            let mut waiter = |lock: &Path, waited| wait.turn(shown, bank, look, lock, waited);
            let line = sink.carry_out(effect, Some(&mut waiter));
            wait.since = None;
            if let Some(line) = line? {
                self.feedback = Some(R::feedback(line));
            }
        }
        if std::mem::take(&mut self.wait.quit_after) {
            end_now(round, sink, now);
        }
        Ok(())
    }
}

/// Passes a terminal result through, except that a failure because the terminal went away
/// ends the process with exit 129.
pub(crate) fn alive<T>(result: std::io::Result<T>) -> std::io::Result<T> {
    if result.is_err() && term::hung_up() {
        term::hang_up();
    }
    result
}

/// Keeps the screen and clock alive while a save waits for another process's lock: redraws
/// with a notice after a second, and lets Ctrl-C and ending signals give the wait up.
struct LockWait {
    drawn: Option<Instant>,
    /// q was pressed while waiting: end the session once the save is done.
    quit_after: bool,
    /// When the save being waited on first waited.
    since: Option<Instant>,
}

impl LockWait {
    /// One turn of the wait: `Err(signal)` to give it up.
    fn turn<R: ScreenRound>(
        &mut self,
        round: &R,
        bank: &Bank,
        look: &DrillLook,
        lock: &Path,
        _waited: StdDuration,
    ) -> Result<(), i32> {
        if let Some(signal) = caught().ok().and_then(Caught::ending) {
            return Err(signal);
        }
        // The candidate may wait, end the session once the grade is saved (q), suspend
        // (Ctrl-Z), or give the save up (Ctrl-C).
        while let Ok(true) = event::poll(StdDuration::ZERO) {
            let Ok(Event::Key(key)) = event::read() else {
                continue;
            };
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('c') if ctrl => return Err(signal_hook::consts::SIGINT),
                KeyCode::Char('z') if ctrl => {
                    if let Ok(caught) = caught() {
                        let _ = caught.suspend();
                    }
                    self.drawn = None;
                }
                KeyCode::Char('q') | KeyCode::Esc => self.quit_after = true,
                _ => {}
            }
        }
        if let Ok(caught) = caught() {
            let _ = caught.follow_job();
        }
        if term::hung_up() {
            term::hang_up();
        }
        let due = self
            .drawn
            .is_none_or(|at| at.elapsed() >= StdDuration::from_millis(250));
        // Counted here, not from `waited`: a wait past the lock timeout starts again.
        let since = *self.since.get_or_insert_with(Instant::now);
        if since.elapsed() >= StdDuration::from_secs(1) && due {
            self.drawn = Some(Instant::now());
            // One line, the keys first: the lock's path may not fit.
            let then = if self.quit_after {
                "the session ends after it"
            } else {
                "grade kept; q ends after it"
            };
            let notice = format!(
                "waiting for another prepdrill to finish saving; {then}, Ctrl-C gives up (lock: {})",
                lock.display()
            );
            let view = View {
                help: false,
                scroll: 0,
                feedback: None,
                notice: Some(&notice),
                cursor: None,
            };
            let _ = draw(round, bank, look, &view);
        }
        Ok(())
    }
}

/// What the loop keeps besides the round, for drawing.
struct View<'a> {
    help: bool,
    scroll: usize,
    feedback: Option<&'a str>,
    notice: Option<&'a str>,
    cursor: Option<usize>,
}

impl<'a> View<'a> {
    /// The screen to render this view on in `look`, at the terminal's size now.
    fn screen(&self, look: &'a DrillLook) -> std::io::Result<Screen<'a>> {
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

fn draw<R: ScreenRound>(
    round: &R,
    bank: &Bank,
    look: &DrillLook,
    view: &View<'_>,
) -> std::io::Result<()> {
    paint_lines(&round.render(bank, look.clock.now(), view.screen(look)?))
}

/// Puts rendered lines on the screen in one synchronized update.
fn paint_lines(lines: &[String]) -> std::io::Result<()> {
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
