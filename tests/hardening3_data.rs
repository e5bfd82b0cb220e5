//! Issue 19 from the outside, the data items: CSV a spreadsheet will not run (7), round trips that
//! lose nothing (8), and files prepdrill writes that it can read back (9). Each test runs the real
//! binary.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

mod common;

use std::path::Path;

use common::{Sandbox, drill_sandbox};
use prepdrill::core::bank::Deck;

#[track_caller]
fn read_deck(path: &Path) -> Deck {
    let text = std::fs::read_to_string(path).expect("the bank was written");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("not a bank ({e}):\n{text}"))
}

/// Exports `bank.yaml` as CSV to `bank.csv`, imports it back to `back.yaml`, and returns the CSV.
#[track_caller]
fn csv_round_trip(sb: &Sandbox) -> String {
    let run = sb.run(&[
        "--bank",
        "bank.yaml",
        "export",
        "--format",
        "csv",
        "-o",
        "bank.csv",
    ]);
    assert!(run.success(), "{run:#?}");
    let run = sb.run(&["import", "bank.csv", "-o", "back.yaml", "--force"]);
    assert!(run.success(), "{run:#?}");
    std::fs::read_to_string(sb.path().join("bank.csv")).unwrap()
}

// ---------------------------------------------------------------------------------------------
// 7. CSV that a spreadsheet will not run.

/// Every text field begins with something a spreadsheet would run, or with the apostrophe that
/// marks a neutralised cell.
const FORMULAS: &str = r#"
deck: formulas
title: "=HYPERLINK(\"http://x\",\"t\")"
role: "+engineer"
questions:
  - id: calc
    category: technical
    tags: [ops]
    question: "@SUM(1+1)*cmd|' /C calc'!A0"
    why: "-2+3"
    answer: "=cmd|' /C calc'!A0"
    key_points: ["-5% latency", "+1 reviewer", "'quoted", "=1+1"]
  - id: tabbed
    category: technical
    question: "\tTabbed question?"
    why: "\rReturn first."
    answer: "'=already neutral'"
    key_points: ["''two apostrophes"]
"#;

#[test]
fn item7_csv_cells_a_spreadsheet_would_run_are_neutralised_and_import_undoes_it() {
    let sb = Sandbox::new();
    sb.write("bank.yaml", FORMULAS);
    let table = csv_round_trip(&sb);
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(table.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let cells: Vec<&String> = records[1..].iter().flatten().collect();
    assert!(cells.len() > 20, "{table}");
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a live formula cell {cell:?} in\n{table}"
        );
    }
    assert!(cells.iter().any(|c| *c == "'=cmd|' /C calc'!A0"), "{table}");
    assert_eq!(
        read_deck(&sb.path().join("back.yaml")),
        read_deck(&sb.path().join("bank.yaml")),
        "export then import gives the same bank"
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Lossless round trips.

/// Edge whitespace and the trailing line break of YAML block scalars, in every text field.
const EDGES: &str = "
deck: edges
title: \" Spaced title \"
role: \"Engineer \"
questions:
  - id: block
    category: technical
    question: |
      A question in a block scalar?
    why: |
      Two lines,
      each kept.
    answer: \"  Indented answer with a trailing space. \"
    key_points: [\" leading space\", \"trailing space \", plain]
";

#[test]
fn item8_edge_whitespace_and_block_scalar_line_breaks_survive_csv() {
    let sb = Sandbox::new();
    sb.write("bank.yaml", EDGES);
    csv_round_trip(&sb);
    let original = read_deck(&sb.path().join("bank.yaml"));
    assert_eq!(
        original.questions[0].question,
        "A question in a block scalar?\n"
    );
    assert_eq!(read_deck(&sb.path().join("back.yaml")), original);
}

#[test]
fn item8_a_key_point_with_a_line_break_is_refused_at_check() {
    let sb = Sandbox::new();
    let bank = "
deck: breaks
title: Breaks
role: Engineer
questions:
  - id: two-lines
    category: technical
    question: Why?
    why: Because.
    answer: An answer.
    key_points:
      - \"first line\\nsecond line\"
      - |
        ends in a line break
";
    sb.write("bank.yaml", bank);
    let stderr = sb.fails(&["check", "bank.yaml"]);
    assert!(
        stderr.contains("key point \"first line second line\" spans more than one line"),
        "{stderr}"
    );
    assert!(
        stderr.contains("key point \"ends in a line break\" spans more than one line"),
        "{stderr}"
    );
    assert!(stderr.contains("write `|-`"), "{stderr}");
    // Nothing is exported in a shape that would come back different.
    let run = sb.run(&["--bank", "bank.yaml", "export", "--format", "csv"]);
    assert!(!run.success(), "{run:#?}");
}

// ---------------------------------------------------------------------------------------------
// 9. Files prepdrill writes, it can read.

#[test]
fn item9_an_answer_past_the_read_limit_is_refused_at_save_and_kept() {
    let mut sb = drill_sandbox();
    // An editor that saves 70 MB: one short line, then a long run of one letter, made by the shell
    // in a moment.
    let script = sb.write(
        "big-editor.sh",
        "#!/bin/sh\nhead -c 70000000 /dev/zero | tr '\\0' a > \"$1\"\n",
    );
    let small = sb.write(
        "small-editor.sh",
        "#!/bin/sh\necho 'My short answer.' > \"$1\"\n",
    );
    for path in [&script, &small] {
        let executable = std::os::unix::fs::PermissionsExt::from_mode(0o755);
        std::fs::set_permissions(path, executable).unwrap();
    }
    let tmp = sb.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    sb.set_env("TMPDIR", tmp.as_os_str());
    sb.set_env("EDITOR", small.as_os_str());
    let run = sb.run(&["--bank", "bank.yaml", "my-answer", "secrets"]);
    assert!(run.success(), "{run:#?}");
    let answers = sb.path().join("data/prepdrill/answers.json");
    let before = std::fs::read(&answers).unwrap();

    sb.set_env("EDITOR", script.as_os_str());
    let run = sb.run(&["--bank", "bank.yaml", "my-answer", "threat-model"]);
    assert!(!run.success(), "{run:#?}");
    assert!(
        run.stderr
            .contains("more than the 64 MiB prepdrill reads back; nothing was saved"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(run.stderr.len() < 4000, "the 70 MB are not printed");
    assert_eq!(
        std::fs::read(&answers).unwrap(),
        before,
        "answers.json as it was"
    );
    // Nothing typed is lost: the editor's file is kept, and named.
    let kept: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        run.stderr.contains(&*kept[0].path().to_string_lossy()),
        "{}",
        run.stderr
    );
    assert!(kept[0].metadata().unwrap().len() >= 70_000_000);
    // Everything that reads the answers still works.
    let shown = sb.ok(&["--bank", "bank.yaml", "my-answer", "secrets", "--show"]);
    assert!(shown.contains("My short answer."), "{shown}");
}

#[test]
fn item9_a_damaged_answers_file_does_not_stop_a_drill_or_a_mock() {
    let sb = drill_sandbox();
    let answers = sb.write("data/prepdrill/answers.json", "{ damaged");
    let run = sb.run_with_input(&["--bank", "bank.yaml", "drill", "--plain"], "\n3\nq\n");
    assert!(run.success(), "{run:#?}");
    assert!(
        run.stderr.contains("your own answers are left out")
            && run.stderr.contains("answers.json:1:3"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("Saved: "), "{}", run.stdout);
    assert_eq!(sb.reviews().len(), 1);
    let run = sb.run_with_input(
        &["--bank", "bank.yaml", "mock", "--questions", "1"],
        "\n3\n",
    );
    assert!(run.success(), "{run:#?}");
    assert!(
        run.stderr.contains("your own answers are left out"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&answers).unwrap(),
        "{ damaged",
        "left untouched"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Own answers never vanish after "Saved": a delete made while an editor is open.

#[test]
fn item2_a_delete_made_while_an_editor_is_open_never_deletes_the_newer_text_in_a_merge() {
    use std::os::unix::fs::PermissionsExt;
    let mut sb = Sandbox::new();
    // The real clock: what matters is the order of the delete and the save.
    sb.set_env("PREPDRILL_NOW", "");
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    let first = sb.write("first.sh", "#!/bin/sh\necho 'Old text.' > \"$1\"\n");
    // While this editor is open, the answer is deleted in another terminal, and that state
    // reaches another machine (a copy of the data); then the editor saves newer text.
    let editor = sb.write(
        "editor.sh",
        format!(
            "#!/bin/sh\n'{}' my-answer threat-model-mvp --delete || exit 1\nmkdir -p other\ncp data/prepdrill/progress.json data/prepdrill/answers.json other/\nsleep 0.2\necho 'Newer text, written after the delete.' > \"$1\"\n",
            common::BIN
        ),
    );
    for script in [&first, &editor] {
        std::fs::set_permissions(script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    sb.set_env("EDITOR", &first);
    sb.ok(&["my-answer", "threat-model-mvp"]);
    sb.set_env("EDITOR", &editor);
    let saved = sb.ok(&["my-answer", "threat-model-mvp"]);
    assert!(saved.contains("Saved"), "{saved}");
    let run = sb.run(&["progress", "merge", "other/progress.json"]);
    assert!(run.success(), "{run:#?}");
    assert_eq!(
        sb.ok(&["my-answer", "threat-model-mvp", "--show"]),
        "Newer text, written after the delete.\n",
        "the newer text survives the merge with the machine that saw the delete"
    );
}

// ---------------------------------------------------------------------------------------------
// 19. Smaller things: errors that repeat their cause or name a temporary file; a huge own answer
// on the drill's screen.

#[test]
fn item19_an_error_says_its_cause_once() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("data/prepdrill/answers.json")).unwrap();
    let stderr = sb.fails(&["my-answer", "threat-model-mvp", "--show"]);
    assert!(
        stderr.contains("answers.json: cannot read your answers"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("it is a directory").count(), 1, "{stderr}");
}

#[test]
fn item19_an_error_names_the_file_not_a_random_temporary() {
    use std::process::{Command, Stdio};
    // A tmpfs with no inode to spare, when this runs as root and may mount one; else skipped.
    let sb = Sandbox::new();
    let mount = sb.path().join("full");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m,nr_inodes=2", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    // Use up the inodes: the temporary file cannot be created.
    let mut n = 0;
    while std::fs::write(mount.join(format!("f{n}")), "x").is_ok() && n < 10 {
        n += 1;
    }
    let run = sb.run(&["man", "--dir", "full"]);
    let _ = Command::new("umount").arg(&mount).status();
    assert!(!run.success(), "{run:#?}");
    assert!(run.stderr.contains("full/prepdrill.1"), "{}", run.stderr);
    assert!(
        !run.stderr.contains(".tmp"),
        "names a temporary: {}",
        run.stderr
    );
}
