//! Errors in our words (issue 16 item 3): every value parser, run through the real binary, says
//! what was wrong, shows a value that is accepted, and suggests the nearest word for grades and
//! keys; `check` on a file that is no bank says what it looks like and what to run instead.

mod common;

use common::Sandbox;

/// Runs `args`, expects a refusal, and checks that stderr holds every one of `parts` and none of
/// the parser's own words (Rust's "invalid digit", chrono's "input contains", clap's "1..=").
#[track_caller]
fn refused(sb: &Sandbox, args: &[&str], parts: &[&str]) {
    let err = sb.fails(args);
    for part in parts {
        assert!(err.contains(part), "{args:?}: no {part:?} in\n{err}");
    }
    for jargon in [
        "invalid digit",
        "invalid float",
        "input contains",
        "input is out of range",
        "premature end",
        "..=",
        "use '--",
    ] {
        assert!(
            !err.contains(jargon),
            "{args:?}: parser words {jargon:?} in\n{err}"
        );
    }
}

#[test]
fn minutes_say_the_range_and_an_example() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["drill", "--minutes", "abc"],
        &[
            "`abc` is not a number",
            "whole number of minutes from 1 to 600",
            "such as 20",
        ],
    );
    refused(
        &sb,
        &["plan", "--minutes-per-day", "0"],
        &["`0` is less than 1", "such as 20"],
    );
}

#[test]
fn answer_time_in_seconds() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["drill", "--answer-time", "2h"],
        &[
            "`2h` is in another unit",
            "whole number of seconds from 1 to 3600",
            "such as 90",
        ],
    );
}

#[test]
fn mock_questions_count() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["mock", "--questions", "51"],
        &["`51` is more than 50", "from 1 to 50, such as 5"],
    );
}

#[test]
fn counts_that_start_at_one_or_zero() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["drill", "--limit", "-1"],
        &["`-1` is negative", "1 or more, such as 3"],
    );
    refused(
        &sb,
        &["drill", "--new", "2.5"],
        &["`2.5` is not a whole number", "0 or more"],
    );
}

#[test]
fn a_duration_may_be_seconds_or_minutes_and_never_negative() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["rate", "threat-model-mvp", "good", "--duration", "-5"],
        &["`-5` is negative", "such as 150", "2m30s"],
    );
    refused(
        &sb,
        &["rate", "threat-model-mvp", "good", "--duration", "two"],
        &["`two` is not a length of time", "such as 150"],
    );
    assert!(sb.reviews().is_empty());
    sb.ok(&["rate", "threat-model-mvp", "good", "--duration", "2m"]);
    let reviews = sb.reviews();
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        reviews[0]["duration_ms"].as_u64(),
        Some(120_000),
        "{reviews:?}"
    );
}

#[test]
fn a_misspelt_grade_gets_the_nearest() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["rate", "threat-model-mvp", "goood"],
        &[
            "`goood` is not a grade (did you mean `good`?)",
            "1-4, again, hard, good, easy",
        ],
    );
}

#[test]
fn dates_say_what_is_wrong() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["due", "--on", "tommorow"],
        &["did you mean `tomorrow`?", "2026-11-20", "+3d"],
    );
    refused(
        &sb,
        &["rate", "threat-model-mvp", "good", "--at", "2026-02-30"],
        &["`2026-02-30` is not a day in the calendar", "2026-11-20"],
    );
    refused(
        &sb,
        &["config", "set", "interview-date", "12/10/2026"],
        &[
            "not in year-month-day order",
            "YYYY-MM-DD, such as 2026-12-10",
        ],
    );
}

#[test]
fn a_twelve_hour_time_is_answered_with_its_24_hour_spelling() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["config", "set", "interview-time", "2pm"],
        &["`2pm` is a 12-hour time", "HH:MM", "(here 14:00)"],
    );
}

#[test]
fn settings_values_and_keys() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["config", "set", "desired-retention", "high"],
        &["`high` is not a number", "from 0.70 to 0.99, such as 0.9"],
    );
    refused(
        &sb,
        &["config", "set", "new-per-day", "lots"],
        &["`lots` is not a number", "from 0 to 1000"],
    );
    refused(
        &sb,
        &["config", "set", "auto-optimize", "of"],
        &["did you mean `off`?", "on or off"],
    );
    refused(
        &sb,
        &["config", "set", "learning-steps", "5x"],
        &["`5x`", "1m 10m"],
    );
    refused(
        &sb,
        &["config", "set", "interview-tme", "09:00"],
        &["did you mean `interview-time`?", "prepdrill config list"],
    );
    // Nothing refused was written.
    assert!(!sb.config_file().exists());
}

#[test]
fn ids_and_tags_get_the_nearest() {
    let sb = Sandbox::new();
    refused(
        &sb,
        &["show", "thret-model-mvp"],
        &[
            "no question with id `thret-model-mvp`",
            "did you mean `threat-model-mvp`?",
        ],
    );
    refused(
        &sb,
        &["drill", "--tag", "secretz"],
        &[
            "no question is tagged `secretz`",
            "did you mean `secrets`?",
            "prepdrill tags",
        ],
    );
}

#[test]
fn check_says_what_a_file_that_is_no_bank_looks_like() {
    let sb = Sandbox::new();
    let dir = sb.path().display().to_string();
    for (format, file) in [
        ("markdown", "sheet.md"),
        ("html", "sheet.html"),
        ("csv", "bank.csv"),
        ("anki", "anki.txt"),
    ] {
        let run = sb.run(&["export", "--format", format, "-o", &format!("{dir}/{file}")]);
        assert!(run.success(), "{run:#?}");
    }
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    let progress = sb.progress_file().display().to_string();
    for (file, looks, instead) in [
        ("sheet.md", "a study sheet", "check the bank it came from"),
        ("sheet.html", "an HTML page", "check the bank it came from"),
        ("bank.csv", "a table of questions", "prepdrill import"),
        ("anki.txt", "a notes file for Anki", "prepdrill import"),
    ] {
        let path = format!("{dir}/{file}");
        let err = sb.fails(&["check", &path]);
        assert!(
            err.contains(&format!("{path}: this looks like {looks}"))
                && err.contains("not a question bank")
                && err.contains(instead)
                && !err.contains("unknown field")
                && !err.contains("invalid type"),
            "{file}: {err}"
        );
    }
    let err = sb.fails(&["check", &progress]);
    assert!(
        err.contains("progress file") && err.contains("prepdrill stats"),
        "{err}"
    );
    // A broken bank is still reported as a bank, with its line.
    let broken = sb.write(
        "broken.yaml",
        "deck: d\ntitle: T\nquestions:\n  - id: a\n    qestion: Q\n",
    );
    let err = sb.fails(&["check", &broken.display().to_string()]);
    assert!(
        err.contains("broken.yaml:5") && !err.contains("looks like"),
        "{err}"
    );
}

// ---- consistent flags (issue 16 item 4) ----

#[test]
fn no_answers_everywhere_with_the_singular_as_a_hidden_alias() {
    let sb = Sandbox::new();
    for command in ["show", "export"] {
        let help = sb.ok(&[command, "--help"]);
        assert!(help.contains("--no-answers"), "{command}: {help}");
        assert!(!help.contains("--no-answer "), "{command}: {help}");
    }
    let plural = sb.ok(&["show", "threat-model-mvp", "--no-answers"]);
    assert_eq!(sb.ok(&["show", "threat-model-mvp", "--no-answer"]), plural);
    assert!(!plural.contains("whiteboard session"), "{plural}");
    let sheet = sb.ok(&["export", "--no-answer"]);
    assert_eq!(sheet, sb.ok(&["export", "--no-answers"]));
}

#[test]
fn config_set_help_and_config_list_show_every_key_with_values_and_default() {
    let sb = Sandbox::new();
    let help = sb.ok(&["config", "set", "--help"]);
    let list = sb.ok(&["config", "list"]);
    for (key, values, default) in [
        ("desired-retention", "0.70 to 0.99", "default: 0.9"),
        ("learning-steps", "1m 10m", "default: 1m 10m"),
        ("new-per-day", "from 0 to 1000", "default: 10"),
        ("session-minutes", "from 1 to 600", "default: 20"),
        ("answer-time", "from 1 to 3600", "default: unset"),
        ("interview-date", "YYYY-MM-DD", "default: unset"),
        ("interview-time", "HH:MM", "default: 09:00"),
        ("auto-optimize", "on or off", "default: on"),
    ] {
        for (what, text) in [("config set --help", &help), ("config list", &list)] {
            let at = text
                .find(key)
                .unwrap_or_else(|| panic!("{what}: no {key} in\n{text}"));
            // Help wraps at the terminal's width: the entry's words, however wrapped.
            let entry: String = text[at..]
                .lines()
                .take(6)
                .flat_map(str::split_whitespace)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                entry.contains(values) && entry.contains(default),
                "{what}: {key} lacks {values:?} or {default:?}:\n{entry}"
            );
        }
    }
    // Every key the settings know appears in the help.
    for line in list
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
    {
        let key = line.split_whitespace().next().unwrap_or_default();
        if key != "file:" {
            assert!(help.contains(key), "config set --help lacks {key}");
        }
    }
}

#[test]
fn quoted_words_in_search_match_as_a_phrase() {
    let sb = Sandbox::new();
    let bank = sb.write(
        "bank.yaml",
        "deck: d\ntitle: T\nrole: R\nquestions:\n\
         - {id: together, question: How do you do rate limiting?, why: W, answer: A., category: technical}\n\
         - {id: apart, question: What limiting factor sets the rate?, why: W, answer: A., category: technical}\n",
    );
    let bank = bank.display().to_string();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--bank", bank.as_str(), "search"];
        all.extend_from_slice(args);
        all.push("--json");
        let value = sb.json(&all);
        value
            .as_array()
            .expect("array")
            .iter()
            .map(|q| q["id"].as_str().expect("id").to_string())
            .collect()
    };
    // Without the index (first run, no cache yet) and through it (later runs).
    for _ in 0..2 {
        let _ = std::fs::remove_dir_all(sb.path().join("cache"));
        // Quoted in the shell: one argument of two words.
        assert_eq!(ids(&["rate limiting"]), ["together"]);
        assert_eq!(ids(&["rate", "limiting"]), ["together", "apart"]);
        assert_eq!(ids(&["rate limiting"]), ["together"]);
        // Quotes the shell passes through.
        assert_eq!(ids(&["\"limiting factor\""]), ["apart"]);
    }
    let err = sb.fails(&["--bank", &bank, "search", "limiting rate"]);
    assert!(err.contains("words in quotes must stand together"), "{err}");
}

// ---- import drafts (issue 16 item 6) ----

#[test]
fn reimporting_our_own_exports_recognises_the_built_in_ids() {
    let sb = Sandbox::new();
    let dir = sb.path().display().to_string();
    for (format, file) in [("csv", "bank.csv"), ("anki", "anki.txt")] {
        let path = format!("{dir}/{file}");
        let run = sb.run(&["export", "--format", format, "-o", &path]);
        assert!(run.success(), "{run:#?}");
        let out = format!("{dir}/{format}.yaml");
        let run = sb.run(&["import", &path, "-o", &out]);
        assert!(run.success(), "{run:#?}");
        assert!(
            run.stderr
                .contains("the built-in deck `staff-product-security-engineer`'s own ids")
                && !run.stderr.contains("other ids"),
            "{format}: {}",
            run.stderr
        );
    }
}

/// `prepdrill` alone is the drill, so `prepdrill --minutes 6` is a natural thing to type: the
/// refusal says where the drill's options go, with the line to run (walk-through finding 11).
#[test]
fn drill_options_before_the_command_are_pointed_after_drill() {
    let sb = Sandbox::new();
    let run = sb.run(&["--minutes", "6"]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr
            .contains("hint: the drill's options go after `drill`: prepdrill drill --minutes 6"),
        "{}",
        run.stderr
    );
    let err = sb.run(&["--bank", "x.yaml", "--plain"]).stderr;
    assert!(
        err.contains("prepdrill --bank x.yaml drill --plain"),
        "{err}"
    );
    // An option no command has gets no such hint.
    let err = sb.run(&["--nosuch"]).stderr;
    assert!(!err.contains("hint:"), "{err}");
}
