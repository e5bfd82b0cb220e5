//! Diagnostics on stderr that never panic: when stderr is closed or full, the message is lost,
//! not the command (`eprintln!` panics there, turning a warning into exit 101).

use std::io::Write as _;

/// Writes one line to stderr, neutralised (it can quote what a file holds), ignoring failure.
pub fn line(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(crate::ui::text::sanitize(text).as_bytes());
    let _ = stderr.write_all(b"\n");
    let _ = stderr.flush();
}
