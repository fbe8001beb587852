//! From the engine's report of new mail (folder and UIDs) to the notification's content:
//! reads the new rows and the folder's role from the cache, then applies `batch`'s rules.
//! Runs off the UI thread (it reads SQLite).

use super::batch::{Batch, FolderContext, NewMessage, notification_for};
use crate::core::{Flags, FolderId, FolderRole, TernError};
use crate::store::Store;

/// What only the window knows about an arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// The account's notification switch (settings.toml).
    pub account_enabled: bool,
    /// The window has focus and shows this folder.
    pub shown_with_focus: bool,
}

/// The notification for mail that arrived in `folder` with these UIDs, if it deserves
/// one. The engine reports arrivals only after a folder's first sync.
pub fn batch_for(
    store: &Store,
    folder: FolderId,
    uids: &[u32],
    viewer: Viewer,
) -> Result<Option<Batch>, TernError> {
    if !viewer.account_enabled || viewer.shown_with_focus || uids.is_empty() {
        return Ok(None);
    }
    let Some(info) = store.folder(folder)? else {
        return Ok(None);
    };
    let found: Vec<NewMessage> = store
        .arrivals(folder, uids)?
        .into_iter()
        .map(|m| NewMessage {
            id: m.id,
            uid: m.uid,
            sender: if m.from_name.trim().is_empty() {
                m.from_addr
            } else {
                m.from_name
            },
            subject: m.subject,
            seen: Flags(m.flags).contains(Flags::SEEN),
        })
        .collect();
    let context = FolderContext {
        account_enabled: viewer.account_enabled,
        first_sync: false,
        junk_or_trash: matches!(info.role, FolderRole::Junk | FolderRole::Trash),
        shown_with_focus: viewer.shown_with_focus,
    };
    Ok(notification_for(context, &found))
}
