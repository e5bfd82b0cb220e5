//! The drill's clock: it starts at the command's `now`, pinned by `PREPDRILL_NOW` or not, and runs
//! with real time from there, so a pinned drill, `stats` and `due` agree on when reviews happened.
//!
//! A paced clock (`PREPDRILL_ANSWER_SECS`, for tests) moves on only by the next of its paces each
//! time an answer is revealed, so a piped drill over pinned days can answer slowly in no time, and
//! ends at an instant a test can know: the start plus the paces, whatever the machine's load.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// A wall clock that starts at a given instant. Clones share one clock.
#[derive(Debug, Clone)]
pub struct WallClock {
    start: DateTime<Utc>,
    origin: Instant,
    pace: Arc<Pace>,
}

/// Seconds each answer takes, in turn, and how far the clock has been moved on by them.
#[derive(Debug, Default)]
struct Pace {
    secs: Vec<i64>,
    answers: AtomicUsize,
    moved_secs: AtomicI64,
}

impl WallClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        WallClock {
            start,
            origin: Instant::now(),
            pace: Arc::default(),
        }
    }

    /// The same clock, moved on by `secs[0]` at the first answer, `secs[1]` at the next, and so
    /// on round the list. An empty list leaves it a plain wall clock.
    #[must_use]
    pub fn paced(self, secs: Vec<i64>) -> Self {
        WallClock {
            pace: Arc::new(Pace {
                secs,
                ..Pace::default()
            }),
            ..self
        }
    }

    /// An answer was revealed: a paced clock moves on by the answer's time.
    pub fn answered(&self) {
        let pace = &self.pace;
        if pace.secs.is_empty() {
            return;
        }
        let n = pace.answers.fetch_add(1, Ordering::Relaxed);
        pace.moved_secs
            .fetch_add(pace.secs[n % pace.secs.len()], Ordering::Relaxed);
    }

    /// The start plus the real time elapsed since; a paced clock, the start plus the answers'
    /// paces alone.
    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = if self.pace.secs.is_empty() {
            Duration::from_std(self.origin.elapsed()).unwrap_or(Duration::MAX)
        } else {
            Duration::zero()
        };
        let moved = Duration::seconds(self.pace.moved_secs.load(Ordering::Relaxed));
        self.start
            .checked_add_signed(elapsed)
            .and_then(|t| t.checked_add_signed(moved))
            .unwrap_or(self.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paced_clock_moves_on_by_each_answer_in_turn() {
        let start: DateTime<Utc> = "2026-12-01T19:00:00Z".parse().expect("instant");
        let clock = WallClock::starting_at(start).paced(vec![90, 180]);
        let shared = clock.clone();
        let moved = |c: &WallClock| (c.now() - start).num_milliseconds();
        assert_eq!(moved(&clock), 0);
        clock.answered();
        assert_eq!(moved(&shared), 90_000);
        shared.answered();
        clock.answered();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(
            moved(&clock),
            360_000,
            "a paced clock stands still between answers"
        );
        let plain = WallClock::starting_at(start);
        plain.answered();
        assert!((0..5_000).contains(&moved(&plain)));
    }
}
