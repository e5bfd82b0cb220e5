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
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use crate::core::bank::{Card, Deck};
use crate::core::search::{Corpus, Document};
use crate::store::files;

mod corpus;
mod opened;

pub use corpus::{decode_corpus, encode_corpus};
pub use opened::{Opened, open};

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

#[cfg(test)]
mod tests {
    use super::opened::stamp_file;
    use super::*;
    use crate::core::bank::{Category, Question};

    pub(super) fn deck(n: usize) -> Deck {
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
