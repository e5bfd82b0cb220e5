//! Dates and times as people type them: RFC 3339, `2026-11-20`, `2026-11-20 18:30`, `today`, `+3d`.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::core::values::{day_refusal, did_you_mean};
use crate::core::zone::Zone;

/// What `--at` and `--on` accept, for help text and error messages.
pub const ACCEPTED: &str = "2026-11-20, \"2026-11-20 18:30\" (local time), 2026-11-20T18:30:00Z, \
today, yesterday, tomorrow, +3d, -2d or +6h";

/// A parsed date or time: a whole day, or one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A calendar day in the user's zone: `2026-11-20`, `today`, `+3d`.
    Day(NaiveDate),
    /// One instant: RFC 3339, a local date and time, `+6h`.
    Instant(DateTime<Utc>),
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` {why}; use {ACCEPTED}")]
pub struct WhenError {
    pub text: String,
    /// What is wrong with it, and the nearest word when it is a misspelt one.
    pub why: String,
}

impl WhenError {
    fn new(text: &str) -> Self {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        let nearest = did_you_mean(&lower, ["today", "tomorrow", "yesterday", "now"]);
        let why = if !nearest.is_empty() {
            format!("is not a date{nearest}")
        } else if let Some(unit) = lower
            .strip_prefix(['+', '-'])
            .and_then(|rest| {
                rest.trim_start_matches(|c: char| c.is_ascii_digit())
                    .chars()
                    .next()
            })
            .filter(|c| !"dwhm".contains(*c))
        {
            format!(
                "counts in `{unit}`, which is not d (days), w (weeks), h (hours) or m (minutes)"
            )
        } else if trimmed.len() >= 11 && trimmed.as_bytes().get(4) == Some(&b'-') {
            "is not a day and time in the calendar".to_string()
        } else {
            day_refusal(trimmed).to_string()
        };
        WhenError {
            text: text.to_string(),
            why,
        }
    }
}

/// Checks that `text` is a date or time of a shape [`parse`] reads, for the command line, where a
/// bad value is a usage error (exit 2) whatever the flag. It is read against a fixed instant, as
/// the shape does not depend on now; the command reads it again against the real now.
pub fn well_formed(text: &str) -> Result<String, WhenError> {
    let reference = DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000);
    parse(text, reference, Zone::utc()).map(|_| text.to_string())
}

/// Reads `text` relative to `now`, with dates and times without a zone taken in `zone`.
pub fn parse(text: &str, now: DateTime<Utc>, zone: Zone) -> Result<When, WhenError> {
    let error = || WhenError::new(text);
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let today = zone.day_of(now);
    match lower.as_str() {
        "today" => return Ok(When::Day(today)),
        "tomorrow" => return today.succ_opt().map(When::Day).ok_or_else(error),
        "yesterday" => return today.pred_opt().map(When::Day).ok_or_else(error),
        "now" => return Ok(When::Instant(now)),
        _ => {}
    }
    if let Some(when) = relative(&lower, now, today).map_err(|()| error())? {
        return Ok(when);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(When::Instant(at.with_timezone(&Utc)));
    }
    if let Ok(day) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return Ok(When::Day(day));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(trimmed, format) {
            return zone.instant_of(local).map(When::Instant).ok_or_else(error);
        }
    }
    Err(error())
}

/// `+3d`, `-2d`, `+1w`, `+6h`: `Ok(None)` when `text` is not of that shape, an error when it
/// overflows the calendar.
#[allow(clippy::result_unit_err)] // private; the caller supplies the message
fn relative(text: &str, now: DateTime<Utc>, today: NaiveDate) -> Result<Option<When>, ()> {
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1i64, &text[1..]),
        Some(b'-') => (-1i64, &text[1..]),
        _ => return Ok(None),
    };
    let Some(unit) = rest.chars().last() else {
        return Ok(None);
    };
    let Ok(number) = rest[..rest.len() - unit.len_utf8()].trim().parse::<i64>() else {
        return Ok(None);
    };
    let n = sign.checked_mul(number).ok_or(())?;
    let when = match unit {
        'd' => Duration::try_days(n)
            .and_then(|d| today.checked_add_signed(d))
            .map(When::Day),
        'w' => Duration::try_weeks(n)
            .and_then(|d| today.checked_add_signed(d))
            .map(When::Day),
        'h' => Duration::try_hours(n)
            .and_then(|d| now.checked_add_signed(d))
            .map(When::Instant),
        'm' => Duration::try_minutes(n)
            .and_then(|d| now.checked_add_signed(d))
            .map(When::Instant),
        _ => return Ok(None),
    };
    when.map(Some).ok_or(())
}

impl When {
    /// The instant a review given as this happened: a day means noon that day in `zone`, and
    /// today means now if noon has not come yet. A later day stays in the future, for the caller
    /// to refuse.
    pub fn review_instant(self, now: DateTime<Utc>, zone: Zone) -> DateTime<Utc> {
        match self {
            When::Instant(at) => at,
            When::Day(day) => {
                let noon = zone
                    .instant_of(
                        day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)),
                    )
                    .unwrap_or(now);
                if day == zone.day_of(now) {
                    noon.min(now)
                } else {
                    noon
                }
            }
        }
    }

    /// The end of the period this names, for "due by": a day runs to its end in `zone`.
    pub fn until(self, zone: Zone) -> DateTime<Utc> {
        match self {
            When::Instant(at) => at,
            When::Day(day) => zone
                .instant_of(day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-26T12:00:00Z".parse().expect("instant")
    }

    fn plus_one() -> Zone {
        Zone::Fixed(chrono::FixedOffset::east_opt(3600).expect("offset"))
    }

    fn day(s: &str) -> When {
        When::Day(s.parse().expect("date"))
    }

    fn instant(s: &str) -> When {
        When::Instant(s.parse().expect("instant"))
    }

    #[track_caller]
    fn case(text: &str, expected: &When) {
        assert_eq!(
            parse(text, now(), plus_one()).as_ref(),
            Ok(expected),
            "{text}"
        );
    }

    #[track_caller]
    fn refused(text: &str) {
        let error = parse(text, now(), plus_one()).expect_err(text);
        assert!(error.to_string().contains("2026-11-20"), "{error}");
    }

    #[test]
    fn accepted_forms() {
        case("2026-11-20", &day("2026-11-20"));
        case(" 2026-11-20 ", &day("2026-11-20"));
        case("2026-11-20 18:30", &instant("2026-11-20T17:30:00Z"));
        case("2026-11-20T18:30", &instant("2026-11-20T17:30:00Z"));
        case("2026-11-20 18:30:15", &instant("2026-11-20T17:30:15Z"));
        case("2026-11-20T18:30:00Z", &instant("2026-11-20T18:30:00Z"));
        case(
            "2026-11-20T18:30:00+02:00",
            &instant("2026-11-20T16:30:00Z"),
        );
        case("today", &day("2026-11-26"));
        case("Tomorrow", &day("2026-11-27"));
        case("yesterday", &day("2026-11-25"));
        case("now", &instant("2026-11-26T12:00:00Z"));
        case("+3d", &day("2026-11-29"));
        case("-2d", &day("2026-11-24"));
        case("+1w", &day("2026-12-03"));
        case("+6h", &instant("2026-11-26T18:00:00Z"));
        case("-90m", &instant("2026-11-26T10:30:00Z"));
    }

    #[test]
    fn the_day_follows_the_offset() {
        // 23:30 UTC is already tomorrow one hour east.
        let late: DateTime<Utc> = "2026-11-26T23:30:00Z".parse().expect("instant");
        assert_eq!(parse("today", late, plus_one()), Ok(day("2026-11-27")));
    }

    #[test]
    fn refusals_say_what_is_accepted() {
        for text in [
            "",
            "2026-13-01",
            "2026-11-20 25:00",
            "20/11/2026",
            "+d",
            "+3x",
            "soon",
            "+99999999999d",
            "+",
        ] {
            refused(text);
        }
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let why = |text: &str| parse(text, now(), plus_one()).expect_err(text).why;
        assert_eq!(why("tommorow"), "is not a date (did you mean `tomorrow`?)");
        assert!(why("+3x").contains("`x`"), "{}", why("+3x"));
        assert_eq!(why("2026-13-01"), "is not a day in the calendar");
        assert_eq!(
            why("2026-11-20 25:00"),
            "is not a day and time in the calendar"
        );
        assert_eq!(
            why("20/11/2026"),
            "is not in year-month-day order with dashes"
        );
    }

    #[test]
    fn days_become_instants() {
        let offset = plus_one();
        assert_eq!(
            day("2026-11-20").review_instant(now(), offset),
            "2026-11-20T11:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
        );
        // Today before noon: now, never the future.
        let morning: DateTime<Utc> = "2026-11-26T08:00:00Z".parse().expect("instant");
        assert_eq!(day("2026-11-26").review_instant(morning, offset), morning);
        // A later day is left in the future, for `rate` to refuse.
        assert!(day("2026-11-27").review_instant(morning, offset) > morning);
        assert_eq!(
            day("2026-12-01").until(offset),
            "2026-12-01T23:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
        );
        assert_eq!(
            instant("2026-11-20T18:30:00Z").until(offset),
            "2026-11-20T18:30:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
        );
    }
}
