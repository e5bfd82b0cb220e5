//! Issue 2 from the outside: the built-in bank against the seed, every lookup path, every loader
//! error, hostile banks, colour, closed pipes, shell support and snapshots of the human output.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::BufRead as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Sandbox, assert_failed};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const DECK: &str = "staff-product-security-engineer";

/// The JSON fields scripts rely on; they may gain company, never lose a member.
const STABLE_FIELDS: [&str; 9] = [
    "id",
    "deck",
    "question",
    "why",
    "answer",
    "tags",
    "category",
    "key_points",
    "answer_time_secs",
];

/// One question of the seed document, as it reads there.
#[derive(Debug)]
struct SeedQuestion {
    question: String,
    why: String,
    answer: String,
}

/// The seed after its `-` line: question, why, `Answer Example: "…"`, `Help us improve…` per block.
fn seed() -> Vec<SeedQuestion> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed.txt"
    ))
    .expect("seed fixture");
    let mut lines = text
        .lines()
        .skip_while(|l| l.trim() != "-")
        .skip(1)
        .filter(|l| !l.trim().is_empty());
    let mut questions = Vec::new();
    while let Some(question) = lines.next() {
        let why = lines.next().expect("why line");
        let answer_line = lines.next().expect("answer line");
        let help = lines.next().expect("help line");
        assert!(
            help.starts_with("Help us improve this answer."),
            "seed out of step at {help:?}"
        );
        let answer = answer_line
            .strip_prefix("Answer Example: \"")
            .and_then(|a| a.strip_suffix('"'))
            .unwrap_or_else(|| panic!("not an answer line: {answer_line:?}"));
        questions.push(SeedQuestion {
            question: question.to_string(),
            why: why.to_string(),
            answer: answer.to_string(),
        });
    }
    questions
}

fn str_field<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("`{field}` is not a string in {value}"))
}

fn ids(values: &Value) -> Vec<String> {
    values
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|v| str_field(v, "id").to_string())
        .collect()
}

/// Makes the typographic characters of the seed plain ASCII, as a user would type them.
fn as_typed(text: &str) -> String {
    text.replace('’', "'").replace(['\u{2011}', '–'], "-")
}

#[test]
fn seed_is_in_the_bank_verbatim() {
    let sb = Sandbox::new();
    let seed = seed();
    assert_eq!(seed.len(), 24, "the seed has 24 questions");
    let list = sb.json(&["list", "--json"]);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 24);
    for (want, got) in seed.iter().zip(list) {
        assert_eq!(str_field(got, "question"), want.question);
        assert_eq!(str_field(got, "why"), want.why, "why of {}", got["id"]);
        assert_eq!(
            str_field(got, "answer"),
            want.answer,
            "answer of {}",
            got["id"]
        );
    }

    for entry in list {
        let id = str_field(entry, "id");
        let shown = sb.json(&["show", id, "--json"]);
        assert_eq!(str_field(&shown, "question"), str_field(entry, "question"));
        assert_eq!(str_field(&shown, "deck"), DECK);

        let tags = entry["tags"].as_array().expect("tags");
        assert!(
            (2..=4).contains(&tags.len()),
            "{id} has {} tags",
            tags.len()
        );
        for tag in tags {
            let tag = tag.as_str().expect("tag");
            let tagged = sb.json(&["show", "--tag", tag, "--json"]);
            assert!(
                ids(&tagged).iter().any(|t| t == id),
                "`show --tag {tag}` lacks {id}"
            );
        }

        // Five words a user might remember, typed in ASCII: folding must bridge ’ and ‑.
        let question = str_field(entry, "question");
        let phrase = as_typed(
            &question
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" "),
        );
        let phrase = phrase.trim_end_matches(['?', '.', ',']);
        let hits = sb.json(&["search", phrase, "--json"]);
        assert!(
            ids(&hits).iter().any(|h| h == id),
            "`search {phrase}` does not find {id}"
        );
    }
}

// ---- lookup paths ----

#[test]
fn show_by_exact_id_prints_everything() {
    let sb = Sandbox::new();
    let out = sb.ok(&["show", "threat-model-mvp"]);
    let first = seed().into_iter().next().expect("seed");
    assert!(
        out.starts_with(&format!("{DECK}/threat-model-mvp")),
        "{out}"
    );
    for heading in ["Why employers ask", "Sample answer", "Key points"] {
        assert!(out.contains(heading), "no {heading}: {out}");
    }
    assert!(out.contains("technical") && out.contains("threat-modeling, secure-sdlc"));
    // Wrapped text, so compare words rather than lines.
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = words(&out);
    for text in [&first.question, &first.why, &first.answer] {
        assert!(flat.contains(&words(text)), "missing {text}");
    }
    assert!(out.contains("• Simplified STRIDE on data flows"));
}

#[test]
fn show_text_wraps_to_the_width() {
    let sb = Sandbox::new();
    for width in [80usize, 50] {
        let out = sb.run_on_terminal_sized(
            &["--color", "never", "show", "multi-tenant-saas-aws"],
            &[],
            width as u16,
        );
        // The heading line is checked in `every_line_fits_the_width`.
        let widest = out
            .lines()
            .skip(1)
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        assert!(
            widest <= width,
            "a line of {widest} columns at {width}: {out}"
        );
        assert!(widest > width - 15, "text is not using the width {width}");
    }
}

#[test]
fn every_line_fits_the_width() {
    let sb = Sandbox::new();
    for args in [
        &["--color", "never", "list"][..],
        &["--color", "never", "show", "multi-tenant-saas-aws"],
        &["--color", "never", "show", "--tag", "risk", "--all"],
        &["--color", "never", "show", "--tag", "risk"],
        &["--color", "never", "tags"],
    ] {
        let out = sb.run_on_terminal(args, &[]);
        for line in out.lines() {
            assert!(
                line.width() <= 80,
                "{args:?}: {} columns: {line}",
                line.width()
            );
        }
    }
}

#[test]
fn show_by_unique_prefix() {
    let sb = Sandbox::new();
    let shown = sb.json(&["show", "vuln", "--json"]);
    assert_eq!(str_field(&shown, "id"), "vuln-triage-400");
    let shown = sb.json(&["show", "go-no", "--json"]);
    assert_eq!(str_field(&shown, "id"), "go-no-go-risk-acceptance");
}

#[test]
fn show_by_deck_and_id() {
    let sb = Sandbox::new();
    let shown = sb.json(&["show", &format!("{DECK}/crypto-mistakes"), "--json"]);
    assert_eq!(str_field(&shown, "id"), "crypto-mistakes");
    let out = sb.ok(&["show", &format!("{DECK}/crypto-mistakes")]);
    assert!(out.starts_with(&format!("{DECK}/crypto-mistakes")));
}

#[test]
fn ambiguous_prefix_lists_the_candidates() {
    let sb = Sandbox::new();
    let err = sb.fails(&["show", "sec"]);
    assert!(err.contains("matches several"), "{err}");
    assert!(
        err.contains(&format!("{DECK}/secure-sdlc-bootstrap")),
        "{err}"
    );
    assert!(err.contains(&format!("{DECK}/secrets-management")), "{err}");
    assert!(!err.contains("threat-model-mvp"), "{err}");
}

#[test]
fn id_prefix_is_not_confused_with_the_deck_slug() {
    let sb = Sandbox::new();
    // `stay-current` is the only id starting with "st"; the deck slug also starts with it.
    let shown = sb.json(&["show", "st", "--json"]);
    assert_eq!(str_field(&shown, "id"), "stay-current");
    // "s" starts three ids, so the error should list those three, not the whole bank.
    let err = sb.fails(&["show", "s"]);
    assert!(
        err.contains("stay-current") && !err.contains("threat-model-mvp"),
        "{err}"
    );
}

#[test]
fn unknown_id_suggests_the_closest() {
    let sb = Sandbox::new();
    let run = sb.run(&["show", "threat-modle-mvp"]);
    assert_failed(&run, &[]);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("threat-modle-mvp"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `threat-model-mvp`"),
        "{}",
        run.stderr
    );
}

#[test]
fn show_tag_with_one_question_prints_it_in_full() {
    let sb = Sandbox::new();
    let out = sb.ok(&["show", "--tag", "bug-bounty"]);
    assert!(out.starts_with(&format!("{DECK}/bug-bounty-vdp")), "{out}");
    assert!(out.contains("Sample answer") && out.contains("Why employers ask"));
    assert!(!out.contains("Run `prepdrill show ID`"));
}

#[test]
fn show_tag_with_several_lists_them_with_a_hint() {
    let sb = Sandbox::new();
    // On a terminal the hint follows the list; into a pipe it goes to stderr, leaving the list
    // alone on stdout.
    let out = sb.run_on_terminal(&["--color", "never", "show", "--tag", "devex"], &[]);
    let piped = sb.run(&["show", "--tag", "devex"]);
    assert!(piped.success(), "{piped:?}");
    assert!(piped.stderr.contains("prepdrill show ID"), "{piped:?}");
    assert!(!piped.stdout.contains("prepdrill show ID"), "{piped:?}");
    assert!(
        piped.stdout.lines().all(|l| l.split('\t').count() == 3),
        "{piped:?}"
    );
    let expected = [
        "secrets-management",
        "dev-enablement-guardrails",
        "tooling-built-impact",
        "champions-program",
    ];
    let listed: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| expected.contains(w))
        .collect();
    assert_eq!(listed, expected, "{out}");
    assert!(out.contains("prepdrill show ID"), "{out}");
    assert!(out.contains("--all"), "{out}");
    assert!(!out.contains("Sample answer"), "{out}");
}

#[test]
fn show_tag_all_prints_every_question_in_full() {
    let sb = Sandbox::new();
    let out = sb.ok(&["show", "--tag", "devex", "--all"]);
    assert_eq!(out.matches("Sample answer").count(), 4, "{out}");
    assert_eq!(out.matches("Why employers ask").count(), 4);
    assert!(!out.contains("prepdrill show ID"));
}

#[test]
fn unknown_tag_suggests_the_closest_tags() {
    let sb = Sandbox::new();
    let err = sb.fails(&["show", "--tag", "secret"]);
    assert!(err.contains("did you mean `secrets`"), "{err}");
    let err = sb.fails(&["list", "--tag", "clod"]);
    assert!(err.contains("`cloud`"), "{err}");
}

#[test]
fn no_answer_hides_the_note_and_the_answer() {
    let sb = Sandbox::new();
    let first = seed().into_iter().next().expect("seed");
    let out = sb.ok(&["show", "threat-model-mvp", "--no-answer"]);
    assert!(out.contains("Walk me through"), "{out}");
    assert!(!out.contains("Sample answer") && !out.contains("Why employers ask"));
    assert!(!out.contains("whiteboard session") && !out.contains("time pressure"));
    assert!(
        !out.contains("Key points") && !out.contains("Simplified STRIDE"),
        "the key points outline the answer: {out}"
    );
    assert!(!first.answer.is_empty());
    let shown = sb.json(&["show", "threat-model-mvp", "--no-answer", "--json"]);
    assert!(
        shown.get("answer").is_none() && shown.get("why").is_none(),
        "{shown}"
    );
    let tagged = sb.ok(&["show", "--tag", "secrets", "--all", "--no-answer"]);
    assert!(!tagged.contains("Sample answer"), "{tagged}");
}

#[test]
fn list_filters_by_tag_and_category() {
    let sb = Sandbox::new();
    let cloud = ids(&sb.json(&["list", "--tag", "cloud", "--json"]));
    assert_eq!(
        cloud,
        [
            "multi-tenant-saas-aws",
            "secrets-management",
            "containers-k8s-baseline"
        ]
    );
    let either = ids(&sb.json(&["list", "--tag", "cloud", "--tag", "cryptography", "--json"]));
    assert!(either.len() > cloud.len() && cloud.iter().all(|c| either.contains(c)));
    let behavioral = sb.json(&["list", "--category", "behavioral", "--json"]);
    let behavioral = behavioral.as_array().expect("array");
    assert!(!behavioral.is_empty());
    assert!(behavioral.iter().all(|q| q["category"] == "behavioral"));
    let both = ids(&sb.json(&[
        "list",
        "--tag",
        "risk",
        "--category",
        "leadership",
        "--json",
    ]));
    let all = sb.json(&["list", "--json"]);
    let expected: Vec<String> = all
        .as_array()
        .expect("array")
        .iter()
        .filter(|q| {
            q["category"] == "leadership" && q["tags"].as_array().unwrap().contains(&"risk".into())
        })
        .map(|q| str_field(q, "id").to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(both, expected);
    // The human listing agrees, one line per question.
    let text = sb.ok(&["list", "--tag", "cloud"]);
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn list_cuts_questions_to_the_width_on_a_terminal() {
    let sb = Sandbox::new();
    for width in [120usize, 100] {
        let out = sb.run_on_terminal_sized(&["--color", "never", "list"], &[], width as u16);
        assert_eq!(out.lines().count(), 25, "a header and 24 questions: {out}");
        assert!(out.starts_with("ID "), "{out}");
        for line in out.lines() {
            assert!(
                line.width() <= width,
                "{} columns at {width}: {line}",
                line.width()
            );
        }
        let cut = out.lines().filter(|l| l.ends_with('…')).count();
        assert!(cut > 0, "long questions are cut with an ellipsis: {out}");
        assert!(
            out.lines().any(|l| l.width() == width),
            "the width is used: {out}"
        );
    }
}

#[test]
fn tags_counts_every_tag() {
    let sb = Sandbox::new();
    let all = sb.json(&["list", "--json"]);
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for q in all.as_array().expect("array") {
        for tag in q["tags"].as_array().expect("tags") {
            *expected
                .entry(tag.as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let counts: BTreeMap<String, u64> = sb
        .json(&["tags", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .map(|row| {
            (
                str_field(row, "tag").to_string(),
                row["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, expected);
    let text = sb.ok(&["tags"]);
    assert_eq!(
        text.lines().count(),
        expected.len() + 1,
        "a header, then the tags"
    );
    assert_eq!(
        text.lines()
            .next()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["TAG", "QUESTIONS"])
    );
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["secrets", "2"]),
        "{text}"
    );
}

#[test]
fn search_ignores_case_and_accents() {
    let sb = Sandbox::new();
    for needle in ["STRIDE", "stride", "StRiDé"] {
        let hits = ids(&sb.json(&["search", needle, "--json"]));
        assert_eq!(hits, ["threat-model-mvp"], "search {needle}");
    }
    // The seed writes a non-breaking hyphen (U+2011); users type an ASCII one.
    let hits = ids(&sb.json(&["search", "brand-new feature", "--json"]));
    assert_eq!(hits, ["threat-model-mvp"]);
    // And a typewriter apostrophe finds the seed's typographic one.
    let hits = ids(&sb.json(&["search", "what's your preferred", "--json"]));
    assert_eq!(hits, ["secrets-management"]);
    // Several words are one phrase, also as separate arguments.
    let hits = ids(&sb.json(&["search", "rate", "limiting", "--json"]));
    assert!(hits.contains(&"threat-model-mvp".to_string()), "{hits:?}");
    let err = sb.fails(&["search", "zzzz-no-such-text"]);
    assert!(err.contains("nothing matches"), "{err}");
}

#[test]
fn search_looks_in_note_answer_and_key_points() {
    let sb = Sandbox::new();
    let bank = "deck: z\ntitle: Z\nrole: R\nquestions:\n\
        - {id: in-answer, question: Alpha?, why: W, answer: A zebra crossing., category: technical}\n\
        - {id: in-point, question: Beta?, why: W, answer: A, category: technical, key_points: [Zebra stripes]}\n\
        - {id: in-why, question: Gamma?, why: Zébra reasons, answer: A, category: technical}\n\
        - {id: in-question, question: Which ZEBRA?, why: W, answer: A, category: technical}\n\
        - {id: nowhere, question: Delta?, why: W, answer: A, category: technical}\n";
    sb.write("zoo.yaml", bank);
    let hits = ids(&sb.json(&["--bank", "zoo.yaml", "search", "zebra", "--json"]));
    assert_eq!(hits, ["in-question", "in-answer", "in-point", "in-why"]);
    let text = sb.ok(&["--bank", "zoo.yaml", "search", "zebra"]);
    let order: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("z/"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        order,
        ["z/in-question", "z/in-answer", "z/in-point", "z/in-why"]
    );
}

#[test]
fn search_ranks_question_hits_first() {
    let sb = Sandbox::new();
    let all = sb.json(&["list", "--json"]);
    let in_question: BTreeSet<String> = all
        .as_array()
        .expect("array")
        .iter()
        .filter(|q| str_field(q, "question").to_lowercase().contains("risk"))
        .map(|q| str_field(q, "id").to_string())
        .collect();
    let hits = ids(&sb.json(&["search", "risk", "--json"]));
    assert!(
        !in_question.is_empty() && hits.len() > in_question.len(),
        "{hits:?}"
    );
    let (first, rest) = hits.split_at(in_question.len());
    assert!(first.iter().all(|h| in_question.contains(h)), "{hits:?}");
    assert!(rest.iter().all(|h| !in_question.contains(h)), "{hits:?}");
    // Within each group, bank order is kept.
    let bank_order = ids(&all);
    let position = |id: &String| bank_order.iter().position(|b| b == id).unwrap();
    for group in [first, rest] {
        assert!(
            group.windows(2).all(|w| position(&w[0]) < position(&w[1])),
            "{group:?}"
        );
    }
}

#[test]
fn json_field_names_are_stable() {
    let sb = Sandbox::new();
    let check = |value: &Value, what: &str| {
        let object = value
            .as_object()
            .unwrap_or_else(|| panic!("{what}: not an object"));
        for field in STABLE_FIELDS {
            assert!(
                object.contains_key(field),
                "{what}: no `{field}` in {value}"
            );
        }
        assert!(
            value["tags"].is_array() && value["key_points"].is_array(),
            "{what}"
        );
        assert!(value["answer_time_secs"].is_u64(), "{what}");
        assert!(
            ["technical", "behavioral", "leadership", "motivation"]
                .contains(&str_field(value, "category")),
            "{what}"
        );
    };
    let one = sb.json(&["show", "multi-tenant-saas-aws", "--json"]);
    check(&one, "show ID");
    assert_eq!(
        one["answer_time_secs"], 180,
        "the question's own answer time"
    );
    let default_time = sb.json(&["show", "threat-model-mvp", "--json"]);
    assert_eq!(default_time["answer_time_secs"], 120, "the deck's default");
    for args in [
        &["list", "--json"][..],
        &["show", "--tag", "cloud", "--json"],
        &["search", "stride", "--json"],
    ] {
        let values = sb.json(args);
        let values = values
            .as_array()
            .unwrap_or_else(|| panic!("{args:?}: not an array"));
        assert!(!values.is_empty());
        for value in values {
            check(value, &args.join(" "));
        }
    }
    let tags = sb.json(&["tags", "--json"]);
    let row = &tags.as_array().expect("array")[0];
    assert!(row["tag"].is_string() && row["count"].is_u64(), "{row}");
}

// ---- loader errors ----

const HEAD: &str = "deck: d\ntitle: T\nrole: R\nquestions:\n";

fn question(id: &str) -> String {
    format!(
        "  - id: {id}\n    question: Q {id}?\n    why: W\n    answer: A\n    category: technical\n"
    )
}

/// Loads `name` with `contents` as the bank and checks the error: it fails cleanly, names the
/// file, fits on one screen and says each of `expected`. Returns stderr.
#[track_caller]
fn bank_error(name: &str, contents: impl AsRef<[u8]>, expected: &[&str]) -> String {
    let sb = Sandbox::new();
    sb.write(name, contents);
    let run = sb.run(&["--bank", name, "list"]);
    assert_failed(&run, &[name.to_string()]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains(name), "file not named: {}", run.stderr);
    assert!(
        run.stderr.lines().count() <= 20,
        "more than a screen: {}",
        run.stderr
    );
    for fragment in expected {
        assert!(
            run.stderr.contains(fragment),
            "no {fragment:?} in: {}",
            run.stderr
        );
    }
    // `check` says the same.
    let check = sb.run(&["check", name]);
    assert_failed(&check, &[name.to_string()]);
    for fragment in expected {
        assert!(
            check.stderr.contains(fragment),
            "check: no {fragment:?} in: {}",
            check.stderr
        );
    }
    run.stderr
}

#[test]
fn syntax_error_gives_line_and_column() {
    let bank = format!(
        "{HEAD}{}  - id: q2\n    question: \"unterminated\n    why: W\n",
        question("q1")
    );
    bank_error("syntax.yaml", bank, &["syntax.yaml:13:1:"]);
    let bank = format!("{HEAD}{}    : - ]\n", question("q1"));
    bank_error("broken.yaml", bank, &["broken.yaml:10:"]);
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let bank = format!("{HEAD}{}", question("q1").replace("question:", "qestion:"));
    bank_error(
        "typo.yaml",
        bank,
        &[
            "typo.yaml:6:5",
            "question `q1`",
            "`qestion`",
            "did you mean `question`?",
        ],
    );
    let bank = format!("{HEAD}{}", question("q1")).replace("title:", "titel:");
    bank_error("deck.yaml", bank, &["`titel`", "did you mean `title`?"]);
}

#[test]
fn duplicate_id_names_the_id() {
    let bank = format!(
        "{HEAD}{}{}{}",
        question("q1"),
        question("twin"),
        question("twin")
    );
    bank_error("dup.yaml", bank, &["question `twin`", "duplicate id"]);
}

#[test]
fn empty_field_names_the_question() {
    let bank = format!(
        "{HEAD}{}{}",
        question("q1"),
        question("blank").replace("why: W", "why: \"  \"")
    );
    let err = bank_error("empty.yaml", bank, &["question `blank`", "`why` is empty"]);
    assert!(!err.contains("`q1`"), "{err}");
}

#[test]
fn wrong_type_names_the_question() {
    let bank = format!(
        "{HEAD}{}{}    answer_time_secs: soon\n",
        question("q1"),
        question("slow")
    );
    bank_error(
        "type.yaml",
        bank,
        &["type.yaml:15:23", "question `slow`", "answer_time_secs"],
    );
    let bank = format!("{HEAD}{}    tags: 5\n", question("tagged"));
    bank_error("tags.yaml", bank, &["question `tagged`", "tags"]);
    let bank = format!("{HEAD}{}", question("cat").replace("technical", "culinary"));
    bank_error("cat.yaml", bank, &["question `cat`", "culinary"]);
}

#[test]
fn bank_without_questions_is_refused() {
    bank_error(
        "none.yaml",
        "deck: d\ntitle: T\nrole: R\nquestions: []\n",
        &["no questions"],
    );
    bank_error(
        "missing.yaml",
        "deck: d\ntitle: T\nrole: R\n",
        &["questions"],
    );
    bank_error("blank.yaml", "", &[]);
}

#[test]
fn non_utf8_file_gives_line_and_column() {
    let mut bank = format!("{HEAD}{}", question("q1")).into_bytes();
    let at = bank
        .windows(4)
        .position(|w| w == b"Q q1")
        .expect("question text")
        + 2;
    bank.splice(at..at, [0xff, 0xfe]);
    bank_error("latin.yaml", bank, &["latin.yaml:6:17", "UTF-8"]);
}

/// Loads a bank and returns how long the refusal took.
#[track_caller]
fn time_refusal(name: &str, contents: &str) -> Duration {
    let sb = Sandbox::new();
    sb.write(name, contents);
    let start = Instant::now();
    let run = sb.run(&["--bank", name, "list"]);
    let took = start.elapsed();
    assert_failed(&run, &[name.to_string()]);
    assert!(run.stderr.contains(name), "{}", run.stderr);
    assert!(run.stderr.lines().count() <= 20, "{}", run.stderr);
    eprintln!("{name}: refused in {took:?}");
    took
}

/// A generous bound: the issue asks for a second, but debug builds on a busy machine are slow.
const QUICKLY: Duration = Duration::from_secs(5);

#[test]
fn alias_bomb_is_refused_quickly() {
    // Classic billion laughs, ten levels of nine: 9^10 strings if expanded.
    let mut classic = String::from("deck: d\ntitle: T\nrole: R\n");
    classic.push_str("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        let _ = writeln!(classic, "a{i}: &a{i} [{refs}]");
    }
    classic.push_str("questions: *a9\n");
    assert!(time_refusal("bomb.yaml", &classic) < QUICKLY);

    // The same inside fields the loader accepts, so it reads far into the file first.
    let mut nested = String::from(HEAD);
    nested.push_str(&question("q0"));
    nested.push_str("    key_points: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        nested.push_str(&question(&format!("q{i}")));
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        let _ = writeln!(nested, "    key_points: &a{i} [{refs}]");
    }
    assert!(time_refusal("nested-bomb.yaml", &nested) < QUICKLY);
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    assert!(time_refusal("deep.yaml", &deep) < QUICKLY);
    // Block style: `- - - … x` opens one sequence per dash.
    let block = format!(
        "{HEAD}{}    key_points:\n      {}x\n",
        question("q1"),
        "- ".repeat(20_000)
    );
    assert!(time_refusal("deep-block.yaml", &block) < QUICKLY);
}

#[test]
fn deep_nesting_inside_a_question_is_refused_within_a_second() {
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let in_question = format!("{HEAD}{}    key_points: {deep}\n", question("q1"));
    // The issue's own bound: this is the case that misses it.
    assert!(time_refusal("deep-question.yaml", &in_question) < Duration::from_secs(1));
}

#[test]
fn check_reports_every_problem_in_every_file() {
    let sb = Sandbox::new();
    sb.write("good.yaml", format!("{HEAD}{}", question("q1")));
    sb.write(
        "two.yaml",
        format!(
            "{HEAD}{}{}{}",
            question("twin"),
            question("twin"),
            question("hollow").replace("answer: A", "answer: \"\"")
        ),
    );
    sb.write(
        "three.yaml",
        format!("{HEAD}{}", question("q1")).replace("question:", "qestion:"),
    );
    let ok = sb.ok(&["check", "good.yaml"]);
    assert!(
        ok.contains("ok") && ok.contains("1 question in 1 deck"),
        "{ok}"
    );
    let run = sb.run(&["check", "good.yaml", "two.yaml", "three.yaml"]);
    assert_failed(&run, &[]);
    for fragment in [
        "two.yaml",
        "duplicate id",
        "question `hollow`",
        "`answer` is empty",
        "three.yaml",
        "did you mean `question`",
    ] {
        assert!(
            run.stderr.contains(fragment),
            "no {fragment:?} in: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("good.yaml"), "{}", run.stderr);
}

#[test]
fn bank_directory_loads_every_yaml_file() {
    let sb = Sandbox::new();
    sb.write(
        "banks/a.yaml",
        format!("{HEAD}{}", question("first")).replace("deck: d", "deck: alpha"),
    );
    sb.write(
        "banks/b.yml",
        format!("{HEAD}{}", question("second")).replace("deck: d", "deck: beta"),
    );
    sb.write("banks/notes.txt", "not a bank");
    let listed = sb.json(&["--bank", "banks", "list", "--json"]);
    let decks: Vec<(&str, &str)> = listed
        .as_array()
        .expect("array")
        .iter()
        .map(|q| (str_field(q, "deck"), str_field(q, "id")))
        .collect();
    assert_eq!(decks, [("alpha", "first"), ("beta", "second")]);
    // The built-in bank is replaced, not added to.
    assert!(
        sb.fails(&["--bank", "banks", "show", "threat-model-mvp"])
            .contains("no question")
    );
    // A file and a directory together.
    sb.write(
        "extra.yaml",
        format!("{HEAD}{}", question("third")).replace("deck: d", "deck: gamma"),
    );
    let listed = ids(&sb.json(&["--bank", "banks", "--bank", "extra.yaml", "list", "--json"]));
    assert_eq!(listed, ["first", "second", "third"]);
    std::fs::create_dir(sb.path().join("empty")).expect("dir");
    let err = sb.fails(&["--bank", "empty", "list"]);
    assert!(err.contains("empty") && err.contains("yaml"), "{err}");
    let err = sb.fails(&["--bank", "no-such-file.yaml", "list"]);
    assert!(err.contains("no-such-file.yaml"), "{err}");
}

#[test]
fn the_same_deck_twice_is_refused() {
    let sb = Sandbox::new();
    sb.write("one.yaml", format!("{HEAD}{}", question("q1")));
    sb.write("two.yaml", format!("{HEAD}{}", question("q2")));
    let err = sb.fails(&["--bank", "one.yaml", "--bank", "two.yaml", "list"]);
    assert!(
        err.contains("deck id `d`") && err.contains("twice"),
        "{err}"
    );
    assert!(
        err.contains("one.yaml") || err.contains("two.yaml"),
        "{err}"
    );
}

#[test]
fn a_shared_question_id_needs_its_deck() {
    let sb = Sandbox::new();
    sb.write(
        "a.yaml",
        format!("{HEAD}{}", question("intro")).replace("deck: d", "deck: alpha"),
    );
    sb.write(
        "b.yaml",
        format!("{HEAD}{}", question("intro")).replace("deck: d", "deck: beta"),
    );
    let both = ["--bank", "a.yaml", "--bank", "b.yaml"];
    let err = sb.fails(&[&both[..], &["show", "intro"]].concat());
    assert!(
        err.contains("`alpha/intro`") && err.contains("`beta/intro`"),
        "{err}"
    );
    assert!(err.contains("deck/id"), "{err}");
    let shown = sb.json(&[&both[..], &["show", "beta/intro", "--json"]].concat());
    assert_eq!(str_field(&shown, "deck"), "beta");
    let shown = sb.json(&[&both[..], &["show", "alpha/intro", "--json"]].concat());
    assert_eq!(str_field(&shown, "deck"), "alpha");
}

#[test]
fn prepdrill_bank_variable_replaces_the_built_in_bank() {
    let mut sb = Sandbox::new();
    let one = sb.write(
        "one.yaml",
        format!("{HEAD}{}", question("solo")).replace("deck: d", "deck: one"),
    );
    let two = sb.write(
        "two.yaml",
        format!("{HEAD}{}", question("duo")).replace("deck: d", "deck: two"),
    );
    sb.set_env("PREPDRILL_BANK", &one);
    assert_eq!(ids(&sb.json(&["list", "--json"])), ["solo"]);
    let joined = std::env::join_paths([&one, &two]).expect("join");
    sb.set_env("PREPDRILL_BANK", joined);
    assert_eq!(ids(&sb.json(&["list", "--json"])), ["solo", "duo"]);
    // --bank wins over the variable.
    assert_eq!(
        ids(&sb.json(&["--bank", "two.yaml", "list", "--json"])),
        ["duo"]
    );
}

// ---- hostile banks ----

const HOSTILE: &str = r#"deck: evil
title: "Evil \e]0;pwned\a deck"
role: R
questions:
  - id: trap
    category: technical
    tags: [ok, other]
    question: "Title \e]0;pwned\a then clear \e[2J then C1 \u009b31m \x9b then CR \r over then \u202Edesrever and \u2066isolate"
    why: "Why \e]0;pwned\a \e[2J \u009b \r \u202E"
    answer: "Answer \e]2;title\e\\ \e[31mred \e[2J \u009b \r \u202E"
    key_points: ["point \e]0;pwned\a", "point \e[2J \u202E", "point \u009b"]
  - id: plain
    category: behavioral
    tags: [ok]
    question: "Plain question?"
    why: W
    answer: A
"#;

/// What a hostile bank must never get through to the terminal.
#[track_caller]
fn assert_harmless(bytes: &[u8], colour: bool, what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{what}: not UTF-8"));
    let shown = format!("{what}: {text:?}");
    assert!(!text.contains("\x1b]"), "OSC in {shown}");
    assert!(!text.contains("\x1b[2J"), "clear screen in {shown}");
    assert!(!text.contains('\r'), "CR in {shown}");
    assert!(!text.contains('\x07'), "BEL in {shown}");
    // C1 controls as characters (as bytes 0x9b also occurs inside ␛ = E2 90 9B, which is harmless).
    assert!(
        !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "C1 in {shown}"
    );
    assert!(
        !text
            .chars()
            .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
        "bidi control in {shown}"
    );
    if colour {
        // prepdrill's own colours are fine: every ESC must start an SGR sequence `ESC [ digits ; m`.
        for (i, _) in text.match_indices('\x1b') {
            let rest = &text[i + 1..];
            let sgr = rest.strip_prefix('[').and_then(|r| {
                let end = r.find(|c: char| !c.is_ascii_digit() && c != ';')?;
                r[end..].starts_with('m').then_some(())
            });
            assert!(sgr.is_some(), "non-SGR escape at byte {i} in {shown}");
        }
    } else {
        assert!(!text.contains('\x1b'), "ESC in {shown}");
    }
}

#[test]
fn a_hostile_bank_prints_no_escape_sequences() {
    let sb = Sandbox::new();
    sb.write("evil.yaml", HOSTILE);
    sb.ok(&["check", "evil.yaml"]);
    let commands: [&[&str]; 10] = [
        &["show", "trap"],
        &["show", "trap", "--no-answer"],
        &["show", "--tag", "ok"],
        &["show", "--tag", "ok", "--all"],
        &["show", "--tag", "other"],
        &["list"],
        &["tags"],
        &["search", "then"],
        &["search", "point"],
        &["search", "pwned"],
    ];
    for colour in ["never", "always"] {
        for args in commands {
            let mut full = vec!["--bank", "evil.yaml", "--color", colour];
            full.extend_from_slice(args);
            let run = sb.run(&full);
            assert!(run.success(), "{full:?}: {run:#?}");
            assert!(!run.stdout.is_empty());
            assert_harmless(&run.stdout_bytes, colour == "always", &full.join(" "));
            assert_harmless(&run.stderr_bytes, colour == "always", &full.join(" "));
        }
    }
    // The text is still there, made visible rather than dropped.
    let out = sb.ok(&["--bank", "evil.yaml", "show", "trap"]);
    assert!(out.contains("pwned") && out.contains("desrever"), "{out}");
}

#[test]
fn a_hostile_bank_rated_and_reported_prints_no_escape_sequences() {
    let sb = Sandbox::new();
    sb.write("evil.yaml", HOSTILE);
    sb.ok(&["--bank", "evil.yaml", "rate", "trap", "again"]);
    sb.ok(&[
        "--bank",
        "evil.yaml",
        "config",
        "set",
        "interview-date",
        "2026-12-10",
    ]);
    for args in [
        &["stats"][..],
        &["due", "--on", "2026-12-31"],
        &["progress", "orphans"],
    ] {
        for colour in ["never", "always"] {
            let mut full = vec!["--bank", "evil.yaml", "--color", colour];
            full.extend_from_slice(args);
            let run = sb.run(&full);
            assert!(run.success(), "{full:?}: {run:#?}");
            assert_harmless(&run.stdout_bytes, colour == "always", &full.join(" "));
        }
    }
}

#[test]
fn a_hostile_bank_error_prints_no_escape_sequences() {
    let sb = Sandbox::new();
    let bad = HOSTILE
        .replace("tags: [ok, other]", "tags: [ok, \"x\\e]0;pwned\\a\\e[2J\"]")
        .replace("id: plain", "id: \"Plain\\e]0;pwned\\a\"")
        .replace("deck: evil", "deck: \"Evil\\e[2J\"");
    sb.write("evil.yaml", bad);
    for args in [
        &["check", "evil.yaml"][..],
        &["--bank", "evil.yaml", "list"],
    ] {
        let run = sb.run(args);
        assert_failed(&run, &[]);
        assert!(run.stderr.contains("evil.yaml"), "{}", run.stderr);
        assert_harmless(&run.stderr_bytes, false, &args.join(" "));
    }
}

// ---- colour ----

const COLOURED: [&[&str]; 5] = [
    &["show", "threat-model-mvp"],
    &["show", "--tag", "secrets"],
    &["list"],
    &["tags"],
    &["search", "stride"],
];

#[test]
fn piped_output_has_no_escape_codes() {
    let sb = Sandbox::new();
    for args in COLOURED {
        for colour in [None, Some("never")] {
            let mut full: Vec<&str> = colour.map(|c| vec!["--color", c]).unwrap_or_default();
            full.extend_from_slice(args);
            let run = sb.run(&full);
            assert!(run.success(), "{full:?}: {run:?}");
            assert!(!run.stdout.contains('\x1b'), "{full:?}: {run:?}");
            assert!(!run.stderr.contains('\x1b'), "{full:?}: {run:?}");
        }
    }
}

#[test]
fn color_always_paints() {
    let sb = Sandbox::new();
    for args in COLOURED {
        let mut full = vec!["--color", "always"];
        full.extend_from_slice(args);
        let out = sb.run(&full).stdout;
        assert!(out.contains("\x1b["), "{full:?}: {out:?}");
        // Even NO_COLOR gives way to an explicit --color always, colours and all: the same bytes.
        let run = sb.run_with_env(&full, &[("NO_COLOR", "1")]);
        assert_eq!(run.stdout, out, "{full:?} with NO_COLOR");
    }
    // Search highlights the match itself.
    let out = sb.ok(&["--color", "always", "search", "stride"]);
    assert!(out.contains("\x1b[") && out.contains("STRIDE"), "{out:?}");
}

#[test]
fn color_auto_on_a_terminal_respects_no_color() {
    let sb = Sandbox::new();
    let painted = sb.run_on_terminal(&["list"], &[]);
    assert!(
        painted.contains("\x1b["),
        "a terminal gets colour: {painted:?}"
    );
    let empty = sb.run_on_terminal(&["list"], &[("NO_COLOR", "")]);
    assert!(
        empty.contains("\x1b["),
        "an empty NO_COLOR does not count: {empty:?}"
    );
    for (args, env) in [
        (&["list"][..], &[("NO_COLOR", "1")][..]),
        (&["show", "threat-model-mvp"], &[("NO_COLOR", "1")]),
        (&["--color", "never", "list"], &[]),
    ] {
        let plain = sb.run_on_terminal(args, env);
        assert!(plain.contains("threat-model-mvp"), "{plain:?}");
        assert!(!plain.contains('\x1b'), "{args:?} {env:?}: {plain:?}");
    }
}

// ---- closed pipe ----

#[test]
fn a_closed_pipe_exits_quietly() {
    let sb = Sandbox::new();
    let mut bank = String::from("deck: big\ntitle: Big\nrole: R\nquestions:\n");
    for i in 0..2000 {
        let _ = writeln!(
            bank,
            "  - {{id: q{i}, question: Question number {i} padded with enough words to fill a line, \
             why: W, answer: A fairly long sample answer, category: technical, tags: [t{}]}}",
            i % 3
        );
    }
    sb.write("big.yaml", bank);
    for args in [
        &["--bank", "big.yaml", "list"][..],
        &["--bank", "big.yaml", "list", "--json"],
        &["--bank", "big.yaml", "show", "--tag", "t1", "--all"],
        &["--bank", "big.yaml", "search", "question"],
    ] {
        let mut child = sb
            .command()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut reader = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("first line");
        assert!(!line.is_empty(), "{args:?} printed nothing");
        drop(reader);
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{args:?}: {:?} {stderr}",
            output.status
        );
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

// ---- snapshots of the human output ----

/// What a person sees on an 80-column terminal, without colour.
fn on_terminal(args: &[&str]) -> String {
    let mut full = vec!["--color", "never"];
    full.extend_from_slice(args);
    Sandbox::new().run_on_terminal(&full, &[])
}

#[test]
fn snapshot_show_threat_model_mvp() {
    insta::assert_snapshot!(on_terminal(&["show", "threat-model-mvp"]));
}

#[test]
fn snapshot_show_tag_secrets() {
    insta::assert_snapshot!(on_terminal(&["show", "--tag", "secrets"]));
}

#[test]
fn snapshot_list() {
    insta::assert_snapshot!(Sandbox::new().ok(&["list"]));
}

#[test]
fn snapshot_list_on_a_terminal() {
    insta::assert_snapshot!(on_terminal(&["list"]));
}

#[test]
fn snapshot_tags() {
    insta::assert_snapshot!(Sandbox::new().ok(&["tags"]));
}

#[test]
fn snapshot_search_stride() {
    insta::assert_snapshot!(on_terminal(&["search", "stride"]));
}

#[test]
fn snapshot_unknown_tag_error() {
    insta::assert_snapshot!(Sandbox::new().fails(&["show", "--tag", "secret"]));
}
