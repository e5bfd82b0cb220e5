//! Settings in a YAML file in the config dir, managed by `prepdrill config`.

use std::collections::BTreeMap;

use anyhow::{Context as _, bail};
use chrono::NaiveDate;

use crate::core::deadline::{Interview, Interviews};
use crate::core::parameters::Parameters;
use crate::core::schedule::Settings as SchedulerSettings;
use crate::core::zone::Zone;

mod file;
mod key;
mod value;

pub use key::{
    ANSWER_SECS, Key, MAXIMUM_INTERVAL, NEW_PER_DAY, SESSION_MINUTES, Settings, keys_help,
};
pub use value::{
    ClockTime, InterviewDay, NO_INTERVIEW, Retention, Steps, Switch, Value, Whole, parse_steps,
};

/// The interview on `day` at `time` on the wall clock of `zone`, with that day's offset.
fn interview_at(day: NaiveDate, time: ClockTime, zone: Zone) -> Option<Interview> {
    let at = zone.instant_of(day.and_time(time.0))?;
    Some(Interview { day, at })
}

/// The settings file: what the user set, by key, as written, and the typed settings over the
/// defaults.
#[derive(Debug, Clone)]
pub struct Config {
    values: BTreeMap<Key, String>,
    settings: Settings,
    /// Settings one deck overrides (only [`Key::PER_DECK`]), by deck slug, as written under
    /// `decks:` in the file.
    decks: BTreeMap<String, BTreeMap<Key, String>>,
}

impl Default for Config {
    fn default() -> Self {
        let values = BTreeMap::new();
        Config {
            settings: Settings::from_texts(&values),
            values,
            decks: BTreeMap::new(),
        }
    }
}

/// Checks that `key` may be set for one deck.
fn per_deck(key: Key) -> anyhow::Result<Key> {
    if Key::PER_DECK.contains(&key) {
        Ok(key)
    } else {
        bail!("{key} cannot be set per deck; only interview-date and interview-time can")
    }
}

impl Config {
    fn with(values: BTreeMap<Key, String>) -> Self {
        Config {
            settings: Settings::from_texts(&values),
            values,
            decks: BTreeMap::new(),
        }
    }

    /// The typed settings: the user's values over the defaults.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The value in force as written: the user's, else the default; `None` when unset.
    pub fn get(&self, key: Key) -> Option<&str> {
        self.values
            .get(&key)
            .map(String::as_str)
            .or(Some(key.default_text()).filter(|d| !d.is_empty()))
    }

    pub fn set(&mut self, key: Key, value: &str) -> anyhow::Result<()> {
        key.check(value)
            .with_context(|| format!("cannot set {key}"))?;
        self.values.insert(key, value.trim().to_string());
        self.settings = Settings::from_texts(&self.values);
        Ok(())
    }

    pub fn unset(&mut self, key: Key) {
        self.values.remove(&key);
        self.settings = Settings::from_texts(&self.values);
    }

    /// Sets `key` for `deck` alone (an interview date or time per role).
    pub fn set_for_deck(&mut self, deck: &str, key: Key, value: &str) -> anyhow::Result<()> {
        per_deck(key)?;
        key.check(value)
            .with_context(|| format!("cannot set {key} to `{value}` for deck {deck}"))?;
        self.decks
            .entry(deck.to_string())
            .or_default()
            .insert(key, value.trim().to_string());
        Ok(())
    }

    /// Returns `deck` to the value every deck shares.
    pub fn unset_for_deck(&mut self, deck: &str, key: Key) {
        if let Some(values) = self.decks.get_mut(deck) {
            values.remove(&key);
            if values.is_empty() {
                self.decks.remove(deck);
            }
        }
    }

    /// The value in force for `deck`: its own, else the shared one.
    pub fn get_for_deck(&self, deck: &str, key: Key) -> Option<&str> {
        self.decks
            .get(deck)
            .and_then(|v| v.get(&key))
            .map(String::as_str)
            .or_else(|| self.get(key))
    }

    /// Each deck's own settings, as `config list` shows them.
    pub fn deck_values(&self) -> impl Iterator<Item = (&str, Key, &str)> {
        self.decks.iter().flat_map(|(deck, values)| {
            values
                .iter()
                .map(move |(key, value)| (deck.as_str(), *key, value.as_str()))
        })
    }

    /// The interview each deck plans toward, in `zone`: a deck's own date and time where set,
    /// else the shared ones.
    pub fn interviews(&self, zone: Zone) -> Interviews {
        let by_deck = self
            .decks
            .iter()
            .map(|(deck, values)| {
                let day = match values.get(&Key::InterviewDate) {
                    Some(text) => InterviewDay::parse(text).unwrap_or(InterviewDay::Unset),
                    None => self.settings.interview_date,
                };
                let time = values
                    .get(&Key::InterviewTime)
                    .and_then(|t| ClockTime::parse(t).ok())
                    .unwrap_or(self.settings.interview_time);
                let interview = match day {
                    InterviewDay::On(day) => interview_at(day, time, zone),
                    InterviewDay::None | InterviewDay::Unset => None,
                };
                (deck.clone(), interview)
            })
            .collect();
        Interviews {
            default: self.interview(zone),
            by_deck,
        }
    }

    /// Every key with its effective value, whether the user set it, and its help.
    pub fn list(&self) -> Vec<(&'static str, String, bool, &'static str)> {
        Key::ALL
            .iter()
            .map(|&k| {
                let set = self.values.get(&k);
                (
                    k.name(),
                    set.cloned().unwrap_or_else(|| k.default_text().to_string()),
                    set.is_some(),
                    k.help(),
                )
            })
            .collect()
    }

    /// The scheduler's settings from these values.
    pub fn scheduler_settings(&self) -> SchedulerSettings {
        let s = &self.settings;
        let defaults = SchedulerSettings::default();
        SchedulerSettings {
            desired_retention: s.desired_retention.0,
            learning_steps: s.learning_steps.0.clone(),
            relearning_steps: s.relearning_steps.0.clone(),
            maximum_interval_days: s.maximum_interval.0,
            fuzz: true,
            parameters: s.fsrs_parameters.unwrap_or(defaults.parameters),
        }
    }

    /// The interview, at its day and time in `zone`.
    pub fn interview(&self, zone: Zone) -> Option<Interview> {
        interview_at(self.interview_date()?, self.settings.interview_time, zone)
    }

    pub fn interview_date(&self) -> Option<NaiveDate> {
        match self.settings.interview_date {
            InterviewDay::On(day) => Some(day),
            InterviewDay::None | InterviewDay::Unset => None,
        }
    }

    pub fn new_per_day(&self) -> usize {
        self.settings.new_per_day.0 as usize
    }

    pub fn session_minutes(&self) -> u32 {
        self.settings.session_minutes.0
    }

    /// The candidate's own memory model, when `optimize` has written one.
    pub fn parameters(&self) -> Option<Parameters> {
        self.settings.fsrs_parameters
    }

    /// Whether the drill refits the memory model as reviews come in.
    pub fn auto_optimize(&self) -> bool {
        self.settings.auto_optimize.0
    }

    pub fn answer_time(&self) -> Option<u32> {
        self.settings.answer_time.map(|w| w.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn set(key: &str, value: &str, ok: bool) {
        let result = key
            .parse::<Key>()
            .and_then(|key| Config::default().set(key, value));
        assert_eq!(result.is_ok(), ok, "{key}={value}: {result:?}");
    }

    #[test]
    fn values_are_validated() {
        set("desired-retention", "0.92", true);
        set("desired-retention", "0.5", false);
        set("desired-retention", "high", false);
        set("learning-steps", "1m 10m", true);
        set("learning-steps", "5x", false);
        set("new-per-day", "0", true);
        set("new-per-day", "-1", false);
        set("interview-date", "2026-12-10", true);
        set("interview-date", "next week", false);
        set("retention", "0.9", false);
    }

    #[test]
    fn every_default_parses_and_every_key_reads_back_by_name() {
        let defaults = Config::default();
        assert_eq!(defaults.session_minutes(), 20);
        assert_eq!(defaults.new_per_day(), 10);
        assert_eq!(defaults.answer_time(), None);
        assert_eq!(defaults.settings().interview_date, InterviewDay::Unset);
        for &key in Key::ALL {
            assert_eq!(key.name().parse::<Key>().expect("known"), key);
            key.check(key.default_text()).expect("the default is valid");
        }
        let mut none = Config::default();
        none.set(Key::InterviewDate, NO_INTERVIEW).expect("valid");
        assert_eq!(none.settings().interview_date, InterviewDay::None);
        assert_eq!(none.interview_date(), None);
    }
}
