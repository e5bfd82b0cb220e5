//! Shell completion through clap_complete's dynamic engine: ids, tags, decks, grades and settings.
//!
//! The shell calls `prepdrill` back with `COMPLETE=SHELL` set; these functions supply the values.
//! They cannot see `--bank` on the line being completed, so they read the banks `PREPDRILL_BANK`
//! names, else the built-in one. A bank that fails to load completes nothing rather than failing.

use std::ffi::OsStr;

use clap_complete::CompletionCandidate;

use crate::core::bank::Bank;
use crate::store::bank_file::load_bank;
use crate::store::config::Config;
use crate::store::paths::Paths;

fn bank() -> Option<Bank> {
    let cache = Paths::resolve(None).ok().and_then(|p| p.cache_dir);
    load_bank(&super::bank_sources(Vec::new()), cache.as_deref()).ok()
}

/// A short description for shells that show one (zsh, fish).
fn help(text: &str) -> Option<clap::builder::StyledStr> {
    let short = crate::ui::text::truncate(text, 60);
    (!short.is_empty()).then(|| short.into())
}

/// Question ids that start with what was typed; `deck/id` keys once a `/` is typed, and
/// `deck/` for each deck whose name starts with it.
pub fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(bank) = bank() else {
        return Vec::new();
    };
    let typed = current.to_string_lossy();
    let mut out: Vec<CompletionCandidate> = Vec::new();
    for card in bank.cards() {
        let name = if typed.contains('/') {
            card.key().to_string()
        } else {
            card.question.id.clone()
        };
        if name.starts_with(typed.as_ref()) {
            out.push(CompletionCandidate::new(name).help(help(&card.question.question)));
        }
    }
    if !typed.is_empty() && !typed.contains('/') {
        for deck in bank.decks() {
            if deck.deck.starts_with(typed.as_ref()) {
                out.push(
                    CompletionCandidate::new(format!("{}/", deck.deck)).help(help(&deck.title)),
                );
            }
        }
    }
    out
}

/// Every tag, with its number of questions.
pub fn tags() -> Vec<CompletionCandidate> {
    let Some(bank) = bank() else {
        return Vec::new();
    };
    bank.tag_counts()
        .into_iter()
        .map(|(tag, n)| CompletionCandidate::new(tag).help(help(&format!("{n} questions"))))
        .collect()
}

/// Every setting's key, with what it means.
pub fn config_keys() -> Vec<CompletionCandidate> {
    Config::default()
        .list()
        .into_iter()
        .map(|(key, _, _, about)| CompletionCandidate::new(key).help(help(about)))
        .collect()
}

/// Grades by name; numbers and initials work too but need no completing.
pub fn grades() -> Vec<CompletionCandidate> {
    crate::core::schedule::Rating::ALL
        .into_iter()
        .map(|r| CompletionCandidate::new(r.as_str()).help(help(&format!("{}", r as u8))))
        .collect()
}
