//! Issue 20: what the README, help and man pages say is what the binary does. One test per
//! behaviour that was corrected to match its claim.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

mod common;

use common::Sandbox;
use serde_json::{Value, json};

fn read_json(sandbox: &Sandbox) -> Value {
    serde_json::from_str(&std::fs::read_to_string(sandbox.progress_file()).unwrap()).unwrap()
}

#[test]
fn unknown_fields_inside_a_review_and_a_card_survive_saves_and_rebuilds() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    let mut file = read_json(&sb);
    file["reviews"][0]["device"] = json!({"name": "laptop", "n": 3});
    let card = "staff-product-security-engineer/threat-model-mvp";
    file["cards"][card]["flagged"] = json!(true);
    std::fs::write(sb.progress_file(), file.to_string()).unwrap();

    // Another card, then the same card again (its state is recomputed), then a full rebuild.
    sb.ok(&["rate", "secrets-management", "good"]);
    sb.ok(&["rate", "threat-model-mvp", "hard", "--at", "-1m"]);
    sb.ok(&["progress", "rebuild"]);

    let after = read_json(&sb);
    let first = after["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["device"].is_object())
        .expect("the review that carried `device`");
    assert_eq!(first["device"], json!({"name": "laptop", "n": 3}));
    assert_eq!(after["cards"][card]["flagged"], json!(true), "{after:#}");
    assert_eq!(after["reviews"].as_array().unwrap().len(), 3);
}

const HEAD: &str = "deck: mine\ntitle: Mine\nrole: Engineer\nquestions:\n";

fn question(id: &str, category: &str) -> String {
    format!(
        "  - id: {id}\n    category: {category}\n    question: \"Q {id}?\"\n    why: W\n    answer: A\n"
    )
}

#[test]
fn check_lists_every_schema_error_each_with_its_line_and_column() {
    let sb = Sandbox::new();
    let bank = format!(
        "{HEAD}{}{}{}",
        question("q1", "technical"),
        question("q2", "teknical"),
        question("q3", "leadershp")
    );
    sb.write("two-bad.yaml", bank);
    let err = sb.fails(&["check", "two-bad.yaml"]);
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("two-bad.yaml:11:15: question `q2` (#2)"),
        "{err}"
    );
    assert!(
        err.contains("two-bad.yaml:16:15: question `q3` (#3)"),
        "{err}"
    );
    assert!(
        err.contains("teknical") && err.contains("leadershp"),
        "{err}"
    );
}

#[test]
fn check_gives_duplicate_ids_bad_slugs_and_empty_questions_their_place() {
    let sb = Sandbox::new();
    let bank = format!(
        "{HEAD}{}{}{}{}",
        question("q1", "technical"),
        question("q1", "technical"),
        question("Bad_Slug", "technical"),
        question("q4", "technical").replace("\"Q q4?\"", "\"  \"")
    );
    sb.write("many.yaml", bank);
    let err = sb.fails(&["check", "many.yaml"]);
    for expected in [
        "many.yaml:10:5: question `q1`: duplicate id",
        "many.yaml:15:5: question `Bad_Slug`: `id` must be a lowercase slug",
        "many.yaml:22:5: question `q4`: `question` is empty",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}
