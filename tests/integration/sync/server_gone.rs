//! The server goes away while the worker IDLEs (issue "What a new user meets", item 2):
//! Dovecot shuts down (BYE, then close). The account must turn Offline within seconds,
//! not sit "Online" with dead connections; when the server is back it turns Online and
//! the mail delivered meanwhile arrives.

use std::time::{Duration, Instant};

use tern::config::Security;
use tern::core::{AccountEvent, Connectivity};
use tern::engine::Tuning;
use tern::store::Store;

use super::running::Running;
use super::{Cache, account};
use crate::support::dovecot::{Dovecot, Options};
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_shuts_down_turns_the_account_offline_and_back() {
    // A private server: stopping the shared one would break other tests.
    let server = Dovecot::start(Options::default());
    // A keepalive far beyond the limits below: the IDLE connection's loss must be what
    // tells the worker.
    let (user, cache, mut worker) = synced_worker(&server, "gone", 120, 5, Duration::from_secs(3600)).await;
    // Let the IDLE connection settle into IDLE.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let stopped = Instant::now();
    server.stop();
    println!("the server took {} ms to stop", stopped.elapsed().as_millis());
    // Liveness: the worker goes Offline within a millisecond of the server's BYE, but
    // Dovecot's IMAP processes send it ~10 s after the master stopped; allow 60 s.
    worker
        .until(Duration::from_secs(60), |e| {
            matches!(e, AccountEvent::Connectivity(Connectivity::Offline))
        })
        .await
        .expect("the account turns Offline after the server went away");
    println!(
        "offline {} ms after the server stopped",
        stopped.elapsed().as_millis()
    );

    // Mail arrives while the server is down, as a local delivery agent would leave it:
    // a file in the Maildir's new/ (doveadm cannot run without the server).
    let new = user.maildir.join("new").join("1.M1P1.tern-outage");
    std::fs::create_dir_all(user.maildir.join("new")).expect("mkdir new");
    std::fs::write(&new, seed::message(121, 0).raw).expect("write mail");
    server.chown_tree(&user.maildir);
    server.restart();
    let back = Instant::now();
    // Liveness: the next reconnect attempt is at most backoff_max (2 s) away; allow 60 s.
    worker
        .until(Duration::from_secs(60), |e| {
            matches!(e, AccountEvent::Connectivity(Connectivity::Online))
        })
        .await
        .expect("the account turns Online when the server is back");
    let reader = Store::open_reader(&cache.path()).expect("reader");
    let inbox = reader.find_folder(cache.id, "INBOX").expect("q").expect("inbox");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if reader.folder(inbox.id).expect("q").is_some_and(|f| f.total == 6) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the mail delivered while the server was down did not arrive within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!(
        "online again and the new mail stored {} ms after the restart",
        back.elapsed().as_millis()
    );
    worker.stop().await;
}

/// Without IDLE's help (no IDLE connection reports the loss), the keepalive NOOP finds
/// a server that went away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keepalive_notices_a_server_that_went_away() {
    let server = Dovecot::start(Options {
        // No IDLE advertised: nothing but the keepalive reads the connection.
        capability: Some("IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE SORT UIDPLUS MOVE CONDSTORE QRESYNC SPECIAL-USE".into()),
        ..Options::default()
    });
    let (_user, _cache, mut worker) =
        synced_worker(&server, "gone-noidle", 122, 3, Duration::from_secs(2)).await;
    server.stop();
    // Liveness: within one keepalive (2 s) normally; allow 30 s.
    worker
        .until(Duration::from_secs(30), |e| {
            matches!(e, AccountEvent::Connectivity(Connectivity::Offline))
        })
        .await
        .expect("the keepalive notices the server is gone");
    worker.stop().await;
}

/// A user with `count` messages of `series` in INBOX and a worker past its first sync,
/// with production timings except a short backoff (so a test does not wait minutes for
/// a reconnect) and the given keepalive.
async fn synced_worker(
    server: &Dovecot,
    prefix: &str,
    series: u64,
    count: u64,
    keepalive: Duration,
) -> (crate::support::dovecot::User, Cache, Running) {
    let user = server.user(prefix);
    server.seed(&user, "INBOX", seed::messages(series, 0, count));
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    let tuning = Tuning {
        backoff_max: Duration::from_secs(2),
        keepalive,
        ..Tuning::default()
    };
    let mut worker = Running::start(acct, &cache, 1, tuning).await;
    worker
        .until(Duration::from_secs(60), |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first sync");
    (user, cache, worker)
}
