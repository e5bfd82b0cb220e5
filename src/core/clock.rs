//! The clocks a timed round keeps: one for the whole round and one per question, both stopped by
//! a pause. They read the instant they are given; only the edge reads the real clock.

use chrono::{DateTime, Duration, Utc};

/// The round's clock: how long it has run, pauses left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundClock {
    started: DateTime<Utc>,
    paused_since: Option<DateTime<Utc>>,
    paused_total: Duration,
}

impl RoundClock {
    pub fn new(now: DateTime<Utc>) -> Self {
        RoundClock {
            started: now,
            paused_since: None,
            paused_total: Duration::zero(),
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    /// The instant the clocks read: frozen while paused.
    pub fn reading(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.paused_since.unwrap_or(now)
    }

    /// Time run since the start, pauses excluded.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        self.reading(now) - self.started - self.paused_total
    }

    /// Pauses, or resumes; on resuming, answers how long the pause lasted so the question's own
    /// clock can leave it out too.
    pub fn toggle_pause(&mut self, now: DateTime<Utc>) -> Option<Duration> {
        if let Some(since) = self.paused_since.take() {
            let paused = now - since;
            self.paused_total += paused;
            Some(paused)
        } else {
            self.paused_since = Some(now);
            None
        }
    }
}

/// One question's answer clock: it runs from the question appearing, leaves out pauses, stops
/// when the answer is done, and rings once when the answer time runs out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerClock {
    shown_at: DateTime<Utc>,
    /// Pauses while this question was up.
    paused: Duration,
    /// The answer time, frozen once the answer is done.
    stopped: Option<Duration>,
    bell_rung: bool,
}

impl AnswerClock {
    /// A clock started at `reading` (the round clock's reading).
    pub fn start(reading: DateTime<Utc>) -> Self {
        AnswerClock {
            shown_at: reading,
            paused: Duration::zero(),
            stopped: None,
            bell_rung: false,
        }
    }

    /// A clock already stopped at `elapsed`, as when an answer is brought back by undo.
    pub fn stopped_at(reading: DateTime<Utc>, elapsed: Duration) -> Self {
        AnswerClock {
            shown_at: reading - elapsed,
            paused: Duration::zero(),
            stopped: Some(elapsed),
            bell_rung: true,
        }
    }

    /// The answer time so far at `reading`, or the time it was stopped at.
    pub fn elapsed(&self, reading: DateTime<Utc>) -> Duration {
        self.stopped
            .unwrap_or_else(|| reading - self.shown_at - self.paused)
    }

    /// The answer time once stopped.
    pub fn stopped(&self) -> Option<Duration> {
        self.stopped
    }

    /// Stops the clock at `reading`; a stopped clock stays as it was.
    pub fn stop(&mut self, reading: DateTime<Utc>) -> Duration {
        let elapsed = self.elapsed(reading);
        self.stopped = Some(elapsed);
        elapsed
    }

    /// Leaves a pause of this length out of the answer time.
    pub fn add_pause(&mut self, paused: Duration) {
        self.paused += paused;
    }

    /// Whether the bell rings now: the first time a running clock reaches `limit`.
    pub fn ring(&mut self, reading: DateTime<Utc>, limit: Duration) -> bool {
        if self.bell_rung || self.stopped.is_some() || self.elapsed(reading) < limit {
            return false;
        }
        self.bell_rung = true;
        true
    }
}

/// How long after a grade keys are ignored, so a double-tapped key cannot act on the next question.
pub const KEY_GUARD_MS: i64 = 300;

/// Ignores keys pressed within a window ([`KEY_GUARD_MS`] unless told otherwise) of the last
/// grade (or move to the next question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGuard {
    armed_at: Option<DateTime<Utc>>,
    window: Duration,
}

impl Default for KeyGuard {
    fn default() -> Self {
        KeyGuard::new(Duration::milliseconds(KEY_GUARD_MS))
    }
}

impl KeyGuard {
    /// A guard whose window lasts `window`.
    pub fn new(window: Duration) -> Self {
        KeyGuard {
            armed_at: None,
            window,
        }
    }

    /// Starts the guard window at `now`.
    pub fn arm(&mut self, now: DateTime<Utc>) {
        self.armed_at = Some(now);
    }

    /// Ends the window early, as when the grade it guards is taken back.
    pub fn disarm(&mut self) {
        self.armed_at = None;
    }

    /// Whether a key at `now` falls inside the window.
    pub fn blocks(&self, now: DateTime<Utc>) -> bool {
        self.armed_at
            .is_some_and(|at| now >= at && now - at < self.window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(secs)
    }

    #[test]
    fn a_pause_stops_the_round_and_the_answer() {
        let mut round = RoundClock::new(t(0));
        let mut answer = AnswerClock::start(round.reading(t(10)));
        assert_eq!(round.toggle_pause(t(20)), None);
        assert!(round.is_paused());
        assert_eq!(answer.elapsed(round.reading(t(100))), Duration::seconds(10));
        let paused = round.toggle_pause(t(120)).expect("resumed");
        answer.add_pause(paused);
        assert_eq!(round.elapsed(t(130)), Duration::seconds(30));
        assert_eq!(answer.elapsed(round.reading(t(130))), Duration::seconds(20));
    }

    #[test]
    fn the_bell_rings_once_and_not_after_stopping() {
        let mut answer = AnswerClock::start(t(0));
        assert!(!answer.ring(t(59), Duration::seconds(60)));
        assert!(answer.ring(t(60), Duration::seconds(60)));
        assert!(!answer.ring(t(61), Duration::seconds(60)));
        let mut stopped = AnswerClock::start(t(0));
        assert_eq!(stopped.stop(t(30)), Duration::seconds(30));
        assert!(!stopped.ring(t(90), Duration::seconds(60)));
        assert_eq!(stopped.elapsed(t(500)), Duration::seconds(30));
    }

    #[test]
    fn the_key_guard_ignores_a_double_tap_only() {
        let mut guard = KeyGuard::default();
        assert!(!guard.blocks(t(0)));
        guard.arm(t(10));
        assert!(guard.blocks(t(10)));
        assert!(guard.blocks(t(10) + Duration::milliseconds(299)));
        assert!(!guard.blocks(t(10) + Duration::milliseconds(300)));
        let mut off = KeyGuard::new(Duration::zero());
        off.arm(t(10));
        assert!(!off.blocks(t(10)), "a zero window blocks nothing");
    }

    #[test]
    fn a_clock_brought_back_stays_stopped() {
        let clock = AnswerClock::stopped_at(t(100), Duration::seconds(42));
        assert_eq!(clock.elapsed(t(200)), Duration::seconds(42));
        assert_eq!(clock.stopped(), Some(Duration::seconds(42)));
    }
}
