//! Writing a command's document to `-o FILE`: whole or not at all, with errors that say what to do.
//! `export` writes sheets and tables through it, `import` writes banks.

use std::io::ErrorKind;
use std::path::Path;

use anyhow::{anyhow, bail};

use crate::store::files;
use crate::store::paths::Paths;

/// What is being written, for messages: `the sheet`, `the bank`.
#[derive(Debug, Clone, Copy)]
pub struct Document {
    pub name: &'static str,
    /// A file name to suggest when `-o` names a directory.
    pub example: &'static str,
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Refuse, naming this flag as the way to replace it anyway.
    Keep {
        flag: &'static str,
    },
}

/// Writes `text` to `path`. A symlink is followed, so the link survives and its target is
/// replaced; a device or pipe such as `/dev/stdout` is written in place, since it cannot be renamed
/// over; anything else is replaced atomically.
pub fn save(
    paths: &Paths,
    path: &Path,
    text: &str,
    document: Document,
    existing: Existing,
) -> anyhow::Result<()> {
    if paths.is_own_file(path) {
        bail!(
            "{}: is one of prepdrill's own files (progress, answers or settings); writing {} there would replace them\nhint: choose another path, such as `-o {}`",
            path.display(),
            document.name,
            document.example
        );
    }
    // Through any symlinks, even one whose target does not exist yet, as the progress file is
    // written: the link stays, and what it points to is written.
    let target = files::resolve(path);
    let meta = std::fs::metadata(&target).ok();
    let suggestion = path.join(document.example);
    if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
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
    let keep = match existing {
        Existing::Keep { flag } => Some(flag),
        Existing::Replace => None,
    };
    if let (Some(flag), Some(_)) = (keep, &meta) {
        return Err(already_exists(path, flag));
    }
    match meta {
        Some(meta) if !meta.is_file() => files::write_in_place(&target, text.as_bytes())
            .map_err(|e| cannot_write(path, &target, &e, document)),
        _ => {
            // A crash or a full disk leaves the old file or the new one, never a torn one; the
            // new one keeps the old one's owner and mode.
            let overwrite = if keep.is_some() {
                files::Overwrite::No
            } else {
                files::Overwrite::Yes
            };
            let written = files::stage(&target, files::NewMode::Document, |w| {
                w.write_all(text.as_bytes())
            })
            .and_then(|staged| staged.commit(overwrite));
            match written {
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    Err(already_exists(path, keep.unwrap_or_default()))
                }
                Err(e) => Err(cannot_write(path, &target, &e, document)),
                // Best effort: the rename has happened, and some file systems refuse to sync a
                // directory.
                Ok(()) => {
                    let _ = files::sync_dir(&target);
                    Ok(())
                }
            }
        }
    }
}

fn already_exists(path: &Path, flag: &str) -> anyhow::Error {
    anyhow!(
        "{}: already exists, and replacing it would lose any edits made to it\nhint: choose another name, or add {flag} to replace it",
        path.display()
    )
}

/// The error for a document that could not be written, with what to do about it. Known causes
/// are put in words, because tempfile's own message names its random temporary file.
fn cannot_write(
    path: &Path,
    target: &Path,
    error: &std::io::Error,
    document: Document,
) -> anyhow::Error {
    let dir = files::parent_dir(target);
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
        "{}: cannot write {}: {reason}\nhint: {hint}",
        path.display(),
        document.name
    )
}
