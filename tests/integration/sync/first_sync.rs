//! First sync of a seeded account: every UID, flag, subject and Message-ID equals the
//! server's, across several folders; and the seeder's speed.

use std::time::Instant;

use tern::config::Security;
use tern::core::{AccountEvent, FolderRole};
use tern::engine::SyncOptions;

use super::{Cache, account, assert_same, sync_once};
use crate::support::dovecot::Dovecot;
use crate::support::seed;

const FOLDERS: &[(&str, u64)] = &[
    ("INBOX", 2000),
    ("Sent", 1200),
    ("Archive", 1000),
    ("Lists/Rust", 800),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_sync_of_5000_messages_matches_the_server() {
    let server = Dovecot::shared();
    let user = server.user("first");
    let started = Instant::now();
    let mut seeded = 0;
    for (i, (folder, n)) in FOLDERS.iter().enumerate() {
        seeded += server.seed(&user, folder, seed::messages(i as u64 + 1, 0, *n));
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {seeded} messages in {secs:.2} s ({:.0} msg/s)",
        seeded as f64 / secs
    );

    let acct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&acct);
    // Small windows so this test crosses many window boundaries.
    let opts = SyncOptions {
        first_window: 7,
        max_window: 450,
    };
    let events = sync_once(&acct, &mut cache, opts).await;
    assert!(events.iter().any(|e| matches!(e, AccountEvent::FoldersChanged)));
    let names: Vec<&str> = FOLDERS.iter().map(|(f, _)| *f).collect();
    assert_same(server, &user, &cache.store, cache.id, &names);

    // Roles from SPECIAL-USE, hierarchy decoded.
    let folders = cache.store.folders(cache.id).expect("folders");
    let role = |p: &str| folders.iter().find(|f| f.path == p).map(|f| f.role);
    assert_eq!(role("INBOX"), Some(FolderRole::Inbox));
    assert_eq!(role("Sent"), Some(FolderRole::Sent));
    assert_eq!(role("Archive"), Some(FolderRole::Archive));
    assert_eq!(role("Trash"), Some(FolderRole::Trash));
    assert_eq!(role("Lists/Rust"), Some(FolderRole::None));
    assert_eq!(folders[0].path, "INBOX", "INBOX sorts first");

    // Subjects and senders decoded (encoded words) exactly as generated.
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    let rows = cache.store.list_messages(inbox.id, 0, 5000).expect("list");
    assert_eq!(rows.len(), 2000);
    for m in rows.iter().step_by(97) {
        let i: u64 = m
            .subject
            .rsplit('#')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("subject ends with #i");
        assert_eq!(m.message_id, seed::message_id(1, i).trim_matches(['<', '>']));
        assert!(!m.from_addr.is_empty());
    }
    assert!(
        rows.iter().any(|m| m.subject.starts_with("Übersicht")),
        "UTF-8 subjects decoded"
    );
    assert!(
        rows.iter().any(|m| m.has_attachments),
        "attachments detected from BODYSTRUCTURE"
    );
    assert!(rows.windows(2).all(|w| w[0].date >= w[1].date), "newest first");

    // A second pass changes nothing.
    let again = sync_once(&acct, &mut cache, opts).await;
    assert!(
        !again
            .iter()
            .any(|e| matches!(e, AccountEvent::MessagesChanged { .. })),
        "{again:?}"
    );
    assert_same(server, &user, &cache.store, cache.id, &names);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_and_implicit_tls_both_sync() {
    let server = Dovecot::shared();
    let user = server.user("tlsmodes");
    server.seed(&user, "INBOX", seed::messages(9, 0, 30));
    for security in [Security::Tls, Security::Starttls] {
        let acct = account(server, &user, security);
        let mut cache = Cache::new(&acct);
        sync_once(&acct, &mut cache, SyncOptions::default()).await;
        assert_same(server, &user, &cache.store, cache.id, &["INBOX"]);
    }
}

#[test]
fn seeding_2000_messages_is_fast() {
    let server = Dovecot::shared();
    let user = server.user("seedspeed");
    let started = Instant::now();
    let n = server.seed(&user, "INBOX", seed::messages(42, 0, 2000));
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {n} messages in {secs:.2} s ({:.0} msg/s)",
        n as f64 / secs
    );
    assert_eq!(server.uids(&user, "INBOX").len(), 2000);
}
