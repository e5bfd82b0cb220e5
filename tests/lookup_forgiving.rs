//! Issue 11 from the outside: search that forgives, whole lines into pipes, progress in `show`,
//! forgiving grades and dates, tables with headers, and `--color` over NO_COLOR.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::process::Command;

use common::{BIN, Sandbox};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn ids(values: &Value) -> Vec<String> {
    values
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_string())
        .collect()
}

/// The ids `search WORDS --json` finds.
fn search(sb: &Sandbox, words: &[&str]) -> Vec<String> {
    let mut args = vec!["search"];
    args.extend_from_slice(words);
    args.push("--json");
    ids(&sb.json(&args))
}

// ---- search ----

#[test]
fn search_takes_every_word_in_any_order() {
    let sb = Sandbox::new();
    assert_eq!(search(&sb, &["stride", "threat"]), ["threat-model-mvp"]);
    assert_eq!(search(&sb, &["threat", "stride"]), ["threat-model-mvp"]);
    // One shell-quoted argument, `search "threat stride"`, is a phrase since issue 16 (tests/words.rs).
    // "secrets management" in the bank; one word singular, as people type it.
    assert_eq!(
        search(&sb, &["secret", "management"])[0],
        "secrets-management"
    );
    // An id word is searched too.
    assert_eq!(search(&sb, &["k8s"]), ["containers-k8s-baseline"]);
    // A tag alone finds every question bearing it, and ids and questions rank first.
    let risk = search(&sb, &["risk"]);
    let tagged = ids(&sb.json(&["list", "--tag", "risk", "--json"]));
    assert!(tagged.iter().all(|id| risk.contains(id)), "{risk:?}");
}

#[test]
fn search_forgives_typos_in_long_words() {
    let sb = Sandbox::new();
    let hits = search(&sb, &["rate", "limting"]);
    assert!(hits.contains(&"threat-model-mvp".to_string()), "{hits:?}");
    // What the exact spelling finds, the typo finds too.
    assert_eq!(hits, search(&sb, &["rate", "limiting"]));
    assert_eq!(search(&sb, &["kubernetse"]), search(&sb, &["kubernetes"]));
    // Two letters swapped are one typo.
    assert_eq!(search(&sb, &["stirde"]), ["threat-model-mvp"]);
    // Words under five letters must be right.
    let run = sb.run(&["search", "vauld", "--json"]);
    assert_eq!(run.code, Some(0), "five letters forgive one typo: {run:?}");
    let run = sb.run(&["search", "vlt", "--json"]);
    assert_eq!(run.code, Some(1), "{run:?}");
}

#[test]
fn no_match_exits_1_in_text_and_json_alike_with_a_suggestion() {
    let sb = Sandbox::new();
    let text = sb.run(&["search", "zzzqqq"]);
    assert_eq!(text.code, Some(1), "{text:?}");
    assert!(text.stdout.is_empty(), "{text:?}");
    assert!(text.stderr.contains("nothing matches"), "{text:?}");
    let json = sb.run(&["search", "zzzqqq", "--json"]);
    assert_eq!(json.code, Some(1), "{json:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&json.stdout).expect("JSON"),
        serde_json::json!([])
    );
    // Two typos in a seven-letter word are too far to match, near enough to suggest.
    let run = sb.run(&["search", "stirdeq"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("did you mean `stride`?"), "{run:?}");
    // Known words that never meet say so, and a word found nowhere is named.
    let run = sb.run(&["search", "stride", "gitleaks"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("no question has them all"), "{run:?}");
    let run = sb.run(&["search", "stride", "zzzqqq"]);
    assert!(
        run.stderr.contains("no question mentions `zzzqqq`"),
        "{run:?}"
    );
    // Punctuation alone is no query.
    let err = sb.fails(&["search", "--", "-- ?"]);
    assert!(err.contains("no words to search for"), "{err}");
    // A match exits 0.
    assert_eq!(sb.run(&["search", "stride"]).code, Some(0));
    assert!(!sb.run(&["search", "stride"]).stderr.contains("panicked"));
}

#[test]
fn search_shows_which_fields_matched_and_highlights_the_words() {
    let sb = Sandbox::new();
    let bank = "deck: z\ntitle: Z\nrole: R\nquestions:\n\
        - {id: zebra-crossing, question: Alpha?, why: W, answer: A, category: technical, tags: [road]}\n\
        - {id: in-point, question: Beta?, why: W, answer: A, category: technical, key_points: [Zebras stripe]}\n\
        - {id: in-tag, question: Gamma?, why: W, answer: A, category: technical, tags: [zebra]}\n\
        - {id: in-question, question: Which ZÉBRA?, why: W, answer: A, category: technical}\n";
    sb.write("zoo.yaml", bank);
    let hits = ids(&sb.json(&["--bank", "zoo.yaml", "search", "zebra", "--json"]));
    // Id and question hits first, then the rest in bank order.
    assert_eq!(
        hits,
        ["zebra-crossing", "in-question", "in-point", "in-tag"]
    );
    let text = sb.ok(&["--bank", "zoo.yaml", "search", "zebra"]);
    assert!(text.contains("point: Zebras stripe"), "{text}");
    assert!(text.contains("tags: zebra"), "{text}");
    let painted = sb.ok(&["--bank", "zoo.yaml", "--color", "always", "search", "zebra"]);
    assert!(
        painted.contains("ZÉBRA\u{1b}["),
        "the match itself is painted: {painted:?}"
    );
    assert!(!painted.contains("Beta?\u{1b}"), "{painted:?}");
}

// ---- pipes ----

#[test]
fn list_into_a_pipe_prints_every_question_whole() {
    let sb = Sandbox::new();
    let all = sb.json(&["list", "--json"]);
    // A real pipe through the shell, with a narrow COLUMNS that must not matter.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("'{BIN}' list | cat"))
        .env_clear()
        .env("HOME", sb.path().join("home"))
        .env("XDG_DATA_HOME", sb.path().join("data"))
        .env("XDG_CONFIG_HOME", sb.path().join("config"))
        .env("XDG_CACHE_HOME", sb.path().join("cache"))
        .env("COLUMNS", "40")
        .output()
        .expect("run sh");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    let questions = all.as_array().expect("array");
    assert_eq!(
        lines.len(),
        questions.len(),
        "one line per question: {text}"
    );
    for (line, q) in lines.iter().zip(questions) {
        let fields: Vec<&str> = line.split('\t').collect();
        let tags: Vec<&str> = q["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                q["id"].as_str().unwrap(),
                &tags.join(","),
                q["question"].as_str().unwrap()
            ],
            "{line}"
        );
    }
    assert!(!text.contains('…') && !text.contains('\u{1b}'), "{text}");
}

#[test]
fn nothing_is_wrapped_or_cut_off_a_terminal() {
    let mut sb = Sandbox::new();
    sb.set_env("COLUMNS", "30");
    let all = sb.json(&["list", "--json"]);
    let answer = all[4]["answer"].as_str().unwrap().to_string();
    let id = all[4]["id"].as_str().unwrap().to_string();
    let shown = sb.ok(&["show", &id]);
    assert!(
        shown.contains(&format!("  {answer}\n")),
        "whole answer on one line: {shown}"
    );
    let searched = sb.ok(&["search", "stride"]);
    assert!(searched.lines().any(|l| l.width() > 100), "{searched}");
    let due = {
        sb.ok(&["rate", &id, "again"]);
        sb.ok(&["due", "--on", "today"])
    };
    assert!(due.contains(all[4]["question"].as_str().unwrap()), "{due}");
}

// ---- show and progress ----

#[test]
fn show_includes_progress_unless_told_not_to() {
    let sb = Sandbox::new();
    let fresh = sb.ok(&["show", "threat-model-mvp"]);
    assert!(fresh.contains("new · not practised yet"), "{fresh}");
    sb.ok(&["rate", "threat-model-mvp", "good", "--at", "2026-11-24"]);
    sb.ok(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--at",
        "2026-11-25 09:00",
    ]);
    let out = sb.ok(&["show", "threat-model-mvp"]);
    let line = out.lines().nth(1).expect("progress line");
    for part in [
        "review",
        "last practised yesterday at 09:00",
        "next due tomorrow at 09:00",
        "recall",
        "2 reviews",
    ] {
        assert!(line.contains(part), "no `{part}` in {line:?}");
    }
    let hidden = sb.ok(&["show", "threat-model-mvp", "--no-progress"]);
    assert!(!hidden.contains("last practised") && !hidden.contains("not practised"));
    let json = sb.json(&["show", "threat-model-mvp", "--json"]);
    assert_eq!(json["progress"]["reviews"], 2);
    let json = sb.json(&["show", "threat-model-mvp", "--json", "--no-progress"]);
    assert!(json.get("progress").is_none(), "{json}");
}

#[test]
fn show_still_shows_the_question_when_progress_is_damaged() {
    let sb = Sandbox::new();
    let path = sb.write(
        "data/prepdrill/progress.json",
        "{\"version\": 1, \"reviews\": [",
    );
    let run = sb.run(&["show", "threat-model-mvp"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("Sample answer"), "{run:?}");
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("progress.json"),
        "{run:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\"version\": 1, \"reviews\": ["
    );
}

#[test]
fn search_shows_the_sentences_that_match_in_long_fields() {
    let sb = Sandbox::new();
    let out = sb.ok(&["search", "gitleaks"]);
    let answer = out
        .lines()
        .find(|l| l.contains("answer:"))
        .expect("an answer line");
    assert!(answer.contains("gitleaks") && answer.contains('…'), "{out}");
    assert!(
        !out.contains("Vault or AWS Secrets Manager"),
        "other sentences are left out: {out}"
    );
}

#[test]
fn show_without_an_argument_names_both_ways() {
    let sb = Sandbox::new();
    let err = sb.fails(&["show"]);
    assert!(err.contains("prepdrill show threat-model-mvp"), "{err}");
    assert!(err.contains("--tag"), "{err}");
}

// ---- forgiving input ----

#[test]
fn grades_as_numbers_words_and_initials() {
    let sb = Sandbox::new();
    for (grade, recorded) in [
        ("3", "good"),
        ("1", "again"),
        ("Hard", "hard"),
        ("e", "easy"),
        ("g", "good"),
        ("4", "easy"),
    ] {
        let out = sb.ok(&["rate", "secrets", grade]);
        assert!(
            out.starts_with(&format!("Recorded {recorded} ")),
            "{grade}: {out}"
        );
    }
    let err = sb.fails(&["rate", "secrets", "5"]);
    assert!(
        err.contains("1-4, again, hard, good, easy, or a, h, g, e"),
        "{err}"
    );
    let reviews = sb.json(&["show", "secrets", "--json"])["progress"]["reviews"].clone();
    assert_eq!(reviews, 6, "the refused grade recorded nothing");
}

#[test]
fn dates_in_every_accepted_form() {
    let sb = Sandbox::new();
    // The sandbox's clock is 2026-11-26T12:00:00Z in UTC.
    for (at, expected) in [
        ("2026-11-20T18:30:00Z", "2026-11-20T18:30:00Z"),
        ("2026-11-21", "2026-11-21T12:00:00Z"),
        ("2026-11-22 18:30", "2026-11-22T18:30:00Z"),
        ("yesterday", "2026-11-25T12:00:00Z"),
        ("-1d", "2026-11-25T12:00:00Z"),
        ("today", "2026-11-26T12:00:00Z"),
    ] {
        let sb = Sandbox::new();
        let out = sb.ok(&["rate", "secrets", "good", "--at", at]);
        // The reply says how the time was read, in local time (UTC here).
        let local = &expected[..16].replace('T', " ");
        assert!(
            out.contains(&format!("{local}; next due")),
            "--at {at}: {out}"
        );
        let json = sb.json(&["show", "secrets", "--json"]);
        assert_eq!(json["progress"]["last_review"], expected, "--at {at}");
    }
    // The zone counts: a local time an hour east is an hour earlier in UTC.
    let mut east = Sandbox::new();
    east.set_env("TZ", "Etc/GMT-1");
    east.ok(&["rate", "secrets", "good", "--at", "2026-11-22 18:30"]);
    let json = east.json(&["show", "secrets", "--json"]);
    assert_eq!(json["progress"]["last_review"], "2026-11-22T17:30:00Z");

    sb.ok(&["rate", "secrets", "again"]);
    for on in [
        "today",
        "tomorrow",
        "+3d",
        "2026-12-01",
        "2026-12-01 18:30",
        "2026-12-01T00:00:00Z",
    ] {
        let out = sb.ok(&["due", "--on", on]);
        assert!(out.contains("secrets-management"), "--on {on}: {out}");
    }
}

#[test]
fn date_errors_are_in_our_words_with_examples() {
    let sb = Sandbox::new();
    for (flag, command) in [
        ("--at", &["rate", "secrets", "good"][..]),
        ("--on", &["due"]),
    ] {
        for bad in ["2026-11-31", "next week", "2026/11/20", "+3x", ""] {
            let mut args = command.to_vec();
            args.extend([flag, bad]);
            let err = sb.fails(&args);
            assert!(err.contains(flag), "{args:?}: {err}");
            assert!(
                err.contains("2026-11-20") && err.contains("+3d"),
                "{args:?}: {err}"
            );
            assert!(!err.contains("premature end of input"), "{err}");
        }
    }
    let err = sb.fails(&["rate", "secrets", "good", "--at", "tomorrow"]);
    assert!(err.contains("in the future"), "{err}");
    assert!(!sb.progress_file().exists(), "nothing was recorded");
}

// ---- tables and colour ----

#[test]
fn due_is_a_table_with_a_header_and_aligned_columns() {
    let sb = Sandbox::new();
    for id in ["threat-model-mvp", "secrets-management", "why-this-role"] {
        sb.ok(&["rate", id, "again", "--at", "-1d"]);
    }
    for out in [
        sb.ok(&["due"]),
        sb.run_on_terminal(&["--color", "never", "due"], &[]),
    ] {
        let table: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
        assert_eq!(table.len(), 4, "a header and three rows: {out}");
        let header: Vec<&str> = table[0].split_whitespace().collect();
        assert_eq!(
            header,
            ["ID", "STATE", "RECALL", "NOW", "DUE", "QUESTION"],
            "{out}"
        );
        // Every column starts at the same place on every line.
        let question = table[0].find("QUESTION").unwrap();
        let state = table[0].find("STATE").unwrap();
        for row in &table[1..] {
            assert_eq!(row.find("learning"), Some(state), "{out}");
            assert!(
                row[question..].starts_with(|c: char| c.is_uppercase()),
                "the question starts under its heading: {out}"
            );
        }
    }
}

#[test]
fn stats_tables_have_headers() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "secrets", "good", "--at", "-2d"]);
    let out = sb.ok(&["stats"]);
    for header in [["RECALL", "ID", "QUESTION"], ["TAG", "MASTERY", ""]] {
        let wanted: Vec<&str> = header.into_iter().filter(|h| !h.is_empty()).collect();
        assert!(
            out.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == wanted),
            "no {wanted:?} header: {out}"
        );
    }
}

#[test]
fn explicit_color_wins_over_no_color_on_a_terminal_too() {
    let sb = Sandbox::new();
    let always = sb.run_on_terminal(&["--color", "always", "show", "thr"], &[("NO_COLOR", "1")]);
    let auto = sb.run_on_terminal(&["show", "thr"], &[]);
    assert!(always.contains("\u{1b}[38;5;14m"), "cyan ids: {always:?}");
    assert_eq!(
        always, auto,
        "the same styling as a terminal without NO_COLOR"
    );
    let never = sb.run_on_terminal(&["--color", "never", "show", "thr"], &[]);
    assert!(!never.contains('\u{1b}'), "{never:?}");
}

// ---- settings and flag ranges (issue 21 item 3) ----

#[test]
fn flag_ranges_are_checked_by_clap_with_the_settings_ranges() {
    let sb = Sandbox::new();
    for (args, range) in [
        (vec!["drill", "--minutes", "0"], "from 1 to 600"),
        (vec!["plan", "--minutes-per-day", "601"], "from 1 to 600"),
        (vec!["drill", "--answer-time", "3601"], "from 1 to 3600"),
        (vec!["mock", "--questions", "51"], "from 1 to 50"),
    ] {
        let err = sb.fails(&args);
        assert!(
            err.contains(range) && err.contains("invalid value"),
            "{args:?}: {err}"
        );
    }
    let help = sb.ok(&["config", "list"]);
    assert!(
        help.contains("length of a drill session in minutes (1-600)"),
        "{help}"
    );
    let err = sb.fails(&["config", "set", "session-minutes", "601"]);
    assert!(err.contains("from 1 to 600"), "{err}");
    let err = sb.fails(&["config", "get", "session-minute"]);
    assert!(err.contains("did you mean `session-minutes`"), "{err}");
}
