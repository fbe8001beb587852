//! Creating, renaming and deleting folders on the server (issue 11 item 5), then
//! bringing the cached folder list in line so counts and names are right at once.

use super::account_sync::sync_folder_list;
use crate::core::{AccountId, ErrorKind, FolderChange, FolderId, FolderRole, TernError, Text};
use crate::imap::{Connection, decode_mailbox_name, encode_mailbox_name};
use crate::store::{Folder, Store};

/// Applies `change` on the server, then refreshes the cached folder list. A rename keeps
/// the folder's cached messages (and those of its subfolders).
pub async fn change_folder(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    change: &FolderChange,
) -> Result<(), TernError> {
    match change {
        FolderChange::Create { path } => {
            let path = path.trim();
            if path.is_empty() {
                return Err(TernError::new(ErrorKind::Config, "Give the folder a name.")
                    .with_text(Text::new("err-folder-name-empty")));
            }
            conn.create_new_folder(&encode_mailbox_name(path)).await?;
        }
        FolderChange::Rename { folder, to } => {
            let to = to.trim();
            if to.is_empty() {
                return Err(TernError::new(ErrorKind::Config, "Give the folder a name.")
                    .with_text(Text::new("err-folder-name-empty")));
            }
            let old = changeable(store, *folder)?;
            let new_raw = encode_mailbox_name(to);
            conn.rename_folder(&old.raw_name, &new_raw).await?;
            let renames: Vec<(FolderId, String, String)> = store
                .folders(account)?
                .into_iter()
                .filter_map(|f| {
                    let rest = if f.raw_name == old.raw_name {
                        ""
                    } else {
                        let below = f.raw_name.strip_prefix(&old.raw_name)?;
                        below
                            .strip_prefix(old.delimiter.as_str())
                            .filter(|_| !old.delimiter.is_empty())?;
                        below
                    };
                    let raw = format!("{new_raw}{rest}");
                    let path = decode_mailbox_name(&raw);
                    Some((f.id, raw, path))
                })
                .collect();
            store.rename_folders(&renames)?;
        }
        FolderChange::Delete { folder } => {
            let old = changeable(store, *folder)?;
            conn.delete_folder(&old.raw_name).await?;
        }
    }
    sync_folder_list(conn, store, account).await?;
    Ok(())
}

/// The folder, unless it is the Inbox (which every server keeps).
fn changeable(store: &Store, folder: FolderId) -> Result<Folder, TernError> {
    let f = store.folder(folder)?.ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            "This folder is gone from the server already. The folder list will update on the next sync.",
        )
        .with_text(Text::new("err-folder-missing"))
    })?;
    if f.role == FolderRole::Inbox {
        return Err(
            TernError::new(ErrorKind::Config, "The Inbox cannot be renamed or deleted.")
                .with_text(Text::new("err-folder-inbox")),
        );
    }
    Ok(f)
}

/// Folder changes need the server at once (they are not queued like message actions).
pub fn offline_folder_error() -> TernError {
    TernError::new(
        ErrorKind::Disconnected,
        "Folders can be created, renamed or deleted only while the server can be reached. Try again when the account is online.",
    )
    .with_text(Text::new("err-offline-folder"))
}
