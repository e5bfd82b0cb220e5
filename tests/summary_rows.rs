//! Each row of the drill's summary says what that grade's confirmation said. A card asked
//! again later in the session is marked so, instead of "due now" for a step already taken.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::Sandbox;

#[test]
fn a_row_whose_card_was_asked_again_says_so_not_due_now() {
    let sandbox = common::drill_sandbox();
    let mut command = sandbox.command();
    // 90 seconds an answer: the first card's one-minute step is due after the second answer.
    command
        .env("PREPDRILL_NOW", "2026-03-02T19:00:00Z")
        .env("PREPDRILL_ANSWER_SECS", "90")
        .args(["--bank", "bank.yaml", "drill", "--plain"]);
    let run = common::run_piped(command, "\n1\n\n3\n\n3\nq\n");
    assert!(run.success(), "{run:#?}");
    let out = run.stdout;
    let rows: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| l.contains(" 01:30 / 01:30 "))
        .collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert!(rows[0].starts_with("threat-model  1 again"), "{out}");
    assert!(rows[0].ends_with("due in 1 minute (asked again)"), "{out}");
    assert!(rows[2].starts_with("threat-model  3 good"), "{out}");
    assert!(!rows[2].contains("asked again"), "{out}");
    assert!(!out.contains("due now"), "{out}");
}

#[test]
fn show_names_the_schedule_as_a_guide_before_an_interview() {
    let sandbox = Sandbox::with_bank("bank.yaml", common::TWO_QUESTIONS);
    sandbox.ok(&["config", "set", "interview-date", "+10d"]);
    sandbox.ok(&["--bank", "bank.yaml", "rate", "secrets", "easy"]);
    let show = sandbox.ok(&["--bank", "bank.yaml", "show", "secrets"]);
    // A question without tags has no empty field (walk-through: "technical ·  · 1m30s").
    assert!(
        show.starts_with("mock/secrets  technical · 1m30s\n"),
        "{show}"
    );
    assert!(
        show.contains("· not again today · schedule: in ")
            && show.contains("); until your interview the drill decides when · recall"),
        "{show}"
    );
    sandbox.ok(&["config", "set", "interview-date", "none"]);
    let show = sandbox.ok(&["--bank", "bank.yaml", "show", "secrets"]);
    assert!(show.contains("· next due in "), "{show}");
}

/// A day longer than one drill: the line on today says how much of it the next drill takes,
/// not that one `prepdrill` takes all of it.
#[test]
fn a_day_longer_than_one_drill_says_what_the_next_drill_takes() {
    let sandbox = Sandbox::new();
    sandbox.ok(&["config", "set", "interview-date", "+14d"]);
    let next = sandbox.run(&["next"]).stdout;
    assert!(
        next.contains("min left (") && next.contains("): `prepdrill` takes the first 20 min."),
        "{next}"
    );
    sandbox.ok(&["config", "set", "session-minutes", "600"]);
    let next = sandbox.run(&["next"]).stdout;
    assert!(next.contains("): `prepdrill` takes them."), "{next}");
}
