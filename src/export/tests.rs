//! Whole sheets from a small bank: filters, order, grouping and document shape.

use super::*;
use super::{ExportError, Sheet, study_sheet};
use crate::core::bank::{Bank, CardKey, Category, Deck, Question};
use crate::core::progress::{Progress, Review};
use crate::core::schedule::{Rating, Scheduler, Settings};
use crate::core::stats::Now;

fn question(id: &str, tags: &[&str], category: Category) -> Question {
    Question {
        id: id.into(),
        question: format!("Question {id}?"),
        why: "Because.".into(),
        answer: "An answer.".into(),
        tags: tags.iter().map(ToString::to_string).collect(),
        category,
        key_points: vec!["a point".into()],
        answer_time_secs: None,
    }
}

fn bank() -> Bank {
    Bank::new(vec![Deck {
        deck: "d".into(),
        title: "Deck".into(),
        role: "Engineer".into(),
        answer_time_secs: Some(60),
        questions: vec![
            question("q1", &["a"], Category::Technical),
            question("q2", &["a", "b"], Category::Behavioral),
            question("q3", &[], Category::Technical),
        ],
    }])
    .expect("one deck")
}

fn scheduler() -> Scheduler {
    Scheduler::new(Settings::default())
}

fn now() -> Now {
    Now::utc("2026-11-26T12:00:00Z".parse().expect("instant"))
}

fn progress(ratings: &[(&str, Rating)]) -> Progress {
    let mut progress = Progress::default();
    for (n, (id, rating)) in ratings.iter().enumerate() {
        let review = Review {
            id: format!("r{n}"),
            card: CardKey::new("d", id),
            at: "2026-11-20T10:00:00Z".parse().expect("instant"),
            rating: *rating,
            duration_ms: 30_000,
            timed_out: false,
            typed_answer: None,
            cram: false,
        };
        progress.record(review, &scheduler()).expect("in order");
    }
    progress
}

fn sheet(progress: Option<&Progress>, options: &SheetOptions) -> Result<Sheet, ExportError> {
    study_sheet(&bank(), progress, &scheduler(), now(), None, options)
}

fn question_headings(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter(|l| l.starts_with("## Question") || l.starts_with("### Question"))
        .collect()
}

#[test]
fn filters_and_orders() {
    let practised = progress(&[("q1", Rating::Good), ("q2", Rating::Again)]);
    let tagged = SheetOptions {
        tags: vec!["b".into()],
        ..SheetOptions::default()
    };
    let got = sheet(None, &tagged).expect("sheet");
    assert_eq!(got.questions, 1);
    assert_eq!(question_headings(&got.markdown), ["## Question q2?"]);

    let weakest = SheetOptions {
        weakest: Some(1),
        ..SheetOptions::default()
    };
    let got = sheet(Some(&practised), &weakest).expect("sheet");
    assert_eq!(question_headings(&got.markdown), ["## Question q2?"]);

    let ordered = SheetOptions {
        order: Order::Weakest,
        ..SheetOptions::default()
    };
    let got = sheet(Some(&practised), &ordered).expect("sheet");
    assert_eq!(
        question_headings(&got.markdown),
        ["## Question q2?", "## Question q1?", "## Question q3?"]
    );
}

#[test]
fn a_filter_that_matches_nothing_is_named() {
    let options = SheetOptions {
        tags: vec!["b".into()],
        category: Some(Category::Technical),
        ..SheetOptions::default()
    };
    let message = sheet(None, &options).expect_err("nothing").to_string();
    assert!(
        message.starts_with(
            "no question matches --category technical among the 1 question selected by --tag b"
        ),
        "{message}"
    );
    let due = SheetOptions {
        due_only: true,
        ..SheetOptions::default()
    };
    let message = sheet(None, &due).expect_err("nothing").to_string();
    assert!(
        message.contains("nothing has been practised yet"),
        "{message}"
    );
    let unknown = SheetOptions {
        tags: vec!["c".into()],
        ..SheetOptions::default()
    };
    assert!(matches!(
        sheet(None, &unknown),
        Err(ExportError::UnknownTag(_))
    ));
}

#[test]
fn practice_sheet_keeps_key_points_only() {
    let options = SheetOptions {
        with_answers: false,
        ..SheetOptions::default()
    };
    let markdown = sheet(None, &options).expect("sheet").markdown;
    assert!(!markdown.contains("Sample answer"), "{markdown}");
    assert!(!markdown.contains("Why employers ask"), "{markdown}");
    assert_eq!(markdown.matches("- a point").count(), 3);
}

#[test]
fn grouping_by_tag_places_each_question_once() {
    let options = SheetOptions {
        group_by: Some(Grouping::Tag),
        ..SheetOptions::default()
    };
    let markdown = sheet(None, &options).expect("sheet").markdown;
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Deck",
            "## Contents",
            "## Tag: a",
            "### Question q1?",
            "### Question q2?",
            "## No tag",
            "### Question q3?",
        ]
    );
    assert!(markdown.contains("- [Tag: a](#tag-a)\n  - [Question q1?](#question-q1)"));
}

#[test]
fn the_document_is_lint_shaped() {
    let practised = progress(&[("q1", Rating::Good)]);
    let markdown = sheet(Some(&practised), &SheetOptions::default())
        .expect("sheet")
        .markdown;
    assert!(markdown.ends_with(".\n") && !markdown.ends_with("\n\n"));
    assert!(!markdown.contains("\n\n\n"));
    assert!(markdown.lines().all(|l| !l.ends_with(' ')));
    assert_eq!(markdown.lines().filter(|l| l.starts_with("# ")).count(), 1);
    assert!(markdown.contains("## Summary\n\n- Practised: 1 of 3 questions, with 1 review in all"));
    assert!(markdown.contains("**Your progress:** not practised yet."));
}
