//! Attachment downloads for the reader: `engine::save_part` with its progress callback
//! turned into a sipper (so `Task::sip` reports progress and the task can be aborted;
//! dropping the future removes the temp file), file dialogs, and opening files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use iced::task::{Sipper, sipper};

use super::super::super::secrets::Secrets;
use crate::config::AccountConfig;
use crate::core::{ErrorKind, TernError};
use crate::engine::{Tuning, open_connection, open_with_default_app, save_part};
use crate::store::MessageLocation;

/// (done, total) in encoded bytes.
pub type Progress = (u64, u64);

/// Downloads `part` into `dir`, reporting progress. Resolves to the saved file's path.
pub fn download(
    account: AccountConfig,
    secrets: Arc<Secrets>,
    tuning: Tuning,
    location: Arc<MessageLocation>,
    part: String,
    dir: PathBuf,
) -> impl Sipper<Result<PathBuf, TernError>, Progress> + Send + 'static {
    sipper(move |mut progress| async move {
        std::fs::create_dir_all(&dir).map_err(|e| {
            TernError::new(
                ErrorKind::Filesystem,
                format!("Could not create the folder {}: {e}", dir.display()),
            )
            .with_text(crate::core::Text::new("err-no-folder").arg("path", dir.display().to_string()))
        })?;
        let (tx, mut rx) = tokio::sync::watch::channel((0u64, 0u64));
        let mut report = move |done: u64, total: u64| {
            let _ = tx.send((done, total));
        };
        let timeouts = tuning.timeouts;
        let connect = || {
            let account = account.clone();
            let secrets = secrets.clone();
            async move { open_connection(&account, secrets.as_ref(), &timeouts).await }
        };
        let save = save_part(connect, &location, &part, &dir, &mut report);
        let mut save = std::pin::pin!(save);
        loop {
            tokio::select! {
                result = &mut save => return result,
                changed = rx.changed() => {
                    if changed.is_err() {
                        return save.await;
                    }
                    let value = *rx.borrow_and_update();
                    progress.send(value).await;
                }
            }
        }
    })
}

/// If the user gave the file another name in the save dialog, use it (the dialog
/// asked about replacing an existing file already).
pub fn rename_to_choice(saved: PathBuf, chosen: Option<&Path>) -> PathBuf {
    let Some(chosen) = chosen else { return saved };
    if chosen == saved || chosen.parent() != saved.parent() || chosen.file_name().is_none() {
        return saved;
    }
    match std::fs::rename(&saved, chosen) {
        Ok(()) => chosen.to_path_buf(),
        Err(_) => saved,
    }
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
        .map_err(|e| TernError::new(ErrorKind::Filesystem, e.to_string()))?
}

/// Where "save" goes when no dialog can be shown: the last folder, else Downloads.
pub fn fallback_dir(last: Option<&PathBuf>) -> Option<PathBuf> {
    last.filter(|d| d.is_dir())
        .cloned()
        .or_else(|| directories::UserDirs::new().and_then(|u| u.download_dir().map(Path::to_path_buf)))
        .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()))
}
