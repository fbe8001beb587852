//! New-mail desktop notifications (issue 11 item 4).
//!
//! `batch` decides, without any I/O, which newly found messages deserve a notification:
//! one notification per batch found by IDLE or polling, never for the first sync of a
//! folder, for mail already `\Seen`, for Junk/Trash, while the window shows that folder
//! with focus, or when the account has notifications switched off. Showing the
//! notification (notify-rust) and the Fluent summary text are separate steps built on it.

pub mod batch;
