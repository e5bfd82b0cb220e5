//! The study sheet as a printed document: every tag gets its section with the text of each of its
//! questions, headings are the questions themselves with the id `prepdrill show` takes beneath,
//! the title and date are metadata pandoc reads, the introduction names the filters, and the
//! contents list every question with its id. Where pandoc or markdownlint is installed, the
//! sheet is also run through them (CI has neither; tests/export.rs checks ids without them).

#![allow(clippy::expect_used)] // helpers outside #[test] should fail loudly

use crate::common;

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

/// The sections of a sheet under its `## ` headings: (heading, body).
fn sections(markdown: &str) -> Vec<(String, String)> {
    markdown
        .split("\n## ")
        .skip(1)
        .map(|part| {
            let (heading, body) = part.split_once('\n').unwrap_or((part, ""));
            (heading.to_string(), body.to_string())
        })
        .collect()
}

/// What a reader sees of a markdown fragment: its text, escapes and links gone.
fn plain(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    text
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
fn grouping_by_tag_gives_every_tag_its_section_with_question_texts() {
    let deck = built_in();
    let markdown = Sandbox::new().ok(&["export", "--group-by", "tag", "--no-answers"]);
    let tag_sections: BTreeMap<String, String> = sections(&markdown)
        .into_iter()
        .filter_map(|(h, body)| Some((h.strip_prefix("Tag: ")?.to_string(), plain(&body))))
        .collect();
    let mut expected: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for q in &deck.questions {
        for tag in &q.tags {
            expected.entry(tag.clone()).or_default().push(&q.question);
        }
    }
    assert_eq!(
        tag_sections.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        expected["risk"].len(),
        8,
        "the issue's example: 8 questions bear `risk`"
    );
    // Every tag section shows the text of every question it holds, in full or as a line.
    for (tag, questions) in &expected {
        for question in questions {
            assert!(
                tag_sections[tag].contains(question.trim()),
                "Tag: {tag} does not show {question:?}:\n{}",
                tag_sections[tag]
            );
        }
    }
    // Each question is in full once, under the first tag it bears as the bank lists it.
    let full = headings(&markdown, HeadingLevel::H3);
    assert_eq!(full.len(), 24);
    let tag_of_heading: Vec<(String, String)> = sections(&markdown)
        .into_iter()
        .flat_map(|(h, body)| {
            body.lines()
                .filter_map(|l| l.strip_prefix("### "))
                .map(|q| (h.clone(), plain(q).trim().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    for q in &deck.questions {
        let (group, _) = tag_of_heading
            .iter()
            .find(|(_, heading)| heading.ends_with(q.question.trim()))
            .unwrap_or_else(|| panic!("{} is nowhere in full", q.id));
        assert_eq!(group, &format!("Tag: {}", q.tags[0]), "{}", q.id);
    }
}

#[test]
fn headings_are_numbered_questions_with_the_id_that_show_takes_beneath() {
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
    let questions = headings(&markdown, HeadingLevel::H2)
        .into_iter()
        .filter(|h| h != "Contents")
        .collect::<Vec<_>>();
    assert_eq!(questions.len(), deck.questions.len());
    for (i, (heading, q)) in questions.iter().zip(&deck.questions).enumerate() {
        assert_eq!(heading, &format!("{}. {}", i + 1, q.question.trim()));
    }
    let ids: Vec<&str> = markdown
        .lines()
        .filter_map(|l| l.strip_prefix("**Id:** "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(ids.len(), deck.questions.len());
    // A few, to keep the suite fast: the first, one with digits, the last.
    for i in [0, 2, 23] {
        let (id, q) = (ids[i], &deck.questions[i]);
        assert_eq!(id, q.id);
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
         come last. Sample answers, why-notes and key points are left out. Each question is a \
         numbered heading with its id beneath: prepdrill show ID prints it in the terminal."
    );
}

#[test]
fn the_contents_list_each_question_with_its_id_and_a_link() {
    let deck = built_in();
    let markdown = Sandbox::new().ok(&["export"]);
    let contents = markdown
        .split("## Contents\n\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a contents section");
    let lines: Vec<&str> = contents.lines().collect();
    assert_eq!(lines.len(), deck.questions.len());
    let headings: Vec<String> = headings(&markdown, HeadingLevel::H2);
    for (i, (line, q)) in lines.iter().zip(&deck.questions).enumerate() {
        assert!(line.ends_with(&format!(") · {}", q.id)), "{line}");
        let shown = plain(line).replace('\n', "");
        let words: String = q.question.chars().take(25).collect();
        assert!(shown.starts_with(&format!("{}. {words}", i + 1)), "{line}");
        assert!(shown.chars().count() < 100, "one line: {shown}");
        assert!(
            headings
                .iter()
                .any(|h| h.starts_with(&format!("{}. ", i + 1)))
        );
    }
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
        // GitHub's ids, which `pandoc -f gfm` and commonmark_x compute the same way. (Pandoc's own
        // `markdown` reader keeps `.` and drops leading digits, so a heading that is a numbered
        // question gets another id there; the issue asks for GitHub and `-f gfm`.)
        for reader in ["gfm", "commonmark_x"] {
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
