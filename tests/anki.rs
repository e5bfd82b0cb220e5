//! A real client reads the Anki export: Anki's own backend (the `anki` package from PyPI) imports
//! it into a fresh collection with the settings Anki picks itself, and a re-import after an edit
//! updates that note in place. CI installs the package and sets PREPDRILL_REQUIRE_ANKI=1; elsewhere
//! the test skips with a message when the package is missing.

#![allow(clippy::expect_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::path::Path;
use std::process::Command;

use common::Sandbox;
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/export-bank.yaml");

/// What Anki holds after importing `file` into the collection: the import's counts and each note.
struct Imported {
    counts: Value,
    notes: Vec<Value>,
}

/// Imports through Anki's backend; `None` (after saying so) when the package is unavailable.
fn anki_import(collection: &Path, file: &Path) -> Option<Imported> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/import_check.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(collection)
        .arg(file)
        .output();
    let required = std::env::var_os("PREPDRILL_REQUIRE_ANKI").is_some();
    let output = match output {
        Ok(output) if output.status.success() => output,
        Ok(output) if output.status.code() == Some(3) && !required => {
            eprintln!("skipped: the `anki` Python package is not installed (pip install anki)");
            return None;
        }
        other => {
            assert!(!required, "Anki is required but did not run: {other:?}");
            eprintln!("skipped: python3 with the `anki` package is not available: {other:?}");
            return None;
        }
    };
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let mut lines = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"));
    let counts = lines.next().expect("counts");
    Some(Imported {
        counts,
        notes: lines.collect(),
    })
}

/// Writes the Anki export of `bank` to cards.txt, replacing it.
fn export(sandbox: &Sandbox, bank: &str) {
    let run = sandbox.run(&[
        "--bank",
        bank,
        "export",
        "--format",
        "anki",
        "-o",
        "cards.txt",
    ]);
    assert!(run.success(), "{run:#?}");
}

fn note<'a>(notes: &'a [Value], guid: &str) -> &'a Value {
    notes
        .iter()
        .find(|n| n["guid"] == guid)
        .unwrap_or_else(|| panic!("no note {guid} in {notes:#?}"))
}

#[test]
fn anki_imports_questions_and_updates_them_in_place() {
    let sandbox = Sandbox::new();
    let bank = sandbox.write("bank.yaml", FIXTURE);
    let bank = bank.to_str().expect("UTF-8 path");
    export(&sandbox, bank);
    let collection = sandbox.path().join("collection.anki2");
    let Some(first) = anki_import(&collection, &sandbox.path().join("cards.txt")) else {
        return;
    };
    let questions = FIXTURE.matches("  - id: ").count();
    assert_eq!(
        first.counts["counts"]["new"], questions,
        "{:?}",
        first.counts
    );
    assert_eq!(first.notes.len(), questions);

    let limiter = note(&first.notes, "prepdrill:mock-interview/rate-limiter");
    assert_eq!(limiter["notetype"], "Basic");
    assert_eq!(limiter["deck"], "Mock Interview Questions");
    assert_eq!(
        limiter["front"],
        "How would you design a rate limiter for a public API?"
    );
    assert_eq!(
        limiter["tags"],
        serde_json::json!(["design", "reliability"])
    );
    let back = limiter["back"].as_str().expect("a back");
    for part in [
        "I&#x27;d start with a token bucket per API key",
        "<b>Why employers ask:</b> To see whether you can weigh accuracy",
        "<li>Atomic refill-and-take (Redis + Lua)</li>",
    ] {
        assert!(back.contains(part), "{part:?} not in {back}");
    }
    // Every front is a question, never an id, and every back holds an answer.
    for note in &first.notes {
        let front = note["front"].as_str().expect("front");
        assert!(front.contains(' ') && front.len() > 20, "{note}");
        assert!(
            note["back"]
                .as_str()
                .is_some_and(|b| b.contains("<b>Why employers ask:</b>"))
        );
    }

    // Edit one answer, export again, import into the same collection.
    let edited = FIXTURE.replace(
        "I'd start with a token bucket per API key",
        "I'd start with a sliding window per API key",
    );
    assert_ne!(edited, FIXTURE);
    sandbox.write("bank.yaml", &edited);
    export(&sandbox, bank);
    let Some(second) = anki_import(&collection, &sandbox.path().join("cards.txt")) else {
        return;
    };
    assert_eq!(second.counts["counts"]["new"], 0, "{:?}", second.counts);
    assert_eq!(second.counts["counts"]["updated"], 1, "{:?}", second.counts);
    assert_eq!(second.notes.len(), questions, "no duplicates");
    let updated = note(&second.notes, "prepdrill:mock-interview/rate-limiter");
    assert_eq!(
        updated["id"], limiter["id"],
        "the same note, updated in place"
    );
    let back = updated["back"].as_str().expect("a back");
    assert!(back.contains("sliding window"), "{back}");
}
