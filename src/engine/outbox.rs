//! Drafts and the outbox as the window and the CLI use them: durable rows in the user
//! database first, then the account worker sends (issue "Write mail").
//!
//! SKELETON: the signatures below are the contract for the composer (ui) and the CLI;
//! the bodies are filled in by the outbox work. `cache` is the cache database path
//! (the user database lives beside it, `store::user_db_path`).

use std::path::Path;

use crate::compose::Original;
use crate::config::AccountConfig;
use crate::core::{Draft, DraftId, ErrorKind, MessageId, OutboxEntry, OutboxId, TernError};

fn not_yet() -> TernError {
    TernError::new(ErrorKind::Store, "Drafts and the outbox are not available yet.")
}

/// Builds the draft's exact bytes and writes them to the outbox (synchronous=FULL)
/// before any network I/O; removes the local draft. Then poke the worker with
/// `Command::SendOutbox`.
pub fn queue(cache: &Path, account: &AccountConfig, draft: &Draft) -> Result<OutboxId, TernError> {
    let _ = (cache, account, draft);
    Err(not_yet())
}

/// The outbox, oldest first (all accounts).
pub fn entries(cache: &Path) -> Result<Vec<OutboxEntry>, TernError> {
    let _ = cache;
    Err(not_yet())
}

/// Cancels a message that has not started sending; it becomes a local draft again.
pub fn cancel(cache: &Path, id: OutboxId) -> Result<Option<DraftId>, TernError> {
    let _ = (cache, id);
    Err(not_yet())
}

/// What the composer needs to answer or forward a cached message (its body must be
/// cached: fetch it first with `Command::FetchBody`).
pub fn original(cache: &Path, id: MessageId) -> Result<Original, TernError> {
    let _ = (cache, id);
    Err(not_yet())
}

/// A draft from a message in the server's Drafts folder (also one written by another
/// client), to reopen it in the composer.
pub fn draft_from_message(cache: &Path, id: MessageId) -> Result<Draft, TernError> {
    let _ = (cache, id);
    Err(not_yet())
}
