//! The progress file: JSON read whole, written atomically, and updated only under an exclusive lock.
//!
//! A file that cannot be read as progress is never overwritten: the user's weeks of practice matter
//! more than this run.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::core::journal::Replay;
use crate::core::progress::{Progress, ReviewError, SCHEMA_VERSION};
use crate::core::schedule::Scheduler;
use crate::store::files::{self, parent_dir, read_regular, strip_bom};
use crate::store::journal_file::{self, Journal};
use crate::store::lock::{self, LockError};
use crate::store::position::{self, Position};
use crate::store::snapshot::{self, Header};

/// The largest progress file read: about ten times what a decade of daily drilling writes.
pub const MAX_PROGRESS_BYTES: u64 = 1 << 30;

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{path}: cannot read progress: {cause}")]
    Read { path: String, cause: std::io::Error },
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
    #[error("{path}: cannot save progress: {cause}; the previous file is intact")]
    Write { path: String, cause: std::io::Error },
    #[error(
        "{path}: the data directory is not a directory (a file is in its place); nothing was saved\nhint: move that file away, or choose another place with --data-dir DIR"
    )]
    NotADirectory { path: String },
    #[error(
        "{path}: cannot back up the version-{version} progress file before migrating it ({cause}); the original was left as it was\nhint: free some disk space and run prepdrill again"
    )]
    Backup {
        path: String,
        version: u32,
        cause: std::io::Error,
    },
    #[error(transparent)]
    Lock(#[from] LockError),
}

/// The progress file at a path, with the lock file beside it.
#[derive(Debug, Clone)]
pub struct ProgressFile {
    path: PathBuf,
    /// Reviews dated more than a year after this are refused as absurd; later than this alone is
    /// kept, since another machine's clock may be ahead.
    now: DateTime<Utc>,
    /// Where refused reviews are reported; `None` keeps quiet (a full-screen drill).
    warn: Option<fn(&str)>,
}

/// Only the version, read leniently to tell a damaged file from a newer or older one.
#[derive(Deserialize)]
struct VersionOnly {
    version: Option<u32>,
}

/// Progress as read, with what a save needs to know about the files it came from.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub progress: Progress,
    pub refused: Vec<ReviewError>,
    /// Whether the progress file exists.
    pub exists: bool,
    /// The layout version on disk (0, 1 or 2).
    pub disk_version: u32,
    pub snapshot_len: u64,
    /// The snapshot's header, when its layout still matches it.
    pub header: Option<Header>,
    /// The snapshot's generation, as its JSON says.
    pub generation: Option<String>,
    pub journal: Option<Journal>,
}

impl ProgressFile {
    pub fn new(path: PathBuf) -> Self {
        ProgressFile {
            path,
            now: Utc::now(),
            warn: None,
        }
    }

    /// The instant reviews are checked against; the later of this and the wall clock is used.
    #[must_use]
    pub fn checked_at(mut self, now: DateTime<Utc>) -> Self {
        self.now = now.max(Utc::now());
        self
    }

    /// Reports each review refused on load through `warn`, or nowhere.
    #[must_use]
    pub fn warn_with(mut self, warn: Option<fn(&str)>) -> Self {
        self.warn = warn;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Reads progress; a missing file is empty progress. Invalid reviews are left out and
    /// reported through the warning function. Never writes, except that migrating an older layout
    /// first saves a backup of the original beside it.
    pub fn load(&self, scheduler: &Scheduler) -> Result<Progress, ProgressError> {
        let (progress, refused) = self.load_checked(scheduler)?;
        self.report(&refused);
        Ok(progress)
    }

    /// One warning per command, however many reviews were refused: the first reason, and how
    /// many more.
    pub(crate) fn report(&self, refused: &[ReviewError]) {
        if let (Some(warn), Some(first)) = (self.warn, refused.first()) {
            let more = match refused.len() - 1 {
                0 => String::new(),
                1 => " (and 1 more review like it)".to_string(),
                n => format!(" (and {n} more reviews like it)"),
            };
            warn(&format!(
                "{}: {first}{more}; left out, and dropped at the next save",
                self.name()
            ));
        }
    }

    /// Reads progress and returns the reviews refused as invalid beside it.
    pub fn load_checked(
        &self,
        scheduler: &Scheduler,
    ) -> Result<(Progress, Vec<ReviewError>), ProgressError> {
        let loaded = self.load_all(scheduler)?;
        Ok((loaded.progress, loaded.refused))
    }

    /// The journal beside this progress file.
    pub fn journal_path(&self) -> PathBuf {
        journal_file::path_beside(&self.path)
    }

    /// Reads the snapshot, then replays the journal that follows it.
    pub(crate) fn load_all(&self, scheduler: &Scheduler) -> Result<Loaded, ProgressError> {
        let bytes = match read_regular(&self.path, MAX_PROGRESS_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded::default());
            }
            Err(cause) => {
                return Err(ProgressError::Read {
                    path: self.name(),
                    cause,
                });
            }
        };
        let snapshot_len = bytes.len() as u64;
        let bytes = strip_bom(&bytes);
        let text = std::str::from_utf8(bytes).map_err(|error| {
            let at = Position::of_utf8(bytes, error);
            ProgressError::NotUtf8 {
                path: self.name(),
                line: at.line,
                column: at.column,
            }
        })?;
        let mut loaded = Loaded {
            snapshot_len,
            exists: true,
            ..Loaded::default()
        };
        let mut progress = self.parse_snapshot(text, scheduler, &mut loaded)?;
        self.replay_journal(&mut progress, &mut loaded, scheduler)?;
        loaded.refused = progress.sanitize(scheduler, self.now);
        loaded.progress = progress;
        Ok(loaded)
    }

    /// The snapshot's progress, version 1 or 2, with what `loaded` records of it.
    fn parse_snapshot(
        &self,
        text: &str,
        scheduler: &Scheduler,
        loaded: &mut Loaded,
    ) -> Result<Progress, ProgressError> {
        // A version-1 parse is tried first unless the file starts as version 2 does; a file
        // reformatted by hand (keys in another order) is told by its version afterwards.
        let as_v1 = (!snapshot::is_version_2(text)).then(|| serde_json::from_str::<Progress>(text));
        let as_v1 = match as_v1 {
            Some(Err(_))
                if serde_json::from_str::<VersionOnly>(text)
                    .is_ok_and(|v| v.version == Some(SCHEMA_VERSION)) =>
            {
                None
            }
            other => other,
        };
        let progress = match as_v1 {
            None => {
                let (progress, header, generation) =
                    snapshot::parse(text).map_err(|error| self.corrupt(&error))?;
                loaded.header = header;
                loaded.generation = generation;
                loaded.disk_version = SCHEMA_VERSION;
                progress
            }
            Some(parsed) => {
                let progress = match parsed {
                    Ok(progress) if progress.version > SCHEMA_VERSION => {
                        return Err(ProgressError::Newer {
                            path: self.name(),
                            found: progress.version,
                        });
                    }
                    Ok(progress) => progress,
                    Err(error) => self.recover(text, &error, scheduler)?,
                };
                loaded.disk_version = progress.version;
                Progress {
                    version: SCHEMA_VERSION,
                    ..progress
                }
            }
        };
        Ok(progress)
    }

    /// Replays the journal that follows the snapshot `loaded` read, if any.
    fn replay_journal(
        &self,
        progress: &mut Progress,
        loaded: &mut Loaded,
        scheduler: &Scheduler,
    ) -> Result<(), ProgressError> {
        if let Some(journal) = self.read_journal()? {
            // A journal that follows another snapshot was folded in already (a compaction cut
            // short), or the snapshot was replaced by hand: either way it is not replayed.
            if journal.snapshot.is_some() && journal.snapshot == loaded.generation {
                let entries = journal.entries().map_err(|d| self.journal_damaged(&d))?;
                let mut replay = Replay::new(self.now);
                for entry in entries {
                    replay.apply(progress, entry, scheduler);
                }
                if let Some(line) = journal.torn {
                    self.say(&format!(
                    "{}:{line}: the last change was cut off mid-write (prepdrill was stopped while saving it); it was never confirmed and is ignored",
                    self.journal_path().display()
                ));
                }
            }
            loaded.journal = Some(journal);
        }
        Ok(())
    }

    /// The journal as read, `None` when there is none.
    pub(crate) fn read_journal(&self) -> Result<Option<Journal>, ProgressError> {
        let path = self.journal_path();
        let bytes =
            journal_file::read(&path, MAX_PROGRESS_BYTES).map_err(|cause| ProgressError::Read {
                path: path.display().to_string(),
                cause,
            })?;
        bytes
            .map(|b| Journal::parse(b).map_err(|d| self.journal_damaged(&d)))
            .transpose()
    }

    fn journal_damaged(&self, damaged: &journal_file::Damaged) -> ProgressError {
        ProgressError::Corrupt {
            path: self.journal_path().display().to_string(),
            line: damaged.line,
            column: damaged.column,
            message: damaged.message.clone(),
        }
    }

    fn corrupt(&self, error: &serde_json::Error) -> ProgressError {
        let (at, message) = position::json(error);
        ProgressError::Corrupt {
            path: self.name(),
            line: at.line,
            column: at.column,
            message,
        }
    }

    /// A warning through the warning function, if any.
    pub(crate) fn say(&self, message: &str) {
        if let Some(warn) = self.warn {
            warn(message);
        }
    }

    /// After a failed parse: refuse a newer file, migrate an older one, report a damaged one.
    fn recover(
        &self,
        text: &str,
        error: &serde_json::Error,
        scheduler: &Scheduler,
    ) -> Result<Progress, ProgressError> {
        let corrupt = || self.corrupt(error);
        match serde_json::from_str::<VersionOnly>(text) {
            Ok(VersionOnly {
                version: Some(found),
            }) if found > SCHEMA_VERSION => Err(ProgressError::Newer {
                path: self.name(),
                found,
            }),
            Ok(VersionOnly {
                version: None | Some(0),
            }) => self.migrate_v0(text, scheduler)?.ok_or_else(corrupt),
            _ => Err(corrupt()),
        }
    }

    /// Version 0 kept only the review log. The original is first copied to
    /// `progress.v0.json.bak`, atomically, and the copy read back and compared: a failed backup
    /// stops the migration with the original untouched. The migrated progress is written by the
    /// next save.
    fn migrate_v0(
        &self,
        text: &str,
        scheduler: &Scheduler,
    ) -> Result<Option<Progress>, ProgressError> {
        #[derive(Deserialize)]
        struct V0 {
            reviews: Vec<crate::core::progress::Review>,
        }
        let Ok(old) = serde_json::from_str::<V0>(text) else {
            return Ok(None);
        };
        self.back_up(text.as_bytes(), 0)?;
        let mut progress = Progress {
            reviews: old.reviews,
            ..Progress::default()
        };
        progress.rebuild(scheduler);
        Ok(Some(progress))
    }

    /// Copies the file's bytes to `progress.v{version}.json.bak` beside it, atomically, and reads
    /// the copy back to compare: a failed backup stops the migration with the original untouched.
    /// An exact copy already there is kept.
    pub(crate) fn back_up(&self, bytes: &[u8], version: u32) -> Result<(), ProgressError> {
        let target = files::resolve(&self.path);
        let backup = target.with_extension(format!("v{version}.json.bak"));
        let backup_error = |cause| ProgressError::Backup {
            path: backup.display().to_string(),
            version,
            cause,
        };
        // An earlier attempt may have left an empty or partial backup (a full disk): only an
        // exact copy counts.
        let intact = std::fs::read(&backup).is_ok_and(|kept| strip_bom(&kept) == bytes);
        if !intact {
            files::replace(&backup, |w| w.write_all(bytes)).map_err(backup_error)?;
            let kept = std::fs::read(&backup).map_err(backup_error)?;
            if kept != bytes {
                return Err(backup_error(std::io::Error::other(
                    "the copy read back differs from the original",
                )));
            }
        }
        Ok(())
    }

    /// Checks, before any question is asked, that progress can be saved here: the directory
    /// exists or can be made, the lock can be taken, and a file can be written beside the
    /// progress file. Nothing is changed.
    pub fn check_writable(&self) -> Result<(), ProgressError> {
        let target = files::resolve(&self.path);
        let dir = parent_dir(&target);
        self.make_dir(&dir)?;
        let lock = lock::acquire(
            &target.with_extension("json.lock"),
            lock::timeout(),
            &mut lock::stderr_waiter(),
        )?;
        let probe = tempfile::Builder::new()
            .prefix(&files::temp_prefix(&target))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|cause| ProgressError::Write {
                path: self.name(),
                cause: files::without_temp_path(cause),
            })?;
        drop(probe);
        drop(lock);
        Ok(())
    }

    pub(crate) fn make_dir(&self, dir: &Path) -> Result<(), ProgressError> {
        if dir.exists() && !dir.is_dir() {
            return Err(ProgressError::NotADirectory {
                path: dir.display().to_string(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|cause| {
            if cause.kind() == std::io::ErrorKind::AlreadyExists
                || cause.kind() == std::io::ErrorKind::NotADirectory
            {
                ProgressError::NotADirectory {
                    path: dir.display().to_string(),
                }
            } else {
                ProgressError::Write {
                    path: self.name(),
                    cause,
                }
            }
        })
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
        let updated = file.compact(&scheduler());
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
            b"{\"version\": 3, \"something\": \"else\"}",
            "version 3 is newer",
        );
        refused(
            b"{\"version\": 2, \"something\": \"else\"}",
            "progress.json:1:",
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
