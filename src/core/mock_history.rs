//! Past mock rounds, read off the review log: the reviews marked mock, grouped into rounds by the
//! round id each carries. Reviews saved before rounds had ids are grouped by time: a round's grades
//! are given in one review pass and never ask a question twice, so a new round starts at a gap of
//! more than [`SESSION_GAP_MINUTES`] or at a question already graded.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::core::misses::SESSION_GAP_MINUTES;
use crate::core::progress::Review;

/// What each review graded in a mock round carries: the round's own id and how many questions it
/// asked, so the round is listed once, with its size, however it was graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundMark {
    pub id: String,
    /// The questions in the round, graded or not.
    pub questions: usize,
}

/// One past mock round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastRound {
    /// The round's id; `None` for a round saved before rounds had one (grouped by time).
    pub id: Option<String>,
    /// When its first grade was given.
    pub at: DateTime<Utc>,
    /// The questions in the round.
    pub questions: usize,
    /// How many of them were graded.
    pub graded: usize,
    /// The mean grade, 1 (again) to 4 (easy).
    pub average_grade: f64,
    /// The share of answers that ran over their time.
    pub overtime_share: f64,
}

/// Every mock round in the log, oldest first. Reviews with a round id are grouped by it; older
/// ones without are grouped as before: a new round at a gap or at a question already graded.
pub fn past_rounds(reviews: &[Review]) -> Vec<PastRound> {
    let mut mock: Vec<&Review> = reviews.iter().filter(|r| r.mock).collect();
    mock.sort_by_key(|r| r.at);
    let mut marked: Vec<(&RoundMark, Vec<&Review>)> = Vec::new();
    let mut unmarked: Vec<Vec<&Review>> = Vec::new();
    for review in mock {
        if let Some(mark) = &review.round {
            match marked.iter_mut().find(|(m, _)| m.id == mark.id) {
                Some((_, round)) => round.push(review),
                None => marked.push((mark, vec![review])),
            }
            continue;
        }
        let same_round = unmarked.last().is_some_and(|round| {
            round
                .last()
                .is_some_and(|last| review.at - last.at <= Duration::minutes(SESSION_GAP_MINUTES))
                && round.iter().all(|r| r.card != review.card)
        });
        match unmarked.last_mut() {
            Some(round) if same_round => round.push(review),
            _ => unmarked.push(vec![review]),
        }
    }
    let mut rounds: Vec<PastRound> = marked
        .into_iter()
        .filter_map(|(mark, round)| summary(Some(mark), &round))
        .chain(unmarked.iter().filter_map(|round| summary(None, round)))
        .collect();
    rounds.sort_by_key(|round| round.at);
    rounds
}

fn summary(mark: Option<&RoundMark>, round: &[&Review]) -> Option<PastRound> {
    let first = round.first()?;
    let n = round.len() as f64;
    Some(PastRound {
        id: mark.map(|m| m.id.clone()),
        at: first.at,
        // A merged log may hold more grades of a round than it asked: never show fewer questions.
        questions: mark.map_or(round.len(), |m| m.questions.max(round.len())),
        graded: round.len(),
        average_grade: round.iter().map(|r| f64::from(r.rating as u8)).sum::<f64>() / n,
        overtime_share: round.iter().filter(|r| r.timed_out).count() as f64 / n,
    })
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
            round: None,
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

    fn in_round(card: &str, minute: i64, round: &str, questions: usize) -> Review {
        Review {
            round: Some(RoundMark {
                id: round.into(),
                questions,
            }),
            ..review(card, minute, Rating::Good, true, false)
        }
    }

    #[test]
    fn rounds_with_ids_are_listed_once_whatever_the_gaps() {
        let log = vec![
            // r1: three questions, two graded, the second an hour after the first.
            in_round("a", 0, "r1", 3),
            in_round("b", 60, "r1", 3),
            // r2 starts a minute after r1's last grade and asks a question r1 asked.
            in_round("a", 61, "r2", 2),
            in_round("c", 62, "r2", 2),
            // r3: one question, a minute later.
            in_round("d", 63, "r3", 1),
            // An old review without a round id, a day later: its own round, grouped as before.
            review("e", 1500, Rating::Again, true, false),
        ];
        let rounds = past_rounds(&log);
        let shape: Vec<(Option<&str>, usize, usize)> = rounds
            .iter()
            .map(|r| (r.id.as_deref(), r.questions, r.graded))
            .collect();
        assert_eq!(
            shape,
            [
                (Some("r1"), 3, 2),
                (Some("r2"), 2, 2),
                (Some("r3"), 1, 1),
                (None, 1, 1)
            ]
        );
        assert_eq!(rounds[0].at, log[0].at);
    }
}
