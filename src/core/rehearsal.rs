//! A drill played without a person: each card is answered by a function that says how long the
//! answer took and how it went. The forecast plays sessions with the memory model answering; the
//! readiness benchmark plays them with a simulated learner.

use chrono::{DateTime, Duration, Utc};

use crate::core::progress::{Progress, Review};
use crate::core::schedule::{Rating, Scheduler};
use crate::core::session::{Action, Effect, QueuedCard, Session};

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

/// A counter for review ids, for sessions no file will see.
pub fn counter() -> crate::core::session::IdSource {
    let mut n = 0u64;
    crate::core::session::IdSource(Box::new(move || {
        n += 1;
        format!("{n:016x}")
    }))
}
