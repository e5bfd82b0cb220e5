//! Checking what comes in from outside: reviews from commands, merged files and the progress
//! file itself, and the card states a file claims.

use chrono::{DateTime, Utc};

use crate::core::progress::{Progress, Review, ReviewError};
use crate::core::schedule::{CardState, Scheduler};

/// How far past now a command may date a review it records (`rate --at`): a little, for a slow
/// clock.
pub const FUTURE_SLACK_MINUTES: i64 = 5;

/// How far past this machine's clock a stored or merged review may be dated. Clocks on synced
/// machines drift, VMs are restored and laptops run late, so a review dated after now is kept;
/// only a date beyond this fixed bound is absurd (it would freeze its card) and refused.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// The longest answer time a review may claim: a day, as `rate --duration` allows.
pub const MAX_DURATION_MS: u64 = 86_400_000;

/// Checks a review from outside (a command, a merged file, the progress file itself) before it is
/// trusted: a review dated more than [`MAX_DAYS_AHEAD`] after now would freeze its card, and one
/// past year 9999 cannot be written as RFC 3339. A review dated a little after now (another
/// machine's clock is ahead of this one's) is kept: the local clock never costs a stored review.
pub fn check_review(review: &Review, now: DateTime<Utc>) -> Result<(), ReviewError> {
    use chrono::Datelike;
    let invalid = |reason: String| ReviewError::Invalid {
        id: review.id.clone(),
        card: review.card.clone(),
        reason,
    };
    if review.at.year() > 9999 || review.at.year() < 1970 {
        return Err(invalid(format!(
            "its date (year {}) is out of range",
            review.at.year()
        )));
    }
    if review.at > now + chrono::Duration::days(MAX_DAYS_AHEAD) {
        return Err(invalid(format!(
            "it is dated {}, more than a year in the future (now is {})",
            review.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )));
    }
    if review.duration_ms > MAX_DURATION_MS {
        return Err(invalid(format!(
            "its answer time ({} ms) is longer than a day",
            review.duration_ms
        )));
    }
    if review.id.is_empty() || review.id.len() > 64 {
        return Err(invalid("its id is empty or too long".to_string()));
    }
    Ok(())
}

/// Whether a card state read from a file can be shown and scheduled from: finite, positive memory
/// and dates that RFC 3339 can write. A state that fails is rebuilt from the log.
pub fn state_is_sane(state: &CardState) -> bool {
    use chrono::Datelike;
    let memory_ok = state.memory.is_none_or(|m| {
        m.stability.is_finite()
            && m.stability > 0.0
            && m.difficulty.is_finite()
            && (0.0..=11.0).contains(&m.difficulty)
    });
    memory_ok && state.due.year() <= 9999 && state.last_review.is_none_or(|at| at.year() <= 9999)
}

impl Progress {
    /// Drops every review that fails [`check_review`], and rebuilds the states when one is not
    /// sane or a reviewed card has none (a file written by hand or another tool). Returns what
    /// was dropped, for the caller to report.
    pub fn sanitize(&mut self, scheduler: &Scheduler, now: DateTime<Utc>) -> Vec<ReviewError> {
        let mut refused = Vec::new();
        self.reviews.retain(|r| match check_review(r, now) {
            Ok(()) => true,
            Err(error) => {
                refused.push(error);
                false
            }
        });
        let missing = || {
            self.reviews
                .iter()
                .any(|r| r.schedules() && !self.cards.contains_key(&r.card))
        };
        if !refused.is_empty() || !self.cards.values().all(state_is_sane) || missing() {
            self.rebuild(scheduler);
        }
        refused
    }
}
