//! T-25 with scaled timeouts: the network vanishes (no RST) while the worker IDLEs; mail
//! delivered meanwhile shows up soon after connectivity returns, and reconnects during
//! the outage stay at most about one a second.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tern::config::Security;
use tern::core::AccountEvent;
use tern::engine::Tuning;
use tern::imap::Timeouts;
use tern::store::Store;

use super::running::Running;
use super::{Cache, account};
use crate::support::dovecot::Dovecot;
use crate::support::proxy::Proxy;
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_mail_arrives_soon_after_a_silent_network_outage() {
    let server = Dovecot::shared();
    let user = server.user("outage");
    server.seed(&user, "INBOX", seed::messages(95, 0, 10));
    let proxy = Proxy::start(server.imaps_port).await;
    let mut acct = account(server, &user, Security::Tls);
    acct.imap.port = proxy.port;
    let cache = Cache::new(&acct);
    // Scaled down from production (60 s timeouts, 5 min IDLE renewal) to keep CI short.
    let tuning = Tuning {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            command: Duration::from_secs(2),
            ..Timeouts::default()
        },
        idle_renew: Duration::from_secs(3),
        poll_interval: Duration::from_secs(3600),
        backoff_max: Duration::from_secs(2),
        ..Tuning::default()
    };
    let mut worker = Running::start(acct, &cache, 1, tuning).await;
    worker
        .until(Duration::from_secs(30), |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first sync");
    tokio::time::sleep(Duration::from_secs(1)).await;

    // The network goes silent; new mail arrives on the server meanwhile.
    let before = proxy.faults.connections.load(Ordering::SeqCst);
    proxy.faults.blackhole.store(true, Ordering::SeqCst);
    server.deliver(&user, "INBOX", &seed::message(96, 0).raw);
    let outage = Duration::from_secs(8);
    tokio::time::sleep(outage).await;
    let attempts = proxy.faults.connections.load(Ordering::SeqCst) - before;
    proxy.faults.blackhole.store(false, Ordering::SeqCst);
    let back = Instant::now();

    let reader = Store::open_reader(&cache.path()).expect("reader");
    let inbox = reader.find_folder(cache.id, "INBOX").expect("q").expect("inbox");
    let mut arrived = None;
    // Liveness limit 30 s: normally a second or two (one backoff step and a resync).
    while back.elapsed() < Duration::from_secs(30) {
        if reader.folder(inbox.id).expect("q").is_some_and(|f| f.total == 11) {
            arrived = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let arrived = arrived.expect("the mail delivered during the outage arrived after it");
    println!(
        "outage {} s: {attempts} connection attempts; mail in the store {} ms after the network returned",
        outage.as_secs(),
        arrived.as_millis()
    );
    // Capped backoff: about one attempt a second at most (jitter allows a little over).
    assert!(
        attempts as u64 <= outage.as_secs() + 2,
        "{attempts} attempts in {outage:?}"
    );
    assert!(attempts >= 1, "the dead connection was never noticed");
    worker.stop().await;
}
