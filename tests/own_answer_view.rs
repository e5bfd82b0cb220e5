//! Snapshots of the screens that show the candidate's own answer: the drill's reveal and the mock
//! round's review, drawn by the pure renderers at fixed instants.

#![allow(clippy::expect_used)]

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use prepdrill::core::bank::{Bank, CardKey};
use prepdrill::core::mock::{MockAction, MockRound};
use prepdrill::core::own_answers::OwnAnswers;
use prepdrill::core::queue::Queue;
use prepdrill::core::schedule::{Scheduler, Settings};
use prepdrill::core::session::{Action, IdSource, QueuedCard, Session, SessionOptions};
use prepdrill::store::bank_file::parse_deck;
use prepdrill::ui::drill_view::{Screen, render};
use prepdrill::ui::style::Painter;
use unicode_width::UnicodeWidthStr;

const YAML: &str = r#"
deck: mock
title: Mock interview
role: Engineer
answer_time_secs: 90
questions:
  - id: influence
    category: behavioral
    tags: [behavioral]
    question: "Tell me about a time you influenced a decision without authority."
    why: "Security people persuade far more often than they order."
    answer: "I framed the risk in product terms and offered options, not blockers."
    key_points:
      - "Product terms"
      - "Options, not blockers"
"#;

const MINE: &str = "Situation: the payments team wanted to ship without MFA.\nAction: I showed the fraud numbers to the PM and offered a staged rollout.\nResult: MFA shipped a sprint later.";

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

fn queue(bank: &Bank) -> Vec<QueuedCard> {
    bank.cards()
        .map(|card| QueuedCard {
            key: card.key(),
            answer_limit: Duration::seconds(90),
            key_points: card.question.key_points.clone(),
        })
        .collect()
}

fn own() -> OwnAnswers {
    let mut own = OwnAnswers::default();
    own.set(CardKey::new("mock", "influence"), MINE, t(-100));
    own
}

fn screen(own: &OwnAnswers) -> Screen<'_> {
    Screen {
        width: 80,
        height: 30,
        painter: Painter::PLAIN,
        title: "Mock interview",
        typing: false,
        help: false,
        scroll: 0,
        notice: None,
        feedback: None,
        own: Some(own),
        cursor: None,
    }
}

#[track_caller]
fn checked(lines: &[String]) -> String {
    assert_eq!(lines.len(), 30);
    assert!(lines.iter().all(|l| l.width() <= 80), "{lines:#?}");
    lines.join("\n")
}

fn ids() -> IdSource {
    IdSource(Box::new(|| "review".to_string()))
}

#[test]
fn drill_reveal_shows_the_own_answer_above_the_sample() {
    let bank = bank();
    let own = own();
    let mut session = Session::new(
        Queue::planned(
            queue(&bank),
            HashMap::new(),
            Scheduler::new(Settings::default()),
        ),
        SessionOptions {
            length: Duration::minutes(20),
            cram: false,
        },
        t(0),
        ids(),
    );
    let asking = checked(&render(&session, &bank, t(10), screen(&own)));
    assert!(!asking.contains("Your own answer"), "{asking}");
    session.apply(Action::Reveal, t(40));
    let text = checked(&render(&session, &bank, t(41), screen(&own)));
    let mine = text.find("Your own answer").expect("own answer shown");
    let sample = text.find("Sample answer").expect("sample shown");
    assert!(mine < sample, "{text}");
    assert!(text.contains("staged rollout"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn mock_review_shows_the_own_answer_above_the_sample() {
    let bank = bank();
    let own = own();
    let mut round = MockRound::new(queue(&bank), t(0), ids());
    let asking = checked(&prepdrill::ui::mock_view::render(
        &round,
        &bank,
        t(10),
        screen(&own),
    ));
    assert!(
        !asking.contains("staged rollout"),
        "hidden while asked: {asking}"
    );
    round.apply(MockAction::Next, t(75));
    let text = checked(&prepdrill::ui::mock_view::render(
        &round,
        &bank,
        t(80),
        screen(&own),
    ));
    let mine = text.find("Your own answer").expect("own answer shown");
    let sample = text.find("Sample answer").expect("sample shown");
    assert!(mine < sample, "{text}");
    insta::assert_snapshot!(text);
}
