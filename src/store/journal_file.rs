//! The progress journal: one JSON line per change since the snapshot, appended under the lock and
//! fsynced before the change is confirmed.
//!
//! The first line names the snapshot the journal follows. A last line cut off mid-write (a crash,
//! a full disk) was never confirmed: it is reported, ignored, and cut away by the next append. A
//! whole line that cannot be read is damage, and the file is left untouched.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::bank::CardKey;
use crate::core::journal::{CARD_OPS, CardCache, Entry};
use crate::store::files;
use crate::store::position;

/// The journal's first line.
#[derive(Debug, Serialize, Deserialize)]
struct Head {
    journal: u32,
    snapshot: String,
}

/// The journal beside a progress file: `progress.journal` beside `progress.json` (beside the
/// symlink's target, when the progress file is a link).
pub fn path_beside(progress: &Path) -> PathBuf {
    files::resolve(progress).with_extension("journal")
}

/// A journal as read.
#[derive(Debug)]
pub struct Journal {
    bytes: Vec<u8>,
    /// The snapshot generation it follows; `None` when even the first line was cut off.
    pub snapshot: Option<String>,
    /// Entry lines: line number (from 1) and byte range.
    lines: Vec<(usize, Range<usize>)>,
    /// Where the next append goes: after the last whole line.
    pub keep: u64,
    /// The last line is whole but lacks its newline, which the next append writes first.
    pub needs_newline: bool,
    /// The line number of a last line cut off mid-write, ignored.
    pub torn: Option<usize>,
}

/// A whole line that cannot be read.
#[derive(Debug)]
pub struct Damaged {
    pub line: usize,
    /// The character column within the line where reading stopped.
    pub column: usize,
    pub message: String,
}

impl Damaged {
    /// serde_json's error for the journal's line `line`, which was read on its own.
    fn at(line: usize, error: &serde_json::Error) -> Self {
        let (at, message) = position::json(error);
        Damaged {
            line,
            column: at.column,
            message,
        }
    }
}

impl Journal {
    /// Reads the journal's bytes; see the module comment for what a torn last line does.
    pub fn parse(bytes: Vec<u8>) -> Result<Journal, Damaged> {
        let mut lines = Vec::new();
        let mut snapshot = None;
        let mut keep = 0;
        let mut needs_newline = false;
        let mut torn = None;
        let mut start = 0;
        let mut number = 0;
        while start < bytes.len() {
            number += 1;
            let (end, whole) = match bytes[start..].iter().position(|&b| b == b'\n') {
                Some(i) => (start + i, true),
                None => (bytes.len(), false),
            };
            let line = &bytes[start..end];
            let readable = if number == 1 {
                serde_json::from_slice::<Head>(line).map(|head| snapshot = Some(head.snapshot))
            } else {
                serde_json::from_slice::<serde::de::IgnoredAny>(line).map(|_| ())
            };
            match (readable, whole) {
                (Ok(()), _) => {
                    if number > 1 {
                        lines.push((number, start..end));
                    }
                    keep = end as u64 + u64::from(whole);
                    needs_newline = !whole;
                }
                (Err(_), false) => torn = Some(number),
                (Err(error), true) => return Err(Damaged::at(number, &error)),
            }
            start = end + 1;
        }
        Ok(Journal {
            bytes,
            snapshot,
            lines,
            keep,
            needs_newline,
            torn,
        })
    }

    /// Every entry, in order; a whole line that is not an entry is damage.
    pub fn entries(&self) -> Result<Vec<Entry>, Damaged> {
        self.lines
            .iter()
            .map(|(number, range)| {
                serde_json::from_slice(&self.bytes[range.clone()])
                    .map_err(|e| Damaged::at(*number, &e))
            })
            .collect()
    }

    /// The bytes of the journal that count: up to the end of its last whole line.
    pub fn kept_len(&self) -> u64 {
        self.keep
    }

    /// The card's cache after the journal, starting from `before` (the snapshot's), reading only
    /// the lines that name the card and those that touch every card. `None` when a line cannot be
    /// read: the caller then reads everything.
    pub fn card_cache(&self, key: &CardKey, before: CardCache) -> Option<CardCache> {
        let quoted = serde_json::to_string(key).ok()?;
        let prefixes: Vec<String> = CARD_OPS
            .iter()
            .map(|op| format!("{{\"op\":\"{op}\",\"card\":"))
            .collect();
        let mut cache = before;
        for (_, range) in &self.lines {
            let line = &self.bytes[range.clone()];
            let other_card = prefixes.iter().any(|p| {
                line.starts_with(p.as_bytes()) && !line[p.len()..].starts_with(quoted.as_bytes())
            });
            if other_card {
                continue;
            }
            let entry: Entry = serde_json::from_slice(line).ok()?;
            if let Some(after) = entry.cache_after(key, &cache) {
                cache = after;
            }
        }
        Some(cache)
    }
}

/// Reads the journal at `path`; `Ok(None)` when there is none.
pub fn read(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    match files::read_regular(path, limit) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where an append goes.
pub enum Start<'a> {
    /// A new journal after the snapshot of this generation.
    New(&'a str),
    /// After the whole lines of the journal read under the lock.
    After(&'a Journal),
}

/// Appends one entry, fsynced; a new journal gets `like`'s (the snapshot's) owner and mode.
pub fn append(path: &Path, like: &Path, start: &Start<'_>, entry: &Entry) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    let at = match start {
        Start::New(generation) => {
            serde_json::to_writer(
                &mut bytes,
                &Head {
                    journal: 1,
                    snapshot: (*generation).to_string(),
                },
            )?;
            bytes.push(b'\n');
            None
        }
        Start::After(journal) => {
            if journal.needs_newline {
                bytes.push(b'\n');
            }
            Some(journal.keep)
        }
    };
    bytes.extend_from_slice(&line(entry)?);
    files::write_at(path, like, at, &bytes)
}

/// An entry as its journal line, newline included.
pub fn line(entry: &Entry) -> std::io::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec(entry)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bury(card: &str) -> String {
        let entry = Entry::Bury {
            card: CardKey::new("d", card),
            until: "2026-01-01T00:00:00Z".parse().expect("t"),
        };
        String::from_utf8(line(&entry).expect("line")).expect("utf8")
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_a_whole_one_kept() {
        let head = "{\"journal\":1,\"snapshot\":\"g\"}\n";
        let whole = format!("{head}{}{}", bury("a"), bury("b"));
        let journal = Journal::parse(whole.clone().into_bytes()).expect("reads");
        assert_eq!(journal.entries().expect("entries").len(), 2);
        assert_eq!((journal.keep, journal.torn), (whole.len() as u64, None));
        // Cut anywhere inside the last line: ignored, and the next append starts before it.
        let cut = &whole[..whole.len() - 5];
        let journal = Journal::parse(cut.as_bytes().to_vec()).expect("reads");
        assert_eq!(journal.entries().expect("entries").len(), 1);
        assert_eq!(journal.torn, Some(3));
        assert_eq!(journal.keep, (head.len() + bury("a").len()) as u64);
        // Only the newline missing: the line is whole and kept.
        let journal = Journal::parse(whole.as_bytes()[..whole.len() - 1].to_vec()).expect("reads");
        assert_eq!(journal.entries().expect("entries").len(), 2);
        assert!(journal.needs_newline && journal.torn.is_none());
        // A damaged line that was whole is not silently dropped.
        let damaged = format!("{head}{{\"op\":\n{}", bury("b"));
        assert_eq!(
            Journal::parse(damaged.into_bytes())
                .expect_err("damaged")
                .line,
            2
        );
        // The first line itself cut off: nothing to replay, and no snapshot named.
        let journal = Journal::parse(head.as_bytes()[..10].to_vec()).expect("reads");
        assert_eq!((journal.snapshot, journal.torn), (None, Some(1)));
    }

    #[test]
    fn one_card_reads_only_its_lines() {
        let head = "{\"journal\":1,\"snapshot\":\"g\"}\n";
        let other = "{\"op\":\"review\",\"card\":\"d/b\",\"review\":5}";
        let text = format!("{head}{other}\n{}", bury("a"));
        let journal = Journal::parse(text.into_bytes());
        // The whole-file reader calls that line damage; the one-card reader passes over it.
        let journal = journal.expect("reads");
        assert!(journal.entries().is_err());
        let cache = journal.card_cache(&CardKey::new("d", "a"), CardCache::default());
        assert_eq!(cache, Some(CardCache::default()));
    }
}
