//! Where prepdrill keeps its files: progress in the data dir, settings in the config dir, and the
//! parsed-bank cache in the cache dir, all from `directories` unless overridden.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

/// The directories one run uses.
#[derive(Debug, Clone)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
    pub cache_dir: Option<PathBuf>,
}

impl Paths {
    /// The platform's directories, with `data_dir_override` (from `--data-dir` or
    /// `PREPDRILL_DATA_DIR`) in place of the data dir.
    pub fn resolve(data_dir_override: Option<&Path>) -> anyhow::Result<Self> {
        let dirs = ProjectDirs::from("", "", "prepdrill");
        let data_dir = match (data_dir_override, &dirs) {
            (Some(dir), _) => dir.to_path_buf(),
            (None, Some(dirs)) => dirs.data_dir().to_path_buf(),
            (None, None) => anyhow::bail!(
                "cannot find a home directory for prepdrill's data\nhint: pass --data-dir DIR or set PREPDRILL_DATA_DIR"
            ),
        };
        let config_file = match &dirs {
            Some(dirs) => dirs.config_dir().join("config.yaml"),
            None => data_dir.join("config.yaml"),
        };
        Ok(Paths {
            data_dir,
            config_file,
            cache_dir: dirs.map(|d| d.cache_dir().to_path_buf()),
        })
    }

    pub fn progress_file(&self) -> PathBuf {
        self.data_dir.join("progress.json")
    }

    /// Whether writing a document to `path` would land on one of prepdrill's own files: anything
    /// in the data directory, the progress file's real target with its lock and backup, the own
    /// answers, or the settings. Symlinks are followed, as a write would follow them.
    pub fn is_own_file(&self, path: &Path) -> bool {
        let Some(target) = identity(path) else {
            return false;
        };
        let in_data_dir = std::fs::canonicalize(&self.data_dir)
            .is_ok_and(|dir| target.parent() == Some(dir.as_path()));
        let progress = crate::store::files::resolve(&self.progress_file());
        let own = [
            progress.clone(),
            progress.with_extension("json.lock"),
            progress.with_extension("v0.json.bak"),
            self.progress_file().with_file_name("answers.json"),
            self.config_file.clone(),
        ];
        in_data_dir
            || own
                .iter()
                .any(|file| identity(file).as_ref() == Some(&target))
    }
}

/// Where a write to `path` would land, as an absolute path without symlinks: its directory
/// canonical, its name as given (the file itself may not exist yet).
fn identity(path: &Path) -> Option<PathBuf> {
    let target = crate::store::files::resolve(path);
    let dir = std::fs::canonicalize(crate::store::files::parent_dir(&target)).ok()?;
    Some(dir.join(target.file_name()?))
}
