//! The one way into full-screen mode: a guard that gives the terminal back on every exit.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::time::Duration;

use crossterm::{cursor, execute, terminal};

/// Raw mode and the alternate screen, restored when dropped, on a panic, and (through the
/// drill's signal handling) on every signal that ends or stops the drill.
pub struct TerminalGuard {
    _private: (),
}

static PANIC_HOOK: Once = Once::new();

/// Puts the terminal back: raw mode off first, then the main screen and the cursor.
/// Safe to call more than once.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut stdout = std::io::stdout();
    let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = stdout.flush();
}

impl TerminalGuard {
    pub fn enter() -> std::io::Result<Self> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard { _private: () };
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide,
            terminal::Clear(terminal::ClearType::All)
        )?;
        Ok(guard)
    }
}

impl TerminalGuard {
    /// Leaves the full screen at the end of a round for the summary that follows, which may take
    /// a moment (the forecast): the main screen comes back with `line` on it ("working out the
    /// summary…") instead of a blank screen, and raw mode stays on, so keys typed ahead neither
    /// echo nor reach the shell. Dropping what it returns discards them, clears the line and
    /// gives the terminal back.
    pub fn settle(self, line: &str) -> Settling {
        std::mem::forget(self);
        let _ = execute!(
            std::io::stdout(),
            terminal::LeaveAlternateScreen,
            cursor::Show,
            crossterm::style::Print(line)
        );
        Settling { _private: () }
    }
}

/// The terminal between the full screen and the summary: see [`TerminalGuard::settle`].
pub struct Settling {
    _private: (),
}

impl Drop for Settling {
    fn drop(&mut self) {
        discard_typed_ahead();
        let mut stdout = std::io::stdout();
        let _ = execute!(
            stdout,
            crossterm::style::Print("\r"),
            terminal::Clear(terminal::ClearType::CurrentLine)
        );
        // Not `restore`: the alternate screen is already gone, and leaving it again would move
        // the cursor back to where it was before the round.
        let _ = terminal::disable_raw_mode();
    }
}

/// Throws away keys typed but not read yet, so that they do not reach the shell once prepdrill
/// exits (a `q` meant for the drill would otherwise run as a command).
fn discard_typed_ahead() {
    #[cfg(unix)]
    {
        let _ = rustix::termios::tcflush(std::io::stdin(), rustix::termios::QueueSelector::IFlush);
    }
}

/// Enters raw mode and the alternate screen again after the drill was stopped (Ctrl-Z) and
/// continued (`fg`); the caller redraws.
pub fn reenter() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        terminal::Clear(terminal::ClearType::All)
    )
}

/// Gives the terminal back and stops the process group, as Ctrl-Z would in a cooked terminal.
/// Returns once the shell continues it (`fg`), after entering full screen again.
///
/// The whole group stops, as `less` and `vim` do it: under a parent in the same job
/// (`sh -c 'prepdrill drill'`, `cargo run`), stopping prepdrill alone would leave the parent
/// waiting and the shell without its terminal. The group's SIGTSTP reaches this process as well,
/// where the drill catches it; the caller forgets it on return.
pub fn suspend() -> std::io::Result<()> {
    restore();
    #[cfg(unix)]
    rustix::process::kill_current_process_group(rustix::process::Signal::TSTP)?;
    // The default action of SIGTSTP for this process, taken by hand because the drill catches
    // the signal (and a group the kernel sees as orphaned ignores it).
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    reenter()
}

/// What must happen before a process whose terminal went away exits (hold saves, so none is cut
/// short). Set once by the application.
static BEFORE_HANGUP_EXIT: OnceLock<fn()> = OnceLock::new();

/// Registers what [`hang_up`] runs first.
pub fn before_hangup_exit(action: fn()) {
    let _ = BEFORE_HANGUP_EXIT.set(action);
}

/// Whether the terminal on stdin has gone away (closed window, hung-up line): a hung-up terminal
/// answers every query with EIO, so it no longer counts as one.
pub fn hung_up() -> bool {
    !std::io::stdin().is_terminal()
}

/// Ends a drill whose terminal went away: nothing can be shown any more, every grade given is
/// already saved, and the shell convention for SIGHUP is exit 129.
pub fn hang_up() -> ! {
    if let Some(action) = BEFORE_HANGUP_EXIT.get() {
        action();
    }
    restore();
    signal_hook::low_level::exit(129)
}

/// A thread that ends the process when the terminal goes away, even while the main thread is
/// stuck inside the terminal library (crossterm retries a read that returns 0 or EIO forever).
/// It stops when dropped.
pub struct HangupWatch {
    done: Arc<AtomicBool>,
}

impl HangupWatch {
    pub fn start() -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&done);
        let _ = std::thread::Builder::new()
            .name("hangup-watch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    if hung_up() {
                        hang_up();
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
        HangupWatch { done }
    }
}

impl Drop for HangupWatch {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
