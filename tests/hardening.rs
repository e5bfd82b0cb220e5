//! Issue 9 from the outside: the hostile environment. Races on one card, held locks, closed
//! terminals, job control and stray signals, hostile progress files, banks and settings, all
//! against the real binary; the full-screen cases in a pseudo-terminal.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

mod common;

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{BIN, Sandbox, assert_failed};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::{Value, json};

/// How long any one step may take before a test gives up: generous, as CI machines stall.
const DEADLINE: Duration = Duration::from_secs(15);

const ENTER_ALTERNATE_SCREEN: &str = "\x1b[?1049h";
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// Two questions, for drills.
const BANK: &str = r#"
deck: mock
title: Mock interview
role: Engineer
answer_time_secs: 90
questions:
  - id: threat-model
    category: technical
    question: "How would you threat model a new login feature?"
    why: "To see a practical, time-boxed method."
    answer: "Map data flows and trust boundaries, apply STRIDE, pick the top mitigations."
    key_points: ["Map data flows", "Trust boundaries"]
  - id: secrets
    category: technical
    question: "Where should an application keep its secrets?"
    why: "Secrets leak through code and logs."
    answer: "In a managed secret store, injected at runtime, rotated, never in git."
    key_points: ["Managed secret store", "Rotation"]
"#;
const Q1: &str = "How would you threat model a new login feature?";
const Q2: &str = "Where should an application keep its secrets?";

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

fn reviews(path: &Path) -> Vec<Value> {
    if !path.exists() {
        return Vec::new();
    }
    read_json(path)["reviews"].as_array().unwrap().clone()
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

/// Holds the progress file's lock from this process, as another prepdrill would while saving.
fn hold_lock(progress: &Path) -> File {
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(progress.with_extension("json.lock"))
        .unwrap();
    file.lock().unwrap();
    file
}

// ---------------------------------------------------------------------------------------------
// A pseudo-terminal whose reader can be let go, so the terminal can really be closed.

struct Pty {
    output: Arc<Mutex<Vec<u8>>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Asks the reader thread to drop its end of the terminal after its next read.
    release: Arc<AtomicBool>,
    reader_done: Arc<AtomicBool>,
}

impl Pty {
    /// Runs `program args` in an 80×24 pseudo-terminal, as its session leader.
    fn spawn(sandbox: &Sandbox, program: &str, args: &[&str], env: &[(&str, &str)]) -> Self {
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
        for (key, value) in sandbox_env(sandbox) {
            command.env(key, value);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        command.env("TERM", "xterm-256color");
        command.cwd(sandbox.path());
        let child = pair.slave.spawn_command(command).unwrap();
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
        }
    }

    /// A full-screen (or `--plain`) drill on the test bank, run directly in the terminal.
    fn drill(sandbox: &Sandbox, args: &[&str]) -> Self {
        let mut all = vec!["drill", "--bank", "bank.yaml"];
        all.extend_from_slice(args);
        Pty::spawn(sandbox, BIN, &all, &[])
    }

    /// The drill under `sh`, which then prints its exit code and the terminal's settings.
    fn drill_in_shell(sandbox: &Sandbox, args: &str) -> Self {
        let script = format!(
            "'{BIN}' drill --bank bank.yaml {args}; echo \"RC=$?\"; stty -a; echo STTY-DONE"
        );
        Pty::spawn(sandbox, "sh", &["-c", &script], &[])
    }

    fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn mark(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    #[track_caller]
    fn wait_for(&self, needle: &str, from: usize) {
        let start = Instant::now();
        loop {
            let raw = self.raw();
            if strip_escapes(&raw[from.min(raw.len())..]).contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{needle:?} did not appear; output after the mark:\n{}",
                strip_escapes(&raw[from.min(raw.len())..])
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for raw bytes (an escape sequence) after `from`.
    #[track_caller]
    fn wait_for_raw(&self, needle: &str, from: usize) {
        let start = Instant::now();
        loop {
            let raw = self.raw();
            if String::from_utf8_lossy(&raw[from.min(raw.len())..]).contains(needle) {
                return;
            }
            assert!(start.elapsed() < DEADLINE, "{needle:?} was not sent");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().unwrap();
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Closes the terminal, as closing its window does: every master descriptor goes.
    fn close(&mut self, nudge: &str) {
        self.release.store(true, Ordering::Relaxed);
        let start = Instant::now();
        // The reader lets go after its next read; a keystroke that echoes makes one happen.
        while !self.reader_done.load(Ordering::Relaxed) {
            if !nudge.is_empty() {
                self.send(nudge);
            }
            assert!(start.elapsed() < DEADLINE, "the reader never let go");
            std::thread::sleep(Duration::from_millis(50));
        }
        self.writer = None;
        self.master = None;
    }

    /// The exit code, waiting for it.
    #[track_caller]
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                start.elapsed() < DEADLINE,
                "prepdrill did not exit: it hangs or spins"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// For a drill under `sh`: waits for the shell to finish and returns everything it printed.
    #[track_caller]
    fn finish(mut self) -> Vec<u8> {
        self.wait_for("STTY-DONE", 0);
        self.exit_code();
        self.raw()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

fn sandbox_env(sandbox: &Sandbox) -> Vec<(String, String)> {
    let root = sandbox.path();
    let inside = |name: &str| root.join(name).display().to_string();
    vec![
        ("HOME".into(), inside("home")),
        ("XDG_CONFIG_HOME".into(), inside("config")),
        ("XDG_DATA_HOME".into(), inside("data")),
        ("XDG_CACHE_HOME".into(), inside("cache")),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("TZ".into(), "UTC".into()),
    ]
}

fn drill_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("bank.yaml", BANK);
    sandbox
}

/// The output as text, without CSI and OSC escape sequences.
fn strip_escapes(raw: &[u8]) -> String {
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

#[track_caller]
fn shell_exit_code(text: &str) -> i32 {
    let (_, after) = text
        .split_once("RC=")
        .unwrap_or_else(|| panic!("no RC= in:\n{text}"));
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap()
}

/// The flags a sane terminal has on that `stty -a` shows off or missing.
fn terminal_problems(stty: &str) -> Vec<String> {
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|f| !f.is_empty())
        .collect();
    ["echo", "icanon", "isig", "icrnl", "opost"]
        .iter()
        .filter(|flag| {
            let off = format!("-{flag}");
            flags.contains(&off.as_str()) || !flags.contains(flag)
        })
        .map(|flag| format!("-{flag}"))
        .collect()
}

#[track_caller]
fn assert_terminal_sane(text: &str) {
    let (_, stty) = text.split_once("RC=").expect("RC= printed");
    let problems = terminal_problems(stty);
    assert!(problems.is_empty(), "terminal left with {problems:?}:\n{text}");
}

#[track_caller]
fn assert_screen_restored(raw: &[u8], from: usize) {
    let after = String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned();
    assert!(after.contains(LEAVE_ALTERNATE_SCREEN), "alternate screen left on");
    assert!(after.contains(SHOW_CURSOR), "cursor left hidden");
}

/// The pid of the process called `name` whose parent is `parent`.
fn child_pid(parent: u32, name: &str) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let ppid: u32 = stat[close + 1..].split_whitespace().nth(1)?.parse().ok()?;
        (ppid == parent && &stat[open + 1..close] == name).then_some(pid)
    })
}

#[track_caller]
fn drill_pid(pty: &Pty) -> u32 {
    let shell = pty.child.process_id().expect("shell pid");
    let start = Instant::now();
    loop {
        if let Some(pid) = child_pid(shell, "prepdrill") {
            return pid;
        }
        assert!(start.elapsed() < DEADLINE, "prepdrill not found");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The process state letter from /proc (R, S, T for stopped, ...).
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rfind(')')
        .and_then(|close| stat[close + 1..].trim_start().chars().next())
        .unwrap_or('?')
}

fn kill(signal: &str, pid: u32) {
    let status = Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -s {signal} {pid}");
}

// ---------------------------------------------------------------------------------------------
// 1. The clock is read under the lock: grading one card from several processes refuses nothing.

#[test]
fn case1_same_card_race_keeps_every_grade() {
    let sb = Sandbox::new();
    // The real clock, not the pinned one: the race is between clock reads and the lock.
    let (processes, grades) = (3, 8);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..processes {
            scope.spawn(|| {
                for _ in 0..grades {
                    let run = sb.run_with_env(
                        &["rate", "threat-model-mvp", "good"],
                        &[("PREPDRILL_NOW", "")],
                    );
                    if !run.success() {
                        failures.lock().unwrap().push(run.stderr);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "refused grades: {failures:#?}");
    let log = reviews(&sb.progress_file());
    assert_eq!(log.len(), processes * grades);
    let ats: Vec<&str> = log.iter().map(|r| r["at"].as_str().unwrap()).collect();
    let mut sorted = ats.clone();
    sorted.sort_unstable();
    assert_eq!(ats, sorted, "the log stays in time order");
    let shown = sb.json(&["show", "threat-model-mvp", "--json"]);
    assert_eq!(shown["progress"]["reviews"], processes * grades);
}

// ---------------------------------------------------------------------------------------------
// 8. Lock waits are bounded and visible; Ctrl-C works while waiting.

#[test]
fn case8_a_held_lock_is_announced_then_given_up() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "secrets-management", "good"]);
    let before = std::fs::read(sb.progress_file()).unwrap();
    let lock = hold_lock(&sb.progress_file());
    let run = sb.run_with_env(
        &["rate", "threat-model-mvp", "good"],
        &[("PREPDRILL_LOCK_TIMEOUT", "1.5")],
    );
    assert_failed(&run, &["rate".into()]);
    assert!(
        run.stderr.contains("waiting for another prepdrill to finish saving (lock: ")
            && run.stderr.contains("progress.json.lock"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gave up waiting"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(std::fs::read(sb.progress_file()).unwrap(), before);

    // Released while it waits, the grade goes through.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1300));
        drop(lock);
    });
    let run = sb.run(&["rate", "threat-model-mvp", "good"]);
    releaser.join().unwrap();
    assert!(run.success(), "{run:#?}");
    assert!(run.stderr.contains("waiting for another prepdrill"), "{run:#?}");
    assert_eq!(reviews(&sb.progress_file()).len(), 2);
}

#[test]
fn case8_the_drill_stays_alive_while_waiting_and_ctrl_c_gives_up() {
    let sb = drill_sandbox();
    let mut pty = Pty::drill_in_shell(&sb, "");
    pty.wait_for(Q1, 0);
    let lock = hold_lock(&sb.progress_file());
    pty.send(" ");
    pty.wait_for("Key points you covered", 0);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("waiting for another prepdrill to finish saving", mark);
    // The screen is redrawn while waiting: the notice comes again.
    let later = pty.mark();
    pty.wait_for("waiting for another prepdrill to finish saving", later);
    let mark = pty.mark();
    pty.send("\x03");
    pty.wait_for("RC=", mark);
    let raw = pty.finish();
    let text = strip_escapes(&raw);
    assert_ne!(shell_exit_code(&text), 0, "{text}");
    assert!(text.contains("interrupted while waiting"), "{text}");
    assert!(text.contains("not saved"), "{text}");
    assert_terminal_sane(&text);
    assert_screen_restored(&raw, mark);
    drop(lock);
    assert!(reviews(&sb.progress_file()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 7. The drill ends when its terminal goes away: exit 129, grades kept, no spinning.

fn grade_first_card_full_screen(pty: &mut Pty) {
    pty.wait_for(Q1, 0);
    pty.send(" ");
    pty.wait_for("Key points you covered", 0);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for(Q2, mark);
}

#[test]
fn case7_closing_the_terminal_ends_a_full_screen_drill_with_129() {
    let sb = drill_sandbox();
    let mut pty = Pty::drill(&sb, &[]);
    grade_first_card_full_screen(&mut pty);
    // The drill redraws every second, so the reader lets go without a keystroke.
    pty.close("");
    assert_eq!(pty.exit_code(), 129);
    assert_eq!(reviews(&sb.progress_file()).len(), 1, "the grade is kept");
}

#[test]
fn case7_closing_the_terminal_ends_a_plain_drill_with_129() {
    let sb = drill_sandbox();
    let mut pty = Pty::drill(&sb, &["--plain"]);
    pty.wait_for(Q1, 0);
    pty.send("\r");
    pty.wait_for("Sample answer", 0);
    let mark = pty.mark();
    pty.send("3\r");
    pty.wait_for(Q2, mark);
    pty.close("x");
    assert_eq!(pty.exit_code(), 129);
    assert_eq!(reviews(&sb.progress_file()).len(), 1, "the grade is kept");
}

#[test]
fn case7_end_of_input_on_a_terminal_ends_a_plain_drill_with_129() {
    let sb = drill_sandbox();
    let mut pty = Pty::drill_in_shell(&sb, "--plain");
    pty.wait_for(Q1, 0);
    pty.send("\r");
    pty.wait_for("Sample answer", 0);
    let mark = pty.mark();
    pty.send("3\r");
    pty.wait_for(Q2, mark);
    // Ctrl-D: end of input on a live terminal.
    pty.send("\x04");
    let text = strip_escapes(&pty.finish());
    assert_eq!(shell_exit_code(&text), 129, "{text}");
    assert!(text.contains("Session over"), "{text}");
    assert_eq!(reviews(&sb.progress_file()).len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 10. Job control, and every terminating signal gives the terminal back.

#[test]
fn case10_ctrl_z_restores_the_terminal_and_fg_redraws() {
    let sb = drill_sandbox();
    let mut pty = Pty::drill_in_shell(&sb, "");
    pty.wait_for(Q1, 0);
    let pid = drill_pid(&pty);
    let mark = pty.mark();
    pty.send("\x1a");
    pty.wait_for_raw(LEAVE_ALTERNATE_SCREEN, mark);
    let start = Instant::now();
    while process_state(pid) != 'T' {
        assert!(start.elapsed() < DEADLINE, "Ctrl-Z did not stop the drill");
        std::thread::sleep(Duration::from_millis(10));
    }
    // While it is stopped the terminal is cooked again: echo and line editing on.
    let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap();
    let stty = Command::new("stty")
        .arg("-a")
        .arg("-F")
        .arg(&tty)
        .output()
        .unwrap();
    let modes = String::from_utf8_lossy(&stty.stdout);
    assert!(
        terminal_problems(&modes).is_empty(),
        "stopped with {:?}",
        terminal_problems(&modes)
    );
    assert_screen_restored(&pty.raw(), mark);

    let mark = pty.mark();
    kill("CONT", pid);
    pty.wait_for_raw(ENTER_ALTERNATE_SCREEN, mark);
    pty.wait_for(Q1, mark);
    // Raw again: a single key acts without Enter.
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("Key points you covered", mark);
    let mark = pty.mark();
    pty.send("q");
    pty.wait_for("RC=", mark);
    let text = strip_escapes(&pty.finish());
    assert_eq!(shell_exit_code(&text), 0, "{text}");
    assert_terminal_sane(&text);
}

#[test]
fn case10_stray_signals_restore_the_terminal_first() {
    for (signal, number) in [("QUIT", 3), ("USR1", 10), ("ALRM", 14)] {
        let sb = drill_sandbox();
        let pty = Pty::drill_in_shell(&sb, "");
        pty.wait_for(Q1, 0);
        let pid = drill_pid(&pty);
        let mark = pty.mark();
        kill(signal, pid);
        pty.wait_for("RC=", mark);
        let raw = pty.finish();
        let text = strip_escapes(&raw);
        assert_eq!(shell_exit_code(&text), 128 + number, "SIG{signal}: {text}");
        assert_terminal_sane(&text);
        assert_screen_restored(&raw, mark);
    }
}
