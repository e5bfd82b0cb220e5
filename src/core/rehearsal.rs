//! A drill played without a person: each card is answered by a function that says how long the
//! answer took and how it went. The forecast plays sessions with the memory model answering; the
//! readiness benchmark plays them with a simulated learner.

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::{Bank, Card};
use crate::core::deadline::{Interview, Interviews};
use crate::core::plan::{PlanOptions, plan};
use crate::core::progress::{Progress, Review};
use crate::core::schedule::{Rating, Scheduler};
use crate::core::session::{Action, Effect, EndReason, QueuedCard, Session, SessionOptions};
use crate::core::snapshot::Snapshot;
use crate::core::stats::Now;

/// Plays `session` from `now` to its end, recording every grade in `progress` as the drill saves
/// it. `answer` is given the card, the instant it appears and the progress so far. Returns when
/// the session ended.
pub fn play(
    session: &mut Session,
    progress: &mut Progress,
    scheduler: &Scheduler,
    mut now: DateTime<Utc>,
    mut answer: impl FnMut(&QueuedCard, DateTime<Utc>, &Progress) -> (Duration, Rating),
) -> DateTime<Utc> {
    while session.ended().is_none() {
        let Some(current) = session.current() else {
            break;
        };
        let (took, rating) = answer(&current.card, now, progress);
        now += took.max(Duration::seconds(1));
        session.apply(Action::Reveal, now);
        for effect in session.apply(Action::Grade(rating), now) {
            if let Effect::Record(graded) = effect {
                // Reviews come in time order, so none can be refused as early.
                let _ = progress.record(Review::of(&graded), scheduler);
            }
        }
    }
    now
}

/// The most sessions one day's practice is split into by "come back at": a guard, far above
/// what learning steps of minutes produce in a day's minutes.
const MAX_SESSIONS_A_DAY: usize = 12;

/// One day's practice as the drill leads it: a session of the day's `minutes` from `start`, and
/// whenever a session ends saying when its cards in a learning step come back, a new `prepdrill`
/// run then, planned afresh, for the minutes left.
pub struct Day<'a, 'b> {
    pub cards: &'a [Card<'b>],
    pub scheduler: &'a Scheduler,
    pub interview: Option<Interview>,
    pub options: PlanOptions,
    pub minutes: Duration,
}

impl Day<'_, '_> {
    /// Plays the day from `start`, each card answered by `answer`; returns the minutes used.
    pub fn practise(
        &self,
        progress: &mut Progress,
        start: Now,
        mut answer: impl FnMut(&QueuedCard, DateTime<Utc>, &Progress) -> (Duration, Rating),
    ) -> Duration {
        let mut sessions = 0;
        let mut used = Duration::zero();
        let mut at = start.at;
        let interviews = Interviews::from(self.interview);
        // The planner reads the cards it is given, never the bank: a rehearsal has none.
        let no_bank = Bank::default();
        while sessions < MAX_SESSIONS_A_DAY && used < self.minutes {
            let now = Now { at, ..start };
            let known = Snapshot::new(&no_bank, progress, self.scheduler, now, &interviews);
            let planned = plan(known, self.cards, self.options);
            let mut session = Session::new(
                planned.queue,
                SessionOptions {
                    length: self.minutes - used,
                    cram: false,
                },
                at,
                counter(),
            );
            let end = play(&mut session, progress, self.scheduler, at, &mut answer);
            used += end - at;
            sessions += 1;
            match session.ended() {
                Some(EndReason::ComeBack { at: back, .. })
                    if start.day_of(back) == start.today() && back > end =>
                {
                    at = back;
                }
                _ => break,
            }
        }
        used
    }
}

/// A counter for review ids, for sessions no file will see.
pub fn counter() -> crate::core::session::IdSource {
    let mut n = 0u64;
    crate::core::session::IdSource(Box::new(move || {
        n += 1;
        format!("{n:016x}")
    }))
}
