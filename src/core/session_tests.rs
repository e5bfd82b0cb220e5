//! The drill's session as a state machine: queue, clocks, reveal, grade, undo, skip and end.

use std::collections::HashMap;

use super::*;
use crate::core::schedule::{Scheduler, Settings};

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(secs)
}

fn card(id: &str) -> QueuedCard {
    QueuedCard {
        key: CardKey::new("d", id),
        answer_limit: Duration::seconds(60),
        key_points: vec!["threat model".into(), "rate limiting".into()],
    }
}

fn session(ids: &[&str], minutes: i64) -> Session {
    session_of(ids, minutes, false)
}

fn session_of(ids: &[&str], minutes: i64, cram: bool) -> Session {
    let mut n = 0;
    let scheduler = Scheduler::new(Settings {
        fuzz: false,
        ..Settings::default()
    });
    let queue = Queue::planned(
        ids.iter().map(|id| card(id)).collect(),
        HashMap::new(),
        scheduler,
    );
    Session::new(
        queue,
        SessionOptions {
            length: Duration::minutes(minutes),
            cram,
        },
        t(0),
        IdSource(Box::new(move || {
            n += 1;
            format!("r{n}")
        })),
    )
}

fn current_id(s: &Session) -> Option<String> {
    s.current().map(|c| c.card.key.id().to_string())
}

#[test]
fn reveal_grade_and_advance() {
    let mut s = session(&["a", "b"], 20);
    assert_eq!(current_id(&s).as_deref(), Some("a"));
    assert!(
        s.apply(Action::Grade(Rating::Good), t(1)).is_empty(),
        "no grade before reveal"
    );
    s.apply(Action::Hint, t(5));
    assert_eq!(
        s.current().map(|c| c.phase.clone()),
        Some(Phase::Asking { hint: true })
    );
    s.apply(Action::Reveal, t(30));
    s.apply(Action::Toggle(1), t(31));
    let effects = s.apply(Action::Grade(Rating::Hard), t(40));
    let [Effect::Record(graded)] = effects.as_slice() else {
        panic!("expected a record: {effects:?}");
    };
    assert_eq!(
        graded.answer_time,
        Duration::seconds(30),
        "time runs to the reveal"
    );
    assert!(!graded.timed_out);
    assert_eq!(current_id(&s).as_deref(), Some("b"));
}

#[test]
fn the_bell_rings_once_and_overtime_is_kept() {
    let mut s = session(&["a"], 20);
    assert!(s.tick(t(59)).is_empty());
    assert_eq!(s.tick(t(60)), vec![Effect::Bell]);
    assert!(s.tick(t(61)).is_empty());
    s.apply(Action::Reveal, t(90));
    let effects = s.apply(Action::Grade(Rating::Easy), t(95));
    assert!(
        matches!(&effects[0], Effect::Record(g) if g.timed_out && g.answer_time == Duration::seconds(90))
    );
    assert_eq!(s.ended(), Some(EndReason::QueueDone));
}

#[test]
fn pause_stops_both_clocks() {
    let mut s = session(&["a"], 1);
    s.apply(Action::Pause, t(10));
    assert!(s.apply(Action::Reveal, t(20)).is_empty());
    assert_eq!(s.answer_time(t(500)), Duration::seconds(10));
    s.apply(Action::Pause, t(510));
    assert_eq!(s.answer_time(t(515)), Duration::seconds(15));
    assert_eq!(s.time_left(t(515)), Duration::seconds(45));
}

#[test]
fn undo_takes_back_the_last_grade() {
    let mut s = session(&["a", "b"], 20);
    s.apply(Action::Reveal, t(10));
    s.apply(Action::Toggle(0), t(11));
    s.apply(Action::Grade(Rating::Good), t(12));
    let effects = s.apply(Action::Undo, t(13));
    assert_eq!(effects, vec![Effect::Remove("r1".into())]);
    let current = s.current().expect("a is back");
    assert_eq!(current.card.key.id(), "a");
    assert_eq!(
        current.phase,
        Phase::Revealed {
            ticked: vec![true, false]
        }
    );
    assert_eq!(s.graded().count(), 0);
    assert_eq!(s.remaining(), 1, "b waits behind a");
}

#[test]
fn skip_buries_and_moves_on() {
    let mut s = session(&["a", "b"], 20);
    assert_eq!(
        s.apply(Action::Skip, t(1)),
        vec![Effect::Bury(CardKey::new("d", "a"))]
    );
    assert_eq!(current_id(&s).as_deref(), Some("b"));
    assert_eq!(s.skipped(), 1);
}

#[test]
fn again_cards_come_back_when_due() {
    let mut s = session(&["a", "b", "c"], 20);
    s.apply(Action::Reveal, t(1));
    s.apply(Action::Grade(Rating::Again), t(2));
    assert_eq!(current_id(&s).as_deref(), Some("b"));
    assert_eq!(
        (s.to_go(), s.coming_back()),
        (2, 1),
        "a left the count to go"
    );
    s.apply(Action::Reveal, t(70));
    s.apply(Action::Grade(Rating::Good), t(71));
    assert_eq!(
        current_id(&s).as_deref(),
        Some("a"),
        "a's step fell due before c"
    );
}

#[test]
fn a_failed_last_card_says_when_it_comes_back() {
    let mut s = session(&["a"], 20);
    s.apply(Action::Reveal, t(10));
    s.apply(Action::Grade(Rating::Again), t(11));
    assert_eq!(
        s.ended(),
        Some(EndReason::ComeBack {
            at: t(71),
            questions: 1
        }),
        "a's one-minute step is not asked at once"
    );
}

#[test]
fn a_step_past_the_session_end_does_not_return() {
    let mut s = session(&["a"], 5);
    s.apply(Action::Reveal, t(10));
    // Good on a new card: the next step is ten minutes away, after this five-minute session.
    s.apply(Action::Grade(Rating::Good), t(11));
    assert_eq!(s.ended(), Some(EndReason::QueueDone));
}

#[test]
fn grades_given_in_one_instant_keep_their_order() {
    let mut s = session(&["a", "b", "c"], 20);
    let mut stamps = Vec::new();
    for _ in 0..3 {
        s.apply(Action::Reveal, t(10));
        for effect in s.apply(Action::Grade(Rating::Good), t(10)) {
            if let Effect::Record(graded) = effect {
                stamps.push(graded.at);
            }
        }
    }
    let ms = Duration::milliseconds(1);
    assert_eq!(stamps, vec![t(10), t(10) + ms, t(10) + ms + ms]);
}

#[test]
fn cram_brings_a_missed_card_back_later() {
    let mut s = session_of(&["a", "b"], 30, true);
    s.apply(Action::Reveal, t(10));
    s.apply(Action::Grade(Rating::Again), t(11));
    assert_eq!(current_id(&s).as_deref(), Some("b"));
    s.apply(Action::Reveal, t(620));
    s.apply(Action::Grade(Rating::Good), t(621));
    assert_eq!(current_id(&s).as_deref(), Some("a"), "a comes back");
    s.apply(Action::Reveal, t(630));
    s.apply(Action::Grade(Rating::Good), t(631));
    assert_eq!(s.ended(), Some(EndReason::QueueDone), "cram good is done");
}

#[test]
fn undo_of_a_failed_card_cancels_its_return() {
    let mut s = session(&["a", "b"], 20);
    s.apply(Action::Reveal, t(10));
    s.apply(Action::Grade(Rating::Again), t(11));
    s.apply(Action::Undo, t(12));
    s.apply(Action::Grade(Rating::Easy), t(13));
    assert_eq!(current_id(&s).as_deref(), Some("b"));
    s.apply(Action::Reveal, t(20));
    s.apply(Action::Grade(Rating::Easy), t(21));
    assert_eq!(
        s.ended(),
        Some(EndReason::QueueDone),
        "a is not asked again"
    );
}

#[test]
fn time_up_finishes_the_current_card_first() {
    let mut s = session(&["a", "b"], 1);
    s.apply(Action::Reveal, t(50));
    assert!(s.time_left(t(70)) < Duration::zero());
    assert_eq!(
        current_id(&s).as_deref(),
        Some("a"),
        "the card on screen finishes"
    );
    s.apply(Action::Grade(Rating::Good), t(70));
    assert_eq!(s.ended(), Some(EndReason::TimeUp));
}

#[test]
fn suggestion_follows_ticked_share() {
    let mut s = session(&["a"], 20);
    s.apply(Action::Reveal, t(10));
    assert_eq!(s.suggested_grade(t(10)), Some(Rating::Again));
    s.apply(Action::Toggle(0), t(10));
    assert_eq!(s.suggested_grade(t(10)), Some(Rating::Hard));
    s.apply(Action::Toggle(1), t(10));
    assert_eq!(s.suggested_grade(t(10)), Some(Rating::Easy));
}

#[test]
fn a_hint_lowers_the_suggestion_and_undo_keeps_it() {
    let mut s = session(&["a", "b"], 20);
    s.apply(Action::Hint, t(2));
    s.apply(Action::Reveal, t(10));
    s.apply(Action::Toggle(0), t(10));
    s.apply(Action::Toggle(1), t(10));
    assert_eq!(
        s.suggested_grade(t(10)),
        Some(Rating::Good),
        "easy, less one"
    );
    s.apply(Action::Grade(Rating::Good), t(11));
    s.apply(Action::Undo, t(12));
    assert_eq!(s.suggested_grade(t(12)), Some(Rating::Good));
}

#[test]
fn typed_answers_pre_tick_points() {
    let mut s = session(&["a"], 20);
    s.apply(Action::Typed("I would THREAT-MODEL it first".into()), t(5));
    s.apply(Action::Reveal, t(10));
    assert_eq!(
        s.current().map(|c| c.phase.clone()),
        Some(Phase::Revealed {
            ticked: vec![true, false]
        })
    );
}

#[test]
fn quit_ends_at_once() {
    let mut s = session(&["a"], 20);
    s.apply(Action::Quit, t(1));
    assert_eq!(s.ended(), Some(EndReason::Quit));
    assert!(s.current().is_none());
}
