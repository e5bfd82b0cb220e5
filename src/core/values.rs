//! Numbers, answer times, days and clock times as people type them, read by one set of parsers
//! whose refusals say what was wrong, show what is accepted, and suggest the nearest word.
//!
//! The command-line flags and the settings both read their values here, so `--minutes abc` and
//! `config set session-minutes abc` are refused in the same words.

use chrono::{NaiveDate, NaiveTime};

use crate::core::similar::closest;

/// " (did you mean `good`?)" when one of `words` is near `text`, else nothing.
pub fn did_you_mean<'a>(text: &str, words: impl IntoIterator<Item = &'a str>) -> String {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return String::new();
    }
    closest(&wanted, words.into_iter().map(str::to_string))
        .first()
        .map_or_else(String::new, |word| format!(" (did you mean `{word}`?)"))
}

/// A whole number from `low` to `high`, counting `unit`s (`minutes`, `questions`; empty: a bare
/// number): `--minutes 20`. The unit may follow the number (`20m`, `90s`) when it is minutes or
/// seconds.
pub fn whole(text: &str, (low, high): (u64, u64), unit: &str, example: u64) -> Result<u64, String> {
    let of = if unit.is_empty() {
        String::new()
    } else {
        format!(" of {unit}")
    };
    let accepted = if high == u64::MAX {
        format!("give a whole number{of}, {low} or more, such as {example}")
    } else {
        format!("give a whole number{of} from {low} to {high}, such as {example}")
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("no number given; {accepted}"));
    }
    let digits = strip_unit(trimmed, unit);
    if let Ok(n) = digits.parse::<u64>() {
        return if n < low {
            Err(format!("`{trimmed}` is less than {low}; {accepted}"))
        } else if n > high {
            Err(format!("`{trimmed}` is more than {high}; {accepted}"))
        } else {
            Ok(n)
        };
    }
    let why = match digits.parse::<f64>() {
        Ok(n) if n < 0.0 => "is negative",
        Ok(n) if n.is_finite() => "is not a whole number",
        _ if other_unit(trimmed, unit) => "is in another unit",
        _ => "is not a number",
    };
    Err(format!("`{trimmed}` {why}; {accepted}"))
}

/// `20m` or `20min` for minutes, `90s` or `90sec` for seconds; anything else as given.
fn strip_unit<'a>(text: &'a str, unit: &str) -> &'a str {
    let suffixes: &[&str] = match unit {
        "minutes" => &["minutes", "minute", "mins", "min", "m"],
        "seconds" => &["seconds", "second", "secs", "sec", "s"],
        _ => &[],
    };
    suffixes
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .map_or(text, str::trim_end)
}

/// Whether `text` is a number followed by a unit of time other than `unit` (`2h` for minutes).
fn other_unit(text: &str, unit: &str) -> bool {
    let number_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    number_end > 0
        && matches!(&text[number_end..], "s" | "m" | "h" | "d")
        && !unit.starts_with(&text[number_end..])
}

/// How long an answer took, from 0 to `max` seconds: `150`, `90.5`, `90s`, `2m`, `2m30s` or `1h`.
pub fn answer_seconds(text: &str, max: f64) -> Result<f64, String> {
    let accepted = "give seconds, such as 150 or 90.5, or minutes and seconds, such as 2m or 2m30s";
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("no time given; {accepted}"));
    }
    if trimmed.starts_with('-') {
        return Err(format!(
            "`{trimmed}` is negative; how long an answer took is 0 or more: {accepted}"
        ));
    }
    let secs = trimmed
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite())
        .or_else(|| with_units(trimmed))
        .ok_or_else(|| format!("`{trimmed}` is not a length of time; {accepted}"))?;
    if secs > max {
        return Err(format!(
            "`{trimmed}` is longer than {max} seconds; {accepted}"
        ));
    }
    Ok(secs)
}

/// `2m30s`, `1h`, `90s`, `2.5m`: each number followed by h, m or s, largest unit first.
fn with_units(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = text;
    let mut last_unit = f64::INFINITY;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let number: f64 = rest[..end].parse().ok()?;
        let unit = match rest[end..].chars().next()? {
            'h' => 3600.0,
            'm' => 60.0,
            's' => 1.0,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total += number * unit;
        rest = &rest[end + 1..];
    }
    Some(total)
}

/// A calendar day written `YYYY-MM-DD`: `2026-12-10`.
pub fn calendar_day(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|_| {
        let why = day_refusal(trimmed);
        format!("`{trimmed}` {why}; write the day as YYYY-MM-DD, such as 2026-12-10")
    })
}

/// Why `text` is not a `YYYY-MM-DD` day, in a few words.
pub fn day_refusal(text: &str) -> &'static str {
    let parts: Vec<&str> = text.split('-').collect();
    let numbers = parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if text.is_empty() {
        "is empty"
    } else if parts.len() == 3 && numbers {
        "is not a day in the calendar"
    } else if text.contains('/') || text.contains('.') {
        "is not in year-month-day order with dashes"
    } else {
        "is not a date"
    }
}

/// A 24-hour time of day, `HH:MM`: `09:00`, `14:30`. A 12-hour time (`2pm`, `2:30 PM`) is refused
/// with its 24-hour spelling, so what is stored is never ambiguous.
pub fn clock_time(text: &str) -> Result<NaiveTime, String> {
    let trimmed = text.trim();
    let accepted = "write it as HH:MM on the 24-hour clock, such as 09:00 or 14:30";
    if let Ok(time) = NaiveTime::parse_from_str(trimmed, "%H:%M") {
        return Ok(time);
    }
    if let Some(time) = twelve_hour(trimmed) {
        return Err(format!(
            "`{trimmed}` is a 12-hour time; {accepted} (here {})",
            time.format("%H:%M")
        ));
    }
    let why = if trimmed.is_empty() {
        "is empty"
    } else if trimmed.contains(':') {
        "is not a time of day"
    } else {
        "has no minutes"
    };
    Err(format!("`{trimmed}` {why}; {accepted}"))
}

/// `2pm`, `2:30 PM`, `12am`.
fn twelve_hour(text: &str) -> Option<NaiveTime> {
    let lower = text.to_ascii_lowercase().replace(['.', ' '], "");
    let (clock, afternoon) = if let Some(c) = lower.strip_suffix("pm") {
        (c, true)
    } else {
        (lower.strip_suffix("am")?, false)
    };
    let (hour, minute) = clock.split_once(':').unwrap_or((clock, "0"));
    let hour: u32 = hour.parse().ok().filter(|h| (1..=12).contains(h))?;
    let minute: u32 = minute.parse().ok()?;
    NaiveTime::from_hms_opt(hour % 12 + if afternoon { 12 } else { 0 }, minute, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn minutes(text: &str, expected: Result<u64, &str>) {
        let got = whole(text, (1, 600), "minutes", 20);
        match expected {
            Ok(n) => assert_eq!(got, Ok(n), "{text:?}"),
            Err(part) => {
                let message = got.expect_err(text);
                assert!(message.contains(part), "{text:?}: {message}");
                assert!(message.contains("such as 20"), "{text:?}: {message}");
            }
        }
    }

    #[test]
    fn whole_numbers() {
        minutes("20", Ok(20));
        minutes(" 20m", Ok(20));
        minutes("20 min", Ok(20));
        minutes("abc", Err("`abc` is not a number"));
        minutes("-5", Err("is negative"));
        minutes("2.5", Err("is not a whole number"));
        minutes("0", Err("is less than 1"));
        minutes("601", Err("is more than 600"));
        minutes("2h", Err("in another unit"));
        minutes("", Err("no number given"));
    }

    #[track_caller]
    fn seconds(text: &str, expected: Option<f64>) {
        let got = answer_seconds(text, 86_400.0);
        match expected {
            Some(secs) => assert_eq!(got, Ok(secs), "{text:?}"),
            None => assert!(got.expect_err(text).contains("such as 2m"), "{text:?}"),
        }
    }

    #[test]
    fn answer_times() {
        seconds("150", Some(150.0));
        seconds("90.5", Some(90.5));
        seconds("90s", Some(90.0));
        seconds("2m", Some(120.0));
        seconds("2m30s", Some(150.0));
        seconds("1h", Some(3600.0));
        seconds("-5", None);
        seconds("2x", None);
        seconds("30s2m", None);
        seconds("25h", None);
        seconds("inf", None);
        seconds("", None);
    }

    /// `parse` refuses `text` with a message that says `fragment`.
    #[track_caller]
    fn refused<T: std::fmt::Debug>(
        parse: fn(&str) -> Result<T, String>,
        text: &str,
        fragment: &str,
    ) {
        let message = parse(text).expect_err(text);
        assert!(message.contains(fragment), "{text:?}: {message}");
    }

    #[test]
    fn times_of_day() {
        assert_eq!(
            clock_time("14:30"),
            Ok(NaiveTime::from_hms_opt(14, 30, 0).expect("time"))
        );
        refused(clock_time, "2pm", "(here 14:00)");
        refused(clock_time, "12:30 AM", "(here 00:30)");
        refused(clock_time, "25:00", "not a time of day");
        refused(clock_time, "9", "has no minutes");
    }

    #[test]
    fn days() {
        assert!(calendar_day("2026-12-10").is_ok());
        refused(calendar_day, "2026-13-01", "not a day in the calendar");
        refused(calendar_day, "10/12/2026", "year-month-day");
        refused(calendar_day, "soon", "such as 2026-12-10");
    }

    #[test]
    fn nearest_words() {
        assert_eq!(
            did_you_mean("goood", ["again", "hard", "good", "easy"]),
            " (did you mean `good`?)"
        );
        assert_eq!(
            did_you_mean("zzzzzz", ["again", "hard", "good", "easy"]),
            ""
        );
    }
}
