//! What a session asks next: the planned order, or, before an interview, the card whose review
//! now adds the most toward the day per minute (expected recall and, in the last days, the
//! chance of being ready). Either way a card in learning or
//! relearning comes back when its step falls due within the session, never before: when only
//! such cards are left, the session ends and says when they come back. A card just answered is
//! never asked next while another is left, and a card answered for the session (its
//! confirmation said hours or days) is not asked again in it.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::CardKey;
use crate::core::deadline::{Deadline, Gain};
use crate::core::schedule::{CardState, Rating, Scheduler, State};
use crate::core::session::{Graded, QueuedCard};

mod planner;
mod steps;

use planner::Candidate;

/// Why a card comes now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Its learning step fell due (or nothing else is left, so it comes early).
    Returning { due: DateTime<Utc> },
    /// Next in the planned order: due, new, or cram.
    Planned,
    /// The planner's pick: what the review adds toward the day (expected recall and, in the
    /// last days, the chance of being ready), and its value per minute of expected answer time.
    Gain { gain: Gain, per_minute: f64 },
}

/// The queue's answer when asked for a card.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Card(QueuedCard, Reason),
    /// Every planned card was asked.
    Done,
    /// Only cards in a learning step are left, and none is due yet: the first comes back at
    /// `at`. Asking them early, one after another, would teach nothing.
    ComeBack {
        at: DateTime<Utc>,
        questions: usize,
    },
    /// Before an interview: no review would add a meaningful amount today.
    Ready,
}

/// What undo needs to put back: a card's memory before a grade.
#[derive(Debug, Clone)]
struct Undo {
    key: CardKey,
    state: Option<CardState>,
    /// The grade put the card out of the session (it was not out before).
    finished: bool,
}

/// The session's source of cards.
#[derive(Debug, Clone)]
pub struct Queue {
    planned: VecDeque<QueuedCard>,
    /// Before an interview, the cards the planner chooses among.
    pool: Vec<Candidate>,
    deadline: Option<Deadline>,
    /// Decks planned toward an interview of their own, other than `deadline`'s.
    by_deck: HashMap<String, Deadline>,
    returning: Vec<(DateTime<Utc>, QueuedCard)>,
    /// The memory of each card in play, kept up to date by each grade.
    states: HashMap<CardKey, CardState>,
    scheduler: Scheduler,
    /// Cards the planner may still serve; `None` is no limit.
    limit: Option<usize>,
    /// New questions the planner may still introduce; `None` is no limit.
    new_left: Option<usize>,
    undo: Vec<Undo>,
    /// Cards worth asking at the last look, for "N to go".
    worth: usize,
    /// Cards answered for this session: graded and not coming back for a step within it. Their
    /// confirmation named a time after the session, so the planner does not offer them again.
    finished: HashSet<CardKey>,
}

impl Queue {
    /// A queue over `planned` in that order; `states` holds the reviewed cards' memory.
    pub fn planned(
        planned: Vec<QueuedCard>,
        states: HashMap<CardKey, CardState>,
        scheduler: Scheduler,
    ) -> Self {
        Queue {
            worth: 0,
            planned: planned.into(),
            pool: Vec::new(),
            deadline: None,
            by_deck: HashMap::new(),
            returning: Vec::new(),
            states,
            scheduler,
            limit: None,
            new_left: None,
            undo: Vec::new(),
            finished: HashSet::new(),
        }
    }

    /// A queue that picks among `pool` by gain before the interview. Each card comes with the
    /// answer time its past answers took, and how many there were.
    pub fn toward(
        deadline: Deadline,
        pool: Vec<(QueuedCard, Duration, i32)>,
        states: HashMap<CardKey, CardState>,
        scheduler: Scheduler,
        limit: Option<usize>,
        new_left: Option<usize>,
    ) -> Self {
        Queue {
            pool: pool
                .into_iter()
                .map(|(card, spent, answers)| Candidate {
                    card,
                    spent,
                    answers,
                })
                .collect(),
            deadline: Some(deadline),
            limit,
            new_left,
            ..Queue::planned(Vec::new(), states, scheduler)
        }
    }

    /// The deadline the queue plans toward, if any.
    pub fn deadline(&self) -> Option<&Deadline> {
        self.deadline.as_ref()
    }

    /// Each deck named plans toward its own deadline; the others toward the queue's.
    #[must_use]
    pub fn with_deadlines_by_deck(mut self, by_deck: HashMap<String, Deadline>) -> Self {
        self.by_deck = by_deck;
        self
    }

    /// Cards asked before the planner's picks, in this order: due cards of decks with no
    /// interview ahead, on their regular schedule.
    #[must_use]
    pub fn with_planned_first(mut self, planned: Vec<QueuedCard>) -> Self {
        self.planned = planned.into();
        self
    }

    /// Cards still to come, as far as the queue can tell.
    pub fn remaining(&self) -> usize {
        self.planned.len() + self.returning.len() + self.worth
    }

    /// Cards coming back later in the session for another learning step.
    pub fn coming_back(&self) -> usize {
        self.returning.len()
    }

    /// The card to ask at `now`, and why.
    ///
    /// Without an interview, a card whose learning step is due goes first, then the planned
    /// order. Before an interview the planner's pick goes first: a failed card waits for its
    /// step, then comes back once no other review is worth more, which under FSRS-6 is most of
    /// the time late in a session, since a second look the same day adds little (the
    /// readiness benchmark measures the difference). Either way a step is never taken before it
    /// is due, and the card just answered is not asked next while another card is left: when
    /// only steps not yet due are left, the queue says when the first comes back.
    pub fn next(&mut self, now: DateTime<Utc>) -> Next {
        let step_due = self.step_due(now);
        if let (Some(index), None) = (step_due, &self.deadline) {
            return self.take_returning(index);
        }
        if let Some(card) = self.planned.pop_front() {
            return Next::Card(card, Reason::Planned);
        }
        if let Some((card, reason)) = self.best(now) {
            if let Some(limit) = &mut self.limit {
                *limit -= 1;
            }
            if let Some(left) = &mut self.new_left
                && !self.states.contains_key(&card.key)
            {
                *left -= 1;
            }
            return Next::Card(card, reason);
        }
        // Nothing else is left: a step spaced by other answers, or the card just answered
        // when its step is already due.
        let spaced = self
            .step_far_enough()
            .or_else(|| self.returning.iter().position(|(due, _)| *due <= now));
        if let Some(index) = step_due.or(spaced) {
            return self.take_returning(index);
        }
        if let Some((at, _)) = self.returning.first() {
            return Next::ComeBack {
                at: *at,
                questions: self.returning.len(),
            };
        }
        if self.deadline.is_some() {
            Next::Ready
        } else {
            Next::Done
        }
    }

    /// Learns of a grade: the card's memory moves on, and a card left in a learning step comes
    /// back when the step falls due, if that is before `session_end`. A cram answer leaves the
    /// memory alone, and a cram card answered again comes back after the first relearning step.
    pub fn graded(&mut self, graded: &Graded, card: &QueuedCard, session_end: DateTime<Utc>) {
        let before = self.states.get(&graded.key).cloned();
        if let Some(candidate) = self.pool.iter_mut().find(|c| c.card.key == graded.key) {
            candidate.spent += graded.answer_time;
            candidate.answers += 1;
        }
        let back_at = if graded.cram {
            let step = self
                .scheduler
                .settings()
                .relearning_steps
                .first()
                .copied()
                .unwrap_or_else(|| Duration::minutes(10));
            (graded.rating == Rating::Again).then(|| graded.at + step)
        } else {
            let from = before
                .clone()
                .unwrap_or_else(|| CardState::new_card(graded.at));
            let after = self
                .scheduler
                .review(&graded.key, &from, graded.rating, graded.at);
            let in_steps = matches!(after.state, State::Learning | State::Relearning);
            // A card left in a learning step comes back at the step, as its confirmation says
            // ("back in 10 minutes"); any other is done for the session. Before an interview it
            // comes back once no other review is worth more.
            let returns = in_steps;
            let due = after.due;
            self.states.insert(graded.key.clone(), after);
            returns.then_some(due)
        };
        let finished = match back_at.filter(|due| *due < session_end) {
            Some(due) => {
                self.returning.push((due, card.clone()));
                self.returning.sort_by_key(|(due, _)| *due);
                false
            }
            None => self.finished.insert(graded.key.clone()),
        };
        self.undo.push(Undo {
            key: graded.key.clone(),
            state: before,
            finished,
        });
    }

    /// Takes back the last grade: the card's memory and answer times are as they were.
    pub fn ungraded(&mut self, graded: &Graded) {
        self.returning.retain(|(_, c)| c.key != graded.key);
        if let Some(candidate) = self.pool.iter_mut().find(|c| c.card.key == graded.key) {
            candidate.spent -= graded.answer_time;
            candidate.answers -= 1;
        }
        if let Some(undo) = self.undo.pop() {
            if undo.finished {
                self.finished.remove(&undo.key);
            }
            match undo.state {
                Some(state) => self.states.insert(undo.key, state),
                None => self.states.remove(&undo.key),
            };
        }
    }

    /// Puts a card back at the front, as undo does with the card on screen.
    pub fn put_back(&mut self, card: QueuedCard) {
        self.planned.push_front(card);
    }

    /// Drops a skipped card for the rest of the session.
    pub fn skip(&mut self, key: &CardKey) {
        self.pool.retain(|c| &c.card.key != key);
        self.returning.retain(|(_, c)| &c.key != key);
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::core::deadline::Interview;
    use crate::core::schedule::Settings;
    use crate::core::session::{Action, IdSource, Session, SessionOptions};

    pub(super) fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid instant")
    }

    pub(super) fn card(id: &str) -> QueuedCard {
        QueuedCard {
            key: CardKey::new("d", id),
            answer_limit: Duration::seconds(120),
            key_points: Vec::new(),
        }
    }

    pub(super) fn scheduler() -> Scheduler {
        Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        })
    }

    /// A queue toward an interview on 10 March at 09:00, over `ids`, with `history` of
    /// (id, rating, instant) already reviewed.
    pub(super) fn toward(ids: &[&str], history: &[(&str, Rating, &str)]) -> Queue {
        let scheduler = scheduler();
        let mut states: HashMap<CardKey, CardState> = HashMap::new();
        for (id, rating, when) in history {
            let key = CardKey::new("d", id);
            let before = states
                .remove(&key)
                .unwrap_or_else(|| CardState::new_card(at(when)));
            states.insert(
                key.clone(),
                scheduler.review(&key, &before, *rating, at(when)),
            );
        }
        let interview = Interview {
            day: NaiveDate::from_ymd_opt(2026, 3, 10).expect("valid date"),
            at: at("2026-03-10T09:00:00Z"),
        };
        let pool = ids
            .iter()
            .map(|id| (card(id), Duration::zero(), 0))
            .collect();
        Queue::toward(
            Deadline::new(interview, scheduler.parameters()),
            pool,
            states,
            scheduler,
            None,
            None,
        )
    }

    pub(super) fn picked(queue: &mut Queue, now: &str) -> Option<String> {
        match queue.next(at(now)) {
            Next::Card(card, _) => Some(card.key.id().to_string()),
            Next::Done | Next::Ready | Next::ComeBack { .. } => None,
        }
    }

    pub(super) fn interview_session(
        ids: &[&str],
        history: &[(&str, Rating, &str)],
        start: &str,
    ) -> Session {
        let mut n = 0;
        Session::new(
            toward(ids, history),
            SessionOptions {
                length: Duration::minutes(20),
                cram: false,
            },
            at(start),
            IdSource(Box::new(move || {
                n += 1;
                format!("r{n}")
            })),
        )
    }

    pub(super) fn answer(
        session: &mut Session,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> Option<String> {
        let asked = session.current().map(|c| c.card.key.id().to_string());
        session.apply(Action::Reveal, now);
        session.apply(Action::Grade(rating), now);
        asked
    }

    #[test]
    fn a_card_answered_for_the_session_is_not_offered_again() {
        // Three cards reviewed long ago, so each gains a lot now: the first answered well goes
        // to a later day, and the planner must not offer it again whatever its gain.
        let history = [
            ("a", Rating::Good, "2026-02-20T19:00:00Z"),
            ("b", Rating::Good, "2026-02-20T19:00:00Z"),
            ("c", Rating::Good, "2026-02-20T19:00:00Z"),
        ];
        let mut session = interview_session(&["a", "b", "c"], &history, "2026-03-09T19:00:00Z");
        let mut asked = Vec::new();
        let mut now = at("2026-03-09T19:00:00Z");
        while session.ended().is_none() {
            now += Duration::minutes(2);
            asked.extend(answer(&mut session, Rating::Good, now));
        }
        asked.sort();
        assert_eq!(asked, ["a", "b", "c"], "each once");
    }

    #[test]
    fn undo_offers_a_finished_card_again() {
        let history = [
            ("a", Rating::Good, "2026-02-20T19:00:00Z"),
            ("b", Rating::Good, "2026-02-21T19:00:00Z"),
        ];
        let mut session = interview_session(&["a", "b"], &history, "2026-03-09T19:00:00Z");
        let first = answer(&mut session, Rating::Good, at("2026-03-09T19:02:00Z"));
        session.apply(Action::Undo, at("2026-03-09T19:02:30Z"));
        let current = session.current().map(|c| c.card.key.id().to_string());
        assert_eq!(current, first, "the undone card is back");
        session.apply(Action::Grade(Rating::Good), at("2026-03-09T19:03:00Z"));
        let second = answer(&mut session, Rating::Good, at("2026-03-09T19:05:00Z"));
        assert_ne!(second, first);
        assert!(session.ended().is_some(), "each card answered once");
    }
}
