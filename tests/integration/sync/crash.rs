//! Crash safety: kill -9 of `tern sync` at random moments (T-21), and a connection cut
//! in the middle of a FETCH by an in-test proxy (T-24).

use std::process::{Command, Stdio};
use std::time::Duration;

use tern::config::{Config, Security};
use tern::engine::SyncOptions;
use tern::store::Store;

use super::{Cache, account, assert_same, sync_once};
use crate::support::dovecot::Dovecot;
use crate::support::proxy::Proxy;
use crate::support::seed::{self, Rng};

fn write_config(dir: &std::path::Path, accounts: Vec<tern::config::AccountConfig>) {
    Config { accounts }
        .save(&dir.join("accounts.toml"))
        .expect("write accounts.toml");
}

fn tern_sync(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tern"));
    c.arg("sync")
        .env("TERN_CONFIG_DIR", dir)
        .env("TERN_DATA_DIR", dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn duplicates(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM message GROUP BY folder_id, uidvalidity, uid HAVING count(*) > 1)",
        [],
        |r| r.get(0),
    )
    .expect("query")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_sync_never_corrupts_or_duplicates() {
    let server = Dovecot::shared();
    let user = server.user("kill");
    let folders = [("INBOX", 2500u64), ("Sent", 1500), ("Archive", 1000)];
    for (i, (f, n)) in folders.iter().enumerate() {
        server.seed(&user, f, seed::messages(20 + i as u64, 0, *n));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let acct = account(server, &user, Security::Tls);
    write_config(dir.path(), vec![acct.clone()]);
    let db = dir.path().join("cache.sqlite3");
    let mut rng = Rng::new(2026);
    let mut killed = 0;
    for _ in 0..10 {
        let mut child = tern_sync(dir.path()).spawn().expect("spawn tern sync");
        let wait = Duration::from_millis(100 + rng.below(1900));
        std::thread::sleep(wait);
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("kill -9");
            killed += 1;
        }
        let _ = child.wait();
        if db.exists() {
            let store = Store::open(&db).expect("reopen after kill");
            assert_eq!(store.integrity_check().expect("check"), "ok");
            drop(store);
            assert_eq!(duplicates(&db), 0, "duplicate rows after kill");
        }
    }
    println!("killed {killed} of 10 runs mid-sync");
    let status = tern_sync(dir.path()).status().expect("final sync");
    assert!(status.success());
    let store = Store::open(&db).expect("open");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let id = store.account_id(&acct.name).expect("q").expect("account");
    let names: Vec<&str> = folders.iter().map(|(f, _)| *f).collect();
    assert_same(server, &user, &store, id, &names);
    assert_eq!(duplicates(&db), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_mid_fetch_stores_nothing_half_and_the_retry_completes() {
    let server = Dovecot::shared();
    let user = server.user("cut");
    server.seed(&user, "INBOX", seed::messages(31, 0, 400));
    let direct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&direct);
    let proxy = Proxy::start(server.imaps_port).await;
    let mut via_proxy = direct.clone();
    via_proxy.imap.port = proxy.port;
    let opts = SyncOptions {
        first_window: 50,
        max_window: 100,
    };
    // Sweep the cut point across greeting/TLS, LIST, and the middle of FETCH literals.
    for cut in [2_000u64, 9_000, 30_000, 61_000, 95_000, 140_000] {
        proxy
            .faults
            .cut_after
            .store(cut, std::sync::atomic::Ordering::SeqCst);
        let mut conn =
            match tern::engine::open_connection(&via_proxy, &tern::config::KeyringStore, &Default::default())
                .await
            {
                Ok(c) => c,
                Err(e) => {
                    assert!(
                        e.is_transient() || e.kind == tern::core::ErrorKind::Certificate,
                        "{e:?}"
                    );
                    continue;
                }
            };
        let mut sink = |_e| {};
        let r =
            tern::engine::sync_account(&mut conn, &mut cache.store, cache.id, None, opts, &mut sink).await;
        assert!(r.is_err(), "a cut after {cut} bytes must surface as an error");
        assert_eq!(duplicates(&cache.path()), 0);
        // Whatever was stored is consistent: every cached row exists on the server.
        if let Some(f) = cache.store.find_folder(cache.id, "INBOX").expect("q") {
            let server_uids = server.uids(&user, "INBOX");
            for uid in cache.store.cached_uids(f.id, f.marks.uidvalidity).expect("uids") {
                assert!(server_uids.contains(&uid));
            }
        }
    }
    proxy
        .faults
        .cut_after
        .store(0, std::sync::atomic::Ordering::SeqCst);
    sync_once(&via_proxy, &mut cache, opts).await;
    assert_same(server, &user, &cache.store, cache.id, &["INBOX"]);
}
