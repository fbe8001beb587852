//! The replay lock: one process at a time replays an account's queue.

use std::fs::File;

use super::user_db_path;
use crate::core::{AccountId, ErrorKind, TernError, Text};
use crate::store::Store;

/// Holds the right to replay one account's queue (an OS file lock, released when
/// dropped or when the process dies), so two processes never replay the same op.
#[derive(Debug)]
pub struct ReplayLock {
    _file: File,
}

impl Store {
    /// Takes the right to replay `account`'s queue, or `None` if another process (or
    /// task) holds it. Released on drop.
    pub fn lock_replay(&self, account: AccountId) -> Result<Option<ReplayLock>, TernError> {
        self.lock_file(&format!(".replay-{}.lock", account.0))
    }

    /// An exclusive lock on the file `user.sqlite3<suffix>`, or `None` if it is held.
    pub(crate) fn lock_file(&self, suffix: &str) -> Result<Option<ReplayLock>, TernError> {
        let user = user_db_path(&self.path);
        let mut name = user.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(suffix);
        let path = user.with_file_name(name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                TernError::new(
                    ErrorKind::Filesystem,
                    format!("Could not open {}: {e}", path.display()),
                )
                .with_text(Text::new("err-open-file").arg("path", path.display().to_string()))
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ReplayLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(TernError::new(
                ErrorKind::Filesystem,
                format!("Could not lock {}: {e}", path.display()),
            )
            .with_text(Text::new("err-open-file").arg("path", path.display().to_string()))),
        }
    }
}
