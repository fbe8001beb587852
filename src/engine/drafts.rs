//! Drafts kept locally while the user writes (user database, synchronous=FULL): saved
//! within 2 s of the last keystroke, so a crash loses at most that (issue "Write mail").
//!
//! Each call opens the writer briefly (the composer saves about once a second while
//! typing, on the blocking pool). A row carries `open` while a composer shows it, so a
//! draft still open at start was left by a crash and is offered again, and `discarded`
//! once the user threw it away, until the worker removed its server copy.

use std::path::Path;

use crate::core::{Draft, DraftId, ServerRef, TernError};
use crate::store::Store;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Saves (inserts or replaces) a draft locally and marks it open; returns its id.
/// Called by the composer within 2 s of the last keystroke, so a crash loses at most
/// that. (The worker records a server copy with `set_server_copy` instead, which
/// leaves `open` alone.)
pub fn save_draft(cache: &Path, draft: &Draft) -> Result<DraftId, TernError> {
    Store::open(cache)?.save_draft(draft, now_ms())
}

/// Every local draft (to reopen after a crash), newest first; discarded ones left out.
pub fn drafts(cache: &Path) -> Result<Vec<Draft>, TernError> {
    Ok(Store::open(cache)?
        .drafts()?
        .into_iter()
        .map(|d| d.draft)
        .collect())
}

/// Drafts a composer still had open when Tern stopped (a crash or kill): newest first.
pub fn left_open(cache: &Path) -> Result<Vec<Draft>, TernError> {
    Ok(Store::open(cache)?
        .drafts()?
        .into_iter()
        .filter(|d| d.open)
        .map(|d| d.draft)
        .collect())
}

/// The worker stored the draft on the server: remember where (or that it is gone),
/// without touching the text or whether a composer has it open. False when the draft
/// was deleted meanwhile.
pub fn set_server_copy(cache: &Path, id: DraftId, server: Option<&ServerRef>) -> Result<bool, TernError> {
    Store::open(cache)?.set_draft_server_copy(id, server)
}

/// The composer closed the draft (kept, and stored on the server by the worker).
pub fn close_draft(cache: &Path, id: DraftId) -> Result<(), TernError> {
    Store::open(cache)?.set_draft_open(id, false)
}

/// The user discarded the draft: hidden at once; the row stays until the worker has
/// removed its server copy (`Command::DiscardDraftOnServer`) and calls `delete_draft`.
pub fn discard_draft(cache: &Path, id: DraftId) -> Result<(), TernError> {
    Store::open(cache)?.discard_draft(id)
}

/// Forgets a local draft (discarded and removed from the server, or sent).
pub fn delete_draft(cache: &Path, id: DraftId) -> Result<(), TernError> {
    Store::open(cache)?.delete_draft(id)
}

/// One local draft by id (None when it was sent or discarded meanwhile).
pub fn load_draft(cache: &Path, id: DraftId) -> Result<Option<Draft>, TernError> {
    Ok(Store::open(cache)?
        .draft_row(id)?
        .filter(|d| !d.discarded)
        .map(|d| d.draft))
}

/// A draft by id on an open store, discarded ones included (the worker still has to
/// remove their server copies).
pub(crate) fn load_in(store: &Store, id: DraftId) -> Result<Option<Draft>, TernError> {
    Ok(store.draft_row(id)?.map(|d| d.draft))
}
