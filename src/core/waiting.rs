//! Why the weakest question is not the one asked now, before an interview: `stats` ranks it
//! first by its recall on the day, while the planner asks whatever a review adds the most to,
//! so `next` names it and gives the planner's own reason.

use chrono::{DateTime, Utc};

use crate::core::bank::{Card, CardKey};
use crate::core::deadline::{Deadline, Gain, MEANINGFUL_GAIN};
use crate::core::plan::answered_for_today;
use crate::core::queue::Reason;
use crate::core::snapshot::Snapshot;
use crate::core::stats::{CardStanding, weakest_of};
use crate::core::today::Today;

/// The weakest of the cards and why the drill does not ask it now.
#[derive(Debug, Clone)]
pub struct Waiting<'a> {
    pub card: Card<'a>,
    /// Its predicted recall on the interview day (0 when never practised).
    pub recall: f64,
    pub why: Wait,
}

/// The planner's reason for not asking a card now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wait {
    /// Skipped with `s`: buried until tomorrow.
    Skipped,
    /// Answered today and not due again yet; `due` is when the schedule brings it back.
    AnsweredToday { due: DateTime<Utc> },
    /// Asked later today, at `place` (1 for first) in the drill's order: its review adds `gain`,
    /// less per minute of answering than the ones before it.
    Later { place: usize, gain: Gain },
    /// A review now would add less than [`MEANINGFUL_GAIN`] toward the day.
    NotWorth,
}

/// The weakest of `cards` (as `stats` ranks them) with why it waits, when an interview is ahead
/// for it and it is not `asked`, the card the drill asks now. `today` is the drill's order over
/// the same `cards`. `None` when the planner's reason is none of these.
pub fn weakest_waiting<'a>(
    known: Snapshot<'_>,
    cards: &[Card<'a>],
    today: &Today,
    asked: Option<&CardKey>,
) -> Option<Waiting<'a>> {
    let (card, standing) = weakest_of(known, cards.iter().copied())
        .into_iter()
        .next()?;
    let key = card.key();
    let interview = known.upcoming_for(&card.deck.deck)?;
    if asked == Some(&key) {
        return None;
    }
    let (progress, now) = (known.progress, known.now);
    let why = if progress.is_buried(&key, now.at) {
        Wait::Skipped
    } else if answered_for_today(progress, &card, now) {
        Wait::AnsweredToday {
            due: progress.cards.get(&key)?.due,
        }
    } else if let Some(place) = today.questions.iter().position(|(k, _)| k == &key) {
        let gain = match today.questions[place].1 {
            Reason::Gain { gain, .. } => gain,
            Reason::Returning { .. } | Reason::Planned => return None,
        };
        Wait::Later {
            place: place + 1,
            gain,
        }
    } else {
        let deadline = Deadline::new(interview, known.scheduler.parameters());
        if deadline.gain(progress.cards.get(&key), now.at).value() >= MEANINGFUL_GAIN {
            return None;
        }
        Wait::NotWorth
    };
    Some(Waiting {
        card,
        recall: standing.as_ref().map_or(0.0, CardStanding::priority_recall),
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::deadline::{Interview, Interviews};
    use crate::core::fixtures::{bank, review, scheduler};
    use crate::core::plan::PlanOptions;
    use crate::core::progress::Progress;
    use crate::core::schedule::Rating;
    use crate::core::stats::Now;
    use crate::core::today::today;

    const OPTIONS: PlanOptions = PlanOptions {
        new_cards: 10,
        limit: None,
        cram: false,
        answer_secs: 120,
        new_cap: None,
    };

    /// q0 failed the evening before, q1 well known; seen at `at`, toward an interview on
    /// 9 March when `interview`, with q0 skipped when `skipped`.
    fn waiting_at(at: &str, interview: bool, skipped: bool) -> Option<Wait> {
        let (bank, scheduler) = (bank(2), scheduler());
        let mut progress = Progress::default();
        let history = [
            ("q1", "2026-02-20T10:00:00Z", Rating::Good),
            ("q1", "2026-02-20T10:15:00Z", Rating::Good),
            ("q1", "2026-02-26T10:00:00Z", Rating::Good),
            ("q0", "2026-03-02T18:00:00Z", Rating::Again),
        ];
        for (n, (card, at, rating)) in history.into_iter().enumerate() {
            let one = review(&format!("r{n}"), card, at, rating);
            progress.record(one, &scheduler).expect("in order");
        }
        let now = Now::utc(at.parse().expect("instant"));
        if skipped {
            progress
                .buried
                .insert(CardKey::new("d", "q0"), now.end_of(now.today()));
        }
        let interviews = Interviews::from(interview.then(|| Interview {
            day: "2026-03-09".parse().expect("day"),
            at: "2026-03-09T09:00:00Z".parse().expect("instant"),
        }));
        let known = Snapshot::new(&bank, &progress, &scheduler, now, &interviews);
        let cards = known.cards();
        let order = today(known, &cards, OPTIONS);
        let asked = order.questions.first().map(|(k, _)| k.clone());
        weakest_waiting(known, &cards, &order, asked.as_ref()).map(|w| {
            assert_eq!(w.card.question.id, "q0");
            w.why
        })
    }

    #[test]
    fn the_weakest_waits_for_the_planner_s_reason() {
        let morning = "2026-03-03T07:30:00Z";
        assert_eq!(waiting_at(morning, true, false), Some(Wait::NotWorth));
        assert_eq!(waiting_at(morning, true, true), Some(Wait::Skipped));
        assert_eq!(waiting_at(morning, false, false), None, "no interview");
    }
}
