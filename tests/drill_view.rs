//! Snapshots of the drill screen, drawn by the pure renderer from a session built by hand at fixed
//! instants, so every screen is stable and can be read in review.
//!
//! Every drawing is also checked for its shape: exactly `height` lines, none wider than the screen
//! by display width, because a line that is too wide wraps in the terminal and scrambles the screen.

// The helpers build fixtures from constants; a fixture that does not build is a broken test and
// should fail loudly where it is built.
#![allow(clippy::expect_used)]

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use prepdrill::core::bank::Bank;
use prepdrill::core::queue::Queue;
use prepdrill::core::schedule::{Rating, Scheduler, Settings};
use prepdrill::core::session::{Action, EndReason, IdSource, QueuedCard, Session, SessionOptions};
use prepdrill::store::bank_file::parse_deck;
use prepdrill::ui::drill_summary::Ending;
use prepdrill::ui::drill_view::{
    MIN_HEIGHT, MIN_WIDTH, Screen, Summary, SummaryRow, render, render_summary,
};
use prepdrill::ui::style::Painter;
use unicode_width::UnicodeWidthStr;

/// Three questions: one long enough to wrap, one with wide (CJK) characters and its own answer
/// time, one with no key points at all.
const YAML: &str = r#"
deck: mock
title: Mock interview
role: Staff Product Security Engineer
answer_time_secs: 90
questions:
  - id: threat-model-login
    category: technical
    tags: [threat-modeling, authn-authz]
    question: "Walk me through how you’d threat model a brand‑new login feature we’re rushing to ship in the next two sprints."
    why: "Employers ask this to see a practical method under time pressure: a lightweight framework, partnership with product, and mitigations that don’t derail the launch."
    answer: "I run a 30–45 minute whiteboard session with the tech lead and PM, map data flows and trust boundaries, apply a simplified STRIDE, and agree on the top three mitigations that fit the sprint. Follow-ups go to the backlog with clear risk notes."
    key_points:
      - "Simplified STRIDE on data flows"
      - "Map trust boundaries with the tech lead and PM"
      - "Top three mitigations that fit the sprint"
  - id: secrets-store
    category: technical
    tags: [secrets]
    answer_time_secs: 45
    question: "Where should an application keep its secrets (秘密の管理)?"
    why: "Secrets leak through code, logs and CI; employers want a default you would defend."
    answer: "In a managed secret store, injected at run time, rotated automatically, never in git."
    key_points:
      - "Managed secret store"
      - "Rotation"
  - id: influence
    category: behavioral
    tags: [behavioral]
    question: "Tell me about a time you influenced a decision without authority."
    why: "Security people persuade far more often than they order."
    answer: "I framed the risk in product terms and offered options, not blockers."
"#;

const TITLE: &str = "Mock interview";

/// The session's start: every instant in these tests is an offset from it.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0)
        .single()
        .expect("a valid instant")
        + Duration::seconds(secs)
}

fn bank() -> Bank {
    let deck = parse_deck("t.yaml", YAML).expect("the test deck parses");
    Bank::new(vec![deck]).expect("the test bank is valid")
}

/// A 20-minute session over the whole bank, in bank order, started at `t(0)`.
fn session(bank: &Bank, cram: bool) -> Session {
    let queue = bank
        .cards()
        .map(|card| QueuedCard {
            key: card.key(),
            answer_limit: Duration::seconds(i64::from(card.answer_time_secs())),
            key_points: card.question.key_points.clone(),
        })
        .collect();
    let scheduler = Scheduler::new(Settings::default());
    let mut n = 0;
    Session::new(
        Queue::planned(queue, HashMap::new(), scheduler),
        SessionOptions {
            length: Duration::minutes(20),
            cram,
        },
        t(0),
        IdSource(Box::new(move || {
            n += 1;
            format!("review-{n}")
        })),
    )
}

fn screen(width: u16, height: u16) -> Screen<'static> {
    Screen {
        width,
        height,
        painter: Painter::PLAIN,
        title: TITLE,
        typing: false,
        help: false,
        scroll: 0,
        notice: None,
        feedback: None,
        own: None,
        cursor: None,
    }
}

/// The lines that do not fit the screen, with their widths.
fn overflowing(lines: &[String], width: u16) -> Vec<(usize, String)> {
    lines
        .iter()
        .filter(|line| line.width() > usize::from(width))
        .map(|line| (line.width(), line.clone()))
        .collect()
}

/// Renders the screen, checks its shape, and joins it for a snapshot.
#[track_caller]
fn draw(session: &Session, bank: &Bank, now: DateTime<Utc>, screen: Screen<'_>) -> String {
    let lines = render(session, bank, now, screen);
    assert_eq!(
        lines.len(),
        usize::from(screen.height),
        "the screen has exactly `height` lines: {lines:#?}"
    );
    let too_wide = overflowing(&lines, screen.width);
    assert!(
        too_wide.is_empty(),
        "lines wider than {} columns: {too_wide:#?}",
        screen.width
    );
    lines.join("\n")
}

#[test]
fn question_with_countdown() {
    let bank = bank();
    let s = session(&bank, false);
    let text = draw(&s, &bank, t(25), screen(80, 24));
    assert!(text.contains("01:05"), "90 s limit, 25 s spent:\n{text}");
    assert!(text.contains("19:35 left"), "{text}");
    assert!(
        !text.contains("Sample answer"),
        "no answer before the reveal"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn countdown_turns_to_overtime_after_zero() {
    let bank = bank();
    let s = session(&bank, false);
    let at_zero = draw(&s, &bank, t(90), screen(80, 24));
    assert!(at_zero.contains("00:00"), "{at_zero}");
    assert!(!at_zero.contains("TIME UP"), "{at_zero}");
    let text = draw(&s, &bank, t(100), screen(80, 24));
    assert!(text.contains("TIME UP"), "{text}");
    assert!(text.contains("+00:10"), "{text}");
    assert!(
        !text.contains("Sample answer"),
        "time running out does not reveal the answer"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn hint_shows_why_employers_ask() {
    let bank = bank();
    let mut s = session(&bank, false);
    let before = draw(&s, &bank, t(5), screen(80, 24));
    assert!(!before.contains("Why employers ask"), "{before}");
    s.apply(Action::Hint, t(10));
    let text = draw(&s, &bank, t(12), screen(80, 24));
    assert!(text.contains("Why employers ask"), "{text}");
    assert!(!text.contains("Sample answer"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn revealed_answer_with_checklist_and_suggested_grade() {
    let bank = bank();
    let mut s = session(&bank, false);
    s.apply(Action::Reveal, t(40));
    s.apply(Action::Toggle(0), t(45));
    s.apply(Action::Toggle(2), t(46));
    let text = draw(&s, &bank, t(50), screen(80, 24));
    let later = draw(&s, &bank, t(70), screen(80, 24));
    assert!(
        later.contains("answered in 00:40 of 01:30"),
        "the answer clock froze at the reveal:\n{later}"
    );
    assert!(text.contains("[x] a"), "{text}");
    assert!(text.contains("[ ] b"), "{text}");
    assert!(text.contains("[x] c"), "{text}");
    assert!(text.contains("Suggested grade: 3 good"), "{text}");
    assert!(text.contains("answered in 00:40 of 01:30"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn revealed_answer_scrolls_on_a_short_screen() {
    let bank = bank();
    let mut s = session(&bank, false);
    s.apply(Action::Reveal, t(40));
    s.apply(Action::Toggle(1), t(41));
    let top = draw(&s, &bank, t(50), screen(80, 12));
    assert!(top.contains("↓ more"), "{top}");
    let mut scrolled = screen(80, 12);
    scrolled.scroll = 1000;
    let bottom = draw(&s, &bank, t(50), scrolled);
    assert!(!bottom.contains("↓ more"), "scrolled to the end:\n{bottom}");
    assert!(bottom.contains("Why employers ask"), "{bottom}");
    insta::assert_snapshot!("revealed_top", top);
    insta::assert_snapshot!("revealed_scrolled_to_end", bottom);
}

#[test]
fn typing_mode_box() {
    let bank = bank();
    let mut s = session(&bank, false);
    s.apply(
        Action::Typed(
            "First I map the data flows and trust boundaries with the tech lead, then I walk STRIDE over each flow.\nDécision: ship with rate limiting — 速度制限."
                .into(),
        ),
        t(30),
    );
    let mut typing = screen(80, 24);
    typing.typing = true;
    let text = draw(&s, &bank, t(31), typing);
    assert!(text.contains("Your answer (Tab reveals)"), "{text}");
    assert!(
        text.contains("Tab reveal"),
        "the footer shows typing keys:\n{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn typed_answer_pre_ticks_points_on_reveal() {
    let bank = bank();
    let mut s = session(&bank, false);
    s.apply(
        Action::Typed("I would map the trust boundaries with the tech lead and PM".into()),
        t(30),
    );
    s.apply(Action::Reveal, t(31));
    let mut typing = screen(80, 24);
    typing.typing = true;
    let text = draw(&s, &bank, t(32), typing);
    assert!(text.contains("[x] b"), "{text}");
    assert!(text.contains("Your answer"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn paused() {
    let bank = bank();
    let mut s = session(&bank, false);
    s.apply(Action::Pause, t(20));
    let text = draw(&s, &bank, t(300), screen(80, 24));
    assert!(text.contains("Paused"), "{text}");
    assert!(
        text.contains("19:40 left"),
        "clocks stop under a pause:\n{text}"
    );
    assert!(
        !text.contains("threat model"),
        "the question is hidden under a pause:\n{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn help_overlay() {
    let bank = bank();
    let s = session(&bank, false);
    let mut help = screen(80, 24);
    help.help = true;
    let text = draw(&s, &bank, t(5), help);
    assert!(text.contains("undo the last grade"), "{text}");
    assert!(text.contains("close help"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn too_small_terminal() {
    let bank = bank();
    let s = session(&bank, false);
    let just_under = draw(&s, &bank, t(5), screen(MIN_WIDTH - 1, MIN_HEIGHT - 1));
    assert!(
        just_under.starts_with("Terminal too small: 39×11"),
        "{just_under}"
    );
    let tiny = draw(&s, &bank, t(5), screen(30, 8));
    assert!(tiny.starts_with("Terminal too small"), "{tiny}");
    insta::assert_snapshot!("too_small_39x11", just_under);
    insta::assert_snapshot!("too_small_30x8", tiny);
}

#[test]
fn cram_header() {
    let bank = bank();
    let s = session(&bank, true);
    let text = draw(&s, &bank, t(5), screen(80, 24));
    assert!(
        text.lines()
            .next()
            .is_some_and(|header| header.contains("CRAM: schedule unchanged")),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn notice_sits_above_the_footer() {
    let bank = bank();
    let s = session(&bank, false);
    let mut with_notice = screen(80, 24);
    with_notice.notice = Some("cannot save progress: disk full; the previous file is intact");
    let lines = render(&s, &bank, t(5), with_notice);
    assert_eq!(lines.len(), 24);
    assert!(lines[22].starts_with("cannot save progress"), "{lines:#?}");
    assert!(lines[23].contains("Space reveal"), "{lines:#?}");
}

#[test]
fn every_screen_fits_an_80_column_terminal_at_every_height() {
    let bank = bank();
    for height in MIN_HEIGHT..=30 {
        for (name, s, screen) in screens(&bank, 80, height) {
            for lines in every_scroll(&s, &bank, screen) {
                assert_eq!(lines.len(), usize::from(height), "{name} at 80×{height}");
                assert!(
                    overflowing(&lines, 80).is_empty(),
                    "{name} at 80×{height}: {:#?}",
                    overflowing(&lines, 80)
                );
            }
        }
    }
}

#[test]
fn every_screen_fits_the_minimum_size() {
    let bank = bank();
    let mut failures = Vec::new();
    for (name, s, screen) in screens(&bank, MIN_WIDTH, MIN_HEIGHT) {
        for lines in every_scroll(&s, &bank, screen) {
            assert_eq!(lines.len(), usize::from(MIN_HEIGHT), "{name}");
            for (width, line) in overflowing(&lines, MIN_WIDTH) {
                let failure = format!("{name}: {width} columns: {line:?}");
                if !failures.contains(&failure) {
                    failures.push(failure);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The screen drawn at `t(100)` at every scroll position, down to the end of the body (at
/// most 40 lines). Scrolling past the end draws the last screen again, so the drawing stops
/// once three positions in a row look the same.
fn every_scroll(s: &Session, bank: &Bank, screen: Screen<'_>) -> Vec<Vec<String>> {
    let mut drawn: Vec<Vec<String>> = Vec::new();
    for scroll in 0..40 {
        if let [.., a, b, c] = drawn.as_slice()
            && a == b
            && b == c
        {
            break;
        }
        drawn.push(render(s, bank, t(100), Screen { scroll, ..screen }));
    }
    drawn
}

/// One session per kind of screen, each with the `Screen` it is drawn on.
fn screens(bank: &Bank, width: u16, height: u16) -> Vec<(&'static str, Session, Screen<'static>)> {
    let plain = screen(width, height);
    let asking = session(bank, false);
    let mut hint = session(bank, false);
    hint.apply(Action::Hint, t(1));
    let mut revealed = session(bank, false);
    revealed.apply(Action::Reveal, t(95));
    revealed.apply(Action::Toggle(0), t(96));
    revealed.apply(Action::Toggle(1), t(96));
    let mut typed = session(bank, false);
    typed.apply(Action::Typed("trust boundaries ".repeat(12)), t(2));
    let mut paused = session(bank, false);
    paused.apply(Action::Pause, t(3));
    let typing = Screen {
        typing: true,
        ..plain
    };
    let help = Screen {
        help: true,
        ..plain
    };
    vec![
        ("asking, overtime", asking, plain),
        ("hint", hint, plain),
        ("revealed", revealed, plain),
        ("typing", typed, typing),
        ("paused", paused, plain),
        ("help", session(bank, false), help),
        ("cram", session(bank, true), plain),
    ]
}

#[test]
fn summary() {
    let summary = Summary {
        cards: 7,
        again: 2,
        skipped: 1,
        average_answer: Some(Duration::seconds(83)),
        average_target: Some(Duration::seconds(90)),
        overtime: 1,
        cram: false,
        next_due: Some(("secrets-store".into(), "in 10 minutes".into())),
        toward_interview: false,
        streak_days: 3,
        ended_by: Ending::Ended(EndReason::TimeUp),
        rows: vec![
            SummaryRow {
                id: "threat-model-login".into(),
                rating: Rating::Good,
                answer_time: Duration::seconds(83),
                answer_limit: Duration::seconds(90),
                next: Some("in 2 days (Sat 28 Nov 2026)".into()),
                guide: false,
            },
            SummaryRow {
                id: "secrets-store".into(),
                rating: Rating::Again,
                answer_time: Duration::seconds(50),
                answer_limit: Duration::seconds(45),
                next: Some("in 10 minutes".into()),
                guide: false,
            },
        ],
        today: "Today: about 8 min left (4 questions): `prepdrill --bank my.yaml` takes them."
            .into(),
        run: "prepdrill --bank my.yaml".into(),
    };
    let text = render_summary(&summary, Painter::PLAIN);
    assert!(text.contains("7 cards answered"), "{text}");
    assert!(text.contains("01:23 against a target of 01:30"), "{text}");
    assert!(
        text.contains("secrets-store       1 again  00:50 / 00:45 over  due in 10 minutes"),
        "{text}"
    );
    assert!(
        text.contains("Today: about 8 min left (4 questions)"),
        "{text}"
    );
    assert!(
        text.contains("prepdrill --bank my.yaml drill --misses"),
        "advice carries the options in force: {text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn summary_of_a_cram_session_with_one_card() {
    let summary = Summary {
        cards: 1,
        again: 0,
        skipped: 0,
        average_answer: Some(Duration::seconds(30)),
        average_target: Some(Duration::seconds(45)),
        overtime: 0,
        cram: true,
        next_due: None,
        toward_interview: false,
        streak_days: 1,
        ended_by: Ending::Ended(EndReason::Quit),
        rows: Vec::new(),
        today: "Done for today: next session tomorrow.".into(),
        run: "prepdrill".into(),
    };
    let text = render_summary(&summary, Painter::PLAIN);
    assert!(text.contains("1 card answered"), "{text}");
    assert!(text.contains("cram: schedule unchanged"), "{text}");
    assert!(text.contains("streak: 1 day\n"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn summary_is_coloured_only_when_asked() {
    let summary = Summary {
        cards: 0,
        again: 0,
        skipped: 0,
        average_answer: None,
        average_target: None,
        overtime: 0,
        cram: false,
        next_due: Some(("influence".into(), "tomorrow".into())),
        toward_interview: false,
        streak_days: 0,
        ended_by: Ending::Ended(EndReason::Quit),
        rows: Vec::new(),
        today: "Done for today: next session tomorrow.".into(),
        run: "prepdrill".into(),
    };
    assert!(!render_summary(&summary, Painter::PLAIN).contains('\x1b'));
    assert!(render_summary(&summary, Painter { enabled: true }).contains('\x1b'));
}
