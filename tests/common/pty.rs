//! Drives the real binary in an 80×24 pseudo-terminal: keys in, the drawn text out, waited for
//! with a deadline. Test files include it with `#[path = "common/pty.rs"] mod pty;`.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long any one step may take before the test gives up: generous, as CI machines stall.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// A program in a pseudo-terminal, its output collected by a thread.
pub struct Pty {
    output: Arc<Mutex<Vec<u8>>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    // Kept open so the terminal lives until the test is done with it, and to resize it.
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Asks the reader thread to drop its end of the terminal after its next read.
    release: Arc<AtomicBool>,
    reader_done: Arc<AtomicBool>,
    /// How long any one wait may take.
    deadline: Duration,
}

impl Pty {
    /// Runs `script` under `sh -c` in `dir` with exactly `env` (plus TERM), then prints its
    /// exit code as `RC=n` and `DONE`.
    pub fn spawn(dir: &Path, env: &[(String, String)], script: &str) -> Self {
        Pty::shell(dir, env, &format!("{script}; echo \"RC=$?\"; echo DONE"))
    }

    /// Runs `script` under `sh -c` as it stands, in `dir` with exactly `env` (plus TERM).
    pub fn shell(dir: &Path, env: &[(String, String)], script: &str) -> Self {
        Pty::program(dir, env, "sh", &["-c", script])
    }

    /// Runs `program args` in `dir` with exactly `env` (plus TERM), as the terminal's session
    /// leader.
    pub fn program(dir: &Path, env: &[(String, String)], program: &str, args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env_clear();
        for (key, value) in env {
            command.env(key, value);
        }
        command.env("TERM", "xterm-256color");
        command.cwd(dir);
        let child = pair.slave.spawn_command(command).unwrap();
        // Only the child may hold the terminal's other end, so its exit ends our reads.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let release = Arc::new(AtomicBool::new(false));
        let reader_done = Arc::new(AtomicBool::new(false));
        let (sink, stop, done) = (
            Arc::clone(&output),
            Arc::clone(&release),
            Arc::clone(&reader_done),
        );
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
                if stop.load(Ordering::Relaxed) {
                    break;
                }
            }
            drop(reader);
            done.store(true, Ordering::Relaxed);
        });
        Pty {
            output,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            release,
            reader_done,
            deadline: DEADLINE,
        }
    }

    /// The same terminal with a different limit on each wait.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
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
                start.elapsed() < self.deadline,
                "{needle:?} did not appear within {:?}; output after the mark:\n{}",
                self.deadline,
                self.text_since(from)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for raw bytes (an escape sequence) after `from`.
    #[track_caller]
    pub fn wait_for_raw(&self, needle: &str, from: usize) {
        let start = Instant::now();
        loop {
            let raw = self.raw();
            if String::from_utf8_lossy(&raw[from.min(raw.len())..]).contains(needle) {
                return;
            }
            assert!(start.elapsed() < self.deadline, "{needle:?} was not sent");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Resizes the terminal, which sends SIGWINCH to the program in it.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// The pid of the program started in the terminal (the shell, for a script).
    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Closes the terminal, as closing its window does: every master descriptor goes.
    pub fn close(&mut self, nudge: &str) {
        self.release.store(true, Ordering::Relaxed);
        let start = Instant::now();
        // The reader lets go after its next read; a keystroke that echoes makes one happen.
        while !self.reader_done.load(Ordering::Relaxed) {
            if !nudge.is_empty() {
                self.send(nudge);
            }
            assert!(start.elapsed() < self.deadline, "the reader never let go");
            std::thread::sleep(Duration::from_millis(50));
        }
        self.writer = None;
        self.master = None;
    }

    /// The program's exit code, waiting for it.
    #[track_caller]
    pub fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                start.elapsed() < self.deadline,
                "prepdrill did not exit: it hangs or spins"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for `done` in the output and for the shell to exit, then returns the whole output.
    #[track_caller]
    pub fn finish_raw(mut self, done: &str) -> Vec<u8> {
        self.wait_for(done, 0);
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if start.elapsed() > self.deadline {
                let _ = self.child.kill();
                panic!("the shell did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.raw()
    }

    /// For a [`Pty::spawn`] script: waits for the shell to finish; returns the whole output as
    /// text and the program's exit code (-1 when none was printed).
    #[track_caller]
    pub fn finish(self) -> (String, i32) {
        let text = strip_escapes(&self.finish_raw("DONE"));
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

/// The exit code a script printed as `RC=n` (the first one), panicking when there is none.
#[track_caller]
pub fn exit_code(text: &str) -> i32 {
    let (_, after) = text
        .split_once("RC=")
        .unwrap_or_else(|| panic!("no RC= in:\n{text}"));
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap()
}

/// The pid of the process called `name` whose parent is `parent`, read from /proc.
pub fn child_pid(parent: u32, name: &str) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // `pid (comm) state ppid ...`, where comm may itself hold spaces and parentheses.
            let open = stat.find('(')?;
            let close = stat.rfind(')')?;
            let comm = &stat[open + 1..close];
            let ppid: u32 = stat[close + 1..].split_whitespace().nth(1)?.parse().ok()?;
            (ppid == parent && comm == name).then_some(pid)
        })
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
