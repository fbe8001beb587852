//! Commits header windows on a blocking thread with its own store connection, so that
//! decoding a window and writing it to SQLite overlap the network fetch of the next one
//! (the two cores do different work instead of taking turns). Windows still commit one
//! at a time and in order, each with the marks that cover it.

use std::path::Path;

use tokio::task::JoinHandle;

use crate::core::{FolderId, TernError, Text};
use crate::imap::HeaderBatch;
use crate::store::{Store, SyncMarks};

type Pending = JoinHandle<(Store, Result<usize, TernError>)>;

pub struct WindowWriter {
    store: Option<Store>,
    pending: Option<Pending>,
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
        Ok(WindowWriter {
            store: Some(Store::open(path)?),
            pending: None,
        })
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
    /// rows the previous window stored.
    pub async fn submit(
        &mut self,
        folder: FolderId,
        uidvalidity: u32,
        batch: HeaderBatch,
        marks: SyncMarks,
    ) -> Result<usize, TernError> {
        let previous = self.flush().await?;
        let mut store = self.store.take().ok_or_else(lost)?;
        self.pending = Some(tokio::task::spawn_blocking(move || {
            let rows = batch.into_rows();
            let result = store
                .store_window(folder, uidvalidity, &rows, marks)
                .map(|()| rows.len());
            (store, result)
        }));
        Ok(previous)
    }
}
