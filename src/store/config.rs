//! Settings in a YAML file in the config dir, managed by `prepdrill config`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use chrono::{Duration, NaiveDate, NaiveTime};

use crate::core::deadline::{Interview, Interviews};
use crate::core::parameters::Parameters;
use crate::core::schedule::Settings as SchedulerSettings;
use crate::core::similar::closest;
use crate::core::values;
use crate::core::zone::Zone;
use crate::store::files;
use crate::store::lock;
use crate::store::position::{self, Position};

/// The largest settings file read; a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A setting's value as the program uses it, read from the text the user wrote.
pub trait Value: Sized {
    fn parse(text: &str) -> anyhow::Result<Self>;
}

/// Declares every setting once: its key, its field, its type, its default as written in the file,
/// and its help. Adding a setting is one line here; `config get/set/unset/list`, the settings
/// file, completion and the typed [`Settings`] follow from it.
macro_rules! settings {
    ($($variant:ident $field:ident: $ty:ty = $default:literal, $name:literal, $help:literal;)+) => {
        /// A setting's key, as `config get/set/unset` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Key {
            $($variant,)+
        }

        impl Key {
            /// Every key, in the order `config list` shows them.
            pub const ALL: &[Key] = &[$(Key::$variant,)+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Key::$variant => $name,)+
                }
            }

            /// What the setting means, with its range.
            pub fn help(self) -> &'static str {
                match self {
                    $(Key::$variant => $help,)+
                }
            }

            /// The default as it would be written in the file; empty: unset.
            pub fn default_text(self) -> &'static str {
                match self {
                    $(Key::$variant => $default,)+
                }
            }

            /// Checks `text` as this setting's value.
            fn check(self, text: &str) -> anyhow::Result<()> {
                match self {
                    $(Key::$variant => <$ty as Value>::parse(text).map(drop),)+
                }
            }
        }

        /// Every setting, typed and checked: the defaults with the user's values over them.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Settings {
            $(pub $field: $ty,)+
        }

        impl Settings {
            /// `values` have been checked by [`Key::check`]; a value that no longer parses
            /// falls back to the default.
            fn from_texts(values: &BTreeMap<Key, String>) -> Self {
                Settings {
                    $($field: values
                        .get(&Key::$variant)
                        .and_then(|v| <$ty as Value>::parse(v).ok())
                        .unwrap_or_else(|| {
                            <$ty as Value>::parse($default)
                                .unwrap_or_else(|_| unreachable!("the default of {} parses", $name))
                        }),)+
                }
            }
        }
    };
}

settings! {
    DesiredRetention desired_retention: Retention = "0.9", "desired-retention",
        "share of answers you aim to recall when a card comes due (0.70-0.99)";
    LearningSteps learning_steps: Steps = "1m 10m", "learning-steps",
        "waits between the first reviews of a new card, e.g. `1m 10m`";
    RelearningSteps relearning_steps: Steps = "10m", "relearning-steps",
        "waits after a forgotten card, e.g. `10m`";
    MaximumInterval maximum_interval: Whole<{ MAXIMUM_INTERVAL.0 }, { MAXIMUM_INTERVAL.1 }> = "36500",
        "maximum-interval", "longest wait between reviews, in days (1-36500)";
    NewPerDay new_per_day: Whole<{ NEW_PER_DAY.0 }, { NEW_PER_DAY.1 }> = "10", "new-per-day",
        "new cards a drill introduces per day (0-1000)";
    SessionMinutes session_minutes: Whole<{ SESSION_MINUTES.0 }, { SESSION_MINUTES.1 }> = "20",
        "session-minutes", "length of a drill session in minutes (1-600)";
    AnswerTime answer_time: Option<Whole<{ ANSWER_SECS.0 }, { ANSWER_SECS.1 }>> = "", "answer-time",
        "seconds to answer when the bank sets none (1-3600); unset uses the bank's";
    InterviewDate interview_date: InterviewDay = "", "interview-date",
        "your interview (YYYY-MM-DD): the drill plans every review toward it; none: no interview";
    InterviewTime interview_time: ClockTime = "09:00", "interview-time",
        "when the interview starts on its day (HH:MM, local time)";
    FsrsParameters fsrs_parameters: Option<Parameters> = "", "fsrs-parameters",
        "your own memory model: 21 FSRS-6 weights written by `prepdrill optimize`; unset: FSRS-6's defaults";
    AutoOptimize auto_optimize: Switch = "on", "auto-optimize",
        "refit your memory model at the end of a drill, every 25 new reviews once there are 50 (on/off)";
}

/// Ranges shared by the settings and the command-line flags that override them.
pub const MAXIMUM_INTERVAL: (u32, u32) = (1, 36_500);
pub const NEW_PER_DAY: (u32, u32) = (0, 1000);
pub const SESSION_MINUTES: (u32, u32) = (1, 600);
pub const ANSWER_SECS: (u32, u32) = (1, 3600);

impl std::str::FromStr for Key {
    type Err = anyhow::Error;

    /// A key by name; an unknown one is answered with the closest.
    fn from_str(key: &str) -> anyhow::Result<Key> {
        Key::ALL
            .iter()
            .copied()
            .find(|k| k.name() == key)
            .ok_or_else(|| {
                let suggestions = closest(key, Key::ALL.iter().map(|k| k.name().to_string()));
                let hint = suggestions
                    .first()
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                anyhow::anyhow!(
                    "no setting `{key}`{hint}\nhint: `prepdrill config list` shows them all"
                )
            })
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Key {
    /// The values the setting accepts, for `config list` and `config set --help`.
    pub fn accepts(self) -> String {
        let steps = "waits such as `1m 10m` (s, m, h or d; each from 1s to 1d)";
        match self {
            Key::DesiredRetention => "a share from 0.70 to 0.99, such as 0.92".to_string(),
            Key::LearningSteps | Key::RelearningSteps => steps.to_string(),
            Key::MaximumInterval => range_of("days", MAXIMUM_INTERVAL),
            Key::NewPerDay => range_of("cards", NEW_PER_DAY),
            Key::SessionMinutes => range_of("minutes", SESSION_MINUTES),
            Key::AnswerTime => range_of("seconds", ANSWER_SECS),
            Key::InterviewDate => format!(
                "a day (YYYY-MM-DD, today, tomorrow, +3d), or `{NO_INTERVIEW}` for no interview"
            ),
            Key::InterviewTime => "a time on the 24-hour clock (HH:MM), such as 14:30".to_string(),
            Key::FsrsParameters => "21 numbers, written by `prepdrill optimize`".to_string(),
            Key::AutoOptimize => "on or off".to_string(),
        }
    }

    /// The default as `config list` shows it.
    pub fn default_shown(self) -> &'static str {
        match self.default_text() {
            "" => "unset",
            text => text,
        }
    }
}

fn range_of(unit: &str, (low, high): (u32, u32)) -> String {
    format!("{unit}, a whole number from {low} to {high}")
}

/// Every setting with what it means, its values and its default: the help of `config set`.
pub fn keys_help() -> String {
    let mut out = String::from("Settings:\n");
    for &key in Key::ALL {
        let _ = write!(
            out,
            "  {}\n      {}\n      values: {}; default: {}\n",
            key.name(),
            key.help(),
            key.accepts(),
            key.default_shown()
        );
    }
    out.push_str("\nExamples:\n  prepdrill config set desired-retention 0.92\n  prepdrill config set interview-date 2026-12-10\n  prepdrill config set interview-time 14:30");
    out
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

/// The interview on `day` at `time` on the wall clock of `zone`, with that day's offset.
fn interview_at(day: NaiveDate, time: ClockTime, zone: Zone) -> Option<Interview> {
    let at = zone.instant_of(day.and_time(time.0))?;
    Some(Interview { day, at })
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

/// The file's section of settings per deck.
const DECKS: &str = "decks";

impl Key {
    /// The settings a deck can set for itself: a candidate with two interviews, for two roles,
    /// plans each deck toward its own.
    pub const PER_DECK: &[Key] = &[Key::InterviewDate, Key::InterviewTime];
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

/// `value` as the text of a setting, as the file may write it (a string, a number, ...).
fn value_text(value: serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
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
    /// Reads the file; a missing file means every default.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let bytes = match files::read_regular(path, MAX_CONFIG_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => bail!("{}: cannot read settings: {e}", path.display()),
        };
        let text = String::from_utf8(files::strip_bom(&bytes).to_vec()).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}: the settings file is not valid UTF-8\nhint: fix it, or delete it to return to the defaults",
                path.display(),
                Position::of_utf8(e.as_bytes(), e.utf8_error())
            )
        })?;
        let raw: BTreeMap<String, serde_yaml::Value> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                let (at, e) = position::yaml(&e);
                let at = at.map_or(String::new(), |at| format!(":{at}"));
                anyhow::anyhow!(
                    "{}{at}: the settings file is damaged: {e}\nhint: fix it, or delete it to return to the defaults",
                    path.display()
                )
            })?
        };
        let mut values = BTreeMap::new();
        let mut decks = BTreeMap::new();
        for (key, value) in raw {
            if key == DECKS {
                decks = Self::load_decks(path, value)?;
                continue;
            }
            let value = value_text(value);
            let found: Key = key
                .parse()
                .with_context(|| format!("{}: unknown setting", path.display()))?;
            found
                .check(&value)
                .with_context(|| format!("{}: `{key}: {value}`", path.display()))?;
            values.insert(found, value);
        }
        let mut config = Config::with(values);
        config.decks = decks;
        Ok(config)
    }

    /// The `decks:` section: each deck's own settings, checked as the top-level ones are.
    fn load_decks(
        path: &Path,
        section: serde_yaml::Value,
    ) -> anyhow::Result<BTreeMap<String, BTreeMap<Key, String>>> {
        let damaged = |what: &str| {
            anyhow::anyhow!(
                "{}: `{DECKS}:` {what}\nhint: write each deck's settings under its slug, as `prepdrill config set interview-date 2026-12-10 --deck backend` does",
                path.display()
            )
        };
        let serde_yaml::Value::Mapping(section) = section else {
            return Err(damaged("is not a mapping of decks"));
        };
        let mut decks = BTreeMap::new();
        for (deck, settings) in section {
            let deck = value_text(deck);
            let serde_yaml::Value::Mapping(settings) = settings else {
                return Err(damaged(&format!(
                    "deck `{deck}` has no mapping of settings"
                )));
            };
            let mut values = BTreeMap::new();
            for (key, value) in settings {
                let (key, value) = (value_text(key), value_text(value));
                let found = key
                    .parse::<Key>()
                    .and_then(per_deck)
                    .with_context(|| format!("{}: deck `{deck}`", path.display()))?;
                found.check(&value).with_context(|| {
                    format!("{}: deck `{deck}`: `{key}: {value}`", path.display())
                })?;
                values.insert(found, value);
            }
            decks.insert(deck, values);
        }
        Ok(decks)
    }

    fn with(values: BTreeMap<Key, String>) -> Self {
        Config {
            settings: Settings::from_texts(&values),
            values,
            decks: BTreeMap::new(),
        }
    }

    /// Read-merge-write under an exclusive lock, like progress: the file is read fresh, `change`
    /// edits it, and it is replaced atomically. Two `config set` at once therefore keep both.
    pub fn update(
        path: &Path,
        change: impl FnOnce(&mut Config) -> anyhow::Result<()>,
    ) -> anyhow::Result<Config> {
        let target = files::resolve(path);
        let dir = files::parent_dir(&target);
        std::fs::create_dir_all(&dir).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot create the settings directory: {e}",
                dir.display()
            )
        })?;
        let _lock = lock::acquire(
            &target.with_extension("yaml.lock"),
            lock::timeout(),
            &mut lock::stderr_waiter(),
        )?;
        let mut config = Config::load(path)?;
        change(&mut config)?;
        config.save(path)?;
        Ok(config)
    }

    /// Writes atomically (through a symlink, keeping owner and mode), so the file is never
    /// half-written. Prefer [`Config::update`], which reads, changes and saves under the lock so
    /// a concurrent change is not lost.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let _ = std::fs::create_dir_all(files::parent_dir(&files::resolve(path)));
        let mut by_name: Vec<(&str, &String)> =
            self.values.iter().map(|(k, v)| (k.name(), v)).collect();
        by_name.sort_unstable();
        files::replace(path, |out| {
            writeln!(
                out,
                "# prepdrill settings; change them with `prepdrill config set KEY VALUE`"
            )?;
            for (key, value) in &by_name {
                writeln!(
                    out,
                    "{key}: {}",
                    serde_yaml::to_string(value).unwrap_or_default().trim()
                )?;
            }
            let decks: Vec<_> = self.decks.iter().filter(|(_, v)| !v.is_empty()).collect();
            if !decks.is_empty() {
                writeln!(out, "{DECKS}:")?;
            }
            for (deck, values) in decks {
                writeln!(
                    out,
                    "  {}:",
                    serde_yaml::to_string(deck).unwrap_or_default().trim()
                )?;
                for (key, value) in values {
                    writeln!(
                        out,
                        "    {}: {}",
                        key.name(),
                        serde_yaml::to_string(value).unwrap_or_default().trim()
                    )?;
                }
            }
            Ok(())
        })
        .map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot save settings: {e}; the old file is intact",
                path.display()
            )
        })
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
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.yaml");
        let mut config = Config::default();
        config.set(Key::InterviewDate, "2026-12-10").expect("valid");
        config.set(Key::DesiredRetention, "0.95").expect("valid");
        Config::update(&path, |c| {
            *c = config;
            Ok(())
        })
        .expect("saved");
        let loaded = Config::load(&path).expect("loads");
        assert_eq!(loaded.get(Key::InterviewDate), Some("2026-12-10"));
        assert!((loaded.scheduler_settings().desired_retention - 0.95).abs() < 1e-9);
        assert_eq!(
            loaded.settings().interview_date,
            InterviewDay::On(NaiveDate::from_ymd_opt(2026, 12, 10).expect("day"))
        );
    }

    #[test]
    fn a_deck_keeps_its_own_interview_through_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.yaml");
        Config::update(&path, |c| {
            c.set(Key::InterviewDate, "2026-12-10")?;
            c.set_for_deck("backend", Key::InterviewDate, "2026-12-01")?;
            c.set_for_deck("backend", Key::InterviewTime, "14:30")?;
            c.set_for_deck("design", Key::InterviewDate, NO_INTERVIEW)
        })
        .expect("saved");
        let loaded = Config::load(&path).expect("loads");
        let interviews = loaded.interviews(Zone::utc());
        let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().expect("instant");
        assert_eq!(
            interviews.of("backend").map(|i| i.at),
            Some(at("2026-12-01T14:30:00Z"))
        );
        assert_eq!(
            interviews.of("other").map(|i| i.at),
            Some(at("2026-12-10T09:00:00Z"))
        );
        assert_eq!(
            interviews.of("design"),
            None,
            "none for this deck wins over the shared date"
        );
        let mut config = loaded;
        assert!(config.set_for_deck("backend", Key::NewPerDay, "3").is_err());
        assert!(
            config
                .set_for_deck("backend", Key::InterviewDate, "soon")
                .is_err()
        );
        config.unset_for_deck("backend", Key::InterviewDate);
        assert_eq!(
            config.get_for_deck("backend", Key::InterviewDate),
            Some("2026-12-10")
        );
        std::fs::write(&path, "decks:\n  backend:\n    new-per-day: 3\n").expect("write");
        let error = Config::load(&path).expect_err("refused").to_string();
        assert!(error.contains("deck `backend`"), "{error}");
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
