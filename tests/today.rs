//! A candidate's week, run through the real binary: the plain drill over several pinned days,
//! with piped answers. It never asks the card it just asked; the drill's summary, `stats`,
//! `next` and `due` say the same about today; and advice printed with `--bank` and `--data-dir`
//! runs as printed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::Sandbox;

/// Six questions with two-minute answer times.
const BANK: &str = r#"
deck: week
title: A week of practice
role: Engineer
answer_time_secs: 120
questions:
  - id: alpha
    category: technical
    tags: [a]
    question: "Alpha?"
    why: "w"
    answer: "Alpha."
  - id: bravo
    category: technical
    tags: [a]
    question: "Bravo?"
    why: "w"
    answer: "Bravo."
  - id: charlie
    category: technical
    tags: [a]
    question: "Charlie?"
    why: "w"
    answer: "Charlie."
  - id: delta
    category: behavioral
    tags: [b]
    question: "Delta?"
    why: "w"
    answer: "Delta."
  - id: echo
    category: behavioral
    tags: [b]
    question: "Echo?"
    why: "w"
    answer: "Echo."
  - id: foxtrot
    category: behavioral
    tags: [b]
    question: "Foxtrot?"
    why: "w"
    answer: "Foxtrot."
"#;

fn sandbox() -> Sandbox {
    Sandbox::with_bank("week.yaml", BANK)
}

/// Runs `prepdrill --bank week.yaml ARGS` at `now`, with `input` piped in.
fn at(sandbox: &Sandbox, now: &str, args: &[&str], input: &str) -> common::Run {
    let mut command = sandbox.command();
    command
        .env("PREPDRILL_NOW", now)
        .args(["--bank", "week.yaml"])
        .args(args);
    common::run_piped(command, input)
}

#[track_caller]
fn ok_at(sandbox: &Sandbox, now: &str, args: &[&str]) -> String {
    let run = at(sandbox, now, args, "");
    assert!(
        run.success(),
        "prepdrill {args:?} at {now} failed: {run:#?}"
    );
    run.stdout
}

/// The cards a plain drill graded, in order, with their grades, read off its confirmations
/// ("Saved: alpha: good · back in 10 minutes").
fn graded(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|line| line.strip_prefix("Saved: "))
        .filter_map(|line| {
            let (id, rest) = line.split_once(": ")?;
            let rating = rest.split(' ').next()?;
            Some((id.to_string(), rating.to_string()))
        })
        .collect()
}

/// The one line on today that `out` prints.
#[track_caller]
fn today_line(out: &str) -> String {
    out.lines()
        .map(str::trim)
        .find(|l| l.starts_with("Today: ") || l.starts_with("Done for "))
        .unwrap_or_else(|| panic!("no line on today in:\n{out}"))
        .to_string()
}

/// A drill at `now` answering every card with `grades` in turn (cycling), for up to `answers`
/// answers, then quitting.
fn drill(sandbox: &Sandbox, now: &str, grades: &[&str], answers: usize) -> String {
    let mut input = String::new();
    for i in 0..answers {
        input.push('\n');
        input.push_str(grades[i % grades.len()]);
        input.push('\n');
    }
    input.push_str("q\n");
    let run = at(sandbox, now, &["drill", "--plain"], &input);
    assert!(run.success(), "drill at {now} failed: {run:#?}");
    run.stdout
}

#[track_caller]
fn assert_never_twice_in_a_row(out: &str) {
    let asked = graded(out);
    for pair in asked.windows(2) {
        assert_ne!(
            pair[0].0, pair[1].0,
            "{} was asked again at once after {}:\n{out}",
            pair[1].0, pair[0].1
        );
    }
}

#[test]
fn a_week_of_quick_answers_never_asks_a_card_twice_in_a_row() {
    let sandbox = sandbox();
    let days = [
        ("2026-03-02T19:00:00Z", &["3"][..]),
        ("2026-03-03T19:00:00Z", &["1", "3", "3"][..]),
        ("2026-03-04T19:00:00Z", &["1"][..]),
        ("2026-03-05T07:30:00Z", &["2", "3"][..]),
        ("2026-03-06T19:00:00Z", &["3", "4"][..]),
    ];
    for (now, grades) in days {
        let out = drill(&sandbox, now, grades, 40);
        assert!(
            !graded(&out).is_empty() || out.contains("Nothing is due"),
            "{out}"
        );
        assert_never_twice_in_a_row(&out);
    }
}

#[test]
fn the_last_cards_in_a_step_end_the_session_saying_when_they_come_back() {
    let sandbox = sandbox();
    sandbox.write(
        "config/prepdrill/config.yaml",
        "interview-date: none\nnew-per-day: 2\n",
    );
    // Two new cards answered good at once: both are ten minutes from their next step.
    let out = at(
        &sandbox,
        "2026-03-02T19:00:00Z",
        &["drill", "--plain"],
        "\n3\n\n3\nq\n",
    )
    .stdout;
    assert_eq!(graded(&out).len(), 2, "{out}");
    assert!(
        out.contains(
            "Done for now: 2 questions come back from 19:10: run `prepdrill --bank week.yaml` then."
        ),
        "{out}"
    );
    // Coming back then, the drill asks them.
    let later = drill(&sandbox, "2026-03-02T19:10:30Z", &["3"], 4);
    let asked: Vec<String> = graded(&later).into_iter().map(|(id, _)| id).collect();
    assert!(
        asked.starts_with(&["alpha".to_string(), "bravo".to_string()]),
        "{later}"
    );
}

#[test]
fn summary_stats_next_and_due_agree_on_today() {
    let sandbox = sandbox();
    let now = "2026-03-02T19:00:00Z";
    // Three of six answered, with the daily allowance of new questions left for the rest.
    let out = at(
        &sandbox,
        now,
        &["drill", "--plain", "--new", "3"],
        "\n3\n\n3\n\n3\nq\n",
    )
    .stdout;
    let summary = today_line(&out);
    let later = "2026-03-02T19:00:01Z";
    assert_eq!(today_line(&ok_at(&sandbox, later, &["stats"])), summary);
    assert_eq!(today_line(&ok_at(&sandbox, later, &["next"])), summary);
    // The next day all three are due and three new questions wait: they agree again.
    let tomorrow = "2026-03-03T19:00:00Z";
    let stats = today_line(&ok_at(&sandbox, tomorrow, &["stats"]));
    let next = ok_at(&sandbox, tomorrow, &["next"]);
    assert_eq!(today_line(&next), stats);
    assert!(stats.starts_with("Today: about "), "{stats}");
    // What `next` names is what the drill asks first.
    let first = next.split_whitespace().next().unwrap().to_string();
    let drilled = drill(&sandbox, tomorrow, &["3"], 1);
    assert_eq!(graded(&drilled)[0].0, first, "{next}\n{drilled}");
}

#[test]
fn before_an_interview_due_lists_what_the_drill_asks_in_its_order() {
    let sandbox = sandbox();
    ok_at(
        &sandbox,
        "2026-03-02T18:00:00Z",
        &["config", "set", "interview-date", "2026-03-12"],
    );
    drill(&sandbox, "2026-03-02T19:00:00Z", &["3", "1", "4"], 12);
    let now = "2026-03-03T19:00:00Z";
    let due = ok_at(&sandbox, now, &["due"]);
    assert!(
        due.contains("What the drill asks today, in its order"),
        "{due}"
    );
    let listed: Vec<String> = due
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let n = words.next()?;
            n.parse::<usize>().ok()?;
            words.next().map(str::to_string)
        })
        .collect();
    assert!(!listed.is_empty(), "{due}");
    let next = ok_at(&sandbox, now, &["next"]);
    assert!(
        next.starts_with(&listed[0]),
        "next names the first of `due`:\n{next}\n{due}"
    );
    assert_eq!(today_line(&next), today_line(&due));
    assert_eq!(
        today_line(&ok_at(&sandbox, now, &["stats"])),
        today_line(&due)
    );
    assert_eq!(
        today_line(&ok_at(&sandbox, now, &["plan"])),
        today_line(&due)
    );
    // The drill asks them in that order, none twice in a row, none told "back in" days again.
    let out = drill(&sandbox, now, &["3"], 20);
    let asked: Vec<String> = graded(&out).into_iter().map(|(id, _)| id).collect();
    assert_eq!(asked[0], listed[0], "{out}");
    let mut seen = asked.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        asked.len(),
        "each card once after a good answer:\n{out}"
    );
}

#[test]
fn due_says_nothing_now_not_nothing_today_while_steps_come_back_later() {
    let sandbox = sandbox();
    ok_at(
        &sandbox,
        "2026-03-02T18:00:00Z",
        &["config", "set", "interview-date", "2026-03-12"],
    );
    // Every question answered good: each is in a learning step due later this evening.
    let out = drill(&sandbox, "2026-03-02T19:00:00Z", &["3"], 6);
    assert!(out.contains("Done for now"), "{out}");
    let due = ok_at(&sandbox, "2026-03-02T19:01:00Z", &["due"]);
    assert!(today_line(&due).starts_with("Done for now: "), "{due}");
    assert!(due.starts_with("Nothing to ask now.\n"), "{due}");
    // The next day, with nothing asked, it is today's plan again.
    let due = ok_at(&sandbox, "2026-03-03T19:00:00Z", &["due"]);
    assert!(!due.contains("Nothing to ask now"), "{due}");
}

#[test]
fn pasted_advice_runs_as_printed() {
    let sandbox = sandbox();
    let mut command = sandbox.command();
    command
        .env("PREPDRILL_NOW", "2026-03-02T19:00:00Z")
        .args([
            "--bank",
            "week.yaml",
            "--data-dir",
            "my data",
            "drill",
            "--plain",
        ])
        .args(["--limit", "2"]);
    let out = common::run_piped(command, "\n1\n\n3\nq\n").stdout;
    let advice = out
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("to drill this session's misses again: ")
        })
        .unwrap_or_else(|| panic!("no advice on misses:\n{out}"));
    assert_eq!(
        advice,
        "prepdrill --bank week.yaml --data-dir 'my data' drill --misses"
    );
    // Pasted into a shell, it finds the miss.
    let mut shell = pasted(&sandbox, &format!("{advice} --plain"));
    shell.env("PREPDRILL_NOW", "2026-03-02T19:30:00Z");
    let run = common::run_piped(shell, "\n3\nq\n");
    assert!(run.success(), "{run:#?}");
    assert_eq!(
        graded(&run.stdout),
        [("alpha".to_string(), "good".to_string())],
        "{}",
        run.stdout
    );
}

/// `sh -c SCRIPT` in the sandbox, with its environment and the binary under test on PATH, as
/// a candidate pasting a hint would run it.
fn pasted(sandbox: &Sandbox, script: &str) -> std::process::Command {
    let base = sandbox.command();
    let mut shell = std::process::Command::new("sh");
    shell.env_clear();
    for (key, value) in base.get_envs() {
        if let Some(value) = value {
            shell.env(key, value);
        }
    }
    let bin_dir = std::path::Path::new(common::BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    shell
        .env("PATH", path)
        .args(["-c", script])
        .current_dir(sandbox.path());
    shell
}

/// Every `` `prepdrill …` `` command quoted in `text`.
fn quoted_commands(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.starts_with("prepdrill"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_hint_carries_the_options_in_force_and_runs() {
    let sandbox = sandbox();
    let options = ["--bank", "week.yaml", "--data-dir", "my data"];
    let run = |args: &[&str]| sandbox.run(&[&options[..], args].concat());
    assert!(run(&["rate", "alpha", "again"]).success());
    let mut hints = Vec::new();
    for args in [
        &["show"][..],
        &["search", "zzzz"],
        &["answers", "alpha"],
        &["my-answer", "alpha", "--show"],
        &["optimize"],
        &["stats"],
        &["mock", "--tag", "a", "--category", "behavioral"],
        &["export", "--due", "--category", "behavioral"],
    ] {
        let out = run(args);
        let found = quoted_commands(&format!("{}{}", out.stdout, out.stderr));
        assert!(!found.is_empty(), "{args:?} suggests a command: {out:#?}");
        hints.extend(found);
    }
    let with = "prepdrill --bank week.yaml --data-dir 'my data' ";
    for hint in &hints {
        assert!(hint.starts_with(with) || hint == with.trim_end(), "{hint}");
        assert_eq!(hint.matches("--bank").count(), 1, "{hint}");
    }
    // Those that need no editor, terminal or answers run in a shell as printed, on the same data.
    let runnable: Vec<&String> = hints
        .iter()
        .filter(|h| {
            ["list", "tags", "optimize", "stats"]
                .iter()
                .any(|c| h.ends_with(&format!(" {c}")))
        })
        .collect();
    assert!(runnable.len() >= 3, "{hints:?}");
    for hint in runnable {
        let out = common::run_piped(pasted(&sandbox, hint), "");
        assert!(out.success(), "{hint}: {out:#?}");
        if hint.ends_with(" stats") {
            assert!(
                out.stdout.contains("1 in all"),
                "the same data: {}",
                out.stdout
            );
        }
    }
}

/// The cards a plain drill's confirmations sent away for hours or days ("back in 23 hours",
/// "next in 4 days", "tomorrow"), each with the index of its grade among those of `graded`.
fn sent_away(out: &str) -> Vec<(usize, String)> {
    out.lines()
        .filter_map(|line| line.strip_prefix("Saved: "))
        .enumerate()
        .filter_map(|(i, line)| {
            let (id, rest) = line.split_once(": ")?;
            let (_, when) = rest.split_once(" · ")?;
            let far = ["hour", "day", "tomorrow"].iter().any(|w| when.contains(w));
            far.then(|| (i, id.to_string()))
        })
        .collect()
}

/// A week of slow answers (90 to 180 seconds each on the drill's clock, `PREPDRILL_ANSWER_SECS`),
/// with and without an interview date: learning steps come due within the session, as they do for
/// a candidate who thinks before answering. No card is asked twice in a row; none is asked again
/// in the session after its confirmation sent it away for hours or days; and at the end of each
/// session the summary, `stats`, `plan`, `next` and `due` say the same about today.
#[test]
fn a_week_of_slow_answers_keeps_its_word_and_agrees_on_today() {
    for interview in ["2026-03-12", "none"] {
        let sandbox = sandbox();
        ok_at(
            &sandbox,
            "2026-03-02T18:00:00Z",
            &["config", "set", "interview-date", interview],
        );
        let days = [
            ("2026-03-02T19:00:00Z", &["1", "3", "3", "2"][..]),
            ("2026-03-03T19:00:00Z", &["3", "1", "4"][..]),
            ("2026-03-04T08:00:00Z", &["2", "3"][..]),
            ("2026-03-05T19:00:00Z", &["1", "3"][..]),
            ("2026-03-06T19:00:00Z", &["3"][..]),
        ];
        let mut steps_came_due = false;
        for (now, grades) in days {
            let mut input = String::new();
            for i in 0..30 {
                input.push('\n');
                input.push_str(grades[i % grades.len()]);
                input.push('\n');
            }
            input.push_str("q\n");
            let mut command = sandbox.command();
            command
                .env("PREPDRILL_NOW", now)
                .env("PREPDRILL_ANSWER_SECS", "90,150,120,180")
                .args(["--bank", "week.yaml", "drill", "--plain"]);
            let run = common::run_piped(command, &input);
            assert!(run.success(), "drill at {now} failed: {run:#?}");
            let out = run.stdout;
            let asked = graded(&out);
            assert_never_twice_in_a_row(&out);
            for (i, id) in sent_away(&out) {
                assert!(
                    !asked[i + 1..].iter().any(|(later, _)| *later == id),
                    "{id} was asked again after it was sent away for hours or days ({interview}, {now}):\n{out}"
                );
            }
            let ids: Vec<&String> = asked.iter().map(|(id, _)| id).collect();
            steps_came_due |= (1..ids.len()).any(|i| ids[..i].contains(&ids[i]));
            // The session's end: its last grade, on the paced clock.
            let Some(last) = sandbox
                .reviews()
                .last()
                .map(|r| r["at"].as_str().unwrap().to_string())
            else {
                continue;
            };
            // A paced clock stands still between answers, so the summary was written at the
            // instant of the last grade: the other commands are asked at that same instant.
            let end = chrono::DateTime::parse_from_rfc3339(&last)
                .unwrap()
                .to_rfc3339();
            if !asked.is_empty() {
                assert!(
                    end.as_str() > now,
                    "the clock moved on with the answers: {end}"
                );
                let summary = today_line(&out);
                for command in ["stats", "plan", "next", "due"] {
                    let run = at(&sandbox, &end, &[command], "");
                    let text = format!("{}{}", run.stdout, run.stderr);
                    assert_eq!(
                        today_line(&text),
                        summary,
                        "`{command}` at {end} ({interview}) disagrees with the summary:\n{out}\n{text}"
                    );
                }
            }
        }
        assert!(
            steps_came_due,
            "slow answers bring steps back within a session ({interview})"
        );
    }
}

/// A card skipped until tomorrow is not the summary's "next due", and `next` does not name it
/// either (walk-through finding 5: "next due: exec-roadmap now" beside "Done for now").
#[test]
fn the_summary_never_names_a_skipped_card_as_next_due() {
    let sandbox = sandbox();
    ok_at(
        &sandbox,
        "2026-03-01T10:00:00Z",
        &["config", "set", "interview-date", "none"],
    );
    ok_at(
        &sandbox,
        "2026-03-01T10:00:00Z",
        &["rate", "alpha", "again", "--at", "2026-03-01T10:00:00Z"],
    );
    let now = "2026-03-02T19:00:00Z";
    let run = at(
        &sandbox,
        now,
        &["drill", "--plain", "--new", "1"],
        "s\n\n3\nq\n",
    );
    let out = run.stdout;
    assert!(
        out.contains("alpha: skipped"),
        "alpha is asked first and skipped:\n{out}"
    );
    let next_due = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("next due: "))
        .unwrap_or_else(|| panic!("no next due in:\n{out}"));
    assert!(!next_due.starts_with("alpha"), "{out}");
    let next = at(&sandbox, "2026-03-02T19:30:00Z", &["next"], "").stdout;
    assert!(!next.starts_with("alpha"), "{next}");
}

/// In the morning, with the first steps coming back later and new questions left for today,
/// `due` does not open with "Nothing is due." above a line on today that offers questions: it
/// says nothing studied is due and that today's new questions wait.
#[test]
fn due_with_only_new_questions_left_today_does_not_say_nothing_is_due() {
    let sandbox = sandbox();
    // Two new questions answered good at 08:00: both come back from 08:10.
    let out = at(
        &sandbox,
        "2026-03-02T08:00:00Z",
        &["drill", "--plain", "--new", "2"],
        "\n3\n\n3\nq\n",
    )
    .stdout;
    assert_eq!(graded(&out).len(), 2, "{out}");
    let due = ok_at(&sandbox, "2026-03-02T08:01:00Z", &["due"]);
    let today = today_line(&due);
    assert!(today.starts_with("Today: about "), "{due}");
    assert!(today.contains("(4 questions)"), "{due}");
    let first = due.lines().next().unwrap_or_default();
    assert!(!first.starts_with("Nothing is due"), "{due}");
    assert!(first.contains("studied"), "{due}");
    assert!(first.contains("4 new questions"), "{due}");
    // Once today's new questions are taken, nothing is due until the steps come back.
    let out = drill(&sandbox, "2026-03-02T08:02:00Z", &["3"], 4);
    assert_eq!(graded(&out).len(), 4, "{out}");
    let due = ok_at(&sandbox, "2026-03-02T08:03:00Z", &["due"]);
    assert!(today_line(&due).starts_with("Done for now: "), "{due}");
    assert!(due.starts_with("Nothing is due now.\n"), "{due}");
}
