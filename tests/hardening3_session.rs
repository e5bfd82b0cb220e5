//! Issue 19 from the outside, the session items: mock answers kept as they are typed (13), a
//! long-held lock during a full-screen drill (12), and job control under a parent process (10).
//! Each test runs the real binary; the full-screen cases in a pseudo-terminal.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;
use crate::pty;

use std::path::PathBuf;
use std::time::Duration;

use common::{BIN, Sandbox, drill_sandbox, hold_lock};
use pty::Pty;

/// How long any one step may take before a test gives up: generous, as CI machines stall.
const DEADLINE: Duration = Duration::from_secs(15);

/// `prepdrill ARGS` in an 80×24 pseudo-terminal, as its session leader, with no double-tap
/// window (keys are sent as soon as the screen shows what they answer).
fn pty_in(sb: &Sandbox, args: &[&str]) -> Pty {
    let mut env = sb.terminal_env();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    Pty::program(sb.path(), &env, BIN, args).with_deadline(DEADLINE)
}

/// The files keeping a mock round's typed answers that are not graded yet.
fn kept_answers(sb: &Sandbox) -> Vec<PathBuf> {
    let dir = sb.path().join("data/prepdrill");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("unreviewed-mock-answers-"))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 13. Mock answers are saved as they are typed.

#[test]
fn item13_q_during_a_question_reviews_the_answered_ones() {
    let sb = drill_sandbox();
    // Type an answer to the first question, move on, then quit during the second.
    let run = sb.run_with_input(
        &[
            "--bank",
            "bank.yaml",
            "mock",
            "--questions",
            "2",
            "--type",
            "--plain",
        ],
        "I would map data flows first.\n\nq\n3\n",
    );
    assert!(run.success(), "{run:#?}");
    assert!(
        run.stdout
            .contains("You ended the round. Now the review of the 1 question you answered."),
        "{}",
        run.stdout
    );
    let reviews = sb.reviews();
    assert_eq!(reviews.len(), 1, "{}", run.stdout);
    assert_eq!(
        reviews[0]["typed_answer"].as_str(),
        Some("I would map data flows first.")
    );
    assert!(
        run.stdout.contains("1 of 2 questions answered, 1 graded"),
        "{}",
        run.stdout
    );
    assert!(
        kept_answers(&sb).is_empty(),
        "every typed answer was graded"
    );
}

#[test]
fn item13_typed_answers_are_kept_when_the_terminal_closes_before_the_review() {
    let sb = drill_sandbox();
    let mut pty = pty_in(
        &sb,
        &["--bank", "bank.yaml", "mock", "--questions", "2", "--type"],
    );
    pty.wait_for("question 1 of 2", 0);
    pty.send("My first answer, about data flows.");
    pty.wait_for("about data flows.", 0);
    let mark = pty.mark();
    pty.send("\t");
    pty.wait_for("question 2 of 2", mark);
    pty.send("Half of a second");
    pty.wait_for("Half of a second", mark);
    pty.close("");
    assert_eq!(pty.exit_code(), 129);
    let kept = kept_answers(&sb);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let text = std::fs::read_to_string(&kept[0]).unwrap();
    assert!(
        text.contains("My first answer, about data flows."),
        "{text}"
    );
    // The next round tells where they are when it ends with answers not graded.
    let run = sb.run_with_input(
        &[
            "--bank",
            "bank.yaml",
            "mock",
            "--questions",
            "1",
            "--type",
            "--plain",
        ],
        "Another answer.\n\nq\n",
    );
    assert!(
        run.stderr
            .contains("your typed answers not graded yet are kept in"),
        "{run:#?}"
    );
}

const Q1: &str = "How would you threat model a new login feature?";

/// The process state letter from /proc (R, S, T for stopped, ...).
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rfind(')')
        .and_then(|close| stat[close + 1..].trim_start().chars().next())
        .unwrap_or('?')
}

/// The pid of the prepdrill below the pseudo-terminal's first process.
fn prepdrill_pid(pty: &Pty) -> u32 {
    let start = std::time::Instant::now();
    let top = pty.process_id().unwrap();
    loop {
        if let Some(pid) = pty::child_pid(top, "prepdrill") {
            return pid;
        }
        // One shell deeper: `sh -c` under a job-control shell.
        if let Some(pid) = pty::child_pid(top, "sh").and_then(|sh| pty::child_pid(sh, "prepdrill"))
        {
            return pid;
        }
        assert!(start.elapsed() < DEADLINE, "prepdrill not found");
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ---------------------------------------------------------------------------------------------
// 12. A lock held for a long time during a full-screen drill.

#[test]
fn item12_a_long_held_lock_keeps_the_grade_and_the_summary() {
    let sb = drill_sandbox();
    let mut env = sb.terminal_env();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    // A lock timeout of one second, so a wait three times as long is past it.
    env.push(("PREPDRILL_LOCK_TIMEOUT".into(), "1".into()));
    let script = format!("'{BIN}' --bank bank.yaml drill");
    let mut pty = Pty::spawn(sb.path(), &env, &script).with_deadline(DEADLINE);
    pty.wait_for(Q1, 0);
    let lock = hold_lock(&sb.progress_file());
    pty.send(" ");
    pty.wait_for("Key points you covered", 0);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("waiting for another prepdrill to finish saving", mark);
    std::thread::sleep(Duration::from_secs(3));
    let pid = prepdrill_pid(&pty);
    assert_ne!(
        process_state(pid),
        'Z',
        "still waiting past the lock timeout"
    );
    // Ctrl-Z works while waiting: the drill stops (its own group is orphaned here, so it stops
    // alone), and goes on waiting once continued.
    pty.send("\x1a");
    let start = std::time::Instant::now();
    while process_state(pid) != 'T' {
        assert!(
            start.elapsed() < DEADLINE,
            "Ctrl-Z did not stop the waiting drill"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::process::Command::new("kill")
        .args(["-s", "CONT", &pid.to_string()])
        .status()
        .unwrap();
    // q while waiting: the session ends once the grade is saved.
    let mark = pty.mark();
    pty.send("q");
    pty.wait_for("the session ends after it", mark);
    assert!(sb.reviews().is_empty());
    drop(lock);
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Session over"), "the summary:\n{text}");
    let reviews = sb.reviews();
    assert_eq!(reviews.len(), 1, "the grade was kept and saved");
    assert_eq!(reviews[0]["rating"], "good");
}

// ---------------------------------------------------------------------------------------------
// 10. Job control under a parent process.

/// A drill as a job of a job-control shell, under a parent in the same job (`sh -c`), as with
/// `cargo run` or any wrapper. The shell prints `STOPPED=$?` when the job stops, then waits for
/// a line before `fg`.
fn drill_as_a_job(sb: &Sandbox) -> Pty {
    let script = format!(
        "set -m; sh -c \"'{BIN}' --bank bank.yaml drill\"; echo STOPPED=$?; read line; fg; echo RC=$?; echo DONE"
    );
    let mut env = sb.terminal_env();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    Pty::program(sb.path(), &env, "sh", &["-c", &script]).with_deadline(DEADLINE)
}

#[test]
fn item10_ctrl_z_under_a_parent_stops_the_job_and_the_clock() {
    let sb = drill_sandbox();
    let mut pty = drill_as_a_job(&sb);
    pty.wait_for(Q1, 0);
    let mark = pty.mark();
    pty.send("\x1a");
    // The shell gets its terminal back: the whole job stopped (148 = 128 + SIGTSTP).
    pty.wait_for("STOPPED=148", mark);
    // Stopped for three seconds; the answer clock must not count them.
    std::thread::sleep(Duration::from_secs(3));
    let mark = pty.mark();
    pty.send("\n");
    pty.wait_for(Q1, mark);
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("Key points you covered", mark);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("keep its secrets", mark);
    pty.send("q");
    pty.wait_for("DONE", mark);
    let reviews = sb.reviews();
    assert_eq!(reviews.len(), 1);
    let ms = reviews[0]["duration_ms"].as_u64().unwrap();
    assert!(ms < 2500, "the stop was counted: {ms} ms");
}

// ---------------------------------------------------------------------------------------------
// 19. A huge own answer on the drill's screen: each redraw wraps a bounded part of it (a 20 MB
// answer wrapped whole every second kept the drill at about 65% of a core).

#[test]
fn item19_a_huge_own_answer_is_shown_in_part_on_the_drill_screen() {
    let sb = drill_sandbox();
    let text = "I would start from the data flows. ".repeat(30_000);
    sb.write(
        "data/prepdrill/answers.json",
        serde_json::json!({
            "version": 1,
            "answers": {"mock/threat-model": {"text": text, "updated": "2026-11-01T00:00:00Z"}}
        })
        .to_string(),
    );
    let mut pty = pty_in(&sb, &["--bank", "bank.yaml", "drill"]);
    pty.wait_for(Q1, 0);
    pty.send(" ");
    pty.wait_for("Key points you covered", 0);
    let mark = pty.mark();
    // Page down to the end of what is shown.
    pty.send(&"\x1b[6~".repeat(60));
    pty.wait_for("KiB more not shown here; the whole text is kept", mark);
}

/// Esc with an answer typed in a full-screen mock round asks first, and its notice says what
/// the second Esc does: the round ends, and what was typed is kept as that question's answer for
/// the review (it was said to be dropped). The answer is then graded with its text.
#[test]
fn esc_twice_in_a_mock_keeps_what_was_typed_and_says_so() {
    let sb = drill_sandbox();
    let mut pty = pty_in(
        &sb,
        &["--bank", "bank.yaml", "mock", "--questions", "2", "--type"],
    );
    pty.wait_for("question 1 of 2", 0);
    pty.send("Map the data flows.");
    pty.wait_for("the data flows.", 0);
    let mark = pty.mark();
    pty.send("\x1b");
    pty.wait_for("Esc again ends the round", mark);
    let notice = pty.text_since(mark);
    assert!(!notice.contains("drops what you typed"), "{notice}");
    assert!(notice.contains("keeps what you typed"), "{notice}");
    // The second Esc: the review of the one question answered, its typed answer shown.
    let mark = pty.mark();
    pty.send("\x1b");
    pty.wait_for("Map the data flows.", mark);
    pty.send("3");
    assert_eq!(pty.exit_code(), 0, "{}", pty.text_since(0));
    let reviews = sb.reviews();
    assert_eq!(reviews.len(), 1, "{}", pty.text_since(0));
    assert_eq!(
        reviews[0]["typed_answer"].as_str(),
        Some("Map the data flows.")
    );
}
