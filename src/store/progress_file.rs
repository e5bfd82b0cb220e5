//! The progress file: JSON read whole, written atomically, and updated only under an exclusive lock.
//!
//! A file that cannot be read as progress is never overwritten: the user's weeks of practice matter
//! more than this run.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::core::progress::{Progress, SCHEMA_VERSION};
use crate::core::schedule::Scheduler;

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{path}: cannot read progress: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}:{line}:{column}: the progress file is not valid UTF-8; it was left untouched\nhint: restore it from a backup, or move it away to start afresh"
    )]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error(
        "{path}:{line}:{column}: the progress file is damaged ({message}); it was left untouched\nhint: fix it by hand, restore a backup, or move it away to start afresh"
    )]
    Corrupt {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: progress file version {found} is newer than this prepdrill understands (version {SCHEMA_VERSION}); it was left untouched\nhint: upgrade prepdrill (cargo install --path . --force)"
    )]
    Newer { path: String, found: u32 },
    #[error("{path}: cannot save progress: {source}; the previous file is intact")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot lock the progress file: {source}")]
    Lock {
        path: String,
        source: std::io::Error,
    },
}

/// The progress file at a path, with the lock file beside it.
#[derive(Debug, Clone)]
pub struct ProgressFile {
    path: PathBuf,
}

/// Only the version, read leniently to tell a damaged file from a newer or older one.
#[derive(Deserialize)]
struct VersionOnly {
    version: Option<u32>,
}

impl ProgressFile {
    pub fn new(path: PathBuf) -> Self {
        ProgressFile { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Reads progress; a missing file is empty progress. Never writes, except that migrating an
    /// older layout first saves a backup of the original beside it.
    pub fn load(&self, scheduler: &Scheduler) -> Result<Progress, ProgressError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Progress::default()),
            Err(source) => {
                return Err(ProgressError::Read {
                    path: self.name(),
                    source,
                });
            }
        };
        let text = std::str::from_utf8(&bytes).map_err(|error| {
            let prefix = &bytes[..error.valid_up_to()];
            let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = prefix
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            ProgressError::NotUtf8 {
                path: self.name(),
                line,
                column: prefix.len() - start + 1,
            }
        })?;
        match serde_json::from_str::<Progress>(text) {
            Ok(progress) if progress.version > SCHEMA_VERSION => Err(ProgressError::Newer {
                path: self.name(),
                found: progress.version,
            }),
            Ok(progress) => Ok(progress),
            Err(error) => self.recover(text, &error, scheduler),
        }
    }

    /// After a failed parse: refuse a newer file, migrate an older one, report a damaged one.
    fn recover(
        &self,
        text: &str,
        error: &serde_json::Error,
        scheduler: &Scheduler,
    ) -> Result<Progress, ProgressError> {
        let corrupt = || ProgressError::Corrupt {
            path: self.name(),
            line: error.line(),
            column: error.column(),
            message: error
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        match serde_json::from_str::<VersionOnly>(text) {
            Ok(VersionOnly {
                version: Some(found),
            }) if found > SCHEMA_VERSION => Err(ProgressError::Newer {
                path: self.name(),
                found,
            }),
            Ok(VersionOnly {
                version: None | Some(0),
            }) => self.migrate_v0(text, scheduler).ok_or_else(corrupt),
            _ => Err(corrupt()),
        }
    }

    /// Version 0 kept only the review log. The original is kept as `progress.v0.json.bak`; the
    /// migrated progress is written by the next save.
    fn migrate_v0(&self, text: &str, scheduler: &Scheduler) -> Option<Progress> {
        #[derive(Deserialize)]
        struct V0 {
            reviews: Vec<crate::core::progress::Review>,
        }
        let old: V0 = serde_json::from_str(text).ok()?;
        let backup = self.path.with_extension("v0.json.bak");
        if !backup.exists() {
            std::fs::copy(&self.path, &backup).ok()?;
        }
        let mut progress = Progress {
            reviews: old.reviews,
            ..Progress::default()
        };
        progress.rebuild(scheduler);
        Some(progress)
    }

    /// Read-merge-write under an exclusive lock: the file is read fresh, `change` applies this
    /// run's edits to it, and the result replaces it atomically. Two terminals grading at once
    /// therefore keep every review of both. The lock is held only for this call.
    pub fn update<T>(
        &self,
        scheduler: &Scheduler,
        change: impl FnOnce(&mut Progress) -> T,
    ) -> Result<(T, Progress), ProgressError> {
        let write_error = |source| ProgressError::Write {
            path: self.name(),
            source,
        };
        let dir = self.dir();
        std::fs::create_dir_all(&dir).map_err(write_error)?;
        let lock = self.lock()?;
        remove_stale_temporaries(&dir);
        let mut progress = self.load(scheduler)?;
        let result = change(&mut progress);
        self.write(&progress).map_err(write_error)?;
        drop(lock);
        Ok((result, progress))
    }

    fn dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Takes the exclusive lock on `progress.json.lock`, waiting for another prepdrill to finish.
    fn lock(&self) -> Result<File, ProgressError> {
        let lock_path = self.path.with_extension("json.lock");
        lock_beside(&self.path).map_err(|source| ProgressError::Lock {
            path: lock_path.display().to_string(),
            source,
        })
    }

    fn write(&self, progress: &Progress) -> std::io::Result<()> {
        write_json_atomically(&self.path, progress)
    }
}

/// Takes the exclusive lock on `<path>.lock` (`progress.json.lock` for `progress.json`), waiting
/// for another prepdrill to finish. Every file in the data dir is updated under its own lock.
pub(crate) fn lock_beside(path: &Path) -> std::io::Result<File> {
    let lock_path = path.with_extension("json.lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)?;
    file.lock()?;
    Ok(file)
}

/// Temporary file in the same directory, fsync, rename over the old file, fsync the directory:
/// a crash at any point leaves the old file or the new one, never a torn one.
pub(crate) fn write_json_atomically<T: serde::Serialize>(
    path: &Path,
    value: &T,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".progress-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    {
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        serde_json::to_writer(&mut writer, value)?;
        writer.write_all(b"\n")?;
        writer.flush()?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    File::open(&dir)?.sync_all()
}

/// Deletes temporary files left by a prepdrill killed mid-save. Saves happen only under the lock,
/// so while we hold it no live process owns one.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".progress-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::schedule::Settings;

    fn scheduler() -> Scheduler {
        Scheduler::new(Settings::default())
    }

    #[track_caller]
    fn refused(content: &[u8], expected: &str) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("progress.json");
        std::fs::write(&path, content).expect("write");
        let file = ProgressFile::new(path.clone());
        let message = file.load(&scheduler()).expect_err("refused").to_string();
        assert!(message.contains(expected), "{message}");
        let updated = file.update(&scheduler(), |_| ());
        assert!(updated.is_err());
        assert_eq!(std::fs::read(&path).expect("still there"), content);
    }

    #[test]
    fn bad_files_are_refused_and_untouched() {
        refused(b"{\"version\": 1, \"reviews\": [", "progress.json:1:");
        refused(b"{\"version\": 99, \"reviews\": []}", "version 99 is newer");
        refused(
            b"{\"version\": 1,\n \"reviews\": \"\xff\"}",
            "progress.json:2:",
        );
        refused(
            b"{\"version\": 2, \"something\": \"else\"}",
            "version 2 is newer",
        );
    }

    #[test]
    fn version_zero_is_migrated_with_a_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("progress.json");
        let v0 = r#"{"reviews":[{"id":"r1","card":"d/q","at":"2026-01-01T00:00:00Z","rating":"good","duration_ms":5,"timed_out":false}]}"#;
        std::fs::write(&path, v0).expect("write");
        let progress = ProgressFile::new(path.clone())
            .load(&scheduler())
            .expect("migrated");
        assert_eq!(progress.version, SCHEMA_VERSION);
        assert_eq!(progress.cards.len(), 1);
        let backup = dir.path().join("progress.v0.json.bak");
        assert_eq!(std::fs::read_to_string(backup).expect("backup kept"), v0);
    }
}
