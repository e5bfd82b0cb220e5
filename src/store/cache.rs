//! A cache of parsed bank files, keyed by their exact bytes, so a 10,000-question bank loads in a blink.
//!
//! Best effort throughout: a cache that cannot be read or written is simply skipped.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::bank::Deck;

/// Below this size serde_yaml is about as quick as reading the cache. The built-in bank (26 KiB)
/// is above it: its parse was half the time of a `show`.
pub const MIN_CACHED_BYTES: usize = 16 * 1024;

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
    let cached = std::fs::read(entry_path(dir, bytes)).ok()?;
    serde_json::from_slice(&cached).ok()
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
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    let _ = write();
}
