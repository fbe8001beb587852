//! Issue 15 item 4: a person with three accounts runs `tern sync`, which syncs them
//! concurrently into one cache. Each account's writer must wait for the others' write
//! transactions instead of failing with "database is locked" (the scale benchmark
//! found two of three accounts failing that way, each mid-sync).

use std::process::Command;

use tern::config::{Config, Security};
use tern::store::Store;

use super::account;
use crate::support::dovecot::Dovecot;
use crate::support::seed;

#[test]
fn three_accounts_sync_at_once_into_one_cache() {
    let server = Dovecot::shared();
    let users: Vec<_> = (0..3).map(|_| server.user("three")).collect();
    for (i, user) in users.iter().enumerate() {
        server.seed(user, "INBOX", seed::messages(300 + i as u64, 0, 2_000));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let accounts: Vec<_> = users.iter().map(|u| account(server, u, Security::Tls)).collect();
    Config {
        accounts: accounts.clone(),
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_tern"))
        .arg("sync")
        .env("TERN_CONFIG_DIR", dir.path())
        .env("TERN_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("run tern sync");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "every account synced: {err}");
    assert!(!err.contains("locked"), "{err}");
    let store = Store::open_reader(&dir.path().join("data").join("cache.sqlite3")).expect("cache");
    for (a, user) in accounts.iter().zip(&users) {
        let id = store.account_id(&a.name).expect("query").expect("account row");
        let inbox = store.find_folder(id, "INBOX").expect("query").expect("INBOX");
        let uids = server.uids(user, "INBOX");
        assert_eq!(uids.len(), 2_000);
        assert_eq!(inbox.total as usize, uids.len(), "{} has every message", a.name);
    }
}
