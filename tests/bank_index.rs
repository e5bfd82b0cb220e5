//! The bank index beside the parsed-bank cache: lookups through it print exactly what a full read
//! prints, and an index that is stale, damaged or another bank's is never believed.

#![allow(clippy::expect_used)] // a test that cannot set up should stop

use crate::common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::Sandbox;

/// A bank of `n` questions, large enough (over 16 KiB) to be indexed. `word` ends each answer,
/// so two banks can differ by one word of the same length.
fn bank_yaml(deck: &str, n: usize, word: &str) -> String {
    let mut yaml = format!("deck: {deck}\ntitle: Bank {deck}\nrole: Tester\nquestions:\n");
    for i in 0..n {
        let _ = write!(
            yaml,
            "  - id: question-{i:03}\n    category: technical\n    tags: [tag-{}]\n    question: \"How would you approach problem {i} in a product team?\"\n    why: \"Employers ask this to see how you reason about problem {i} under time pressure.\"\n    answer: \"I clarify the goal of problem {i}, map the data flows and trust boundaries, and agree on mitigations that fit the sprint. {word}\"\n    key_points:\n      - \"Clarify goals\"\n      - \"Map trust boundaries\"\n",
            i % 5
        );
    }
    yaml
}

/// The index files in the sandbox's cache, sorted.
fn indexes(sandbox: &Sandbox) -> Vec<PathBuf> {
    let dir = sandbox.path().join("cache/prepdrill/index");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.sort();
    found
}

/// The one index file that is not the built-in bank's.
fn index_of_file(sandbox: &Sandbox) -> PathBuf {
    let found: Vec<PathBuf> = indexes(sandbox)
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("built-in"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

const COMMANDS: &[&[&str]] = &[
    &["show", "question-041"],
    &["show", "question-04"],
    &["show", "question-4"],
    &["show", "question-041", "--json"],
    &["show", "question-041", "--no-progress"],
    &["search", "trust", "problem", "17"],
    &["search", "mitigatons", "sprint"],
    &["search", "trust", "zzzzzz"],
    &["search", "--json", "problem", "3"],
    &["search", "\"trust boundaries\"", "problem", "7"],
    &["search", "\"boundaries trust\""],
    // Words apart in the vocabulary, together in the text: order is kept in the index.
    &["search", "\"the data flows\"", "problem", "5"],
];

fn run_all(sandbox: &Sandbox, bank: &Path) -> Vec<String> {
    COMMANDS
        .iter()
        .map(|args| {
            let mut all: Vec<&str> = args.to_vec();
            let bank = bank.to_str().expect("utf-8 path");
            all.extend(["--bank", bank]);
            let run = sandbox.run(&all);
            format!("{args:?}\n{:?}\n{}\n{}", run.code, run.stdout, run.stderr)
        })
        .collect()
}

#[test]
fn lookups_through_the_index_print_what_a_full_read_prints() {
    let sandbox = Sandbox::new();
    let bank = sandbox.write("bank.yaml", bank_yaml("big", 60, "Done."));
    // Without a cache directory there is no index: every command reads the whole bank.
    let mut plain = Sandbox::new();
    plain.set_env("XDG_CACHE_HOME", "/dev/null/nowhere");
    let plain_bank = plain.write("bank.yaml", bank_yaml("big", 60, "Done."));
    let reference = run_all(&plain, &plain_bank);
    assert!(indexes(&plain).is_empty());
    let first = run_all(&sandbox, &bank);
    let index = index_of_file(&sandbox);
    let second = run_all(&sandbox, &bank);
    for (i, reference) in reference.iter().enumerate() {
        let fix = |s: &str| s.replace(&sandbox.path().display().to_string(), "SANDBOX");
        let reference = reference.replace(&plain.path().display().to_string(), "SANDBOX");
        assert_eq!(fix(&first[i]), reference);
        assert_eq!(fix(&second[i]), reference);
    }
    assert!(std::fs::metadata(&index).is_ok(), "the index stays");
    // `rate` finds its card through the index too.
    let rate = |sandbox: &Sandbox, bank: &Path| {
        sandbox.ok(&[
            "rate",
            "question-008",
            "good",
            "--bank",
            bank.to_str().expect("utf-8"),
        ])
    };
    assert_eq!(rate(&sandbox, &bank), rate(&plain, &plain_bank));
}

/// Shows question-041's answer, which ends with the bank's last word.
fn shown(sandbox: &Sandbox, bank: &Path) -> String {
    sandbox.ok(&[
        "show",
        "question-041",
        "--no-progress",
        "--bank",
        bank.to_str().expect("utf-8"),
    ])
}

/// More hits than a search prints at a time (500): the parts join up as a full read prints them,
/// and a damaged record in the first part sends the search back to the bank itself.
#[test]
fn thousands_of_hits_print_as_a_full_read_prints_them() {
    let yaml = bank_yaml("big", 1_200, "Done.");
    let sandbox = Sandbox::new();
    let bank = sandbox.write("bank.yaml", &yaml);
    let mut plain = Sandbox::new();
    plain.set_env("XDG_CACHE_HOME", "/dev/null/nowhere");
    let plain_bank = plain.write("bank.yaml", &yaml);
    let search = |sandbox: &Sandbox, bank: &Path, words: &[&str]| {
        let mut args = vec!["search", "--bank", bank.to_str().expect("utf-8 path")];
        args.extend_from_slice(words);
        let run = sandbox.run(&args);
        format!("{:?}\n{}\n{}", run.code, run.stdout, run.stderr)
    };
    for words in [&["trust"][..], &["clarify", "goals"], &["problem", "tag"]] {
        let reference = search(&plain, &plain_bank, words);
        assert!(
            reference.matches("big/question-").count() > 500,
            "{words:?}"
        );
        // The first search writes the index; the second reads its hits from it.
        assert_eq!(search(&sandbox, &bank, words), reference, "{words:?}");
        assert_eq!(search(&sandbox, &bank, words), reference, "{words:?}");
    }
    let index = index_of_file(&sandbox);
    let whole = std::fs::read(&index).expect("index");
    let mut bytes = whole.clone();
    change_a_letter(&mut bytes, "question-000");
    std::fs::write(&index, &bytes).expect("damage");
    assert_eq!(
        search(&sandbox, &bank, &["trust"]),
        search(&plain, &plain_bank, &["trust"])
    );
    assert_eq!(std::fs::read(&index).expect("rebuilt"), whole);
}

#[test]
fn a_truncated_or_damaged_index_is_ignored_and_rebuilt() {
    let sandbox = Sandbox::new();
    let bank = sandbox.write("bank.yaml", bank_yaml("big", 60, "Done."));
    let expected = shown(&sandbox, &bank);
    let index = index_of_file(&sandbox);
    let whole = std::fs::read(&index).expect("index");
    for damage in 0..4 {
        let mut bytes = whole.clone();
        match damage {
            0 => bytes.truncate(whole.len() / 2),
            1 => bytes.truncate(40),
            // A letter of question-041's record changed: the record still parses.
            2 => change_a_letter(&mut bytes, "question-041"),
            _ => bytes.iter_mut().take(200).for_each(|b| *b = b'x'),
        }
        std::fs::write(&index, &bytes).expect("damage");
        assert_eq!(shown(&sandbox, &bank), expected, "damage {damage}");
        let rebuilt = std::fs::read(&index).expect("rebuilt");
        assert!(
            rebuilt == whole,
            "damage {damage}: the index is written again"
        );
    }
}

#[test]
fn another_banks_index_is_not_believed() {
    let sandbox = Sandbox::new();
    let first = sandbox.write("a/bank.yaml", bank_yaml("first", 60, "Alpha"));
    shown(&sandbox, &first);
    let first_index = index_of_file(&sandbox);
    let other = sandbox.write("b/bank.yaml", bank_yaml("second", 60, "Omega"));
    let expected = shown(&sandbox, &other);
    assert!(expected.contains("Omega") && expected.contains("second/question-041"));
    let other_index: Vec<PathBuf> = indexes(&sandbox)
        .into_iter()
        .filter(|p| *p != first_index && !p.to_string_lossy().contains("built-in"))
        .collect();
    std::fs::copy(&first_index, &other_index[0]).expect("copy");
    assert_eq!(shown(&sandbox, &other), expected);
    // A bank moved over another's path is another bank too.
    std::fs::copy(&first, &other).expect("replace");
    let moved = shown(&sandbox, &other);
    assert!(
        moved.contains("Alpha") && moved.contains("first/question-041"),
        "{moved}"
    );
}

#[test]
fn an_edit_within_the_same_second_and_of_the_same_size_is_seen() {
    let sandbox = Sandbox::new();
    let bank = sandbox.write("bank.yaml", bank_yaml("big", 60, "Alpha"));
    assert!(shown(&sandbox, &bank).contains("Alpha"));
    assert!(
        shown(&sandbox, &bank).contains("Alpha"),
        "through the index"
    );
    let before = std::fs::metadata(&bank).expect("meta");
    std::fs::write(&bank, bank_yaml("big", 60, "Omega")).expect("edit");
    std::fs::File::options()
        .append(true)
        .open(&bank)
        .and_then(|f| f.set_modified(before.modified().expect("mtime")))
        .expect("same mtime");
    let after = std::fs::metadata(&bank).expect("meta");
    assert_eq!(
        (after.len(), after.modified().ok()),
        (before.len(), before.modified().ok())
    );
    let text = shown(&sandbox, &bank);
    assert!(text.contains("Omega") && !text.contains("Alpha"), "{text}");
}

#[test]
fn banks_in_a_directory_are_searched_together_through_their_indexes() {
    let sandbox = Sandbox::new();
    sandbox.write("banks/a.yaml", bank_yaml("first", 40, "Alpha"));
    sandbox.write("banks/b.yaml", bank_yaml("second", 40, "Omega trust"));
    let dir = sandbox.path().join("banks");
    let dir = dir.to_str().expect("utf-8");
    let search = |words: &[&str]| {
        let mut args = vec!["search", "--bank", dir];
        args.extend_from_slice(words);
        let run = sandbox.run(&args);
        (run.code, run.stdout, run.stderr)
    };
    let cold: Vec<_> = [
        &["omega", "problem", "3"][..],
        &["alpha", "trust"],
        &["omeg"],
    ]
    .iter()
    .map(|w| search(w))
    .collect();
    assert_eq!(indexes(&sandbox).len(), 2);
    let warm: Vec<_> = [
        &["omega", "problem", "3"][..],
        &["alpha", "trust"],
        &["omeg"],
    ]
    .iter()
    .map(|w| search(w))
    .collect();
    assert_eq!(cold, warm);
    assert!(cold[0].1.contains("second/question-003"), "{}", cold[0].1);
    assert!(!cold[0].1.contains("first/"), "{}", cold[0].1);
}

/// Changes one letter of question `id`'s record in an index: the record still parses.
fn change_a_letter(index: &mut [u8], id: &str) {
    let record = format!(r#"{{"id":"{id}","question":"How"#);
    let at = index
        .windows(record.len())
        .position(|w| w == record.as_bytes())
        .expect("the record");
    index[at + record.len() - 1] = b'N';
}
