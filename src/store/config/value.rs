//! The types a setting's text parses into, each checking its range.

use anyhow::{Context as _, bail};
use chrono::{Duration, NaiveDate, NaiveTime};

use crate::core::parameters::Parameters;
use crate::core::values;

/// A setting's value as the program uses it, read from the text the user wrote.
pub trait Value: Sized {
    fn parse(text: &str) -> anyhow::Result<Self>;
}

/// The share of answers to recall when a card comes due, 0.70 to 0.99.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retention(pub f64);

impl Value for Retention {
    fn parse(text: &str) -> anyhow::Result<Self> {
        let accepted = "give a share from 0.70 to 0.99, such as 0.9";
        let trimmed = text.trim();
        let share = trimmed.strip_suffix('%').map_or_else(
            || trimmed.parse::<f64>(),
            |percent| percent.trim().parse::<f64>().map(|p| p / 100.0),
        );
        match share {
            Ok(r) if (0.70..=0.99).contains(&r) => Ok(Retention(r)),
            Ok(r) if r.is_finite() => bail!("`{trimmed}` is outside the range; {accepted}"),
            _ => bail!("`{trimmed}` is not a number; {accepted}"),
        }
    }
}

/// Waits between reviews, each from 1s to 1d.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps(pub Vec<Duration>);

impl Value for Steps {
    fn parse(text: &str) -> anyhow::Result<Self> {
        parse_steps(text).map(Steps)
    }
}

/// A whole number from `LOW` to `HIGH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whole<const LOW: u32, const HIGH: u32>(pub u32);

impl<const LOW: u32, const HIGH: u32> Value for Whole<LOW, HIGH> {
    fn parse(text: &str) -> anyhow::Result<Self> {
        let example = HIGH.min(LOW.max(1) * 10);
        let n = values::whole(text, (LOW.into(), HIGH.into()), "", example.into())
            .map_err(anyhow::Error::msg)?;
        Ok(Whole(u32::try_from(n)?))
    }
}

/// An optional setting: empty text is unset.
impl<T: Value> Value for Option<T> {
    fn parse(text: &str) -> anyhow::Result<Self> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            T::parse(text).map(Some)
        }
    }
}

/// The interview day, or the answer that there is none, or not asked yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewDay {
    /// Never set: the first drill asks.
    Unset,
    /// The candidate said there is none; not asked again.
    None,
    On(NaiveDate),
}

impl Value for InterviewDay {
    fn parse(text: &str) -> anyhow::Result<Self> {
        match text.trim() {
            "" => Ok(InterviewDay::Unset),
            NO_INTERVIEW => Ok(InterviewDay::None),
            day => parse_date(day).map(InterviewDay::On),
        }
    }
}

impl Value for Parameters {
    fn parse(text: &str) -> anyhow::Result<Self> {
        Parameters::parse(text)
            .map_err(|e| anyhow::anyhow!("{e}; `prepdrill optimize` writes them"))
    }
}

/// `on`/`off`, and the words people also use for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch(pub bool);

impl Value for Switch {
    fn parse(text: &str) -> anyhow::Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "on" | "true" | "yes" | "1" => Ok(Switch(true)),
            "off" | "false" | "no" | "0" => Ok(Switch(false)),
            other => bail!(
                "`{other}` is neither on nor off{}; give on or off",
                values::did_you_mean(other, ["on", "off", "true", "false", "yes", "no"])
            ),
        }
    }
}

/// A time of day, `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockTime(pub NaiveTime);

impl Value for ClockTime {
    fn parse(text: &str) -> anyhow::Result<Self> {
        parse_time(text).map(ClockTime)
    }
}

/// The interview date of a candidate who has none: asked once, and not again.
pub const NO_INTERVIEW: &str = "none";

fn parse_date(value: &str) -> anyhow::Result<NaiveDate> {
    values::calendar_day(value).map_err(anyhow::Error::msg)
}

fn parse_time(value: &str) -> anyhow::Result<NaiveTime> {
    values::clock_time(value).map_err(anyhow::Error::msg)
}

/// `1m 10m`, `30s,1h`: learning steps. Empty means none.
pub fn parse_steps(value: &str) -> anyhow::Result<Vec<Duration>> {
    value
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|step| {
            let (number, unit) = step.split_at(
                step.find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(step.len()),
            );
            let n: i64 = number
                .parse()
                .with_context(|| format!("`{step}`: expected steps like `1m 10m`"))?;
            let duration = match unit {
                "s" => Duration::seconds(n),
                "m" | "" => Duration::minutes(n),
                "h" => Duration::hours(n),
                "d" => Duration::days(n),
                _ => bail!("`{step}`: use s, m, h or d, as in `1m 10m`"),
            };
            if duration <= Duration::zero() || duration > Duration::days(1) {
                bail!("`{step}`: a step must be from 1s to 1d");
            }
            Ok(duration)
        })
        .collect()
}
