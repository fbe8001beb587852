//! New-mail desktop notifications (issue 11 item 4). The engine only reports which
//! UIDs arrived in a folder (`AccountEvent::NewMail`, never for a first sync); the UI
//! asks this module whether they deserve a notification and shows it.
//!
//! `batch` decides, without any I/O, which newly found messages deserve a notification:
//! one notification per batch found by IDLE or polling, never for the first sync of a
//! folder, for mail already `\Seen`, for Junk/Trash, while the window shows that folder
//! with focus, or when the account has notifications switched off. `collect` reads the
//! new rows from the cache for it; `show` puts the notification on the desktop.

pub mod batch;
pub mod collect;
pub mod show;

pub use batch::Batch;
pub use collect::{Viewer, batch_for};
pub use show::{Notice, Shown, show};
