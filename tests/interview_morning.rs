//! The interview morning, after a first few answers: `plan` and the drill's summary still count
//! the rest of today's practice, as the line on today offers it, instead of forecasting no
//! practice at all ("0 sessions", "out of reach by then, even at 6 hours a day").

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::Sandbox;

#[test]
fn on_the_interview_morning_the_forecast_keeps_the_rest_of_today() {
    let sandbox = Sandbox::with_bank("bank.yaml", common::TWO_QUESTIONS);
    let run = |now: &str, args: &[&str], input: &str| {
        let mut command = sandbox.command();
        command
            .env("PREPDRILL_NOW", now)
            .args(["--bank", "bank.yaml"])
            .args(args);
        let run = common::run_piped(command, input);
        assert!(run.success(), "{args:?}: {run:#?}");
        run.stdout
    };
    run(
        "2026-03-01T18:00:00Z",
        &["config", "set", "interview-date", "2026-03-12"],
        "",
    );
    // Two answers on the morning, an hour and a half before the interview (09:00).
    let drill = run("2026-03-12T07:30:00Z", &["drill", "--plain"], "\n3\nq\n");
    assert!(drill.contains("Today: about "), "{drill}");
    let plan = run("2026-03-12T07:31:00Z", &["plan"], "");
    assert!(plan.contains("Today: about "), "{plan}");
    assert!(plan.contains("(1 session each"), "{plan}");
    assert!(!plan.contains("out of reach"), "{plan}");
}

/// A card failed the evening before is due by the schedule, and `due` says why the drill does not
/// ask it yet without calling its recall on the day (59%) "already high".
#[test]
fn a_due_card_not_worth_asking_yet_is_not_called_high() {
    let sandbox = Sandbox::new();
    let run = |now: &str, args: &[&str]| {
        let run = sandbox.run_with_env(args, &[("PREPDRILL_NOW", now)]);
        assert!(run.success(), "{args:?}: {run:#?}");
        run.stdout
    };
    run(
        "2026-03-02T18:00:00Z",
        &["config", "set", "interview-date", "2026-03-09"],
    );
    run(
        "2026-03-02T18:00:00Z",
        &["rate", "secure-sdlc-bootstrap", "again"],
    );
    let due = run("2026-03-03T07:30:00Z", &["due"]);
    let header = due
        .lines()
        .find(|l| l.starts_with("Due by the schedule but not worth asking"))
        .unwrap_or_else(|| panic!("the failed card is listed as not worth asking:\n{due}"));
    assert!(!header.contains("already high"), "{header}");
    assert!(header.contains("would add under 1%"), "{header}");
    assert!(due.contains("secure-sdlc-bootstrap"), "{due}");
}

/// Three questions: alpha and bravo well learnt, charlie failed.
const THREE: &str = r#"
deck: three
title: Three
role: Engineer
answer_time_secs: 120
questions:
  - {id: alpha, category: technical, question: "Alpha?", why: w, answer: A}
  - {id: bravo, category: technical, question: "Bravo?", why: w, answer: B}
  - {id: charlie, category: technical, question: "Charlie?", why: w, answer: C}
"#;

/// `prepdrill --bank three.yaml ARGS`, run at `now`.
fn three_at(sandbox: &Sandbox, now: &str, args: &[&str]) -> common::Run {
    let args: Vec<&str> = ["--bank", "three.yaml"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    sandbox.run_with_env(&args, &[("PREPDRILL_NOW", now)])
}

/// The weakest question in `stats` (the first row under "Weakest questions").
fn weakest_in_stats(stats: &str) -> String {
    let mut lines = stats
        .lines()
        .skip_while(|l| !l.starts_with("Weakest questions"));
    let row = lines
        .nth(2)
        .unwrap_or_else(|| panic!("no weakest row:\n{stats}"));
    row.split_whitespace().nth(1).unwrap().to_string()
}

/// On the interview morning `stats` lists charlie as the weakest question while `next` asks
/// another: `next` names charlie and gives the planner's reason it waits, whichever it is.
#[test]
fn next_says_why_the_weakest_question_is_not_the_one_asked() {
    let sandbox = Sandbox::with_bank("three.yaml", THREE);
    let run = |now: &str, args: &[&str]| {
        let run = three_at(&sandbox, now, args);
        assert!(run.success(), "{args:?}: {run:#?}");
        run.stdout
    };
    run(
        "2026-03-01T09:00:00Z",
        &["config", "set", "interview-date", "2026-03-09"],
    );
    for at in [
        "2026-03-01T10:00:00Z",
        "2026-03-01T10:15:00Z",
        "2026-03-03T10:00:00Z",
        "2026-03-06T10:00:00Z",
    ] {
        run(at, &["rate", "alpha", "good"]);
        run(at, &["rate", "bravo", "good"]);
    }
    run("2026-03-08T07:00:00Z", &["rate", "charlie", "good"]);
    run("2026-03-08T07:15:00Z", &["rate", "charlie", "again"]);
    // The interview morning: charlie failed again a moment ago, its step not due yet.
    run("2026-03-09T07:25:00Z", &["rate", "charlie", "again"]);
    let now = "2026-03-09T07:25:30Z";
    assert_eq!(weakest_in_stats(&run(now, &["stats"])), "charlie");
    let next = run(now, &["next"]);
    assert!(next.starts_with("alpha "), "{next}");
    assert!(
        next.contains("weakest: charlie (97% on the day) waits: answered today;"),
        "{next}"
    );
    // Its step due, it comes later in today's order: a review of it adds less a minute.
    let now = "2026-03-09T07:30:00Z";
    assert_eq!(weakest_in_stats(&run(now, &["stats"])), "charlie");
    let next = run(now, &["next"]);
    assert!(next.starts_with("alpha "), "{next}");
    assert!(
        next.contains("weakest: charlie (97% on the day) waits: the drill asks it later today (number 3 in today's order)"),
        "{next}"
    );
}

/// A card failed the evening before is the weakest (59% on the day) but a review the next
/// morning adds under 1%: `next`, with nothing worth asking, says so of it.
#[test]
fn next_says_a_weakest_question_not_worth_asking_adds_under_one_percent() {
    let sandbox = Sandbox::with_bank("three.yaml", THREE);
    let run = |now: &str, args: &[&str]| {
        let run = three_at(&sandbox, now, args);
        // `next` with nothing to ask exits 1; nothing here may fail otherwise.
        assert!(run.stderr.is_empty(), "{args:?}: {run:#?}");
        run.stdout
    };
    run(
        "2026-02-19T09:00:00Z",
        &["config", "set", "interview-date", "2026-03-09"],
    );
    for at in [
        "2026-02-20T10:00:00Z",
        "2026-02-20T10:15:00Z",
        "2026-02-22T10:00:00Z",
        "2026-02-26T10:00:00Z",
        "2026-03-01T10:00:00Z",
    ] {
        run(at, &["rate", "alpha", "good"]);
        run(at, &["rate", "bravo", "good"]);
    }
    run("2026-03-02T18:00:00Z", &["rate", "charlie", "again"]);
    let now = "2026-03-03T07:30:00Z";
    assert_eq!(weakest_in_stats(&run(now, &["stats"])), "charlie");
    let next = run(now, &["next"]);
    assert!(
        next.contains(
            "weakest: charlie (59% on the day) waits: a review now would add under 1% of a question"
        ),
        "{next}"
    );
}
