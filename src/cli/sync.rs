//! `tern sync [--account NAME]`: sync every folder of every (or one) account once.
//! Accounts run concurrently so one slow or broken server never holds up another.

use std::io::Write as _;

use crate::config::{AccountConfig, Config, KeyringStore, Paths};
use crate::core::{AccountEvent, ErrorKind, TernError};
use crate::engine::{Tuning, open_connection, sync_account};
use crate::store::Store;

pub(super) fn selected_accounts<'a>(
    config: &'a Config,
    name: Option<&str>,
) -> Result<Vec<&'a AccountConfig>, TernError> {
    match name {
        Some(n) => config.account(n).map(|a| vec![a]).ok_or_else(|| {
            TernError::new(
                ErrorKind::NotFound,
                format!("There is no account named `{n}`. See `tern accounts`."),
            )
        }),
        None if config.accounts.is_empty() => Err(TernError::new(
            ErrorKind::Config,
            "No accounts are configured. Open Tern to add one, or edit accounts.toml.",
        )),
        None => Ok(config.accounts.iter().collect()),
    }
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, TernError> {
    tokio::runtime::Runtime::new().map_err(|e| {
        TernError::new(
            ErrorKind::Config,
            format!("Could not start the network runtime: {e}"),
        )
    })
}

async fn sync_one(paths: &Paths, account: &AccountConfig, tuning: &Tuning) -> Result<(), TernError> {
    let mut store = Store::open(&paths.cache_db())?;
    let id = store.ensure_account(&account.name, &account.email)?;
    let mut conn = open_connection(account, &KeyringStore, &tuning.timeouts).await?;
    // Folder names for progress lines: refresh the list first, then label by path.
    crate::engine::sync_folder_list(&mut conn, &mut store, id).await?;
    let names: std::collections::HashMap<_, _> =
        store.folders(id)?.into_iter().map(|f| (f.id, f.path)).collect();
    let mut emit = |e: AccountEvent| {
        if let AccountEvent::Progress { folder, done, total } = e {
            let label = names.get(&folder).map(String::as_str).unwrap_or("?");
            let _ = writeln!(std::io::stderr(), "{}: {label}: {done} of {total}", account.name);
        }
    };
    // Queued actions (tern flag/move/delete/archive, or the app while offline) first.
    let replayed = crate::engine::actions::replay(&mut conn, &mut store, id).await?;
    for c in replayed.conflicts {
        let _ = writeln!(std::io::stderr(), "{}: {c}", account.name);
    }
    if replayed.pending > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "{}: {} changes still waiting to sync",
            account.name,
            replayed.pending
        );
    }
    let result = sync_account(&mut conn, &mut store, id, None, tuning.sync, &mut emit).await;
    conn.logout().await;
    result
}

pub fn run(paths: &Paths, config: &Config, account: Option<&str>) -> Result<String, TernError> {
    let accounts = selected_accounts(config, account)?;
    let tuning = Tuning::default();
    let rt = runtime()?;
    let results = rt.block_on(futures::future::join_all(
        accounts.iter().map(|a| sync_one(paths, a, &tuning)),
    ));
    let mut failures = Vec::new();
    let mut out = String::new();
    for (a, r) in accounts.iter().zip(results) {
        match r {
            Ok(()) => out.push_str(&format!("{}: synced\n", a.name)),
            Err(e) => failures.push(format!("{}: {e}", a.name)),
        }
    }
    if failures.is_empty() {
        Ok(out)
    } else {
        print!("{out}");
        let kind = if failures.len() == accounts.len() {
            ErrorKind::Connect
        } else {
            ErrorKind::ServerRefused
        };
        Err(TernError::new(kind, failures.join("; ")))
    }
}
