//! Folder management (issue 11 item 5): `tern folder create|rename|delete` and the
//! worker's ChangeFolder reach the real Dovecot (checked with doveadm) and the cache,
//! with non-ASCII names sent as modified UTF-7.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use tern::config::{Config, Security};
use tern::core::{AccountEvent, Command as WorkerCommand, FolderChange};
use tern::engine::Tuning;
use tern::store::{Folder, Store};

use crate::support::dovecot::{Dovecot, User};
use crate::support::seed;
use crate::sync::running::Running;
use crate::sync::{Cache, account};

fn tern(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tern"))
        .env("TERN_CONFIG_DIR", dir)
        .env("TERN_DATA_DIR", dir)
        .stdin(Stdio::null())
        .args(args)
        .output()
        .expect("run tern")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The server's folder names: decoded (UTF-8) and as sent on the wire (modified UTF-7).
fn server_folders(server: &Dovecot, user: &User) -> (Vec<String>, Vec<String>) {
    let list = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["mailbox", "list"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["-u", &user.name]);
        server
            .doveadm(&args)
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    (list(&[]), list(&["-7"]))
}

fn cached(dir: &Path, name: &str) -> Vec<Folder> {
    let store = Store::open_reader(&dir.join("cache.sqlite3")).expect("cache");
    let id = store.account_id(name).expect("q").expect("account");
    store.folders(id).expect("folders")
}

fn server_unread(server: &Dovecot, user: &User, folder: &str) -> u32 {
    server
        .doveadm(&["search", "-u", &user.name, "mailbox", folder, "unseen"])
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count() as u32
}

#[test]
fn cli_creates_renames_and_deletes_folders_with_non_ascii_names() {
    let server = Dovecot::shared();
    let user = server.user("folders");
    server.seed(&user, "INBOX", seed::messages(70, 0, 3));
    server.seed(&user, "Reisen", seed::messages(71, 0, 4));
    let acct = account(server, &user, Security::Tls);
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    Config {
        accounts: vec![acct.clone()],
    }
    .save(&dir.join("accounts.toml"))
    .expect("config");
    ok(&tern(dir, &["sync"]));

    // Create: umlauts below a new parent, and CJK.
    ok(&tern(dir, &["folder", "create", "Projekte/Köln 2027"]));
    ok(&tern(dir, &["folder", "create", "日本語"]));
    let (names, wire) = server_folders(server, &user);
    assert!(names.iter().any(|n| n == "Projekte/Köln 2027"), "{names:?}");
    assert!(names.iter().any(|n| n == "日本語"), "{names:?}");
    assert!(wire.iter().any(|n| n == "Projekte/K&APY-ln 2027"), "{wire:?}");
    assert!(wire.iter().any(|n| n == "&ZeVnLIqe-"), "{wire:?}");
    let folders = cached(dir, &acct.name);
    assert!(
        folders.iter().any(|f| f.path == "Projekte/Köln 2027"),
        "{folders:?}"
    );
    assert!(folders.iter().any(|f| f.path == "日本語"));

    // Rename keeps the cached messages and their unread count.
    let before = folders
        .iter()
        .find(|f| f.path == "Reisen")
        .expect("Reisen cached")
        .clone();
    assert_eq!(before.total, 4);
    ok(&tern(dir, &["folder", "rename", "Reisen", "Fahrten/Übersee"]));
    let (names, _) = server_folders(server, &user);
    assert!(names.iter().any(|n| n == "Fahrten/Übersee"), "{names:?}");
    assert!(!names.iter().any(|n| n == "Reisen"), "{names:?}");
    let folders = cached(dir, &acct.name);
    let after = folders
        .iter()
        .find(|f| f.path == "Fahrten/Übersee")
        .expect("renamed folder cached");
    assert_eq!(after.id, before.id, "the same cached folder, renamed");
    assert_eq!(after.total, 4);
    assert_eq!(after.unread, server_unread(server, &user, "Fahrten/Übersee"));
    assert!(!folders.iter().any(|f| f.path == "Reisen"));
    // A sync afterwards agrees (nothing fetched again, nothing lost).
    ok(&tern(dir, &["sync"]));
    let again = cached(dir, &acct.name);
    let synced = again.iter().find(|f| f.id == before.id).expect("still there");
    assert_eq!((synced.total, synced.unread), (after.total, after.unread));

    // Delete asks first, saying how many messages go with it.
    let asked = tern(dir, &["folder", "delete", "Fahrten/Übersee"]);
    assert!(!asked.status.success());
    let said = String::from_utf8_lossy(&asked.stderr);
    assert!(
        said.contains("holds 4 messages") && said.contains("--yes"),
        "{said}"
    );
    assert!(
        server_folders(server, &user)
            .0
            .iter()
            .any(|n| n == "Fahrten/Übersee")
    );
    ok(&tern(dir, &["folder", "delete", "Fahrten/Übersee", "--yes"]));
    ok(&tern(dir, &["folder", "delete", "日本語", "--yes"]));
    let (names, _) = server_folders(server, &user);
    assert!(
        !names.iter().any(|n| n == "Fahrten/Übersee" || n == "日本語"),
        "{names:?}"
    );
    let folders = cached(dir, &acct.name);
    assert!(
        !folders
            .iter()
            .any(|f| f.path == "Fahrten/Übersee" || f.path == "日本語")
    );

    // The Inbox stays; a missing folder is named.
    let inbox = tern(dir, &["folder", "delete", "INBOX", "--yes"]);
    assert!(!inbox.status.success());
    assert!(String::from_utf8_lossy(&inbox.stderr).contains("Inbox cannot"));
    let missing = tern(dir, &["folder", "rename", "Nowhere", "Else"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no folder “Nowhere”"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_changes_folders_online_and_refuses_offline() {
    let server = Dovecot::shared();
    let user = server.user("folders-worker");
    server.seed(&user, "INBOX", seed::messages(72, 0, 2));
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    let tuning = Tuning {
        poll_interval: Duration::from_secs(3600),
        ..Tuning::default()
    };
    let mut worker = Running::start(acct.clone(), &cache, 1, tuning.clone()).await;
    worker
        .until(Duration::from_secs(60), |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first sync");
    assert!(
        worker
            .handle
            .send(WorkerCommand::ChangeFolder(FolderChange::Create {
                path: "Entwürfe alt".into()
            }))
    );
    worker
        .until(Duration::from_secs(30), |e| {
            matches!(e, AccountEvent::FoldersChanged)
        })
        .await
        .expect("the folder list changed");
    assert!(
        server_folders(server, &user)
            .1
            .iter()
            .any(|n| n == "Entw&APw-rfe alt")
    );
    let store = Store::open_reader(&cache.path()).expect("reader");
    assert!(
        store
            .folders(cache.id)
            .expect("q")
            .iter()
            .any(|f| f.path == "Entwürfe alt")
    );
    worker.stop().await;

    // Offline (nothing listens on the port): refused at once, in plain words.
    let mut offline = acct.clone();
    offline.imap.port = 9;
    let mut worker = Running::start(offline, &cache, 2, tuning).await;
    worker
        .until(Duration::from_secs(30), |e| {
            matches!(e, AccountEvent::Connectivity(tern::core::Connectivity::Offline))
        })
        .await
        .expect("offline");
    assert!(
        worker
            .handle
            .send(WorkerCommand::ChangeFolder(FolderChange::Create {
                path: "Never".into()
            }))
    );
    let refused = worker
        .until(Duration::from_secs(30), |e| {
            matches!(e, AccountEvent::Error(err) if err.text.as_ref().is_some_and(|t| t.id == "err-offline-folder"))
        })
        .await;
    assert!(refused.is_some(), "offline folder change refused with a message");
    assert!(!server_folders(server, &user).0.iter().any(|n| n == "Never"));
    worker.stop().await;
}
