//! Issue 3 from the outside: recording reviews, the progress file under concurrency, damage, merges,
//! rebuilds, orphans and kills, and the settings, all through the real binary.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};
use common::{NOW, Sandbox, assert_failed};
use serde_json::Value;

const DECK: &str = "staff-product-security-engineer";

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

fn review_ids(progress: &Value) -> Vec<String> {
    progress["reviews"]
        .as_array()
        .expect("reviews array")
        .iter()
        .map(|r| r["id"].as_str().expect("review id").to_string())
        .collect()
}

/// An RFC 3339 instant in UTC, written with `Z`.
#[track_caller]
fn utc(value: &Value) -> DateTime<Utc> {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"));
    assert!(text.ends_with('Z'), "not UTC with Z: {text}");
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

fn progress_of(sb: &Sandbox, id: &str) -> Value {
    sb.json(&["show", id, "--json"])["progress"].clone()
}

#[test]
fn rate_then_show_has_the_progress() {
    let sb = Sandbox::new();
    let fresh = progress_of(&sb, "threat-model-mvp");
    assert_eq!(fresh["state"], "new", "{fresh}");
    assert_eq!(fresh["reviews"], 0);
    assert!(
        fresh["last_review"].is_null() && fresh["due"].is_null(),
        "{fresh}"
    );

    let out = sb.ok(&["rate", "threat-model-mvp", "good"]);
    assert!(
        out.contains("good") && out.contains("threat-model-mvp"),
        "{out}"
    );
    let p = progress_of(&sb, "threat-model-mvp");
    for key in [
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "retrievability",
        "reviews",
        "lapses",
    ] {
        assert!(p.get(key).is_some(), "no `{key}` in {p}");
    }
    assert_eq!(p["state"], "learning");
    assert_eq!(p["step"], 1);
    assert_eq!(
        utc(&p["last_review"]),
        NOW.parse::<DateTime<Utc>>().unwrap()
    );
    // Default learning steps are 1m and 10m: good from new goes to the 10-minute step.
    assert_eq!(
        utc(&p["due"]),
        "2026-11-26T12:10:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert!(p["stability"].as_f64().unwrap() > 0.0);
    assert!(
        (1.0..=10.0).contains(&p["difficulty"].as_f64().unwrap()),
        "{p}"
    );
    let r = p["retrievability"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&r) && r > 0.9, "{p}");
    assert_eq!(p["reviews"], 1);
    assert_eq!(p["lapses"], 0);
    // Nothing else moved, and list --json carries the same.
    assert_eq!(progress_of(&sb, "secrets-management")["state"], "new");
    let list = sb.json(&["list", "--json"]);
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "threat-model-mvp")
        .unwrap();
    assert_eq!(listed["progress"], p);
}

#[test]
fn a_lapse_is_counted() {
    let sb = Sandbox::new();
    sb.ok(&[
        "rate",
        "crypto-mistakes",
        "easy",
        "--at",
        "2026-11-01T10:00:00Z",
    ]);
    let graduated = progress_of(&sb, "crypto-mistakes");
    assert_eq!(graduated["state"], "review", "{graduated}");
    assert!(graduated["step"].is_null());
    let due = utc(&graduated["due"]);
    assert!(
        due > "2026-11-03T10:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        "{due}"
    );
    let recall = graduated["retrievability"].as_f64().unwrap();
    assert!(recall < 0.99, "25 days later recall has decayed: {recall}");

    sb.ok(&[
        "rate",
        "crypto-mistakes",
        "again",
        "--at",
        "2026-11-26T11:00:00Z",
    ]);
    let lapsed = progress_of(&sb, "crypto-mistakes");
    assert_eq!(lapsed["state"], "relearning", "{lapsed}");
    assert_eq!(lapsed["step"], 0);
    assert_eq!(lapsed["lapses"], 1);
    assert_eq!(lapsed["reviews"], 2);
    assert_eq!(
        utc(&lapsed["due"]),
        "2026-11-26T11:10:00Z".parse::<DateTime<Utc>>().unwrap()
    );
}

#[test]
fn rate_at_in_the_past_works() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "vuln", "hard", "--at", "2026-11-20T08:30:00Z"]);
    let p = progress_of(&sb, "vuln-triage-400");
    assert_eq!(p["last_review"], "2026-11-20T08:30:00Z");
    let file = read_json(&sb.progress_file());
    let review = &file["reviews"][0];
    assert_eq!(review["card"], format!("{DECK}/vuln-triage-400"));
    assert_eq!(review["rating"], "hard");
    assert_eq!(
        utc(&review["at"]),
        "2026-11-20T08:30:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    // An offset is converted to UTC.
    sb.ok(&["rate", "vuln", "good", "--at", "2026-11-21T09:00:00+02:00"]);
    assert_eq!(
        progress_of(&sb, "vuln-triage-400")["last_review"],
        "2026-11-21T07:00:00Z"
    );
}

#[test]
fn rate_before_the_last_review_is_inserted_in_time_order() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    // The log is the truth: an earlier review goes where it belongs and the card is replayed.
    sb.ok(&[
        "rate",
        "threat-model-mvp",
        "again",
        "--at",
        "2026-11-25T12:00:00Z",
    ]);
    let ats: Vec<String> = read_json(&sb.progress_file())["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["at"].as_str().unwrap().to_string())
        .collect();
    assert!(ats[0].starts_with("2026-11-25T12:00:00"), "{ats:?}");
    assert_eq!(progress_of(&sb, "threat-model-mvp")["reviews"], 2);
    sb.ok(&["rate", "secrets", "good", "--at", "2026-11-25T12:00:00Z"]);
    // Nonsense and the future are refused too.
    let err = sb.fails(&["rate", "threat-model-mvp", "good", "--at", "someday"]);
    assert!(
        err.contains("2026-11-20T18:30:00Z"),
        "gives an example: {err}"
    );
    let err = sb.fails(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--at",
        "2026-12-25T12:00:00Z",
    ]);
    assert!(err.contains("future"), "{err}");
    assert_eq!(review_ids(&read_json(&sb.progress_file())).len(), 3);
}

#[test]
fn concurrent_rates_keep_every_review() {
    let sb = Sandbox::new();
    let cards = ["threat-model-mvp", "secrets-management", "crypto-mistakes"];
    let start = Instant::now();
    std::thread::scope(|scope| {
        for card in cards {
            let sb = &sb;
            scope.spawn(move || {
                for i in 0..25 {
                    // Each process its own card, in order, so every review is valid whenever it lands.
                    let at = format!("2026-11-26T10:{i:02}:00Z");
                    let run = sb.run(&["rate", card, "good", "--at", &at]);
                    assert!(run.success(), "{card} #{i}: {run:#?}");
                }
            });
        }
    });
    eprintln!("3 x 25 concurrent rates took {:?}", start.elapsed());
    let file = read_json(&sb.progress_file());
    let ids = review_ids(&file);
    assert_eq!(ids.len(), 75);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        75,
        "review ids are unique"
    );
    for card in cards {
        let key = format!("{DECK}/{card}");
        let n = file["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["card"] == key)
            .count();
        assert_eq!(n, 25, "{card}");
        let state = &file["cards"][&key]["state"];
        assert_eq!(state["reviews"], 25, "{card}'s state saw every review");
        assert_eq!(state["last_review"], "2026-11-26T10:24:00Z", "{card}");
    }
}

/// A damaged progress file: every command refuses it, names it and leaves it exactly as it was.
#[track_caller]
fn refused(content: &[u8], expected: &[&str]) {
    let sb = Sandbox::new();
    let path = sb.progress_file();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    for args in [
        &["rate", "threat-model-mvp", "good"][..],
        &["stats"],
        &["stats", "--json"],
        &["due"],
        &["show", "threat-model-mvp", "--json"],
        &["progress", "rebuild"],
    ] {
        let run = sb.run(args);
        assert_failed(&run, &[args.join(" ")]);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains(&path.display().to_string()),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("hint:"),
            "{args:?} says what to do: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("left untouched"),
            "{args:?}: {}",
            run.stderr
        );
        for fragment in expected {
            assert!(
                run.stderr.contains(fragment),
                "{args:?}: no {fragment:?} in {}",
                run.stderr
            );
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            content,
            "{args:?} changed the file"
        );
    }
    let dir: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "progress.json" && name != "progress.json.lock")
        .collect();
    assert!(dir.is_empty(), "left behind: {dir:?}");
}

#[test]
fn a_corrupt_progress_file_is_refused_and_untouched() {
    refused(
        b"{\"version\": 1, \"reviews\": [",
        &["progress.json:1:27", "damaged"],
    );
    refused(
        b"{\"version\": 1,\n \"reviews\": [],\n \"cards\": {\"x\": 5}}",
        &["progress.json:3:"],
    );
    refused(b"", &["progress.json:1:"]);
}

#[test]
fn a_newer_progress_file_is_refused_and_untouched() {
    refused(
        br#"{"version": 99, "reviews": [], "cards": {}}"#,
        &["version 99", "upgrade"],
    );
    refused(
        br#"{"version": 3, "reviews": "a new layout"}"#,
        &["version 3", "upgrade"],
    );
}

#[test]
fn a_non_utf8_progress_file_is_refused_and_untouched() {
    refused(
        b"{\"version\": 1,\n \"reviews\": \"\xff\xfe\", \"cards\": {}}",
        &["progress.json:2:14", "UTF-8"],
    );
}

/// Three rates in each of two data dirs, sharing one card so the merged history interleaves.
fn two_histories(sb: &Sandbox) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = sb.path().join("a");
    let b = sb.path().join("b");
    let rate = |dir: &Path, id: &str, rating: &str, at: &str| {
        sb.ok(&[
            "--data-dir".as_ref(),
            dir.as_os_str(),
            "rate".as_ref(),
            id.as_ref(),
            rating.as_ref(),
            "--at".as_ref(),
            at.as_ref(),
        ]);
    };
    rate(&a, "threat-model-mvp", "good", "2026-11-20T10:00:00Z");
    rate(&a, "threat-model-mvp", "good", "2026-11-22T10:00:00Z");
    rate(&a, "secrets-management", "again", "2026-11-22T11:00:00Z");
    rate(&b, "threat-model-mvp", "hard", "2026-11-21T10:00:00Z");
    rate(&b, "vuln-triage-400", "easy", "2026-11-23T10:00:00Z");
    rate(&b, "threat-model-mvp", "easy", "2026-11-24T10:00:00Z");
    (a.join("progress.json"), b.join("progress.json"))
}

fn merge(sb: &Sandbox, into: &Path, from: &Path) -> String {
    sb.ok(&[
        "--data-dir".as_ref(),
        into.parent().unwrap().as_os_str(),
        "progress".as_ref(),
        "merge".as_ref(),
        from.as_os_str(),
    ])
}

#[test]
fn merging_both_ways_gives_the_same_states() {
    let sb = Sandbox::new();
    let (a, b) = two_histories(&sb);
    let a_before = read_json(&a);
    let b_before = read_json(&b);
    assert_ne!(a_before["cards"], b_before["cards"]);
    let a_copy = sb.write("a-copy.json", std::fs::read(&a).unwrap());
    let b_copy = sb.write("b-copy.json", std::fs::read(&b).unwrap());

    let out = merge(&sb, &a, &b_copy);
    assert!(
        out.contains("3 new reviews") && out.contains("6 in all"),
        "{out}"
    );
    merge(&sb, &b, &a_copy);
    let (a_after, b_after) = (read_json(&a), read_json(&b));
    assert_eq!(a_after["cards"], b_after["cards"]);
    let ids = |v: &Value| review_ids(v).into_iter().collect::<BTreeSet<_>>();
    assert_eq!(ids(&a_after), ids(&b_after));
    assert_eq!(ids(&a_after).len(), 6);
    assert_eq!(a_after["cards"].as_object().unwrap().len(), 3);
    // The interleaved history is replayed in time order: A's 22 Nov review comes after B's 21 Nov one.
    let card = &a_after["cards"][format!("{DECK}/threat-model-mvp")]["state"];
    assert_eq!(card["reviews"], 4);
    assert_eq!(card["last_review"], "2026-11-24T10:00:00Z");
    assert_ne!(card, &a_before["cards"][format!("{DECK}/threat-model-mvp")]);

    // Merging again adds nothing and changes nothing.
    let out = merge(&sb, &a, &b_copy);
    assert!(out.contains("0 new reviews"), "{out}");
    merge(&sb, &a, &b);
    assert_eq!(read_json(&a), a_after);
    let out = sb.ok(&[
        "--data-dir".as_ref(),
        a.parent().unwrap().as_os_str(),
        "progress".as_ref(),
        "rebuild".as_ref(),
    ]);
    assert!(out.contains("every state matched"), "{out}");
}

#[test]
fn merging_a_bad_file_changes_nothing() {
    let sb = Sandbox::new();
    let (a, _) = two_histories(&sb);
    let before = std::fs::read(&a).unwrap();
    let dir = a.parent().unwrap().to_string_lossy().into_owned();
    let missing = sb.path().join("missing.json");
    let err = sb.fails(&[
        "--data-dir",
        &dir,
        "progress",
        "merge",
        &missing.to_string_lossy(),
    ]);
    assert!(err.contains("missing.json"), "{err}");
    let corrupt = sb.write("corrupt.json", "{\"version\": 1, \"reviews\": [");
    let err = sb.fails(&[
        "--data-dir",
        &dir,
        "progress",
        "merge",
        &corrupt.to_string_lossy(),
    ]);
    assert!(err.contains("corrupt.json:1:"), "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), before);
}

#[test]
fn rebuild_matches_the_stored_states() {
    let sb = Sandbox::new();
    let plan = [
        ("threat-model-mvp", "good", "2026-11-01T09:00:00Z"),
        ("threat-model-mvp", "good", "2026-11-01T09:10:00Z"),
        ("secrets-management", "again", "2026-11-02T09:00:00Z"),
        ("threat-model-mvp", "hard", "2026-11-05T09:00:00Z"),
        ("secrets-management", "good", "2026-11-02T09:01:00Z"),
        ("crypto-mistakes", "easy", "2026-11-03T09:00:00Z"),
        ("crypto-mistakes", "again", "2026-11-25T09:00:00Z"),
        ("threat-model-mvp", "easy", "2026-11-26T11:00:00Z"),
    ];
    for (id, rating, at) in plan {
        sb.ok(&["rate", id, rating, "--at", at]);
    }
    let before = read_json(&sb.progress_file());
    let out = sb.ok(&["progress", "rebuild"]);
    assert!(out.contains("every state matched"), "{out}");
    assert!(
        out.contains("3 cards") && out.contains("8 reviews"),
        "{out}"
    );
    let after = read_json(&sb.progress_file());
    assert_eq!(after["cards"], before["cards"]);
    assert_eq!(review_ids(&after).len(), 8);
}

#[test]
fn rebuild_matches_after_reviews_at_the_same_instant() {
    let sb = Sandbox::new();
    // Eight cards make a lucky random order (1 in 256) practically impossible.
    let list = sb.json(&["list", "--json"]);
    for q in list.as_array().unwrap().iter().take(8) {
        let id = q["id"].as_str().unwrap();
        sb.ok(&["rate", id, "again", "--at", "2026-11-26T11:00:00Z"]);
        sb.ok(&["rate", id, "easy", "--at", "2026-11-26T11:00:00Z"]);
    }
    let before = read_json(&sb.progress_file());
    sb.ok(&["progress", "rebuild"]);
    // Compared as written, so the float bug of `stored_states_read_back_exactly` plays no part.
    assert_eq!(read_json(&sb.progress_file())["cards"], before["cards"]);
}

#[test]
fn stored_states_read_back_exactly() {
    let sb = Sandbox::new();
    for minute in 0..13 {
        sb.ok(&[
            "rate",
            "threat-model-mvp",
            "good",
            "--at",
            &format!("2026-11-26T10:{minute:02}:00Z"),
        ]);
    }
    let out = sb.ok(&["progress", "rebuild"]);
    assert!(out.contains("every state matched"), "{out}");
}

#[test]
fn orphans_are_kept_and_apply_again() {
    let sb = Sandbox::new();
    let question = |id: &str| {
        format!(
            "  - id: {id}\n    question: Q {id}?\n    why: W\n    answer: A\n    category: technical\n"
        )
    };
    let head = "deck: mine\ntitle: Mine\nrole: R\nquestions:\n";
    sb.write(
        "full.yaml",
        format!("{head}{}{}", question("kept"), question("leaver")),
    );
    sb.write("short.yaml", format!("{head}{}", question("kept")));
    sb.ok(&[
        "--bank",
        "full.yaml",
        "rate",
        "leaver",
        "good",
        "--at",
        "2026-11-20T10:00:00Z",
    ]);
    sb.ok(&[
        "--bank",
        "full.yaml",
        "rate",
        "leaver",
        "good",
        "--at",
        "2026-11-20T10:15:00Z",
    ]);
    let none = sb.ok(&["--bank", "full.yaml", "progress", "orphans"]);
    assert!(none.contains("No orphans"), "{none}");

    let out = sb.ok(&["--bank", "short.yaml", "progress", "orphans"]);
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["mine/leaver", "2"]),
        "a CARD and REVIEWS table: {out}"
    );
    let rows = sb.json(&["--bank", "short.yaml", "progress", "orphans", "--json"]);
    assert_eq!(
        rows,
        serde_json::json!([{"card": "mine/leaver", "reviews": 2}])
    );
    // Saving while it is gone keeps its reviews.
    sb.ok(&["--bank", "short.yaml", "rate", "kept", "good"]);
    assert!(
        sb.fails(&["--bank", "short.yaml", "show", "leaver"])
            .contains("no question")
    );

    let back = sb.json(&["--bank", "full.yaml", "show", "leaver", "--json"])["progress"].clone();
    assert_eq!(back["reviews"], 2, "{back}");
    assert_eq!(back["last_review"], "2026-11-20T10:15:00Z");
    let none = sb.ok(&["--bank", "full.yaml", "progress", "orphans"]);
    assert!(none.contains("No orphans"), "{none}");
}

// ---- settings ----

#[test]
fn out_of_range_retention_is_refused_clearly() {
    let sb = Sandbox::new();
    let err = sb.fails(&["config", "set", "desired-retention", "0.5"]);
    assert!(
        err.contains("desired-retention") && err.contains("0.5"),
        "{err}"
    );
    assert!(err.contains("0.70") && err.contains("0.99"), "{err}");
    assert!(!sb.config_file().exists(), "nothing was written");
    for (key, value) in [
        ("desired-retention", "high"),
        ("new-per-day", "1001"),
        ("learning-steps", "5x"),
        ("maximum-interval", "0"),
        ("interview-date", "next week"),
    ] {
        let err = sb.fails(&["config", "set", key, value]);
        assert!(err.contains(key), "{err}");
    }
    let err = sb.fails(&["config", "get", "retention"]);
    assert!(err.contains("did you mean `desired-retention`"), "{err}");
}

#[test]
fn config_set_get_unset_list() {
    let sb = Sandbox::new();
    assert_eq!(sb.ok(&["config", "get", "desired-retention"]).trim(), "0.9");
    assert_eq!(
        sb.ok(&["config", "get", "interview-date"]).trim(),
        "(unset)"
    );
    sb.ok(&["config", "set", "desired-retention", "0.92"]);
    assert_eq!(
        sb.ok(&["config", "get", "desired-retention"]).trim(),
        "0.92"
    );
    let list = sb.ok(&["config", "list"]);
    let line = list
        .lines()
        .find(|l| l.starts_with("desired-retention"))
        .expect("listed");
    assert!(
        line.contains("0.92") && !line.contains("(default)"),
        "{list}"
    );
    let line = list
        .lines()
        .find(|l| l.starts_with("new-per-day"))
        .expect("listed");
    assert!(line.contains("10") && line.contains("(default)"), "{list}");
    assert!(
        list.contains(&sb.config_file().display().to_string()),
        "{list}"
    );
    let file = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(
        file.contains("desired-retention: ") && file.contains("0.92"),
        "{file}"
    );

    sb.ok(&["config", "unset", "desired-retention"]);
    assert_eq!(sb.ok(&["config", "get", "desired-retention"]).trim(), "0.9");

    // Settings reach the scheduler: with steps of 5m and 30m, good from new waits 30 minutes.
    sb.ok(&["config", "set", "learning-steps", "5m 30m"]);
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    assert_eq!(
        progress_of(&sb, "threat-model-mvp")["due"],
        "2026-11-26T12:30:00Z"
    );
}

#[test]
fn interview_date_shows_a_countdown() {
    let sb = Sandbox::new();
    assert!(!sb.ok(&["stats"]).contains("Interview"));
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    sb.ok(&["config", "set", "interview-date", "2026-12-10"]);
    let out = sb.ok(&["stats"]);
    assert!(
        out.contains("Interview") && out.contains("2026-12-10") && out.contains("14 days"),
        "{out}"
    );
    let stats = sb.json(&["stats", "--json"]);
    assert_eq!(
        stats["interview"]["days_left"], 14,
        "{}",
        stats["interview"]
    );
    assert!(stats["interview"]["mean_recall"].is_number());
    assert!(stats["interview"]["below_80"].is_array());
    sb.ok(&["config", "unset", "interview-date"]);
    assert!(!sb.ok(&["stats"]).contains("Interview"));
}

#[test]
fn a_damaged_config_file_is_named() {
    let sb = Sandbox::new();
    let config = sb.config_file();
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    for (content, expected) in [
        ("desired-retention: [\n", ":2:1"),
        ("desired-retention: 5\n", "desired-retention"),
        ("retention: 0.9\n", "retention"),
    ] {
        std::fs::write(&config, content).unwrap();
        for args in [
            &["stats"][..],
            &["config", "list"],
            &["rate", "threat-model-mvp", "good"],
        ] {
            let run = sb.run(args);
            assert_failed(&run, &[args.join(" ")]);
            assert!(
                run.stderr.contains(&config.display().to_string()),
                "{args:?}: {}",
                run.stderr
            );
            assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        }
        assert_eq!(std::fs::read_to_string(&config).unwrap(), content);
        assert!(!sb.progress_file().exists(), "no review was recorded");
    }
}

// ---- due and stats ----

#[test]
fn due_on_a_date_lists_what_is_due_by_then() {
    let sb = Sandbox::new();
    assert_eq!(sb.json(&["due", "--json"]), serde_json::json!([]));
    sb.ok(&["rate", "threat-model-mvp", "good"]); // due in 10 minutes
    sb.ok(&[
        "rate",
        "crypto-mistakes",
        "easy",
        "--at",
        "2026-11-20T10:00:00Z",
    ]); // due in days
    let p = progress_of(&sb, "crypto-mistakes");
    let crypto_due = utc(&p["due"]);
    assert!(
        crypto_due > "2026-11-27T00:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        "{p}"
    );

    assert_eq!(
        sb.json(&["due", "--json"]),
        serde_json::json!([]),
        "nothing is due at noon"
    );
    let today = sb.json(&["due", "--on", "2026-11-26", "--json"]);
    let ids: Vec<&str> = today
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["threat-model-mvp"]);
    let row = &today[0];
    for key in ["id", "deck", "question", "state", "due", "retrievability"] {
        assert!(row.get(key).is_some(), "no `{key}` in {row}");
    }
    utc(&row["due"]);

    let later = crypto_due.date_naive().to_string();
    let both = sb.json(&["due", "--on", &later, "--json"]);
    let ids: Vec<&str> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["threat-model-mvp", "crypto-mistakes"],
        "learning steps first"
    );
    let text = sb.ok(&["due", "--on", &later]);
    assert!(
        text.contains("threat-model-mvp") && text.contains("crypto-mistakes"),
        "{text}"
    );
    assert!(text.contains("22 new questions"), "{text}");
    assert!(sb.fails(&["due", "--on", "soon"]).contains("soon"));
}

#[test]
fn stats_json_has_every_figure() {
    let sb = Sandbox::new();
    sb.ok(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--duration",
        "150",
        "--at",
        "2026-11-25T10:00:00Z",
    ]);
    sb.ok(&["rate", "secrets-management", "hard", "--duration", "90"]);
    let stats = sb.json(&["stats", "--json"]);
    for key in [
        "cards",
        "by_state",
        "reviews_today",
        "reviews_7_days",
        "reviews_total",
        "true_retention",
        "streak_days",
        "average_answer_secs",
        "target_answer_secs",
        "overtime_share",
        "forecast",
        "weakest",
        "tags",
    ] {
        assert!(stats.get(key).is_some(), "no `{key}` in {stats}");
    }
    assert_eq!(stats["cards"], 24);
    assert_eq!(stats["by_state"]["new"], 22);
    assert_eq!(stats["by_state"]["learning"], 2);
    assert_eq!(stats["reviews_today"], 1);
    assert_eq!(stats["reviews_7_days"], 2);
    assert_eq!(stats["reviews_total"], 2);
    assert_eq!(stats["streak_days"], 2);
    assert_eq!(stats["average_answer_secs"], 120.0);
    assert_eq!(
        stats["overtime_share"], 0.5,
        "150 s is over the 120 s target, 90 s is not"
    );
    assert_eq!(stats["forecast"].as_array().unwrap().len(), 14);
    assert!(stats["weakest"].as_array().unwrap().len() <= 5);
    assert!(!stats["tags"].as_array().unwrap().is_empty());
    let text = sb.ok(&["stats"]);
    assert!(
        text.contains("2 in all") && text.contains("streak: 2 days"),
        "{text}"
    );
}
