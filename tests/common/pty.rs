//! Drives the real binary in an 80×24 pseudo-terminal: keys in, the drawn text out, waited for
//! with a deadline. Test files include it with `#[path = "common/pty.rs"] mod pty;`.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long any one step may take before the test gives up: generous, as CI machines stall.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// A shell in a pseudo-terminal, its output collected by a thread.
pub struct Pty {
    output: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Runs `script` under `sh -c` in `dir` with exactly `env` (plus TERM), then prints its
    /// exit code as `RC=n` and `DONE`.
    pub fn spawn(dir: &Path, env: &[(String, String)], script: &str) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new("sh");
        command.args(["-c", &format!("{script}; echo \"RC=$?\"; echo DONE")]);
        command.env_clear();
        for (key, value) in env {
            command.env(key, value);
        }
        command.env("TERM", "xterm-256color");
        command.cwd(dir);
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Pty {
            output,
            writer,
            child,
            _master: pair.master,
        }
    }

    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Bytes received so far: a mark to look for output after.
    pub fn mark(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// The text drawn after `from`, escape codes removed.
    pub fn text_since(&self, from: usize) -> String {
        let raw = self.raw();
        strip_escapes(&raw[from.min(raw.len())..])
    }

    /// Waits until `needle` shows in the output after `from`.
    #[track_caller]
    pub fn wait_for(&self, needle: &str, from: usize) {
        let start = Instant::now();
        loop {
            if self.text_since(from).contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{needle:?} did not appear within {DEADLINE:?}; output after the mark:\n{}",
                self.text_since(from)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the shell to finish; returns the whole output as text and the program's exit code.
    #[track_caller]
    pub fn finish(mut self) -> (String, i32) {
        self.wait_for("DONE", 0);
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("the shell did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let text = strip_escapes(&self.raw());
        let code = text
            .rsplit_once("RC=")
            .map(|(_, after)| {
                after
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|d| d.parse().ok())
            .unwrap_or(-1);
        (text, code)
    }
}

impl Drop for Pty {
    /// A test that fails half-way leaves no shell behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// The output as text, without CSI, OSC and other escape sequences.
pub fn strip_escapes(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}
