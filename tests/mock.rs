//! End-to-end tests of `prepdrill mock`: the real binary line by line through a pipe, and full
//! screen in a pseudo-terminal. They check that no answer shows before the round ends, that the
//! review pass shows the candidate's answers above the sample, and that grades are saved as
//! reviews marked `"mock": true`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::pty;

use common::{NOW, Run, Sandbox};
use pty::Pty;
use serde_json::Value;

const BANK: &str = r#"
deck: mock
title: Mock interview
role: Engineer
answer_time_secs: 90
questions:
  - id: threat-model
    category: technical
    tags: [threat-modeling]
    question: "How would you threat model a new login feature?"
    why: "To see a practical, time-boxed method."
    answer: "SAMPLE-ONE map data flows and trust boundaries, apply STRIDE."
    key_points:
      - "Map data flows"
      - "Trust boundaries"
  - id: secrets
    category: technical
    tags: [secrets]
    question: "Where should an application keep its secrets?"
    why: "Secrets leak through code and logs."
    answer: "SAMPLE-TWO in a managed secret store, rotated, never in git."
    key_points:
      - "Managed secret store"
  - id: influence
    category: behavioral
    tags: [behavioral]
    question: "Tell me about a time you influenced a decision without authority."
    why: "Security people persuade more than they order."
    answer: "SAMPLE-THREE I framed the risk in product terms."
    key_points:
      - "Product terms"
"#;

const QUESTIONS: [&str; 3] = [
    "How would you threat model a new login feature?",
    "Where should an application keep its secrets?",
    "Tell me about a time you influenced a decision without authority.",
];

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("bank.yaml", BANK);
    sandbox
}

/// `prepdrill --bank bank.yaml mock ARGS` with `input` on a pipe.
fn mock(sandbox: &Sandbox, args: &[&str], input: &str) -> Run {
    let all = [&["--bank", "bank.yaml", "mock"], args].concat();
    sandbox.run_with_input(&all, input)
}

#[track_caller]
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

/// The order the round asks its questions in, read from the plain output.
fn asked_order(out: &str) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, q)| (position(out, q), i))
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i).collect()
}

#[test]
fn plain_round_hides_answers_until_the_review_and_saves_mock_reviews() {
    let sandbox = sandbox();
    // Three questions, then the review: tick a and grade good; grade hard; grade easy.
    let run = mock(&sandbox, &["--questions", "3"], "\n\n\na\n3\n2\n4\n");
    assert!(run.success(), "{run:#?}");
    let out = &run.stdout;
    let review_starts = position(out, "Now the review");
    for question in QUESTIONS {
        assert!(
            position(out, question) < review_starts,
            "{question} asked first"
        );
    }
    for sample in ["SAMPLE-ONE", "SAMPLE-TWO", "SAMPLE-THREE"] {
        assert!(
            position(out, sample) > review_starts,
            "{sample} only in the review"
        );
    }
    // The why-note shows in the review, as in the drill (issue 14 item 7), never while asking.
    for note in [
        "To see a practical",
        "Secrets leak",
        "Security people persuade",
    ] {
        assert!(
            position(out, note) > review_starts,
            "{note} only in the review"
        );
    }
    assert_eq!(out.matches("Why employers ask:").count(), 3, "{out}");
    let reviews = sandbox.reviews();
    assert_eq!(reviews.len(), 3, "{out}");
    let grades: Vec<&str> = reviews
        .iter()
        .map(|r| r["rating"].as_str().unwrap())
        .collect();
    let mut sorted = grades.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["easy", "good", "hard"]);
    assert!(reviews.iter().all(|r| r["mock"] == Value::Bool(true)));
    // Each confirmation names its card, as the drill's do.
    for id in ["threat-model", "secrets", "influence"] {
        assert_eq!(
            out.matches(&format!("Saved: {id}: ")).count(),
            1,
            "{id}:\n{out}"
        );
    }
    assert!(
        out.contains("Mock round: 3 of 3 questions answered, 3 graded"),
        "{out}"
    );
    assert!(out.contains("Overall: average grade 3.0"), "{out}");
    // The scheduler took the mock grades: the cards have states.
    let progress: Value =
        serde_json::from_str(&std::fs::read_to_string(sandbox.progress_file()).unwrap()).unwrap();
    assert_eq!(
        progress["cards"].as_object().map(serde_json::Map::len),
        Some(3)
    );
}

#[test]
fn plain_round_with_typing_pre_ticks_and_keeps_the_typed_answer() {
    let sandbox = sandbox();
    let run = mock(
        &sandbox,
        &["--questions", "1", "--tag", "secrets", "--type"],
        // Type a line, an empty line submits; in the review an empty line takes the suggestion.
        "a managed secret store with rotation\n\n\n",
    );
    assert!(run.success(), "{run:#?}");
    let out = &run.stdout;
    assert!(position(out, "What you typed:") < position(out, "Sample answer:"));
    assert!(out.contains("[x] a  Managed secret store"), "{out}");
    let reviews = sandbox.reviews();
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        reviews[0]["typed_answer"],
        "a managed secret store with rotation"
    );
    // Every key point, well inside half the time: the suggestion the empty line took is easy.
    assert_eq!(reviews[0]["rating"], "easy", "{out}");
}

#[test]
fn the_same_instant_asks_the_same_round_and_never_a_question_twice() {
    let first = sandbox();
    let second = sandbox();
    let a = mock(&first, &["--questions", "3"], "");
    let b = mock(&second, &["--questions", "3"], "");
    assert!(a.success() && b.success());
    // Input ran out at the first question: only it was shown, and nothing was saved.
    assert_eq!(a.stdout, b.stdout, "PREPDRILL_NOW={NOW} pins the choice");
    assert!(first.reviews().is_empty());
    assert!(a.stdout.contains("(ended early)"), "{}", a.stdout);

    let full = mock(&first, &["--questions", "3"], "\n\n\n");
    let order = asked_order(&full.stdout);
    assert_eq!(order.len(), 3);
    let mut unique = order.clone();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{order:?}");
}

#[test]
fn bad_options_fail_with_a_message() {
    let sandbox = sandbox();
    for (args, expected) in [
        (vec!["--questions", "0"], "from 1 to 50"),
        (vec!["--tag", "nope"], "nope"),
    ] {
        let run = mock(&sandbox, &args, "");
        common::assert_failed(&run, &[format!("{args:?}")]);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }
}

/// `env` with the double-tap window off, so keys can follow each other without waiting it out.
fn no_key_guard(mut env: Vec<(String, String)>) -> Vec<(String, String)> {
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    env
}

#[test]
fn full_screen_round_reviews_and_saves() {
    let sandbox = sandbox();
    let root = sandbox.path();
    let env = no_key_guard(sandbox.terminal_env_at_now());
    let script = format!("'{}' --bank bank.yaml mock --questions 2", common::BIN);
    let mut pty = Pty::spawn(root, &env, &script);
    pty.wait_for("Space next question", 0);
    pty.wait_for("question 1 of 2", 0);
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("question 2 of 2", mark);
    let asked = pty.text_since(0);
    for sample in ["SAMPLE-ONE", "SAMPLE-TWO", "SAMPLE-THREE", "Key points"] {
        assert!(
            !asked.contains(sample),
            "{sample} shown while asking:\n{asked}"
        );
    }
    let mark = pty.mark();
    pty.send(" ");
    pty.wait_for("review 1 of 2", mark);
    pty.wait_for("Sample answer", mark);
    pty.wait_for("Key points you covered", mark);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("review 2 of 2", mark);
    // The confirmation names the card graded, as the drill's does.
    pty.wait_for("saved: influence: good · ", mark);
    pty.send("1");
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Mock round: 2 of 2 questions answered, 2 graded"),
        "{text}"
    );
    let reviews = sandbox.reviews();
    assert_eq!(reviews.len(), 2);
    assert!(reviews.iter().all(|r| r["mock"] == Value::Bool(true)));
    let grades: Vec<&str> = reviews
        .iter()
        .map(|r| r["rating"].as_str().unwrap())
        .collect();
    assert!(
        grades.contains(&"good") && grades.contains(&"again"),
        "{grades:?}"
    );
}

#[test]
fn stats_lists_past_mock_rounds() {
    let sandbox = sandbox();
    let before = sandbox.run(&["--bank", "bank.yaml", "stats"]);
    assert!(
        before.success() && !before.stdout.contains("Mock rounds"),
        "{before:#?}"
    );
    // Two questions graded again and easy.
    let run = mock(&sandbox, &["--questions", "2"], "\n\n1\n4\n");
    assert!(run.success(), "{run:#?}");
    let out = sandbox.ok(&["--bank", "bank.yaml", "stats"]);
    assert!(out.contains("Mock rounds: 1"), "{out}");
    assert!(
        out.contains("Thu 26 Nov 2026 12:00  2 questions   average grade 2.5  0% over time"),
        "{out}"
    );
    let json = sandbox.json(&["--bank", "bank.yaml", "stats", "--json"]);
    let rounds = json["mock_rounds"].as_array().expect("mock_rounds");
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0]["questions"], 2);
    assert_eq!(rounds[0]["average_grade"], 2.5);
}

#[test]
fn full_screen_typing_an_empty_line_submits() {
    let sandbox = sandbox();
    let root = sandbox.path();
    let env = no_key_guard(sandbox.terminal_env_at_now());
    let script = format!(
        "'{}' --bank bank.yaml mock --questions 1 --tag secrets --type",
        common::BIN
    );
    let mut pty = Pty::spawn(root, &env, &script);
    pty.wait_for("Tab next question", 0);
    // The box names the key that moves on: Tab reveals nothing in a mock round.
    pty.wait_for(
        "Your answer (Tab: next question; answers show after the round)",
        0,
    );
    pty.send("a managed secret store\r");
    pty.wait_for("managed secret store", 0);
    let mark = pty.mark();
    // Enter on the empty line after the text submits the answer.
    pty.send("\r");
    pty.wait_for("review 1 of 1", mark);
    pty.wait_for("What you typed", mark);
    pty.wait_for("[x] a", mark);
    pty.send("\r");
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
    let reviews = sandbox.reviews();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["typed_answer"], "a managed secret store");
    assert_eq!(reviews[0]["mock"], Value::Bool(true));
}

#[test]
fn stats_lists_three_rounds_exactly_whatever_the_gaps() {
    let mut sandbox = sandbox();
    // Two questions at 12:00, one a minute later (no question repeated, so grouping by time alone
    // joined these two), then two at 12:03 that repeat a question.
    let rounds: [(&str, &[&str], &str); 3] = [
        (
            "2026-11-26T12:00:00Z",
            &["--questions", "2", "--category", "technical"],
            "\n\n3\n3\n",
        ),
        (
            "2026-11-26T12:01:00Z",
            &["--questions", "1", "--tag", "behavioral"],
            "\n1\n",
        ),
        (
            "2026-11-26T12:03:00Z",
            &["--questions", "2", "--category", "technical"],
            "\n\n4\n4\n",
        ),
    ];
    for (now, args, input) in rounds {
        sandbox.set_env("PREPDRILL_NOW", now);
        let run = mock(&sandbox, args, input);
        assert!(run.success(), "{run:#?}");
    }
    sandbox.set_env("PREPDRILL_NOW", "2026-11-26T13:00:00Z");
    let out = sandbox.ok(&["--bank", "bank.yaml", "stats"]);
    assert!(out.contains("Mock rounds: 3"), "{out}");
    for line in [
        "Thu 26 Nov 2026 12:03  2 questions   average grade 4.0",
        "Thu 26 Nov 2026 12:01  1 question    average grade 1.0",
        "Thu 26 Nov 2026 12:00  2 questions   average grade 3.0",
    ] {
        assert_eq!(out.matches(line).count(), 1, "{line}\n{out}");
    }
    let json = sandbox.json(&["--bank", "bank.yaml", "stats", "--json"]);
    let listed: Vec<(u64, u64)> = json["mock_rounds"]
        .as_array()
        .expect("mock_rounds")
        .iter()
        .map(|r| {
            (
                r["questions"].as_u64().unwrap(),
                r["graded"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, [(2, 2), (1, 1), (2, 2)]);
    // Each review carries its round's id and size.
    let reviews = sandbox.reviews();
    let mut ids: Vec<&str> = reviews
        .iter()
        .map(|r| r["round"]["id"].as_str().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "{reviews:?}");
}
