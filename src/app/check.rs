//! `prepdrill check`: validate bank files, and say what a file is when it is clearly no bank.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use super::{Context, bank_errors, print};
use crate::cli::CheckArgs;
use crate::core::file_kind;
use crate::core::words::counted;
use crate::store::bank_file::{BankSource, load_bank};
use crate::store::files;
use crate::ui::style::Role;

/// The most of a file read to tell what it is; a bank is read in full by `load_bank`.
const SNIFF_BYTES: u64 = 64 << 20;

pub(super) fn check(context: &Context, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let sources: Vec<BankSource> = args.paths.iter().cloned().map(BankSource::Path).collect();
    // No cache: `check` exists to look at the files themselves.
    let bank = match load_bank(&sources, None) {
        Ok(bank) => bank,
        Err(errors) => {
            let not_banks: Vec<String> = args.paths.iter().filter_map(|p| not_a_bank(p)).collect();
            if not_banks.is_empty() {
                return Err(bank_errors(errors)).context("the bank has problems");
            }
            anyhow::bail!(not_banks.join("\n"));
        }
    };
    let painter = context.layout.painter;
    print(&format!(
        "{} {} in {}\n",
        painter.paint("ok:", Role::Good),
        counted(bank.len(), "question"),
        counted(bank.decks().len(), "deck")
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// "PATH: this looks like …, not a question bank" with what to run instead, when the file at
/// `path` is clearly another kind of file; `None` for a directory or anything that may be a bank.
fn not_a_bank(path: &Path) -> Option<String> {
    let bytes = files::read_regular(path, SNIFF_BYTES).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let shown = path.display().to_string();
    let name = path.file_name()?.to_string_lossy();
    let kind = file_kind::guess(&name, &text)?;
    Some(format!(
        "{shown}: this looks like {}, not a question bank\nhint: {}",
        kind.looks_like(),
        kind.instead(&shown)
    ))
}
