//! Shell completion through clap_complete's dynamic engine: ids, tags, decks, grades and settings.
//!
//! The shell calls `prepdrill` back with `COMPLETE=SHELL` set; these functions supply the values.
//! They read the banks named by `--bank` on the line being completed, else by `PREPDRILL_BANK`,
//! else the built-in one. A bank that fails to load completes nothing rather than failing.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::CompletionCandidate;

use crate::core::bank::Bank;
use crate::store::bank_file::load_bank;
use crate::store::config::Config;
use crate::store::paths::Paths;

fn bank() -> Option<Bank> {
    let cache = Paths::resolve(None).ok().and_then(|p| p.cache_dir);
    let on_the_line = banks_on_the_line(std::env::args_os().collect());
    load_bank(&super::bank_sources(on_the_line), cache.as_deref()).ok()
}

/// The `--bank PATH` and `--bank=PATH` values among the words being completed, which the shell
/// passes after `--`: `prepdrill -- prepdrill --bank mine.yaml show ev`.
fn banks_on_the_line(args: Vec<OsString>) -> Vec<PathBuf> {
    let mut words = args.into_iter().skip_while(|a| a != "--").skip(1);
    let mut banks = Vec::new();
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if text == "--bank" {
            if let Some(path) = words.next().filter(|p| !p.is_empty()) {
                banks.push(PathBuf::from(path));
            }
        } else if let Some(path) = text.strip_prefix("--bank=").filter(|p| !p.is_empty()) {
            banks.push(PathBuf::from(path));
        }
    }
    banks
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

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(line: &[&str], expected: &[&str]) {
        let args = line.iter().map(OsString::from).collect();
        let expected: Vec<PathBuf> = expected.iter().map(PathBuf::from).collect();
        assert_eq!(banks_on_the_line(args), expected, "{line:?}");
    }

    #[test]
    fn banks_named_on_the_line() {
        case(&["prepdrill", "--", "prepdrill", "show", "thr"], &[]);
        case(
            &[
                "/bin/prepdrill",
                "--",
                "prepdrill",
                "--bank",
                "a.yaml",
                "show",
                "--bank=b/",
                "x",
            ],
            &["a.yaml", "b/"],
        );
        // Before the `--`, arguments are the completer's own, not the line's.
        case(
            &["prepdrill", "--bank", "no.yaml", "--", "prepdrill", "show"],
            &[],
        );
        // A `--bank` still being typed names nothing yet.
        case(&["prepdrill", "--", "prepdrill", "--bank", ""], &[]);
        case(&["prepdrill", "--", "prepdrill", "--bank"], &[]);
    }
}
