//! Issue 5 from the outside: `prepdrill export` run as the real binary, its sheet parsed with
//! pulldown-cmark. Every question is a heading, every contents link resolves, filters do what they
//! say, hostile bank text stays text, files are written atomically, and a full sheet is snapshotted.

#![allow(clippy::expect_used)] // helpers outside #[test] should fail loudly

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use prepdrill::core::bank::Deck;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const NOW: &str = "2026-11-26T12:00:00Z";
const BUILT_IN: &str = include_str!("../questions/staff-product-security-engineer.yaml");

// ---------------------------------------------------------------------------------------------
// Running the binary

/// A scratch home for one test: its own data, config and cache, and nothing from the caller's
/// environment, with the clock pinned.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write into the sandbox");
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        let root = self.dir.path();
        Command::new(env!("CARGO_BIN_EXE_prepdrill"))
            .env_clear()
            .env("HOME", root)
            .env("XDG_CONFIG_HOME", root.join("cfg"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_CACHE_HOME", root.join("cache"))
            .env("PREPDRILL_NOW", NOW)
            .env("TZ", "UTC")
            .current_dir(root)
            .arg("--data-dir")
            .arg(root.join("data"))
            .args(args)
            .output()
            .expect("run prepdrill")
    }

    /// Stdout of a run that must succeed.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "prepdrill {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 stdout")
    }

    /// Stderr of a run that must fail, having printed nothing to stdout.
    fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(!output.status.success(), "prepdrill {args:?} succeeded");
        assert!(output.stdout.is_empty(), "stdout of a failed export");
        String::from_utf8(output.stderr).expect("UTF-8 stderr")
    }

    /// Leftover temporary files of an export, anywhere in the sandbox's top two levels.
    fn temp_files(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut dirs = vec![self.dir.path().to_path_buf()];
        for depth in 0..2 {
            let mut next = Vec::new();
            for dir in &dirs {
                for entry in std::fs::read_dir(dir).expect("list dir").flatten() {
                    let path = entry.path();
                    let name = entry.file_name().to_string_lossy().into_owned();
                    // The file layer's temporary files: `.NAME.PID.RANDOM.tmp`.
                    if name.starts_with('.') && path.extension().is_some_and(|e| e == "tmp") {
                        found.push(path.clone());
                    }
                    if depth == 0 && path.is_dir() {
                        next.push(path);
                    }
                }
            }
            dirs = next;
        }
        found
    }
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export-bank.yaml")
        .display()
        .to_string()
}

fn built_in() -> Deck {
    serde_yaml::from_str(BUILT_IN).expect("the built-in bank parses")
}

// ---------------------------------------------------------------------------------------------
// Reading the sheet

#[derive(Debug)]
struct Heading {
    level: usize,
    text: String,
    /// The id GitHub gives the heading.
    id: String,
}

/// What a markdown parser makes of a sheet.
#[derive(Debug, Default)]
struct Sheet {
    headings: Vec<Heading>,
    /// Every link's destination.
    links: Vec<String>,
    /// Anything bank text could have turned into: HTML, code, emphasis, tables, math, footnotes.
    markup: Vec<String>,
    strong: usize,
    items: usize,
    block_quotes: usize,
    /// YAML metadata blocks (the sheet's title and date) and tables (none: bank text makes none).
    metadata: usize,
    tables: usize,
    /// The rendered text, a line per paragraph, item and heading.
    text: String,
}

impl Sheet {
    /// The questions shown in full: each is a heading, numbered `1. ` on in order.
    fn questions(&self) -> Vec<&str> {
        let headings: Vec<&str> = self
            .headings
            .iter()
            .filter(|h| h.level > 1 && !is_section(&h.text) && !is_group(&h.text))
            .map(|h| h.text.as_str())
            .collect();
        headings
            .iter()
            .enumerate()
            .map(|(i, h)| {
                h.strip_prefix(&format!("{}. ", i + 1))
                    .unwrap_or_else(|| panic!("heading {} is not numbered: {h}", i + 1))
            })
            .collect()
    }

    /// The ids on the line beneath each question's heading, in order.
    fn question_headings(&self) -> Vec<&str> {
        self.text
            .lines()
            .filter_map(|l| l.strip_prefix("Id: "))
            .filter_map(|l| l.split(' ').next())
            .collect()
    }
}

fn is_section(text: &str) -> bool {
    matches!(text, "Summary" | "Contents")
}

fn is_group(text: &str) -> bool {
    text.starts_with("Category: ") || text.starts_with("Tag: ") || text == "No tag"
}

/// Parses with every extension pulldown-cmark has (GFM tables, strikethrough, footnotes, math,
/// heading attributes, definition lists, wikilinks...), so markup of any dialect shows up.
/// Smart punctuation is left out only because it rewrites the text being compared.
fn parse(markdown: &str) -> Sheet {
    let options = Options::all() - Options::ENABLE_SMART_PUNCTUATION;
    let mut sheet = Sheet::default();
    let mut ids = Slugger::default();
    let mut heading: Option<(usize, String)> = None;
    let mut in_metadata = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                sheet.metadata += 1;
                in_metadata = true;
            }
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(_) if in_metadata => {}
            Event::Start(Tag::Table(_)) => sheet.tables += 1,
            Event::Start(Tag::Heading { level, id, .. }) => {
                assert!(id.is_none(), "an explicit heading id: {id:?}");
                heading = Some((level as usize, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = heading.take().expect("inside a heading");
                sheet.text.push_str(&text);
                sheet.text.push('\n');
                sheet.headings.push(Heading {
                    level,
                    id: ids.slug(&text),
                    text,
                });
            }
            Event::Text(text) => match &mut heading {
                Some((_, heading)) => heading.push_str(&text),
                None => sheet.text.push_str(&text),
            },
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                sheet.text.push('\n');
            }
            Event::Start(Tag::Link { dest_url, .. }) => sheet.links.push(dest_url.to_string()),
            Event::Start(Tag::Strong) => sheet.strong += 1,
            Event::Start(Tag::Item) => sheet.items += 1,
            Event::Start(Tag::BlockQuote(_)) => sheet.block_quotes += 1,
            Event::Start(
                tag @ (Tag::Emphasis
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Image { .. }
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList),
            ) => sheet.markup.push(format!("{tag:?}")),
            event @ (Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::Rule
            | Event::HardBreak) => sheet.markup.push(format!("{event:?}")),
            _ => {}
        }
    }
    sheet
}

/// Heading ids as GitHub makes them (github-slugger): lowercase, keep letters, numbers, `-`, `_`
/// and spaces, spaces to hyphens, and number repeats `-1`, `-2`.
#[derive(Default)]
struct Slugger(HashMap<String, usize>);

impl Slugger {
    fn slug(&mut self, text: &str) -> String {
        let base: String = text
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let mut id = base.clone();
        while self.0.contains_key(&id) {
            let n = self.0.entry(base.clone()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.0.insert(id.clone(), 0);
        id
    }
}

/// The checks every sheet passes: its title in a YAML metadata block and no `#` heading, one
/// table (the contents), no markup from bank text, no control characters, every link to a heading
/// by GitHub's id (pandoc's with -f gfm), and every question and group linked. Returns the parsed
/// sheet.
#[track_caller]
fn well_formed(markdown: &str) -> Sheet {
    let sheet = parse(markdown);
    assert!(markdown.starts_with("---\ntitle: '"), "{markdown}");
    assert_eq!(sheet.metadata, 1, "one metadata block");
    assert_eq!(sheet.tables, 0, "no table: the contents are a list");
    assert_eq!(
        sheet.headings.iter().filter(|h| h.level == 1).count(),
        0,
        "the title is metadata, not a heading"
    );
    assert!(
        sheet.markup.is_empty(),
        "bank text became markup: {:?}",
        sheet.markup
    );
    assert!(
        !markdown.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in the sheet"
    );
    assert!(markdown.ends_with('\n') && !markdown.ends_with("\n\n"));
    // The ids are GitHub's, which `pandoc -f gfm` computes too (tests/sheet.rs runs pandoc).
    let ids: Vec<&str> = sheet.headings.iter().map(|h| h.id.as_str()).collect();
    for link in &sheet.links {
        let fragment = link
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("not a link within the sheet: {link}"));
        assert!(
            ids.contains(&fragment),
            "`{link}` resolves to no heading; ids: {ids:#?}"
        );
    }
    for heading in sheet.headings.iter().filter(|h| !is_section(&h.text)) {
        assert!(
            sheet.links.iter().any(|l| l[1..] == heading.id),
            "nothing links to `{}`",
            heading.text
        );
    }
    sheet
}

/// Whitespace runs to one space, control characters to Control Pictures: what the sheet promises
/// to make of bank text.
fn fold(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| match c {
            '\0'..='\x1f' => char::from_u32(0x2400 + u32::from(c)).expect("a control picture"),
            c => c,
        })
        .collect()
}

fn rate(sandbox: &Sandbox, bank: &[&str], id: &str, rating: &str, at: &str, secs: &str) {
    let mut args = bank.to_vec();
    args.extend(["rate", id, rating, "--at", at, "--duration", secs]);
    sandbox.ok(&args);
}

// ---------------------------------------------------------------------------------------------
// The built-in bank

#[test]
fn built_in_sheet_holds_every_question_in_full() {
    let deck = built_in();
    let markdown = Sandbox::new().ok(&["export"]);
    let sheet = well_formed(&markdown);
    let expected: Vec<String> = deck.questions.iter().map(|q| fold(&q.question)).collect();
    assert_eq!(sheet.questions(), expected);
    assert_eq!(sheet.questions().len(), 24);
    let ids: Vec<&str> = deck.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        sheet.question_headings(),
        ids,
        "each question's heading is its id"
    );
    for q in &deck.questions {
        for needle in [
            format!("Why employers ask: {}\n", fold(&q.why)),
            format!("Sample answer: {}\n", fold(&q.answer)),
        ] {
            assert!(sheet.text.contains(&needle), "missing: {needle}");
        }
        for point in &q.key_points {
            assert!(
                sheet.text.contains(&format!("\n{}\n", fold(point))),
                "missing key point: {point}"
            );
        }
    }
    assert!(!markdown.contains("## Summary"), "no progress, no summary");
}

#[test]
fn tag_keeps_only_questions_bearing_it() {
    let deck = built_in();
    let sheet = well_formed(&Sandbox::new().ok(&["export", "--tag", "secrets"]));
    let expected: Vec<String> = deck
        .questions
        .iter()
        .filter(|q| q.tags.iter().any(|t| t == "secrets"))
        .map(|q| fold(&q.question))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(sheet.questions(), expected);
}

#[test]
fn weakest_keeps_the_lowest_predicted_recall() {
    let deck = built_in();
    let sandbox = Sandbox::new();
    rate(
        &sandbox,
        &[],
        "threat-model-mvp",
        "easy",
        "2026-11-20T10:00:00Z",
        "60",
    );
    rate(
        &sandbox,
        &[],
        "vuln-triage-400",
        "again",
        "2026-11-25T10:00:00Z",
        "200",
    );
    // Unseen questions count as recall 0, the weakest of all; then the one failed yesterday;
    // the one answered easy a week ago is the strongest, so 23 of 24 leave it out.
    let sheet = well_formed(&sandbox.ok(&["export", "--weakest", "23", "--order", "weakest"]));
    let question = |id: &str| {
        let q = deck
            .questions
            .iter()
            .find(|q| q.id == id)
            .expect("in the bank");
        fold(&q.question)
    };
    let questions = sheet.questions();
    assert_eq!(questions.len(), 23);
    assert!(!questions.contains(&question("threat-model-mvp").as_str()));
    assert_eq!(
        questions.last().copied(),
        Some(question("vuln-triage-400").as_str())
    );
    assert!(
        sheet.text.contains("Practised: 1 of 23 questions"),
        "{}",
        sheet.text
    );
    assert!(
        sheet
            .text
            .contains("Answer time: 3m20s on average against a target of 2m")
    );
}

#[test]
fn no_answers_hides_answers_and_key_points_until_asked() {
    let deck = built_in();
    let sandbox = Sandbox::new();
    for (args, with_points) in [
        (&["export", "--no-answers"][..], false),
        (&["export", "--no-answers", "--key-points"][..], true),
    ] {
        let markdown = sandbox.ok(args);
        let sheet = well_formed(&markdown);
        assert_eq!(sheet.questions().len(), 24);
        assert!(!markdown.contains("**Sample answer:**"));
        assert!(!markdown.contains("**Why employers ask:**"));
        assert_eq!(
            markdown.contains("**Key points:**"),
            with_points,
            "{args:?}"
        );
        for q in &deck.questions {
            assert!(
                !sheet.text.contains(&fold(&q.answer)),
                "an answer of {}",
                q.id
            );
            for point in &q.key_points {
                assert_eq!(
                    sheet.text.contains(&format!("\n{}\n", fold(point))),
                    with_points,
                    "{point}"
                );
            }
        }
    }
}

#[test]
fn group_by_category_nests_questions_under_group_headings() {
    let markdown = Sandbox::new().ok(&["export", "--group-by", "category"]);
    let sheet = well_formed(&markdown);
    let groups: Vec<&str> = sheet
        .headings
        .iter()
        .filter(|h| is_group(&h.text))
        .map(|h| {
            assert_eq!(h.level, 2);
            h.text.as_str()
        })
        .collect();
    assert_eq!(
        groups,
        [
            "Category: technical",
            "Category: behavioral",
            "Category: leadership",
            "Category: motivation"
        ]
    );
    let questions: Vec<&Heading> = sheet.headings.iter().filter(|h| h.level == 3).collect();
    assert_eq!(questions.len(), 24);
    assert_eq!(sheet.questions().len(), 24);
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn a_filter_that_matches_nothing_says_which() {
    let sandbox = Sandbox::new();
    let bank = fixture();
    let message = sandbox.fails(&[
        "--bank",
        &bank,
        "export",
        "--tag",
        "communication",
        "--category",
        "technical",
    ]);
    assert!(
        message.contains(
            "no question matches --category technical among the 1 question selected by --tag communication"
        ),
        "{message}"
    );
    assert!(message.contains("hint:"), "{message}");

    let message = sandbox.fails(&["--bank", &bank, "export", "--due"]);
    assert!(message.contains("no question matches --due"), "{message}");
    assert!(
        message.contains("nothing has been practised yet"),
        "{message}"
    );

    let message = sandbox.fails(&["--bank", &bank, "export", "--tag", "comunication"]);
    assert!(
        message.contains("did you mean `communication`"),
        "{message}"
    );
}

#[test]
fn output_to_a_directory_is_refused() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.path("out")).expect("mkdir");
    for target in ["out", "out/"] {
        let message = sandbox.fails(&["--bank", &fixture(), "export", "-o", target]);
        assert!(
            message.contains(&format!("{target}: is a directory")),
            "{message}"
        );
        assert!(message.contains("hint: name a file in it"), "{message}");
    }
    let message = sandbox.fails(&["--bank", &fixture(), "export", "-o", "new/"]);
    assert!(message.contains("`new/` is not a file name"), "{message}");
    assert!(!sandbox.path("new").exists());
    let left: Vec<_> = std::fs::read_dir(sandbox.path("out"))
        .expect("list")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn output_that_cannot_be_written_leaves_nothing_behind() {
    let sandbox = Sandbox::new();
    sandbox.write("plain.txt", "not a directory");
    // A file where a directory should be, and a missing directory: unwritable even for root.
    let cases = [
        ("plain.txt/sheet.md", "not a directory"),
        ("missing/sheet.md", "does not exist"),
    ];
    for (target, hint) in cases {
        let message = sandbox.fails(&["--bank", &fixture(), "export", "-o", target]);
        assert!(
            message.contains(&format!("{target}: cannot write the sheet")),
            "{message}"
        );
        assert!(message.contains(hint), "{message}");
    }
    assert_eq!(
        std::fs::read_to_string(sandbox.path("plain.txt")).expect("read"),
        "not a directory"
    );
    assert!(
        sandbox.temp_files().is_empty(),
        "{:?}",
        sandbox.temp_files()
    );
}

#[test]
fn output_file_is_replaced_whole() {
    let sandbox = Sandbox::new();
    let bank = fixture();
    let path = sandbox.write("sheet.md", "an old sheet that must go\n");
    let output = sandbox.run(&["--bank", &bank, "export", "-o", "sheet.md"]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty(), "stdout stays empty with -o FILE");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "Wrote 3 questions to sheet.md\n"
    );
    let written = std::fs::read_to_string(&path).expect("read the sheet");
    assert_eq!(written, sandbox.ok(&["--bank", &bank, "export"]));
    assert_eq!(written, sandbox.ok(&["--bank", &bank, "export", "-o", "-"]));
    assert!(
        sandbox.temp_files().is_empty(),
        "{:?}",
        sandbox.temp_files()
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile text

const HOSTILE: &str = r##"
deck: hostile
title: "# Hostile | <b>deck</b> *title*"
role: "> red _team_ \e[31m"
answer_time_secs: 60
questions:
  - id: markup
    category: technical
    tags: [markup]
    question: "# not a heading | a | b | <script>alert(1)</script> *x* _y_ `code` [link](http://x) http://bare.example <http://auto.example> ##"
    why: "> quote\n- item\n1. one\n\e]0;x\a and \e[2J done   "
    answer: "```\nfence\n```\n\n    indented\n\n---\n===\n<div>html</div>\n[ref]: http://x\n\n[ref]"
    key_points:
      - "- item"
      - "> quote"
      - "1. one"
      - "<!-- comment -->"
      - "[^1]: footnote $x$ ~sub~ ^sup^ ~~gone~~ @cite www.example.com a@b.co :smile:"
  - id: list-start
    category: behavioral
    tags: [markup, lists]
    question: "- item\n> quote\n1) two\n+ three {#custom-id}   "
    why: "| a | b |\n|---|---|\n| c | d |"
    answer: "Term\n: definition\n\n* * *\n[[wiki]] ![img](http://x/i.png) &amp; &#35; \\\\ end\\"
    key_points: ["+ plus", "***", "\\ backslash", "- [ ] task", "    indented"]
  - id: contents-clash
    category: technical
    question: "Contents"
    why: "w"
    answer: "a"
  - id: same-text
    category: technical
    question: "Contents"
    why: "w"
    answer: "a"
  - id: unicode
    category: leadership
    tags: [lists]
    question: "Qué pasa, señor? Tell me about authority."
    why: "w"
    answer: "a"
  - id: punct-only
    category: motivation
    question: "???"
    why: "w"
    answer: "a"
"##;

#[test]
fn hostile_text_cannot_change_the_structure() {
    let sandbox = Sandbox::new();
    let bank = sandbox.write("hostile.yaml", HOSTILE);
    let bank = bank.to_str().expect("UTF-8 path");
    let deck: Deck = serde_yaml::from_str(HOSTILE).expect("the hostile bank parses");

    let markdown = sandbox.ok(&["--bank", bank, "export"]);
    let sheet = well_formed(&markdown);
    // The title is pandoc metadata: escaped as markdown, then single-quoted YAML.
    assert!(
        markdown.starts_with("---\ntitle: '\\# Hostile \\| \\<b\\>deck\\</b\\> \\*title\\*'\n"),
        "{markdown}"
    );
    let expected: Vec<String> = deck.questions.iter().map(|q| fold(&q.question)).collect();
    assert_eq!(sheet.questions(), expected);
    let ids: Vec<&str> = deck.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(sheet.question_headings(), ids);

    let labels: usize = deck
        .questions
        .iter()
        .map(|q| 4 + usize::from(!q.tags.is_empty()) + usize::from(!q.key_points.is_empty()))
        .sum();
    assert_eq!(sheet.strong, labels, "only the sheet's own labels are bold");
    let points: usize = deck.questions.iter().map(|q| q.key_points.len()).sum();
    assert_eq!(
        sheet.items,
        points + deck.questions.len(),
        "only key points and the contents are lists"
    );
    assert_eq!(sheet.block_quotes, 0);
    for q in &deck.questions {
        assert!(
            sheet
                .text
                .contains(&format!("Why employers ask: {}\n", fold(&q.why)))
        );
        assert!(
            sheet
                .text
                .contains(&format!("Sample answer: {}\n", fold(&q.answer)))
        );
        for point in &q.key_points {
            assert!(
                sheet.text.contains(&format!("\n{}\n", fold(point))),
                "{point}"
            );
        }
    }

    let grouped = sandbox.ok(&[
        "--bank",
        bank,
        "export",
        "--group-by",
        "tag",
        "--no-answers",
    ]);
    let sheet = well_formed(&grouped);
    assert_eq!(sheet.questions().len(), deck.questions.len());
    // `list-start` is tagged `markup` then `lists`: in full under its first tag, as the bank lists
    // them, and a line with its text and a link under the other, which comes first in the sheet.
    let section = |tag: &str| {
        let start = grouped
            .find(&format!("## Tag: {tag}\n"))
            .expect("the section");
        let rest = &grouped[start + 3..];
        &rest[..rest.find("\n## ").unwrap_or(rest.len())]
    };
    assert!(
        section("lists").contains("**Also in this group:**\n\n- [3\\. - item \\> quote"),
        "{grouped}"
    );
    assert!(
        section("markup").contains("### 3\\. - item \\> quote"),
        "{grouped}"
    );
}

// ---------------------------------------------------------------------------------------------
// Snapshot

#[test]
fn full_sheet_snapshot() {
    let sandbox = Sandbox::new();
    let bank = fixture();
    let with_bank = ["--bank", bank.as_str()];
    sandbox.ok(&["config", "set", "interview-date", "2026-12-10"]);
    rate(
        &sandbox,
        &with_bank,
        "rate-limiter",
        "good",
        "2026-11-20T10:00:00Z",
        "95",
    );
    rate(
        &sandbox,
        &with_bank,
        "rate-limiter",
        "good",
        "2026-11-23T09:30:00Z",
        "80",
    );
    rate(
        &sandbox,
        &with_bank,
        "conflict",
        "again",
        "2026-11-25T18:00:00Z",
        "150",
    );
    add_typed_answer(
        &sandbox.path("data/progress.json"),
        "mock-interview/conflict",
        "We argued about a migration.\nI said *no*, then we # tested both.",
    );

    let markdown = sandbox.ok(&["--bank", &bank, "export"]);
    let sheet = well_formed(&markdown);
    assert_eq!(sheet.questions().len(), 3);
    assert_eq!(sheet.block_quotes, 1, "the typed answer");
    insta::assert_snapshot!("full_sheet", markdown);
}

/// Gives the card's latest review a typed answer, as a `--type` drill would have.
fn add_typed_answer(progress: &Path, card: &str, answer: &str) {
    let text = std::fs::read_to_string(progress).expect("read progress");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("progress JSON");
    let review = value["reviews"]
        .as_array_mut()
        .expect("a review log")
        .iter_mut()
        .rev()
        .find(|r| r["card"] == card)
        .expect("a review of the card");
    review["typed_answer"] = answer.into();
    std::fs::write(progress, value.to_string()).expect("write progress");
}
