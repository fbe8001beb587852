//! Drafts kept locally while the user writes (user database, synchronous=FULL): saved
//! within 2 s of the last keystroke, so a crash loses at most that (issue "Write mail").
//! The worker stores a draft's copy on the server (`Command::SaveDraftOnServer`, see
//! `super::send`).

use std::path::Path;

use crate::core::{Draft, DraftId, TernError};
use crate::store::Store;

fn to_json(draft: &Draft) -> String {
    let mut d = draft.clone();
    d.id = None;
    serde_json::to_string(&d).unwrap_or_else(|_| "{}".into())
}

fn from_json(id: DraftId, json: &str) -> Draft {
    // A draft this build cannot read (a newer Tern's) still opens with what it can.
    let mut d: Draft = serde_json::from_str(json).unwrap_or_default();
    d.id = Some(id);
    d
}

/// Saves (inserts or replaces) a draft locally; returns its id. Called within 2 s of
/// the last keystroke, so a crash loses at most that.
pub fn save_draft(cache: &Path, draft: &Draft) -> Result<DraftId, TernError> {
    Store::open(cache)?.draft_save(draft.id, &draft.account, &to_json(draft))
}

/// Every local draft (to reopen after a crash), newest first.
pub fn drafts(cache: &Path) -> Result<Vec<Draft>, TernError> {
    Ok(Store::open(cache)?
        .drafts()?
        .into_iter()
        .map(|(id, json)| from_json(id, &json))
        .collect())
}

/// Forgets a local draft (discarded, or sent).
pub fn delete_draft(cache: &Path, id: DraftId) -> Result<(), TernError> {
    Store::open(cache)?.draft_delete(id)
}

/// One local draft by id (None when it was sent or discarded meanwhile).
pub fn load_draft(cache: &Path, id: DraftId) -> Result<Option<Draft>, TernError> {
    Ok(Store::open(cache)?.draft(id)?.map(|json| from_json(id, &json)))
}

/// Records where the draft's newest server copy is (after `SaveDraftOnServer`).
pub(crate) fn set_server_copy(
    store: &Store,
    id: DraftId,
    copy: Option<crate::core::ServerRef>,
) -> Result<(), TernError> {
    if let Some(json) = store.draft(id)? {
        let mut d = from_json(id, &json);
        d.server_copy = copy;
        store.draft_save(Some(id), &d.account, &to_json(&d))?;
    }
    Ok(())
}

pub(crate) fn load_in(store: &Store, id: DraftId) -> Result<Option<Draft>, TernError> {
    Ok(store.draft(id)?.map(|json| from_json(id, &json)))
}
