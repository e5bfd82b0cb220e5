//! An index opened for reading: the deck's fields and each question's place, with the file kept
//! open so that a question, or the words of all, are read only when asked for.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::{Header, Origin, Stamp, decode_corpus, index_path, mtime_ns, read_header};
use crate::core::bank::{Deck, Question};
use crate::core::search::Corpus;
use crate::store::files;

/// One question's place among the records: its id (a range of the ids section), and its
/// record's offset, length and hash.
#[derive(Debug, Clone)]
struct Entry {
    id: std::ops::Range<usize>,
    offset: u64,
    len: u64,
    hash: u64,
}

/// A current index, opened: the deck's fields and its questions' ids, with the file kept open
/// to read records and words from.
#[derive(Debug)]
pub struct Opened {
    path: PathBuf,
    file: File,
    header: Header,
    /// Where the ids section begins (just after the header line).
    ids_at: u64,
    ids: String,
    entries: Vec<Entry>,
}

/// The index of a bank, if there is one and it describes the bank as it is now. The bank's size
/// and mtime are compared first; its bytes are then hashed in pieces, never held whole.
pub fn open(cache_dir: &Path, origin: Origin<'_>, built_in: &[u8]) -> Option<Opened> {
    let path = index_path(cache_dir, origin);
    let (header, ids_at, file, len) = read_header(&path)?;
    let stamp = match origin {
        Origin::BuiltIn => Stamp::of_bytes(built_in, 0),
        Origin::File(bank) => {
            let meta = std::fs::metadata(bank).ok()?;
            if meta.len() != header.bank.len || mtime_ns(&meta) != header.bank.mtime_ns {
                return None;
            }
            stamp_file(bank)?
        }
    };
    if stamp != header.bank {
        return None;
    }
    let opened = read_entries(path.clone(), (file, len), header, ids_at);
    if opened.is_none() {
        damaged(&path);
    }
    opened
}

/// The stamp of a bank file, its bytes read 64 KiB at a time.
pub(super) fn stamp_file(path: &Path) -> Option<Stamp> {
    let (mut file, _) = files::open_regular(path).ok()?;
    let meta = file.metadata().ok()?;
    let mut hasher = Xxh3Default::new();
    let mut buf = vec![0; 64 * 1024];
    let mut len = 0u64;
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(Stamp {
        len,
        mtime_ns: mtime_ns(&meta),
        hash: format!("{:032x}", hasher.digest128()),
    })
}

/// The ids section read and checked, and the file's length checked against the header's.
fn read_entries(
    path: PathBuf,
    (file, len): (File, u64),
    header: Header,
    ids_at: u64,
) -> Option<Opened> {
    if len != ids_at + header.ids.len + header.words.len + header.records.len {
        return None;
    }
    let mut ids = vec![0; usize::try_from(header.ids.len).ok()?];
    if files::read_at(&file, &mut ids, ids_at).ok()? != ids.len() || !header.ids.holds(&ids) {
        return None;
    }
    let ids = String::from_utf8(ids).ok()?;
    let mut entries = Vec::new();
    let mut start = 0;
    for line in ids.split_terminator('\n') {
        let mut parts = line.split('\t');
        let id = parts.next()?;
        let entry = Entry {
            id: start..start + id.len(),
            offset: parts.next()?.parse().ok()?,
            len: parts.next()?.parse().ok()?,
            hash: u64::from_str_radix(parts.next()?, 16).ok()?,
        };
        let fits = entry
            .offset
            .checked_add(entry.len)
            .is_some_and(|end| end <= header.records.len);
        if !fits || parts.next().is_some() {
            return None;
        }
        entries.push(entry);
        start += line.len() + 1;
    }
    Some(Opened {
        path,
        file,
        header,
        ids_at,
        ids,
        entries,
    })
}

/// Deletes a damaged index, so the next full read writes a sound one.
fn damaged(path: &Path) {
    let _ = std::fs::remove_file(path);
}

impl Opened {
    /// The deck's slug.
    pub fn deck(&self) -> &str {
        &self.header.deck.deck
    }

    /// How many questions the deck has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The questions' ids, in the deck's order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .map(|e| self.ids.get(e.id.clone()).unwrap_or_default())
    }

    /// The deck with these questions alone.
    pub fn deck_with(&self, questions: Vec<Question>) -> Deck {
        let head = &self.header.deck;
        Deck {
            deck: head.deck.clone(),
            title: head.title.clone(),
            role: head.role.clone(),
            answer_time_secs: head.answer_time_secs,
            questions,
        }
    }

    /// Question `i`, read from its record and checked; a record that does not check damns the
    /// whole index.
    pub fn question(&self, i: usize) -> Option<Question> {
        let found = self.read_question(i);
        if found.is_none() {
            damaged(&self.path);
        }
        found
    }

    fn read_question(&self, i: usize) -> Option<Question> {
        self.read_questions(&[i])?.pop()
    }

    /// Questions `indices` (ascending), as [`Opened::question`] reads each; `None`, and the
    /// index deleted, if a record does not check.
    pub fn questions(&self, indices: &[usize]) -> Option<Vec<Question>> {
        let found = self.read_questions(indices);
        if found.is_none() {
            damaged(&self.path);
        }
        found
    }

    /// Reads records that lie close together in one read rather than one each: a search that
    /// prints thousands of hits would otherwise make thousands of calls.
    fn read_questions(&self, indices: &[usize]) -> Option<Vec<Question>> {
        /// Records less than this apart are read together, the bytes between them wasted...
        const GAP: u64 = 64 * 1024;
        /// ...in reads of at most this, so that memory stays flat however many are read.
        const MOST: u64 = 1024 * 1024;
        let records_at = self.ids_at + self.header.ids.len + self.header.words.len;
        let entries: Vec<&Entry> = indices
            .iter()
            .map(|&i| self.entries.get(i))
            .collect::<Option<_>>()?;
        let mut questions = Vec::with_capacity(entries.len());
        let mut buffer = Vec::new();
        let mut rest = entries.as_slice();
        while let Some(first) = rest.first() {
            // The run of records from `first` with no gap of GAP or more between them.
            let mut end = first.offset + first.len;
            let mut run = 1;
            while let Some(next) = rest.get(run) {
                let apart = next.offset < first.offset || next.offset > end.saturating_add(GAP);
                if apart || next.offset + next.len - first.offset > MOST {
                    break;
                }
                end = end.max(next.offset + next.len);
                run += 1;
            }
            buffer.resize(usize::try_from(end - first.offset).ok()?, 0);
            let n = files::read_at(&self.file, &mut buffer, records_at + first.offset).ok()?;
            if n != buffer.len() {
                return None;
            }
            for entry in &rest[..run] {
                let from = usize::try_from(entry.offset - first.offset).ok()?;
                let record = buffer.get(from..from + usize::try_from(entry.len).ok()?)?;
                if xxh3_64(record) != entry.hash {
                    return None;
                }
                let question: Question = serde_json::from_slice(record).ok()?;
                if Some(question.id.as_str()) != self.ids.get(entry.id.clone()) {
                    return None;
                }
                questions.push(question);
            }
            rest = &rest[run..];
        }
        Some(questions)
    }

    /// The words of every question's fields, in the order of the ids.
    pub fn corpus(&self) -> Option<Corpus> {
        let found = self.read_corpus();
        if found.is_none() {
            damaged(&self.path);
        }
        found
    }

    fn read_corpus(&self) -> Option<Corpus> {
        let mut words = vec![0; usize::try_from(self.header.words.len).ok()?];
        let at = self.ids_at + self.header.ids.len;
        if files::read_at(&self.file, &mut words, at).ok()? != words.len()
            || !self.header.words.holds(&words)
        {
            return None;
        }
        decode_corpus(&words).filter(|c| c.documents.len() == self.entries.len())
    }
}
