//! Interview mode end to end: the real binary drills in plain mode over several pinned days
//! toward an interview date, and `plan`, `next`, `stats` and `due` read the same progress.

// A harness that cannot set up (a pipe, a temporary file) should fail the test at once.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::pty;

use common::Sandbox;
use pty::Pty;
use serde_json::Value;

/// Four short questions, a minute each.
const BANK: &str = r#"
deck: prep
title: Prep
role: Engineer
answer_time_secs: 60
questions:
  - id: alpha
    category: technical
    tags: [one]
    question: "Alpha question?"
    why: "Why alpha."
    answer: "Alpha answer."
    key_points: ["Alpha point"]
  - id: bravo
    category: technical
    tags: [one]
    question: "Bravo question?"
    why: "Why bravo."
    answer: "Bravo answer."
    key_points: ["Bravo point"]
  - id: charlie
    category: technical
    tags: [two]
    question: "Charlie question?"
    why: "Why charlie."
    answer: "Charlie answer."
    key_points: ["Charlie point"]
  - id: delta
    category: behavioral
    tags: [two]
    question: "Delta question?"
    why: "Why delta."
    answer: "Delta answer."
    key_points: ["Delta point"]
"#;

fn sandbox() -> Sandbox {
    let mut sandbox = Sandbox::new();
    let bank = sandbox.write("prep.yaml", BANK);
    sandbox.set_env("PREPDRILL_BANK", bank);
    sandbox
}

/// Runs a plain drill at `now` with `input` on stdin; returns stdout.
fn drill(sandbox: &Sandbox, now: &str, args: &[&str], input: &str) -> String {
    let mut command = sandbox.command();
    command
        .env("PREPDRILL_NOW", now)
        .args(["drill", "--plain"])
        .args(args);
    let run = common::run_piped(command, input);
    assert!(run.success(), "drill failed: {run:#?}");
    run.stdout
}

/// The ids of the questions asked, from the header lines the plain protocol keeps: one line per
/// question, starting with its id.
fn asked(out: &str) -> Vec<String> {
    let ids = [
        "alpha", "bravo", "charlie", "delta", "b-one", "b-two", "f-one", "f-two",
    ];
    out.lines()
        .filter_map(|line| {
            let first = line.split(" · ").next()?;
            ids.contains(&first).then(|| first.to_string())
        })
        .collect()
}

fn reviews(sandbox: &Sandbox) -> Vec<Value> {
    let text = std::fs::read_to_string(sandbox.progress_file()).expect("progress saved");
    let progress: Value = serde_json::from_str(&text).expect("progress is JSON");
    progress["reviews"].as_array().cloned().unwrap_or_default()
}

/// Reveal and grade good, many times over, then quit.
fn answer_good(times: usize) -> String {
    "\n3\n".repeat(times) + "q\n"
}

#[test]
fn interview_mode_over_several_pinned_days() {
    let sandbox = sandbox();
    sandbox.ok(&["config", "set", "interview-date", "2026-11-30"]);

    // Day 1: every question is unseen, so each is asked before any is asked twice.
    let day1 = drill(
        &sandbox,
        "2026-11-27T19:00:00Z",
        &["--minutes", "30"],
        &answer_good(6),
    );
    let first = asked(&day1);
    assert!(first.len() >= 4, "{day1}");
    let mut distinct = first[..4].to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "unseen questions come first: {first:?}");
    assert!(
        day1.contains("Ready if you stop now:"),
        "the summary forecasts: {day1}"
    );

    // Reviews are stamped at the pinned start plus the real time elapsed.
    let stamped: Vec<String> = reviews(&sandbox)
        .iter()
        .map(|r| r["at"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(!stamped.is_empty());
    for at in &stamped {
        assert!(
            at.starts_with("2026-11-27T19:0"),
            "pinned clock: {stamped:?}"
        );
    }

    // Days 2 and 3 go on from the same file.
    drill(
        &sandbox,
        "2026-11-28T19:00:00Z",
        &["--minutes", "10"],
        &answer_good(4),
    );
    let day3 = drill(
        &sandbox,
        "2026-11-29T19:00:00Z",
        &["--minutes", "10"],
        &answer_good(4),
    );
    assert!(!asked(&day3).is_empty(), "the eve still has work: {day3}");
    let days: Vec<String> = reviews(&sandbox)
        .iter()
        .map(|r| r["at"].as_str().unwrap_or_default()[..10].to_string())
        .collect();
    for day in ["2026-11-27", "2026-11-28", "2026-11-29"] {
        assert!(days.iter().any(|d| d == day), "a review on {day}: {days:?}");
    }

    // After three days of practice every question is forecast ready on the morning.
    let mut plan = sandbox.command();
    plan.env("PREPDRILL_NOW", "2026-11-29T21:00:00Z")
        .args(["plan", "--json"]);
    let out = plan.output().expect("plan runs");
    assert!(out.status.success(), "{out:?}");
    let plan: Value = serde_json::from_slice(&out.stdout).expect("plan JSON");
    assert_eq!(plan["questions"], 4);
    assert!(
        plan["ready_if_stopped"].as_u64().unwrap_or(0) >= 3,
        "{plan:#}"
    );
}

#[test]
fn a_failed_last_card_comes_back_when_its_step_is_due() {
    let sandbox = sandbox();
    // Only one question: again. Issue 14: it is not asked again at once; the session says
    // when it comes back, and a drill then asks it.
    let out = drill(
        &sandbox,
        "2026-11-27T10:00:00Z",
        &["--tag", "one", "--limit", "1"],
        "\n1\n\n4\nq\n",
    );
    assert_eq!(asked(&out), ["alpha"], "{out}");
    assert!(
        out.contains("1 question from this session comes back at 10:01"),
        "{out}"
    );
    let out = drill(
        &sandbox,
        "2026-11-27T10:01:30Z",
        &["--tag", "one", "--limit", "1"],
        "\n4\nq\n",
    );
    assert_eq!(asked(&out), ["alpha"], "{out}");
    let grades: Vec<String> = reviews(&sandbox)
        .iter()
        .map(|r| r["rating"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(grades, ["again", "easy"]);
}

#[test]
fn next_names_the_card_and_why() {
    let sandbox = sandbox();
    let out = sandbox.ok(&["next"]);
    assert!(out.starts_with("alpha"), "{out}");
    assert!(out.contains("a new question"), "{out}");

    sandbox.ok(&["config", "set", "interview-date", "2026-12-03"]);
    let pick = sandbox.json(&["next", "--json"]);
    assert_eq!(pick["reason"], "gain", "{pick:#}");
    assert!(pick["gain"].as_f64().unwrap_or(0.0) > 0.0, "{pick:#}");
    assert!(pick.get("ready_gain").is_none(), "a week ahead: {pick:#}");

    // In the last days a review is likely the card's last before the interview: the planner
    // also weighs the chance it leaves the card ready, and says so.
    sandbox.ok(&["config", "set", "interview-date", "2026-11-28"]);
    let pick = sandbox.json(&["next", "--json"]);
    assert!(pick["ready_gain"].as_f64().unwrap_or(0.0) > 0.0, "{pick:#}");
    let out = sandbox.ok(&["next"]);
    assert!(
        out.contains("to the chance that it is ready then (90% or more;"),
        "{out}"
    );

    // Once every card is reviewed and the interview is close, nothing is worth a review: exit 1.
    for id in ["alpha", "bravo", "charlie", "delta"] {
        sandbox.ok(&["rate", id, "easy"]);
    }
    sandbox.ok(&["config", "set", "interview-date", "2026-11-27"]);
    let run = sandbox.run(&["next"]);
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(
        run.stdout
            .contains("as ready as practice today can make you"),
        "{run:#?}"
    );
}

#[test]
fn plan_explains_what_it_needs() {
    let sandbox = sandbox();
    let err = sandbox.fails(&["plan"]);
    assert!(err.contains("config set interview-date"), "{err}");
    let err = sandbox.fails(&["config", "set", "interview-date", "2026-11-01"]);
    assert!(err.contains("in the past"), "{err}");
    let set = sandbox.ok(&["config", "set", "interview-date", "+14d"]);
    assert_eq!(set, "interview-date = 2026-12-10\n", "the forms --on takes");
    sandbox.ok(&["config", "set", "interview-time", "14:30"]);
    let out = sandbox.ok(&["plan", "--minutes-per-day", "15"]);
    for text in [
        "Thu 10 Dec 2026 at 14:30",
        "at 14:30 (in 14 days)",
        "if you stop now",
        "with 15 min a day",
        "for 95%",
    ] {
        assert!(out.contains(text), "{text:?} in {out}");
    }
    let stats = sandbox.ok(&["stats"]);
    assert!(stats.contains("Ready if you stop now: 0 of 4;"), "{stats}");
    assert!(
        stats.contains("Mastery by tag (share of its questions you know: in review, 90% or more predicted recall on the interview day)"),
        "{stats}"
    );
}

#[test]
fn weakest_includes_unseen_and_due_names_its_recall() {
    let sandbox = sandbox();
    sandbox.ok(&["rate", "alpha", "easy", "--at", "2026-11-20T10:00:00Z"]);
    sandbox.ok(&["rate", "bravo", "hard", "--at", "2026-11-20T10:00:00Z"]);
    let stats = sandbox.json(&["stats", "--json"]);
    let weakest = stats["weakest"].as_array().expect("weakest");
    let unseen: Vec<&str> = weakest
        .iter()
        .filter(|w| w["unseen"] == Value::Bool(true))
        .map(|w| w["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(unseen, ["charlie", "delta"], "{stats:#}");
    assert_eq!(
        weakest[2]["id"], "bravo",
        "hard is weaker than easy: {stats:#}"
    );
    // The recall column's heading says which recall it shows.
    let due = sandbox.ok(&["due", "--on", "2026-12-31"]);
    assert!(due.contains("RECALL NOW"), "{due}");
    sandbox.ok(&["config", "set", "interview-date", "2026-12-10"]);
    let due = sandbox.ok(&["due", "--on", "2026-12-31"]);
    assert!(due.contains("RECALL ON 2026-12-10"), "{due}");
}

#[test]
fn a_card_just_answered_is_not_offered_again_and_new_obeys_the_cap() {
    let sandbox = sandbox();
    sandbox.ok(&["config", "set", "interview-date", "2026-12-10"]);
    // Two questions tagged `one`, answered at once (as a script does): each is asked once, then
    // the session says when their learning steps come back rather than ask them again at once.
    let out = drill(
        &sandbox,
        "2026-11-27T19:00:00Z",
        &["--tag", "one"],
        &answer_good(6),
    );
    let mut asked_ids = asked(&out);
    asked_ids.sort();
    assert_eq!(asked_ids, ["alpha", "bravo"], "{out}");
    assert!(
        out.contains("2 questions from this session come back from 19:10"),
        "{out}"
    );

    // --new 1 caps the new questions even before an interview.
    let out = drill(
        &sandbox,
        "2026-11-28T19:00:00Z",
        &["--tag", "two", "--new", "1"],
        &answer_good(6),
    );
    assert_eq!(asked(&out).len(), 1, "{out}");
}

#[test]
fn after_the_interview_plan_stats_and_the_drill_say_it_passed() {
    let mut sandbox = sandbox();
    sandbox.ok(&["config", "set", "interview-date", "2026-11-28"]);
    sandbox.ok(&["rate", "alpha", "good", "--at", "2026-11-20T10:00:00Z"]);
    // The day after the interview.
    sandbox.set_env("PREPDRILL_NOW", "2026-11-29T10:00:00Z");
    let said = "Your interview on Sat 28 Nov 2026 at 09:00 has passed: the drill is back to the regular schedule. Set the next one with `prepdrill config set interview-date YYYY-MM-DD`.";
    let plan = sandbox.fails(&["plan"]);
    assert!(plan.contains(said), "{plan}");
    let stats = sandbox.ok(&["stats"]);
    assert!(stats.contains(said), "{stats}");
    assert!(!stats.contains("Ready if you stop now"), "{stats}");
    assert!(
        stats.contains("90% or more predicted recall now)"),
        "mastery is read now once the day has passed: {stats}"
    );
    let out = drill(
        &sandbox,
        "2026-11-29T10:00:00Z",
        &["--limit", "2"],
        &answer_good(2),
    );
    assert!(out.starts_with(said), "{out}");
    // Back to the regular schedule: new cards in bank order after the due one.
    assert_eq!(asked(&out), ["alpha", "bravo"], "{out}");
}

/// Two decks, for two roles.
const BACKEND: &str = r#"
deck: backend
title: Backend role
role: Engineer
answer_time_secs: 60
questions:
  - id: b-one
    category: technical
    question: "Backend one?"
    why: "w"
    answer: "a"
  - id: b-two
    category: technical
    question: "Backend two?"
    why: "w"
    answer: "a"
"#;

const FRONTEND: &str = r#"
deck: frontend
title: Frontend role
role: Engineer
answer_time_secs: 60
questions:
  - id: f-one
    category: technical
    question: "Frontend one?"
    why: "w"
    answer: "a"
  - id: f-two
    category: technical
    question: "Frontend two?"
    why: "w"
    answer: "a"
"#;

#[test]
fn two_decks_plan_toward_two_interview_dates() {
    let mut sandbox = Sandbox::new();
    sandbox.write("backend.yaml", BACKEND);
    sandbox.write("frontend.yaml", FRONTEND);
    let dir = sandbox.path().display().to_string();
    sandbox.set_env(
        "PREPDRILL_BANK",
        format!("{dir}/backend.yaml:{dir}/frontend.yaml"),
    );
    sandbox.ok(&["config", "set", "interview-date", "2026-12-20"]);
    let set = sandbox.ok(&[
        "config",
        "set",
        "interview-date",
        "+2d",
        "--deck",
        "backend",
    ]);
    assert_eq!(set, "interview-date = 2026-11-28 for deck backend\n");
    sandbox.ok(&[
        "config",
        "set",
        "interview-time",
        "14:00",
        "--deck",
        "backend",
    ]);
    assert_eq!(
        sandbox.ok(&["config", "get", "interview-date", "--deck", "backend"]),
        "2026-11-28\n"
    );
    assert_eq!(
        sandbox.ok(&["config", "get", "interview-date", "--deck", "frontend"]),
        "2026-12-20\n",
        "a deck without its own date takes the shared one"
    );
    let err = sandbox.fails(&["config", "set", "new-per-day", "3", "--deck", "backend"]);
    assert!(err.contains("cannot be set per deck"), "{err}");
    let list = sandbox.ok(&["config", "list"]);
    assert!(list.contains("2026-11-28 (deck backend)"), "{list}");

    // plan and stats show each deck toward its own interview.
    let plan = sandbox.ok(&["plan"]);
    for text in [
        "Deck backend (Backend role)",
        "Interview Sat 28 Nov 2026 at 14:00 (in 2 days)",
        "Deck frontend (Frontend role)",
        "Interview Sun 20 Dec 2026 at 09:00 (in 24 days)",
    ] {
        assert!(plan.contains(text), "{text:?} in {plan}");
    }
    assert!(
        plan.find("Deck backend") < plan.find("Deck frontend"),
        "{plan}"
    );
    let stats = sandbox.ok(&["stats"]);
    assert!(
        stats.contains(
            "Deck backend (Backend role): interview in 2 days: Ready if you stop now: 0 of 2;"
        ),
        "{stats}"
    );
    assert!(
        stats.contains(
            "Deck frontend (Frontend role): interview in 24 days: Ready if you stop now: 0 of 2;"
        ),
        "{stats}"
    );
    let json = sandbox.json(&["plan", "--json"]);
    assert_eq!(json.as_array().map(Vec::len), Some(2), "{json}");

    // Without an interview for frontend, its due card comes first on the regular schedule,
    // then the backend planner's picks; frontend's new card waits.
    sandbox.ok(&[
        "config",
        "set",
        "interview-date",
        "none",
        "--deck",
        "frontend",
    ]);
    sandbox.ok(&["rate", "f-one", "again", "--at", "2026-11-25T10:00:00Z"]);
    let out = drill(&sandbox, NOW_PLUS_HOUR, &[], &answer_good(6));
    let asked = asked(&out);
    assert_eq!(asked.first().map(String::as_str), Some("f-one"), "{out}");
    assert!(asked.iter().any(|id| id.starts_with("b-")), "{out}");
    assert!(!asked.iter().any(|id| id == "f-two"), "{out}");
    let plan = sandbox.ok(&["plan"]);
    assert!(
        plan.contains("no interview set for this deck: the regular schedule"),
        "{plan}"
    );
}

const NOW_PLUS_HOUR: &str = "2026-11-26T13:00:00Z";

/// Berlin's clocks go forward at 02:00 on Sun 29 March 2026. Now, the interview and the reviews
/// are each on the wall clock of their own instant, not with the offset now happens to have
/// (issue 14, time wording, DST). Needs the system's zone data; without it the unit tests in
/// `core::words` and `core::zone` carry the case.
#[test]
fn across_a_clock_change_times_keep_their_own_offset() {
    if !std::path::Path::new("/usr/share/zoneinfo/Europe/Berlin").exists() {
        eprintln!("no zone data for Europe/Berlin: covered by the unit tests only");
        return;
    }
    let mut sandbox = sandbox();
    sandbox.set_env("TZ", "Europe/Berlin");
    // Sat 28 March, 21:00 CET (UTC+1).
    sandbox.set_env("PREPDRILL_NOW", "2026-03-28T20:00:00Z");
    sandbox.ok(&["config", "set", "interview-date", "2026-03-30"]);
    sandbox.ok(&["rate", "alpha", "again", "--at", "2026-03-28 21:00"]);
    // Sun 29 March, 22:00 CEST (UTC+2): 09:00 that morning was 07:00 UTC, 13 hours ago.
    sandbox.set_env("PREPDRILL_NOW", "2026-03-29T20:00:00Z");
    sandbox.ok(&["rate", "alpha", "good", "--at", "2026-03-29 09:00"]);
    let at: Vec<String> = reviews(&sandbox)
        .iter()
        .map(|r| r["at"].as_str().unwrap().to_string())
        .collect();
    assert!(at[0].starts_with("2026-03-28T20:00:00"), "{at:?}");
    assert!(at[1].starts_with("2026-03-29T07:00:00"), "{at:?}");
    let show = sandbox.ok(&["show", "alpha"]);
    assert!(
        show.contains("last practised 13 hours ago (09:00)"),
        "{show}"
    );
    // The interview is at 09:00 CEST, 07:00 UTC: 08:30 that morning it is ahead...
    sandbox.set_env("PREPDRILL_NOW", "2026-03-30T06:30:00Z");
    let stats = sandbox.ok(&["stats"]);
    assert!(
        stats.contains("Interview 2026-03-30 (today at 09:00)"),
        "{stats}"
    );
    // ... and at 09:30 CEST it has passed (with the winter offset it would still be 08:30).
    sandbox.set_env("PREPDRILL_NOW", "2026-03-30T07:30:00Z");
    let stats = sandbox.ok(&["stats"]);
    assert!(
        stats.contains("Your interview on Mon 30 Mar 2026 at 09:00 has passed"),
        "{stats}"
    );
}

/// `due` and the body of `stats` (the interview line, the weakest questions) measure each
/// question toward its own deck's interview, as `plan`, `next` and the drill do (issue 14 item
/// 6): two cards reviewed alike, one in a deck whose interview is in 2 days, one whose
/// interview is in 24, do not stand alike.
#[test]
fn due_and_stats_measure_each_deck_toward_its_own_date() {
    let mut sandbox = Sandbox::new();
    sandbox.write("backend.yaml", BACKEND);
    sandbox.write("frontend.yaml", FRONTEND);
    let dir = sandbox.path().display().to_string();
    sandbox.set_env(
        "PREPDRILL_BANK",
        format!("{dir}/backend.yaml:{dir}/frontend.yaml"),
    );
    sandbox.ok(&["config", "set", "interview-date", "2026-12-20"]);
    sandbox.ok(&[
        "config",
        "set",
        "interview-date",
        "2026-11-28",
        "--deck",
        "backend",
    ]);
    for at in ["2026-11-20T10:00:00Z", "2026-11-22T10:00:00Z"] {
        for id in ["b-one", "f-one"] {
            sandbox.ok(&["rate", id, "good", "--at", at]);
        }
    }
    // The recall each row shows, by id.
    let recall = |text: &str, id: &str| -> u32 {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == id) && l.contains('%'))
            .unwrap_or_else(|| panic!("no row for {id} in:\n{text}"));
        let pct = line.split_whitespace().find(|w| w.ends_with('%')).unwrap();
        pct.trim_end_matches('%').parse().unwrap()
    };
    let stats = sandbox.ok(&["stats"]);
    assert!(
        stats.contains(
            "First interview 2026-11-28 (in 2 days). Predicted recall on each deck's own day:"
        ),
        "{stats}"
    );
    assert!(
        stats.contains("Weakest questions (predicted recall on each deck's interview day)"),
        "{stats}"
    );
    let weakest = &stats[stats.find("Weakest questions").unwrap()..];
    assert!(
        recall(weakest, "b-one") > recall(weakest, "f-one") + 5,
        "backend's day is sooner, so more is remembered then:\n{stats}"
    );
    // One readiness line per deck, not a third for the shared date.
    assert_eq!(stats.matches("Ready if you stop now").count(), 2, "{stats}");
    let due = sandbox.ok(&["due", "--on", "+10d"]);
    assert!(due.contains("RECALL ON ITS DECK'S DAY"), "{due}");
    assert!(recall(&due, "b-one") > recall(&due, "f-one") + 5, "{due}");
}

#[test]
fn the_drill_summary_forecast_wraps_on_a_terminal() {
    let sandbox = sandbox();
    sandbox.ok(&["config", "set", "interview-date", "2026-11-30"]);
    let mut env = sandbox.terminal_env();
    env.push(("PREPDRILL_NOW".into(), "2026-11-27T19:00:00Z".into()));
    // Answers piped in, the summary on an 80-column terminal.
    let script = format!(
        "printf '\\n3\\nq\\n' | '{}' --color never --bank prep.yaml drill --plain",
        common::BIN
    );
    let (text, code) = Pty::spawn(sandbox.path(), &env, &script).finish();
    assert_eq!(code, 0, "{text}");
    let text = text.replace("\r\n", "\n");
    let ready = &text[text.find("Ready if you stop now:").expect("the forecast")..];
    let ready = &ready[..ready.find("RC=").unwrap_or(ready.len())];
    // It was one line of about 90 columns, which the terminal cut inside `prepdrill plan`.
    assert!(ready.lines().all(|l| l.chars().count() <= 80), "{ready}");
    assert!(ready.contains("prep.yaml plan`)."), "{ready}");
}
