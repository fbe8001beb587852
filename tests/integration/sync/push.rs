//! The worker: events, IDLE push, and isolation between accounts.

use std::time::{Duration, Instant};

use tern::config::Security;
use tern::core::{AccountEvent, Command};
use tern::engine::Tuning;
use tern::store::Store;

use super::running::Running;
use super::{Cache, account};
use crate::support::dovecot::Dovecot;
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_brings_new_mail_into_the_store_quickly() {
    let server = Dovecot::shared();
    let user = server.user("idle");
    server.seed(&user, "INBOX", seed::messages(40, 0, 50));
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    // Polling is far away: only IDLE can deliver the mail in time.
    let tuning = Tuning {
        poll_interval: Duration::from_secs(3600),
        ..Tuning::default()
    };
    let mut worker = Running::start(acct, &cache, 7, tuning).await;
    assert_eq!((worker.ready.account, worker.ready.generation), (cache.id, 7));
    worker
        .until(Duration::from_secs(30), |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first sync");
    // Give the IDLE connection a moment to be established.
    tokio::time::sleep(Duration::from_millis(700)).await;

    let reader = Store::open_reader(&cache.path()).expect("reader");
    let inbox = reader.find_folder(cache.id, "INBOX").expect("q").expect("inbox");
    let started = Instant::now();
    server.deliver(&user, "INBOX", &seed::message(41, 0).raw);
    let wanted = seed::message_id(41, 0);
    let wanted = wanted.trim_matches(['<', '>']);
    let mut latency = None;
    // Liveness limit 30 s (>= 10x the normal ~0.6 s, still far from the hour-long poll);
    // the IDLE latency figure is the sync benchmark's P7 (tests/bench).
    while started.elapsed() < Duration::from_secs(30) {
        let rows = reader.list_messages(inbox.id, 0, 5).expect("list");
        if rows.iter().any(|m| m.message_id == wanted) {
            latency = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let latency = latency.expect("new mail reached the store through IDLE");
    println!(
        "IDLE latency: {} ms (Dovecot itself waits ~500 ms before notifying)",
        latency.as_millis()
    );
    worker.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_asks_for_credentials_instead_of_retrying() {
    let server = Dovecot::shared();
    let user = server.user("badpw");
    let mut acct = account(server, &user, Security::Tls);
    acct.imap.password_command = Some("echo wrong-password".into());
    let cache = Cache::new(&acct);
    let mut worker = Running::start(acct, &cache, 1, Tuning::default()).await;
    // Liveness: Dovecot delays a failed login by ~2 s; 30 s is over 10x that.
    let e = worker
        .until(Duration::from_secs(30), |e| {
            matches!(e, AccountEvent::AuthRequired(_))
        })
        .await
        .expect("auth required");
    let AccountEvent::AuthRequired(err) = e.event else {
        unreachable!()
    };
    assert!(err.message.contains("password"), "{}", err.message);
    assert!(
        !err.message.contains("wrong-password"),
        "the password leaked into the error"
    );
    worker.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_message_does_not_wait_for_a_long_first_sync() {
    let server = Dovecot::shared();
    let user = server.user("busy");
    server.seed(&user, "INBOX", seed::messages(60, 0, 10));
    server.seed(&user, "Archive", seed::messages(61, 0, 12_000));
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    // Small windows: the Archive pass takes many round trips.
    let sync = tern::engine::SyncOptions {
        first_window: 50,
        max_window: 200,
    };
    let mut worker = Running::start(
        acct,
        &cache,
        1,
        Tuning {
            sync,
            ..Tuning::default()
        },
    )
    .await;
    let reader = loop {
        let e = worker.next(Duration::from_secs(30)).await.expect("events");
        match e.event {
            AccountEvent::MessagesChanged { .. } => {
                let reader = Store::open_reader(&cache.path()).expect("reader");
                if reader
                    .find_folder(cache.id, "INBOX")
                    .expect("q")
                    .is_some_and(|f| f.total == 10)
                {
                    break reader;
                }
            }
            AccountEvent::SyncDone => panic!("the pass ended before the test could ask"),
            _ => {}
        }
    };
    let inbox = reader.find_folder(cache.id, "INBOX").expect("q").expect("inbox");
    let first = reader.list_messages(inbox.id, 0, 1).expect("list").remove(0);
    assert!(worker.handle.send(Command::FetchBody(first.id)));
    let mut body_before_done = None;
    loop {
        let e = worker.next(Duration::from_secs(60)).await.expect("events");
        match e.event {
            AccountEvent::BodyReady(id) if id == first.id => {
                body_before_done = body_before_done.or(Some(true))
            }
            AccountEvent::SyncDone => {
                body_before_done = body_before_done.or(Some(false));
                break;
            }
            _ => {}
        }
    }
    assert_eq!(
        body_before_done,
        Some(true),
        "the body waited for the whole first sync"
    );
    worker.stop().await;
}
