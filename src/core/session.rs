//! The drill as a state machine: the queue, the two clocks, hint, reveal, checklist, grade, undo,
//! skip and pause. It is fed actions and the time, and answers with effects for the edge to carry
//! out (save a review, ring the bell); it never touches a terminal, a file or the clock.

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::CardKey;
use crate::core::checklist;
use crate::core::clock::{AnswerClock, RoundClock};
use crate::core::key_point::KeyPoint;
use crate::core::mock_history::RoundMark;
use crate::core::queue::{Next, Queue};
use crate::core::schedule::Rating;

/// A card waiting in the session, with what the session needs to time and check it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedCard {
    pub key: CardKey,
    pub answer_limit: Duration,
    pub key_points: Vec<KeyPoint>,
}

/// What the candidate did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Hint,
    Reveal,
    /// Tick or untick the key point with this index.
    Toggle(usize),
    Grade(Rating),
    Undo,
    Skip,
    Pause,
    Quit,
    /// Typing mode: replace the typed answer.
    Typed(String),
}

/// What the edge must do for the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save this review before showing the next card.
    Record(Graded),
    /// Take back the review with this id.
    Remove(String),
    /// Hide the card until tomorrow.
    Bury(CardKey),
    /// The answer time just ran out.
    Bell,
    /// Keep these typed answers, not yet graded, safe on disk (an empty list: none left).
    KeepTyped(Unreviewed),
}

/// A mock round's typed answers that are not graded yet, kept so that a closed terminal or a
/// quit before the review costs none of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreviewed {
    /// The round's id, which names the file they are kept in.
    pub round: String,
    /// Each answer's card and text, in the order asked.
    pub answers: Vec<(CardKey, String)>,
}

/// A graded answer, as the session saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub review_id: String,
    pub key: CardKey,
    pub rating: Rating,
    pub at: DateTime<Utc>,
    /// From the question appearing to the reveal, pauses excluded.
    pub answer_time: Duration,
    pub answer_limit: Duration,
    pub timed_out: bool,
    pub typed_answer: Option<String>,
    pub cram: bool,
    /// Graded in a mock round's review pass.
    pub mock: bool,
    /// The mock round it was graded in.
    pub round: Option<RoundMark>,
    /// The why-note was shown as a hint before the reveal.
    pub hinted: bool,
}

impl Graded {
    /// The instant a grade given at `now` carries: a millisecond after the round's previous
    /// grade at least, so the log (kept in time order, ties broken by random ids) keeps the
    /// order the candidate answered in, however quickly the answers came.
    pub fn stamp(previous: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
        previous.map_or(now, |at| now.max(at + Duration::milliseconds(1)))
    }
}

/// Where the current card stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Asking { hint: bool },
    Revealed { ticked: Vec<bool> },
}

/// The card on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub card: QueuedCard,
    pub phase: Phase,
    pub typed: String,
    /// Once revealed, for each key point the typed answer made, the words that made it.
    pub evidence: Vec<Option<String>>,
    /// Runs from the card appearing to the reveal, pauses left out.
    clock: AnswerClock,
    /// A hint was shown before the reveal, which lowers the suggested grade.
    hinted: bool,
}

/// Why the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// Every queued card was answered.
    QueueDone,
    /// Before an interview: no further review today would add a meaningful amount.
    Ready,
    /// The session clock ran out.
    TimeUp,
    /// Only cards in a learning step are left, none due yet: `questions` of them, the first
    /// due back at `at`.
    ComeBack { at: DateTime<Utc>, questions: usize },
    /// The candidate quit.
    Quit,
}

/// Session options decided before it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionOptions {
    pub length: Duration,
    pub cram: bool,
}

/// The whole session.
#[derive(Debug)]
pub struct Session {
    options: SessionOptions,
    clock: RoundClock,
    queue: Queue,
    current: Option<Current>,
    /// Graded answers with the card and checklist as they were, so undo can restore them.
    graded: Vec<(Graded, QueuedCard, Phase)>,
    skipped: usize,
    ended: Option<EndReason>,
    next_id: IdSource,
}

/// Names reviews: random at the edge, a counter in tests.
pub struct IdSource(pub Box<dyn FnMut() -> String + Send>);

impl std::fmt::Debug for IdSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdSource")
    }
}

impl Session {
    /// A session over `queue`, starting at `now`. `next_id` names each review; the edge passes a
    /// random source, tests a counter.
    pub fn new(
        queue: Queue,
        options: SessionOptions,
        now: DateTime<Utc>,
        next_id: IdSource,
    ) -> Self {
        let mut session = Session {
            options,
            clock: RoundClock::new(now),
            queue,
            current: None,
            graded: Vec::new(),
            skipped: 0,
            ended: None,
            next_id,
        };
        session.advance(now);
        session
    }

    pub fn current(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    pub fn ended(&self) -> Option<EndReason> {
        self.ended
    }

    pub fn is_paused(&self) -> bool {
        self.clock.is_paused()
    }

    pub fn is_cram(&self) -> bool {
        self.options.cram
    }

    /// Cards still to come, not counting the current one.
    pub fn remaining(&self) -> usize {
        self.queue.remaining()
    }

    /// Where the cards come from.
    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    /// Cards to go, counting the current one but not cards coming back for another step: a
    /// card answered well leaves this count even when its learning step brings it back later.
    pub fn to_go(&self) -> usize {
        self.remaining() - self.coming_back() + usize::from(self.current.is_some())
    }

    /// Cards coming back later in the session for another learning step.
    pub fn coming_back(&self) -> usize {
        self.queue.coming_back()
    }

    pub fn graded(&self) -> impl Iterator<Item = &Graded> {
        self.graded.iter().map(|(g, _, _)| g)
    }

    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Session time left; negative once over.
    pub fn time_left(&self, now: DateTime<Utc>) -> Duration {
        self.options.length - self.clock.elapsed(now)
    }

    /// The current card's answer time so far (frozen at the reveal).
    pub fn answer_time(&self, now: DateTime<Utc>) -> Duration {
        self.current.as_ref().map_or(Duration::zero(), |c| {
            c.clock.elapsed(self.clock.reading(now))
        })
    }

    /// A grade suggested by the share of key points ticked, quick full answers earning easy,
    /// one lower after a hint.
    pub fn suggested_grade(&self, now: DateTime<Utc>) -> Option<Rating> {
        let current = self.current.as_ref()?;
        let Phase::Revealed { ticked } = &current.phase else {
            return None;
        };
        checklist::suggested_grade(
            ticked,
            self.answer_time(now),
            current.card.answer_limit,
            current.hinted,
        )
    }

    /// Applies one action at `now`.
    pub fn apply(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if self.ended.is_some() {
            return Vec::new();
        }
        if action == Action::Quit {
            self.ended = Some(EndReason::Quit);
            self.current = None;
            return Vec::new();
        }
        if action == Action::Pause {
            self.toggle_pause(now);
            return Vec::new();
        }
        if self.is_paused() {
            // Nothing happens under a pause but resuming or quitting.
            return Vec::new();
        }
        match action {
            Action::Hint => self.hint(),
            Action::Reveal => self.reveal(now),
            Action::Toggle(index) => self.toggle(index),
            Action::Typed(text) => self.type_answer(text),
            Action::Grade(rating) => return self.grade(rating, now),
            Action::Undo => return self.undo(now),
            Action::Skip => return self.skip(now),
            Action::Pause | Action::Quit => {}
        }
        Vec::new()
    }

    /// The passing of time: rings the bell once when the answer time runs out.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let reading = self.clock.reading(now);
        let paused = self.clock.is_paused();
        match &mut self.current {
            Some(c) if !paused => {
                let limit = c.card.answer_limit;
                if c.clock.ring(reading, limit) {
                    vec![Effect::Bell]
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    fn toggle_pause(&mut self, now: DateTime<Utc>) {
        if let Some(paused) = self.clock.toggle_pause(now)
            && let Some(c) = &mut self.current
        {
            c.clock.add_pause(paused);
        }
    }

    fn hint(&mut self) {
        if let Some(Current {
            phase: Phase::Asking { hint },
            ..
        }) = &mut self.current
        {
            *hint = true;
        }
    }

    fn reveal(&mut self, now: DateTime<Utc>) {
        let reading = self.clock.reading(now);
        if let Some(c) = &mut self.current
            && matches!(c.phase, Phase::Asking { .. })
        {
            c.clock.stop(reading);
            c.hinted = matches!(c.phase, Phase::Asking { hint: true });
            let (ticked, evidence) = checklist::review(&c.typed, &c.card.key_points);
            c.evidence = evidence;
            c.phase = Phase::Revealed { ticked };
        }
    }

    fn toggle(&mut self, index: usize) {
        if let Some(Current {
            phase: Phase::Revealed { ticked },
            ..
        }) = &mut self.current
        {
            checklist::toggle(ticked, index);
        }
    }

    fn type_answer(&mut self, text: String) {
        if let Some(c) = &mut self.current
            && matches!(c.phase, Phase::Asking { .. })
        {
            c.typed = text;
        }
    }

    fn grade(&mut self, rating: Rating, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(current) = self
            .current
            .take_if(|c| matches!(c.phase, Phase::Revealed { .. }))
        else {
            return Vec::new();
        };
        let answer_time = current.clock.stopped().unwrap_or_else(Duration::zero);
        let graded = Graded {
            review_id: (self.next_id.0)(),
            key: current.card.key.clone(),
            rating,
            at: Graded::stamp(self.graded.last().map(|(g, _, _)| g.at), now),
            answer_time,
            answer_limit: current.card.answer_limit,
            timed_out: answer_time > current.card.answer_limit,
            typed_answer: Some(current.typed.trim_end().to_string()).filter(|t| !t.is_empty()),
            cram: self.options.cram,
            mock: false,
            round: None,
            hinted: current.hinted,
        };
        let session_end = now + self.time_left(now);
        self.queue.graded(&graded, &current.card, session_end);
        self.graded
            .push((graded.clone(), current.card.clone(), current.phase.clone()));
        self.advance(now);
        vec![Effect::Record(graded)]
    }

    fn undo(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some((graded, card, phase)) = self.graded.pop() else {
            return Vec::new();
        };
        self.queue.ungraded(&graded);
        if let Some(current) = self.current.take() {
            self.queue.put_back(current.card);
        }
        // The evidence is worked out again from the answer, as it was at the reveal.
        let evidence = checklist::review(
            graded.typed_answer.as_deref().unwrap_or_default(),
            &card.key_points,
        )
        .1;
        self.current = Some(Current {
            card,
            phase,
            evidence,
            typed: graded.typed_answer.clone().unwrap_or_default(),
            clock: AnswerClock::stopped_at(self.clock.reading(now), graded.answer_time),
            hinted: graded.hinted,
        });
        self.ended = None;
        vec![Effect::Remove(graded.review_id)]
    }

    fn skip(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(current) = self.current.take() else {
            return Vec::new();
        };
        self.skipped += 1;
        self.queue.skip(&current.card.key);
        self.advance(now);
        vec![Effect::Bury(current.card.key)]
    }

    /// Shows the next card, or ends the session: when time is up, or nothing is left.
    fn advance(&mut self, now: DateTime<Utc>) {
        if self.time_left(now) <= Duration::zero() {
            self.ended = Some(EndReason::TimeUp);
            return;
        }
        match self.queue.next(now) {
            Next::Card(card, _) => {
                self.current = Some(Current {
                    card,
                    phase: Phase::Asking { hint: false },
                    typed: String::new(),
                    evidence: Vec::new(),
                    clock: AnswerClock::start(now),
                    hinted: false,
                });
            }
            Next::Done => self.ended = Some(EndReason::QueueDone),
            Next::ComeBack { at, questions } => {
                self.ended = Some(EndReason::ComeBack { at, questions });
            }
            Next::Ready => self.ended = Some(EndReason::Ready),
        }
    }
}

#[cfg(test)]
mod tests {
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
}
