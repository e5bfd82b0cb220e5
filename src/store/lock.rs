//! Exclusive lock files, waited for visibly and for a bounded time.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a wait goes on before the user is told about it.
pub const NOTICE_AFTER: Duration = Duration::from_secs(1);

/// How long a wait goes on before the command gives up, unless `PREPDRILL_LOCK_TIMEOUT`
/// (seconds) says otherwise. A save takes milliseconds; ten seconds means something is stuck.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a waiting process tries the lock again and gives its waiter a turn.
const RETRY_EVERY: Duration = Duration::from_millis(25);

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{}: another prepdrill has been saving for {}s; gave up waiting, nothing was changed\nhint: finish or close the other prepdrill (a drill in another terminal?) and try again; if none is running, delete the lock file",
        lock.display(), waited.as_secs()
    )]
    Busy { lock: PathBuf, waited: Duration },
    #[error(
        "{}: interrupted while waiting for another prepdrill to finish saving; this change was not saved",
        lock.display()
    )]
    Interrupted { lock: PathBuf, signal: i32 },
    #[error("{}: cannot lock: {cause}", lock.display())]
    Io {
        lock: PathBuf,
        cause: std::io::Error,
    },
}

/// Called while waiting, about every 25 ms, with the time waited so far. It may show a notice or
/// keep a screen alive, and returns `Err(signal)` to stop waiting.
pub type Waiter<'w> = dyn FnMut(&Path, Duration) -> Result<(), i32> + 'w;

/// The wait limit: `PREPDRILL_LOCK_TIMEOUT` in seconds when set and valid, else ten seconds.
pub fn timeout() -> Duration {
    std::env::var("PREPDRILL_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 86_400.0)
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64)
}

/// Takes the exclusive lock on `lock_path`, creating it. While another process holds it, the
/// waiter gets a turn every 25 ms, and after `limit` the wait fails.
pub fn acquire(
    lock_path: &Path,
    limit: Duration,
    waiter: &mut Waiter<'_>,
) -> Result<File, LockError> {
    let io = |cause| LockError::Io {
        lock: lock_path.to_path_buf(),
        cause,
    };
    let file = open(lock_path).map_err(io)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(cause)) => return Err(io(cause)),
        }
        let waited = start.elapsed();
        if waited >= limit {
            return Err(LockError::Busy {
                lock: lock_path.to_path_buf(),
                waited,
            });
        }
        waiter(lock_path, waited).map_err(|signal| LockError::Interrupted {
            lock: lock_path.to_path_buf(),
            signal,
        })?;
        std::thread::sleep(RETRY_EVERY);
    }
}

/// Opens (creating) the lock file, which must be a regular file. The type is looked at before
/// opening, and the open does not block, so a FIFO planted at the lock's path is refused at once
/// rather than waited on forever.
fn open(lock_path: &Path) -> std::io::Result<File> {
    let not_a_file = || {
        std::io::Error::other(
            "it is not a regular file (a directory, pipe, socket or device)\nhint: remove it; prepdrill creates its lock file anew",
        )
    };
    match std::fs::metadata(lock_path) {
        Ok(meta) if !meta.is_file() => return Err(not_a_file()),
        _ => {}
    }
    let mut options = File::options();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Swapped for a FIFO between the look and the open, it still does not wait.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(lock_path)?;
    if !file.metadata()?.is_file() {
        return Err(not_a_file());
    }
    Ok(file)
}

/// The waiter for commands: one line on stderr once the wait passes a second. Ctrl-C keeps its
/// default meaning there, so it needs no handling.
pub fn stderr_waiter() -> impl FnMut(&Path, Duration) -> Result<(), i32> {
    let mut told = false;
    move |lock, waited| {
        if !told && waited >= NOTICE_AFTER {
            told = true;
            // A closed stderr loses the notice, not the save.
            let _ = writeln!(std::io::stderr(), "{}", notice(lock));
        }
        Ok(())
    }
}

/// What a waiting user is told.
pub fn notice(lock: &Path) -> String {
    format!(
        "prepdrill: waiting for another prepdrill to finish saving (lock: {})",
        lock.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_waited_for_then_given_up() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x.lock");
        let held = acquire(&path, DEFAULT_TIMEOUT, &mut |_, _| Ok(())).expect("first");
        let mut turns = 0;
        let error = acquire(&path, Duration::from_millis(200), &mut |_, _| {
            turns += 1;
            Ok(())
        })
        .expect_err("busy");
        assert!(matches!(error, LockError::Busy { .. }), "{error}");
        assert!(turns >= 2, "the waiter had {turns} turns");
        let error = acquire(&path, DEFAULT_TIMEOUT, &mut |_, _| Err(2)).expect_err("interrupted");
        assert!(matches!(error, LockError::Interrupted { signal: 2, .. }));
        drop(held);
        acquire(&path, Duration::ZERO, &mut |_, _| Ok(())).expect("free again");
    }
}
