//! The window's read access to the cache: queries run on tokio's blocking pool through
//! a small pool of read-only connections, never on the UI thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::AccountConfig;
use crate::core::{AccountId, ErrorKind, TernError, Text};
use crate::store::Store;

/// Readers kept open between queries.
const POOL: usize = 4;

#[derive(Debug, Clone)]
pub struct Db {
    path: PathBuf,
    pool: Arc<Mutex<Vec<Store>>>,
}

impl Db {
    pub fn new(path: PathBuf) -> Db {
        Db {
            path,
            pool: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a reader on the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> Result<T, TernError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, TernError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.read_now(f))
            .await
            .map_err(|e| {
                TernError::new(
                    ErrorKind::Store,
                    format!("A cache query stopped unexpectedly ({e})."),
                )
                .with_text(Text::new("err-task-stopped"))
            })?
    }

    /// Runs `f` with a reader on this thread (for the blocking pool and benchmarks).
    pub fn read_now<T>(&self, f: impl FnOnce(&Store) -> Result<T, TernError>) -> Result<T, TernError> {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match pooled {
            Some(s) => s,
            None => Store::open_reader(&self.path)?,
        };
        let result = f(&store);
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOL {
            pool.push(store);
        }
        result
    }
}

/// Creates the cache if needed and returns each account's row id (the writer is opened
/// briefly, off the UI thread; workers keep their own).
pub async fn prepare(
    path: PathBuf,
    accounts: Vec<AccountConfig>,
) -> Result<Vec<(AccountConfig, AccountId)>, TernError> {
    tokio::task::spawn_blocking(move || {
        let store = Store::open(&path)?;
        accounts
            .into_iter()
            .map(|a| store.ensure_account(&a.name, &a.email).map(|id| (a, id)))
            .collect()
    })
    .await
    .map_err(|e| {
        TernError::new(
            ErrorKind::Store,
            format!("Opening the cache stopped unexpectedly ({e})."),
        )
        .with_text(Text::new("err-task-stopped"))
    })?
}

/// Runs `f` (file or database work of the writing side) on the blocking pool as a Task,
/// so the UI thread never waits for a disk (design.md, Data flow 5).
pub fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, TernError> + Send + 'static,
) -> iced::Task<Result<T, TernError>> {
    iced::Task::future(async move {
        tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
            Err(TernError::new(
                ErrorKind::Store,
                format!("A background task stopped unexpectedly ({e})."),
            )
            .with_text(Text::new("err-task-stopped")))
        })
    })
}
