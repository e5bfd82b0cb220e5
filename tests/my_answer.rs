//! End-to-end tests of `prepdrill my-answer`, with `EDITOR` (or `VISUAL`) set to a script that
//! records what it was given and writes a prepared answer, as a person in an editor would.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use common::Sandbox;
use serde_json::Value;

const BANK: &str = r#"
deck: mine
title: Mine
role: Engineer
questions:
  - id: influence
    category: behavioral
    question: "Tell me about a time you influenced a decision without authority."
    why: "Security people persuade."
    answer: "SAMPLE framed the risk in product terms."
    key_points: ["Product terms"]
  - id: secrets
    category: technical
    question: "Where should an application keep its secrets?"
    why: "Secrets leak."
    answer: "SAMPLE in a managed secret store."
    key_points: ["Managed secret store"]
"#;

/// A sandbox with the bank, and an editor script: it copies the file it is given to
/// `seen.txt`, then replaces it with `answer.txt` (or exits 1 when `fail` exists).
fn sandbox() -> Sandbox {
    let mut sandbox = Sandbox::new();
    sandbox.write("bank.yaml", BANK);
    let root = sandbox.path().display().to_string();
    let script = sandbox.write(
        "editor.sh",
        format!(
            "#!/bin/sh\ncp \"$1\" '{root}/seen.txt'\n[ -e '{root}/fail' ] && exit 1\ncp '{root}/answer.txt' \"$1\"\n"
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    sandbox.set_env("EDITOR", &script);
    sandbox.set_env("PREPDRILL_BANK", sandbox.path().join("bank.yaml"));
    sandbox
}

fn seen(sandbox: &Sandbox) -> String {
    std::fs::read_to_string(sandbox.path().join("seen.txt")).expect("the editor ran")
}

fn answers_file(sandbox: &Sandbox) -> PathBuf {
    sandbox.progress_file().with_file_name("answers.json")
}

#[test]
fn write_show_and_delete_a_star_story() {
    let sandbox = sandbox();
    sandbox.write(
        "answer.txt",
        "# my notes line is dropped\nSituation: payments wanted to skip MFA.\n\nResult: MFA shipped.\n",
    );
    let out = sandbox.ok(&["my-answer", "influence"]);
    assert!(
        out.contains("Saved your answer to influence (9 words)"),
        "{out}"
    );
    let given = seen(&sandbox);
    assert!(given.contains("# Tell me about a time"), "{given}");
    for part in ["Situation:", "Task:", "Action:", "Result:"] {
        assert!(
            given.contains(part),
            "a STAR outline for a behavioural question: {given}"
        );
    }
    let shown = sandbox.ok(&["my-answer", "influence", "--show"]);
    assert_eq!(
        shown,
        "Situation: payments wanted to skip MFA.\n\nResult: MFA shipped.\n"
    );
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(answers_file(&sandbox)).unwrap()).unwrap();
    assert!(
        stored["answers"]["mine/influence"]["text"].is_string(),
        "{stored}"
    );

    // Editing again starts from the saved answer, not the outline.
    sandbox.write("answer.txt", "Situation: changed.\n");
    sandbox.ok(&["my-answer", "infl"]);
    assert!(seen(&sandbox).contains("Situation: payments wanted"));
    assert!(!seen(&sandbox).contains("Task:"));

    let out = sandbox.ok(&["my-answer", "influence", "--delete"]);
    assert!(out.contains("Deleted your answer to influence"), "{out}");
    let stderr = sandbox.fails(&["my-answer", "influence", "--show"]);
    assert!(
        stderr.contains("no answer of your own to influence"),
        "{stderr}"
    );
    let stderr = sandbox.fails(&["my-answer", "influence", "--delete"]);
    assert!(stderr.contains("nothing was deleted"), "{stderr}");
}

#[test]
fn a_technical_question_starts_blank_and_visual_wins_over_editor() {
    let mut sandbox = sandbox();
    sandbox.write("answer.txt", "Vault, rotated daily.\n");
    let editor = std::env::var_os("EDITOR");
    assert!(editor.is_none(), "the test's own environment is not used");
    // VISUAL is the same script; EDITOR is something that would fail.
    let script = sandbox.path().join("editor.sh");
    sandbox.set_env("VISUAL", &script);
    sandbox.set_env("EDITOR", "/nonexistent/editor");
    sandbox.ok(&["my-answer", "secrets"]);
    assert!(!seen(&sandbox).contains("Situation:"), "{}", seen(&sandbox));
    assert_eq!(
        sandbox.ok(&["my-answer", "secrets", "--show"]),
        "Vault, rotated daily.\n"
    );
}

#[test]
fn a_failed_editor_or_an_empty_answer_changes_nothing() {
    let sandbox = sandbox();
    sandbox.write("answer.txt", "First version.\n");
    sandbox.ok(&["my-answer", "secrets"]);
    sandbox.write("fail", "");
    let stderr = sandbox.fails(&["my-answer", "secrets"]);
    assert!(stderr.contains("your answer was not changed"), "{stderr}");
    std::fs::remove_file(sandbox.path().join("fail")).unwrap();
    sandbox.write("answer.txt", "# only a comment\n\n");
    let out = sandbox.ok(&["my-answer", "secrets"]);
    assert!(out.contains("left empty, so nothing was saved"), "{out}");
    assert_eq!(
        sandbox.ok(&["my-answer", "secrets", "--show"]),
        "First version.\n"
    );
}

#[test]
fn from_typed_starts_from_a_kept_typed_answer() {
    let sandbox = sandbox();
    let stderr = sandbox.fails(&["my-answer", "secrets", "--from-typed"]);
    assert!(
        stderr.contains("no typed answer to secrets is kept"),
        "{stderr}"
    );
    // Two typed answers from drills, the later one last.
    sandbox.write(
        "data/prepdrill/progress.json",
        r#"{"version":1,"reviews":[
{"id":"a","card":"mine/secrets","at":"2026-11-20T10:00:00Z","rating":"hard","duration_ms":1000,"timed_out":false,"typed_answer":"OLDER typed"},
{"id":"b","card":"mine/secrets","at":"2026-11-21T10:00:00Z","rating":"good","duration_ms":1000,"timed_out":false,"typed_answer":"LATEST typed"}
],"cards":{}}"#,
    );
    sandbox.write("answer.txt", "Edited.\n");
    sandbox.ok(&["my-answer", "secrets", "--from-typed"]);
    assert!(
        seen(&sandbox).contains("LATEST typed"),
        "{}",
        seen(&sandbox)
    );
    sandbox.ok(&["my-answer", "secrets", "--from-typed", "2"]);
    assert!(seen(&sandbox).contains("OLDER typed"), "{}", seen(&sandbox));
    let stderr = sandbox.fails(&["my-answer", "secrets", "--from-typed", "3"]);
    assert!(stderr.contains("only 2 typed answers"), "{stderr}");
}

#[test]
fn the_drill_shows_the_own_answer_on_reveal() {
    let sandbox = sandbox();
    sandbox.write("answer.txt", "MINE keep it in Vault.\n");
    sandbox.ok(&["my-answer", "secrets"]);
    // Cram both questions: reveal and grade each.
    let output = sandbox
        .command()
        .args(["drill", "--plain", "--cram", "--limit", "2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"\n3\n\n3\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let mine = out
        .find("MINE keep it in Vault")
        .expect("own answer on reveal");
    let sample = out[..]
        .find("SAMPLE in a managed")
        .expect("sample on reveal");
    assert!(mine < sample, "{out}");
    assert_eq!(
        out.matches("Your own answer:").count(),
        1,
        "only under its question: {out}"
    );
}

#[test]
fn a_damaged_answers_file_is_reported_and_kept() {
    let sandbox = sandbox();
    sandbox.write("data/prepdrill/answers.json", "{ nope");
    sandbox.write("answer.txt", "x\n");
    let stderr = sandbox.fails(&["my-answer", "secrets", "--show"]);
    assert!(stderr.contains("answers.json:1:"), "{stderr}");
    sandbox.fails(&["my-answer", "secrets"]);
    assert_eq!(
        std::fs::read_to_string(answers_file(&sandbox)).unwrap(),
        "{ nope"
    );
}

#[test]
fn progress_merge_brings_the_other_machines_answers() {
    let sandbox = sandbox();
    sandbox.write("answer.txt", "Mine, older.\n");
    sandbox.ok(&["my-answer", "secrets"]);
    sandbox.write(
        "other/progress.json",
        r#"{"version":1,"reviews":[],"cards":{}}"#,
    );
    sandbox.write(
        "other/answers.json",
        r#"{"version":1,"answers":{
"mine/secrets":{"text":"Theirs, newer.","updated":"2027-01-01T00:00:00Z"},
"mine/influence":{"text":"Their story.","updated":"2020-01-01T00:00:00Z"}}}"#,
    );
    let out = sandbox.ok(&["progress", "merge", "other/progress.json"]);
    assert!(out.contains("2 answers of your own"), "{out}");
    assert_eq!(
        sandbox.ok(&["my-answer", "secrets", "--show"]),
        "Theirs, newer.\n"
    );
    assert_eq!(
        sandbox.ok(&["my-answer", "influence", "--show"]),
        "Their story.\n"
    );
}

#[test]
fn no_editor_and_no_terminal_is_an_error_not_a_hang() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["my-answer", "threat-model-mvp"]);
    common::assert_failed(&run, &["my-answer".into()]);
    assert!(run.stderr.contains("set EDITOR"), "{}", run.stderr);
}

#[test]
fn the_study_sheet_shows_own_answers_and_mine_only_keeps_just_them() {
    let sandbox = sandbox();
    let stderr = sandbox.fails(&["export", "--mine-only"]);
    assert!(
        stderr.contains("no question matches --mine-only"),
        "{stderr}"
    );
    sandbox.write(
        "answer.txt",
        "Situation: payments wanted to skip MFA.\n\nResult: *MFA* shipped.\n",
    );
    sandbox.ok(&["my-answer", "influence"]);

    let sheet = sandbox.ok(&["export"]);
    let mine = sheet.find("**Your own answer:**").expect(&sheet);
    let sample = sheet.find("SAMPLE framed the risk").expect(&sheet);
    assert!(mine < sample, "{sheet}");
    assert!(
        sheet
            .contains("> Situation: payments wanted to skip MFA.\n>\n> Result: \\*MFA\\* shipped."),
        "paragraphs kept, markup escaped:\n{sheet}"
    );
    assert!(
        sheet.contains("SAMPLE in a managed"),
        "every question: {sheet}"
    );

    let only = sandbox.ok(&["export", "--mine-only"]);
    assert!(only.contains("payments wanted to skip MFA"), "{only}");
    // Issue 20: the introduction names every filter that made the sheet, --mine-only too.
    assert!(only.contains("those with an answer of your own"), "{only}");
    for absent in [
        "SAMPLE",
        "Security people persuade",
        "Where should an application",
    ] {
        assert!(!only.contains(absent), "{absent} in:\n{only}");
    }
    let practice = sandbox.ok(&["export", "--no-answers"]);
    assert!(
        !practice.contains("payments wanted"),
        "a practice sheet hides it: {practice}"
    );
    let stderr = sandbox.fails(&["export", "--mine-only", "--format", "csv"]);
    assert!(stderr.contains("--mine-only"), "{stderr}");
}

#[test]
fn show_and_search_include_the_own_answer() {
    let sandbox = sandbox();
    sandbox.write(
        "answer.txt",
        "Situation: the PASTA workshop.\n\nResult: adopted.\n",
    );
    sandbox.ok(&["my-answer", "influence"]);

    let shown = sandbox.ok(&["show", "influence"]);
    let mine = shown.find("Your own answer").expect(&shown);
    assert!(
        shown[mine..].contains("Situation: the PASTA workshop."),
        "{shown}"
    );
    let quiz = sandbox.ok(&["show", "influence", "--no-answer"]);
    assert!(!quiz.contains("PASTA"), "a quiz hides it: {quiz}");
    let json = sandbox.json(&["show", "influence", "--json"]);
    assert_eq!(
        json["my_answer"],
        "Situation: the PASTA workshop.\n\nResult: adopted."
    );
    let other = sandbox.json(&["show", "secrets", "--json"]);
    assert!(other.get("my_answer").is_none(), "{other}");

    let found = sandbox.ok(&["search", "pasta"]);
    assert!(found.contains("influence"), "{found}");
    assert!(found.contains("my answer"), "the field is named: {found}");
    let hits = sandbox.json(&["search", "pasta", "--json"]);
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits}");
    assert!(hits[0]["my_answer"].is_string(), "{hits}");
}

#[test]
fn an_untouched_outline_saves_nothing_and_a_typed_answer_kept_shows_once() {
    let sandbox = sandbox();
    // The editor leaves the STAR outline as it was given, comments and all.
    let script = sandbox.write("keep.sh", "#!/bin/sh\nexit 0\n");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut untouched = sandbox.command();
    untouched
        .env("EDITOR", &script)
        .args(["my-answer", "influence"]);
    let run = common::run_piped(untouched, "");
    assert!(run.success(), "{run:#?}");
    assert!(
        run.stdout
            .contains("Nothing written; your answer to influence was not saved."),
        "{}",
        run.stdout
    );
    // Only the outline's bare labels left: nothing written either.
    sandbox.write("answer.txt", "Situation:\n\nTask: \nResult:\n");
    let out = sandbox.ok(&["my-answer", "influence"]);
    assert!(out.contains("Nothing written"), "{out}");
    assert!(!answers_file(&sandbox).exists(), "nothing saved");
    // A typed answer kept as the own answer, unchanged: the sheet shows it once.
    sandbox.write(
        "data/prepdrill/progress.json",
        r#"{"version":1,"reviews":[
{"id":"b","card":"mine/secrets","at":"2026-11-21T10:00:00Z","rating":"good","duration_ms":1000,"timed_out":false,"typed_answer":"TYPED in a vault"}
],"cards":{}}"#,
    );
    sandbox.write("answer.txt", "TYPED in a vault\n");
    sandbox.ok(&["my-answer", "secrets", "--from-typed"]);
    let sheet = sandbox.ok(&["export"]);
    assert_eq!(sheet.matches("TYPED in a vault").count(), 1, "{sheet}");
    assert!(sheet.contains("**Your own answer:**"), "{sheet}");
}
