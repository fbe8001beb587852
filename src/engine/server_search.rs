//! The server's half of a search (issue 11 item 1), shared by the window's account
//! worker and `tern search --server`: `UID SEARCH` in each folder in scope, answered as
//! ids of cached messages whose text is not cached (the local search already covers
//! the rest). A UID the cache does not hold yet (mail that arrived since the last pass)
//! has its folder synced first, so every answer opens like any message.

use super::account_sync::sync_one_folder;
use super::folder_sync::SyncOptions;
use crate::core::{AccountEvent, AccountId, ErrorKind, FolderId, MessageId, SearchQuery, TernError, Text};
use crate::imap::Connection;
use crate::store::{Folder, Store};

/// The folders of `account` a server search covers: `only`, or every selectable
/// folder, narrowed by the query's `in:` names (path or role, case-insensitive).
pub fn folders_to_search(
    store: &Store,
    account: AccountId,
    only: Option<FolderId>,
    query: &SearchQuery,
) -> Result<Vec<Folder>, TernError> {
    Ok(store
        .folders(account)?
        .into_iter()
        .filter(|f| f.selectable && only.is_none_or(|id| id == f.id))
        .filter(|f| {
            query.folders.is_empty()
                || query
                    .folders
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&f.path) || n.to_ascii_lowercase() == f.role.as_str())
        })
        .collect())
}

/// Runs `query` on the server in each of `folders`; returns the cached messages it
/// found whose text is not cached, honouring `has:attachment` from the cache's part
/// tree (the server cannot check it). Folder-level refusals skip that folder; a
/// connection error is returned.
pub async fn search_on_server(
    conn: &mut Connection,
    store: &mut Store,
    folders: &[Folder],
    query: &SearchQuery,
    sync: SyncOptions,
    emit: &mut (dyn FnMut(AccountEvent) + Send),
) -> Result<Vec<MessageId>, TernError> {
    let mut found = Vec::new();
    for folder in folders {
        let selected = match conn.select(&folder.raw_name).await {
            Ok(s) => s,
            Err(e) if super::account_sync::is_connection_error(&e) => return Err(e),
            Err(_) => continue,
        };
        let uids = conn.search_uids(query).await?;
        if uids.is_empty() {
            continue;
        }
        let stale = selected.uidvalidity != folder.marks.uidvalidity
            || !store
                .missing_uids(folder.id, selected.uidvalidity, &uids)?
                .is_empty();
        if stale {
            // Headers first: the answer names only messages the cache can show.
            sync_one_folder(conn, store, folder, sync, emit).await?;
        }
        found.extend(store.uncached_ids(folder.id, selected.uidvalidity, &uids)?);
    }
    if query.has_attachment {
        let hits = store.search_hits(&found)?;
        found = hits
            .into_iter()
            .filter(|h| h.summary.has_attachments)
            .map(|h| h.summary.id)
            .collect();
    }
    Ok(found)
}

/// Why server results are missing while offline (the window says it quietly).
pub fn offline_search_error() -> TernError {
    TernError::new(
        ErrorKind::Disconnected,
        "Only mail in this computer's cache was searched: searching the server needs a connection.",
    )
    .with_text(Text::new("search-server-offline"))
}
