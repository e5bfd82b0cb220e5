//! The own-answers file, `answers.json` beside the progress file: read whole, and updated with
//! the progress file's mechanisms (its lock, and [`files::replace`]'s atomic, symlink-following
//! write), so it shares the progress lock.
//!
//! A file that cannot be read is never overwritten, as with progress.

use std::path::{Path, PathBuf};

use crate::core::own_answers::{OWN_ANSWERS_VERSION, OwnAnswers};
use crate::store::files;
use crate::store::lock::{self, LockError};
use crate::store::position::{self, Position};

/// The largest answers file read: far beyond any candidate's writing.
pub const MAX_ANSWERS_BYTES: u64 = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum OwnAnswersError {
    // `cause`, not `source`: the message holds it, and a source would be printed again.
    #[error("{path}: cannot read your answers: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error(
        "{path}:{line}:{column}: your answers file is damaged ({message}); it was left untouched\nhint: fix it by hand, restore a backup, or move it away to start afresh"
    )]
    Corrupt {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: answers file version {found} is newer than this prepdrill understands (version {OWN_ANSWERS_VERSION}); it was left untouched\nhint: upgrade prepdrill (cargo install --path . --force)"
    )]
    Newer { path: String, found: u32 },
    #[error("{path}: cannot save your answer: {cause}; the previous file is intact")]
    Write { path: String, cause: std::io::Error },
    #[error(
        "{path}: your answers would take {size} MiB with this one, more than the {} MiB prepdrill reads back; nothing was saved\nhint: shorten the answer, or delete answers you no longer need with `prepdrill my-answer ID --delete`",
        MAX_ANSWERS_BYTES >> 20
    )]
    TooBig { path: String, size: u64 },
    #[error(transparent)]
    Lock(#[from] LockError),
}

/// `answers.json` and the progress file whose lock it shares.
#[derive(Debug, Clone)]
pub struct OwnAnswersFile {
    path: PathBuf,
    progress_path: PathBuf,
}

impl OwnAnswersFile {
    /// The answers file beside `progress_path`.
    pub fn beside(progress_path: &Path) -> Self {
        OwnAnswersFile {
            path: progress_path.with_file_name("answers.json"),
            progress_path: progress_path.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Reads the answers; a missing file has none.
    pub fn load(&self) -> Result<OwnAnswers, OwnAnswersError> {
        let text = match files::read_regular(&self.path, MAX_ANSWERS_BYTES) {
            Ok(bytes) => String::from_utf8(files::strip_bom(&bytes).to_vec()).map_err(|e| {
                let at = Position::of_utf8(e.as_bytes(), e.utf8_error());
                OwnAnswersError::Corrupt {
                    path: self.name(),
                    line: at.line,
                    column: at.column,
                    message: "not valid UTF-8".into(),
                }
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(OwnAnswers::default()),
            Err(source) => {
                return Err(OwnAnswersError::Read {
                    path: self.name(),
                    cause: source,
                });
            }
        };
        let answers: OwnAnswers = serde_json::from_str(&text).map_err(|error| {
            let (at, message) = position::json(&error);
            OwnAnswersError::Corrupt {
                path: self.name(),
                line: at.line,
                column: at.column,
                message,
            }
        })?;
        if answers.version > OWN_ANSWERS_VERSION {
            return Err(OwnAnswersError::Newer {
                path: self.name(),
                found: answers.version,
            });
        }
        Ok(answers)
    }

    /// The file's text, refused past `limit`: a file past the read limit would stop every command
    /// that reads it, so it is never written, and the file stays as it was.
    fn encode(&self, answers: &OwnAnswers, limit: u64) -> Result<Vec<u8>, OwnAnswersError> {
        let mut bytes = serde_json::to_vec(answers).map_err(|e| OwnAnswersError::Write {
            path: self.name(),
            cause: std::io::Error::other(e),
        })?;
        bytes.push(b'\n');
        if bytes.len() as u64 > limit {
            return Err(OwnAnswersError::TooBig {
                path: self.name(),
                size: (bytes.len() as u64).div_ceil(1 << 20),
            });
        }
        Ok(bytes)
    }

    /// Read-change-write under the progress lock: the file is read fresh, so an answer saved from
    /// another terminal meanwhile is kept.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut OwnAnswers) -> T,
    ) -> Result<T, OwnAnswersError> {
        let write_error = |cause| OwnAnswersError::Write {
            path: self.name(),
            cause,
        };
        std::fs::create_dir_all(files::parent_dir(&files::resolve(&self.path)))
            .map_err(write_error)?;
        // The progress file's lock, where the progress file takes it: beside its real target.
        let lock_path = files::resolve(&self.progress_path).with_extension("json.lock");
        let lock = lock::acquire(&lock_path, lock::timeout(), &mut lock::stderr_waiter())?;
        let mut answers = self.load()?;
        let result = change(&mut answers);
        let bytes = self.encode(&answers, MAX_ANSWERS_BYTES)?;
        // Leftovers of an answer save that was killed; saves of this file happen under this lock.
        files::remove_stale_temporaries(&self.path);
        files::replace(&self.path, |writer| writer.write_all(&bytes)).map_err(write_error)?;
        drop(lock);
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::core::bank::CardKey;

    #[test]
    fn saves_and_refuses_a_damaged_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = OwnAnswersFile::beside(&dir.path().join("progress.json"));
        let key = CardKey::new("d", "q");
        file.update(|a| a.set(key.clone(), "mine", DateTime::<Utc>::UNIX_EPOCH))
            .expect("saved");
        assert_eq!(file.load().expect("read").get(&key), Some("mine"));
        std::fs::write(file.path(), "{ not json").expect("write");
        let error = file.update(|_| ()).expect_err("refused");
        assert!(error.to_string().contains("answers.json:1:"), "{error}");
        assert_eq!(
            std::fs::read_to_string(file.path()).expect("kept"),
            "{ not json"
        );
    }

    #[test]
    fn never_writes_more_than_it_reads() {
        let file = OwnAnswersFile::beside(Path::new("/nowhere/progress.json"));
        let mut answers = OwnAnswers::default();
        answers.set(
            CardKey::new("d", "q"),
            &"x".repeat(100),
            DateTime::<Utc>::UNIX_EPOCH,
        );
        let fits = file.encode(&answers, 1000).expect("fits");
        assert!(file.encode(&answers, fits.len() as u64).is_ok());
        let error = file
            .encode(&answers, fits.len() as u64 - 1)
            .expect_err("one byte too many");
        assert!(error.to_string().contains("nothing was saved"), "{error}");
    }
}
