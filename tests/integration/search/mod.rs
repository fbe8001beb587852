//! Search against mail synced from the harness's real Dovecot (issue 11 item 1): every
//! operator, phrases, umlauts and CJK, diacritic-insensitive matching, and 200 random
//! queries whose results must equal a full scan of the cache.

mod brute;
mod cli;
mod random;
mod server;

use std::collections::BTreeSet;

use base64::Engine as _;
use tern::config::{AccountConfig, KeyringStore, Security};
use tern::core::{MessageId, parse_query};
use tern::engine::{Tuning, fetch_body, open_connection};
use tern::store::SearchScope;

use crate::support::dovecot::{Dovecot, SeedMessage, User};
use crate::sync::{Cache, account, sync_once};

/// An RFC 2047 encoded word (headers stay 7-bit, as most mail is sent).
fn encoded(s: &str) -> String {
    format!(
        "=?UTF-8?B?{}?=",
        base64::engine::general_purpose::STANDARD.encode(s)
    )
}

/// Three messages in two folders with umlauts, CJK, Hangul, an attachment, flags and
/// dates either side of 2024-01-01. Returns (folder, message) pairs to seed.
pub fn special_messages() -> Vec<(&'static str, SeedMessage)> {
    let jurgen = format!(
        "From: {} <juergen@example.de>\r\nTo: Anna <anna@example.org>\r\nSubject: {}\r\n\
         Message-ID: <s1@search.test>\r\nDate: Sun, 10 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         Treffen in der Straße. 会議は東京で行います。\r\n",
        encoded("Jürgen Müller"),
        encoded("Größenänderung für 東京の会議")
    );
    let bob = format!(
        "From: Bob <bob@example.com>\r\nTo: {} <zoe@example.es>\r\nCc: carol@example.net\r\n\
         Subject: Quarterly report\r\nMessage-ID: <s2@search.test>\r\nDate: Sun, 31 Dec 2023 23:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain\r\n\r\nPlease find the quarterly numbers attached.\r\n--b\r\n\
         Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''Bilanz-%C3%9Cbersicht.pdf\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n",
        encoded("Zoë Ñúñez")
    );
    let carol = "From: carol@example.net\r\nTo: Bob <bob@example.com>\r\nSubject: Re: Quarterly report\r\n\
         Message-ID: <s3@search.test>\r\nIn-Reply-To: <s2@search.test>\r\nDate: Mon, 1 Jan 2024 00:30:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         안녕하세요, the numbers look fine.\r\n"
        .to_string();
    let seed = |raw: String, flags: &str, date: i64| SeedMessage {
        raw: raw.into_bytes(),
        maildir_flags: flags.into(),
        date,
    };
    vec![
        ("INBOX", seed(jurgen, "S", 1_710_064_800)),
        ("INBOX", seed(bob, "F", 1_704_063_600)),
        ("Archive", seed(carol, "S", 1_704_069_000)),
    ]
}

/// Syncs the user's mail into a fresh cache.
pub async fn synced(server: &Dovecot, user: &User) -> (AccountConfig, Cache) {
    let acct = account(server, user, Security::Tls);
    let mut cache = Cache::new(&acct);
    sync_once(&acct, &mut cache, Default::default()).await;
    (acct, cache)
}

/// Fetches the bodies of the given messages (as opening them in the reader does).
pub async fn fetch_bodies(acct: &AccountConfig, cache: &mut Cache, ids: &[MessageId]) {
    let mut conn = open_connection(acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    for id in ids {
        let loc = cache.store.message_location(*id).expect("q").expect("location");
        fetch_body(&mut conn, &mut cache.store, &loc)
            .await
            .expect("fetch body");
    }
    conn.logout().await;
}

fn subjects(cache: &Cache, query: &str, scope: SearchScope) -> BTreeSet<String> {
    let q = parse_query(query).unwrap_or_else(|e| panic!("{query}: {}", e.message));
    let ids = cache.store.search_ids(&q, scope, None).expect("search");
    let hits = cache.store.search_hits(&ids).expect("hits");
    assert_eq!(hits.len(), ids.len(), "{query}: every id has a row");
    hits.into_iter().map(|h| h.summary.subject).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operator_umlauts_cjk_and_diacritics() {
    let server = Dovecot::shared();
    let user = server.user("searchops");
    for (folder, m) in special_messages() {
        server.seed(&user, folder, [m]);
    }
    let (acct, mut cache) = synced(server, &user).await;
    cache.store.index_all_pending().expect("index");
    let all = SearchScope::default();
    let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let jurgen = "Größenänderung für 東京の会議";
    let (report, re_report) = ("Quarterly report", "Re: Quarterly report");

    // Before any body is fetched: headers and attachment names from the part tree.
    assert_eq!(
        subjects(&cache, "numbers", all),
        set(&[]),
        "bodies not fetched yet"
    );
    assert_eq!(subjects(&cache, "bilanz", all), set(&[report]), "attachment name");
    assert_eq!(subjects(&cache, "Übersicht", all), set(&[report]));

    let ids: Vec<MessageId> = cache
        .store
        .search_ids(&parse_query("").expect("q"), all, None)
        .expect("all");
    assert_eq!(ids.len(), 3);
    fetch_bodies(&acct, &mut cache, &ids).await;

    let cases: &[(&str, &[&str])] = &[
        ("numbers", &[report, re_report]),
        ("jurgen", &[jurgen]),
        ("from:Jürgen", &[jurgen]),
        ("from:muller", &[jurgen]),
        ("from:carol", &[re_report]),
        ("to:zoe", &[report]),
        ("to:nunez", &[report]),
        ("to:carol", &[report]),
        ("to:juergen", &[]),
        ("東京", &[jurgen]),
        ("京の会", &[jurgen]),
        ("subject:会議", &[jurgen]),
        ("行います", &[jurgen]),
        ("안녕", &[re_report]),
        ("größenänderung", &[jurgen]),
        ("Strasse", &[]),
        ("straße", &[jurgen]),
        ("\"quarterly report\"", &[report, re_report]),
        ("\"report quarterly\"", &[]),
        ("quart", &[report, re_report]),
        ("\"quart\"", &[]),
        ("subject:numbers", &[]),
        ("has:attachment", &[report]),
        ("is:unread", &[report]),
        ("is:starred", &[report]),
        ("is:unread is:starred has:attachment bob", &[report]),
        ("in:archive", &[re_report]),
        ("in:INBOX quarterly", &[report]),
        ("in:inbox in:archive quarterly", &[report, re_report]),
        ("before:2024-01-01", &[report]),
        ("after:2024-01-01", &[jurgen, re_report]),
        ("after:2024-01-01 before:2024-01-02", &[re_report]),
        ("Re: quarterly", &[report, re_report]),
        ("\"re\" quarterly", &[re_report]),
    ];
    for (query, want) in cases {
        assert_eq!(subjects(&cache, query, all), set(want), "query {query}");
    }
    // Scoped to a folder and to an account.
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    let in_inbox = SearchScope {
        account: None,
        folder: Some(inbox.id),
    };
    assert_eq!(subjects(&cache, "quarterly", in_inbox), set(&[report]));
    let other_account = SearchScope {
        account: Some(tern::core::AccountId(cache.id.0 + 1)),
        folder: None,
    };
    assert_eq!(subjects(&cache, "quarterly", other_account), set(&[]));
    // Newest first.
    let order = cache
        .store
        .search_ids(&parse_query("").expect("q"), all, None)
        .expect("all");
    let hits = cache.store.search_hits(&order).expect("hits");
    let dates: Vec<i64> = hits.iter().map(|h| h.summary.date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}
