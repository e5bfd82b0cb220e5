//! Issue 21 item 2 from the outside: every user file is read through one layer, so a FIFO is
//! refused instead of hanging, and every bad-UTF-8 or JSON position is placed the same way.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Sandbox;

/// A FIFO in the sandbox that nobody writes to: opening it for reading would wait for ever.
fn fifo(sb: &Sandbox) -> PathBuf {
    let fifo = sb.path().join("page.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    fifo
}

/// Stderr of a run that must fail within 20 s; a run still going then is killed (by its own id)
/// and the test fails, where `Sandbox::run` would hang with it.
fn fails_promptly(sb: &Sandbox, args: &[&str]) -> String {
    let mut child = sb
        .command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("prepdrill {args:?} still ran after 20 s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success(), "prepdrill {args:?} succeeded");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn import_from_a_fifo_is_refused_at_once_instead_of_hanging() {
    let sb = Sandbox::new();
    let fifo = fifo(&sb);
    let stderr = fails_promptly(&sb, &["import", fifo.to_str().unwrap()]);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("prepdrill import -"), "{stderr}");
}

#[test]
fn assess_from_a_fifo_is_refused_at_once_instead_of_hanging() {
    let sb = Sandbox::new();
    let fifo = fifo(&sb);
    let stderr = fails_promptly(&sb, &["assess", "threat-model-mvp", fifo.to_str().unwrap()]);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("give `-`"), "{stderr}");
}

#[test]
fn a_bad_byte_in_answers_json_is_placed_at_its_line_and_column() {
    let sb = Sandbox::new();
    // The bad byte is the first of line 2; it used to be reported as 1:3.
    sb.write("data/prepdrill/answers.json", b"{\n\xff}\n");
    let run = sb.run(&["my-answer", "threat-model-mvp", "--show"]);
    assert!(run.stderr.contains("answers.json:2:1:"), "{run:#?}");
    assert!(!run.stderr.contains("answers.json:1:3"), "{run:#?}");
}

#[test]
fn a_json_error_keeps_its_message_without_the_place_repeated() {
    let sb = Sandbox::new();
    sb.write("data/prepdrill/answers.json", "{\n  \"version\": trux\n}\n");
    let run = sb.run(&["my-answer", "threat-model-mvp", "--show"]);
    assert!(run.stderr.contains("answers.json:2:17: "), "{run:#?}");
    assert!(run.stderr.contains("(expected ident)"), "{run:#?}");
    assert!(!run.stderr.contains(" at line "), "{run:#?}");
}

#[test]
fn a_bad_byte_in_the_settings_file_is_placed_too() {
    let sb = Sandbox::new();
    sb.write(
        "config/prepdrill/config.yaml",
        b"daily-minutes: 20\nab\xff\n",
    );
    let run = sb.run(&["config", "list"]);
    assert!(run.stderr.contains("config.yaml:2:3:"), "{run:#?}");
}
