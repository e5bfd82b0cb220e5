//! Settings in a YAML file in the config dir, managed by `prepdrill config`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, bail};
use chrono::{Duration, FixedOffset, NaiveDate, NaiveTime, Utc};

use crate::core::deadline::Interview;
use crate::core::parameters::Parameters;
use crate::core::schedule::Settings;
use crate::core::similar::closest;
use crate::store::files;
use crate::store::lock;

/// The largest settings file read; a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// One setting: its key, what it means, its default, and how a value is checked.
struct Key {
    name: &'static str,
    help: &'static str,
    default: &'static str,
    check: fn(&str) -> anyhow::Result<()>,
}

const KEYS: &[Key] = &[
    Key {
        name: "desired-retention",
        help: "share of answers you aim to recall when a card comes due (0.70-0.99)",
        default: "0.9",
        check: |v| {
            let r: f64 = v.parse().context("expected a number such as 0.9")?;
            if !(0.70..=0.99).contains(&r) {
                bail!("must be between 0.70 and 0.99");
            }
            Ok(())
        },
    },
    Key {
        name: "learning-steps",
        help: "waits between the first reviews of a new card, e.g. `1m 10m`",
        default: "1m 10m",
        check: |v| parse_steps(v).map(drop),
    },
    Key {
        name: "relearning-steps",
        help: "waits after a forgotten card, e.g. `10m`",
        default: "10m",
        check: |v| parse_steps(v).map(drop),
    },
    Key {
        name: "maximum-interval",
        help: "longest wait between reviews, in days (1-36500)",
        default: "36500",
        check: |v| check_range(v, 1, 36_500),
    },
    Key {
        name: "new-per-day",
        help: "new cards a drill introduces per day (0-1000)",
        default: "10",
        check: |v| check_range(v, 0, 1000),
    },
    Key {
        name: "session-minutes",
        help: "length of a drill session in minutes (1-600)",
        default: "20",
        check: |v| check_range(v, 1, 600),
    },
    Key {
        name: "answer-time",
        help: "seconds to answer when the bank sets none (1-3600); unset uses the bank's",
        default: "",
        check: |v| check_range(v, 1, 3600),
    },
    Key {
        name: "interview-date",
        help: "your interview (YYYY-MM-DD): the drill plans every review toward it; none: no interview",
        default: "",
        check: |v| {
            if v.trim() == NO_INTERVIEW {
                Ok(())
            } else {
                parse_date(v).map(drop)
            }
        },
    },
    Key {
        name: "interview-time",
        help: "when the interview starts on its day (HH:MM, local time)",
        default: "09:00",
        check: |v| parse_time(v).map(drop),
    },
    Key {
        name: "fsrs-parameters",
        help: "your own memory model: 21 FSRS-6 weights written by `prepdrill optimize`; unset: FSRS-6's defaults",
        default: "",
        check: |v| {
            Parameters::parse(v)
                .map(drop)
                .map_err(|e| anyhow::anyhow!("{e}; `prepdrill optimize` writes them"))
        },
    },
    Key {
        name: "auto-optimize",
        help: "refit your memory model at the end of a drill, every 50 new reviews once there are 150 (on/off)",
        default: "on",
        check: |v| parse_switch(v).map(drop),
    },
];

/// `on`/`off`, and the words people also use for them.
fn parse_switch(value: &str) -> anyhow::Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => bail!("expected on or off"),
    }
}

fn check_range(value: &str, low: u32, high: u32) -> anyhow::Result<()> {
    let n: u32 = value
        .parse()
        .with_context(|| format!("expected a whole number from {low} to {high}"))?;
    if !(low..=high).contains(&n) {
        bail!("must be from {low} to {high}");
    }
    Ok(())
}

/// The interview date of a candidate who has none: asked once, and not again.
pub const NO_INTERVIEW: &str = "none";

fn parse_date(value: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").context("expected a date like 2026-12-10")
}

fn parse_time(value: &str) -> anyhow::Result<NaiveTime> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").context("expected a time like 09:00 or 14:30")
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

/// The settings file: only what the user set, by key.
#[derive(Debug, Clone, Default)]
pub struct Config {
    values: BTreeMap<String, String>,
}

impl Config {
    /// Reads the file; a missing file means every default.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let bytes = match files::read_regular(path, MAX_CONFIG_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => bail!("{}: cannot read settings: {e}", path.display()),
        };
        let text = String::from_utf8(files::strip_bom(&bytes).to_vec()).map_err(|_| {
            anyhow::anyhow!(
                "{}: the settings file is not valid UTF-8\nhint: fix it, or delete it to return to the defaults",
                path.display()
            )
        })?;
        let raw: BTreeMap<String, serde_yaml::Value> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                let at = e.location().map_or(String::new(), |l| format!(":{}:{}", l.line(), l.column()));
                anyhow::anyhow!(
                    "{}{at}: the settings file is damaged: {e}\nhint: fix it, or delete it to return to the defaults",
                    path.display()
                )
            })?
        };
        let mut config = Config::default();
        for (key, value) in raw {
            let value = match value {
                serde_yaml::Value::String(s) => s,
                serde_yaml::Value::Number(n) => n.to_string(),
                other => serde_yaml::to_string(&other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let found =
                find_key(&key).with_context(|| format!("{}: unknown setting", path.display()))?;
            (found.check)(&value)
                .with_context(|| format!("{}: `{key}: {value}`", path.display()))?;
            config.values.insert(key, value);
        }
        Ok(config)
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
        files::replace(path, |out| {
            writeln!(
                out,
                "# prepdrill settings; change them with `prepdrill config set KEY VALUE`"
            )?;
            for (key, value) in &self.values {
                writeln!(
                    out,
                    "{key}: {}",
                    serde_yaml::to_string(value).unwrap_or_default().trim()
                )?;
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

    pub fn get(&self, key: &str) -> anyhow::Result<Option<&str>> {
        let found = find_key(key)?;
        Ok(self
            .values
            .get(key)
            .map(String::as_str)
            .or(Some(found.default).filter(|d| !d.is_empty())))
    }

    pub fn set(&mut self, key: &str, value: &str) -> anyhow::Result<()> {
        let found = find_key(key)?;
        (found.check)(value).with_context(|| format!("cannot set {key} to `{value}`"))?;
        self.values
            .insert(key.to_string(), value.trim().to_string());
        Ok(())
    }

    pub fn unset(&mut self, key: &str) -> anyhow::Result<()> {
        find_key(key)?;
        self.values.remove(key);
        Ok(())
    }

    /// Every key with its effective value, whether the user set it, and its help.
    pub fn list(&self) -> Vec<(&'static str, String, bool, &'static str)> {
        KEYS.iter()
            .map(|k| {
                let set = self.values.get(k.name);
                (
                    k.name,
                    set.cloned().unwrap_or_else(|| k.default.to_string()),
                    set.is_some(),
                    k.help,
                )
            })
            .collect()
    }

    fn value<T: std::str::FromStr>(&self, key: &str) -> Option<T> {
        self.get(key).ok().flatten()?.parse().ok()
    }

    /// The scheduler's settings from these values.
    pub fn scheduler_settings(&self) -> Settings {
        let defaults = Settings::default();
        let steps = |key| {
            self.get(key)
                .ok()
                .flatten()
                .and_then(|v| parse_steps(v).ok())
        };
        Settings {
            desired_retention: self
                .value("desired-retention")
                .unwrap_or(defaults.desired_retention),
            learning_steps: steps("learning-steps").unwrap_or(defaults.learning_steps),
            relearning_steps: steps("relearning-steps").unwrap_or(defaults.relearning_steps),
            maximum_interval_days: self
                .value("maximum-interval")
                .unwrap_or(defaults.maximum_interval_days),
            fuzz: true,
            parameters: self.parameters().unwrap_or(defaults.parameters),
        }
    }

    /// The interview, at its day and time in the zone of `offset`.
    pub fn interview(&self, offset: FixedOffset) -> Option<Interview> {
        let day = self.interview_date()?;
        let time = self
            .get("interview-time")
            .ok()
            .flatten()
            .and_then(|v| parse_time(v).ok())
            .or_else(|| NaiveTime::from_hms_opt(9, 0, 0))?;
        let at = day
            .and_time(time)
            .and_local_timezone(offset)
            .single()?
            .with_timezone(&Utc);
        Some(Interview { day, at })
    }

    pub fn interview_date(&self) -> Option<NaiveDate> {
        self.get("interview-date")
            .ok()
            .flatten()
            .and_then(|v| parse_date(v).ok())
    }

    pub fn new_per_day(&self) -> usize {
        self.value("new-per-day").unwrap_or(10)
    }

    pub fn session_minutes(&self) -> u32 {
        self.value("session-minutes").unwrap_or(20)
    }

    /// The candidate's own memory model, when `optimize` has written one.
    pub fn parameters(&self) -> Option<Parameters> {
        Parameters::parse(self.get("fsrs-parameters").ok().flatten()?).ok()
    }

    /// Whether the drill refits the memory model as reviews come in.
    pub fn auto_optimize(&self) -> bool {
        self.get("auto-optimize")
            .ok()
            .flatten()
            .and_then(|v| parse_switch(v).ok())
            .unwrap_or(true)
    }

    pub fn answer_time(&self) -> Option<u32> {
        self.value("answer-time")
    }
}

fn find_key(key: &str) -> anyhow::Result<&'static Key> {
    KEYS.iter().find(|k| k.name == key).ok_or_else(|| {
        let suggestions = closest(key, KEYS.iter().map(|k| k.name.to_string()));
        let hint = suggestions
            .first()
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        anyhow::anyhow!("no setting `{key}`{hint}\nhint: `prepdrill config list` shows them all")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn set(key: &str, value: &str, ok: bool) {
        let result = Config::default().set(key, value);
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
        config.set("interview-date", "2026-12-10").expect("valid");
        config.set("desired-retention", "0.95").expect("valid");
        Config::update(&path, |c| {
            *c = config;
            Ok(())
        })
        .expect("saved");
        let loaded = Config::load(&path).expect("loads");
        assert_eq!(
            loaded.get("interview-date").expect("key"),
            Some("2026-12-10")
        );
        assert!((loaded.scheduler_settings().desired_retention - 0.95).abs() < 1e-9);
    }
}
