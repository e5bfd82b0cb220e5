//! The HTML sheet printed to PDF by headless Chromium, at Letter and at A4: no question is split
//! across pages. Checked through each page's text (pdftotext): a question's id line, its why-note
//! and its last key point are on one page. Skips, saying so, where chromium or pdftotext is absent.

#![allow(clippy::expect_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::path::Path;
use std::process::Command;

use common::Sandbox;
use prepdrill::core::bank::Deck;

const BUILT_IN: &str = include_str!("../questions/staff-product-security-engineer.yaml");

fn installed(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if !found {
        eprintln!("{program} is not installed; this check is skipped");
    }
    found
}

/// The text of each page, whitespace folded to single spaces.
fn pages(pdf: &Path) -> Vec<String> {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .split('\u{c}')
        .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn print(html: &Path, pdf: &Path) {
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(pdf.exists(), "chromium wrote no PDF: {output:?}");
}

/// Words `from..from + n` of a text: past the opening that many why-notes share.
fn words(text: &str, from: usize, n: usize) -> String {
    text.split_whitespace()
        .skip(from)
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_printed_html_sheet_splits_no_question_across_pages() {
    if !installed("chromium") || !installed("pdftotext") {
        return;
    }
    let deck: Deck = serde_yaml::from_str(BUILT_IN).expect("the built-in bank");
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["export", "--format", "html", "-o", "sheet.html"]);
    assert!(run.success(), "{run:#?}");
    let html = std::fs::read_to_string(sandbox.path().join("sheet.html")).expect("the page");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<section class=\"question\">").count(), 24);
    assert_eq!(
        html.matches("class=\"recall\"").count(),
        24,
        "a recall bar per question"
    );
    // Letter is Chromium's default; the A4 copy says so in its own @page rule.
    let a4 = html.replace("<style>", "<style>@page { size: A4; }");
    sandbox.write("sheet-a4.html", &a4);
    for (name, paper) in [("sheet.html", "letter"), ("sheet-a4.html", "A4")] {
        let pdf = sandbox.path().join(format!("{name}.pdf"));
        print(&sandbox.path().join(name), &pdf);
        let pages = pages(&pdf);
        assert!(pages.len() > 5, "{paper}: {} pages", pages.len());
        let page_of = |needle: &str| {
            let found: Vec<usize> = (0..pages.len())
                .filter(|&i| pages[i].contains(needle))
                .collect();
            assert!(!found.is_empty(), "{paper}: `{needle}` is on no page");
            found[0]
        };
        for q in &deck.questions {
            let id_line = page_of(&format!("Id: {} ·", q.id));
            let why = page_of(&words(&q.why, 8, 8));
            let last = q.key_points.last().expect("key points");
            let end = page_of(&words(last, 0, 5));
            assert!(
                id_line == why && why == end,
                "{paper}: question {} is split across pages {id_line}, {why}, {end}",
                q.id
            );
        }
    }
}
