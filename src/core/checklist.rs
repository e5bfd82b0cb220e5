//! The key-point checklist: points a typed answer covers come pre-ticked, the candidate ticks the
//! rest, and the share ticked suggests a grade.

use chrono::Duration;

use crate::core::fold::fold;
use crate::core::schedule::Rating;

/// Which key points a typed answer already covers, one flag per point.
pub fn pre_tick(typed: &str, key_points: &[String]) -> Vec<bool> {
    key_points
        .iter()
        .map(|point| covers(typed, point))
        .collect()
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

/// Whether a typed answer covers a key point: most of the point's words of four letters or
/// more appear in it, ignoring case and accents.
pub fn covers(typed: &str, point: &str) -> bool {
    // Most answers are spoken, not typed: nothing to fold or split then.
    if typed.trim().is_empty() {
        return false;
    }
    let typed = fold(typed);
    let words: Vec<String> = fold(point)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect();
    if words.is_empty() || typed.trim().is_empty() {
        return false;
    }
    let found = words.iter().filter(|w| typed.contains(w.as_str())).count();
    found * 5 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage() {
        assert!(covers(
            "we use short-lived OIDC tokens",
            "Short-lived OIDC tokens"
        ));
        assert!(!covers("", "anything here"));
        assert!(!covers("nothing relevant", "Rate limiting and logging"));
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
