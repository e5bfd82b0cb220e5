//! The one way into full-screen mode: a guard that gives the terminal back on every exit.

use std::io::Write;
use std::sync::Once;

use crossterm::{cursor, execute, terminal};

/// Raw mode and the alternate screen, restored when dropped, on a panic, and (through the
/// drill's signal handling) on Ctrl-C, SIGTERM and SIGHUP.
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

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
