//! What a command knows at one instant: the bank, the progress log, the scheduler, the clock and
//! the interviews, as one value. The edge loads the parts once (`app::Context::load`); core
//! functions take the snapshot, or the part they need, instead of five values side by side.

use crate::core::bank::{Bank, Card, CardKey};
use crate::core::deadline::{Interview, Interviews};
use crate::core::progress::Progress;
use crate::core::schedule::{CardState, Scheduler};
use crate::core::stats::Now;

/// A borrowed view, cheap to copy: the owner keeps the bank and the log, so a caller can look
/// at one deck, another instant or another interview without loading anything again.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub bank: &'a Bank,
    pub progress: &'a Progress,
    pub scheduler: &'a Scheduler,
    pub now: Now,
    /// The interview each deck plans toward.
    pub interviews: &'a Interviews,
    /// The interview recall is measured toward: the one set for all, unless [`Self::toward`]
    /// chose another (a deck's own).
    pub interview: Option<Interview>,
    /// Whether each deck's own interview counts (decks have their own dates, and
    /// [`Self::toward`] has not chosen one interview for all): see [`Self::interview_of`].
    pub each_deck: bool,
}

impl<'a> Snapshot<'a> {
    pub fn new(
        bank: &'a Bank,
        progress: &'a Progress,
        scheduler: &'a Scheduler,
        now: Now,
        interviews: &'a Interviews,
    ) -> Self {
        Snapshot {
            bank,
            progress,
            scheduler,
            now,
            interviews,
            interview: interviews.default,
            each_deck: interviews.per_deck(),
        }
    }

    /// The same knowledge seen at another instant (the end of a drill).
    #[must_use]
    pub fn at(self, now: Now) -> Self {
        Snapshot { now, ..self }
    }

    /// The same knowledge, measuring recall toward `interview`.
    #[must_use]
    pub fn toward(self, interview: Option<Interview>) -> Self {
        Snapshot {
            interview,
            each_deck: false,
            ..self
        }
    }

    /// The interview the recall of `deck`'s questions is measured toward, while it is ahead:
    /// the deck's own when decks have their own, else the snapshot's.
    pub fn upcoming_for(&self, deck: &str) -> Option<Interview> {
        if self.each_deck {
            self.now.upcoming(self.interviews.of(deck))
        } else {
            self.upcoming()
        }
    }

    /// The same knowledge over another bank (one deck of it).
    #[must_use]
    pub fn over(self, bank: &'a Bank) -> Self {
        Snapshot { bank, ..self }
    }

    /// The interview recall is measured toward, while it is still ahead; when decks have their
    /// own, the soonest of the bank's decks.
    pub fn upcoming(&self) -> Option<Interview> {
        if self.each_deck {
            self.interviews.soonest(
                self.bank.decks().iter().map(|d| d.deck.as_str()),
                self.now.at,
            )
        } else {
            self.now.upcoming(self.interview)
        }
    }

    /// The interview recall is measured toward, once it has passed.
    pub fn passed(&self) -> Option<Interview> {
        self.interview.filter(|i| !i.is_ahead(self.now.at))
    }

    /// The soonest interview still ahead among the decks of `cards`.
    pub fn soonest(&self, cards: &[Card<'_>]) -> Option<Interview> {
        self.interviews
            .soonest(cards.iter().map(|c| c.deck.deck.as_str()), self.now.at)
    }

    /// The log, when anything has been practised.
    pub fn practised(&self) -> Option<&'a Progress> {
        Some(self.progress).filter(|p| !p.reviews.is_empty())
    }

    /// A card's memory now: a new card when never reviewed.
    pub fn state(&self, key: &CardKey) -> CardState {
        self.progress.card(key, self.now.at)
    }

    /// Predicted recall now of a card in `state`.
    pub fn recall(&self, state: &CardState) -> f64 {
        self.scheduler.retrievability(state, self.now.at)
    }

    /// The bank's cards, in bank order.
    pub fn cards(&self) -> Vec<Card<'a>> {
        self.bank.cards().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::{bank, scheduler};

    fn interview(at: &str) -> Interview {
        let at: chrono::DateTime<chrono::Utc> = at.parse().expect("instant");
        Interview {
            day: at.date_naive(),
            at,
        }
    }

    #[test]
    fn the_interview_is_the_one_for_all_until_another_is_chosen() {
        let (bank, progress, scheduler) = (bank(2), Progress::default(), scheduler());
        let interviews = Interviews::from(Some(interview("2026-12-10T09:00:00Z")));
        let now = Now::utc("2026-12-01T12:00:00Z".parse().expect("instant"));
        let known = Snapshot::new(&bank, &progress, &scheduler, now, &interviews);
        assert_eq!(known.upcoming(), interviews.default);
        assert_eq!(known.passed(), None);
        let later = known.at(Now::utc("2026-12-11T00:00:00Z".parse().expect("instant")));
        assert_eq!(later.upcoming(), None);
        assert_eq!(later.passed(), interviews.default);
        assert_eq!(known.toward(None).upcoming(), None);
        assert!(known.practised().is_none());
    }
}
