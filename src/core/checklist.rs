//! The key-point checklist: points a typed answer makes come pre-ticked with the words that made
//! them, the candidate ticks the rest, and the share ticked suggests a grade.

use chrono::Duration;

use crate::core::key_point::KeyPoint;
use crate::core::matcher::{PointMatch, match_points};
use crate::core::schedule::Rating;
use crate::core::synonyms::Synonyms;

/// What a typed answer makes of each key point, in bank order (see [`crate::core::matcher`]).
/// An answer with no words makes no point, and costs nothing to read: the drill's forecasts play
/// thousands of spoken (untyped) answers.
pub fn coverage(typed: &str, key_points: &[KeyPoint]) -> Vec<PointMatch> {
    if !typed.chars().any(char::is_alphanumeric) {
        let missed = PointMatch {
            covered: false,
            evidence: None,
            score: 0.0,
            rejected: false,
        };
        return vec![missed; key_points.len()];
    }
    match_points(typed, key_points, Synonyms::built_in())
}

/// Which key points a typed answer already covers, one flag per point.
pub fn pre_tick(typed: &str, key_points: &[KeyPoint]) -> Vec<bool> {
    coverage(typed, key_points)
        .into_iter()
        .map(|m| m.covered)
        .collect()
}

/// The review of a typed answer: which points it makes, and for each one made the words that made
/// it, ready to show.
pub fn review(typed: &str, key_points: &[KeyPoint]) -> (Vec<bool>, Vec<Option<String>>) {
    coverage(typed, key_points)
        .into_iter()
        .map(|m| {
            let evidence = m
                .evidence
                .and_then(|span| typed.get(span))
                .map(str::to_string);
            (m.covered, evidence)
        })
        .unzip()
}

/// Ticks or unticks one point; an index past the end does nothing.
pub fn toggle(ticked: &mut [bool], index: usize) {
    if let Some(tick) = ticked.get_mut(index) {
        *tick = !*tick;
    }
}

/// A grade suggested by the share of key points ticked, quick full answers earning easy; an
/// answer given after a hint is suggested one grade lower, as the hint did part of the work.
/// Nothing is suggested for a question without key points.
pub fn suggested_grade(
    ticked: &[bool],
    answer_time: Duration,
    limit: Duration,
    hinted: bool,
) -> Option<Rating> {
    if ticked.is_empty() {
        return None;
    }
    let share = ticked.iter().filter(|t| **t).count() as f64 / ticked.len() as f64;
    let quick = answer_time <= limit / 2;
    let grade = match share {
        s if s >= 1.0 && quick => Rating::Easy,
        s if s >= 0.6 => Rating::Good,
        s if s >= 0.3 => Rating::Hard,
        _ => Rating::Again,
    };
    Some(if hinted { lower(grade) } else { grade })
}

fn lower(grade: Rating) -> Rating {
    match grade {
        Rating::Easy => Rating::Good,
        Rating::Good => Rating::Hard,
        Rating::Hard | Rating::Again => Rating::Again,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_answers_pre_tick_what_they_make() {
        let points = [
            KeyPoint::from("Short-lived OIDC tokens"),
            KeyPoint::from("Rate limiting and logging"),
        ];
        assert_eq!(
            pre_tick("we use short-lived OIDC tokens", &points),
            vec![true, false]
        );
        assert_eq!(pre_tick("", &points), vec![false, false]);
    }

    #[track_caller]
    fn case(ticked: &[bool], secs: i64, expected: Option<Rating>) {
        let got = suggested_grade(
            ticked,
            Duration::seconds(secs),
            Duration::seconds(60),
            false,
        );
        assert_eq!(got, expected, "{ticked:?} in {secs}s");
    }

    #[test]
    fn a_hint_lowers_the_suggestion_by_one() {
        let hinted = |ticked: &[bool], secs| {
            suggested_grade(ticked, Duration::seconds(secs), Duration::seconds(60), true)
        };
        assert_eq!(hinted(&[true, true], 10), Some(Rating::Good));
        assert_eq!(hinted(&[true, true], 40), Some(Rating::Hard));
        assert_eq!(hinted(&[true, false], 10), Some(Rating::Again));
        assert_eq!(hinted(&[false], 10), Some(Rating::Again));
        assert_eq!(hinted(&[], 10), None);
    }

    #[test]
    fn suggestions() {
        case(&[], 10, None);
        case(&[false, false], 10, Some(Rating::Again));
        case(&[true, false], 10, Some(Rating::Hard));
        case(&[true, true], 10, Some(Rating::Easy));
        case(&[true, true], 40, Some(Rating::Good));
        case(&[true, true, false], 10, Some(Rating::Good));
    }

    #[test]
    fn toggling_past_the_end_is_harmless() {
        let mut ticked = vec![false];
        toggle(&mut ticked, 0);
        toggle(&mut ticked, 5);
        assert_eq!(ticked, vec![true]);
    }
}
