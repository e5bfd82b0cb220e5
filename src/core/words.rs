//! One wording for the whole program: counts with their plurals, lists, percentages, answer
//! times, and when an instant is ("in 3 hours (15:00)", "tomorrow at 09:00", "in 4 days (…)").
//!
//! Days are counted by the calendar in the caller's zone (`Now::zone`), never as 24-hour
//! periods: an instant 30 hours ahead at 22:00 is "in 2 days", because it falls on the day after
//! tomorrow. Every place that words time (`show`, `rate`, `stats`, `plan`, the drill summary and
//! the study sheet) goes through here, so they agree about the same instant.

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::deadline::Interview;
use crate::core::stats::Now;

/// A whole number that can be counted in words.
pub trait Count: Copy {
    fn count(self) -> i64;
}

impl Count for usize {
    fn count(self) -> i64 {
        i64::try_from(self).unwrap_or(i64::MAX)
    }
}

impl Count for u32 {
    fn count(self) -> i64 {
        i64::from(self)
    }
}

impl Count for i64 {
    fn count(self) -> i64 {
        self
    }
}

/// "1 day", "3 days", "0 questions".
pub fn counted(n: impl Count, unit: &str) -> String {
    format!("{} {}", n.count(), noun(n, unit))
}

/// The word alone, in the number `n` asks for: "question", "questions"; "category",
/// "categories" (a consonant before the `y`), but "day", "days".
pub fn noun(n: impl Count, word: &str) -> String {
    if n.count() == 1 {
        return word.to_string();
    }
    match word.strip_suffix('y') {
        Some(stem) if stem.ends_with(|c: char| c.is_ascii_alphabetic() && !"aeiou".contains(c)) => {
            format!("{stem}ies")
        }
        _ => format!("{word}s"),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `0.694` as `69%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// `45s`, `2m`, `1m30s`: answer times as people say them.
pub fn format_secs(secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s:02}s"),
    }
}

/// A distance in calendar days: `today`, `tomorrow`, `in 5 days`, `yesterday`, `6 days ago`.
pub fn days_from_now(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// When `at` is, seen from `now`, ahead or past:
/// "in 30 seconds", "in 10 minutes", "in 3 hours (15:00)", "tomorrow at 09:00",
/// "in 4 days (Mon 30 Nov 2026)"; "just now", "10 minutes ago", "3 hours ago (09:00)",
/// "yesterday at 18:20", "6 days ago (Fri 20 Nov 2026)".
pub fn when(at: DateTime<Utc>, now: Now) -> String {
    let local = now.zone.local(at);
    let clock = local.format("%H:%M");
    let date = local.format("%a %-d %b %Y");
    let days = now.days_until(now.day_of(at));
    let gap = at - now.at;
    if gap.num_seconds() > 0 {
        match days {
            _ if gap.num_minutes() < 1 => format!("in {}", counted(gap.num_seconds(), "second")),
            _ if gap.num_hours() < 1 => format!("in {}", counted(gap.num_minutes(), "minute")),
            0 => format!("in {} ({clock})", counted(gap.num_hours(), "hour")),
            1 => format!("tomorrow at {clock}"),
            d => format!("in {} ({date})", counted(d, "day")),
        }
    } else {
        let past = -gap;
        match days {
            _ if past.num_minutes() < 1 => "just now".to_string(),
            _ if past.num_hours() < 1 => format!("{} ago", counted(past.num_minutes(), "minute")),
            0 => format!("{} ago ({clock})", counted(past.num_hours(), "hour")),
            -1 => format!("yesterday at {clock}"),
            d => format!("{} ago ({date})", counted(-d, "day")),
        }
    }
}

/// When a card is due: "now" once the time has come, else as [`when`] words it.
pub fn due(at: DateTime<Utc>, now: Now) -> String {
    if at <= now.at {
        "now".to_string()
    } else {
        when(at, now)
    }
}

/// `2026-11-20 (6 days ago)`: the day of `at` in the caller's zone, and how far it is.
pub fn day_and_distance(at: DateTime<Utc>, now: Now) -> String {
    let day = now.day_of(at);
    format!("{} ({})", day.format("%Y-%m-%d"), day_distance(day, now))
}

/// How far a calendar day is from today: `today`, `tomorrow`, `in 5 days`.
pub fn day_distance(day: NaiveDate, now: Now) -> String {
    days_from_now(now.days_until(day))
}

/// Questions in a learning step coming back later today, `first` being the earliest:
/// "1 question comes back at 19:06", "22 questions come back from 19:06".
/// `whose` names them further ("from this session"), or is empty.
pub fn coming_back(count: usize, first: DateTime<Utc>, now: Now, whose: &str) -> String {
    let clock = now.zone.local(first).format("%H:%M");
    let questions = counted(count, "question");
    let whose = if whose.is_empty() {
        String::new()
    } else {
        format!(" {whose}")
    };
    if count == 1 {
        format!("{questions}{whose} comes back at {clock}")
    } else {
        format!("{questions}{whose} come back from {clock}")
    }
}

/// "interview today at 09:00", "interview tomorrow", "interview in 12 days".
pub fn interview_in(interview: Interview, now: Now) -> String {
    format!("interview {}", interview_day(interview, now))
}

/// What a grade at `answered` means for the card's next time, before its interview (`None` once
/// it has passed, or for a card in a step that comes back within the day, whose step the drill
/// keeps). Before the interview the drill asks whichever card a review helps most, not the one
/// the schedule says is due, so the schedule's day is only a guide: "not again today · schedule:
/// in 7 days (Mon 9 Mar 2026); until your interview the drill decides when". A card answered
/// today is not offered again today (`plan::answered_for_today`), which is what the first words
/// promise; a grade recorded for an earlier day promises nothing about today.
pub fn before_interview(
    due: DateTime<Utc>,
    answered: DateTime<Utc>,
    now: Now,
    interview: Option<Interview>,
) -> Option<String> {
    interview.filter(|i| i.is_ahead(now.at))?;
    if now.day_of(due) <= now.today() || due - now.at < chrono::Duration::days(1) {
        return None;
    }
    let today = if now.day_of(answered) == now.today() {
        "not again today · "
    } else {
        ""
    };
    Some(format!(
        "{today}schedule: {}; until your interview the drill decides when",
        when(due, now)
    ))
}

/// When the interview is, by the day: "today at 09:00", "tomorrow", "in 12 days". On the
/// morning itself the hour matters more than the count of days, which is 0.
pub fn interview_day(interview: Interview, now: Now) -> String {
    match now.days_until(interview.day) {
        0 => format!("today at {}", now.zone.local(interview.at).format("%H:%M")),
        days => days_from_now(days),
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::core::zone::Zone;

    fn now_at(at: &str, east_hours: i32) -> Now {
        Now {
            at: at.parse().expect("instant"),
            zone: Zone::Fixed(FixedOffset::east_opt(east_hours * 3600).expect("offset")),
        }
    }

    #[track_caller]
    fn case(now: Now, at: &str, expected: &str) {
        assert_eq!(when(at.parse().expect("instant"), now), expected);
    }

    #[test]
    fn coming_back_names_the_first_time_only_as_the_first() {
        let now = now_at("2026-12-01T19:03:00Z", 1);
        let first = "2026-12-01T19:06:00Z".parse().expect("instant");
        assert_eq!(
            coming_back(1, first, now, ""),
            "1 question comes back at 20:06"
        );
        assert_eq!(
            coming_back(22, first, now, "from this session"),
            "22 questions from this session come back from 20:06"
        );
    }

    #[test]
    fn ahead_within_the_day() {
        let now = now_at("2026-11-26T12:00:00Z", 0);
        case(now, "2026-11-26T12:00:30Z", "in 30 seconds");
        case(now, "2026-11-26T12:00:01Z", "in 1 second");
        case(now, "2026-11-26T12:10:00Z", "in 10 minutes");
        case(now, "2026-11-26T12:59:59Z", "in 59 minutes");
        case(now, "2026-11-26T13:00:00Z", "in 1 hour (13:00)");
        case(now, "2026-11-26T15:00:00Z", "in 3 hours (15:00)");
        case(now, "2026-11-26T23:59:59Z", "in 11 hours (23:59)");
    }

    #[test]
    fn days_ahead_count_by_the_calendar() {
        let now = now_at("2026-11-26T12:00:00Z", 0);
        case(now, "2026-11-27T00:00:00Z", "tomorrow at 00:00");
        case(now, "2026-11-27T12:00:00Z", "tomorrow at 12:00");
        case(now, "2026-11-27T23:59:00Z", "tomorrow at 23:59");
        case(now, "2026-11-28T00:00:00Z", "in 2 days (Sat 28 Nov 2026)");
        case(now, "2026-11-29T12:00:00Z", "in 3 days (Sun 29 Nov 2026)");
        // 3 days and 13 hours from noon falls 4 calendar days ahead, as the study sheet says.
        case(now, "2026-11-30T01:00:00Z", "in 4 days (Mon 30 Nov 2026)");
    }

    #[test]
    fn late_evening_next_morning_is_tomorrow() {
        let now = now_at("2026-11-26T23:30:00Z", 0);
        case(now, "2026-11-27T00:10:00Z", "in 40 minutes");
        case(now, "2026-11-27T09:00:00Z", "tomorrow at 09:00");
    }

    #[test]
    fn past_instants() {
        let now = now_at("2026-11-26T12:00:00Z", 0);
        case(now, "2026-11-26T12:00:00Z", "just now");
        case(now, "2026-11-26T11:59:30Z", "just now");
        case(now, "2026-11-26T11:50:00Z", "10 minutes ago");
        case(now, "2026-11-26T09:00:00Z", "3 hours ago (09:00)");
        case(now, "2026-11-26T00:00:00Z", "12 hours ago (00:00)");
        case(now, "2026-11-25T23:59:00Z", "yesterday at 23:59");
        case(now, "2026-11-25T12:00:00Z", "yesterday at 12:00");
        case(now, "2026-11-24T23:00:00Z", "2 days ago (Tue 24 Nov 2026)");
        case(now, "2026-11-20T12:00:00Z", "6 days ago (Fri 20 Nov 2026)");
    }

    #[test]
    fn local_midnight_decides_the_day_not_utc() {
        // 23:30 UTC is 00:30 tomorrow one hour east: a review at 22:00 UTC (23:00 local) is
        // then yesterday, and 09:00 local the same morning is today.
        let now = now_at("2026-11-26T23:30:00Z", 1);
        case(now, "2026-11-26T22:00:00Z", "yesterday at 23:00");
        case(now, "2026-11-27T08:00:00Z", "in 8 hours (09:00)");
        case(now, "2026-11-27T23:00:00Z", "tomorrow at 00:00");
        // West of UTC, the same instant is still the 26th.
        let west = now_at("2026-11-26T23:30:00Z", -5);
        case(west, "2026-11-27T06:00:00Z", "tomorrow at 01:00");
    }

    #[test]
    fn due_is_now_once_reached() {
        let now = now_at("2026-11-26T12:00:00Z", 0);
        let at = |s: &str| s.parse().expect("instant");
        assert_eq!(due(at("2026-11-20T12:00:00Z"), now), "now");
        assert_eq!(due(at("2026-11-26T12:00:00Z"), now), "now");
        assert_eq!(due(at("2026-11-26T12:10:00Z"), now), "in 10 minutes");
    }

    #[test]
    fn the_interview_morning_is_today_at_its_hour() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 10).expect("day");
        let interview = Interview {
            day,
            at: "2026-12-10T09:00:00Z".parse().expect("instant"),
        };
        let words = |now: &str| interview_in(interview, now_at(now, 0));
        assert_eq!(words("2026-12-10T07:00:00Z"), "interview today at 09:00");
        assert_eq!(words("2026-12-09T23:59:59Z"), "interview tomorrow");
        assert_eq!(words("2026-11-26T12:00:00Z"), "interview in 14 days");
        assert_eq!(
            day_distance(day, now_at("2026-12-10T00:00:00Z", 0)),
            "today"
        );
    }

    /// Berlin in 2026: clocks go forward at 02:00 on Sun 29 March and back at 03:00 on Sun 25
    /// October. Each instant is worded with its own offset, not with the offset of now.
    fn berlin_at(at: &str) -> Now {
        Now {
            at: at.parse().expect("instant"),
            zone: crate::core::zone::test_zones::berlin(),
        }
    }

    #[test]
    fn across_the_spring_change_each_instant_keeps_its_own_clock() {
        // Sat 28 March 21:00 CET (+1); the morning after is in summer time (+2).
        let now = berlin_at("2026-03-28T20:00:00Z");
        case(now, "2026-03-29T07:00:00Z", "tomorrow at 09:00");
        case(now, "2026-03-28T22:59:00Z", "in 2 hours (23:59)");
        // Local midnight, one hour before the change: still counted from the calendar.
        case(now, "2026-03-28T23:00:00Z", "tomorrow at 00:00");
        case(now, "2026-03-31T07:00:00Z", "in 3 days (Tue 31 Mar 2026)");
        // Sun 29 March 23:59 CEST: a review at 00:30 CET the same day was "today", 22 hours ago.
        let late = berlin_at("2026-03-29T21:59:00Z");
        case(late, "2026-03-28T23:30:00Z", "22 hours ago (00:30)");
        case(late, "2026-03-29T22:00:00Z", "in 1 minute");
        case(late, "2026-03-30T07:00:00Z", "tomorrow at 09:00");
    }

    #[test]
    fn across_the_autumn_change_each_instant_keeps_its_own_clock() {
        // Sat 24 October 22:00 CEST (+2); the morning after is in winter time (+1).
        let now = berlin_at("2026-10-24T20:00:00Z");
        case(now, "2026-10-25T08:00:00Z", "tomorrow at 09:00");
        case(now, "2026-10-24T22:00:00Z", "tomorrow at 00:00");
        // The repeated hour: 02:30 CEST, then 02:30 CET an hour later.
        case(now, "2026-10-25T00:30:00Z", "tomorrow at 02:30");
        case(now, "2026-10-25T01:30:00Z", "tomorrow at 02:30");
        // Sun 25 October 23:30 CET: midnight is 23:00 UTC, not 22:00 UTC as in summer.
        let late = berlin_at("2026-10-25T22:30:00Z");
        case(late, "2026-10-25T22:45:00Z", "in 15 minutes");
        case(late, "2026-10-25T23:00:00Z", "in 30 minutes");
        case(late, "2026-10-26T08:00:00Z", "tomorrow at 09:00");
        case(late, "2026-10-24T21:30:00Z", "yesterday at 23:30");
        assert_eq!(
            late.end_of(late.today()),
            "2026-10-25T23:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
        );
    }

    #[test]
    fn the_interview_morning_after_a_clock_change_is_at_its_own_hour() {
        let zone = crate::core::zone::test_zones::berlin();
        for (day, utc) in [
            ("2026-03-29", "2026-03-29T07:00:00Z"),
            ("2026-10-25", "2026-10-25T08:00:00Z"),
        ] {
            let day: NaiveDate = day.parse().expect("day");
            let at = zone
                .instant_of(day.and_hms_opt(9, 0, 0).expect("time"))
                .expect("instant");
            assert_eq!(at, utc.parse::<DateTime<Utc>>().expect("instant"));
            let interview = Interview { day, at };
            let the_evening_before = berlin_at(&(at - chrono::Duration::hours(12)).to_rfc3339());
            assert_eq!(
                interview_in(interview, the_evening_before),
                "interview tomorrow"
            );
            assert_eq!(when(at, the_evening_before), "tomorrow at 09:00");
            let that_morning = berlin_at(&(at - chrono::Duration::hours(2)).to_rfc3339());
            assert_eq!(
                interview_in(interview, that_morning),
                "interview today at 09:00"
            );
            assert_eq!(when(at, that_morning), "in 2 hours (09:00)");
            assert_eq!(day_distance(day, that_morning), "today");
        }
    }

    #[test]
    fn before_the_interview_the_schedule_is_a_guide_and_says_so() {
        let now = now_at("2026-03-02T19:00:00Z", 0);
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("instant");
        let interview = Some(Interview {
            day: NaiveDate::from_ymd_opt(2026, 3, 12).expect("day"),
            at: at("2026-03-12T09:00:00Z"),
        });
        let words = |due: &str, answered: &str, interview| {
            before_interview(at(due), at(answered), now, interview)
        };
        assert_eq!(
            words("2026-03-09T19:00:00Z", "2026-03-02T19:00:00Z", interview).as_deref(),
            Some(
                "not again today · schedule: in 7 days (Mon 9 Mar 2026); until your interview the drill decides when"
            )
        );
        // Due after the interview: the schedule's day is still named, and the drill still decides.
        assert!(
            words("2026-03-20T19:00:00Z", "2026-03-02T19:00:00Z", interview)
                .is_some_and(|w| w.contains("schedule: in 18 days"))
        );
        // A step within the day is the drill's own promise ("back in 10 minutes"): no words here.
        assert_eq!(
            words("2026-03-02T19:10:00Z", "2026-03-02T19:00:00Z", interview),
            None
        );
        // A step past midnight is still a step.
        assert_eq!(
            words("2026-03-03T09:00:00Z", "2026-03-02T19:00:00Z", interview),
            None
        );
        // Recorded for yesterday, nothing is promised about today.
        assert_eq!(
            words("2026-03-09T19:00:00Z", "2026-03-01T19:00:00Z", interview).as_deref(),
            Some(
                "schedule: in 7 days (Mon 9 Mar 2026); until your interview the drill decides when"
            )
        );
        // No interview, or one already past: the schedule decides.
        assert_eq!(
            words("2026-03-09T19:00:00Z", "2026-03-02T19:00:00Z", None),
            None
        );
        let past = Some(Interview {
            day: NaiveDate::from_ymd_opt(2026, 3, 1).expect("day"),
            at: at("2026-03-01T09:00:00Z"),
        });
        assert_eq!(
            words("2026-03-09T19:00:00Z", "2026-03-02T19:00:00Z", past),
            None
        );
    }

    #[test]
    fn counts_and_small_words() {
        assert_eq!(counted(2u32, "category"), "2 categories");
        assert_eq!(counted(1u32, "category"), "1 category");
        assert_eq!(counted(3u32, "key"), "3 keys");
        assert_eq!(counted(1usize, "card"), "1 card");
        assert_eq!(counted(0usize, "card"), "0 cards");
        assert_eq!(counted(2u32, "day"), "2 days");
        assert_eq!(noun(1usize, "question"), "question");
        assert_eq!(noun(3usize, "question"), "questions");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(percent(0.694), "69%");
        assert_eq!(format_secs(45), "45s");
        assert_eq!(format_secs(120), "2m");
        assert_eq!(format_secs(90), "1m30s");
        assert_eq!(days_from_now(-1), "yesterday");
        assert_eq!(days_from_now(-6), "6 days ago");
    }
}
