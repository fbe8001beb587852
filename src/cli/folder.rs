//! `tern folder create|rename|delete`: folder changes on the server (issue 11 item 5),
//! then the cached folder list updated to match. Needs the server: offline it fails
//! with the connection's error and changes nothing.

use clap::Subcommand;

use super::sync::{runtime, selected_accounts};
use crate::config::{AccountConfig, Config, KeyringStore, Paths};
use crate::core::{ErrorKind, FolderChange, TernError};
use crate::engine::{Tuning, change_folder, open_connection, sync_folder_list};
use crate::imap::Connection;
use crate::store::{Folder, Store};

#[derive(Debug, Subcommand)]
pub enum FolderAction {
    /// Create a folder ("Parent/Child" creates it below Parent).
    Create {
        path: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Rename a folder (the whole new path), keeping its messages.
    Rename {
        from: String,
        to: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Delete a folder and its messages; without --yes only says how many it holds.
    Delete {
        path: String,
        #[arg(long)]
        account: Option<String>,
        /// Delete even though the folder holds messages.
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(paths: &Paths, config: &Config, action: FolderAction) -> Result<String, TernError> {
    let name = match &action {
        FolderAction::Create { account, .. }
        | FolderAction::Rename { account, .. }
        | FolderAction::Delete { account, .. } => account.as_deref(),
    };
    let accounts = selected_accounts(config, name)?;
    let [account] = accounts.as_slice() else {
        return Err(TernError::new(
            ErrorKind::Config,
            "Several accounts are configured: say which one with --account NAME.",
        ));
    };
    runtime()?.block_on(async {
        let mut store = Store::open(&paths.cache_db())?;
        let id = store.ensure_account(&account.name, &account.email)?;
        let mut conn = connect(account).await?;
        let result = apply(&mut conn, &mut store, id, action).await;
        conn.logout().await;
        result
    })
}

async fn connect(account: &AccountConfig) -> Result<Connection, TernError> {
    open_connection(account, &KeyringStore, &Tuning::default().timeouts).await
}

async fn apply(
    conn: &mut Connection,
    store: &mut Store,
    account: crate::core::AccountId,
    action: FolderAction,
) -> Result<String, TernError> {
    // The folder ids below come from the server's current list.
    sync_folder_list(conn, store, account).await?;
    let find = |store: &Store, path: &str| -> Result<Folder, TernError> {
        store
            .folders(account)?
            .into_iter()
            .find(|f| f.path == path)
            .ok_or_else(|| {
                TernError::new(
                    ErrorKind::NotFound,
                    format!("There is no folder “{path}” on the server. See `tern folders`."),
                )
            })
    };
    let (change, done) = match action {
        FolderAction::Create { path, .. } => {
            let done = format!("created “{path}”\n");
            (FolderChange::Create { path }, done)
        }
        FolderAction::Rename { from, to, .. } => {
            let folder = find(store, &from)?.id;
            let done = format!("renamed “{from}” to “{to}”\n");
            (FolderChange::Rename { folder, to }, done)
        }
        FolderAction::Delete { path, yes, .. } => {
            let folder = find(store, &path)?;
            if !yes {
                let held = conn.select(&folder.raw_name).await?.exists;
                return Err(TernError::new(
                    ErrorKind::NeedsConfirmation,
                    format!(
                        "“{path}” holds {held} messages; deleting the folder deletes them on the server for good. \
                         Run `tern folder delete \"{path}\" --yes` to go ahead."
                    ),
                ));
            }
            let done = format!("deleted “{path}”\n");
            (FolderChange::Delete { folder: folder.id }, done)
        }
    };
    change_folder(conn, store, account, &change).await?;
    Ok(done)
}
