//! Runs the real prepdrill binary in a fresh temporary directory with a scrubbed environment.
//!
//! Nothing from the developer's machine leaks in: the environment is cleared, HOME and the XDG
//! directories point inside the temporary directory, and the clock, zone and width are pinned.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The instant every run sees as now (`PREPDRILL_NOW`).
pub const NOW: &str = "2026-11-26T12:00:00Z";

/// The path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_prepdrill");

/// One isolated home for a test: its own data, config and cache directories.
pub struct Sandbox {
    dir: tempfile::TempDir,
    env: Vec<(OsString, OsString)>,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
    pub stderr_bytes: Vec<u8>,
    /// `None` when the process was killed by a signal.
    pub code: Option<i32>,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        let mut env: Vec<(OsString, OsString)> = vec![
            ("HOME".into(), root.join("home").into()),
            ("XDG_CONFIG_HOME".into(), root.join("config").into()),
            ("XDG_DATA_HOME".into(), root.join("data").into()),
            ("XDG_CACHE_HOME".into(), root.join("cache").into()),
            ("TZ".into(), "UTC".into()),
            ("PREPDRILL_NOW".into(), NOW.into()),
            ("COLUMNS".into(), "80".into()),
        ];
        if let Some(path) = std::env::var_os("PATH") {
            env.push(("PATH".into(), path));
        }
        Sandbox { dir, env }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Adds (or replaces) a variable for every later run.
    pub fn set_env(&mut self, key: &str, value: impl Into<OsString>) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
    }

    /// Writes a file under the sandbox, creating its directory, and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// The progress file the binary uses by default (XDG_DATA_HOME/prepdrill/progress.json).
    pub fn progress_file(&self) -> PathBuf {
        self.path().join("data/prepdrill/progress.json")
    }

    /// The reviews in the default progress file, oldest first; none when nothing was saved.
    pub fn reviews(&self) -> Vec<serde_json::Value> {
        let Ok(text) = std::fs::read_to_string(self.progress_file()) else {
            return Vec::new();
        };
        let progress: serde_json::Value = serde_json::from_str(&text).expect("progress is JSON");
        progress["reviews"].as_array().cloned().unwrap_or_default()
    }

    /// The environment for a run in a pseudo-terminal (`common/pty.rs`): the sandbox's home
    /// directories, PATH and TZ, but, unlike [`Sandbox::command`], no pinned clock or width.
    pub fn terminal_env(&self) -> Vec<(String, String)> {
        let inside = |name: &str| self.path().join(name).display().to_string();
        vec![
            ("HOME".into(), inside("home")),
            ("XDG_CONFIG_HOME".into(), inside("config")),
            ("XDG_DATA_HOME".into(), inside("data")),
            ("XDG_CACHE_HOME".into(), inside("cache")),
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("TZ".into(), "UTC".into()),
        ]
    }

    /// [`Sandbox::terminal_env`] with the clock pinned at [`NOW`].
    pub fn terminal_env_at_now(&self) -> Vec<(String, String)> {
        let mut env = self.terminal_env();
        env.push(("PREPDRILL_NOW".into(), NOW.into()));
        env
    }

    /// The settings file the binary uses (XDG_CONFIG_HOME/prepdrill/config.yaml).
    pub fn config_file(&self) -> PathBuf {
        self.path().join("config/prepdrill/config.yaml")
    }

    /// A command for the binary with the scrubbed environment, run in the sandbox, stdin closed.
    pub fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self.path())
            .stdin(Stdio::null());
        command
    }

    /// Runs the binary with these arguments and waits for it.
    pub fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Run {
        let output = self.command().args(args).output().expect("run prepdrill");
        finish(output)
    }

    /// Runs with `input` on a pipe as stdin and waits for it.
    pub fn run_with_input<S: AsRef<std::ffi::OsStr>>(&self, args: &[S], input: &str) -> Run {
        let mut command = self.command();
        command.args(args);
        run_piped(command, input)
    }

    /// Runs with extra environment variables for this run only.
    pub fn run_with_env<S: AsRef<std::ffi::OsStr>>(&self, args: &[S], env: &[(&str, &str)]) -> Run {
        let mut command = self.command();
        command.args(args);
        for (k, v) in env {
            command.env(k, v);
        }
        finish(command.output().expect("run prepdrill"))
    }

    /// Runs, asserts success with nothing on stderr, and returns stdout.
    #[track_caller]
    pub fn ok<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> String {
        let run = self.run(args);
        assert!(
            run.success() && run.stderr.is_empty(),
            "prepdrill {:?} failed: {run:#?}",
            display_args(args)
        );
        run.stdout
    }

    /// Runs, asserts a non-zero exit without a panic, and returns stderr.
    #[track_caller]
    pub fn fails<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> String {
        let run = self.run(args);
        assert_failed(&run, &display_args(args));
        run.stderr
    }

    /// Runs `args` and parses stdout as JSON.
    #[track_caller]
    pub fn json<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> serde_json::Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }

    /// Runs the binary on a pseudo-terminal (so stdout is a terminal) and returns what it drew.
    pub fn run_on_terminal(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        self.run_on_terminal_sized(args, env, 80)
    }

    /// Like [`Sandbox::run_on_terminal`] on a terminal `cols` columns wide; lines end in `\n`.
    pub fn run_on_terminal_sized(&self, args: &[&str], env: &[(&str, &str)], cols: u16) -> String {
        self.pty_run(args, env, cols).replace("\r\n", "\n")
    }

    fn pty_run(&self, args: &[&str], env: &[(&str, &str)], cols: u16) -> String {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 50,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(BIN);
        command.env_clear();
        for (k, v) in &self.env {
            command.env(k, v);
        }
        for (k, v) in env {
            command.env(k, v);
        }
        command.cwd(self.path());
        for arg in args {
            command.arg(arg);
        }
        let mut child = pair.slave.spawn_command(command).expect("spawn on pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let mut bytes = Vec::new();
        // Linux reports EIO once the child has gone and the terminal is closed: that is the end.
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
        let status = child.wait().expect("wait for pty child");
        assert!(status.success(), "prepdrill {args:?} on a terminal failed");
        String::from_utf8(bytes).expect("UTF-8 output")
    }
}

impl Sandbox {
    /// A sandbox with `bank` saved as `name`, whose candidate already answered the first
    /// drill's interview question (no interview), so a drill starts at its first card.
    pub fn with_bank(name: &str, bank: &str) -> Self {
        let sandbox = Sandbox::new();
        sandbox.write(name, bank);
        sandbox.write("config/prepdrill/config.yaml", "interview-date: none\n");
        sandbox
    }
}

/// A sandbox for drills: [`TWO_QUESTIONS`] as `bank.yaml`, and no interview.
pub fn drill_sandbox() -> Sandbox {
    Sandbox::with_bank("bank.yaml", TWO_QUESTIONS)
}

/// Holds the progress file's lock from this process, as another prepdrill would while saving.
pub fn hold_lock(progress: &Path) -> std::fs::File {
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(progress.with_extension("json.lock"))
        .unwrap();
    file.lock().unwrap();
    file
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

fn display_args<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<String> {
    args.iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect()
}

fn finish(output: std::process::Output) -> Run {
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout_bytes: output.stdout,
        stderr_bytes: output.stderr,
        code: output.status.code(),
    }
}

/// A failure as users should see it: a non-zero exit, a message, and no panic.
#[track_caller]
pub fn assert_failed(run: &Run, what: &[String]) {
    assert!(
        run.code.is_some_and(|c| c != 0),
        "prepdrill {what:?} should fail: {run:#?}"
    );
    assert!(!run.stderr.trim().is_empty(), "no message: {run:#?}");
    assert!(
        !run.stderr.contains("panicked") && run.code != Some(101),
        "prepdrill {what:?} panicked: {}",
        run.stderr
    );
}

/// Runs `command` with `input` on a pipe as its stdin, and waits for it.
pub fn run_piped(mut command: Command, input: &str) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn prepdrill");
    // A run that ends before reading all its input (a drill that says "come back at 19:42")
    // closes the pipe: under load that can happen before the input is written, which is no failure.
    if let Err(e) = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
    {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write input: {e}");
    }
    finish(child.wait_with_output().expect("wait"))
}

/// Two questions, and the deck the drill and hardening tests share.
pub const TWO_QUESTIONS: &str = r#"
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
