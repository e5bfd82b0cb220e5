//! Learning steps within a session: a card left in a step comes back when the step falls due,
//! never straight after its own answer while another card is left.

use chrono::{DateTime, Utc};

use super::{Next, Queue, Reason};
use crate::core::bank::CardKey;

/// Other answers that must come between two answers to one card before its learning step
/// may be taken early, when nothing else is left in the session.
const CARDS_BETWEEN: usize = 3;

impl Queue {
    /// When `key` comes back in this session for its next learning step, if it does.
    pub fn returns_at(&self, key: &CardKey) -> Option<DateTime<Utc>> {
        self.returning
            .iter()
            .find(|(_, c)| &c.key == key)
            .map(|(due, _)| *due)
    }

    /// The card answered last, which is not asked next while another card is left.
    fn last_answered(&self) -> Option<&CardKey> {
        self.undo.last().map(|u| &u.key)
    }

    /// The first card whose step is due at `now`, other than the card just answered.
    pub(super) fn step_due(&self, now: DateTime<Utc>) -> Option<usize> {
        let last = self.last_answered();
        self.returning
            .iter()
            .position(|(due, card)| *due <= now && Some(&card.key) != last)
    }

    /// With nothing else left, the first card whose step, though not due, is at least
    /// `CARDS_BETWEEN` other answers away from its last answer: taking it early then still
    /// spaces it, where taking it at once would ask it twice in a row.
    pub(super) fn step_far_enough(&self) -> Option<usize> {
        self.returning.iter().position(|(_, card)| {
            self.undo
                .iter()
                .rev()
                .position(|u| u.key == card.key)
                .is_none_or(|since| since >= CARDS_BETWEEN)
        })
    }

    pub(super) fn take_returning(&mut self, index: usize) -> Next {
        let (due, card) = self.returning.remove(index);
        Next::Card(card, Reason::Returning { due })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::Duration;

    use super::*;
    use crate::core::queue::tests::{answer, at, card, interview_session, picked, scheduler};
    use crate::core::schedule::Rating;
    use crate::core::session::{Action, EndReason, Graded, IdSource, Session, SessionOptions};

    #[test]
    fn a_failed_last_card_ends_the_session_saying_when_it_comes_back() {
        let mut session = interview_session(&["only"], &[], "2026-03-01T19:00:00Z");
        session.apply(Action::Reveal, at("2026-03-01T19:01:00Z"));
        session.apply(Action::Grade(Rating::Again), at("2026-03-01T19:01:01Z"));
        assert_eq!(
            session.ended(),
            Some(EndReason::ComeBack {
                at: at("2026-03-01T19:02:01Z"),
                questions: 1
            }),
            "not asked again at once, one minute early"
        );
    }

    /// A planned queue over `ids`, all new, with the py-fsrs steps (1 and 10 minutes).
    fn planned_session(ids: &[&str], minutes: i64) -> Session {
        let mut n = 0;
        Session::new(
            Queue::planned(
                ids.iter().map(|id| card(id)).collect(),
                HashMap::new(),
                scheduler(),
            ),
            SessionOptions {
                length: Duration::minutes(minutes),
                cram: false,
            },
            at("2026-03-01T19:00:00Z"),
            IdSource(Box::new(move || {
                n += 1;
                format!("r{n}")
            })),
        )
    }

    #[test]
    fn quick_answers_never_ask_a_card_twice_in_a_row() {
        // Answers of five seconds: every learning step is still ahead when the planned cards
        // run out, which used to bring the last card back again and again.
        for ids in [&["a"][..], &["a", "b"], &["a", "b", "c", "d", "e"]] {
            for rating in [Rating::Again, Rating::Hard, Rating::Good] {
                let mut session = planned_session(ids, 20);
                let mut now = at("2026-03-01T19:00:00Z");
                let mut asked: Vec<String> = Vec::new();
                while session.ended().is_none() && asked.len() < 50 {
                    now += Duration::seconds(5);
                    asked.extend(answer(&mut session, rating, now));
                }
                for pair in asked.windows(2) {
                    assert_ne!(pair[0], pair[1], "{rating:?}: {asked:?}");
                }
            }
        }
        let mut session = planned_session(&["a", "b"], 20);
        answer(&mut session, Rating::Good, at("2026-03-01T19:00:05Z"));
        answer(&mut session, Rating::Good, at("2026-03-01T19:00:10Z"));
        assert_eq!(
            session.ended(),
            Some(EndReason::ComeBack {
                at: at("2026-03-01T19:10:05Z"),
                questions: 2
            }),
            "both steps are ten minutes away: the session says when"
        );
    }

    #[test]
    fn a_step_comes_early_only_with_other_cards_between() {
        // a fails first: three answers later its one-minute step is not due (answers of five
        // seconds), but three cards lie between, so it is taken rather than end the session.
        let mut session = planned_session(&["a", "b", "c", "d"], 20);
        let mut now = at("2026-03-01T19:00:00Z");
        let mut asked = Vec::new();
        for rating in [
            Rating::Again,
            Rating::Easy,
            Rating::Easy,
            Rating::Easy,
            Rating::Easy,
        ] {
            now += Duration::seconds(5);
            asked.extend(answer(&mut session, rating, now));
        }
        assert_eq!(asked, ["a", "b", "c", "d", "a"]);
        assert_eq!(session.ended(), Some(EndReason::QueueDone));
    }

    #[test]
    fn a_due_step_waits_while_it_was_the_last_card_asked() {
        let mut queue = Queue::planned(vec![card("b")], HashMap::new(), scheduler());
        let graded = Graded {
            review_id: "r1".into(),
            key: CardKey::new("d", "a"),
            rating: Rating::Again,
            at: at("2026-03-01T19:00:00Z"),
            answer_time: Duration::seconds(30),
            answer_limit: Duration::seconds(120),
            timed_out: false,
            typed_answer: None,
            cram: false,
            mock: false,
            round: None,
            hinted: false,
        };
        queue.graded(&graded, &card("a"), at("2026-03-01T20:00:00Z"));
        // Its step is due, but it was just answered and b is left.
        let next = picked(&mut queue, "2026-03-01T19:05:00Z");
        assert_eq!(next.as_deref(), Some("b"));
    }
}
