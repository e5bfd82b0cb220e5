//! End-to-end tests of `prepdrill drill`: the real binary, line by line through a pipe, and full
//! screen in a pseudo-terminal, checking what it prints, what it saves, and that it gives the
//! terminal back.
//!
//! Each test runs in its own temporary directory with a scrubbed environment: HOME and the XDG
//! directories point inside it, TZ is UTC, and only PATH is kept from the caller.

// The helpers drive processes and pseudo-terminals; when the harness itself breaks (a temporary
// directory, a pipe, a pty), the test should fail at once and say where.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::pty;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pty::{DEADLINE, Pty, child_pid, exit_code, strip_escapes};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_prepdrill");

/// Three questions with their own answer times and lettered key points.
const BANK: &str = r#"
deck: mock
title: Mock interview
role: Engineer
answer_time_secs: 90
questions:
  - id: threat-model
    category: technical
    tags: [threat-modeling]
    question: "How would you threat model a new login feature?"
    why: "To see a practical, time-boxed method."
    answer: "Map data flows and trust boundaries, apply STRIDE, pick the top mitigations."
    key_points:
      - "Map data flows"
      - "Trust boundaries"
      - "Prioritise mitigations"
  - id: secrets
    category: technical
    tags: [secrets]
    answer_time_secs: 45
    question: "Where should an application keep its secrets?"
    why: "Secrets leak through code and logs."
    answer: "In a managed secret store, injected at runtime, rotated, never in git."
    key_points:
      - "Managed secret store"
      - "Rotation"
  - id: influence
    category: behavioral
    tags: [behavioral]
    question: "Tell me about a time you influenced a decision without authority."
    why: "Security people persuade more than they order."
    answer: "I framed the risk in product terms and offered options, not blockers."
    key_points:
      - "Product terms"
      - "Options, not blockers"
"#;

/// One question with a one-second answer time, to see the clock run out.
const QUICK_BANK: &str = r#"
deck: quick
title: Quick
role: Engineer
questions:
  - id: quick
    category: technical
    answer_time_secs: 1
    question: "Name one OWASP Top 10 category."
    why: "A warm-up."
    answer: "Broken access control."
    key_points:
      - "Broken access control"
"#;

const Q1: &str = "How would you threat model a new login feature?";
const Q2: &str = "Where should an application keep its secrets?";
const Q3: &str = "Tell me about a time you influenced a decision without authority.";

/// The escape sequences that switch to the alternate screen and back, and show the cursor.
const ENTER_ALTERNATE_SCREEN: &str = "\x1b[?1049h";
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// One isolated home: the bank file, the data dir and the XDG directories.
struct Sandbox {
    dir: tempfile::TempDir,
}

/// What a plain-mode run printed and how it ended.
#[derive(Debug)]
struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

impl Sandbox {
    /// A sandbox whose candidate already answered the first drill's interview question (no
    /// interview), so a full-screen drill starts at its first card.
    fn new() -> Self {
        let sandbox = Sandbox::first_time();
        let config = sandbox.path().join("config/prepdrill");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("config.yaml"), "interview-date: none\n").unwrap();
        sandbox
    }

    /// A sandbox for a candidate who has never run prepdrill.
    fn first_time() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("small.yaml"), BANK).unwrap();
        std::fs::write(dir.path().join("quick.yaml"), QUICK_BANK).unwrap();
        Sandbox { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn data_dir(&self) -> PathBuf {
        self.path().join("data")
    }

    /// The scrubbed environment every run gets.
    fn env(&self) -> Vec<(String, String)> {
        let root = self.path();
        let inside = |name: &str| root.join(name).display().to_string();
        vec![
            ("HOME".into(), inside("home")),
            ("XDG_CONFIG_HOME".into(), inside("config")),
            ("XDG_DATA_HOME".into(), inside("xdg-data")),
            ("XDG_CACHE_HOME".into(), inside("cache")),
            ("XDG_STATE_HOME".into(), inside("state")),
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("TZ".into(), "UTC".into()),
        ]
    }

    /// `prepdrill drill ARGS --bank small.yaml --data-dir data` with `input` on a pipe.
    fn drill(&self, args: &[&str], input: &str) -> Run {
        self.drill_with_env(args, input, &[])
    }

    fn drill_with_env(&self, args: &[&str], input: &str, extra_env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(BIN);
        command
            .env_clear()
            .envs(self.env())
            .envs(extra_env.iter().copied())
            .current_dir(self.path())
            .arg("drill")
            .args(args)
            .arg("--bank")
            .arg("small.yaml")
            .arg("--data-dir")
            .arg(self.data_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        // The binary may stop reading early (on `q`), so a closed pipe here is expected.
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).unwrap();
            text
        });
        let err = std::thread::spawn(move || {
            let mut text = String::new();
            stderr.read_to_string(&mut text).unwrap();
            text
        });
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > DEADLINE {
                let _ = child.kill();
                panic!("prepdrill drill {args:?} did not finish within {DEADLINE:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Run {
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
            code: status.code(),
        }
    }

    fn progress_text(&self) -> Option<String> {
        std::fs::read_to_string(self.data_dir().join("progress.json")).ok()
    }

    fn progress(&self) -> Value {
        let text = self.progress_text().expect("a progress file was written");
        serde_json::from_str(&text).unwrap()
    }

    fn reviews(&self) -> Vec<Value> {
        self.progress_text()
            .map(|text| serde_json::from_str::<Value>(&text).unwrap())
            .and_then(|p| p["reviews"].as_array().cloned())
            .unwrap_or_default()
    }
}

/// `(card, rating)` of each review, oldest first.
fn graded(reviews: &[Value]) -> Vec<(String, String)> {
    reviews
        .iter()
        .map(|r| {
            (
                r["card"].as_str().unwrap().to_string(),
                r["rating"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(card, rating)| ((*card).to_string(), (*rating).to_string()))
        .collect()
}

#[track_caller]
fn assert_succeeded(run: &Run) {
    assert_eq!(
        run.code,
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

/// Where `needle` first appears, panicking with the whole output when it does not.
#[track_caller]
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

// ---------------------------------------------------------------------------------------------
// Plain mode, through a pipe.

#[test]
fn plain_session_through_a_pipe() {
    let sandbox = Sandbox::new();
    // Q1: hint, reveal, tick a and c, grade good. Q2: reveal, and an empty line takes the
    // suggested grade (again: nothing ticked). Q3: reveal, grade hard. Then the cards still in
    // their learning steps come back early: quit.
    let run = sandbox.drill(&["--plain"], "h\n\nac\n3\n\n\n\n2\nq\n");
    assert_succeeded(&run);
    let out = &run.stdout;
    for text in [
        Q1,
        Q2,
        Q3,
        "Time limit 1m30s",
        "Time limit 45s",
        "Map data flows and trust boundaries, apply STRIDE, pick the top mitigations.",
        "To see a practical, time-boxed method.",
        "  [ ] a  Map data flows",
        "  [ ] b  Trust boundaries",
        "  [ ] c  Prioritise mitigations",
        // Two of three points would suggest good; the hint lowers it by one.
        "Ticked: a[x] b[ ] c[x] · suggested 2 hard",
        "Suggested: 1 again",
        "Session over",
        "3 cards answered · 1 again · 0 skipped",
    ] {
        position(out, text);
    }
    assert!(
        position(out, Q1) < position(out, Q2) && position(out, Q2) < position(out, Q3),
        "new cards come in bank order:\n{out}"
    );
    assert!(
        position(out, "Why employers ask:") < position(out, "Answered in"),
        "the hint comes before the reveal:\n{out}"
    );
    assert_eq!(
        out[..position(out, Q2)]
            .matches("To see a practical")
            .count(),
        1,
        "the why-note shown as a hint is not printed again on reveal:\n{out}"
    );
    assert!(
        !out.contains('\x1b'),
        "no escape codes through a pipe:\n{out}"
    );
    let reviews = sandbox.reviews();
    assert_eq!(
        graded(&reviews),
        pairs(&[
            ("mock/threat-model", "good"),
            ("mock/secrets", "again"),
            ("mock/influence", "hard"),
        ])
    );
    for review in &reviews {
        assert!(review["duration_ms"].as_u64().is_some(), "{review}");
        assert_eq!(review["timed_out"], Value::Bool(false), "{review}");
        assert!(review.get("cram").is_none(), "{review}");
        assert!(review.get("typed_answer").is_none(), "{review}");
    }
    let cards = states(&sandbox.progress());
    assert_eq!(cards["mock/secrets"]["state"], "learning", "{cards}");
    assert_eq!(cards["mock/threat-model"]["state"], "learning", "{cards}");
}

#[test]
fn stdin_not_a_terminal_selects_plain_mode() {
    let sandbox = Sandbox::new();
    let run = sandbox.drill(&[], "\n3\nq\n");
    assert_succeeded(&run);
    assert!(
        run.stdout
            .contains("Answer aloud, then press Enter to reveal"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains(ENTER_ALTERNATE_SCREEN),
        "no full screen:\n{}",
        run.stdout
    );
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "good")])
    );
}

#[test]
fn end_of_input_mid_session_ends_cleanly() {
    let sandbox = Sandbox::new();
    let run = sandbox.drill(&["--plain"], "\n3\n\n");
    assert_succeeded(&run);
    let out = &run.stdout;
    position(out, "Session over: you ended it");
    position(out, "1 card answered");
    assert!(
        position(out, "Sample answer") < position(out, "Session over"),
        "{out}"
    );
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "good")]),
        "the revealed but ungraded second card is not recorded"
    );
}

#[test]
fn typed_answers_are_kept_and_pre_tick_points() {
    let sandbox = Sandbox::new();
    let run = sandbox.drill(
        &["--plain", "--type"],
        "I would map data flows first\nand draw the trust boundaries\n\n\nq\n",
    );
    assert_succeeded(&run);
    let out = &run.stdout;
    position(out, "Type your answer, then an empty line to reveal");
    position(out, "  [x] a  Map data flows");
    position(out, "  [x] b  Trust boundaries");
    position(out, "  [ ] c  Prioritise mitigations");
    position(out, "Suggested: 3 good");
    let reviews = sandbox.reviews();
    // The empty line after the reveal took the suggested grade.
    assert_eq!(graded(&reviews), pairs(&[("mock/threat-model", "good")]));
    let typed = reviews[0]["typed_answer"]
        .as_str()
        .expect("typed_answer kept");
    assert_eq!(
        typed.trim_end(),
        "I would map data flows first\nand draw the trust boundaries"
    );
}

/// Each card's scheduling state, from the progress file's card lines (`cards[key].state`); cards
/// with no state (cram reviews only) are left out.
fn states(progress: &Value) -> Value {
    let cards = progress["cards"].as_object().cloned().unwrap_or_default();
    Value::Object(
        cards
            .into_iter()
            .filter(|(_, card)| card.get("state").is_some())
            .map(|(key, card)| (key, card["state"].clone()))
            .collect(),
    )
}

#[test]
fn cram_records_reviews_but_leaves_the_schedule() {
    let sandbox = Sandbox::new();
    assert_succeeded(&sandbox.drill(&["--plain"], "\n3\nq\n"));
    let cards_before = states(&sandbox.progress());
    assert_eq!(
        cards_before.as_object().map(serde_json::Map::len),
        Some(1),
        "{cards_before}"
    );

    let run = sandbox.drill(&["--plain", "--cram"], "\n3\n\n4\n\n1\n");
    assert_succeeded(&run);
    position(&run.stdout, "cram: schedule unchanged");
    // Never-reviewed cards have the lowest recall, so they come before the one just learnt.
    assert!(
        position(&run.stdout, Q2) < position(&run.stdout, Q1),
        "{}",
        run.stdout
    );
    let progress = sandbox.progress();
    assert_eq!(states(&progress), cards_before, "cram changed the schedule");
    let reviews = progress["reviews"].as_array().unwrap().clone();
    assert_eq!(
        graded(&reviews),
        pairs(&[
            ("mock/threat-model", "good"),
            ("mock/secrets", "good"),
            ("mock/influence", "easy"),
            ("mock/threat-model", "again"),
        ])
    );
    assert!(reviews[0].get("cram").is_none(), "{}", reviews[0]);
    for review in &reviews[1..] {
        assert_eq!(review["cram"], Value::Bool(true), "{review}");
        assert!(review["duration_ms"].as_u64().is_some(), "{review}");
    }
}

#[test]
fn second_session_picks_up_where_the_first_left_off() {
    let sandbox = Sandbox::new();
    // Q1 again, Q2 good, then quit while Q3 is asked.
    assert_succeeded(&sandbox.drill(&["--plain"], "\n1\n\n3\nq\n"));
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "again"), ("mock/secrets", "good")])
    );
    // Five minutes on: Q1's one-minute step has passed, Q2's ten-minute step has not.
    let later = (chrono::Utc::now() + chrono::Duration::minutes(5)).to_rfc3339();
    let run = sandbox.drill_with_env(
        &["--plain"],
        "\n3\n\n3\nq\n",
        &[("PREPDRILL_NOW", later.as_str())],
    );
    assert_succeeded(&run);
    let out = &run.stdout;
    assert!(
        position(out, Q1) < position(out, Q3),
        "the due again card comes before the new one:\n{out}"
    );
    assert!(
        !out.contains(Q2),
        "the good card is neither due nor new:\n{out}"
    );
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[
            ("mock/threat-model", "again"),
            ("mock/secrets", "good"),
            ("mock/threat-model", "good"),
            ("mock/influence", "good"),
        ])
    );
}

#[test]
fn nothing_due_suggests_cram() {
    let sandbox = Sandbox::new();
    assert_succeeded(&sandbox.drill(&["--plain"], "\n4\n\n4\n\n4\n"));
    assert_eq!(sandbox.reviews().len(), 3);
    let before = sandbox.progress_text();
    let run = sandbox.drill(&["--plain"], "");
    assert_succeeded(&run);
    position(&run.stdout, "Nothing is due right now.");
    position(&run.stdout, "The next card is due");
    position(&run.stdout, "--cram");
    assert!(!run.stdout.contains("Session over"), "{}", run.stdout);
    assert_eq!(sandbox.progress_text(), before, "nothing was written");
}

#[test]
fn no_subcommand_starts_a_drill() {
    let sandbox = Sandbox::new();
    let mut command = Command::new(BIN);
    let output = command
        .env_clear()
        .envs(sandbox.env())
        .current_dir(sandbox.path())
        .args(["--bank", "small.yaml", "--data-dir"])
        .arg(sandbox.data_dir())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    position(&stdout, Q1);
    position(&stdout, "Session over");
}

#[test]
fn tag_and_limit_narrow_the_queue() {
    let sandbox = Sandbox::new();
    let run = sandbox.drill(&["--plain", "--tag", "secrets"], "\n3\nq\n");
    assert_succeeded(&run);
    assert!(!run.stdout.contains(Q1), "{}", run.stdout);
    position(&run.stdout, Q2);
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/secrets", "good")])
    );

    let sandbox = Sandbox::new();
    let run = sandbox.drill(&["--plain", "--limit", "1"], "\n4\n");
    assert_succeeded(&run);
    position(&run.stdout, "every card in the queue was answered");
    assert!(!run.stdout.contains(Q2), "{}", run.stdout);
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "easy")])
    );
}

#[test]
fn skip_buries_the_card_until_tomorrow() {
    let sandbox = Sandbox::new();
    let run = sandbox.drill(&["--plain"], "s\nq\n");
    assert_succeeded(&run);
    position(&run.stdout, "0 cards answered · 0 again · 1 skipped");
    let progress = sandbox.progress();
    assert!(
        progress["buried"]["mock/threat-model"].is_string(),
        "{progress}"
    );
    assert!(sandbox.reviews().is_empty());
    let run = sandbox.drill(&["--plain"], "q\n");
    assert_succeeded(&run);
    assert!(
        !run.stdout.contains(Q1),
        "the buried card is not asked again today:\n{}",
        run.stdout
    );
    position(&run.stdout, Q2);
}

#[test]
fn undo_in_plain_mode_removes_the_review() {
    let sandbox = Sandbox::new();
    let run = sandbox.drill(&["--plain"], "\n3\nu\nq\n");
    assert_succeeded(&run);
    assert!(
        sandbox.reviews().is_empty(),
        "the undone grade is still saved: {:?}\n{}",
        graded(&sandbox.reviews()),
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Full screen, in a pseudo-terminal.

/// `script` under `sh -c` in an 80×24 pseudo-terminal, in the sandbox with its environment.
fn shell_pty(sandbox: &Sandbox, script: &str) -> Pty {
    Pty::shell(sandbox.path(), &sandbox.env(), script)
}

/// The drill on `bank` in the pty, then its exit code and the terminal's settings once it
/// is gone.
fn drill_pty(sandbox: &Sandbox, bank: &str, args: &str) -> Pty {
    let script = format!(
        "'{BIN}' drill --bank {bank} --data-dir '{}' {args}; echo \"RC=$?\"; stty -a; echo STTY-DONE",
        sandbox.data_dir().display()
    );
    shell_pty(sandbox, &script)
}

/// Waits for the shell to finish, returning the whole output.
#[track_caller]
fn finish(pty: Pty) -> Vec<u8> {
    pty.finish_raw("STTY-DONE")
}

/// What is wrong with the terminal settings `stty -a` printed after the drill: each flag a sane
/// terminal has on (echo, line editing, signals, newline translation) that is off or missing.
fn terminal_problems(text: &str) -> Vec<String> {
    let Some((_, stty)) = text.split_once("RC=") else {
        return vec![format!("no RC= in:\n{text}")];
    };
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|f| !f.is_empty())
        .collect();
    let mut problems = Vec::new();
    for flag in ["echo", "icanon", "isig", "icrnl", "opost"] {
        let off = format!("-{flag}");
        if flags.contains(&off.as_str()) || !flags.contains(&flag) {
            problems.push(off);
        }
    }
    problems
}

#[track_caller]
fn assert_terminal_sane(text: &str) {
    let problems = terminal_problems(text);
    assert!(
        problems.is_empty(),
        "the terminal was left with {problems:?}:\n{text}"
    );
}

/// Checks that the full screen was entered, and left with the cursor shown, after `from`.
#[track_caller]
fn assert_screen_restored(raw: &[u8], from: usize) {
    let text = String::from_utf8_lossy(raw);
    let entered = text
        .find(ENTER_ALTERNATE_SCREEN)
        .expect("the drill used the alternate screen");
    let after = String::from_utf8_lossy(&raw[from.max(entered)..]);
    assert!(
        after.contains(LEAVE_ALTERNATE_SCREEN),
        "the alternate screen was not left: {after:?}"
    );
    assert!(
        after.contains(SHOW_CURSOR),
        "the cursor was not shown again: {after:?}"
    );
}

/// Polls the progress file until it holds `count` reviews.
#[track_caller]
fn wait_for_reviews(sandbox: &Sandbox, count: usize) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let reviews = sandbox.reviews();
        if reviews.len() == count {
            return reviews;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "expected {count} reviews, found {:?}",
            graded(&reviews)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn full_screen_reveal_grade_undo_and_quit() {
    let sandbox = Sandbox::new();
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for(Q1, 0);
    pty.wait_for("Space reveal", 0);

    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("Key points you covered", mark);
    let mark = pty.mark();
    pty.send("a");
    pty.wait_for("[x] a", mark);

    let mark = pty.mark();
    pty.send("3");
    pty.wait_for(Q2, mark);
    // The grade is on disk before the next card appears.
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "good")])
    );

    let mark = pty.mark();
    pty.send("u");
    pty.wait_for(Q1, mark);
    pty.wait_for("[x] a", mark);
    wait_for_reviews(&sandbox, 0);

    let mark = pty.mark();
    pty.send("4");
    pty.wait_for(Q2, mark);
    let mark = pty.mark();
    pty.send("q");
    pty.wait_for("RC=", mark);

    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 0, "{text}");
    assert!(text.contains("Session over: you ended it"), "{text}");
    assert!(text.contains("1 card answered"), "{text}");
    assert_terminal_sane(&text);
    assert_screen_restored(&raw, mark);
    let raw_text = String::from_utf8_lossy(&raw);
    assert!(
        raw_text.rfind(LEAVE_ALTERNATE_SCREEN) < raw_text.find("Session over"),
        "the summary is printed on the main screen, to stay in the scrollback"
    );
    let reviews = sandbox.reviews();
    assert_eq!(graded(&reviews), pairs(&[("mock/threat-model", "easy")]));
    assert_eq!(reviews[0]["timed_out"], Value::Bool(false));
}

/// Lets the one-second answer clock run out, then reveals and grades: the screen shows overtime,
/// the review is saved as timed out, and the bell rang `bells` times.
fn time_runs_out(args: &str, bells: usize) {
    let sandbox = Sandbox::new();
    let mut pty = drill_pty(&sandbox, "quick.yaml", args);
    pty.wait_for("Name one OWASP Top 10 category.", 0);
    pty.wait_for("TIME UP · overtime", 0);
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("answered in", mark);
    let mark = pty.mark();
    // Easy, so the card does not come back within the session as an again card would.
    pty.send("4");
    pty.wait_for("RC=", mark);
    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 0, "{text}");
    assert!(text.contains("1 over time"), "{text}");
    // The shell's own output comes after RC=; count the bells before it.
    let drill_output = &raw[..raw.windows(3).position(|w| w == b"RC=").unwrap()];
    assert_eq!(
        drill_output.iter().filter(|&&b| b == 0x07).count(),
        bells,
        "bells with {args:?}"
    );
    let reviews = sandbox.reviews();
    assert_eq!(graded(&reviews), pairs(&[("quick/quick", "easy")]));
    assert_eq!(reviews[0]["timed_out"], Value::Bool(true), "{}", reviews[0]);
    assert!(
        reviews[0]["duration_ms"].as_u64().unwrap() >= 1000,
        "{}",
        reviews[0]
    );
}

#[test]
fn full_screen_time_up_rings_the_bell_once_and_counts_overtime() {
    time_runs_out("", 1);
}

#[test]
fn full_screen_quiet_time_up_does_not_ring() {
    time_runs_out("--quiet", 0);
}

#[test]
fn full_screen_redraws_on_resize_and_warns_when_too_small() {
    let sandbox = Sandbox::new();
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for(Q1, 0);
    let mark = pty.mark();
    pty.resize(30, 8);
    pty.wait_for("Terminal too small: 30×8", mark);
    let mark = pty.mark();
    pty.resize(100, 30);
    pty.wait_for(Q1, mark);
    pty.wait_for("Space reveal", mark);
    let mark = pty.mark();
    pty.send("q");
    pty.wait_for("RC=", mark);
    let text = strip_escapes(&finish(pty));
    assert_eq!(exit_code(&text), 0, "{text}");
    assert_terminal_sane(&text);
}

#[test]
fn full_screen_ctrl_c_exits_130_with_a_sane_terminal() {
    let sandbox = Sandbox::new();
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for(Q1, 0);
    pty.wait_for("Space reveal", 0);
    let mark = pty.mark();
    pty.send("\x03");
    pty.wait_for("RC=", mark);
    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 130, "{text}");
    assert!(text.contains("Session over: interrupted"), "{text}");
    assert_terminal_sane(&text);
    assert_screen_restored(&raw, mark);
    assert!(sandbox.reviews().is_empty());
}

/// Grades one card, sends `signal` to the drill, and checks it ends as the shell expects:
/// exit 128 + the signal's number, the screen and terminal restored, the grade kept.
fn signal_ends_the_session_cleanly(signal: &str, expected_code: i32) {
    let sandbox = Sandbox::new();
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for(Q1, 0);
    pty.wait_for("Space reveal", 0);
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("Key points you covered", mark);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for(Q2, mark);

    let shell = pty.process_id().expect("the shell's pid");
    let start = Instant::now();
    let drill = loop {
        if let Some(pid) = child_pid(shell, "prepdrill") {
            break pid;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "prepdrill not found under {shell}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let mark = pty.mark();
    let status = Command::new("kill")
        .args(["-s", signal, &drill.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -s {signal} {drill}");
    pty.wait_for("RC=", mark);

    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), expected_code, "{text}");
    assert!(text.contains("interrupted"), "{text}");
    assert_terminal_sane(&text);
    assert_screen_restored(&raw, mark);
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "good")]),
        "the grade given before the signal is intact"
    );
}

#[test]
fn full_screen_sigterm_restores_the_terminal_and_keeps_grades() {
    signal_ends_the_session_cleanly("TERM", 128 + 15);
}

#[test]
fn full_screen_sighup_restores_the_terminal_and_keeps_grades() {
    signal_ends_the_session_cleanly("HUP", 128 + 1);
}

#[test]
fn the_terminal_check_notices_a_terminal_left_raw() {
    let sandbox = Sandbox::new();
    let pty = shell_pty(
        &sandbox,
        "stty raw -echo; echo RC=0; stty -a; stty sane; echo STTY-DONE",
    );
    let text = strip_escapes(&finish(pty));
    let problems = terminal_problems(&text);
    for flag in ["-echo", "-icanon", "-isig", "-opost"] {
        assert!(problems.iter().any(|p| p == flag), "{problems:?}\n{text}");
    }
}

#[test]
fn piped_stdin_on_a_terminal_runs_plain_mode() {
    let sandbox = Sandbox::new();
    let script = format!(
        "printf '\\n3\\nq\\n' | '{BIN}' drill --bank small.yaml --data-dir '{}'; echo \"RC=$?\"; stty -a; echo STTY-DONE",
        sandbox.data_dir().display()
    );
    let pty = shell_pty(&sandbox, &script);
    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 0, "{text}");
    assert!(
        text.contains("Answer aloud, then press Enter to reveal"),
        "{text}"
    );
    assert!(
        !String::from_utf8_lossy(&raw).contains(ENTER_ALTERNATE_SCREEN),
        "stdout is a terminal but stdin is not: no full screen"
    );
    assert_terminal_sane(&text);
    assert_eq!(
        graded(&sandbox.reviews()),
        pairs(&[("mock/threat-model", "good")])
    );
}

#[test]
fn the_first_drill_asks_once_for_the_interview_date() {
    let sandbox = Sandbox::first_time();
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for("When is your interview?", 0);
    let mark = pty.mark();
    pty.send("someday\r");
    pty.wait_for("is not a date like 2026-12-10", mark);
    let mark = pty.mark();
    pty.send("2099-12-10\r");
    pty.wait_for("Interview on 2099-12-10 at 09:00", mark);
    pty.wait_for("interview in", mark);
    let mark = pty.mark();
    pty.send("q");
    pty.wait_for("RC=", mark);
    let text = strip_escapes(&finish(pty));
    assert_eq!(exit_code(&text), 0, "{text}");
    let config =
        std::fs::read_to_string(sandbox.path().join("config/prepdrill/config.yaml")).unwrap();
    assert!(config.contains("interview-date: 2099-12-10"), "{config}");

    // Asked once: the next drill starts at a card.
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for("3 to go", 0);
    let text = strip_escapes(&pty.raw());
    assert!(!text.contains("When is your interview?"), "{text}");
    pty.send("q");
    pty.wait_for("RC=", 0);
}

#[test]
fn full_screen_skip_confirms_what_it_did() {
    let sandbox = Sandbox::new();
    let mut pty = drill_pty(&sandbox, "small.yaml", "");
    pty.wait_for(Q1, 0);
    let mark = pty.mark();
    pty.send("s");
    pty.wait_for(Q2, mark);
    pty.wait_for("threat-model: skipped until tomorrow", mark);
    let mark = pty.mark();
    pty.send("q");
    pty.wait_for("RC=", mark);
    let text = strip_escapes(&finish(pty));
    assert_eq!(exit_code(&text), 0, "{text}");
    assert!(text.contains("1 skipped"), "{text}");
}
