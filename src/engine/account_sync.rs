//! One pass over an account: the folder list, then every folder in the order people
//! look at them (INBOX, Drafts, Sent, ... then the rest).

use super::folder_sync::{FolderProgress, SyncOptions, sync_folder};
use crate::core::{AccountEvent, AccountId, ErrorKind, FolderId, TernError};
use crate::imap::Connection;
use crate::store::{Folder, Store};

/// Refreshes the folder list; returns whether it changed.
pub async fn sync_folder_list(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
) -> Result<bool, TernError> {
    let listed = conn.list_folders().await?;
    store.replace_folders(account, &listed)
}

/// Whether an error ends the whole connection (as opposed to one folder's trouble).
pub fn is_connection_error(e: &TernError) -> bool {
    !matches!(e.kind, ErrorKind::ServerRefused | ErrorKind::NotFound)
}

/// The folders a pass covers, in the order people look at them: every selectable one,
/// or just `only`. Refreshes the folder list first for a full pass.
pub async fn folders_for_pass(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    only: Option<FolderId>,
    emit: &mut (dyn FnMut(AccountEvent) + Send),
) -> Result<Vec<Folder>, TernError> {
    if only.is_none() && sync_folder_list(conn, store, account).await? {
        emit(AccountEvent::FoldersChanged);
    }
    Ok(store
        .folders(account)?
        .into_iter()
        .filter(|f| f.selectable && only.is_none_or(|id| id == f.id))
        .collect())
}

/// Syncs one folder, reporting progress and changes. A folder the server refuses is
/// reported and skipped (Ok); a connection error is returned.
pub async fn sync_one_folder(
    conn: &mut Connection,
    store: &mut Store,
    folder: &Folder,
    opts: SyncOptions,
    emit: &mut (dyn FnMut(AccountEvent) + Send),
) -> Result<(), TernError> {
    let result = {
        let mut report = |p: FolderProgress| {
            emit(AccountEvent::Progress {
                folder: p.folder,
                done: p.done,
                total: p.total,
            })
        };
        sync_folder(conn, store, folder, opts, &mut report).await
    };
    match result {
        Ok(outcome) => {
            if outcome.changed() {
                emit(AccountEvent::MessagesChanged { folder: folder.id });
            }
            if !outcome.arrived.is_empty() {
                emit(AccountEvent::NewMail {
                    folder: folder.id,
                    uids: outcome.arrived,
                });
            }
        }
        Err(e) if !is_connection_error(&e) => emit(AccountEvent::Error(e)),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Syncs the folder list and then `only` (one folder) or every selectable folder.
/// Events go to `emit`; folder-level refusals are reported and skipped, connection
/// errors end the pass.
pub async fn sync_account(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    only: Option<FolderId>,
    opts: SyncOptions,
    emit: &mut (dyn FnMut(AccountEvent) + Send),
) -> Result<(), TernError> {
    for folder in folders_for_pass(conn, store, account, only, emit).await? {
        sync_one_folder(conn, store, &folder, opts, emit).await?;
    }
    Ok(())
}
