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
