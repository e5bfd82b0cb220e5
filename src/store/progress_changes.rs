//! Changing progress under the lock: each change is one fsynced line appended to the journal, and
//! the journal is folded into a new snapshot (compaction) once it passes a size.
//!
//! A small snapshot is simply rewritten: below [`SMALL_SNAPSHOT`] that costs no more than an
//! append. A grade of one card whose snapshot and journal are in order is recorded without
//! reading the log at all: the card's cached state is found in the snapshot by binary search,
//! brought up to date from the journal's lines that name it, and the new line appended.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::core::bank::CardKey;
use crate::core::journal::{self, CardCache, Entry};
use crate::core::merge::MergeReport;
use crate::core::progress::{Progress, Review};
use crate::core::schedule::{CardState, Scheduler};
use crate::store::files::{self, parent_dir};
use crate::store::journal_file::{self, Journal, Start};
use crate::store::lock::{self, Waiter};
use crate::store::progress_file::{Loaded, ProgressError, ProgressFile};
use crate::store::snapshot::{self, Header};

/// Below this a snapshot is rewritten at each change rather than journaled.
pub const SMALL_SNAPSHOT: u64 = 64 * 1024;

/// The journal is folded into the snapshot once it passes a quarter of the snapshot's size, at
/// most this: readers replay it, and a one-card command scans it.
pub const MAX_JOURNAL: u64 = 1 << 20;

/// How a change is saved.
enum Save {
    Nothing,
    Append(Box<Entry>),
    Compact,
}

/// The clock read once the lock is held, for a review stamped at save time.
pub type Clock<'c> = &'c dyn Fn() -> DateTime<Utc>;

impl ProgressFile {
    /// Records one review; with `restamp`, it is stamped with that clock once the lock is held,
    /// never before the card's last review. Returns the review as recorded and the card's state.
    pub fn record(
        &self,
        scheduler: &Scheduler,
        waiter: &mut Waiter<'_>,
        mut review: Review,
        restamp: Option<Clock<'_>>,
    ) -> Result<(Review, CardState), ProgressError> {
        let target = files::resolve(self.path());
        self.make_dir(&parent_dir(&target))?;
        let lock = Self::lock(&target, waiter)?;
        if let Some(done) = self.record_quickly(scheduler, &mut review, restamp)? {
            drop(lock);
            return Ok(done);
        }
        let key = review.card.clone();
        let (done, _) = self.change_locked(scheduler, |progress| {
            if let Some(clock) = restamp {
                review.at = progress.stamp(&key, clock());
            }
            // Recording never fails; the review is kept whatever it says.
            let _ = progress.record(review.clone(), scheduler);
            let after = journal::cache_of(progress, &key);
            let state = after.card(review.at);
            let entry = Entry::Review {
                card: key.clone(),
                review: review.clone(),
                after,
            };
            ((review, state), Save::Append(Box::new(entry)))
        })?;
        drop(lock);
        Ok(done)
    }

    /// A drill's undo: removes the review, keeping a tombstone. Returns it, if it was there.
    pub fn undo(
        &self,
        scheduler: &Scheduler,
        waiter: &mut Waiter<'_>,
        review_id: &str,
    ) -> Result<Option<Review>, ProgressError> {
        Ok(self
            .change(scheduler, waiter, |progress| {
                match progress.remove(review_id, scheduler) {
                    Some(removed) => {
                        let entry = Entry::Undo {
                            card: removed.card.clone(),
                            id: removed.id.clone(),
                            after: journal::cache_of(progress, &removed.card),
                        };
                        (Some(removed), Save::Append(Box::new(entry)))
                    }
                    None => (None, Save::Nothing),
                }
            })?
            .0)
    }

    /// A drill's skip: hides the card until `until`.
    pub fn bury(
        &self,
        scheduler: &Scheduler,
        waiter: &mut Waiter<'_>,
        card: &CardKey,
        until: DateTime<Utc>,
    ) -> Result<(), ProgressError> {
        self.change(scheduler, waiter, |progress| {
            progress.buried.insert(card.clone(), until);
            let entry = Entry::Bury {
                card: card.clone(),
                until,
            };
            ((), Save::Append(Box::new(entry)))
        })?;
        Ok(())
    }

    /// `progress reset`: forgets one card, or everything. Returns how many reviews went.
    pub fn reset(
        &self,
        scheduler: &Scheduler,
        key: Option<&CardKey>,
        now: DateTime<Utc>,
    ) -> Result<usize, ProgressError> {
        Ok(self
            .change(scheduler, &mut lock::stderr_waiter(), |progress| {
                let tombstone = progress.reset_tombstone(key, now);
                let count = progress.reset(key, now);
                let save =
                    Entry::of_reset(tombstone).map_or(Save::Compact, |e| Save::Append(Box::new(e)));
                (count, save)
            })?
            .0)
    }

    /// `progress merge`: the union with `other`. Returns what the merge did and the whole result.
    pub fn merge(
        &self,
        scheduler: &Scheduler,
        other: &Progress,
        now: DateTime<Utc>,
    ) -> Result<(MergeReport, Progress), ProgressError> {
        self.change(scheduler, &mut lock::stderr_waiter(), |progress| {
            let before = progress.clone();
            let report = progress.merge(other, scheduler, now);
            let entry = journal::merge_entry(&before, progress);
            let changed = match &entry {
                Entry::Merge { delta, cards } => {
                    !(delta.reviews.is_empty()
                        && delta.removed.is_empty()
                        && delta.buried.is_empty()
                        && delta.extra.is_empty()
                        && cards.is_empty())
                }
                _ => true,
            };
            let save = if changed {
                Save::Append(Box::new(entry))
            } else {
                Save::Nothing
            };
            (report, save)
        })
    }

    /// `progress rebuild`: every state re-derived from the log, and a new snapshot written.
    /// Returns whether any state changed.
    pub fn rebuild(&self, scheduler: &Scheduler) -> Result<(bool, Progress), ProgressError> {
        self.change(scheduler, &mut lock::stderr_waiter(), |progress| {
            let before = progress.cards.clone();
            progress.rebuild(scheduler);
            (before != progress.cards, Save::Compact)
        })
    }

    /// `progress compact`: the journal folded into a new snapshot.
    pub fn compact(&self, scheduler: &Scheduler) -> Result<Progress, ProgressError> {
        Ok(self
            .change(scheduler, &mut lock::stderr_waiter(), |_| {
                ((), Save::Compact)
            })?
            .1)
    }

    fn lock(target: &Path, waiter: &mut Waiter<'_>) -> Result<std::fs::File, ProgressError> {
        let lock = lock::acquire(&target.with_extension("json.lock"), lock::timeout(), waiter)?;
        files::remove_stale_temporaries(target);
        Ok(lock)
    }

    /// Read, change and save under the lock.
    fn change<T>(
        &self,
        scheduler: &Scheduler,
        waiter: &mut Waiter<'_>,
        change: impl FnOnce(&mut Progress) -> (T, Save),
    ) -> Result<(T, Progress), ProgressError> {
        let target = files::resolve(self.path());
        self.make_dir(&parent_dir(&target))?;
        let lock = Self::lock(&target, waiter)?;
        let done = self.change_locked(scheduler, change)?;
        drop(lock);
        Ok(done)
    }

    /// The whole log read fresh, changed, and the change saved; the lock is held.
    fn change_locked<T>(
        &self,
        scheduler: &Scheduler,
        change: impl FnOnce(&mut Progress) -> (T, Save),
    ) -> Result<(T, Progress), ProgressError> {
        let mut loaded = self.load_all(scheduler)?;
        self.report(&loaded.refused);
        let mut progress = std::mem::take(&mut loaded.progress);
        let (result, save) = change(&mut progress);
        match save {
            Save::Nothing => {}
            Save::Append(entry) => {
                let line = journal_file::line(&entry).map_err(|cause| self.write_error(cause))?;
                let start = appendable(
                    loaded.header.as_ref(),
                    loaded.snapshot_len,
                    loaded.journal.as_ref(),
                    line.len() as u64,
                );
                match start {
                    Some(start) => self.append(&start, &entry)?,
                    None => self.write_snapshot(&loaded, &progress)?,
                }
            }
            Save::Compact => self.write_snapshot(&loaded, &progress)?,
        }
        Ok((result, progress))
    }

    /// The one-card shortcut for a grade; `Ok(None)` when it does not apply and the whole log
    /// must be read. The lock is held.
    fn record_quickly(
        &self,
        scheduler: &Scheduler,
        review: &mut Review,
        restamp: Option<Clock<'_>>,
    ) -> Result<Option<(Review, CardState)>, ProgressError> {
        let Some((header, snapshot_len, journal, cache)) = self.card_quickly(&review.card) else {
            return Ok(None);
        };
        if let Some(clock) = restamp {
            review.at = cache.stamp(clock());
        }
        let Some(after) = cache.record(review, scheduler) else {
            return Ok(None);
        };
        let entry = Entry::Review {
            card: review.card.clone(),
            review: review.clone(),
            after: after.clone(),
        };
        let line = journal_file::line(&entry).map_err(|cause| self.write_error(cause))?;
        let Some(start) = appendable(
            Some(&header),
            snapshot_len,
            journal.as_ref(),
            line.len() as u64,
        ) else {
            return Ok(None);
        };
        self.append(&start, &entry)?;
        Ok(Some((review.clone(), after.card(review.at))))
    }

    /// One card's cache from the snapshot's card line and the journal, without reading the log;
    /// `None` when the files are not in the order that allows it (a version-1 file, a snapshot
    /// edited by hand, a journal that does not follow it, a line that cannot be read).
    fn card_quickly(&self, key: &CardKey) -> Option<(Header, u64, Option<Journal>, CardCache)> {
        let (file, len) = files::open_regular(self.path()).ok()?;
        let header = snapshot::read_header(&file, len)?;
        let journal = match journal_file::read(&self.journal_path(), MAX_JOURNAL * 2).ok()? {
            Some(bytes) => Some(Journal::parse(bytes).ok()?),
            None => None,
        };
        let journal = journal.filter(|j| j.kept_len() > 0);
        if journal
            .as_ref()
            .is_some_and(|j| j.snapshot.as_deref() != Some(header.generation.as_str()))
        {
            return None;
        }
        let before = snapshot::find_card(&file, &header, key)
            .ok()?
            .unwrap_or_default();
        let cache = match &journal {
            Some(journal) => {
                if let Some(line) = journal.torn {
                    self.say(&format!(
                        "{}:{line}: the last change was cut off mid-write (prepdrill was stopped while saving it); it was never confirmed and is ignored",
                        self.journal_path().display()
                    ));
                }
                journal.card_cache(key, before)?
            }
            None => before,
        };
        Some((header, len, journal, cache))
    }

    /// One card's state for display, read without the lock and without the log when the files
    /// allow; `None` when the whole log must be read.
    pub fn card_state(&self, key: &CardKey) -> Option<Option<CardState>> {
        self.card_quickly(key).map(|(.., cache)| cache.state)
    }

    fn append(&self, start: &Start<'_>, entry: &Entry) -> Result<(), ProgressError> {
        let target = files::resolve(self.path());
        journal_file::append(&self.journal_path(), &target, start, entry)
            .map_err(|cause| self.write_error(cause))
    }

    /// Compaction: a new snapshot of everything, then the journal emptied. A crash between the
    /// two leaves a journal naming the old snapshot, which readers pass over and the next save
    /// empties. An older layout is first backed up beside the file.
    fn write_snapshot(&self, loaded: &Loaded, progress: &Progress) -> Result<(), ProgressError> {
        if loaded.exists && loaded.disk_version == 1 {
            let original =
                files::read_regular(self.path(), crate::store::progress_file::MAX_PROGRESS_BYTES)
                    .map_err(|cause| self.write_error(cause))?;
            self.back_up(&original, 1)?;
        }
        let bytes = snapshot::render(progress);
        files::replace(self.path(), |writer| writer.write_all(&bytes))
            .map_err(|cause| self.write_error(cause))?;
        if loaded
            .journal
            .as_ref()
            .is_some_and(|j| j.kept_len() > 0 || j.torn.is_some())
        {
            files::empty(&self.journal_path()).map_err(|cause| self.write_error(cause))?;
        }
        Ok(())
    }

    fn write_error(&self, cause: std::io::Error) -> ProgressError {
        ProgressError::Write {
            path: self.path().display().to_string(),
            cause,
        }
    }
}

/// Where a line of `line_len` bytes may be appended, or `None` when the snapshot must be
/// rewritten instead: it is small, not laid out as version 2, the journal follows another
/// snapshot, or the journal would pass its size.
fn appendable<'j>(
    header: Option<&'j Header>,
    snapshot_len: u64,
    journal: Option<&'j Journal>,
    line_len: u64,
) -> Option<Start<'j>> {
    let header = header?;
    if snapshot_len < SMALL_SNAPSHOT {
        return None;
    }
    let limit = (snapshot_len / 4).min(MAX_JOURNAL);
    match journal.filter(|j| j.kept_len() > 0) {
        None => (line_len <= limit).then_some(Start::New(&header.generation)),
        Some(journal) => (journal.snapshot.as_deref() == Some(header.generation.as_str())
            && journal.kept_len() + line_len <= limit)
            .then_some(Start::After(journal)),
    }
}
