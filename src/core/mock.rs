//! A mock interview round as a state machine: every question is asked in turn with its own
//! countdown and nothing revealed, then a review pass shows each answer and takes a grade, and a
//! report closes the round. It shares the drill's clocks and checklist, and answers
//! with the drill's effects, so the edge saves mock grades as it saves any other.

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::CardKey;
use crate::core::checklist;
use crate::core::clock::{AnswerClock, RoundClock};
use crate::core::mock_history::RoundMark;
use crate::core::schedule::Rating;
use crate::core::session::{Effect, Graded, IdSource, QueuedCard, Unreviewed};

mod report;

pub use report::{MockReport, PointRow, ReportRow};

/// How often, at most, a typed answer being written is kept on disk: often enough that a closed
/// terminal loses a few seconds of typing, seldom enough that typing never waits on a disk.
const KEEP_TYPING_EVERY: Duration = Duration::seconds(2);

/// What the candidate did during a mock round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MockAction {
    /// Done answering: on to the next question (or, after the last, to the review pass).
    Next,
    /// Typing mode: replace the typed answer to the question being asked.
    Typed(String),
    /// In the review pass: tick or untick the key point with this index.
    Toggle(usize),
    /// In the review pass: grade the answer on screen.
    Grade(Rating),
    Pause,
    Quit,
}

/// Where the round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The question with this index is being asked.
    Asking(usize),
    /// The answer to the question with this index is being reviewed.
    Reviewing(usize),
    /// Every answer is graded (or the candidate quit).
    Done,
}

/// One question of the round and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct MockQuestion {
    pub card: QueuedCard,
    pub typed: String,
    /// Key points ticked in the review pass.
    pub ticked: Vec<bool>,
    /// For each key point the typed answer made, the words that made it.
    pub evidence: Vec<Option<String>>,
    pub rating: Option<Rating>,
    clock: AnswerClock,
}

impl MockQuestion {
    /// The answer time: running while asked, fixed once the candidate moved on.
    pub fn answer_time(&self, reading: DateTime<Utc>) -> Duration {
        self.clock.elapsed(reading)
    }

    /// The suggested grade from the points ticked and the answer time.
    pub fn suggested_grade(&self) -> Option<Rating> {
        let answer_time = self.clock.stopped().unwrap_or_else(Duration::zero);
        checklist::suggested_grade(&self.ticked, answer_time, self.card.answer_limit, false)
    }
}

/// A mock round.
#[derive(Debug)]
pub struct MockRound {
    questions: Vec<MockQuestion>,
    stage: Stage,
    clock: RoundClock,
    quit: bool,
    next_id: IdSource,
    /// Stamped on every grade of the round.
    mark: RoundMark,
    /// How many questions, from the first, the review pass covers: all of them, or those
    /// answered before the candidate quit.
    reviewed: usize,
    /// When typed answers were last kept on disk; `None` before the first time.
    kept_at: Option<DateTime<Utc>>,
    /// The instant the last grade carried.
    graded_at: Option<DateTime<Utc>>,
}

impl MockRound {
    /// A round over `cards`, asked in this order, starting at `now`.
    pub fn new(cards: Vec<QueuedCard>, now: DateTime<Utc>, mut next_id: IdSource) -> Self {
        let questions: Vec<MockQuestion> = cards
            .into_iter()
            .map(|card| MockQuestion {
                ticked: vec![false; card.key_points.len()],
                evidence: Vec::new(),
                card,
                typed: String::new(),
                rating: None,
                clock: AnswerClock::start(now),
            })
            .collect();
        let stage = if questions.is_empty() {
            Stage::Done
        } else {
            Stage::Asking(0)
        };
        let mark = RoundMark {
            id: (next_id.0)(),
            questions: questions.len(),
        };
        MockRound {
            reviewed: questions.len(),
            questions,
            stage,
            clock: RoundClock::new(now),
            quit: false,
            next_id,
            mark,
            kept_at: None,
            graded_at: None,
        }
    }

    /// How many answers the review pass covers.
    pub fn reviewed(&self) -> usize {
        self.reviewed
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn questions(&self) -> &[MockQuestion] {
        &self.questions
    }

    /// The question being asked or reviewed.
    pub fn current(&self) -> Option<&MockQuestion> {
        match self.stage {
            Stage::Asking(i) | Stage::Reviewing(i) => self.questions.get(i),
            Stage::Done => None,
        }
    }

    pub fn is_paused(&self) -> bool {
        self.clock.is_paused()
    }

    /// Whether the candidate ended the round early.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// The instant the clocks read: frozen while paused.
    pub fn reading(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.clock.reading(now)
    }

    /// The whole round's time so far, pauses excluded.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        self.clock.elapsed(now)
    }

    /// Applies one action at `now`.
    pub fn apply(&mut self, action: MockAction, now: DateTime<Utc>) -> Vec<Effect> {
        if self.stage == Stage::Done {
            return Vec::new();
        }
        match action {
            MockAction::Quit => return self.end(now),
            MockAction::Pause => {
                self.toggle_pause(now);
                return Vec::new();
            }
            _ if self.is_paused() => return Vec::new(),
            _ => {}
        }
        match (action, self.stage) {
            (MockAction::Typed(text), Stage::Asking(i)) => {
                if let Some(q) = self.questions.get_mut(i) {
                    q.typed = text;
                }
                if self.kept_at.is_none_or(|at| now - at >= KEEP_TYPING_EVERY) {
                    return self.keep_typed(now);
                }
            }
            (MockAction::Next, Stage::Asking(i)) => {
                self.next_question(i, now);
                return self.keep_typed(now);
            }
            (MockAction::Toggle(point), Stage::Reviewing(i)) => {
                if let Some(q) = self.questions.get_mut(i) {
                    checklist::toggle(&mut q.ticked, point);
                }
            }
            (MockAction::Grade(rating), Stage::Reviewing(i)) => return self.grade(i, rating, now),
            _ => {}
        }
        Vec::new()
    }

    /// The passing of time: rings the bell once when a question's answer time runs out.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let reading = self.clock.reading(now);
        if self.is_paused() {
            return Vec::new();
        }
        if let Stage::Asking(i) = self.stage
            && let Some(q) = self.questions.get_mut(i)
        {
            let limit = q.card.answer_limit;
            if q.clock.ring(reading, limit) {
                return vec![Effect::Bell];
            }
        }
        Vec::new()
    }

    /// `q`: while a question is asked, on to the review of the questions answered so far (the
    /// one on screen counts when something was typed for it); in the review, the round ends.
    fn end(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.quit = true;
        let Stage::Asking(i) = self.stage else {
            self.stage = Stage::Done;
            return Vec::new();
        };
        let typed = self
            .questions
            .get(i)
            .is_some_and(|q| !q.typed.trim().is_empty());
        self.reviewed = i + usize::from(typed);
        if typed {
            let reading = self.clock.reading(now);
            if let Some(q) = self.questions.get_mut(i) {
                q.clock.stop(reading);
            }
        }
        if self.reviewed == 0 {
            self.stage = Stage::Done;
        } else {
            self.start_review();
        }
        self.keep_typed(now)
    }

    /// The typed answers asked and not yet graded, to keep on disk; nothing while none was ever
    /// typed, so a spoken round writes no file.
    fn keep_typed(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let asked = match self.stage {
            Stage::Asking(i) => i + 1,
            Stage::Reviewing(_) | Stage::Done => self.reviewed,
        };
        let answers: Vec<(CardKey, String)> = self
            .questions
            .iter()
            .take(asked)
            .filter(|q| q.rating.is_none() && !q.typed.trim().is_empty())
            .map(|q| (q.card.key.clone(), q.typed.trim_end().to_string()))
            .collect();
        if answers.is_empty() && self.kept_at.is_none() {
            return Vec::new();
        }
        self.kept_at = Some(now);
        vec![Effect::KeepTyped(Unreviewed {
            round: self.mark.id.clone(),
            answers,
        })]
    }

    fn toggle_pause(&mut self, now: DateTime<Utc>) {
        if let Some(paused) = self.clock.toggle_pause(now)
            && let Stage::Asking(i) = self.stage
            && let Some(q) = self.questions.get_mut(i)
        {
            q.clock.add_pause(paused);
        }
    }

    fn next_question(&mut self, index: usize, now: DateTime<Utc>) {
        let reading = self.clock.reading(now);
        if let Some(q) = self.questions.get_mut(index) {
            q.clock.stop(reading);
        }
        if let Some(q) = self.questions.get_mut(index + 1) {
            q.clock = AnswerClock::start(reading);
            self.stage = Stage::Asking(index + 1);
        } else {
            self.start_review();
        }
    }

    /// The review pass: typed answers pre-tick the points they cover, as in the drill.
    fn start_review(&mut self) {
        for q in self.questions.iter_mut().take(self.reviewed) {
            (q.ticked, q.evidence) = checklist::review(&q.typed, &q.card.key_points);
        }
        self.stage = Stage::Reviewing(0);
    }

    fn grade(&mut self, index: usize, rating: Rating, now: DateTime<Utc>) -> Vec<Effect> {
        let review_id = (self.next_id.0)();
        let Some(q) = self.questions.get_mut(index) else {
            return Vec::new();
        };
        q.rating = Some(rating);
        let answer_time = q.clock.stopped().unwrap_or_else(Duration::zero);
        let graded = Graded {
            review_id,
            key: q.card.key.clone(),
            rating,
            at: Graded::stamp(self.graded_at, now),
            answer_time,
            answer_limit: q.card.answer_limit,
            timed_out: answer_time > q.card.answer_limit,
            typed_answer: Some(q.typed.trim_end().to_string()).filter(|t| !t.is_empty()),
            cram: false,
            mock: true,
            round: Some(self.mark.clone()),
            hinted: false,
        };
        self.stage = if index + 1 < self.reviewed {
            Stage::Reviewing(index + 1)
        } else {
            Stage::Done
        };
        self.graded_at = Some(graded.at);
        let mut effects = vec![Effect::Record(graded)];
        effects.extend(self.keep_typed(now));
        effects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::milliseconds(ms)
    }

    fn secs(s: i64) -> DateTime<Utc> {
        t(s * 1000)
    }

    fn card(id: &str) -> QueuedCard {
        QueuedCard {
            key: CardKey::new("d", id),
            answer_limit: Duration::seconds(60),
            key_points: vec!["threat model".into(), "rate limiting".into()],
        }
    }

    fn round(ids: &[&str]) -> MockRound {
        let mut n = 0;
        MockRound::new(
            ids.iter().map(|id| card(id)).collect(),
            secs(0),
            IdSource(Box::new(move || {
                n += 1;
                format!("r{n}")
            })),
        )
    }

    fn records(effects: &[Effect]) -> Vec<Graded> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Record(g) => Some(g.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn asks_everything_then_reviews_and_grades_as_mock() {
        let mut r = round(&["a", "b"]);
        assert_eq!(r.stage(), Stage::Asking(0));
        assert!(r.apply(MockAction::Grade(Rating::Good), secs(5)).is_empty());
        r.apply(MockAction::Typed("I threat model first".into()), secs(10));
        r.apply(MockAction::Next, secs(30));
        assert_eq!(r.stage(), Stage::Asking(1));
        assert_eq!(
            r.current().map(|q| q.answer_time(secs(30))),
            Some(Duration::zero())
        );
        r.apply(MockAction::Next, secs(100));
        assert_eq!(r.stage(), Stage::Reviewing(0));
        assert_eq!(
            r.questions()[0].ticked,
            vec![true, false],
            "typed text pre-ticks"
        );
        assert_eq!(r.questions()[0].suggested_grade(), Some(Rating::Hard));
        let first = records(&r.apply(MockAction::Grade(Rating::Hard), secs(110)));
        assert_eq!(first.len(), 1);
        assert!(first[0].mock && !first[0].cram);
        assert_eq!(first[0].answer_time, Duration::seconds(30));
        assert_eq!(
            first[0].typed_answer.as_deref(),
            Some("I threat model first")
        );
        r.apply(MockAction::Toggle(1), secs(111));
        let second = records(&r.apply(MockAction::Grade(Rating::Again), secs(112)));
        assert!(second[0].timed_out, "70 s against 60");
        assert_eq!(r.stage(), Stage::Done);
        let report = r.report();
        assert_eq!(report.rows.len(), 2);
        assert_eq!(report.overtime(), 1);
        assert_eq!(report.average_grade(), Some(1.5));
        assert_eq!(report.points_share(), Some(0.5));
    }

    #[test]
    fn a_pause_stops_the_answer_clock_and_the_bell() {
        let mut r = round(&["a"]);
        r.apply(MockAction::Pause, secs(10));
        assert!(r.tick(secs(100)).is_empty());
        r.apply(MockAction::Next, secs(100));
        assert_eq!(r.stage(), Stage::Asking(0), "nothing moves under a pause");
        r.apply(MockAction::Pause, secs(200));
        assert!(r.tick(secs(240)).is_empty());
        assert_eq!(r.tick(secs(250)), vec![Effect::Bell]);
        assert!(r.tick(secs(251)).is_empty());
        r.apply(MockAction::Next, secs(260));
        assert_eq!(
            r.questions()[0].answer_time(secs(999)),
            Duration::seconds(70)
        );
    }

    #[test]
    fn quitting_keeps_what_was_graded() {
        let mut r = round(&["a", "b"]);
        r.apply(MockAction::Next, secs(10));
        r.apply(MockAction::Next, secs(20));
        r.apply(MockAction::Grade(Rating::Easy), secs(30));
        r.apply(MockAction::Quit, secs(31));
        assert_eq!(r.stage(), Stage::Done);
        let report = r.report();
        assert!(report.quit);
        assert_eq!(report.graded(), 1);
        assert_eq!(report.rows.len(), 2);
    }

    #[test]
    fn quitting_while_asked_reviews_the_answered_and_keeps_the_typed() {
        let mut r = round(&["a", "b", "c"]);
        let kept = r.apply(MockAction::Typed("first".into()), secs(1));
        assert!(matches!(&kept[..], [Effect::KeepTyped(u)] if u.answers.len() == 1));
        assert!(
            r.apply(MockAction::Typed("first!".into()), secs(2))
                .is_empty(),
            "throttled"
        );
        r.apply(MockAction::Next, secs(10));
        r.apply(MockAction::Typed("second".into()), secs(20));
        let kept = r.apply(MockAction::Quit, secs(30));
        assert_eq!(r.stage(), Stage::Reviewing(0));
        assert_eq!(r.reviewed(), 2, "the one on screen had text");
        let Some(Effect::KeepTyped(u)) = kept.first() else {
            panic!("{kept:?}")
        };
        assert_eq!(
            u.answers
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>(),
            ["first!", "second"]
        );
        r.apply(MockAction::Grade(Rating::Good), secs(31));
        let last = r.apply(MockAction::Grade(Rating::Good), secs(32));
        assert!(
            matches!(&last[..], [Effect::Record(_), Effect::KeepTyped(u)] if u.answers.is_empty())
        );
        assert_eq!(r.stage(), Stage::Done);
        assert_eq!(r.report().rows.len(), 2);
    }

    #[test]
    fn quitting_before_any_answer_ends_the_round() {
        let mut r = round(&["a", "b"]);
        assert!(r.apply(MockAction::Quit, secs(5)).is_empty());
        assert_eq!(r.stage(), Stage::Done);
    }

    #[test]
    fn an_empty_round_is_done_at_once() {
        let r = round(&[]);
        assert_eq!(r.stage(), Stage::Done);
        assert!(r.report().average_grade().is_none());
    }
}
