//! Drafts kept locally while the user writes (user database, synchronous=FULL): saved
//! within 2 s of the last keystroke, so a crash loses at most that (issue "Write mail").
//!
//! SKELETON: signatures are the contract between the composer (ui), the outbox and the
//! worker (which stores a draft's copy on the server, `Command::SaveDraftOnServer`).

use std::path::Path;

use crate::core::{Draft, DraftId, ErrorKind, TernError};

fn not_yet() -> TernError {
    TernError::new(ErrorKind::Store, "Drafts are not available yet.")
}

/// Saves (inserts or replaces) a draft locally; returns its id. Called within 2 s of
/// the last keystroke, so a crash loses at most that.
pub fn save_draft(cache: &Path, draft: &Draft) -> Result<DraftId, TernError> {
    let _ = (cache, draft);
    Err(not_yet())
}

/// Every local draft (to reopen after a crash), newest first.
pub fn drafts(cache: &Path) -> Result<Vec<Draft>, TernError> {
    let _ = cache;
    Err(not_yet())
}

/// Forgets a local draft (discarded, or sent).
pub fn delete_draft(cache: &Path, id: DraftId) -> Result<(), TernError> {
    let _ = (cache, id);
    Err(not_yet())
}

/// One local draft by id (None when it was sent or discarded meanwhile).
pub fn load_draft(cache: &Path, id: DraftId) -> Result<Option<Draft>, TernError> {
    let _ = (cache, id);
    Err(not_yet())
}
