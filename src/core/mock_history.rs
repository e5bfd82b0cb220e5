//! Past mock rounds, read off the review log: the reviews marked mock, grouped into rounds. A
//! round's grades are given in one review pass and never ask a question twice, so a new round
//! starts at a gap of more than [`SESSION_GAP_MINUTES`] or at a question already graded.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::core::misses::SESSION_GAP_MINUTES;
use crate::core::progress::Review;

/// One past mock round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastRound {
    /// When its first grade was given.
    pub at: DateTime<Utc>,
    pub questions: usize,
    /// The mean grade, 1 (again) to 4 (easy).
    pub average_grade: f64,
    /// The share of answers that ran over their time.
    pub overtime_share: f64,
}

/// Every mock round in the log, oldest first.
pub fn past_rounds(reviews: &[Review]) -> Vec<PastRound> {
    let mut mock: Vec<&Review> = reviews.iter().filter(|r| r.mock).collect();
    mock.sort_by_key(|r| r.at);
    let mut rounds: Vec<Vec<&Review>> = Vec::new();
    for review in mock {
        let same_round = rounds.last().is_some_and(|round| {
            round
                .last()
                .is_some_and(|last| review.at - last.at <= Duration::minutes(SESSION_GAP_MINUTES))
                && round.iter().all(|r| r.card != review.card)
        });
        match rounds.last_mut() {
            Some(round) if same_round => round.push(review),
            _ => rounds.push(vec![review]),
        }
    }
    rounds
        .into_iter()
        .filter_map(|round| {
            let first = round.first()?;
            let n = round.len() as f64;
            Some(PastRound {
                at: first.at,
                questions: round.len(),
                average_grade: round.iter().map(|r| f64::from(r.rating as u8)).sum::<f64>() / n,
                overtime_share: round.iter().filter(|r| r.timed_out).count() as f64 / n,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::CardKey;
    use crate::core::schedule::Rating;

    fn review(card: &str, minute: i64, rating: Rating, mock: bool, over: bool) -> Review {
        Review {
            id: format!("{card}{minute}"),
            card: CardKey::new("d", card),
            at: DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute),
            rating,
            duration_ms: 1000,
            timed_out: over,
            typed_answer: None,
            cram: false,
            mock,
            extra: std::collections::BTreeMap::new(),
        }
    }

    #[test]
    fn rounds_split_at_a_gap_or_a_repeated_question() {
        let log = vec![
            review("a", 0, Rating::Good, true, false),
            review("b", 1, Rating::Again, true, true),
            review("x", 2, Rating::Easy, false, false),
            // The same question again, a minute later: a new round.
            review("a", 3, Rating::Easy, true, false),
            // An hour later: another round.
            review("c", 70, Rating::Hard, true, true),
        ];
        let rounds = past_rounds(&log);
        assert_eq!(rounds.len(), 3, "{rounds:?}");
        assert_eq!(rounds[0].questions, 2);
        assert!((rounds[0].average_grade - 2.0).abs() < 1e-9);
        assert!((rounds[0].overtime_share - 0.5).abs() < 1e-9);
        assert_eq!(rounds[1].questions, 1);
        assert_eq!(rounds[2].at, log[4].at);
        assert!(past_rounds(&[]).is_empty());
    }
}
