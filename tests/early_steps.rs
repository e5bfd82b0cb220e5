//! A learning step taken before its time, because nothing else is left in the session, says so
//! in the card's header: its confirmation said "back in 9 minutes", and it is back sooner.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::Sandbox;

const BANK: &str = r#"
deck: four
title: Four
role: Engineer
answer_time_secs: 120
questions:
  - {id: alpha, category: technical, question: "Alpha?", why: w, answer: A}
  - {id: bravo, category: technical, question: "Bravo?", why: w, answer: B}
  - {id: charlie, category: technical, question: "Charlie?", why: w, answer: C}
  - {id: delta, category: technical, question: "Delta?", why: w, answer: D}
"#;

/// The header line of each card asked, in order.
fn headers(sandbox: &Sandbox, pace: &str) -> Vec<String> {
    let mut command = sandbox.command();
    command
        .env("PREPDRILL_NOW", "2026-03-02T19:00:00Z")
        .env("PREPDRILL_ANSWER_SECS", pace)
        .args(["--bank", "four.yaml", "drill", "--plain"]);
    let run = common::run_piped(command, &format!("{}q\n", "\n3\n".repeat(5)));
    assert!(run.success(), "{run:#?}");
    run.stdout
        .lines()
        .filter(|l| l.contains(" · session "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_step_taken_early_says_so_and_one_taken_on_time_does_not() {
    // Quick answers: after four new cards, alpha's step (10 minutes) is taken early.
    let quick = headers(&Sandbox::with_bank("four.yaml", BANK), "0");
    assert!(quick.len() >= 5, "{quick:#?}");
    assert!(
        quick[..4].iter().all(|h| !h.contains("back early")),
        "{quick:#?}"
    );
    assert!(quick[4].starts_with("alpha · "), "{quick:#?}");
    assert!(
        quick[4].contains("· back early: nothing else is left ·"),
        "{quick:#?}"
    );
    // Four-minute answers: alpha's step is due when it comes back.
    let slow = headers(&Sandbox::with_bank("four.yaml", BANK), "240");
    assert!(slow.len() >= 5, "{slow:#?}");
    assert!(slow[4].starts_with("alpha · "), "{slow:#?}");
    assert!(slow.iter().all(|h| !h.contains("back early")), "{slow:#?}");
}
