//! End-to-end tests of the answer coach: `prepdrill assess` (text and JSON), the evidence under the
//! points a typed answer made in the drill's reveal (full screen), and the mock report's
//! checklist with evidence, length and STAR check.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::pty;

use common::Sandbox;
use pty::Pty;
use serde_json::{Value, json};

const BANK: &str = r#"
deck: coach
title: Coach
role: Engineer
answer_time_secs: 90
questions:
  - id: threat-model
    category: technical
    question: "How would you threat model a new login feature?"
    why: "To see a practical method."
    answer: "Map data flows and trust boundaries, then STRIDE."
    key_points:
      - "Map data flows"
      - point: "Simplified STRIDE"
        also: ["spoofing, tampering and the other threat categories"]
      - "Rate limiting on login"
  - id: influence
    category: behavioral
    question: "Tell me about a time you influenced a decision without authority."
    why: "Security people persuade more than they order."
    answer: "I framed the risk in product terms."
    key_points:
      - "Frame security in product terms"
      - "Show measurable results"
"#;

const OWN_WORDS: &str = "First we map the data flows of the login with the team. \
    Then we walk the spoofing, tampering and other threat categories over each flow. \
    We don't do rate limiting on login yet.";

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("bank.yaml", BANK);
    sandbox.write("config/prepdrill/config.yaml", "interview-date: none\n");
    sandbox
}

#[test]
fn assess_json_gives_each_point_in_bank_order_with_its_evidence() {
    let sandbox = sandbox();
    let answer = sandbox.write("answer.txt", OWN_WORDS);
    let got = sandbox.json(&[
        "--bank",
        "bank.yaml",
        "assess",
        "threat-model",
        answer.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        got["key_points"],
        json!([
            {
                "text": "Map data flows",
                "covered": true,
                "evidence": "First we map the data flows of the login with the team"
            },
            {
                "text": "Simplified STRIDE",
                "covered": true,
                "evidence": "Then we walk the spoofing, tampering and other threat categories over each flow"
            },
            // Named only to be rejected: not made.
            { "text": "Rate limiting on login", "covered": false, "evidence": null }
        ]),
        "{got:#}"
    );
    assert_eq!(got["id"], "threat-model");
    // Two of three points in well under half the time: good.
    assert_eq!(got["suggested_grade"], "good");
    assert_eq!(got["length"]["words"], 33);
    assert_eq!(got["length"]["speaking_secs"], 16);
    assert_eq!(got["length"]["limit_secs"], 90);
    assert_eq!(got["length"]["verdict"], "too-short");
    assert_eq!(got["hedges"], json!([]));
    assert!(
        got.get("star").is_none(),
        "no STAR check for a technical question"
    );
}

#[test]
fn assess_reads_stdin_and_checks_a_star_story() {
    let sandbox = sandbox();
    let story = "At my last company the growth team wanted to ship referrals with no limits. \
                 I had no authority over their roadmap. \
                 I basically framed the fraud risk in product terms for the PM. \
                 As a result, fake signups dropped 90% in the first month.";
    let run = sandbox.run_with_input(&["--bank", "bank.yaml", "assess", "influence", "-"], story);
    assert!(run.success(), "{run:#?}");
    let out = &run.stdout;
    assert!(out.contains("Key points: 2 of 2 made"), "{out}");
    assert!(
        out.contains("[x] Frame security in product terms\n        “I basically framed the fraud risk in product terms for the PM”"),
        "{out}"
    );
    assert!(out.contains("Suggested grade: 4 easy"), "{out}");
    assert!(
        out.contains("STAR: situation, task, action and a measurable result are all there"),
        "{out}"
    );
    assert!(out.contains("Hedges and fillers: “basically” ×1"), "{out}");
    assert!(
        out.contains("Length: 44 words, about 21s to say, of 1m30s: too short"),
        "{out}"
    );

    let json: Value = serde_json::from_str(
        &sandbox
            .run_with_input(
                &["--bank", "bank.yaml", "assess", "influence", "--json"],
                "I framed it in product terms.",
            )
            .stdout,
    )
    .unwrap();
    assert_eq!(
        json["star"]["missing"],
        json!(["situation", "task", "result"]),
        "{json:#}"
    );
    assert_eq!(json["key_points"][1]["covered"], false);
}

#[test]
fn assess_refuses_an_empty_answer_and_suggests_ids() {
    let sandbox = sandbox();
    let run = sandbox.run_with_input(&["--bank", "bank.yaml", "assess", "influence"], " \n");
    assert!(!run.success());
    assert!(run.stderr.contains("the answer is empty"), "{}", run.stderr);
    let run = sandbox.run_with_input(&["--bank", "bank.yaml", "assess", "threat-modle"], "x");
    assert!(!run.success());
    assert!(run.stderr.contains("threat-model"), "{}", run.stderr);
    let run = sandbox.run(&["--bank", "bank.yaml", "assess", "influence", "missing.txt"]);
    assert!(!run.success());
    assert!(run.stderr.contains("missing.txt"), "{}", run.stderr);
}

#[test]
fn check_refuses_an_empty_also_phrasing() {
    let sandbox = sandbox();
    let bad = BANK.replace(
        "also: [\"spoofing, tampering and the other threat categories\"]",
        "also: [\"\"]",
    );
    sandbox.write("bad.yaml", bad);
    let run = sandbox.run(&["check", "bad.yaml"]);
    assert!(!run.success());
    assert!(
        run.stderr.contains("phrasing 1 under `also:` is empty")
            || run.stdout.contains("phrasing 1 under `also:` is empty"),
        "{run:#?}"
    );
    assert!(sandbox.run(&["check", "bank.yaml"]).success());
}

#[test]
fn the_drill_reveal_shows_the_words_that_made_each_point() {
    let sandbox = sandbox();
    let script = format!("'{}' --bank bank.yaml drill --type", common::BIN);
    let mut env = sandbox.terminal_env_at_now();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    let mut pty = Pty::spawn(sandbox.path(), &env, &script);
    pty.wait_for("How would you threat model a new login feature?", 0);
    pty.wait_for("Tab reveal", 0);
    pty.send("We map the data flows. We skip rate limiting on login.");
    pty.wait_for("on login.", 0);
    let mark = pty.mark();
    pty.send("\t");
    pty.wait_for("Key points you covered", mark);
    pty.wait_for("“We map the data flows”", mark);
    pty.wait_for("Length: 11 words", mark);
    pty.send("q");
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
}

#[test]
fn the_mock_report_shows_coverage_with_evidence_star_and_length() {
    let sandbox = sandbox();
    let story = "At my last company I framed the fraud risk in product terms for the PM.";
    // Type the story, an empty line submits; in the review an empty line takes the suggestion.
    let run = sandbox.run_with_input(
        &[
            "--bank",
            "bank.yaml",
            "mock",
            "--plain",
            "--questions",
            "1",
            "--category",
            "behavioral",
            "--type",
        ],
        &format!("{story}\n\n\n"),
    );
    assert!(run.success(), "{run:#?}");
    let out = &run.stdout;
    let report = &out[out.find("Mock round:").expect("the report")..];
    assert!(
        report.contains(
            "[x] Frame security in product terms — “At my last company I framed the fraud risk in product terms for the PM”"
        ),
        "{report}"
    );
    assert!(
        report.contains("[ ] Show measurable results — missed"),
        "{report}"
    );
    assert!(
        report.contains("Length: 15 words, about 7s to say, of 1m30s: too short"),
        "{report}"
    );
    assert!(
        report.contains("STAR: has situation and action; missing task and result"),
        "{report}"
    );
}

#[test]
fn a_long_evidence_quote_keeps_whole_words_and_the_end_of_the_clause() {
    let sandbox = sandbox();
    let answer = "First we sit down with the whole team for an afternoon and map every one of the \
                  data flows that the new login feature touches.";
    let run = sandbox.run_with_input(
        &["--bank", "bank.yaml", "assess", "threat-model", "-"],
        answer,
    );
    assert!(run.success(), "{run:#?}");
    // Cut at 110 characters from the start, the quote lost "feature touches" and could end
    // mid-word; its start and its end, in whole words, show where the point was made.
    assert!(
        run.stdout.contains(
            "[x] Map data flows\n        “First we sit down with the whole team … map every one \
             of the data flows that the new login feature touches”"
        ),
        "{}",
        run.stdout
    );
}

/// The lines of `text` wider than `cols` columns.
fn too_wide(text: &str, cols: usize) -> Vec<&str> {
    text.lines().filter(|l| l.chars().count() > cols).collect()
}

#[test]
fn assess_on_a_terminal_wraps_to_its_width() {
    let sandbox = sandbox();
    let answer = sandbox.write(
        "answer.txt",
        "First we map every one of the data flows that the login touches from the browser through \
         the gateway to the session store.",
    );
    let args = [
        "--color",
        "never",
        "--bank",
        "bank.yaml",
        "assess",
        "threat-model",
        answer.to_str().unwrap(),
    ];
    // Off a terminal the quote stays whole on one line, for grep.
    let whole = "        “First we map every one of the data flows … touches from the browser through the \
                 gateway to the session store”\n";
    let piped = sandbox.ok(&args);
    assert!(piped.contains(whole), "{piped}");
    for cols in [80, 100] {
        let out = sandbox.run_on_terminal_sized(&args, &[], cols);
        // It printed lines as long as the question and the quote, cut mid-word by the terminal.
        assert!(too_wide(&out, cols as usize).is_empty(), "{cols}:\n{out}");
        assert!(
            out.contains("        “First we map every one of the data flows"),
            "{out}"
        );
    }
    let out = sandbox.run_on_terminal_sized(&args, &[], 80);
    assert!(
        out.contains("the data flows … touches from the browser\n        through the gateway"),
        "a wrapped quote keeps its indent:\n{out}"
    );
}

#[test]
fn the_mock_report_on_a_terminal_wraps_to_its_width() {
    let sandbox = sandbox();
    let env = sandbox.terminal_env_at_now();
    let story = "At my last company the growth team wanted to ship referrals with no limits at all, \
                 and I framed the fraud risk in product terms for the PM and the whole growth team.";
    // Answers piped in, the report on the terminal.
    let script = format!(
        "printf '%s\\n\\n\\n' '{story}' | '{}' --color never --bank bank.yaml mock --plain \
         --questions 1 --category behavioral --type",
        common::BIN
    );
    let pty = Pty::spawn(sandbox.path(), &env, &script);
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
    let text = text.replace("\r\n", "\n");
    let report = &text[text.find("Mock round: 1 of").expect("the report")..];
    assert!(too_wide(report, 80).is_empty(), "{report}");
    assert!(
        report.contains("      [x] Frame security in product terms — “and I framed the fraud risk in\n          product terms"),
        "{report}"
    );
}

#[test]
fn a_hedge_is_shown_as_written_with_a_capital_i() {
    let sandbox = sandbox();
    let run = sandbox.run_with_input(
        &["--bank", "bank.yaml", "assess", "influence", "-"],
        "I think I framed it in product terms, I guess.",
    );
    assert!(run.success(), "{run:#?}");
    // It showed “i guess” and “i think”, as no one writes them.
    assert!(
        run.stdout
            .contains("Hedges and fillers: “I guess” ×1, “I think” ×1"),
        "{}",
        run.stdout
    );
}
