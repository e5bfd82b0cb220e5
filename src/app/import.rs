//! `prepdrill import`: read a page or a table, make a bank of it, and print it or save it.

use std::fmt::Write as _;
use std::io::ErrorKind;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use crate::core::words::counted;
use crate::store::bank_file::{BankSource, load_bank};
use crate::store::files;
use crate::store::position::Position;

use super::output::{Document, Existing, save};
use super::print_document;
use crate::cli::{ImportArgs, ImportFormat};
use crate::import::{Format, Problem, Settings, import as import_text};

/// Larger than any page of interview questions; a bigger file is some other file.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The problems that stopped an import, each at its line of `name`, and what to do.
fn not_imported(name: &str, format: Format, problems: &[Problem]) -> anyhow::Error {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| {
            if p.line == 0 {
                format!("{name}: {}", p.message)
            } else {
                format!("{name}:{}: {}", p.line, p.message)
            }
        })
        .collect();
    let hint = match (format, problems.iter().all(|p| p.line == 0)) {
        (Format::Page, true) => {
            "nothing was written; check that this is the page you meant (`prepdrill import --help` shows the layout), or add --format csv for a table"
        }
        (Format::Page, false) => {
            "nothing was written; fix or delete those lines and import again (`prepdrill import --help` shows the layout)"
        }
        (Format::Csv, _) => "nothing was written; fix those rows and import again",
    };
    anyhow!("{}\nhint: {hint}", lines.join("\n"))
}

pub fn import(context: &super::Context, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let name = files::input_name(&args.file);
    let text = read(&args.file, &name)?;
    if args.format.is_none() && is_bank(&text) {
        bail!(
            "{name} is already a question bank (YAML with `deck:` and `questions:`), not a page to import\nhint: use it as it is: `prepdrill check {name}`, then `prepdrill --bank {name}`"
        );
    }
    let format = match args.format {
        Some(ImportFormat::Page) => Format::Page,
        Some(ImportFormat::Csv) => Format::Csv,
        None => Format::detect(&text, args.file.extension().and_then(|e| e.to_str())),
    };
    let settings = Settings {
        deck: args.deck.clone(),
        title: args.title.clone(),
        source_name: args
            .file
            .file_name()
            .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned()),
    };
    let imported = import_text(&text, format, &settings)
        .map_err(|problems| not_imported(&name, format, &problems))?;

    for warning in &imported.warnings {
        // It quotes the source, which may hold escape codes.
        crate::ui::stderr::line(&format!("warning: {name}:{warning}"));
    }
    let questions = imported.deck.questions.len();
    let written_to = match args.output.as_deref() {
        None => None,
        Some(path) if path == Path::new("-") => None,
        Some(path) => Some(path),
    };
    match written_to {
        None => print_document(&imported.yaml)?,
        Some(path) => {
            let existing = if args.force {
                Existing::Replace
            } else {
                Existing::Keep { flag: "--force" }
            };
            let document = Document {
                name: "the bank",
                example: "bank.yaml",
            };
            save(&context.paths, path, &imported.yaml, document, existing)?;
        }
    }
    // The summary goes to stderr, so stdout stays the bank alone.
    let target = written_to.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    let d = imported.drafted;
    let mut note = format!(
        "Imported {} into {target} as deck `{}`.",
        crate::core::words::counted(questions, "question"),
        imported.deck.deck
    );
    if d.categories + d.tags + d.key_points > 0 {
        let _ = write!(
            note,
            "\nDrafted: {}, {}, {} and {}; they are marked in the file. Edit them, then run `prepdrill check {}`.",
            counted(d.ids, "id"),
            counted(d.categories, "category"),
            counted(d.tags, "tag list"),
            counted(d.key_points, "key-point list"),
            written_to.map_or_else(|| "BANK.yaml".to_string(), |p| p.display().to_string())
        );
    }
    note.push_str(&built_in_note(&imported.deck));
    crate::ui::stderr::line(&note);
    Ok(ExitCode::SUCCESS)
}

/// A line after the import when the built-in bank has a deck of the same slug: whether these are
/// its own ids (prepdrill's export read back: the same progress), some of them, or other ids.
fn built_in_note(deck: &crate::core::bank::Deck) -> String {
    let mut note = String::new();
    let imported = deck;
    let built_in = load_bank(&[BankSource::BuiltIn], None).ok();
    let same_deck = built_in
        .as_ref()
        .and_then(|bank| bank.decks().iter().find(|d| d.deck == imported.deck));
    if let Some(theirs) = same_deck {
        let shared = imported
            .questions
            .iter()
            .filter(|q| theirs.questions.iter().any(|t| t.id == q.id))
            .count();
        let deck = &imported.deck;
        let _ = if shared == imported.questions.len() {
            // prepdrill's own export read back: the same deck and ids, so the same progress.
            write!(
                note,
                "\nNote: these are the built-in deck `{deck}`'s own ids; progress made on the built-in bank applies to this file too."
            )
        } else if shared == 0 {
            write!(
                note,
                "\nNote: the built-in bank's deck is also `{deck}`, with other ids; progress is kept by deck/id, so give --deck (say `{deck}-imported`) to keep the two apart."
            )
        } else {
            write!(
                note,
                "\nNote: the built-in bank's deck is also `{deck}`, and {} of these ids are its own; their progress is shared. Give --deck (say `{deck}-imported`) to keep the two apart.",
                counted(shared, "question")
            )
        };
    }
    note
}

fn read(path: &Path, name: &str) -> anyhow::Result<String> {
    let bytes = files::read_input(path, MAX_BYTES).map_err(|e| {
        let hint = match e.kind() {
            ErrorKind::IsADirectory => {
                return anyhow!("{name}: is a directory\nhint: name the page or CSV file to import");
            }
            ErrorKind::FileTooLarge => return too_large(name),
            ErrorKind::PermissionDenied => "check the file's permissions",
            _ if files::is_special(path) => {
                "to import from a pipe, give `-` and pipe the page in: `cat FILE | prepdrill import -`"
            }
            _ => "check the path",
        };
        anyhow!("{name}: cannot read it: {e}\nhint: {hint}")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let line = Position::of_utf8(e.as_bytes(), e.utf8_error()).line;
        anyhow!(
            "{name}:{line}: not UTF-8 text\nhint: save the file as UTF-8 (most editors and spreadsheets offer it under Save As) and import again"
        )
    })
}

fn too_large(name: &str) -> anyhow::Error {
    anyhow!(
        "{name}: larger than {} MiB, which is no page of interview questions\nhint: check that this is the file you meant",
        MAX_BYTES / 1024 / 1024
    )
}

/// Whether `text` looks like a prepdrill bank: top-level `deck:` and `questions:` keys.
fn is_bank(text: &str) -> bool {
    crate::store::bank_file::is_bank_yaml(text)
}
