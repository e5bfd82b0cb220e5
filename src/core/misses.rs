//! The misses of the last drill session: the questions graded again in it, for
//! `prepdrill drill --misses`. A session is read off the log: reviews no more than
//! [`SESSION_GAP_MINUTES`] apart.

use chrono::Duration;

use crate::core::bank::CardKey;
use crate::core::progress::Review;
use crate::core::schedule::Rating;

/// Reviews further apart than this belong to different sessions.
pub const SESSION_GAP_MINUTES: i64 = 30;

/// The cards graded again in the session that ends with the latest review, in the order first
/// missed. Mock rounds count too: a miss is a miss.
pub fn last_session_misses(reviews: &[Review]) -> Vec<CardKey> {
    let mut sorted: Vec<&Review> = reviews.iter().collect();
    sorted.sort_by_key(|r| r.at);
    let mut start = sorted.len();
    while start > 0 {
        let gap_ok = sorted.get(start).is_none_or(|next| {
            next.at - sorted[start - 1].at <= Duration::minutes(SESSION_GAP_MINUTES)
        });
        if !gap_ok {
            break;
        }
        start -= 1;
    }
    let mut misses: Vec<CardKey> = Vec::new();
    for review in &sorted[start..] {
        if review.rating == Rating::Again && !misses.contains(&review.card) {
            misses.push(review.card.clone());
        }
    }
    misses
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    fn review(card: &str, minute: i64, rating: Rating) -> Review {
        Review {
            id: format!("{card}{minute}"),
            card: CardKey::new("d", card),
            at: DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute),
            rating,
            duration_ms: 1000,
            timed_out: false,
            typed_answer: None,
            cram: false,
            mock: false,
            round: None,
            extra: std::collections::BTreeMap::new(),
        }
    }

    fn ids(keys: &[CardKey]) -> Vec<&str> {
        keys.iter().map(CardKey::id).collect()
    }

    #[test]
    fn only_the_last_session_counts() {
        let log = vec![
            review("old", 0, Rating::Again),
            review("a", 100, Rating::Again),
            review("b", 110, Rating::Good),
            review("a", 120, Rating::Good),
            review("c", 140, Rating::Again),
        ];
        assert_eq!(ids(&last_session_misses(&log)), ["a", "c"]);
        assert!(last_session_misses(&[]).is_empty());
        assert!(last_session_misses(&[review("x", 0, Rating::Good)]).is_empty());
    }
}
