//! The report that closes a mock round: each answered question with its time, key points and
//! grade, and the figures for the overall line.

use chrono::Duration;

use super::MockRound;
use crate::core::bank::CardKey;
use crate::core::schedule::Rating;

impl MockRound {
    /// How the round went, question by question and overall.
    pub fn report(&self) -> MockReport {
        let rows: Vec<ReportRow> = self
            .questions
            .iter()
            .filter_map(|q| {
                let answer_time = q.clock.stopped()?;
                Some(ReportRow {
                    key: q.card.key.clone(),
                    answer_time,
                    answer_limit: q.card.answer_limit,
                    points_hit: q.ticked.iter().filter(|t| **t).count(),
                    points: q.ticked.len(),
                    rating: q.rating,
                    typed: q.typed.trim_end().to_string(),
                    checklist: q
                        .card
                        .key_points
                        .iter()
                        .enumerate()
                        .map(|(i, point)| {
                            let ticked = q.ticked.get(i).copied().unwrap_or(false);
                            PointRow {
                                text: point.text.clone(),
                                ticked,
                                evidence: q.evidence.get(i).cloned().flatten().filter(|_| ticked),
                            }
                        })
                        .collect(),
                })
            })
            .collect();
        MockReport {
            asked: self.questions.len(),
            rows,
            quit: self.quit,
        }
    }
}

/// One answered question in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub key: CardKey,
    pub answer_time: Duration,
    pub answer_limit: Duration,
    pub points_hit: usize,
    pub points: usize,
    /// `None` when the round ended before this answer was graded.
    pub rating: Option<Rating>,
    /// The answer as typed; empty when it was spoken.
    pub typed: String,
    /// Each key point as the review left it.
    pub checklist: Vec<PointRow>,
}

/// One key point of an answered question, in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct PointRow {
    pub text: String,
    pub ticked: bool,
    /// For a point ticked by the typed answer, the words that made it.
    pub evidence: Option<String>,
}

impl ReportRow {
    pub fn overtime(&self) -> bool {
        self.answer_time > self.answer_limit
    }
}

/// The end of a round: each answered question, and the figures for the overall line.
#[derive(Debug, Clone, PartialEq)]
pub struct MockReport {
    /// Questions in the round, answered or not.
    pub asked: usize,
    pub rows: Vec<ReportRow>,
    pub quit: bool,
}

impl MockReport {
    /// The mean grade (1–4) of the graded answers.
    pub fn average_grade(&self) -> Option<f64> {
        let grades: Vec<f64> = self
            .rows
            .iter()
            .filter_map(|r| r.rating.map(|g| f64::from(g as u8)))
            .collect();
        (!grades.is_empty()).then(|| grades.iter().sum::<f64>() / grades.len() as f64)
    }

    /// The share of key points hit over every answered question that has some.
    pub fn points_share(&self) -> Option<f64> {
        let (hit, all) = self
            .rows
            .iter()
            .fold((0, 0), |(h, a), r| (h + r.points_hit, a + r.points));
        (all > 0).then(|| hit as f64 / all as f64)
    }

    pub fn overtime(&self) -> usize {
        self.rows.iter().filter(|r| r.overtime()).count()
    }

    pub fn graded(&self) -> usize {
        self.rows.iter().filter(|r| r.rating.is_some()).count()
    }
}
