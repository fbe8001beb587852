//! Commits header windows on a blocking thread with its own store connection, so that
//! decoding a window and writing it to SQLite overlap the network fetch of the next one
//! (the two cores do different work instead of taking turns). Windows still commit one
//! at a time and in order, each with the marks that cover it.
//!
//! The writer's store keeps new thread links in memory (`Store::defer_thread_links`);
//! `finish` writes them once the folder's windows are in. A writer dropped early (an
//! error, a cancelled sync) still writes them, on a blocking thread.

use std::path::Path;

use tokio::task::JoinHandle;

use crate::core::{FolderId, TernError, Text};
use crate::imap::HeaderBatch;
use crate::store::{KeyHasher, Store, SyncMarks};

type Pending = JoinHandle<(Store, Result<usize, TernError>)>;

pub struct WindowWriter {
    store: Option<Store>,
    pending: Option<Pending>,
    /// Hashes thread keys while a window decodes (`None`: the store does not thread).
    hasher: Option<KeyHasher>,
}

fn lost() -> TernError {
    TernError::new(
        crate::core::ErrorKind::Store,
        "Saving messages to the cache stopped unexpectedly.",
    )
    .with_text(Text::new("err-cache-writer-stopped"))
}

impl WindowWriter {
    pub fn open(path: &Path) -> Result<WindowWriter, TernError> {
        let mut store = Store::open(path)?;
        store.defer_thread_links(crate::store::MAX_PENDING_THREAD_LINKS);
        Ok(WindowWriter {
            hasher: store.thread_key_hasher()?,
            store: Some(store),
            pending: None,
        })
    }

    /// Waits for the window in flight and writes the thread links kept so far; returns
    /// how many rows the last window stored.
    pub async fn finish(&mut self) -> Result<usize, TernError> {
        let stored = self.flush().await?;
        let mut store = self.store.take().ok_or_else(lost)?;
        let (store, result) = tokio::task::spawn_blocking(move || {
            let result = store.write_thread_links();
            (store, result)
        })
        .await
        .map_err(|_| lost())?;
        self.store = Some(store);
        result.map(|()| stored)
    }

    /// Waits for the window in flight; returns how many rows it stored.
    pub async fn flush(&mut self) -> Result<usize, TernError> {
        let Some(pending) = self.pending.take() else {
            return Ok(0);
        };
        let (store, result) = pending.await.map_err(|_| lost())?;
        self.store = Some(store);
        result
    }

    /// Hands a window over (after the previous one has committed); returns the number of
    /// rows the previous window stored. The window's headers are decoded on a thread of
    /// their own while the previous window is still being written, so the writer (the
    /// sync's critical path once conversations are threaded) only writes.
    pub async fn submit(
        &mut self,
        folder: FolderId,
        uidvalidity: u32,
        batch: HeaderBatch,
        marks: SyncMarks,
    ) -> Result<usize, TernError> {
        let hasher = self.hasher;
        let decoding = tokio::task::spawn_blocking(move || {
            let rows = batch.into_rows();
            let names = hasher.map(|h| rows.iter().map(|m| h.names(m)).collect());
            (rows, names)
        });
        let previous = self.flush().await?;
        let (rows, names) = decoding.await.map_err(|_| lost())?;
        let mut store = self.store.take().ok_or_else(lost)?;
        self.pending = Some(tokio::task::spawn_blocking(move || {
            let result = store
                .store_window_named(folder, uidvalidity, &rows, names, marks)
                .map(|()| rows.len());
            (store, result)
        }));
        Ok(previous)
    }
}

impl Drop for WindowWriter {
    /// Links kept in memory are written even when the sync stopped early. Without a
    /// runtime (or if this fails) the next `Store::open` recovers them from the rows.
    fn drop(&mut self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let write = |mut store: Store| {
            if let Err(e) = store.write_thread_links() {
                tracing::warn!("thread links of a stopped sync: {e}");
            }
        };
        if let Some(store) = self.store.take() {
            runtime.spawn_blocking(move || write(store));
        }
        if let Some(pending) = self.pending.take() {
            runtime.spawn(async move {
                if let Ok((store, _)) = pending.await {
                    let _ = tokio::task::spawn_blocking(move || write(store)).await;
                }
            });
        }
    }
}
