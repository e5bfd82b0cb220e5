//! The study sheet as a printed document: every tag gets its section, headings are ids that
//! `prepdrill show` takes, the title and date are metadata pandoc reads, the introduction names
//! the filters, and the contents fit in a few rows. Where pandoc or markdownlint is installed, the
//! sheet is also run through them (CI has neither; tests/export.rs checks ids without them).

#![allow(clippy::expect_used)] // helpers outside #[test] should fail loudly

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::Sandbox;
use prepdrill::core::bank::Deck;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

const BUILT_IN: &str = include_str!("../questions/staff-product-security-engineer.yaml");

fn built_in() -> Deck {
    serde_yaml::from_str(BUILT_IN).expect("the built-in bank parses")
}

/// The lines of a sheet's contents table, header and delimiter rows left out.
fn contents_rows(markdown: &str) -> Vec<Vec<String>> {
    let section = markdown
        .split("## Contents\n\n")
        .nth(1)
        .expect("a contents section");
    section
        .lines()
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The ids linked from a contents cell: `[a](#a) · [b](#b)` gives `a`, `b`.
fn linked_ids(cell: &str) -> Vec<String> {
    cell.split(" · ")
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// Heading texts at a level, as a markdown reader sees them.
fn headings(markdown: &str, level: HeadingLevel) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) if l == level => {
                current = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}

#[test]
fn grouping_by_tag_gives_every_tag_its_section() {
    let deck = built_in();
    let markdown = Sandbox::new().ok(&["export", "--group-by", "tag", "--no-answers"]);
    let mut expected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for q in &deck.questions {
        for tag in &q.tags {
            expected.entry(tag.clone()).or_default().push(q.id.clone());
        }
    }
    let got: BTreeMap<String, Vec<String>> = contents_rows(&markdown)
        .iter()
        .map(|row| {
            let tag = linked_ids(&row[0])[0].clone();
            (tag, linked_ids(&row[1]))
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        got["risk"].len(),
        8,
        "the issue's example: 8 questions bear `risk`"
    );
    let groups = headings(&markdown, HeadingLevel::H2);
    assert!(groups.contains(&"Tag: risk".to_string()), "{groups:?}");
    // Each question is in full once, under its first group, whatever its number of tags.
    assert_eq!(headings(&markdown, HeadingLevel::H3).len(), 24);
    assert_eq!(markdown.matches("**Question:**").count(), 24);
}

#[test]
fn headings_are_ids_that_show_takes_and_hold_no_entities() {
    let deck = built_in();
    let sandbox = Sandbox::new();
    let markdown = sandbox.ok(&["export"]);
    assert!(
        markdown
            .lines()
            .filter(|l| l.starts_with('#'))
            .all(|l| !l.contains("&#")),
        "an entity in a heading"
    );
    let ids = headings(&markdown, HeadingLevel::H2)
        .into_iter()
        .filter(|h| h != "Contents")
        .collect::<Vec<_>>();
    assert_eq!(ids.len(), deck.questions.len());
    // A few, to keep the suite fast: the first, one with digits, the last.
    for i in [0, 2, 23] {
        let (id, q) = (&ids[i], &deck.questions[i]);
        let shown = sandbox.ok(&["show", id]);
        let first_words: String = q.question.chars().take(30).collect();
        assert!(shown.contains(&first_words), "`show {id}`: {shown}");
    }
}

#[test]
fn title_and_date_are_metadata_pandoc_reads() {
    let markdown = Sandbox::new().ok(&["export"]);
    let mut metadata = None;
    let mut inside = false;
    for event in Parser::new_ext(&markdown, Options::all()) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => inside = true,
            Event::Text(text) if inside => metadata = Some(text.to_string()),
            Event::End(TagEnd::MetadataBlock(_)) => inside = false,
            _ => {}
        }
    }
    let metadata = metadata.expect("a YAML metadata block");
    let value: serde_yaml::Value = serde_yaml::from_str(&metadata).expect("YAML");
    assert_eq!(
        value["title"].as_str(),
        Some("Staff Product Security Engineer Interview Questions")
    );
    assert_eq!(value["date"].as_str(), Some("2026-11-26"));
}

#[test]
fn the_introduction_names_the_filters() {
    let markdown = Sandbox::new().ok(&[
        "export",
        "--tag",
        "secrets",
        "--category",
        "technical",
        "--order",
        "due",
        "--no-answers",
    ]);
    let intro = markdown
        .split("---\n\n")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .expect("an introduction");
    assert_eq!(
        intro,
        "Practice sheet for the Staff Product Security Engineer role: 2 of the 24 questions, those \
         tagged secrets and category technical. Earliest due first; questions not yet practised \
         come last. Sample answers, why-notes and key points are left out. Each heading is the \
         question's id: prepdrill show ID prints it in the terminal."
    );
}

#[test]
fn the_contents_are_ids_in_three_columns() {
    let deck = built_in();
    let markdown = Sandbox::new().ok(&["export"]);
    let rows = contents_rows(&markdown);
    assert_eq!(rows.len(), 8, "24 ids in 8 rows");
    assert!(rows.iter().all(|r| r.len() == 3));
    // Read down the columns, as in print.
    let mut read: Vec<String> = Vec::new();
    for column in 0..3 {
        read.extend(rows.iter().flat_map(|r| linked_ids(&r[column])));
    }
    let ids: Vec<String> = deck.questions.iter().map(|q| q.id.clone()).collect();
    assert_eq!(read, ids);
}

// ---------------------------------------------------------------------------------------------
// The real tools, where installed

/// Whether `program` runs here; tests that need it say so on stderr and pass when it does not.
fn installed(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("{program} is not installed; this check is skipped");
    }
    found
}

#[test]
fn pandoc_resolves_every_link_and_finds_the_title() {
    if !installed("pandoc") {
        return;
    }
    let sandbox = Sandbox::new();
    for args in [
        &["export"][..],
        &["export", "--group-by", "tag"],
        &["export", "--group-by", "category", "--no-answers"],
    ] {
        let markdown = sandbox.ok(args);
        let path = sandbox.write("sheet.md", &markdown);
        for reader in ["gfm", "markdown", "commonmark_x"] {
            let output = Command::new("pandoc")
                .args(["-f", reader, "-s", "-t", "html"])
                .arg(&path)
                .output()
                .expect("run pandoc");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success() && stderr.is_empty(),
                "{reader}: {stderr}"
            );
            let html = String::from_utf8_lossy(&output.stdout);
            assert!(
                html.contains("<title>Staff Product Security Engineer Interview Questions</title>"),
                "{reader}"
            );
            for link in html.split("href=\"#").skip(1) {
                let id = link.split('"').next().unwrap_or_default();
                assert!(
                    html.contains(&format!("id=\"{id}\"")),
                    "{args:?} read as {reader}: #{id} resolves to nothing"
                );
            }
        }
    }
}

#[test]
fn markdownlint_passes_where_installed() {
    // `npm install markdownlint-cli2` puts it in node_modules/.bin; point MARKDOWNLINT at it.
    let Some(program) = std::env::var_os("MARKDOWNLINT") else {
        eprintln!("MARKDOWNLINT is not set; this check is skipped");
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write(".markdownlint.json", r#"{ "MD013": false }"#);
    for (name, args) in [
        ("full.md", &["export"][..]),
        ("tag.md", &["export", "--group-by", "tag", "--no-answers"]),
        ("category.md", &["export", "--group-by", "category"]),
        ("few.md", &["export", "--tag", "secrets", "--tag", "cloud"]),
    ] {
        sandbox.write(name, sandbox.ok(args));
    }
    let output = Command::new(Path::new(&program))
        .arg("*.md")
        .current_dir(sandbox.path())
        .output()
        .expect("run markdownlint");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
