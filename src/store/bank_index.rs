//! A large bank file's index, kept beside the parsed-bank cache: each question's id and where its
//! record lies, and the words of every field, so `show ID` parses one question and `search`
//! tokenises nothing it does not print.
//!
//! One file per bank file, in the cache directory's `index/`:
//! - line 1: `HASH JSON`, the JSON header (the bank's size, mtime and hash of its bytes, the deck's
//!   own fields, each section's length and hash) after the hash of the JSON itself;
//! - ids: one line per question, `id TAB offset TAB length TAB hash`, locating its record;
//! - words: the bank's [`Corpus`] (word numbers in order), encoded by [`encode_corpus`];
//! - records: each question as JSON, one after another.
//!
//! Nothing in an index is trusted. A bank whose size, mtime or hash differ from the header's makes
//! the index stale; a header, section or record whose hash does not check, or a file of the wrong
//! length, makes it damaged, and a damaged index is deleted. Either way the bank is read as if
//! there were no index, and that read writes a new one. Writes are atomic ([`files::replace`]).

use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use crate::core::bank::{Card, Deck, Question};
use crate::core::search::{Corpus, Document, FieldKind};
use crate::store::files;

/// Below this a bank is parsed whole as quickly as its index is read; the same bound as the cache.
pub const MIN_INDEXED_BYTES: u64 = crate::store::cache::MIN_CACHED_BYTES as u64;

/// The layout of the file; a new layout gets a new number, and old files are simply stale.
const FORMAT: u32 = 2;

/// The longest header line read: the deck's title and role are in it.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// What is read first in the hope of holding the whole header line.
const FIRST_READ_BYTES: usize = 4 * 1024;

/// Where a bank comes from, for naming its index.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    BuiltIn,
    File(&'a Path),
}

/// What the bank is now: its size, its mtime and a hash of its bytes. An index made for another
/// stamp describes other bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Nanoseconds since the epoch; 0 for the built-in bank.
    pub mtime_ns: u64,
    /// xxh3-128 of the file's bytes, in hex.
    pub hash: String,
}

impl Stamp {
    /// The stamp of bytes in memory, given the file's mtime.
    pub fn of_bytes(bytes: &[u8], mtime_ns: u64) -> Self {
        let mut hasher = Xxh3Default::new();
        hasher.update(bytes);
        Stamp {
            len: bytes.len() as u64,
            mtime_ns,
            hash: format!("{:032x}", hasher.digest128()),
        }
    }
}

/// A file's mtime in nanoseconds since the epoch (0 when the system cannot tell).
pub fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The deck's own fields, which every question of it shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct DeckHead {
    deck: String,
    title: String,
    role: String,
    answer_time_secs: Option<u32>,
}

/// A section's length and xxh3-64 hash in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Section {
    len: u64,
    hash: String,
}

impl Section {
    fn of(bytes: &[u8]) -> Self {
        Section {
            len: bytes.len() as u64,
            hash: hex64(xxh3_64(bytes)),
        }
    }

    fn holds(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.len && hex64(xxh3_64(bytes)) == self.hash
    }
}

fn hex64(hash: u64) -> String {
    format!("{hash:016x}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    format: u32,
    bank: Stamp,
    deck: DeckHead,
    ids: Section,
    words: Section,
    records: Section,
}

/// Where the index of a bank lives: named by the crate version and a hash of the bank's path.
fn index_path(cache_dir: &Path, origin: Origin<'_>) -> PathBuf {
    let name = match origin {
        Origin::BuiltIn => "built-in".to_string(),
        Origin::File(path) => {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            hex64(xxh3_64(path.as_os_str().as_encoded_bytes()))
        }
    };
    cache_dir
        .join("index")
        .join(format!("{}-{name}.idx", env!("CARGO_PKG_VERSION")))
}

/// Writes the index of a validated deck, unless the one there already describes this stamp.
/// Best effort: the index is only a speed-up, so a failure is ignored.
pub fn refresh(cache_dir: &Path, origin: Origin<'_>, stamp: &Stamp, deck: &Deck) {
    let path = index_path(cache_dir, origin);
    if read_header(&path).is_some_and(|(header, ..)| header.bank == *stamp) {
        return;
    }
    let bytes = encode(stamp, deck);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_ok()
        && files::replace(&path, |out| out.write_all(&bytes)).is_ok()
    {
        crate::store::cache::evict(dir, crate::store::cache::MAX_CACHE_BYTES);
    }
}

/// The whole index file for a deck.
fn encode(stamp: &Stamp, deck: &Deck) -> Vec<u8> {
    let mut ids = String::new();
    let mut records = Vec::new();
    for question in &deck.questions {
        let at = records.len();
        // A Question always serialises; an empty record would only fail its check later.
        let _ = serde_json::to_writer(&mut records, question);
        let record = &records[at..];
        let _ = writeln!(
            ids,
            "{}\t{at}\t{}\t{}",
            question.id,
            record.len(),
            hex64(xxh3_64(record))
        );
    }
    let documents: Vec<Document<'_>> = deck
        .questions
        .iter()
        .map(|question| Document::of(Card { deck, question }))
        .collect();
    let words = encode_corpus(&Corpus::of(&documents));
    let header = Header {
        format: FORMAT,
        bank: stamp.clone(),
        deck: DeckHead {
            deck: deck.deck.clone(),
            title: deck.title.clone(),
            role: deck.role.clone(),
            answer_time_secs: deck.answer_time_secs,
        },
        ids: Section::of(ids.as_bytes()),
        words: Section::of(&words),
        records: Section::of(&records),
    };
    let json = serde_json::to_string(&header).unwrap_or_default();
    let mut out = format!("{} {json}\n", hex64(xxh3_64(json.as_bytes()))).into_bytes();
    out.extend_from_slice(ids.as_bytes());
    out.extend_from_slice(&words);
    out.extend_from_slice(&records);
    out
}

/// The header of the index at `path` and the length of its line, if it checks, with the file
/// and its length.
fn read_header(path: &Path) -> Option<(Header, u64, File, u64)> {
    let (file, len) = files::open_regular(path).ok()?;
    let mut buf = vec![0; FIRST_READ_BYTES];
    let mut n = files::read_at(&file, &mut buf, 0).ok()?;
    if !buf[..n].contains(&b'\n') && n == FIRST_READ_BYTES {
        buf.resize(MAX_HEADER_BYTES, 0);
        n += files::read_at(&file, &mut buf[n..], n as u64).ok()?;
    }
    let end = buf[..n].iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&buf[..end]).ok()?;
    let (hash, json) = line.split_once(' ')?;
    if hash != hex64(xxh3_64(json.as_bytes())) {
        return None;
    }
    let header: Header = serde_json::from_str(json).ok()?;
    (header.format == FORMAT).then_some((header, end as u64 + 1, file, len))
}

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
fn stamp_file(path: &Path) -> Option<Stamp> {
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

/// A corpus as bytes: the word count and each word (length, then UTF-8), then the document
/// count and, for each, its field count and each field (kind, count of words, the word numbers in
/// the field's order, which quoted phrases need). Numbers are LEB128 varints.
pub fn encode_corpus(corpus: &Corpus) -> Vec<u8> {
    let mut out = Vec::new();
    put(&mut out, corpus.words.len() as u64);
    for word in &corpus.words {
        put(&mut out, word.len() as u64);
        out.extend_from_slice(word.as_bytes());
    }
    put(&mut out, corpus.documents.len() as u64);
    for fields in &corpus.documents {
        put(&mut out, fields.len() as u64);
        for (kind, numbers) in fields {
            out.push(kind_code(*kind));
            put(&mut out, numbers.len() as u64);
            for &n in numbers {
                put(&mut out, u64::from(n));
            }
        }
    }
    out
}

/// The corpus [`encode_corpus`] wrote, or `None` for bytes it did not write.
pub fn decode_corpus(bytes: &[u8]) -> Option<Corpus> {
    let mut at = 0;
    let count = take(bytes, &mut at)?;
    // Each word takes at least one byte: a count beyond the bytes is damage, not a reason to
    // reserve memory.
    let mut words = Vec::with_capacity(usize::try_from(count).ok()?.min(bytes.len()));
    for _ in 0..count {
        let len = usize::try_from(take(bytes, &mut at)?).ok()?;
        let end = at.checked_add(len)?;
        words.push(std::str::from_utf8(bytes.get(at..end)?).ok()?.to_string());
        at = end;
    }
    let count = take(bytes, &mut at)?;
    let mut documents = Vec::with_capacity(usize::try_from(count).ok()?.min(bytes.len()));
    for _ in 0..count {
        let fields = take(bytes, &mut at)?;
        let mut document = Vec::new();
        for _ in 0..fields {
            let kind = kind_of(*bytes.get(at)?)?;
            at += 1;
            let n = take(bytes, &mut at)?;
            let mut numbers = Vec::with_capacity(usize::try_from(n).ok()?.min(bytes.len()));
            for _ in 0..n {
                let number = u32::try_from(take(bytes, &mut at)?).ok()?;
                if number as usize >= words.len() {
                    return None;
                }
                numbers.push(number);
            }
            document.push((kind, numbers));
        }
        documents.push(document);
    }
    (at == bytes.len()).then(|| Corpus::from_parts(words, documents))
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn take(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

const KINDS: [FieldKind; 7] = [
    FieldKind::Id,
    FieldKind::Question,
    FieldKind::Tags,
    FieldKind::Why,
    FieldKind::Answer,
    FieldKind::KeyPoint,
    FieldKind::MyAnswer,
];

fn kind_code(kind: FieldKind) -> u8 {
    KINDS.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

fn kind_of(code: u8) -> Option<FieldKind> {
    KINDS.get(usize::from(code)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Category;

    fn deck(n: usize) -> Deck {
        Deck {
            deck: "d".into(),
            title: "Title".into(),
            role: "Role".into(),
            answer_time_secs: Some(90),
            questions: (0..n)
                .map(|i| Question {
                    id: format!("q-{i}"),
                    question: format!("How would you rate-limit service {i}?"),
                    why: "Café judgement.".into(),
                    answer: "Tokens per client.".into(),
                    tags: vec!["api".into()],
                    category: Category::Technical,
                    key_points: vec!["Name the trade-off".into()],
                    answer_time_secs: None,
                })
                .collect(),
        }
    }

    #[test]
    fn corpus_round_trips_and_damage_is_refused() {
        let deck = deck(30);
        let documents: Vec<Document<'_>> = deck
            .questions
            .iter()
            .map(|question| {
                Document::of(Card {
                    deck: &deck,
                    question,
                })
            })
            .collect();
        let corpus = Corpus::of(&documents);
        let bytes = encode_corpus(&corpus);
        let back = decode_corpus(&bytes).expect("decodes");
        assert_eq!(back.words, corpus.words);
        assert_eq!(back.documents.len(), 30);
        for cut in 0..bytes.len() {
            assert!(decode_corpus(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        assert!(decode_corpus(&[0xff; 12]).is_none());
    }

    #[test]
    fn a_current_index_gives_each_question_and_a_changed_bank_none() {
        let dir = tempfile::tempdir().expect("dir");
        let bank = dir.path().join("bank.yaml");
        std::fs::write(&bank, "some bytes").expect("write");
        let origin = Origin::File(&bank);
        let stamp = stamp_file(&bank).expect("stamp");
        assert_eq!(stamp, {
            let meta = std::fs::metadata(&bank).expect("meta");
            Stamp::of_bytes(b"some bytes", mtime_ns(&meta))
        });
        let deck = deck(5);
        refresh(dir.path(), origin, &stamp, &deck);
        let opened = open(dir.path(), origin, b"").expect("current");
        assert_eq!(opened.len(), 5);
        assert_eq!(opened.question(3).as_ref(), Some(&deck.questions[3]));
        assert_eq!(opened.deck_with(Vec::new()).title, "Title");
        assert_eq!(opened.corpus().map(|c| c.documents.len()), Some(5));
        // Same size, same mtime, other bytes: the hash tells.
        let meta = std::fs::metadata(&bank).expect("meta");
        std::fs::write(&bank, "same bytez").expect("write");
        std::fs::File::options()
            .append(true)
            .open(&bank)
            .and_then(|f| f.set_modified(meta.modified().expect("mtime")))
            .expect("set mtime");
        assert!(open(dir.path(), origin, b"").is_none());
    }

    #[test]
    fn a_header_longer_than_the_first_read_is_read_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let mut deck = deck(2);
        deck.title = "T".repeat(3 * FIRST_READ_BYTES);
        let stamp = Stamp::of_bytes(b"built-in", 0);
        refresh(dir.path(), Origin::BuiltIn, &stamp, &deck);
        let opened = open(dir.path(), Origin::BuiltIn, b"built-in").expect("current");
        assert_eq!(opened.deck_with(Vec::new()).title, deck.title);
        assert!(open(dir.path(), Origin::BuiltIn, b"built-ix").is_none());
    }
}
