//! Issue 9 from the outside: the hostile environment. Races on one card, held locks, closed
//! terminals, job control and stray signals, hostile progress files, banks and settings, all
//! against the real binary; the full-screen cases in a pseudo-terminal.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{BIN, Sandbox, assert_failed, drill_sandbox, hold_lock};
use pty::{Pty, child_pid, exit_code, strip_escapes};
use serde_json::{Value, json};

/// How long any one step may take before a test gives up: generous, as CI machines stall.
const DEADLINE: Duration = Duration::from_secs(15);

const ENTER_ALTERNATE_SCREEN: &str = "\x1b[?1049h";
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// Two questions, for drills: `common::TWO_QUESTIONS`.
const BANK: &str = common::TWO_QUESTIONS;
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

// ---------------------------------------------------------------------------------------------
// The shared pseudo-terminal, whose reader can be let go so the terminal can really be closed.

/// `program args` in an 80×24 pseudo-terminal, as its session leader, with this file's deadline.
fn pty_in(sandbox: &Sandbox, program: &str, args: &[&str]) -> Pty {
    Pty::program(sandbox.path(), &sandbox.terminal_env(), program, args).with_deadline(DEADLINE)
}

/// A full-screen (or `--plain`) drill on the test bank, run directly in the terminal.
fn drill_pty(sandbox: &Sandbox, args: &[&str]) -> Pty {
    let mut all = vec!["drill", "--bank", "bank.yaml"];
    all.extend_from_slice(args);
    pty_in(sandbox, BIN, &all)
}

/// The drill under `sh`, which then prints its exit code and the terminal's settings.
fn drill_in_shell(sandbox: &Sandbox, args: &str) -> Pty {
    let script =
        format!("'{BIN}' drill --bank bank.yaml {args}; echo \"RC=$?\"; stty -a; echo STTY-DONE");
    pty_in(sandbox, "sh", &["-c", &script])
}

/// For a drill under `sh`: waits for the shell to finish and returns everything it printed.
#[track_caller]
fn finish(pty: Pty) -> Vec<u8> {
    pty.finish_raw("STTY-DONE")
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
    assert!(
        problems.is_empty(),
        "terminal left with {problems:?}:\n{text}"
    );
}

#[track_caller]
fn assert_screen_restored(raw: &[u8], from: usize) {
    let after = String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned();
    assert!(
        after.contains(LEAVE_ALTERNATE_SCREEN),
        "alternate screen left on"
    );
    assert!(after.contains(SHOW_CURSOR), "cursor left hidden");
}

#[track_caller]
fn drill_pid(pty: &Pty) -> u32 {
    let shell = pty.process_id().expect("shell pid");
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
        run.stderr
            .contains("waiting for another prepdrill to finish saving (lock: ")
            && run.stderr.contains("progress.json.lock"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gave up waiting"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(std::fs::read(sb.progress_file()).unwrap(), before);

    // Released once it says it waits, the grade goes through.
    let mut child = sb
        .command()
        .args(["rate", "threat-model-mvp", "good"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut said = Vec::new();
    while !String::from_utf8_lossy(&said).contains("waiting for another prepdrill") {
        let mut chunk = [0u8; 256];
        let n = stderr.read(&mut chunk).unwrap();
        assert!(
            n > 0,
            "rate ended without saying it waits: {}",
            String::from_utf8_lossy(&said)
        );
        said.extend_from_slice(&chunk[..n]);
    }
    drop(lock);
    stderr.read_to_end(&mut said).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{}", String::from_utf8_lossy(&said));
    assert_eq!(reviews(&sb.progress_file()).len(), 2);
}

#[test]
fn case8_the_drill_stays_alive_while_waiting_and_ctrl_c_gives_up() {
    let sb = drill_sandbox();
    let mut pty = drill_in_shell(&sb, "");
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
    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 130, "{text}");
    assert!(text.contains("interrupted while waiting"), "{text}");
    assert!(text.contains("not saved"), "{text}");
    assert_terminal_sane(&text);
    assert_screen_restored(&raw, mark);
    drop(lock);
    assert!(reviews(&sb.progress_file()).is_empty());
}

/// The mock round under `sh` with the double-tap window off and a long lock timeout; the shell
/// then prints its exit code and the terminal's settings.
fn mock_in_shell(sandbox: &Sandbox, args: &str) -> Pty {
    let script =
        format!("'{BIN}' mock --bank bank.yaml {args}; echo \"RC=$?\"; stty -a; echo STTY-DONE");
    let mut env = sandbox.terminal_env();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    env.push(("PREPDRILL_LOCK_TIMEOUT".into(), "60".into()));
    Pty::program(sandbox.path(), &env, "sh", &["-c", &script]).with_deadline(DEADLINE)
}

#[test]
fn case8_the_mock_round_waits_on_its_screen_and_ctrl_c_gives_up() {
    let sb = drill_sandbox();
    let mut pty = mock_in_shell(&sb, "--questions 2");
    pty.wait_for("question 1 of 2", 0);
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("question 2 of 2", mark);
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("review 1 of 2", mark);
    pty.wait_for("Key points you covered", mark);
    let lock = hold_lock(&sb.progress_file());
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("waiting for another prepdrill to finish saving", mark);
    // The round's screen is redrawn while waiting: the notice comes again.
    let later = pty.mark();
    pty.wait_for("waiting for another prepdrill to finish saving", later);
    let mark = pty.mark();
    pty.send("\x03");
    pty.wait_for("RC=", mark);
    let raw = finish(pty);
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 130, "{text}");
    assert!(text.contains("interrupted while waiting"), "{text}");
    assert!(text.contains("not saved"), "{text}");
    // The notice is drawn on the screen, not printed on stderr over it.
    assert!(!text.contains("prepdrill: waiting for another"), "{text}");
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
    let mut pty = drill_pty(&sb, &[]);
    grade_first_card_full_screen(&mut pty);
    // The drill redraws every second, so the reader lets go without a keystroke.
    pty.close("");
    assert_eq!(pty.exit_code(), 129);
    assert_eq!(reviews(&sb.progress_file()).len(), 1, "the grade is kept");
}

#[test]
fn case7_closing_the_terminal_ends_a_plain_drill_with_129() {
    let sb = drill_sandbox();
    let mut pty = drill_pty(&sb, &["--plain"]);
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
    let mut pty = drill_in_shell(&sb, "--plain");
    pty.wait_for(Q1, 0);
    pty.send("\r");
    pty.wait_for("Sample answer", 0);
    let mark = pty.mark();
    pty.send("3\r");
    pty.wait_for(Q2, mark);
    // Ctrl-D: end of input on a live terminal.
    pty.send("\x04");
    let text = strip_escapes(&finish(pty));
    assert_eq!(exit_code(&text), 129, "{text}");
    assert!(text.contains("Session over"), "{text}");
    assert_eq!(reviews(&sb.progress_file()).len(), 1);
}

#[test]
fn case7_end_of_input_on_a_terminal_ends_a_plain_mock_round_with_129() {
    let sb = drill_sandbox();
    let mut pty = mock_in_shell(&sb, "--plain --questions 2");
    pty.wait_for("Question 1 of 2", 0);
    let mark = pty.mark();
    pty.send("\r");
    pty.wait_for("Question 2 of 2", mark);
    // Ctrl-D: end of input on a live terminal is a hang-up, not the end of the round.
    pty.send("\x04");
    let text = strip_escapes(&finish(pty));
    assert_eq!(exit_code(&text), 129, "{text}");
    assert!(
        text.contains("interrupted; every grade given was saved"),
        "{text}"
    );
    assert!(text.contains("(ended early)"), "{text}");
    assert!(reviews(&sb.progress_file()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 10. Job control, and every terminating signal gives the terminal back.

#[test]
fn case10_ctrl_z_restores_the_terminal_and_fg_redraws() {
    let sb = drill_sandbox();
    let mut pty = drill_in_shell(&sb, "");
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
    let text = strip_escapes(&finish(pty));
    assert_eq!(exit_code(&text), 0, "{text}");
    assert_terminal_sane(&text);
}

#[test]
fn case10_stray_signals_restore_the_terminal_first() {
    for (signal, number) in [("QUIT", 3), ("USR1", 10), ("ALRM", 14)] {
        let sb = drill_sandbox();
        let pty = drill_in_shell(&sb, "");
        pty.wait_for(Q1, 0);
        let pid = drill_pid(&pty);
        let mark = pty.mark();
        kill(signal, pid);
        pty.wait_for("RC=", mark);
        let raw = finish(pty);
        let text = strip_escapes(&raw);
        assert_eq!(exit_code(&text), 128 + number, "SIG{signal}: {text}");
        assert_terminal_sane(&text);
        assert_screen_restored(&raw, mark);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A symlinked progress file stays a symlink; the temporary and lock files go beside its target.

#[test]
fn case2_a_symlinked_progress_file_keeps_its_link() {
    let sb = Sandbox::new();
    let target = sb.path().join("sync/progress.json");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let link = sb.progress_file();
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("../../sync/progress.json", &link).unwrap();
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    sb.ok(&["rate", "secrets-management", "again"]);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a regular file"
    );
    assert_eq!(reviews(&target).len(), 2, "the synced target has both");
    assert!(
        target.with_extension("json.lock").exists(),
        "lock beside the target"
    );
    let shown = sb.json(&["show", "threat-model-mvp", "--json"]);
    assert_eq!(shown["progress"]["reviews"], 1);
}

// ---------------------------------------------------------------------------------------------
// 3. Incoming reviews are validated; every time printed is RFC 3339.

fn review(id: &str, card: &str, at: &str, rating: &str) -> Value {
    json!({"id": id, "card": card, "at": at, "rating": rating, "duration_ms": 1000, "timed_out": false})
}

const TM: &str = "staff-product-security-engineer/threat-model-mvp";

#[test]
fn case3_a_review_from_the_future_is_refused_by_merge_and_load() {
    let sb = Sandbox::new();
    let other = sb.write(
        "other.json",
        json!({"version": 1, "cards": {}, "reviews": [
            review("aaaa", TM, "2026-11-20T10:00:00Z", "good"),
            review("ffff", TM, "9999-12-31T23:59:59Z", "good"),
        ]})
        .to_string(),
    );
    let run = sb.run(&["progress", "merge", &s(&other)]);
    assert!(run.success(), "{run:#?}");
    assert!(run.stdout.contains("1 new reviews"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 invalid reviews were refused"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("other.json")
            && run.stderr.contains("review ffff")
            && run.stderr.contains("future"),
        "names the file, the review and the reason: {}",
        run.stderr
    );
    // The card is not frozen: later grades are taken.
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    let progress = sb.json(&["show", "threat-model-mvp", "--json"])["progress"].clone();
    assert_eq!(progress["reviews"], 2);
    for field in ["due", "last_review"] {
        let text = progress[field].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            "{field}: {text}"
        );
    }

    // Written straight into the progress file (a sync), it is left out with a warning, and the
    // rest is kept.
    let mut file = read_json(&sb.progress_file());
    file["reviews"].as_array_mut().unwrap().push(review(
        "eeee",
        TM,
        "9999-12-31T23:59:59Z",
        "easy",
    ));
    std::fs::write(sb.progress_file(), file.to_string()).unwrap();
    let run = sb.run(&["show", "threat-model-mvp", "--json"]);
    assert!(run.success(), "{run:#?}");
    assert!(
        run.stderr.contains("review eeee") && run.stderr.contains("future"),
        "{}",
        run.stderr
    );
    let shown: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(shown["progress"]["reviews"], 2);
    let err = sb.fails(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--at",
        "+10000-01-01T00:00:00Z",
    ]);
    assert!(err.contains("+10000-01-01"), "names what it refused: {err}");
    let run = sb.run(&["show", "threat-model-mvp", "--json"]);
    let shown: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(shown["progress"]["reviews"], 2, "nothing recorded");
}

// ---------------------------------------------------------------------------------------------
// 4. merge is commutative and idempotent, conflicts and deletions included.

fn data_dir_cmd(sb: &Sandbox, dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["--data-dir".to_string(), s(dir)];
    all.extend(args.iter().map(ToString::to_string));
    sb.ok(&all)
}

#[test]
fn case4_merge_resolves_conflicts_the_same_either_way() {
    let sb = Sandbox::new();
    let a = sb.write(
        "a.json",
        json!({"version": 1, "cards": {}, "reviews": [
            review("1111", TM, "2026-11-20T10:00:00Z", "good"),
            review("2222", TM, "2026-11-21T10:00:00Z", "easy"),
        ]})
        .to_string(),
    );
    let b = sb.write(
        "b.json",
        json!({"version": 1, "cards": {}, "reviews": [
            review("1111", TM, "2026-11-20T10:00:00Z", "again"),
            review("3333", TM, "2026-11-22T10:00:00Z", "hard"),
        ]})
        .to_string(),
    );
    let (ab, ba) = (sb.path().join("ab"), sb.path().join("ba"));
    data_dir_cmd(&sb, &ab, &["progress", "merge", &s(&a)]);
    data_dir_cmd(&sb, &ab, &["progress", "merge", &s(&b)]);
    data_dir_cmd(&sb, &ba, &["progress", "merge", &s(&b)]);
    data_dir_cmd(&sb, &ba, &["progress", "merge", &s(&a)]);
    let (one, other) = (
        read_json(&ab.join("progress.json")),
        read_json(&ba.join("progress.json")),
    );
    assert_eq!(one, other, "the order of merging does not matter");
    assert_eq!(one["reviews"].as_array().unwrap().len(), 3);
    // Idempotent: merging either again changes nothing.
    data_dir_cmd(&sb, &ab, &["progress", "merge", &s(&a)]);
    data_dir_cmd(&sb, &ab, &["progress", "merge", &s(&b)]);
    assert_eq!(read_json(&ab.join("progress.json")), one);
}

#[test]
fn case4_reset_is_not_undone_by_merging_an_older_copy() {
    let sb = Sandbox::new();
    sb.ok(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--at",
        "2026-11-20T10:00:00Z",
    ]);
    sb.ok(&[
        "rate",
        "secrets-management",
        "good",
        "--at",
        "2026-11-20T11:00:00Z",
    ]);
    let old = sb.path().join("old.json");
    std::fs::copy(sb.progress_file(), &old).unwrap();
    let out = sb.ok(&["progress", "reset", "threat-model-mvp", "--yes"]);
    assert!(out.contains("1 review removed"), "{out}");
    let out = sb.ok(&["progress", "merge", &s(&old)]);
    assert!(out.contains("stay deleted"), "{out}");
    let log = reviews(&sb.progress_file());
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0]["card"]
            .as_str()
            .unwrap()
            .ends_with("secrets-management")
    );
    // A grade after the reset counts, and survives the old copy too.
    sb.ok(&["rate", "threat-model-mvp", "easy"]);
    sb.ok(&["progress", "merge", &s(&old)]);
    assert_eq!(reviews(&sb.progress_file()).len(), 2);
    // Everything reset stays reset, too.
    sb.ok(&["progress", "reset", "--yes"]);
    sb.ok(&["progress", "merge", &s(&old)]);
    assert!(reviews(&sb.progress_file()).is_empty());
}

#[test]
fn case4_undo_in_a_drill_is_not_undone_by_merging_an_older_copy() {
    let sb = drill_sandbox();
    let data = sb.path().join("d");
    let run = sb
        .command()
        .args([
            "drill",
            "--plain",
            "--bank",
            "bank.yaml",
            "--data-dir",
            &s(&data),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"\n3\n\n3\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let old = sb.path().join("old.json");
    std::fs::copy(data.join("progress.json"), &old).unwrap();
    assert_eq!(reviews(&old).len(), 2);
    let run = sb
        .command()
        .args([
            "drill",
            "--plain",
            "--cram",
            "--bank",
            "bank.yaml",
            "--data-dir",
            &s(&data),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"\n1\nu\nq\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let undone = read_json(&data.join("progress.json"));
    assert_eq!(undone["reviews"].as_array().unwrap().len(), 2);
    assert_eq!(undone["removed"][0]["kind"], "review", "{undone}");
    let mut copy = undone.clone();
    copy["reviews"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": undone["removed"][0]["id"], "card": "mock/threat-model", "at": "2026-11-26T11:00:00Z", "rating": "again", "duration_ms": 5, "timed_out": false}));
    let resurrect = sb.write("resurrect.json", copy.to_string());
    data_dir_cmd(&sb, &data, &["progress", "merge", &s(&resurrect)]);
    assert_eq!(
        reviews(&data.join("progress.json")).len(),
        2,
        "the undone review stays gone"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Two `config set` of different keys at once keep both.

#[test]
fn case5_concurrent_config_sets_keep_both_keys() {
    let sb = Sandbox::new();
    for round in 0..6 {
        let (a, b) = (format!("{}", 10 + round), format!("{}", 30 + round));
        std::thread::scope(|scope| {
            let first = scope.spawn(|| sb.run(&["config", "set", "new-per-day", &a]));
            let second = scope.spawn(|| sb.run(&["config", "set", "session-minutes", &b]));
            assert!(first.join().unwrap().success());
            assert!(second.join().unwrap().success());
        });
        assert_eq!(
            sb.ok(&["config", "get", "new-per-day"]).trim(),
            a,
            "round {round}"
        );
        assert_eq!(
            sb.ok(&["config", "get", "session-minutes"]).trim(),
            b,
            "round {round}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Migrating a version-0 file: the backup is checked before the original is relied on.

const V0: &str = r#"{"reviews":[{"id":"r1","card":"staff-product-security-engineer/threat-model-mvp","at":"2026-11-01T00:00:00Z","rating":"good","duration_ms":5,"timed_out":false}]}"#;

#[test]
fn case6_a_failed_backup_stops_the_migration() {
    let sb = Sandbox::new();
    let progress = sb.progress_file();
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    std::fs::write(&progress, V0).unwrap();
    let backup = progress.with_file_name("progress.v0.json.bak");
    // A directory where the backup goes: the backup cannot be written, like on a full disk.
    std::fs::create_dir(&backup).unwrap();
    let err = sb.fails(&["rate", "secrets-management", "good"]);
    assert!(err.contains("cannot back up"), "{err}");
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&progress).unwrap(),
        V0,
        "original untouched"
    );

    // An empty backup left by an earlier failure is not trusted: it is written again.
    std::fs::remove_dir(&backup).unwrap();
    std::fs::write(&backup, "").unwrap();
    sb.ok(&["rate", "secrets-management", "good"]);
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), V0);
    assert_eq!(reviews(&progress).len(), 2);
}

#[test]
fn case6_a_full_disk_during_migration_leaves_the_original() {
    // A small tmpfs, when this runs as root and may mount one; otherwise skipped.
    let sb = Sandbox::new();
    let mount = sb.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&mount)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let progress = mount.join("progress.json");
    let big = format!(
        r#"{{"reviews":[{}]}}"#,
        (0..60)
            .map(|i| format!(r#"{{"id":"r{i:03}","card":"{TM}","at":"2026-11-01T00:{:02}:00Z","rating":"good","duration_ms":5,"timed_out":false}}"#, i % 60))
            .collect::<Vec<_>>()
            .join(",")
    );
    std::fs::write(&progress, &big).unwrap();
    // Fill the rest of the disk.
    let filler = std::fs::write(mount.join("filler"), vec![0u8; 64 << 10]);
    assert!(filler.is_err(), "the tmpfs should be full");
    let err = sb.fails(&[
        "--data-dir",
        &s(&mount),
        "rate",
        "secrets-management",
        "good",
    ]);
    let backup = mount.join("progress.v0.json.bak");
    let backup_len = std::fs::metadata(&backup).map_or(0, |m| m.len());
    let original = std::fs::read_to_string(&progress).unwrap();
    let _ = Command::new("umount").arg(&mount).status();
    assert!(err.contains("cannot back up"), "{err}");
    assert_eq!(original, big, "original untouched");
    assert_eq!(backup_len, 0, "no partial backup left under its name");
}

// ---------------------------------------------------------------------------------------------
// 9. Bounded input: alias budget, regular files, size limit, cache bound.

fn alias_bank(references: usize) -> String {
    let big = "x".repeat(1 << 20);
    format!(
        "deck: bomb\ntitle: Bomb\nrole: R\nquestions:\n  - id: q1\n    question: &big \"{big}\"\n    why: W\n    answer: A\n    category: technical\n    key_points: [{}]\n",
        vec!["*big"; references].join(", ")
    )
}

#[test]
fn case9_alias_amplification_is_refused_before_parsing() {
    let sb = Sandbox::new();
    for references in [5000, 500] {
        let bank = sb.write(&format!("bomb{references}.yaml"), alias_bank(references));
        let run = sb.run(&["list", "--bank", &s(&bank)]);
        assert_failed(&run, &["list".into()]);
        assert!(
            run.stderr.contains("would expand it to over"),
            "{}",
            run.stderr
        );
    }
    // Nothing was cached for them.
    let cached: u64 = walk(&sb.path().join("cache"))
        .iter()
        .map(|p| p.metadata().unwrap().len())
        .sum();
    assert!(cached < 1 << 20, "{cached} bytes cached");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[test]
fn case9_banks_must_be_regular_files() {
    let sb = Sandbox::new();
    let err = sb.fails(&["list", "--bank", "/dev/zero"]);
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
    let fifo = sb.path().join("fifo.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let err = sb.fails(&["list", "--bank", &s(&fifo)]);
    assert!(err.contains("not a regular file"), "{err}");
    let huge = sb.path().join("huge.yaml");
    File::create(&huge).unwrap().set_len(64 << 20).unwrap();
    let err = sb.fails(&["list", "--bank", &s(&huge)]);
    assert!(err.contains("larger than"), "{err}");
}

#[test]
fn case9_the_bank_cache_is_bounded() {
    let sb = Sandbox::new();
    // Entries left by earlier runs: 80 MiB (sparse) used long ago, more than the bound.
    let banks = sb.path().join("cache/prepdrill/banks");
    std::fs::create_dir_all(&banks).unwrap();
    let old = banks.join("0.0.0-0000000000000000-1.json");
    let file = File::create(&old).unwrap();
    file.set_len(80 << 20).unwrap();
    file.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(86_400))
        .unwrap();
    drop(file);
    // A bank big enough to be cached (the built-in one is).
    sb.ok(&["tags"]);
    let cached = walk(&banks);
    assert!(
        !old.exists(),
        "the entry used longest ago was evicted: {cached:?}"
    );
    assert_eq!(cached.len(), 1, "the new entry is kept: {cached:?}");
    let total: u64 = cached.iter().map(|p| p.metadata().unwrap().len()).sum();
    assert!(total <= 64 << 20, "{total} bytes cached");
}

// ---------------------------------------------------------------------------------------------
// 11. Nothing from a file reaches the terminal raw.

const HOSTILE_KEY: &str = "evil/\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}x";

#[test]
fn case11_orphans_from_a_merged_file_are_neutralised() {
    let sb = Sandbox::new();
    let other = sb.write(
        "other.json",
        json!({"version": 1, "cards": {}, "reviews": [review("abcd", HOSTILE_KEY, "2026-11-20T10:00:00Z", "good")]})
            .to_string(),
    );
    let run = sb.run(&["progress", "merge", &s(&other)]);
    assert!(run.success(), "{run:#?}");
    let out = sb.run(&["progress", "orphans"]);
    assert!(out.success());
    assert!(
        !out.stdout_bytes.contains(&0x1b) && !out.stdout_bytes.contains(&0x07),
        "{:?}",
        out.stdout
    );
    assert!(
        out.stdout.contains("␛]52;c;"),
        "shown visibly: {}",
        out.stdout
    );
    let json_out = sb.run(&["progress", "orphans", "--json"]);
    assert!(
        !json_out.stdout_bytes.contains(&0x1b),
        "{:?}",
        json_out.stdout
    );
    let rows: Value = serde_json::from_str(&json_out.stdout).unwrap();
    assert_eq!(rows[0]["card"], HOSTILE_KEY, "lossless");
}

const HOSTILE_BANK: &str = "deck: h\ntitle: H\nrole: R\nquestions:\n  - id: q1\n    category: technical\n    question: \"del\\x7f c1\\x85\\x90\\x9b\\x9c\\x9d bidi\\u202e\\u2066 lrm\\u200e rlm\\u200f alm\\u061c zw\\u200b\\u200d\\u2060 sep\\u2028\\u2029 tag\\U000E0041 end\"\n    why: W\n    answer: A\n";

#[test]
fn case11_json_output_escapes_control_and_invisible_characters() {
    let sb = Sandbox::new();
    let bank = sb.write("h.yaml", HOSTILE_BANK);
    let raw_chars = [
        '\u{7f}',
        '\u{85}',
        '\u{90}',
        '\u{9b}',
        '\u{9c}',
        '\u{9d}',
        '\u{202e}',
        '\u{2066}',
        '\u{200e}',
        '\u{200f}',
        '\u{61c}',
        '\u{200b}',
        '\u{200d}',
        '\u{2060}',
        '\u{2028}',
        '\u{2029}',
        '\u{e0041}',
    ];
    for args in [
        vec!["show", "q1", "--json"],
        vec!["list", "--json"],
        vec!["search", "bidi", "--json"],
    ] {
        let mut all = args.clone();
        all.extend(["--bank", bank.to_str().unwrap()]);
        let out = sb.ok(&all);
        for c in raw_chars {
            assert!(!out.contains(c), "{args:?} let U+{:04X} through", c as u32);
        }
        assert!(
            out.contains("\\u202e") && out.contains("\\udb40\\udc41"),
            "{out}"
        );
        let value: Value = serde_json::from_str(&out).unwrap();
        let question = if value.is_array() {
            &value[0]["question"]
        } else {
            &value["question"]
        };
        assert!(
            question.as_str().unwrap().contains('\u{202e}'),
            "lossless: {question}"
        );
    }
    // Text output shows them visibly instead.
    let out = sb.ok(&["show", "q1", "--bank", bank.to_str().unwrap()]);
    for c in raw_chars {
        assert!(!out.contains(c), "show let U+{:04X} through", c as u32);
    }
}

// ---------------------------------------------------------------------------------------------
// 12. The lesser problems.

#[test]
fn case12_errors_say_each_cause_once_and_the_right_one() {
    let sb = Sandbox::new();
    // A data dir that is a file.
    let file = sb.write("not-a-dir", "x");
    let err = sb.fails(&["--data-dir", &s(&file), "rate", "threat-model-mvp", "good"]);
    assert!(err.contains("not a directory"), "{err}");
    assert!(
        !err.contains("File exists") && !err.contains("intact"),
        "{err}"
    );
    // Merging a directory or a device names what is wrong.
    let err = sb.fails(&["progress", "merge", &s(sb.path())]);
    assert!(
        err.contains("directory") && !err.contains("no such"),
        "{err}"
    );
    let err = sb.fails(&["progress", "merge", "/dev/zero"]);
    assert!(err.contains("not a regular file"), "{err}");
    // The cause is given once.
    let progress = sb.progress_file();
    std::fs::create_dir_all(&progress).unwrap();
    let err = sb.fails(&["show", "threat-model-mvp", "--json"]);
    assert_eq!(err.matches("directory").count(), 1, "{err}");
}

#[test]
fn case12_a_byte_order_mark_is_accepted() {
    let sb = Sandbox::new();
    let progress = sb.progress_file();
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    let body = json!({"version": 1, "cards": {}, "reviews": [review("b0b0", TM, "2026-11-20T10:00:00Z", "good")]});
    std::fs::write(&progress, format!("\u{feff}{body}")).unwrap();
    let shown = sb.json(&["show", "threat-model-mvp", "--json"]);
    assert_eq!(shown["progress"]["reviews"], 1);
    let bank = sb.write("bom.yaml", format!("\u{feff}{BANK}"));
    let out = sb.ok(&["list", "--bank", &s(&bank)]);
    assert!(out.contains("threat-model"), "{out}");
}

#[test]
fn case12_small_things() {
    let sb = Sandbox::new();
    // A raw ESC in YAML is reported where it is.
    let bank = sb.write(
        "esc.yaml",
        "deck: d\ntitle: T\nrole: R\nquestions:\n  - id: q1\n    question: a\u{1b}b\n",
    );
    let err = sb.fails(&["check", &s(&bank)]);
    assert!(err.contains("esc.yaml:6:16"), "{err}");
    // An empty id matches nothing.
    let err = sb.fails(&["show", ""]);
    assert!(err.contains("no question"), "{err}");
    assert!(sb.run(&["rate", "", "good"]).code == Some(1));
    // `--bank /dev/zero` ends at once (checked above); a stability of 0 shows no NaN.
    let progress = sb.progress_file();
    sb.ok(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--at",
        "2026-11-20T10:00:00Z",
    ]);
    let mut file = read_json(&progress);
    file["cards"][TM]["state"]["memory"]["stability"] = json!(0.0);
    std::fs::write(&progress, file.to_string()).unwrap();
    let out = sb.ok(&["stats"]);
    assert!(!out.contains("NaN"), "{out}");
    let shown = sb.json(&["show", "threat-model-mvp", "--json"]);
    assert!(
        shown["progress"]["retrievability"]
            .as_f64()
            .unwrap()
            .is_finite(),
        "{shown}"
    );
}

#[test]
fn case12_unknown_fields_survive_a_save() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    let progress = sb.progress_file();
    let mut file = read_json(&progress);
    file["synced_by"] = json!({"device": "laptop", "at": 3});
    std::fs::write(&progress, file.to_string()).unwrap();
    sb.ok(&["rate", "secrets-management", "good"]);
    let after = read_json(&progress);
    assert_eq!(after["synced_by"], json!({"device": "laptop", "at": 3}));
    assert_eq!(after["reviews"].as_array().unwrap().len(), 2);
}

#[test]
fn case12_a_save_keeps_the_files_owner_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let sb = Sandbox::new();
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    let progress = sb.progress_file();
    std::fs::set_permissions(&progress, std::fs::Permissions::from_mode(0o640)).unwrap();
    let am_root = std::fs::metadata("/proc/self").unwrap().uid() == 0;
    if am_root {
        std::os::unix::fs::chown(&progress, Some(4321), Some(4321)).unwrap();
    }
    sb.ok(&["rate", "secrets-management", "good"]);
    let meta = std::fs::metadata(&progress).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    if am_root {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321), "root took the file");
    }
}

#[test]
fn case12_a_drill_that_cannot_save_says_so_before_the_first_question() {
    let sb = drill_sandbox();
    // /proc refuses new files even to root: a data dir where nothing can be saved.
    let run = sb.run(&[
        "drill",
        "--plain",
        "--bank",
        "bank.yaml",
        "--data-dir",
        "/proc/self/fdinfo",
    ]);
    assert_failed(&run, &["drill".into()]);
    assert!(run.stderr.contains("did not start"), "{}", run.stderr);
    assert!(
        !run.stdout.contains(Q1),
        "asked a question first: {}",
        run.stdout
    );
}
