//! Where Tern keeps its files: config dir (accounts.toml, settings) and data dir (cache).

use std::path::PathBuf;

use crate::core::{ErrorKind, TernError};

/// The directories for this run, from `TERN_CONFIG_DIR` / `TERN_DATA_DIR` or the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Result<Paths, TernError> {
        let dirs = directories::ProjectDirs::from("org", "Tern", "tern");
        let pick = |var: &str, platform: Option<PathBuf>| -> Result<PathBuf, TernError> {
            match std::env::var_os(var) {
                Some(v) if !v.is_empty() => Ok(PathBuf::from(v)),
                _ => platform.ok_or_else(|| {
                    TernError::new(
                        ErrorKind::Config,
                        format!("No home directory was found. Set {var} to a folder Tern may use."),
                    )
                }),
            }
        };
        Ok(Paths {
            config_dir: pick(
                "TERN_CONFIG_DIR",
                dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
            )?,
            data_dir: pick("TERN_DATA_DIR", dirs.as_ref().map(|d| d.data_dir().to_path_buf()))?,
        })
    }

    pub fn accounts_file(&self) -> PathBuf {
        self.config_dir.join("accounts.toml")
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.toml")
    }

    /// The SQLite cache: one database for all accounts.
    pub fn cache_db(&self) -> PathBuf {
        self.data_dir.join("cache.sqlite3")
    }
}
