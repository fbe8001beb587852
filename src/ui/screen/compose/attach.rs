//! Attaching files: the native dialog (rfd) or files dropped on the window. Sizes are
//! read on the blocking pool; the files themselves only when the message is built.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::Task;

use super::Message;
use crate::core::DraftAttachment;
use crate::fl;

/// Above this total the composer warns: many servers refuse messages over 25 MB (and
/// base64 makes the message a third larger than the files).
pub const LIMIT_BYTES: u64 = 25 * 1000 * 1000;

/// A dialog answering "nothing" this fast was never shown (rfd returns `None` at once
/// when there is no portal); the composer then says how else to attach.
const NO_DIALOG: Duration = Duration::from_millis(250);

pub fn total_size(attachments: &[DraftAttachment]) -> u64 {
    attachments
        .iter()
        .map(|a| match a {
            DraftAttachment::File { size, .. } | DraftAttachment::Part { size, .. } => *size,
        })
        .sum()
}

/// Opens the file dialog (several files may be chosen).
pub fn pick() -> Task<Message> {
    Task::future(async {
        let started = Instant::now();
        match rfd::AsyncFileDialog::new().pick_files().await {
            Some(files) => Message::Files(files.iter().map(|f| f.path().to_path_buf()).collect()),
            None if started.elapsed() < NO_DIALOG => Message::NoDialog,
            None => Message::Files(Vec::new()),
        }
    })
}

/// Reads each file's name and size off the UI thread; folders and unreadable files
/// come back as plain sentences.
pub fn read_sizes(paths: Vec<PathBuf>) -> Task<Message> {
    if paths.is_empty() {
        return Task::none();
    }
    Task::future(async move {
        let read = tokio::task::spawn_blocking(move || paths.into_iter().map(describe).collect()).await;
        Message::Attached(read.unwrap_or_default())
    })
}

fn describe(path: PathBuf) -> Result<DraftAttachment, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok(DraftAttachment::File {
            path,
            name,
            size: m.len(),
        }),
        Ok(_) => Err(fl!("compose-attach-not-file", name = name)),
        Err(e) => Err(fl!(
            "compose-attach-unreadable",
            name = name,
            reason = e.to_string()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::LIMIT_BYTES;
    use crate::core::{Draft, DraftAttachment};
    use crate::ui::screen::compose::Composer;

    fn with_files(mb: u64) -> Composer {
        let mut c = Composer::new(Draft::default(), &[], "A");
        c.attachments = vec![DraftAttachment::File {
            path: "f.bin".into(),
            name: "f.bin".into(),
            size: mb * 1_000_000,
        }];
        c
    }

    #[test]
    fn the_warning_follows_the_smaller_of_25_mb_and_the_servers_size() {
        let mut c = with_files(9);
        assert_eq!(c.limit(), LIMIT_BYTES);
        assert!(!c.over_limit());
        // A server that takes 10 MB messages: 9 MB of files grow to 12 MB in base64.
        c.server_limits.insert("A".into(), Some(10_000_000));
        assert_eq!(c.limit(), 7_500_000);
        assert!(c.over_limit());
        // A generous server does not raise the 25 MB rule.
        c.server_limits.insert("A".into(), Some(100_000_000));
        assert_eq!(c.limit(), LIMIT_BYTES);
        let c = with_files(26);
        assert!(c.over_limit());
    }
}
