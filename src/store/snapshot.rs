//! The progress snapshot (version 2): the review log and every card's cached state in one JSON
//! document, laid out so that one card is found without reading the rest.
//!
//! The first line is a fixed-width header naming the snapshot (its generation, which the journal
//! beside it refers to), where the card lines lie and how long the file is. The cards follow, one
//! per line, sorted by key, so a one-card command finds its line by binary search in a dozen
//! small reads; then the review log, one review per line. A file that does not match its header
//! (edited by hand, say) is still read whole, as any JSON is; only the shortcut is not taken.

use std::collections::BTreeMap;
use std::fs::File;
use std::ops::Range;

use serde::Deserialize;

use crate::core::bank::CardKey;
use crate::core::journal::{self, CardCache};
use crate::core::merge::Tombstone;
use crate::core::progress::{Progress, Review, SCHEMA_VERSION};
use crate::store::files;

/// What the first line of a version-2 snapshot says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Random, new at each compaction; the journal names the snapshot it follows by it.
    pub generation: String,
    /// Byte range of the card lines.
    pub cards: Range<u64>,
    /// The file's length when written.
    pub size: u64,
}

const HEAD: &str = "{\"version\":2,\"generation\":\"";

fn header_line(generation: &str, cards: &Range<u64>, size: u64) -> String {
    format!(
        "{HEAD}{generation}\",\"index\":\"{:012}-{:012}-{:012}\",\n",
        cards.start, cards.end, size
    )
}

/// The length of every header line.
fn header_len() -> usize {
    header_line(&"0".repeat(16), &(0..0), 0).len()
}

/// The snapshot of `progress` as bytes. Its generation is a hash of its content: the same
/// progress makes the same file on every machine (merging is commutative down to the byte), and
/// a journal naming it is one whose entries the snapshot either lacks or already holds, which
/// replaying tells apart.
pub fn render(progress: &Progress) -> Vec<u8> {
    let caches = journal::caches(progress);
    let mut body: Vec<u8> = Vec::with_capacity(progress.reviews.len() * 200 + caches.len() * 300);
    body.extend_from_slice(b"\"cards\":{\n");
    let cards_start = body.len();
    for (i, (key, cache)) in caches.iter().enumerate() {
        // Writing JSON into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut body, key);
        body.push(b':');
        let _ = serde_json::to_writer(&mut body, cache);
        if i + 1 < caches.len() {
            body.push(b',');
        }
        body.push(b'\n');
    }
    let cards_end = body.len();
    body.extend_from_slice(b"},\n\"reviews\":[\n");
    for (i, review) in progress.reviews.iter().enumerate() {
        let _ = serde_json::to_writer(&mut body, review);
        if i + 1 < progress.reviews.len() {
            body.push(b',');
        }
        body.push(b'\n');
    }
    body.push(b']');
    if !progress.buried.is_empty() {
        body.extend_from_slice(b",\n\"buried\":");
        let _ = serde_json::to_writer(&mut body, &progress.buried);
    }
    if !progress.removed.is_empty() {
        body.extend_from_slice(b",\n\"removed\":");
        let _ = serde_json::to_writer(&mut body, &progress.removed);
    }
    for (key, value) in &progress.extra {
        if ["generation", "index", "version", "cards", "reviews"].contains(&key.as_str()) {
            continue;
        }
        body.extend_from_slice(b",\n");
        let _ = serde_json::to_writer(&mut body, key);
        body.push(b':');
        let _ = serde_json::to_writer(&mut body, value);
    }
    body.extend_from_slice(b"}\n");
    let head = header_len() as u64;
    let cards = head + cards_start as u64..head + cards_end as u64;
    let generation = {
        use std::hash::{DefaultHasher, Hasher};
        let mut hasher = DefaultHasher::new();
        hasher.write(&body);
        format!("{:016x}", hasher.finish())
    };
    let generation = generation.as_str();
    let mut out = header_line(generation, &cards, head + body.len() as u64).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Whether the text is a version-2 document: its first key is `"version"` and its value 2,
/// however it is spaced.
pub fn is_version_2(text: &str) -> bool {
    let rest = text.trim_start().strip_prefix('{').map(str::trim_start);
    let rest = rest
        .and_then(|r| r.strip_prefix("\"version\""))
        .map(str::trim_start);
    let rest = rest.and_then(|r| r.strip_prefix(':')).map(str::trim_start);
    rest.is_some_and(|r| {
        r.strip_prefix('2')
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    })
}

/// A version-2 document as serde reads it.
#[derive(Deserialize)]
struct Document {
    #[allow(dead_code)] // read so that it is not kept among the unknown fields
    version: u32,
    #[serde(default)]
    generation: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    index: Option<String>,
    cards: BTreeMap<CardKey, CardCache>,
    reviews: Vec<Review>,
    #[serde(default)]
    buried: BTreeMap<CardKey, chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    removed: Vec<Tombstone>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// Parses a whole version-2 document into progress, the header when the file still matches it
/// (so the one-card shortcut and appends may rely on it), and the generation its JSON names.
pub fn parse(text: &str) -> Result<(Progress, Option<Header>, Option<String>), serde_json::Error> {
    let document: Document = serde_json::from_str(text)?;
    let header = parse_header(text.as_bytes()).filter(|h| {
        h.size == text.len() as u64 && document.generation.as_ref() == Some(&h.generation)
    });
    let mut removed = document.removed;
    removed.sort();
    removed.dedup();
    let progress = Progress {
        version: SCHEMA_VERSION,
        reviews: document.reviews,
        cards: document
            .cards
            .into_iter()
            .filter_map(|(key, cache)| {
                let mut state = cache.state?;
                for (field, value) in cache.extra {
                    state.extra.entry(field).or_insert(value);
                }
                Some((key, state))
            })
            .collect(),
        buried: document.buried,
        removed,
        extra: document.extra,
    };
    Ok((progress, header, document.generation))
}

/// The header at the start of `bytes`, if it is one, exactly as [`render`] writes it.
pub fn parse_header(bytes: &[u8]) -> Option<Header> {
    let line = bytes.get(..header_len())?;
    let line = std::str::from_utf8(line).ok()?;
    let rest = line.strip_prefix(HEAD)?;
    let (generation, rest) = rest.split_at_checked(16)?;
    if !generation.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let numbers = rest
        .strip_prefix("\",\"index\":\"")?
        .strip_suffix("\",\n")?;
    let mut parts = numbers.split('-').map(|n| {
        (n.len() == 12 && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.parse::<u64>().ok())
            .flatten()
    });
    let (start, end, size) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || start > end || end > size {
        return None;
    }
    Some(Header {
        generation: generation.to_string(),
        cards: start..end,
        size,
    })
}

/// Reads the header of an open snapshot of length `len`; `None` when the file is not a
/// version-2 snapshot that still matches its header.
pub fn read_header(file: &File, len: u64) -> Option<Header> {
    let mut buf = vec![0; header_len()];
    let n = files::read_at(file, &mut buf, 0).ok()?;
    parse_header(&buf[..n]).filter(|h| h.size == len)
}

/// Why the shortcut was not taken: the caller reads the whole file instead.
#[derive(Debug)]
pub struct Unusable;

/// One card's cache, found by binary search over the card lines; `Ok(None)` when the snapshot
/// has no line for it (a card never reviewed).
pub fn find_card(
    file: &File,
    header: &Header,
    key: &CardKey,
) -> Result<Option<CardCache>, Unusable> {
    let Range { start, end } = header.cards;
    // The line sought, if present, starts in [lo, hi), and lo is always a line start.
    let (mut lo, mut hi) = (start, end);
    while hi - lo > 4096 {
        let mid = lo + (hi - lo) / 2;
        let at = next_line_start(file, mid - 1, end)?;
        if at >= hi {
            hi = mid;
            continue;
        }
        let line = line_at(file, at, end)?;
        let (found, cache) = card_line(&line)?;
        match found.cmp(key) {
            std::cmp::Ordering::Equal => return Ok(Some(cache)),
            std::cmp::Ordering::Less => lo = at,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    let mut at = lo;
    while at < hi {
        let line = line_at(file, at, end)?;
        let (found, cache) = card_line(&line)?;
        match found.cmp(key) {
            std::cmp::Ordering::Equal => return Ok(Some(cache)),
            std::cmp::Ordering::Greater => return Ok(None),
            std::cmp::Ordering::Less => at += line.len() as u64 + 1,
        }
    }
    Ok(None)
}

/// The first line start after `from`.
fn next_line_start(file: &File, from: u64, end: u64) -> Result<u64, Unusable> {
    let line = line_at(file, from, end)?;
    Ok(from + line.len() as u64 + 1)
}

/// The bytes from `at` to the next newline (without it), which must come before `end`.
fn line_at(file: &File, at: u64, end: u64) -> Result<Vec<u8>, Unusable> {
    let mut line = Vec::new();
    let mut chunk = [0u8; 512];
    let mut offset = at;
    while offset < end {
        let want = chunk.len().min((end - offset) as usize);
        let n = files::read_at(file, &mut chunk[..want], offset).map_err(|_| Unusable)?;
        if n == 0 {
            break;
        }
        if let Some(i) = chunk[..n].iter().position(|&b| b == b'\n') {
            line.extend_from_slice(&chunk[..i]);
            return Ok(line);
        }
        line.extend_from_slice(&chunk[..n]);
        offset += n as u64;
    }
    Err(Unusable)
}

/// A card line: `"deck/id":{...}` with an optional trailing comma.
fn card_line(line: &[u8]) -> Result<(CardKey, CardCache), Unusable> {
    let mut keys = serde_json::Deserializer::from_slice(line).into_iter::<CardKey>();
    let key = keys.next().and_then(Result::ok).ok_or(Unusable)?;
    let rest = &line[keys.byte_offset()..];
    let rest = rest.strip_prefix(b":").ok_or(Unusable)?;
    let rest = rest.strip_suffix(b",").unwrap_or(rest);
    let cache = serde_json::from_slice(rest).map_err(|_| Unusable)?;
    Ok((key, cache))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::schedule::{Rating, Scheduler, Settings};

    fn progress(cards: usize, per_card: usize) -> Progress {
        let scheduler = Scheduler::new(Settings::default());
        let mut progress = Progress::default();
        let start: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().expect("t");
        for i in 0..cards * per_card {
            let review = Review {
                id: format!("{i:08x}"),
                card: CardKey::new("d", &format!("q{:04}", i % cards)),
                at: start + chrono::Duration::minutes(i as i64),
                rating: Rating::Good,
                duration_ms: 1000,
                timed_out: false,
                typed_answer: None,
                cram: i % 7 == 0,
                mock: false,
                round: None,
                extra: std::collections::BTreeMap::new(),
            };
            progress.record(review, &scheduler).expect("recorded");
        }
        progress.reset(Some(&CardKey::new("d", "q0003")), start);
        progress.buried.insert(CardKey::new("d", "q0001"), start);
        progress
    }

    #[test]
    fn a_snapshot_reads_back_whole_and_card_by_card() {
        for cards in [0, 1, 2, 40, 900] {
            let p = progress(cards, 3);
            let bytes = render(&p);
            let text = std::str::from_utf8(&bytes).expect("utf8");
            assert!(is_version_2(text));
            let (back, header, generation) = parse(text).expect("parses");
            assert_eq!(generation, Some(header.clone().expect("header").generation));
            assert_eq!(back, p, "{cards} cards");
            let header = header.expect("header matches");
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("p.json");
            std::fs::write(&path, &bytes).expect("write");
            let (file, len) = files::open_regular(&path).expect("open");
            assert_eq!(read_header(&file, len), Some(header.clone()));
            let all = journal::caches(&p);
            for (key, cache) in &all {
                assert_eq!(
                    find_card(&file, &header, key).expect("usable").as_ref(),
                    Some(cache),
                    "{key}"
                );
            }
            for missing in ["a/0", "d/q", "d/q0000a", "zz/z"] {
                let key: CardKey = serde_json::from_str(&format!("\"{missing}\"")).expect("key");
                assert_eq!(find_card(&file, &header, &key).expect("usable"), None);
            }
        }
    }

    #[test]
    fn version_two_is_told_by_its_first_key() {
        for (text, expected) in [
            ("{\"version\":2,", true),
            ("  {\n  \"version\" : 2 ,", true),
            ("{\"version\":1,", false),
            ("{\"version\":20,", false),
            ("{\"reviews\":[],\"version\":2}", false),
        ] {
            assert_eq!(is_version_2(text), expected, "{text}");
        }
    }
}
