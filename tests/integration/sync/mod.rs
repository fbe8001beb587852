//! Sync against the harness's real Dovecot (issue: account worker).

pub mod changes;
mod crash;
mod first_sync;
mod idle_push;
mod isolation;
mod outage;
mod password_wait;
mod push;
pub mod running;
mod secrets;
mod server_gone;
mod three_accounts;
mod vanished_overflow;

use std::collections::BTreeMap;
use std::path::PathBuf;

use tern::config::{AccountConfig, ImapConfig, KeyringStore, Security};
use tern::core::{AccountEvent, AccountId, Flags};
use tern::engine::{SyncOptions, Tuning, open_connection, sync_account};
use tern::store::Store;

use crate::support::dovecot::{Dovecot, User};

/// An account config for `user` on `server` (password through password_command).
pub fn account(server: &Dovecot, user: &User, security: Security) -> AccountConfig {
    AccountConfig {
        signature: String::new(),
        display_name: String::new(),
        smtp: None,
        name: user.name.clone(),
        email: format!("{}@example.org", user.name),
        imap: ImapConfig {
            host: "127.0.0.1".into(),
            port: if security == Security::Tls {
                server.imaps_port
            } else {
                server.imap_port
            },
            security,
            username: user.name.clone(),
            password_command: Some(format!("echo {}", user.password)),
            ca_file: Some(server.ca_file.clone()),
            auth: Default::default(),
            oauth: None,
        },
        pinned: Default::default(),
    }
}

/// A cache in a temp dir with the account's row.
pub struct Cache {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub id: AccountId,
}

impl Cache {
    pub fn new(account: &AccountConfig) -> Cache {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("cache.sqlite3")).expect("store");
        let id = store
            .ensure_account(&account.name, &account.email)
            .expect("account row");
        Cache { dir, store, id }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("cache.sqlite3")
    }
}

/// One full sync pass with the library (as the worker and `tern sync` do).
pub async fn sync_once(account: &AccountConfig, cache: &mut Cache, opts: SyncOptions) -> Vec<AccountEvent> {
    let mut conn = open_connection(account, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    let mut events = Vec::new();
    let mut emit = |e: AccountEvent| events.push(e);
    sync_account(&mut conn, &mut cache.store, cache.id, None, opts, &mut emit)
        .await
        .expect("sync");
    conn.logout().await;
    events
}

/// What the server has in a folder, from doveadm (an oracle independent of our code):
/// uid -> (flags bits, message-id).
pub fn server_state(server: &Dovecot, user: &User, folder: &str) -> BTreeMap<u32, (u32, String)> {
    let out = server.doveadm(&[
        "-f",
        "tab",
        "fetch",
        "-u",
        &user.name,
        "uid flags hdr.message-id",
        "mailbox",
        folder,
    ]);
    let mut map = BTreeMap::new();
    for line in out.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let Ok(uid) = cols[0].trim().parse::<u32>() else {
            continue;
        };
        let mut flags = Flags::default();
        for f in cols[1].split_whitespace() {
            if let Some(bit) = Flags::from_imap_name(f) {
                flags = flags.with(bit, true);
            }
        }
        map.insert(
            uid,
            (
                flags.0,
                cols[2]
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string(),
            ),
        );
    }
    map
}

/// The same from our cache.
pub fn cache_state(store: &Store, account: AccountId, folder: &str) -> BTreeMap<u32, (u32, String)> {
    let f = store
        .find_folder(account, folder)
        .expect("query")
        .unwrap_or_else(|| panic!("folder {folder} cached"));
    store
        .list_messages(f.id, 0, u32::MAX)
        .expect("list")
        .into_iter()
        .map(|m| (m.uid, (m.flags, m.message_id)))
        .collect()
}

/// Asserts cache == server for each folder, with a readable diff.
pub fn assert_same(server: &Dovecot, user: &User, store: &Store, account: AccountId, folders: &[&str]) {
    for folder in folders {
        let want = server_state(server, user, folder);
        let got = cache_state(store, account, folder);
        if want != got {
            let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(k)).take(10).collect();
            let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(k)).take(10).collect();
            let differ: Vec<_> = want
                .iter()
                .filter(|(k, v)| got.get(k).is_some_and(|g| g != *v))
                .take(5)
                .collect();
            panic!(
                "{folder}: server {} rows, cache {} rows; missing {missing:?}, extra {extra:?}, differing {differ:?}",
                want.len(),
                got.len()
            );
        }
    }
}
