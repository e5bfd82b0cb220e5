//! Issue 20: what the README, help and man pages say is what the binary does. One test per
//! behaviour that was corrected to match its claim.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

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
    // Version 2 keeps each card's state under `state` (issue 17); a field put beside it is kept too.
    file["cards"][card]["state"]["flagged"] = json!(true);
    file["cards"][card]["note"] = json!("beside");
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
    assert_eq!(
        after["cards"][card]["state"]["flagged"],
        json!(true),
        "{after:#}"
    );
    assert_eq!(
        after["cards"][card]["state"]["note"],
        json!("beside"),
        "{after:#}"
    );
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

#[test]
fn a_bad_date_on_the_command_line_is_a_usage_error_with_exit_2() {
    let sb = Sandbox::new();
    for args in [
        &["rate", "threat-model-mvp", "good", "--at", "last tuesday"][..],
        &["due", "--on", "someday"],
    ] {
        let run = sb.run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(
            run.stderr.contains("is not a date")
                && run.stderr.contains("+3d")
                && run.stderr.contains("--help"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(sb.reviews().is_empty());
}

/// Every `PREPDRILL_*` variable the source reads, by its string literal.
fn variables_in_source() -> Vec<String> {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let is_name = piece.starts_with("PREPDRILL_")
                        && piece.chars().all(|c| c.is_ascii_uppercase() || c == '_');
                    if is_name && !found.iter().any(|f| f == piece) {
                        found.push(piece.to_string());
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found
}

#[test]
fn the_man_page_lists_every_variable_and_file_the_program_reads() {
    let sb = Sandbox::new();
    let page = sb.ok(&["man"]);
    let section = |name: &str| {
        let start = page
            .find(&format!(".SH {name}"))
            .unwrap_or_else(|| panic!("no {name} section"));
        let rest = &page[start + 4..];
        rest[..rest.find(".SH ").unwrap_or(rest.len())].to_string()
    };
    let environment = section("ENVIRONMENT");
    let mut expected = variables_in_source();
    assert!(expected.len() >= 5, "{expected:?}");
    expected.extend(["VISUAL", "EDITOR", "NO_COLOR", "COLUMNS", "TZ"].map(String::from));
    for variable in expected {
        let roff = variable.replace('-', "\\-");
        assert!(
            environment.contains(&roff),
            "{variable} is not in ENVIRONMENT:\n{environment}"
        );
    }
    let files = section("FILES");
    for file in [
        "progress.json",
        "progress.json.lock",
        "answers.json",
        "config.yaml",
    ] {
        assert!(files.contains(file), "{file} is not in FILES:\n{files}");
    }
}

#[test]
fn the_man_pages_synopsis_shows_each_options_value() {
    let sb = Sandbox::new();
    let dir = sb.path().join("man");
    sb.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let rate = std::fs::read_to_string(dir.join("prepdrill-rate.1")).unwrap();
    let synopsis = rate
        .split(".SH SYNOPSIS\n")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    for expected in [
        "\\fBprepdrill rate\\fR",
        "<\\fIID\\fR> <\\fIGRADE\\fR>",
        "[\\fB\\-\\-at\\fR \\fIWHEN\\fR]",
        "[\\fB\\-\\-duration\\fR \\fISECS\\fR]",
        "[\\fB\\-h\\fR|\\fB\\-\\-help\\fR]",
    ] {
        assert!(synopsis.contains(expected), "{expected} not in {synopsis}");
    }
    let main = std::fs::read_to_string(dir.join("prepdrill.1")).unwrap();
    assert!(
        main.contains("[\\fICOMMAND\\fR]"),
        "the command is optional: a bare prepdrill drills"
    );
}

#[test]
fn the_plain_drill_fits_every_line_it_writes_to_80_columns() {
    let sb = Sandbox::new();
    let run = sb.run_with_input(
        &["drill", "--plain", "--type", "--limit", "2"],
        "I would map the data flows and use STRIDE\n\n3\n\nh\n\n2\n",
    );
    assert!(run.success(), "{run:#?}");
    for line in run.stdout.lines() {
        // A question's header line is one line by protocol: `ID · category · …`.
        let is_header = line.contains(" · ") && !line.starts_with(' ');
        let width = line.chars().count();
        assert!(
            is_header || width <= 80,
            "{width} columns: {line:?}\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("(h hint, s skip,\nq quit)."),
        "{}",
        run.stdout
    );
}

#[test]
fn list_on_a_wide_terminal_cuts_only_the_last_column() {
    let sb = Sandbox::new();
    let wide = sb.run_on_terminal_sized(&["list"], &[("NO_COLOR", "1")], 160);
    assert!(
        wide.contains("threat-modeling, secure-sdlc ")
            && wide.contains("vuln-management, risk, metrics "),
        "the tags are whole when they fit:\n{wide}"
    );
    let narrow = sb.run_on_terminal_sized(&["list"], &[("NO_COLOR", "1")], 80);
    let row = narrow
        .lines()
        .find(|l| l.starts_with("threat-model-mvp"))
        .unwrap_or_else(|| panic!("{narrow}"));
    assert!(
        row.contains("Walk me through how"),
        "the question keeps its room: {row}"
    );
}

#[test]
fn stats_heads_the_weakest_by_the_recall_it_ranks_by() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "threat-model-mvp", "again"]);
    let now = sb.ok(&["stats"]);
    assert!(
        now.contains("Weakest questions (predicted recall now)"),
        "{now}"
    );
    sb.ok(&["config", "set", "interview-date", "2026-12-10"]);
    let on_the_day = sb.ok(&["stats"]);
    assert!(
        on_the_day
            .contains("Weakest questions (predicted recall on the interview day, 2026-12-10)"),
        "{on_the_day}"
    );
}

#[test]
fn a_bad_count_or_duration_on_the_command_line_is_a_usage_error_with_exit_2() {
    let sb = Sandbox::new();
    for args in [
        &["drill", "--limit", "0"][..],
        &["rate", "threat-model-mvp", "good", "--duration", "2x"],
        &["rate", "threat-model-mvp", "good", "--duration", "99999"],
        &["my-answer", "threat-model-mvp", "--from-typed", "0"],
    ] {
        let run = sb.run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(run.stderr.contains("such as"), "{args:?}: {}", run.stderr);
    }
    assert!(sb.reviews().is_empty());
}
