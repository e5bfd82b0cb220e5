//! What today holds, from the planner the drill uses: the questions a drill started now would
//! ask, in its order, and about how long they take; else when to come back. The drill's
//! summary, `stats`, `plan`, `next` and `due` all say it from this one answer, so they agree.

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::{Card, CardKey};
use crate::core::deadline::Interview;
use crate::core::plan::{PlanOptions, plan};
use crate::core::queue::{Next, Reason};
use crate::core::schedule::State;
use crate::core::snapshot::Snapshot;

/// What is left of today's practice.
#[derive(Debug, Clone, PartialEq)]
pub struct Today {
    /// The questions a drill started now would ask, in its order, with why.
    pub questions: Vec<(CardKey, Reason)>,
    /// How many of `questions` are new: not practised yet.
    pub new: usize,
    /// Their answer times added up.
    pub minutes: i64,
    /// Questions in a learning step that fall due later today: how many, and the first instant.
    pub back_later: Option<(usize, DateTime<Utc>)>,
    /// When a reviewed question next falls due, after today's.
    pub next_due: Option<DateTime<Utc>>,
    /// The interview, while it is ahead.
    pub interview: Option<Interview>,
    /// How long one drill runs (`session-minutes`); 0 when the caller does not say.
    pub session_minutes: i64,
}

impl Today {
    /// Whether a drill started now would ask `key`.
    pub fn asks(&self, key: &CardKey) -> bool {
        self.questions.iter().any(|(k, _)| k == key)
    }
}

/// Today's practice over `cards`, planned as the drill plans it with `options`.
pub fn today(known: Snapshot<'_>, cards: &[Card<'_>], options: PlanOptions) -> Today {
    let (progress, now) = (known.progress, known.now);
    let interview = known.soonest(cards);
    let planned = plan(known, cards, options);
    let mut queue = planned.queue;
    let mut questions = Vec::new();
    let mut minutes = Duration::zero();
    // Each pick is dropped as if skipped, so the next is the one after it; the order is the
    // drill's at this instant (later picks in a real drill also see the grades before them).
    for _ in 0..=cards.len() {
        let Next::Card(card, reason) = queue.next(now.at) else {
            break;
        };
        queue.skip(&card.key);
        minutes += card.answer_limit;
        questions.push((card.key, reason));
    }
    let new = questions
        .iter()
        .filter(|(key, _)| !progress.cards.contains_key(key))
        .count();
    let end_of_today = now.end_of(now.today());
    let later: Vec<DateTime<Utc>> = cards
        .iter()
        .filter_map(|c| progress.cards.get(&c.key()))
        .filter(|s| matches!(s.state, State::Learning | State::Relearning))
        .map(|s| s.due)
        .filter(|due| *due > now.at && *due < end_of_today)
        .collect();
    let next_due = cards
        .iter()
        .filter_map(|c| progress.cards.get(&c.key()))
        .map(|s| s.due)
        .filter(|due| *due >= end_of_today)
        .min();
    Today {
        questions,
        new,
        minutes: minutes.num_seconds().div_euclid(60) + i64::from(minutes.num_seconds() % 60 > 0),
        back_later: later.iter().min().map(|first| (later.len(), *first)),
        next_due,
        interview,
        session_minutes: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Bank;
    use crate::core::deadline::Interviews;
    use crate::core::fixtures::{bank, scheduler};
    use crate::core::progress::{Progress, Review};
    use crate::core::schedule::{Rating, Scheduler};
    use crate::core::stats::Now;

    fn options(new_cards: usize) -> PlanOptions {
        PlanOptions {
            new_cards,
            limit: None,
            cram: false,
            answer_secs: 120,
            new_cap: None,
        }
    }

    /// Today over the whole of `bank`, seen at `at`, planned with `new_cards` a day.
    fn today_at(
        bank: &Bank,
        progress: &Progress,
        at: &str,
        interview: Option<Interview>,
        new_cards: usize,
    ) -> Today {
        let (scheduler, interviews) = (scheduler(), Interviews::from(interview));
        let now = Now::utc(at.parse().expect("instant"));
        let known = Snapshot::new(bank, progress, &scheduler, now, &interviews);
        today(known, &known.cards(), options(new_cards))
    }

    fn review(progress: &mut Progress, scheduler: &Scheduler, id: &str, rating: Rating, at: &str) {
        let review = Review {
            id: format!("{id}-{at}"),
            card: CardKey::new("d", id),
            at: at.parse().expect("instant"),
            rating,
            duration_ms: 60_000,
            timed_out: false,
            typed_answer: None,
            cram: false,
            mock: false,
            round: None,
            extra: std::collections::BTreeMap::default(),
        };
        progress.record(review, scheduler).expect("in order");
    }

    #[test]
    fn new_questions_up_to_the_day_s_allowance_fill_today() {
        let today = today_at(
            &bank(5),
            &Progress::default(),
            "2026-03-01T19:00:00Z",
            None,
            3,
        );
        assert_eq!(today.questions.len(), 3);
        assert_eq!(today.new, 3);
        assert_eq!(today.minutes, 6);
    }

    #[test]
    fn a_step_later_today_is_told_not_asked() {
        let scheduler = scheduler();
        let mut progress = Progress::default();
        review(
            &mut progress,
            &scheduler,
            "q0",
            Rating::Good,
            "2026-03-01T19:00:00Z",
        );
        let today = today_at(&bank(1), &progress, "2026-03-01T19:01:00Z", None, 0);
        assert!(today.questions.is_empty());
        let back = "2026-03-01T19:10:00Z".parse().expect("instant");
        assert_eq!(today.back_later, Some((1, back)));
    }

    #[test]
    fn before_an_interview_a_card_answered_today_waits_for_its_due_time() {
        let scheduler = scheduler();
        let mut progress = Progress::default();
        review(
            &mut progress,
            &scheduler,
            "q0",
            Rating::Good,
            "2026-03-01T09:00:00Z",
        );
        review(
            &mut progress,
            &scheduler,
            "q0",
            Rating::Good,
            "2026-03-01T09:15:00Z",
        );
        let interview = Interview {
            day: "2026-03-08".parse().expect("day"),
            at: "2026-03-08T09:00:00Z".parse().expect("instant"),
        };
        let today = today_at(
            &bank(2),
            &progress,
            "2026-03-01T19:00:00Z",
            Some(interview),
            10,
        );
        let asked: Vec<&str> = today.questions.iter().map(|(k, _)| k.id()).collect();
        assert_eq!(asked, ["q1"], "q0 said back in days this morning");
    }
}
