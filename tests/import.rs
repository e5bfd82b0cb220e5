//! `prepdrill import` run as the real binary: the seed page becomes the built-in bank's questions
//! word for word, a bank survives a trip through CSV, and a page it cannot read is reported line by
//! line with nothing written.

#![allow(clippy::expect_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use common::Sandbox;
use prepdrill::core::bank::Deck;

const BUILT_IN: &str = include_str!("../questions/staff-product-security-engineer.yaml");
const SEED: &str = include_str!("fixtures/seed.txt");

fn built_in() -> Deck {
    serde_yaml::from_str(BUILT_IN).expect("the built-in bank parses")
}

#[track_caller]
fn read_deck(path: &Path) -> Deck {
    let text = std::fs::read_to_string(path).expect("the bank was written");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("not a bank ({e}):\n{text}"))
}

/// Runs an import that must succeed; its summary goes to stderr.
#[track_caller]
fn succeeds(sandbox: &Sandbox, args: &[&str]) {
    let run = sandbox.run(args);
    assert!(
        run.success() && run.stderr.starts_with("Imported "),
        "{run:#?}"
    );
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// The seed page

#[test]
fn the_seed_page_becomes_the_built_in_questions_word_for_word() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["import", &fixture("seed.txt"), "-o", "bank.yaml"]);
    assert!(run.success(), "{run:#?}");
    assert!(run.stdout.is_empty(), "with -o, stdout stays empty");
    assert!(
        run.stderr.starts_with(
            "Imported 24 questions into bank.yaml as deck `staff-product-security-engineer`."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("prepdrill check bank.yaml"),
        "{}",
        run.stderr
    );

    let imported = read_deck(&sandbox.path().join("bank.yaml"));
    let expected = built_in();
    assert_eq!(imported.deck, expected.deck);
    assert_eq!(imported.title, expected.title);
    assert_eq!(imported.role, expected.role);
    assert_eq!(imported.questions.len(), 24);
    for (got, want) in imported.questions.iter().zip(&expected.questions) {
        assert_eq!(got.question, want.question);
        assert_eq!(got.why, want.why, "why-note of {}", want.id);
        assert_eq!(got.answer, want.answer, "answer of {}", want.id);
        assert!(
            (1..=5).contains(&got.key_points.len()),
            "{}: {:?}",
            got.id,
            got.key_points
        );
    }

    // Ids: slugs, short, unique.
    let ids: HashSet<&str> = imported.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 24, "unique ids");
    for q in &imported.questions {
        assert!(prepdrill::core::bank::is_slug(&q.id), "{}", q.id);
        assert!(q.id.len() <= 32, "a short id: {}", q.id);
    }
    // The drafts are marked as such in the file.
    let yaml = std::fs::read_to_string(sandbox.path().join("bank.yaml")).expect("read");
    assert_eq!(yaml.matches("key_points:  # draft").count(), 24);

    // The bank passes `check` and drills like any other.
    let out = sandbox.ok(&["check", "bank.yaml"]);
    assert!(out.contains("24 questions in 1 deck"), "{out}");
    let list = sandbox.ok(&["--bank", "bank.yaml", "list"]);
    assert!(list.contains(&imported.questions[0].id), "{list}");
}

#[test]
fn ids_are_stable_across_imports_and_reordering() {
    let sandbox = Sandbox::new();
    let first = sandbox.run(&["import", &fixture("seed.txt")]);
    let again = sandbox.run(&["import", &fixture("seed.txt")]);
    assert!(first.success() && again.success());
    assert_eq!(first.stdout, again.stdout, "the same page, the same bank");

    // Move the last block to the front: every question keeps its id.
    let blocks: Vec<&str> = SEED.split("Help us improve this answer. / -\n").collect();
    let (preamble_and_first, rest) = blocks.split_first().expect("blocks");
    let (preamble, first_block) = preamble_and_first
        .split_once("-\nWalk me")
        .expect("the list ends with a separator");
    let mut reordered = format!("{preamble}-\n");
    let mut all: Vec<String> = vec![format!("Walk me{first_block}")];
    all.extend(
        rest.iter()
            .filter(|b| !b.trim().is_empty())
            .map(ToString::to_string),
    );
    all.rotate_right(1);
    for block in &all {
        reordered.push_str(block);
        reordered.push_str("Help us improve this answer. / -\n");
    }
    sandbox.write("reordered.txt", &reordered);
    let moved = sandbox.run(&["import", "reordered.txt"]);
    assert!(moved.success(), "{moved:#?}");
    let ids_of = |yaml: &str| -> Vec<(String, String)> {
        let deck: Deck = serde_yaml::from_str(yaml).expect("a bank");
        let mut pairs: Vec<(String, String)> = deck
            .questions
            .into_iter()
            .map(|q| (q.question, q.id))
            .collect();
        pairs.sort();
        pairs
    };
    assert_eq!(ids_of(&first.stdout), ids_of(&moved.stdout));
}

#[test]
fn deck_and_title_can_be_set() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&[
        "import",
        &fixture("seed.txt"),
        "--deck",
        "second-role",
        "--title",
        "My Second Role",
    ]);
    assert!(run.success(), "{run:#?}");
    let deck: Deck = serde_yaml::from_str(&run.stdout).expect("a bank on stdout");
    assert_eq!(
        (deck.deck.as_str(), deck.title.as_str()),
        ("second-role", "My Second Role")
    );
    assert!(run.stderr.contains("into stdout"), "{}", run.stderr);

    let bad = sandbox.fails(&["import", &fixture("seed.txt"), "--deck", "Not A Slug"]);
    assert!(bad.contains("must be a lowercase slug"), "{bad}");
}

// ---------------------------------------------------------------------------------------------
// CSV round trips

#[test]
fn a_bank_round_trips_through_csv_and_anki_text() {
    let sandbox = Sandbox::new();
    // A table holds each key point's text, not its `also:` phrasings: import leaves those empty
    // (issue 15), so the built-in bank comes back without them.
    let mut plain_built_in = built_in();
    for q in &mut plain_built_in.questions {
        for point in &mut q.key_points {
            point.also.clear();
        }
    }
    let banks = [
        (None, plain_built_in),
        (
            Some(fixture("export-bank.yaml")),
            read_deck(Path::new(&fixture("export-bank.yaml"))),
        ),
    ];
    for (bank, expected) in banks {
        for (format, file, start) in [
            (
                "csv",
                "bank.csv",
                "id,category,tags,question,why,answer,key_points,",
            ),
            (
                "anki",
                "bank.txt",
                "#separator:tab\n#html:true\n#notetype:Basic\n#if matches:update current\n#columns:Front\tBack\tguid\tanki_deck\tid\tcategory\ttags\t",
            ),
        ] {
            let mut export = Vec::new();
            if let Some(bank) = &bank {
                export.extend(["--bank".to_string(), bank.clone()]);
            }
            export.extend(["export", "--format", format, "-o", file].map(String::from));
            let run = sandbox.run(&export);
            assert!(run.success(), "{run:#?}");
            let table = std::fs::read_to_string(sandbox.path().join(file)).expect("the table");
            assert!(table.starts_with(start), "{table}");
            assert!(table.matches("\r\n").count() >= expected.questions.len());

            succeeds(&sandbox, &["import", file, "-o", "back.yaml", "--force"]);
            assert_eq!(
                read_deck(&sandbox.path().join("back.yaml")),
                expected,
                "{format}"
            );
        }
    }
}

#[test]
fn sheet_layout_flags_are_refused_for_csv() {
    let sandbox = Sandbox::new();
    let stderr = sandbox.fails(&["export", "--format", "csv", "--no-answers"]);
    assert!(
        stderr.contains("hint: drop --no-answers, or drop --format"),
        "{stderr}"
    );
}

#[test]
fn a_spreadsheet_table_with_only_the_text_columns_imports() {
    let sandbox = Sandbox::new();
    // Semicolons, as some spreadsheets save in locales with a decimal comma; a quoted field with
    // a line break and doubled quotes; columns in another order and case.
    sandbox.write(
        "sheet.csv",
        "Question;Answer;Why\r\n\
         Tell me about a time you failed.;\"I shipped late; \"\"lesson\"\": plan buffers.\nThen I fixed it.\";Employers ask this to see growth.\r\n\
         Why do you want this job?;Because of the mission and the team.;Employers ask this to see motivation.\r\n",
    );
    let run = sandbox.run(&["import", "sheet.csv", "--deck", "mine", "--title", "Mine"]);
    assert!(run.success(), "{run:#?}");
    let deck: Deck = serde_yaml::from_str(&run.stdout).expect("a bank");
    assert_eq!(deck.questions.len(), 2);
    assert_eq!(
        deck.questions[0].answer,
        "I shipped late; \"lesson\": plan buffers.\nThen I fixed it."
    );
    assert_eq!(deck.questions[0].category.as_str(), "behavioral");
    assert_eq!(deck.questions[1].category.as_str(), "motivation");
    assert!(run.stderr.contains("Drafted: 2 ids"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// What cannot be read

#[test]
fn unreadable_parts_are_reported_by_line_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    let page = "Chef Interview Questions\n\
        Why cook?\n\
        Employers ask this question to see motivation.\n\
        Answer Example: \"I love food.\"\n\
        -\n\
        An advertisement\n\
        How do you plan?\n\
        Employers ask this question to see planning.\n\
        -\n";
    sandbox.write("page.txt", page);
    let stderr = sandbox.fails(&["import", "page.txt", "-o", "bank.yaml"]);
    assert!(stderr.contains("page.txt:6: not a question"), "{stderr}");
    assert!(
        stderr.contains("page.txt:7: `How do you plan?`: no \"Answer Example"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!sandbox.path().join("bank.yaml").exists());

    let csv = "question,why,answer,category\nQ?,W,A,cooking\n";
    sandbox.write("bad.csv", csv);
    let stderr = sandbox.fails(&["import", "bad.csv", "-o", "bank.yaml"]);
    assert!(stderr.contains("bad.csv:2: category `cooking`"), "{stderr}");
    assert!(!sandbox.path().join("bank.yaml").exists());

    sandbox.write("latin1.txt", b"Caf\xe9 questions\n");
    let stderr = sandbox.fails(&["import", "latin1.txt"]);
    assert!(stderr.contains("latin1.txt:1: not UTF-8"), "{stderr}");

    let stderr = sandbox.fails(&["import", "missing.txt"]);
    assert!(stderr.contains("missing.txt: cannot read it"), "{stderr}");

    sandbox.write("empty.txt", "\n\n");
    let stderr = sandbox.fails(&["import", "empty.txt"]);
    assert!(stderr.contains("no questions found"), "{stderr}");
}

#[test]
fn an_existing_bank_is_kept_unless_forced() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("bank.yaml", "# my edits\n");
    let stderr = sandbox.fails(&["import", &fixture("seed.txt"), "-o", "bank.yaml"]);
    assert!(stderr.contains("bank.yaml: already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "# my edits\n"
    );

    succeeds(
        &sandbox,
        &["import", &fixture("seed.txt"), "-o", "bank.yaml", "--force"],
    );
    assert_eq!(read_deck(&path).questions.len(), 24);
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn stdin_can_be_imported() {
    let sandbox = Sandbox::new();
    let mut command = sandbox.command();
    command
        .args(["import", "-", "--format", "page"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(SEED.as_bytes()).expect("write the page");
    }
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{output:?}");
    let deck: Deck = serde_yaml::from_slice(&output.stdout).expect("a bank");
    assert_eq!(deck.questions.len(), 24);
}

#[test]
fn an_imported_page_snapshot() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "chef.txt",
        "Sous Chef Interview Questions\n\
         Interview Questions for Sous Chef\n\
         Tell me about a time a service went wrong.\n\
         How do you cost a new menu?\n\
         -\n\
         Tell me about a time a service went wrong.\n\
         Employers ask this question to see how you handle pressure on the line.\n\
         Answer Example: \"A supplier shorted our fish on a Saturday. I rewrote two specials, briefed \
         the floor, and we lost no covers; since then I keep a backup supplier for fish and dairy.\"\n\
         Help us improve this answer. / -\n\
         How do you cost a new menu?\n\
         Employers ask this question to see whether you can run a kitchen as a business and keep food cost in line.\n\
         Answer Example: \"I cost every dish from supplier invoices, aim for 28–32% food cost, and \
         test the menu on staff before launch.\"\n",
    );
    let run = sandbox.run(&["import", "chef.txt"]);
    assert!(run.success(), "{run:#?}");
    insta::assert_snapshot!("imported_page", run.stdout);
}

#[test]
fn a_bank_is_not_imported_again() {
    let sandbox = Sandbox::new();
    let bank = sandbox.write(
        "bank.yaml",
        std::fs::read_to_string("questions/staff-product-security-engineer.yaml").unwrap(),
    );
    let err = sandbox.fails(&["import", &bank.display().to_string()]);
    assert!(err.contains("is already a question bank"), "{err}");
    assert!(err.contains("prepdrill --bank"), "{err}");
    assert_eq!(
        err.lines().count(),
        2,
        "one error and its hint, not a line per line: {err}"
    );
}
