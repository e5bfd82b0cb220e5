//! The settings file: read and checked, and written back atomically under its lock.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::store::files;
use crate::store::lock;
use crate::store::position::{self, Position};

use super::{Config, Key, per_deck};

/// The largest settings file read; a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The file's section of settings per deck.
const DECKS: &str = "decks";

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
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::core::zone::Zone;
    use crate::store::config::{InterviewDay, NO_INTERVIEW};

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
}
