//! `prepdrill config`: get, set, unset and list the settings, for every deck or for one.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::bail;

use crate::app::{Context, print};
use crate::cli::ConfigCommand;
use crate::core::stats::Now;
use crate::core::when::{self, When};
use crate::store::config::{Config, Key};
use crate::ui::style::Role;

pub fn config(context: &Context, command: ConfigCommand) -> anyhow::Result<ExitCode> {
    let path = &context.paths.config_file;
    let config = Config::load(path)?;
    match command {
        ConfigCommand::Get { key, deck } => {
            let key: Key = key.parse()?;
            let value = match &deck {
                Some(deck) => config.get_for_deck(deck, key),
                None => config.get(key),
            };
            print(&format!("{}\n", value.unwrap_or("(unset)")))?;
        }
        ConfigCommand::Set {
            key,
            value,
            deck: Some(deck),
        } => set_for_deck(context, &key, value, &deck)?,
        ConfigCommand::Unset {
            key,
            deck: Some(deck),
        } => unset_for_deck(context, &key, &deck)?,
        ConfigCommand::Set { key, value, .. } => set(context, &key, value)?,
        ConfigCommand::Unset { key, .. } => {
            let key: Key = key.parse()?;
            Config::update(path, |config| {
                config.unset(key);
                Ok(())
            })?;
            print(&format!("{key} is back to its default\n"))?;
        }
        ConfigCommand::List => list(context, &config)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `config set KEY VALUE`: the setting for every deck.
fn set(context: &Context, key: &str, value: String) -> anyhow::Result<()> {
    let path = &context.paths.config_file;
    let key: Key = key.parse()?;
    let today = context.now.today();
    let value = if key == Key::InterviewDate {
        interview_day(&value, context.now)
    } else {
        value
    };
    Config::update(path, |config| {
        config.set(key, &value)?;
        if key == Key::InterviewDate
            && let Some(day) = config.interview_date()
            && day < today
        {
            bail!(
                "{day} is in the past; give the date of an interview still ahead, or `{}` to drill without one",
                context.advice("config unset interview-date")
            );
        }
        Ok(())
    })?;
    print(&format!("{key} = {}\n", value.trim()))?;
    Ok(())
}

/// `config list`: every key with its value, meaning, values and default, then the per-deck ones.
fn list(context: &Context, config: &Config) -> anyhow::Result<()> {
    let path = &context.paths.config_file;
    let painter = context.layout.painter;
    let mut out = String::new();
    for (key, value, set, help) in config.list() {
        let value = if value.is_empty() {
            "(unset)".to_string()
        } else {
            value
        };
        let marker = if set { "" } else { " (default)" };
        let known: Key = key.parse()?;
        let _ = writeln!(
            out,
            "{:<18} {}{}\n{:<18} {}\n{:<18} {}",
            painter.paint(key, Role::Id),
            value,
            painter.paint(marker, Role::Dim),
            "",
            painter.paint(help, Role::Dim),
            "",
            painter.paint(
                &format!(
                    "values: {}; default: {}",
                    known.accepts(),
                    known.default_shown()
                ),
                Role::Dim
            )
        );
    }
    for (deck, key, value) in config.deck_values() {
        let _ = writeln!(
            out,
            "{:<18} {value} (deck {deck})",
            painter.paint(key.name(), Role::Id),
        );
    }
    let _ = writeln!(out, "\nfile: {}", path.display());
    print(&out)?;
    Ok(())
}

/// `config set KEY VALUE --deck SLUG`: the setting for one deck alone.
fn set_for_deck(context: &Context, key: &str, value: String, deck: &str) -> anyhow::Result<()> {
    let path = &context.paths.config_file;
    let deck = deck.to_string();
    let key: Key = key.parse()?;
    let value = if key == Key::InterviewDate {
        interview_day(&value, context.now)
    } else {
        value
    };
    let today = context.now.today();
    Config::update(path, |config| {
        config.set_for_deck(&deck, key, &value)?;
        if let Some(interview) = config.interviews(context.now.zone).of(&deck)
            && key == Key::InterviewDate
            && interview.day < today
        {
            bail!(
                "{} is in the past; give the date of an interview still ahead",
                interview.day
            );
        }
        Ok(())
    })?;
    if !bank_has_deck(context, &deck) {
        crate::app::warn(&format!(
            "no deck `{deck}` in the bank in use; `{}` lists the decks",
            context.advice("list")
        ));
    }
    print(&format!("{key} = {} for deck {deck}\n", value.trim()))?;
    Ok(())
}

/// `config unset KEY --deck SLUG`: the deck back to the setting every deck shares.
fn unset_for_deck(context: &Context, key: &str, deck: &str) -> anyhow::Result<()> {
    let key: Key = key.parse()?;
    Config::update(&context.paths.config_file, |config| {
        config.unset_for_deck(deck, key);
        Ok(())
    })?;
    print(&format!(
        "{key} for deck {deck} is back to the one every deck shares\n"
    ))
}

/// Whether the bank in use has a deck with this slug; a bank that cannot be read says nothing.
fn bank_has_deck(context: &Context, deck: &str) -> bool {
    context
        .bank()
        .map_or(true, |bank| bank.decks().iter().any(|d| d.deck == deck))
}

/// An interview date as typed: what `--on` takes (`tomorrow`, `+14d`) becomes `YYYY-MM-DD`;
/// anything else is left for the setting's own check to accept (`none`) or refuse.
pub(in crate::app) fn interview_day(value: &str, now: Now) -> String {
    match when::parse(value, now.at, now.zone) {
        Ok(When::Day(day)) => day.to_string(),
        Ok(When::Instant(at)) => now.zone.local(at).date_naive().to_string(),
        Err(_) => value.trim().to_string(),
    }
}
