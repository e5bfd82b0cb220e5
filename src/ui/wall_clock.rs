//! The drill's clock: it starts at the command's `now`, pinned by `PREPDRILL_NOW` or not, and runs
//! with real time from there, so a pinned drill, `stats` and `due` agree on when reviews happened.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// A wall clock that starts at a given instant.
#[derive(Debug, Clone, Copy)]
pub struct WallClock {
    start: DateTime<Utc>,
    origin: Instant,
}

impl WallClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        WallClock {
            start,
            origin: Instant::now(),
        }
    }

    /// The start plus the real time elapsed since.
    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = Duration::from_std(self.origin.elapsed()).unwrap_or(Duration::MAX);
        self.start.checked_add_signed(elapsed).unwrap_or(self.start)
    }
}
