//! Before an interview the drill asks whichever card a review helps most, not the one the
//! schedule says is due. The words confirming a grade (the drill's, the mock review's and
//! `rate`'s) and the drill's summary say so, instead of promising "next in 7 days" for a card
//! the drill may well ask tomorrow.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::Sandbox;

const BANK: &str = r#"
deck: words
title: Words
role: Engineer
answer_time_secs: 120
questions:
  - id: alpha
    category: technical
    question: "Alpha?"
    why: "w"
    answer: "Alpha."
  - id: bravo
    category: technical
    question: "Bravo?"
    why: "w"
    answer: "Bravo."
  - id: charlie
    category: behavioral
    question: "Charlie?"
    why: "w"
    answer: "Charlie."
"#;

const DECIDES: &str = "until your interview the drill decides when";

/// Runs `prepdrill --bank words.yaml ARGS` at `now` with `input` piped in; stdout, lines
/// joined, as the plain drill wraps its confirmations at 80 columns.
fn at(sandbox: &Sandbox, now: &str, args: &[&str], input: &str) -> String {
    let mut command = sandbox.command();
    command
        .env("PREPDRILL_NOW", now)
        .args(["--bank", "words.yaml"])
        .args(args);
    let run = common::run_piped(command, input);
    assert!(run.success(), "prepdrill {args:?} at {now}: {run:#?}");
    run.stdout.replace('\n', " ")
}

#[test]
fn before_an_interview_every_confirmation_says_the_drill_decides_when() {
    let sandbox = Sandbox::with_bank("words.yaml", BANK);
    at(
        &sandbox,
        "2026-03-02T18:00:00Z",
        &["config", "set", "interview-date", "2026-03-12"],
        "",
    );
    // `rate`: the schedule's day, as a guide.
    let rate = at(
        &sandbox,
        "2026-03-02T18:30:00Z",
        &["rate", "charlie", "easy"],
        "",
    );
    assert!(
        rate.contains("Recorded easy for charlie; not again today · schedule: in 7 days (Mon 9 Mar 2026); until your interview the drill decides when."),
        "{rate}"
    );
    // The drill: both other cards answered easy, each sent to a day a week or more ahead.
    let day_one = at(
        &sandbox,
        "2026-03-02T19:00:00Z",
        &["drill", "--plain"],
        "\n4\n\n4\nq\n",
    );
    for id in ["alpha", "bravo"] {
        assert!(
            day_one.contains(&format!(
                "Saved: {id}: easy · not again today · schedule: in "
            )),
            "{day_one}"
        );
    }
    assert_eq!(
        day_one.matches("easy · not again today").count(),
        2,
        "{day_one}"
    );
    assert!(!day_one.contains("easy · next in"), "{day_one}");
    // Its summary says the same of each row.
    assert!(
        day_one.contains("`schedule:` is a guide")
            && !day_one.contains("easy   00:00 / 02:00       due in"),
        "{day_one}"
    );
    // No card is named "next due" by the schedule: the line on today says what comes next.
    assert!(
        !day_one.contains("next due:") && day_one.contains("Done for today"),
        "{day_one}"
    );
    // The next day the drill does ask a card its schedule put days ahead: the old words
    // ("next in 7 days") were not the truth, these are.
    let day_two = at(
        &sandbox,
        "2026-03-03T19:00:00Z",
        &["drill", "--plain"],
        "\n3\nq\n",
    );
    assert!(
        ["alpha", "bravo", "charlie"]
            .iter()
            .any(|id| day_two.contains(&format!("Saved: {id}: good · not again today"))),
        "{day_two}"
    );
    // The mock review's confirmation, from the same words.
    let mock = at(
        &sandbox,
        "2026-03-04T19:00:00Z",
        &["mock", "--questions", "1"],
        "\n3\n",
    );
    assert!(
        mock.contains("· not again today · schedule: in ") && mock.contains(DECIDES),
        "{mock}"
    );
}

#[test]
fn without_an_interview_the_schedule_decides_and_the_words_say_next() {
    let sandbox = Sandbox::with_bank("words.yaml", BANK);
    let rate = at(
        &sandbox,
        "2026-03-02T18:30:00Z",
        &["rate", "charlie", "easy"],
        "",
    );
    assert!(rate.contains("; next due in "), "{rate}");
    let drill = at(
        &sandbox,
        "2026-03-02T19:00:00Z",
        &["drill", "--plain"],
        "\n4\nq\n",
    );
    assert!(drill.contains("Saved: alpha: easy · next in "), "{drill}");
    assert!(drill.contains("next due: "), "{drill}");
    assert!(!drill.contains("decides when"), "{drill}");
    // After the interview, too: the drill is back on the schedule.
    at(
        &sandbox,
        "2026-03-02T18:00:00Z",
        &["config", "set", "interview-date", "2026-03-02"],
        "",
    );
    let after = at(
        &sandbox,
        "2026-03-03T19:00:00Z",
        &["rate", "bravo", "easy"],
        "",
    );
    assert!(after.contains("; next due in "), "{after}");
}

/// On the full screen too, the whole confirmation shows (it may take two lines), so its end,
/// "until your interview the drill decides when", is not cut off at 80 columns.
#[test]
fn the_full_screen_shows_the_whole_confirmation() {
    let sandbox = Sandbox::with_bank("words.yaml", BANK);
    sandbox.ok(&["config", "set", "interview-date", "+10d"]);
    let mut env = sandbox.terminal_env_at_now();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    let script = format!("'{}' --bank words.yaml drill", common::BIN);
    let mut pty = crate::pty::Pty::spawn(sandbox.path(), &env, &script);
    pty.wait_for("Alpha?", 0);
    pty.send(" ");
    pty.wait_for("Alpha.", 0);
    let mark = pty.mark();
    pty.send("4");
    pty.wait_for("Bravo?", mark);
    pty.wait_for("alpha: easy · not again today · schedule: in", mark);
    // The second line, which one line cut to the width used to drop.
    pty.wait_for("interview the drill decides when", mark);
    pty.send("q");
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
}
