//! `prepdrill export`: load the bank and progress, build the study sheet, and print it or save it.

use std::fs::File;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use super::{Context, print};
use crate::cli::{ExportArgs, ExportGroup, ExportOrder};
use crate::core::bank::DEFAULT_ANSWER_TIME_SECS;
use crate::export::{Grouping, Order, SheetOptions, study_sheet};
use crate::store::config::Config;

pub fn export(context: &Context, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let config = context.config()?;
    let scheduler = context.scheduler(&config);
    let progress = context.progress(&scheduler)?;
    // An empty log is no progress: the sheet then has no summary and no per-question progress.
    let progress = (!progress.reviews.is_empty()).then_some(&progress);
    let sheet = study_sheet(
        &bank,
        progress,
        &scheduler,
        context.now,
        context.interview(&config),
        &options(args, &config),
    )?;
    match args.output.as_deref() {
        None => print(&sheet.markdown)?,
        Some(path) if path == Path::new("-") => print(&sheet.markdown)?,
        Some(path) => {
            save(path, &sheet.markdown)?;
            // stdout stays empty so `-o` composes with scripts; the note goes to stderr, and a
            // closed stderr is no reason to fail once the file is written.
            let _ = writeln!(
                std::io::stderr(),
                "Wrote {} questions to {}",
                sheet.questions,
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn options(args: &ExportArgs, config: &Config) -> SheetOptions {
    SheetOptions {
        tags: args.tags.clone(),
        category: args.category,
        due_only: args.due,
        weakest: args.weakest,
        order: match args.order {
            ExportOrder::Bank => Order::Bank,
            ExportOrder::Weakest => Order::Weakest,
            ExportOrder::Due => Order::Due,
        },
        group_by: args.group_by.map(|g| match g {
            ExportGroup::Tag => Grouping::Tag,
            ExportGroup::Category => Grouping::Category,
        }),
        with_answers: !args.no_answers,
        with_progress: !args.no_progress,
        default_answer_secs: config.answer_time().unwrap_or(DEFAULT_ANSWER_TIME_SECS),
    }
}

/// Writes the sheet to `path`. A symlink is followed, so the link survives and its target is
/// replaced; a device or pipe such as `/dev/stdout` is written in place, since it cannot be renamed
/// over; anything else is replaced atomically.
fn save(path: &Path, text: &str) -> anyhow::Result<()> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let existing = std::fs::metadata(&target).ok();
    let suggestion = path.join("sheet.md");
    if existing.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        bail!(
            "{}: is a directory\nhint: name a file in it, such as `-o {}`",
            path.display(),
            suggestion.display()
        );
    }
    if path.as_os_str().is_empty() || path.to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) {
        bail!(
            "`{}` is not a file name\nhint: name the file to write, such as `-o {}`",
            path.display(),
            suggestion.display()
        );
    }
    match existing {
        Some(meta) if !meta.is_file() => File::options()
            .write(true)
            .open(&target)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| cannot_write(path, &target, &e)),
        _ => replace(&target, text, existing.map(|m| m.permissions()))
            .map_err(|e| cannot_write(path, &target, &e)),
    }
}

/// Temporary file beside the target, fsync, rename over it: a crash or a full disk leaves the old
/// file or the new one, never a torn one. On any error the temporary file is dropped, which
/// deletes it.
fn replace(
    target: &Path,
    text: &str,
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let dir = parent_dir(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".prepdrill-export-").suffix(".tmp");
    // tempfile makes owner-only files; a sheet is an ordinary document, so ask for what any new
    // file gets (the umask still applies), and an existing file keeps its mode below.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(&dir)?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    // Best effort: the rename has happened, and some file systems refuse to sync a directory.
    let _ = File::open(&dir).and_then(|d| d.sync_all());
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The error for a sheet that could not be written, with what to do about it. Known causes are
/// put in words, because tempfile's own message names its random temporary file.
fn cannot_write(path: &Path, target: &Path, error: &std::io::Error) -> anyhow::Error {
    let dir = parent_dir(target);
    let dir = dir.display();
    let (reason, hint) = match error.kind() {
        ErrorKind::NotFound => (
            format!("the directory {dir} does not exist"),
            "create it first, or choose another path",
        ),
        ErrorKind::NotADirectory => (format!("{dir} is not a directory"), "choose another path"),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => (
            format!("{dir} is not writable"),
            "choose a path you can write, or `-o -` for stdout",
        ),
        _ => (
            error.to_string(),
            "choose another path, or `-o -` for stdout",
        ),
    };
    anyhow!(
        "{}: cannot write the sheet: {reason}\nhint: {hint}",
        path.display()
    )
}
