//! Whole sheets from a small bank: filters, order, grouping and document shape.

use super::*;
use super::{ExportError, Sheet, study_sheet};
use crate::core::bank::{Bank, CardKey, Category, Deck, Question};
use crate::core::deadline::Interviews;
use crate::core::progress::{Progress, Review};
use crate::core::schedule::{Rating, Scheduler, Settings};
use crate::core::snapshot::Snapshot;
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
            mock: false,
            round: None,
            extra: std::collections::BTreeMap::new(),
        };
        progress.record(review, &scheduler()).expect("in order");
    }
    progress
}

/// What `make` writes of `bank` and `progress` (`None`: nothing practised) at `now()`, with no
/// interview set.
fn made(
    make: fn(Snapshot<'_>, &SheetOptions) -> Result<Sheet, ExportError>,
    bank: &Bank,
    progress: Option<&Progress>,
    options: &SheetOptions,
) -> Result<Sheet, ExportError> {
    let (scheduler, none, empty) = (scheduler(), Interviews::default(), Progress::default());
    let progress = progress.unwrap_or(&empty);
    make(
        Snapshot::new(bank, progress, &scheduler, now(), &none),
        options,
    )
}

fn sheet(progress: Option<&Progress>, options: &SheetOptions) -> Result<Sheet, ExportError> {
    made(study_sheet, &bank(), progress, options)
}

/// The ids of the questions in full, in order: each sits on the line beneath its heading.
fn question_headings(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter_map(|l| l.strip_prefix("**Id:** "))
        .filter_map(|l| l.split(' ').next())
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
    assert_eq!(question_headings(&got.text), ["q2"]);

    // q3 was never practised: recall 0 on the day, the weakest of all; then q2, failed.
    let weakest = SheetOptions {
        weakest: Some(2),
        ..SheetOptions::default()
    };
    let got = sheet(Some(&practised), &weakest).expect("sheet");
    assert_eq!(question_headings(&got.text), ["q2", "q3"]);

    let ordered = SheetOptions {
        order: Order::Weakest,
        ..SheetOptions::default()
    };
    let got = sheet(Some(&practised), &ordered).expect("sheet");
    assert_eq!(question_headings(&got.text), ["q3", "q2", "q1"]);
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
fn practice_sheet_hides_key_points_unless_asked() {
    let options = SheetOptions {
        with_answers: false,
        with_key_points: false,
        ..SheetOptions::default()
    };
    let markdown = sheet(None, &options).expect("sheet").text;
    assert!(!markdown.contains("**Sample answer:**"), "{markdown}");
    assert!(!markdown.contains("**Why employers ask:**"), "{markdown}");
    assert!(!markdown.contains("**Key points:**"), "{markdown}");
    assert!(markdown.contains("Sample answers, why-notes and key points are left out."));
    let with_points = SheetOptions {
        with_key_points: true,
        ..options
    };
    let markdown = sheet(None, &with_points).expect("sheet").text;
    assert!(!markdown.contains("**Sample answer:**"), "{markdown}");
    assert_eq!(markdown.matches("- a point").count(), 3);
    assert!(markdown.contains("Sample answers and why-notes are left out; key points are kept."));
}

#[test]
fn grouping_by_tag_lists_a_question_under_each_tag() {
    let options = SheetOptions {
        group_by: Some(Grouping::Tag),
        ..SheetOptions::default()
    };
    let markdown = sheet(None, &options).expect("sheet").text;
    let headings: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with("**Also"))
        .collect();
    assert_eq!(
        headings,
        [
            "## Contents",
            "## Tag: a",
            "### 1\\. Question q1?",
            "### 2\\. Question q2?",
            "## Tag: b",
            "**Also in this group:**",
            "## No tag",
            "### 3\\. Question q3?",
        ]
    );
    // Under its second tag, q2 is a line with its text, a link to it in full and its id.
    assert!(
        markdown.contains(
            "## Tag: b\n\n**Also in this group:**\n\n- [2\\. Question q2?](#2-question-q2) · q2"
        ),
        "{markdown}"
    );
    // The contents list every tag's questions, shared ones under each.
    assert!(markdown.contains(
        "- [Tag: a](#tag-a)\n  - [1\\. Question q1?](#1-question-q1) · q1\n  - [2\\. Question q2?](#2-question-q2) · q2\n- [Tag: b](#tag-b)\n  - [2\\. Question q2?](#2-question-q2) · q2\n- [No tag](#no-tag)\n  - [3\\. Question q3?](#3-question-q3) · q3"
    ), "{markdown}");

    // Filtered by tag, only the tags asked for make groups.
    let filtered = SheetOptions {
        tags: vec!["b".into()],
        ..options
    };
    let markdown = sheet(None, &filtered).expect("sheet").text;
    assert!(!markdown.contains("Tag: a"), "{markdown}");
    assert!(
        markdown.contains("## Tag: b\n\n### 1\\. Question q2?"),
        "{markdown}"
    );
}

#[test]
fn the_introduction_names_the_filters() {
    let options = SheetOptions {
        tags: vec!["a".into()],
        category: Some(Category::Behavioral),
        order: Order::Weakest,
        ..SheetOptions::default()
    };
    let markdown = sheet(None, &options).expect("sheet").text;
    assert!(
        markdown.contains(
            "Study sheet for the Engineer role: 1 of the 3 questions, those tagged a and category behavioral. Weakest first"
        ),
        "{markdown}"
    );
    let all = sheet(None, &SheetOptions::default()).expect("sheet").text;
    assert!(
        all.contains("Study sheet for the Engineer role: all 3 questions."),
        "{all}"
    );
}

#[test]
fn contents_list_questions_with_their_ids() {
    let markdown = sheet(None, &SheetOptions::default()).expect("sheet").text;
    assert!(
        markdown.contains(
            "## Contents\n\n- [1\\. Question q1?](#1-question-q1) · q1\n- [2\\. Question q2?](#2-question-q2) · q2\n- [3\\. Question q3?](#3-question-q3) · q3\n\n## 1\\. Question q1?\n\n**Id:** q1 · **Category:** technical"
        ),
        "{markdown}"
    );
}

#[test]
fn the_document_is_lint_shaped() {
    let practised = progress(&[("q1", Rating::Good)]);
    let markdown = sheet(Some(&practised), &SheetOptions::default())
        .expect("sheet")
        .text;
    assert!(markdown.ends_with(".\n") && !markdown.ends_with("\n\n"));
    assert!(!markdown.contains("\n\n\n"));
    assert!(markdown.lines().all(|l| !l.ends_with(' ')));
    assert!(
        markdown.starts_with("---\ntitle: 'Deck'\ndate: '2026-11-26'\n---\n\nStudy sheet"),
        "{markdown}"
    );
    // The title is pandoc metadata (and markdownlint's top-level heading), so no `#` heading.
    assert_eq!(markdown.lines().filter(|l| l.starts_with("# ")).count(), 0);
    assert!(markdown.contains("## Summary\n\n- Practised: 1 of 3 questions, with 1 review in all"));
    assert!(markdown.contains("**Your progress:** not practised yet."));
}

#[test]
fn several_decks_head_questions_with_deck_and_id() {
    let other = Deck {
        deck: "e".into(),
        title: "Other".into(),
        role: "Manager".into(),
        answer_time_secs: None,
        questions: vec![
            question("q1", &["a"], Category::Leadership),
            question("400-vulns", &[], Category::Technical),
        ],
    };
    let bank = Bank::new(vec![
        Deck {
            questions: vec![question("q1", &["a"], Category::Technical)],
            ..bank().decks()[0].clone()
        },
        other,
    ])
    .expect("two decks");
    let markdown = made(study_sheet, &bank, None, &SheetOptions::default())
        .expect("sheet")
        .text;
    // Beneath each question, `deck/id`, which `show` takes.
    assert_eq!(
        question_headings(&markdown),
        ["d/q1", "e/q1", "e/400-vulns"]
    );
    // Two questions with the same text still get two headings, with two ids.
    assert!(
        markdown.contains("[1\\. Question q1?](#1-question-q1) · d/q1\n- [2\\. Question q1?](#2-question-q1) · e/q1"),
        "{markdown}"
    );
    assert!(markdown.contains("Study sheet for the Engineer and Manager roles: all 3 questions."));
    assert!(markdown.starts_with("---\ntitle: 'Interview study sheet'\n"));
}

#[test]
fn csv_holds_every_field_of_the_selected_questions() {
    let options = SheetOptions {
        tags: vec!["a".into()],
        ..SheetOptions::default()
    };
    let table = made(bank_csv, &bank(), None, &options).expect("table");
    assert_eq!(table.questions, 2);
    assert_eq!(
        table.text,
        "id,category,tags,question,why,answer,key_points,answer_time_secs,deck,deck_title,role,deck_answer_time_secs\r\n\
         q1,technical,a,Question q1?,Because.,An answer.,a point,,d,Deck,Engineer,60\r\n\
         q2,behavioral,a b,Question q2?,Because.,An answer.,a point,,d,Deck,Engineer,60\r\n"
    );
}
