//! One account's failure never stalls another (security-tests.md, multi-account
//! isolation): account A's server stalls mid-LIST or sends nesting that would crash the
//! parser; account B, on the harness Dovecot, syncs in normal time meanwhile.

use std::time::{Duration, Instant};

use tern::config::{AccountConfig, ImapConfig, Security};
use tern::core::{AccountEvent, ErrorKind};
use tern::engine::{SyncOptions, sync_account};
use tern::imap::{Endpoint, Timeouts, connect};

use super::{Cache, account, assert_same, sync_once};
use crate::support::certs::TestCa;
use crate::support::dovecot::Dovecot;
use crate::support::fake_server::{FakeServer, Reply, Script, When};
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_or_hostile_account_does_not_hold_up_another() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = TestCa::new(dir.path());
    let (cert, key) = ca.issue("fake", &["localhost", "127.0.0.1"]);
    let stalling = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&cert, &key).on(
        When::LoggedIn,
        "LIST",
        Reply::SendThenStall(b"* LIST () \"/\" INBOX\r\n".to_vec()),
    ))
    .await;
    let deep = format!("* 1 FETCH (BODYSTRUCTURE {}\r\n", "(".repeat(100_000));
    let hostile = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&cert, &key).on(
        When::LoggedIn,
        "LIST",
        Reply::send(deep),
    ))
    .await;

    let server = Dovecot::shared();
    let user = server.user("isolated");
    server.seed(&user, "INBOX", seed::messages(55, 0, 300));
    let good = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&good);

    let bad_account = |port: u16| AccountConfig {
        signature: String::new(),
        display_name: String::new(),
        smtp: None,
        name: format!("bad{port}"),
        email: "x@example.org".into(),
        imap: ImapConfig {
            host: "127.0.0.1".into(),
            port,
            security: Security::Tls,
            username: "x".into(),
            password_command: Some("echo pw".into()),
            ca_file: Some(ca.ca_cert_path()),
            auth: Default::default(),
            oauth: None,
        },
        pinned: Default::default(),
    };
    // The stalled account waits far longer than the good one's liveness limit below, so
    // a good account that waited on it could not pass.
    let timeouts = Timeouts {
        connect: Duration::from_secs(600),
        command: Duration::from_secs(600),
        ..Timeouts::default()
    };
    let run_bad = |acct: AccountConfig| {
        tokio::spawn(async move {
            let mut conn = connect(&Endpoint::from_config(&acct.imap), "x", "pw", &timeouts).await?;
            let dir = tempfile::tempdir().expect("tempdir");
            let mut store = tern::store::Store::open(&dir.path().join("c.sqlite3")).expect("store");
            let id = store.ensure_account(&acct.name, &acct.email).expect("row");
            let mut sink = |_e: AccountEvent| {};
            sync_account(&mut conn, &mut store, id, None, SyncOptions::default(), &mut sink).await
        })
    };
    let stalled = run_bad(bad_account(stalling.port()));
    let crashed = run_bad(bad_account(hostile.port()));

    let started = Instant::now();
    sync_once(&good, &mut cache, SyncOptions::default()).await;
    let took = started.elapsed();
    assert_same(server, &user, &cache.store, cache.id, &["INBOX"]);
    println!(
        "good account synced in {} ms while the others stalled/failed",
        took.as_millis()
    );
    // Liveness, not speed: 300 messages sync in about a second; 60 s is >= 10x that.
    assert!(
        took < Duration::from_secs(60),
        "the good account waited on the bad ones: {took:?}"
    );
    assert!(
        !stalled.is_finished(),
        "the stalled account should still be waiting on its server"
    );

    let err = crashed
        .await
        .expect("no panic")
        .expect_err("hostile nesting is refused");
    assert_eq!(err.kind, ErrorKind::MalformedServerData, "{err}");
    stalled.abort();
}
