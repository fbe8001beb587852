//! New mail pushed through IDLE is fetched on the IDLE connection and stored without a
//! folder pass; flag changes and expunges made meanwhile still reach the cache, and the
//! next full resync finds nothing new to fetch (no duplicates, marks right).

use std::time::Duration;

use tern::config::{KeyringStore, Security};
use tern::core::AccountEvent;
use tern::engine::{SyncOptions, Tuning, open_connection, sync_folder};

use super::changes::server_without;
use super::running::Running;
use super::{Cache, account, cache_state, server_state};
use crate::support::dovecot::Dovecot;
use crate::support::seed;

/// Liveness limit: a push takes ~0.6 s (Dovecot's own delay); 30 s is far above 10x.
const LIVENESS: Duration = Duration::from_secs(30);

/// The server's UIDNEXT and HIGHESTMODSEQ of INBOX, from doveadm (independent of Tern).
fn server_marks(server: &Dovecot, user: &str) -> (u32, u64) {
    let out = server.doveadm(&[
        "-f",
        "flow",
        "mailbox",
        "status",
        "-u",
        user,
        "uidnext highestmodseq",
        "INBOX",
    ]);
    let field = |name: &str| {
        out.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("{name} in {out:?}"))
    };
    (field("uidnext=") as u32, field("highestmodseq="))
}

async fn pushes_keep_the_cache_right(server: &Dovecot, prefix: &str) {
    let user = server.user(prefix);
    server.seed(&user, "INBOX", seed::messages(90, 0, 30));
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    // Polling is an hour away: only IDLE can bring the changes in time.
    let tuning = Tuning {
        poll_interval: Duration::from_secs(3600),
        ..Tuning::default()
    };
    let mut worker = Running::start(acct.clone(), &cache, 1, tuning).await;
    worker
        .until(LIVENESS, |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first sync");
    // The IDLE connection, once in place, asks for one INBOX pass (mail may have come
    // while it connected); after that, pushes alone.
    worker
        .until(LIVENESS, |e| matches!(e, AccountEvent::Progress { .. }))
        .await
        .expect("the pass after the IDLE connection came up");
    while worker.next(Duration::from_millis(500)).await.is_some() {}

    // New mail: in the store with a NewMail event, and no folder pass on the way.
    server.deliver(&user, "INBOX", &seed::message(91, 0).raw);
    let mut passes = 0;
    let uids = loop {
        let e = worker.next(LIVENESS).await.expect("new mail pushed through IDLE");
        match e.event {
            AccountEvent::Progress { .. } => passes += 1,
            AccountEvent::NewMail { uids, .. } => break uids,
            _ => {}
        }
    };
    assert_eq!(uids, vec![31], "the new message's UID");
    assert_eq!(passes, 0, "a push of new mail ran a folder pass");
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    let wanted = seed::message_id(91, 0);
    let cached = cache_state(&cache.store, cache.id, "INBOX");
    assert_eq!(
        cached.get(&31).map(|(_, id)| id.as_str()),
        Some(wanted.trim_matches(['<', '>'])),
        "the pushed row"
    );
    assert_eq!(cached.len(), 31);
    let (uidnext, modseq) = server_marks(server, &user.name);
    let marks = cache.store.sync_marks(inbox.id).expect("q").expect("marks");
    assert_eq!(marks.uidnext, uidnext, "UIDNEXT after the push");
    assert!(
        marks.highestmodseq <= modseq,
        "the mark never runs ahead of the server"
    );

    // Another client flags one message and expunges another while Tern idles.
    let u = user.name.as_str();
    server.doveadm(&[
        "flags",
        "add",
        "-u",
        u,
        "\\Flagged",
        "mailbox",
        "INBOX",
        "uid",
        "3",
    ]);
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "5"]);
    let want = server_state(server, &user, "INBOX");
    assert_eq!(want.len(), 30);
    let deadline = tokio::time::Instant::now() + LIVENESS;
    while cache_state(&cache.store, cache.id, "INBOX") != want {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the flag change and the expunge did not reach the cache"
        );
        let _ = worker.next(Duration::from_millis(100)).await;
    }

    // Two more at once, then stop: a full resync must find nothing new.
    for i in 1..3 {
        server.deliver(&user, "INBOX", &seed::message(91, i).raw);
    }
    let deadline = tokio::time::Instant::now() + LIVENESS;
    while cache_state(&cache.store, cache.id, "INBOX").len() < 32 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the later mail did not arrive"
        );
        let _ = worker.next(Duration::from_millis(100)).await;
    }
    worker.stop().await;

    let mut store = tern::store::Store::open(&cache.path()).expect("store");
    let inbox = store.find_folder(cache.id, "INBOX").expect("q").expect("inbox");
    let mut conn = open_connection(&acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    let outcome = sync_folder(&mut conn, &mut store, &inbox, SyncOptions::default(), &mut |_| {})
        .await
        .expect("resync");
    conn.logout().await;
    assert_eq!(outcome.new_rows, 0, "the resync fetched headers again");
    assert!(
        outcome.arrived.is_empty(),
        "the resync found mail the push missed"
    );
    assert_eq!(
        cache_state(&store, cache.id, "INBOX"),
        server_state(server, &user, "INBOX")
    );
    let (uidnext, modseq) = server_marks(server, &user.name);
    let marks = store.sync_marks(inbox.id).expect("q").expect("marks");
    assert_eq!((marks.uidnext, marks.low_uid), (uidnext, 1));
    if marks.highestmodseq != 0 {
        assert_eq!(marks.highestmodseq, modseq, "HIGHESTMODSEQ after the resync");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_with_qresync_keep_the_cache_right() {
    pushes_keep_the_cache_right(Dovecot::shared(), "pushq").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_with_condstore_alone_keep_the_cache_right() {
    pushes_keep_the_cache_right(server_without("qresync"), "pushc").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_without_condstore_keep_the_cache_right() {
    pushes_keep_the_cache_right(server_without("condstore"), "pushp").await;
}

/// More new mail at once than the IDLE connection fetches itself (a bulk move into
/// INBOX): the worker's full sync takes it, in its bounded windows, and misses nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_arrival_while_idling_reaches_the_cache_whole() {
    let server = Dovecot::shared();
    let user = server.user("pushbulk");
    // Delivered, not seeded: the bulk seed below then writes the only files it names.
    for i in 0..3 {
        server.deliver(&user, "INBOX", &seed::message(92, i).raw);
    }
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    let tuning = Tuning {
        poll_interval: Duration::from_secs(3600),
        ..Tuning::default()
    };
    let mut worker = Running::start(acct, &cache, 1, tuning).await;
    worker
        .until(LIVENESS, |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first sync");
    worker
        .until(LIVENESS, |e| matches!(e, AccountEvent::Progress { .. }))
        .await
        .expect("the pass after the IDLE connection came up");

    server.seed(&user, "INBOX", seed::messages(93, 0, 1200));
    let want = server_state(server, &user, "INBOX");
    assert_eq!(want.len(), 1203);
    // Liveness: seeding and syncing 1200 headers takes a few seconds; 60 s is far above.
    let deadline = tokio::time::Instant::now() + 2 * LIVENESS;
    while cache_state(&cache.store, cache.id, "INBOX") != want {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bulk arrival did not reach the cache whole"
        );
        let _ = worker.next(Duration::from_millis(200)).await;
    }
    worker.stop().await;
}
