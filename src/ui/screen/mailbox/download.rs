//! Attachment downloads for the reader: the engine's transfer stream
//! (`engine::transfer::save_attachment`) mapped to a sipper, so `Task::sip` reports
//! progress and the task can be aborted (dropping the stream removes the temp file);
//! file dialogs, and opening files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use iced::task::{Sipper, sipper};

use crate::config::AccountConfig;
use crate::core::{ErrorKind, TernError, Text};
use crate::engine::Tuning;
use crate::engine::transfer::{Destination, TransferEvent, save_attachment};
use crate::files::open_with_default_app;
use crate::store::MessageLocation;
use crate::ui::secrets::Secrets;

/// (done, total) in encoded bytes.
pub type Progress = (u64, u64);

/// Downloads `part` to `to`, reporting progress. Resolves to the saved file's path.
pub fn download(
    account: AccountConfig,
    secrets: Arc<Secrets>,
    tuning: Tuning,
    location: Arc<MessageLocation>,
    part: String,
    to: Destination,
) -> impl Sipper<Result<PathBuf, TernError>, Progress> + Send + 'static {
    sipper(move |mut progress| async move {
        let transfer = save_attachment(account, secrets, tuning.timeouts, location, part, to);
        let mut transfer = std::pin::pin!(transfer);
        while let Some(event) = transfer.next().await {
            match event {
                TransferEvent::Progress { done, total } => progress.send((done, total)).await,
                TransferEvent::Finished(result) => return result,
            }
        }
        Err(TernError::new(
            ErrorKind::Filesystem,
            "The download stopped unexpectedly. Please try again.",
        )
        .with_text(Text::new("err-task-stopped")))
    })
}

/// What a file dialog answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// It answered faster than a person can: no dialog could be shown.
    NoDialog,
}

/// A dialog answering "nothing" this fast was never shown (rfd returns `None` at once
/// when there is no portal).
const NO_DIALOG: Duration = Duration::from_millis(250);

pub async fn save_dialog(dir: Option<PathBuf>, name: String) -> Picked {
    let started = Instant::now();
    let mut dialog = rfd::AsyncFileDialog::new().set_file_name(name);
    if let Some(d) = dir.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(d);
    }
    classify(dialog.save_file().await.map(|h| h.path().to_path_buf()), started)
}

pub async fn folder_dialog(dir: Option<PathBuf>) -> Picked {
    let started = Instant::now();
    let mut dialog = rfd::AsyncFileDialog::new();
    if let Some(d) = dir.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(d);
    }
    classify(
        dialog.pick_folder().await.map(|h| h.path().to_path_buf()),
        started,
    )
}

/// Asks for a certificate file (PEM).
pub async fn certificate_dialog() -> Picked {
    let started = Instant::now();
    let dialog = rfd::AsyncFileDialog::new().add_filter("PEM", &["pem", "crt", "cer"]);
    classify(dialog.pick_file().await.map(|h| h.path().to_path_buf()), started)
}

fn classify(path: Option<PathBuf>, started: Instant) -> Picked {
    match path {
        Some(p) => Picked::Path(p),
        None if started.elapsed() < NO_DIALOG => Picked::NoDialog,
        None => Picked::Cancelled,
    }
}

/// Opens a saved file with the desktop's default application, off the UI thread.
pub async fn open_file(path: PathBuf, confirmed: bool) -> Result<(), TernError> {
    tokio::task::spawn_blocking(move || open_with_default_app(&path, confirmed))
        .await
        .map_err(|e| {
            TernError::new(ErrorKind::Filesystem, e.to_string()).with_text(Text::new("err-task-stopped"))
        })?
}

/// Where "save" goes when no dialog can be shown: the last folder, else Downloads.
pub fn fallback_dir(last: Option<&PathBuf>) -> Option<PathBuf> {
    last.filter(|d| d.is_dir())
        .cloned()
        .or_else(|| directories::UserDirs::new().and_then(|u| u.download_dir().map(Path::to_path_buf)))
        .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()))
}
