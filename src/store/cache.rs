//! A cache of parsed bank files, keyed by their exact bytes, so a 10,000-question bank loads in a blink.
//!
//! Best effort throughout: a cache that cannot be read or written is simply skipped. The cache is
//! bounded: past [`MAX_CACHE_BYTES`] the entries used longest ago are deleted.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::bank::Deck;

/// Below this size serde_yaml is about as quick as reading the cache. The built-in bank (26 KiB)
/// is above it: its parse was half the time of a `show`.
pub const MIN_CACHED_BYTES: usize = 16 * 1024;

/// The most the cache keeps on disk, all entries together.
pub const MAX_CACHE_BYTES: u64 = 64 << 20;

/// The cache file for these bytes: a 64-bit hash plus the length names it, and the crate version
/// keeps a new release from reading a cache laid out by an old one.
fn entry_path(dir: &Path, bytes: &[u8]) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let name = format!(
        "{}-{:016x}-{}.json",
        env!("CARGO_PKG_VERSION"),
        hasher.finish(),
        bytes.len()
    );
    dir.join("banks").join(name)
}

/// The parsed deck for exactly these bytes, if cached.
pub fn load(dir: &Path, bytes: &[u8]) -> Option<Deck> {
    let path = entry_path(dir, bytes);
    let cached = crate::store::files::read_regular(&path, MAX_CACHE_BYTES).ok()?;
    let deck = serde_json::from_slice(&cached).ok()?;
    // Marks the entry as used, so eviction keeps it.
    if let Ok(file) = std::fs::File::options().append(true).open(&path) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
    Some(deck)
}

/// Remembers a validated deck; failures are ignored because the cache is only a speed-up.
pub fn store(dir: &Path, bytes: &[u8], deck: &Deck) {
    let path = entry_path(dir, bytes);
    let Some(parent) = path.parent() else { return };
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(parent)?;
        let mut file = tempfile::NamedTempFile::new_in(parent)?;
        serde_json::to_writer(&mut file, deck)?;
        file.flush()?;
        // One entry may take a quarter of the cache at most; a bigger deck is parsed each time.
        if file.as_file().metadata()?.len() > MAX_CACHE_BYTES / 4 {
            return Ok(());
        }
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    let _ = write();
    evict(parent, MAX_CACHE_BYTES);
}

/// Deletes the entries used longest ago until the rest fit in `limit` bytes.
pub fn evict(dir: &Path, limit: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            if !meta.is_file() {
                return None;
            }
            Some((meta.modified().ok()?, meta.len(), entry.path()))
        })
        .collect();
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    files.sort();
    for (_, size, path) in files {
        if total <= limit {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eviction_keeps_the_newest_within_the_bound() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (i, name) in ["old", "mid", "new"].iter().enumerate() {
            let path = dir.path().join(name);
            std::fs::write(&path, [0u8; 100]).expect("write");
            let at = std::time::SystemTime::UNIX_EPOCH
                + std::time::Duration::from_secs(1000 * (i as u64 + 1));
            std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(at))
                .expect("mtime");
        }
        evict(dir.path(), 250);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["mid", "new"]);
    }
}
