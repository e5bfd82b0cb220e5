//! The drill as a state machine: the queue, the two clocks, hint, reveal, checklist, grade, undo,
//! skip and pause. It is fed actions and the time, and answers with effects for the edge to carry
//! out (save a review, ring the bell); it never touches a terminal, a file or the clock.

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::CardKey;
use crate::core::checklist;
use crate::core::clock::{AnswerClock, RoundClock};
use crate::core::key_point::KeyPoint;
use crate::core::mock_history::RoundMark;
use crate::core::queue::{Next, Queue, Reason};
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
    /// Its learning step is not due yet: it comes back early because nothing else is left (and
    /// enough other answers came between), which the header says, since its confirmation said
    /// a later time.
    pub early: bool,
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
            early: false,
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
            Next::Card(card, reason) => {
                let early = matches!(reason, Reason::Returning { due } if due > now);
                self.current = Some(Current {
                    early,
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
#[path = "session_tests.rs"]
mod tests;
