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
