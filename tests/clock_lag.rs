//! Issue 19, item 1: a review dated after this machine's clock is kept. Clocks on synced machines
//! drift, so only a date more than a year ahead is refused, and it is reported once per command.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use chrono::{Duration, SecondsFormat, Utc};
use common::Sandbox;
use serde_json::Value;

/// A sandbox whose progress file holds one ordinary review of `threat-model-mvp` and, beside it,
/// copies of that review dated `ahead` after the real wall clock (which is later than the sandbox's
/// pinned clock, so these are ahead of every clock the binary reads).
fn with_reviews_ahead(ahead: Duration, copies: usize) -> (Sandbox, Vec<String>) {
    let sandbox = Sandbox::new();
    sandbox.ok(&["rate", "threat-model-mvp", "good"]);
    let path = sandbox.progress_file();
    let mut progress: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let first = progress["reviews"][0].clone();
    let at = (Utc::now() + ahead).to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut ids = Vec::new();
    for i in 0..copies {
        let mut review = first.clone();
        let id = format!("synced-from-laptop-{i}");
        review["id"] = Value::from(id.clone());
        review["at"] = Value::from(at.clone());
        progress["reviews"].as_array_mut().unwrap().push(review);
        ids.push(id);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&progress).unwrap()).unwrap();
    (sandbox, ids)
}

fn stored_ids(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .reviews()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_review_50_minutes_ahead_survives_an_unrelated_rate() {
    let (sandbox, ids) = with_reviews_ahead(Duration::minutes(50), 1);
    let rate = sandbox.run(&["rate", "secrets-management", "good"]);
    assert!(rate.success(), "{rate:#?}");
    assert!(
        rate.stderr.is_empty(),
        "no warning for a clock that lags: {rate:#?}"
    );
    let stored = stored_ids(&sandbox);
    assert!(
        stored.contains(&ids[0]),
        "the synced review was dropped: {stored:?}"
    );
    assert_eq!(stored.len(), 3, "{stored:?}");
}

#[test]
fn a_clock_a_day_behind_neither_warns_nor_deletes() {
    let (sandbox, ids) = with_reviews_ahead(Duration::days(1), 3);
    for command in [&["stats"][..], &["due"], &["show", "threat-model-mvp"]] {
        let run = sandbox.run(command);
        assert!(run.success(), "{command:?}: {run:#?}");
        assert!(run.stderr.is_empty(), "{command:?} warned: {}", run.stderr);
    }
    sandbox.ok(&["rate", "secrets-management", "again"]);
    let stored = stored_ids(&sandbox);
    for id in &ids {
        assert!(stored.contains(id), "{id} was dropped: {stored:?}");
    }
}

#[test]
fn reviews_absurdly_far_ahead_are_refused_with_one_warning_per_command() {
    let (sandbox, ids) = with_reviews_ahead(Duration::days(400), 3);
    let run = sandbox.run(&["stats"]);
    assert!(run.success(), "{run:#?}");
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        warnings.len(),
        1,
        "one warning, not one per review: {warnings:?}"
    );
    assert!(
        warnings[0].contains("more than a year in the future")
            && warnings[0].contains("and 2 more reviews like it")
            && warnings[0].contains("progress.json"),
        "{warnings:?}"
    );
    let rate = sandbox.run(&["rate", "secrets-management", "good"]);
    assert!(rate.success(), "{rate:#?}");
    assert_eq!(rate.stderr.lines().count(), 1, "{rate:#?}");
    let stored = stored_ids(&sandbox);
    assert!(ids.iter().all(|id| !stored.contains(id)), "{stored:?}");
    assert_eq!(stored.len(), 2, "{stored:?}");
}

#[test]
fn merge_keeps_a_review_from_a_machine_whose_clock_is_ahead() {
    let (laptop, ids) = with_reviews_ahead(Duration::hours(3), 1);
    let desktop = Sandbox::new();
    let merged = desktop.run(&[
        "progress".as_ref(),
        "merge".as_ref(),
        laptop.progress_file().as_os_str(),
    ]);
    assert!(merged.success(), "{merged:#?}");
    assert!(merged.stderr.is_empty(), "{merged:#?}");
    assert!(stored_ids(&desktop).contains(&ids[0]));
}
