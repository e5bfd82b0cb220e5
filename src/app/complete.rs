//! Shell completion through clap_complete's dynamic engine: ids, tags, decks, grades and settings.
//!
//! The shell calls `prepdrill` back with `PREPDRILL_COMPLETE=SHELL` set; these functions supply
//! the values. The variable is prepdrill's own: a generic `COMPLETE` in the environment, meant for
//! another program, must not turn every prepdrill command into a completion script.
//! They read the banks named by `--bank` on the line being completed, else by `PREPDRILL_BANK`,
//! else the built-in one. A bank that fails to load completes nothing rather than failing.

use crate::core::words::counted;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::CompletionCandidate;

use crate::core::bank::Bank;
use crate::store::bank_file::load_bank;
use crate::store::config::Config;
use crate::store::paths::Paths;

/// The environment variable that switches prepdrill into completion mode.
pub const COMPLETE_VAR: &str = "PREPDRILL_COMPLETE";

/// Stands in for the binary's path while clap writes a script, then is replaced by the path
/// quoted for the shell: clap puts bash's quoted path inside double quotes, where a space breaks
/// it and `$(…)` in the path would run on every Tab.
const PLACEHOLDER: &str = "prepdrill__binary__path";

/// Answers the shell: `PREPDRILL_COMPLETE=SHELL prepdrill` prints the registration script, and
/// `PREPDRILL_COMPLETE=SHELL prepdrill -- WORDS` the candidates. Returns only when the variable
/// is unset, so the command runs as usual.
pub fn answer_the_shell() {
    let shell = std::env::var(COMPLETE_VAR).unwrap_or_default();
    if shell.is_empty() {
        return;
    }
    if !std::env::args_os().any(|a| a == "--") {
        // The registration script, written here so that its path is quoted.
        let code = if let Some(script) = registration(&shell) {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            i32::from(
                out.write_all(script.as_bytes())
                    .and_then(|()| out.flush())
                    .is_err(),
            )
        } else {
            crate::ui::stderr::line(&format!(
                "prepdrill: error: {COMPLETE_VAR}=`{shell}` names no shell prepdrill completes; use bash, zsh, fish, elvish or powershell"
            ));
            1
        };
        std::process::exit(code);
    }
    clap_complete::CompleteEnv::with_factory(<crate::cli::Cli as clap::CommandFactory>::command)
        .var(COMPLETE_VAR)
        .complete();
}

/// The registration script for `shell`, calling this very binary back; `None` for a shell
/// prepdrill does not complete.
pub fn registration(shell: &str) -> Option<String> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        "bash" => &Bash,
        "elvish" => &Elvish,
        "fish" => &Fish,
        "powershell" => &Powershell,
        "zsh" => &Zsh,
        _ => return None,
    };
    // Fall back to a PATH lookup if the binary's own path is unknown.
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(String::from))
        .unwrap_or_else(|| "prepdrill".to_string());
    let posix = matches!(shell, "bash" | "zsh");
    let written = if posix { PLACEHOLDER } else { binary.as_str() };
    let mut out = Vec::new();
    completer
        .write_registration(COMPLETE_VAR, "prepdrill", "prepdrill", written, &mut out)
        .ok()?;
    let script = String::from_utf8_lossy(&out).into_owned();
    if !posix {
        return Some(script);
    }
    let quoted = posix_quote(&binary);
    Some(
        script
            .replace(&format!("\"{PLACEHOLDER}\""), &quoted)
            .replace(PLACEHOLDER, &quoted),
    )
}

/// One word for a POSIX shell, whatever it holds: single quotes, each `'` as `'\''`.
fn posix_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

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
        .map(|(tag, n)| CompletionCandidate::new(tag).help(help(&counted(n, "question"))))
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
