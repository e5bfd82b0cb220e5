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
}
