//! Attachment transfers as one service with no UI in it: a stream that reports progress
//! and ends with the saved file's final path. The window maps it to iced's sipper; the
//! command line and compose (forwarding attachments) can drive the same stream.
//!
//! All file-system work (creating the folder, the final rename to a name the user chose)
//! runs on the blocking pool. Dropping the stream cancels the transfer: `save_part`'s
//! future is dropped with it and removes its temp file, so no final name appears.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::channel::mpsc;
use futures::{Stream, StreamExt};

use super::download::save_part;
use super::worker::open_connection;
use crate::config::{AccountConfig, SecretStore};
use crate::core::{ErrorKind, TernError};
use crate::imap::Timeouts;
use crate::store::MessageLocation;

/// Where a transfer puts the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Into this folder (created if missing) under the part's safe name, numbered on
    /// collision; nothing existing is touched.
    Folder(PathBuf),
    /// Exactly this file, a name the user chose in a save dialog (which already asked
    /// whether to replace an existing file). The download lands in the same folder first
    /// and takes this name only when complete.
    File(PathBuf),
}

/// What a transfer reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferEvent {
    /// Encoded bytes received so far, of the part's size from BODYSTRUCTURE.
    Progress { done: u64, total: u64 },
    /// The last event: the saved file's path, or why nothing was saved.
    Finished(Result<PathBuf, TernError>),
}

/// Saves attachment `part` of the message at `location` to `to` over its own IMAP
/// connection (reconnecting and resuming after a drop). The stream ends after
/// `Finished`.
pub fn save_attachment<S>(
    account: AccountConfig,
    secrets: S,
    timeouts: Timeouts,
    location: Arc<MessageLocation>,
    part: String,
    to: Destination,
) -> impl Stream<Item = TransferEvent> + Send + 'static
where
    S: SecretStore + Clone + 'static,
{
    let (tx, rx) = mpsc::unbounded();
    let work = async move {
        let progress_tx = tx.clone();
        let mut report = move |done: u64, total: u64| {
            let _ = progress_tx.unbounded_send(TransferEvent::Progress { done, total });
        };
        let result = transfer(&account, &secrets, timeouts, &location, &part, to, &mut report).await;
        let _ = tx.unbounded_send(TransferEvent::Finished(result));
    };
    // The work runs while the stream is polled; its events come out in order.
    let driver = futures::stream::once(work).filter_map(|()| async { None::<TransferEvent> });
    futures::stream::select(rx, driver)
}

/// Drives a transfer to its end, handing each progress report to `progress`; for
/// callers that wait (the command line).
pub async fn run_to_end(
    transfer: impl Stream<Item = TransferEvent>,
    mut progress: impl FnMut(u64, u64),
) -> Result<PathBuf, TernError> {
    let mut transfer = std::pin::pin!(transfer);
    while let Some(event) = transfer.next().await {
        match event {
            TransferEvent::Progress { done, total } => progress(done, total),
            TransferEvent::Finished(result) => return result,
        }
    }
    Err(TernError::new(
        ErrorKind::Filesystem,
        "The download stopped unexpectedly. Please try again.",
    ))
}

async fn transfer<S>(
    account: &AccountConfig,
    secrets: &S,
    timeouts: Timeouts,
    location: &MessageLocation,
    part: &str,
    to: Destination,
    report: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<PathBuf, TernError>
where
    S: SecretStore + Clone + 'static,
{
    let (dir, chosen) = match to {
        Destination::Folder(dir) => (dir, None),
        Destination::File(file) => {
            let dir = file.parent().map(Path::to_path_buf).ok_or_else(|| {
                TernError::new(ErrorKind::Filesystem, "Choose a file inside a folder to save to.")
            })?;
            (dir, Some(file))
        }
    };
    let create = dir.clone();
    blocking(move || {
        std::fs::create_dir_all(&create).map_err(|e| {
            TernError::new(
                ErrorKind::Filesystem,
                format!(
                    "Could not create the folder {}: {e}. Choose a folder you are allowed to write to.",
                    create.display()
                ),
            )
            .with_text(crate::core::Text::new("err-no-folder").arg("path", create.display().to_string()))
        })
    })
    .await?;
    let connect = || async move { open_connection(account, secrets, &timeouts).await };
    let saved = save_part(connect, location, part, &dir, report).await?;
    match chosen {
        Some(chosen) => blocking(move || Ok(take_chosen_name(saved, &chosen))).await,
        None => Ok(saved),
    }
}

/// Gives the complete file the name the user chose, when it is another name in the
/// same folder; if that fails the file keeps its safe name (it is saved either way).
pub fn take_chosen_name(saved: PathBuf, chosen: &Path) -> PathBuf {
    if chosen == saved || chosen.parent() != saved.parent() || chosen.file_name().is_none() {
        return saved;
    }
    match std::fs::rename(&saved, chosen) {
        Ok(()) => chosen.to_path_buf(),
        Err(e) => {
            tracing::warn!(error = %e, "could not rename the saved file to the chosen name");
            saved
        }
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, TernError> + Send + 'static,
) -> Result<T, TernError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        TernError::new(
            ErrorKind::Filesystem,
            "Saving the file stopped unexpectedly. Please try again.",
        )
    })?
}
