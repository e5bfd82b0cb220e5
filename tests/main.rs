//! Every integration test, in one binary: one link instead of one per file, and tests of every
//! file share the cores instead of each file waiting for the slowest test of the one before.
//! Each `tests/*.rs` file is a module here; `every_test_file_is_a_module` fails if one is left out.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers should fail loudly

mod common;
#[path = "common/pty.rs"]
mod pty;

mod anki;
mod bank_index;
mod clock_lag;
mod coach;
mod drill;
mod drill_end;
mod drill_reports;
mod drill_view;
mod early_steps;
mod export;
mod file_layer;
mod first_run;
mod fsrs_reference;
mod hardening;
mod hardening3;
mod hardening3_data;
mod hardening3_session;
mod import;
mod interview;
mod interview_morning;
mod interview_words;
mod journal;
mod lookup;
mod lookup_forgiving;
mod mock;
mod my_answer;
mod optimize;
mod own_answer_view;
mod progress;
mod readme;
mod reference;
mod sheet;
mod sheet_print;
mod shell;
mod summary_rows;
mod today;
mod truth;
mod words;

#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).expect("tests/main.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/") {
        let path = entry.expect("entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_rust = path.extension().is_some_and(|e| e == "rs");
        if is_rust && stem != "main" && !main.contains(&format!("\nmod {stem};")) {
            missing.push(stem.to_string());
        }
    }
    assert!(missing.is_empty(), "add to tests/main.rs: {missing:?}");
}
