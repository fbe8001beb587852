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

/// What the worker's (and `tern search --server`'s) server search answers for `text`.
async fn server_ids(
    conn: &mut tern::imap::Connection,
    store: &mut tern::store::Store,
    account: tern::core::AccountId,
    text: &str,
) -> Vec<tern::core::MessageId> {
    use tern::engine::{SyncOptions, folders_to_search, search_on_server};
    let q = parse_query(text).expect("query");
    let folders = folders_to_search(store, account, None, &q).expect("folders");
    search_on_server(conn, store, &folders, &q, SyncOptions::default(), &mut |_| {})
        .await
        .unwrap_or_else(|e| panic!("{text}: {}", e.message))
}

/// The worker's (and `tern search --server`'s) part: ids of cached messages whose text
/// is not cached; mail that arrived after the last sync has its header fetched first,
/// so it opens like any message; `in:` and `has:attachment` narrow the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_results_are_cached_ids_and_new_mail_gets_its_header_first() {
    let server = Dovecot::shared();
    let user = server.user("searchsrvnew");
    for (folder, m) in special_messages() {
        server.seed(&user, folder, [m]);
    }
    let (acct, mut cache) = synced(server, &user).await;
    // New mail the cache has not seen: only its body says "pelican".
    server.deliver(
        &user,
        "INBOX",
        b"From: Dora <dora@example.org>\r\nTo: searchsrvnew@example.org\r\nSubject: Birds\r\n\
          Message-ID: <s4@search.test>\r\nDate: Tue, 2 Apr 2024 09:00:00 +0000\r\n\r\nA pelican landed.\r\n",
    );
    let all = |cache: &crate::sync::Cache, text: &str| {
        cache
            .store
            .search_ids(&parse_query(text).expect("q"), Default::default(), None)
            .expect("ids")
    };
    assert_eq!(all(&cache, "").len(), 3, "the new mail is not cached yet");

    let mut conn = open_connection(&acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    let id = cache.id;
    let pelican = server_ids(&mut conn, &mut cache.store, id, "pelican").await;
    assert_eq!(pelican.len(), 1, "the new message, its header fetched first");
    let hits = cache.store.search_hits(&pelican).expect("hits");
    assert_eq!(hits[0].summary.subject, "Birds");

    // Without words the cache answers alone: the server is not asked.
    assert!(
        server_ids(&mut conn, &mut cache.store, id, "is:starred")
            .await
            .is_empty()
    );
    for (text, want) in [
        ("numbers", &["Quarterly report", "Re: Quarterly report"][..]),
        ("numbers in:archive", &["Re: Quarterly report"][..]),
        ("numbers has:attachment", &["Quarterly report"][..]),
    ] {
        let ids = server_ids(&mut conn, &mut cache.store, id, text).await;
        let mut got: Vec<String> = cache
            .store
            .search_hits(&ids)
            .expect("hits")
            .into_iter()
            .map(|h| h.summary.subject)
            .collect();
        got.sort();
        assert_eq!(got, want, "{text}");
    }

    // Once a text is cached, the local search finds it: the server's answer leaves it out.
    cache.store.index_all_pending().expect("index");
    let bob = all(&cache, "from:bob");
    assert_eq!(bob.len(), 1);
    super::fetch_bodies(&acct, &mut cache, &bob).await;
    let ids = server_ids(&mut conn, &mut cache.store, id, "numbers").await;
    assert_eq!(ids.len(), 1, "only the uncached one: {ids:?}");
    assert!(!ids.contains(&bob[0]));
    conn.logout().await;
}
