//! Reading and replacing user files safely: regular files only, bounded in size, replaced
//! atomically through symlinks, keeping their owner and mode.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Held while a file is being replaced, so an exit forced from another thread (the drill's
/// watchdog, when its terminal goes away) waits for the rename rather than cutting it short.
static SAVING: Mutex<()> = Mutex::new(());

/// Blocks saves until the guard is dropped; taken by whoever must exit without cutting one short.
pub fn hold_saves() -> MutexGuard<'static, ()> {
    SAVING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// UTF-8's byte order mark, which some editors put at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The bytes without a leading UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// Reads a whole regular file of at most `limit` bytes. A directory, a device, a pipe or a file
/// too big is an error that says so, before anything is read: `/dev/zero` would never end.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    // Looked at before opening: opening a FIFO waits for a writer, forever.
    check_regular(&std::fs::metadata(path)?, limit)?;
    let file = File::open(path)?;
    check_regular(&file.metadata()?, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(file.metadata()?.len()).unwrap_or(0));
    // The file may grow while it is read; the limit holds regardless.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

/// Reads a command's input of at most `limit` bytes: the file at `path`, or stdin when `path` is
/// `-`. A file goes through `read_regular`, so a FIFO or device is refused before it is opened
/// (opening a FIFO waits for a writer, forever); stdin is read as it comes, so a pipe works there.
/// Errors keep their kinds: `IsADirectory`, `FileTooLarge`, `NotFound`, `PermissionDenied`.
pub fn read_input(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    if path != Path::new("-") {
        return read_regular(path, limit);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

/// How messages name the input `read_input` reads: `stdin` for `-`.
pub fn input_name(path: &Path) -> String {
    if path == Path::new("-") {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// Whether `path` is there but is no regular file or folder: a FIFO, a device or a socket.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn check_regular(meta: &std::fs::Metadata, limit: u64) -> std::io::Result<()> {
    if meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory, not a file",
        ));
    }
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a device, pipe or socket)",
        ));
    }
    if meta.len() > limit {
        return Err(too_big(limit));
    }
    Ok(())
}

fn too_big(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "it is larger than {} MiB, the most prepdrill reads",
            limit >> 20
        ),
    )
}

/// Where writes to `path` must go: the final target when `path` is a symlink (even one whose
/// target does not exist yet), so replacing the file keeps the link and updates what it points to.
pub fn resolve(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // Like the kernel, give up on a loop after 40 links; the write then fails visibly.
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(target) => {
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Err(_) => return current,
        }
    }
    current
}

/// The directory a file lives in, `.` for a bare name.
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Replaces `path` (through any symlinks) with what `write` produces: a temporary file beside the
/// target, fsync, the old file's owner and mode, rename, fsync of the directory. A crash at any
/// point leaves the old file or the new one, never a torn one.
pub fn replace(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = resolve(path);
    stage(&target, NewMode::Private, write)?.commit(Overwrite::Yes)?;
    sync_dir(&target)
}

/// The mode a file gets when there was none before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewMode {
    /// Readable by its owner alone: progress, answers, settings.
    Private,
    /// What the umask gives any new file: a sheet, a bank, a man page the user asked for.
    Document,
}

/// Whether a commit may replace a file that is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Yes,
    /// Fail with `AlreadyExists` if the target has appeared meanwhile.
    No,
}

/// A new version of a file, written and synced beside it, not yet in place. Dropped uncommitted,
/// its temporary file is deleted.
pub struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

/// An error of creating a temporary file without the temporary's name: tempfile adds it ("… at
/// path /dir/.name.123.abc.tmp"), a random name that means nothing to the reader, who is told the
/// real file's path.
pub fn without_temp_path(error: std::io::Error) -> std::io::Error {
    // tempfile keeps the cause only in its message: "{cause} at path {path:?}".
    let text = error.to_string();
    let Some((cause, _)) = text.split_once(" at path ") else {
        return error;
    };
    let os_error = cause
        .rsplit_once("(os error ")
        .and_then(|(_, code)| code.trim_end_matches(')').parse().ok());
    match os_error {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::new(error.kind(), cause.to_string()),
    }
}

/// Writes what `write` produces into a temporary file beside `target`, fsynced, with the old
/// file's owner and mode (or `new`'s mode when there is no old file). `target` is taken as it is:
/// `resolve` it first where a symlink should stay a link.
pub fn stage(
    target: &Path,
    new: NewMode,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Staged> {
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix(target);
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // tempfile makes owner-only files, which suits the private ones.
    if new == NewMode::Document {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(parent_dir(target))
        .map_err(without_temp_path)?;
    {
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        write(&mut writer)?;
        writer.flush()?;
    }
    keep_owner_and_mode(target, temp.as_file());
    temp.as_file().sync_all()?;
    Ok(Staged {
        temp,
        target: target.to_path_buf(),
    })
}

impl Staged {
    /// Renames the new version over the target: the name itself, so a symlink planted there since
    /// is replaced, not followed. Call `sync_dir` after the last commit in a folder.
    pub fn commit(self, overwrite: Overwrite) -> std::io::Result<()> {
        let _saving = hold_saves();
        match overwrite {
            Overwrite::Yes => self.temp.persist(&self.target).map(drop),
            Overwrite::No => self.temp.persist_noclobber(&self.target).map(drop),
        }
        .map_err(|e| e.error)
    }
}

/// Writes `bytes` into a device or pipe such as `/dev/stdout`, which cannot be renamed over.
pub fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    File::options().write(true).open(path)?.write_all(bytes)
}

/// Fsyncs the folder `path` is in, so a rename into it lasts.
pub fn sync_dir(path: &Path) -> std::io::Result<()> {
    File::open(parent_dir(path))?.sync_all()
}

/// Writes `bytes` into the file at `path` (through any symlinks) at offset `at`, first cutting off
/// whatever lies past `at`, then fsyncs it: an append to a journal. `at` of `None` starts the file
/// afresh (made private, then given `like`'s owner and mode, and its directory fsynced so the new
/// name lasts). A failed write is cut back to `at`, so a full disk leaves the file as it was.
pub fn write_at(path: &Path, like: &Path, at: Option<u64>, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{FileExt, OpenOptionsExt};
    let target = resolve(path);
    if let Ok(meta) = std::fs::metadata(&target) {
        check_regular(&meta, u64::MAX)?;
    }
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&target)?;
    check_regular(&file.metadata()?, u64::MAX)?;
    let base = at.unwrap_or(0);
    if at.is_none() {
        keep_owner_and_mode(like, &file);
    }
    if file.metadata()?.len() != base {
        file.set_len(base)?;
    }
    let _saving = hold_saves();
    let written = file
        .write_all_at(bytes, base)
        .and_then(|()| file.sync_data());
    if let Err(error) = written {
        // Cutting back needs no space; if even that fails, the reader ignores a torn last line.
        let _ = file.set_len(base).and_then(|()| file.sync_data());
        return Err(error);
    }
    if at.is_none() {
        File::open(parent_dir(&target))?.sync_all()?;
    }
    Ok(())
}

/// Empties the file at `path` (through any symlinks), fsynced; a missing file stays missing.
pub fn empty(path: &Path) -> std::io::Result<()> {
    let target = resolve(path);
    let file = match File::options().write(true).open(&target) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    check_regular(&file.metadata()?, u64::MAX)?;
    file.set_len(0)?;
    file.sync_all()
}

/// Reads up to `buf.len()` bytes at `offset`, fewer only at the end of the file.
pub fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut filled = 0;
    while filled < buf.len() {
        match file.read_at(&mut buf[filled..], offset + filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Opens a regular file for reading, with its length; refuses a directory, device or pipe
/// without blocking on it.
pub fn open_regular(path: &Path) -> std::io::Result<(File, u64)> {
    check_regular(&std::fs::metadata(path)?, u64::MAX)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    check_regular(&meta, u64::MAX)?;
    Ok((file, meta.len()))
}

const TEMP_SUFFIX: &str = ".tmp";

/// How the temporary files for `target` begin: a dot, the target's own name and this process's
/// id (`.progress.json.4242.`), then tempfile's random letters. Two files in one folder (two
/// profiles syncing into it) so never share a name, and each save knows its own leftovers.
pub fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "prepdrill".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.{}.", std::process::id())
}

/// Deletes temporary files for `path` (through symlinks) left by a process killed mid-write:
/// only those named after this very file, and only those whose process is gone, so another
/// file's save in the same folder, or a live one, is never touched. Call it while holding the lock
/// that guards writes to `path`.
pub fn remove_stale_temporaries(path: &Path) {
    let target = resolve(path);
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent_dir(&target)) else {
        return;
    };
    let own = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = file.strip_prefix(&own) else {
            continue;
        };
        if !file.ends_with(TEMP_SUFFIX) {
            continue;
        }
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid == std::process::id() || !process_is_gone(pid)) {
            continue;
        }
        let _ = std::fs::remove_file(entry.path());
    }
}

/// Whether no process has this id. Where that cannot be told (no /proc), every process counts
/// as alive, and its leftovers stay.
fn process_is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Gives the new file the old one's mode, and its owner when we may (as root editing a user's
/// file): a save must not take a file away from its owner. Best effort; a new file keeps the
/// private 0600 the temporary file was made with.
fn keep_owner_and_mode(old: &Path, new: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = std::fs::metadata(old) else {
            return;
        };
        let _ = std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid()));
        let _ = new.set_permissions(meta.permissions());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_of_a_temporary_loses_its_random_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = tempfile::Builder::new()
            .tempfile_in(dir.path().join("missing"))
            .expect_err("no such folder");
        assert!(error.to_string().contains(" at path "), "{error}");
        let error = without_temp_path(error);
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        assert!(!error.to_string().contains("at path"), "{error}");
    }

    #[test]
    fn replacing_through_a_symlink_keeps_the_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("sync/real.json");
        std::fs::create_dir_all(real.parent().expect("parent")).expect("mkdir");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("sync/real.json", &link).expect("symlink");
        replace(&link, |w| w.write_all(b"new")).expect("replaced");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let message =
            |path: &Path, limit| read_regular(path, limit).expect_err("refused").to_string();
        assert!(message(dir.path(), 10).contains("directory"));
        assert!(message(Path::new("/dev/zero"), 10).contains("not a regular file"));
        let big = dir.path().join("big");
        std::fs::write(&big, [b'x'; 100]).expect("write");
        assert!(message(&big, 10).contains("larger than"));
        assert_eq!(read_regular(&big, 100).expect("read").len(), 100);
        assert_eq!(strip_bom(b"\xef\xbb\xbfa"), b"a");
    }
}
