//! `UID SEARCH` against the real Dovecot for mail whose text is not cached: the server
//! finds body words, non-ASCII names (sent as UTF-8 literals), Cc, flags and dates.

use tern::config::KeyringStore;
use tern::core::parse_query;
use tern::engine::{Tuning, open_connection};

use super::{special_messages, synced};
use crate::support::dovecot::Dovecot;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_finds_what_the_cache_cannot_yet() {
    let server = Dovecot::shared();
    let user = server.user("searchsrv");
    for (folder, m) in special_messages() {
        server.seed(&user, folder, [m]);
    }
    let (acct, cache) = synced(server, &user).await;
    // Nothing fetched: the cache cannot find body words.
    let local = cache
        .store
        .search_ids(&parse_query("numbers").expect("q"), Default::default(), None)
        .expect("local search");
    assert!(local.is_empty());

    let mut conn = open_connection(&acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    conn.select("INBOX").await.expect("select");
    // INBOX: UID 1 is Jürgen's (CJK subject and body), UID 2 Bob's (starred, unread, Cc carol).
    let cases: &[(&str, &[u32])] = &[
        ("numbers", &[2]),
        ("from:jürgen", &[1]),
        ("from:bob", &[2]),
        ("to:carol", &[2]),
        ("東京", &[1]),
        ("is:starred", &[2]),
        ("is:unread", &[2]),
        ("after:2024-02-01", &[1]),
        ("before:2024-02-01 \"quarterly numbers\"", &[2]),
        ("subject:numbers", &[]),
        ("", &[1, 2]),
    ];
    for (query, want) in cases {
        let q = parse_query(query).expect("query");
        let got = conn
            .search_uids(&q)
            .await
            .unwrap_or_else(|e| panic!("{query}: {}", e.message));
        assert_eq!(got, *want, "{query}");
    }
    conn.logout().await;
}
