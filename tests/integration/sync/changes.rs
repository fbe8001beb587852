//! Changes by another client between syncs reach the cache, through QRESYNC, through
//! CONDSTORE alone, and through the plain path; and a UIDVALIDITY change (T-23).

use std::sync::OnceLock;

use tern::config::Security;
use tern::engine::SyncOptions;

use super::{Cache, account, assert_same, sync_once};
use crate::support::dovecot::{Dovecot, Options};
use crate::support::seed;

/// Dovecot 2.3's own list, minus what each fallback test must not see.
const CAPS_NO_QRESYNC: &str = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY \
    THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN \
    NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH \
    LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE";

pub(super) fn server_without(kind: &str) -> &'static Dovecot {
    static NO_QRESYNC: OnceLock<Dovecot> = OnceLock::new();
    static PLAIN: OnceLock<Dovecot> = OnceLock::new();
    match kind {
        "qresync" => NO_QRESYNC.get_or_init(|| {
            Dovecot::start(Options {
                capability: Some(CAPS_NO_QRESYNC.into()),
                ..Default::default()
            })
        }),
        _ => PLAIN.get_or_init(|| {
            Dovecot::start(Options {
                capability: Some(CAPS_NO_QRESYNC.replace(" CONDSTORE", "")),
                ..Default::default()
            })
        }),
    }
}

async fn another_client_changes_everything(server: &Dovecot, expect_qresync: bool, expect_condstore: bool) {
    let user = server.user("changes");
    server.seed(&user, "INBOX", seed::messages(3, 0, 300));
    server.seed(&user, "Old", seed::messages(4, 0, 20));
    server.seed(&user, "Temp", seed::messages(5, 0, 5));
    let acct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&acct);
    let opts = SyncOptions {
        first_window: 10,
        max_window: 100,
    };
    sync_once(&acct, &mut cache, opts).await;
    assert_same(server, &user, &cache.store, cache.id, &["INBOX", "Old", "Temp"]);

    let conn = tern::engine::open_connection(&acct, &tern::config::KeyringStore, &Default::default())
        .await
        .expect("connect");
    assert_eq!(conn.qresync_enabled(), expect_qresync);
    assert_eq!(conn.has("CONDSTORE"), expect_condstore);
    conn.logout().await;

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
    server.doveadm(&[
        "flags",
        "add",
        "-u",
        u,
        "\\Seen $Important",
        "mailbox",
        "INBOX",
        "uid",
        "40:60",
    ]);
    server.doveadm(&[
        "flags", "remove", "-u", u, "\\Seen", "mailbox", "INBOX", "uid", "1:30",
    ]);
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "5"]);
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "100:120"]);
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "300"]);
    for i in 0..3 {
        server.deliver(&user, "INBOX", &seed::message(6, i).raw);
    }
    server.doveadm(&["mailbox", "create", "-u", u, "Projects"]);
    server.doveadm(&["mailbox", "rename", "-u", u, "Old", "Older"]);
    server.doveadm(&["mailbox", "delete", "-u", u, "-r", "Temp"]);

    sync_once(&acct, &mut cache, opts).await;
    assert_same(
        server,
        &user,
        &cache.store,
        cache.id,
        &["INBOX", "Older", "Projects"],
    );
    for gone in ["Old", "Temp"] {
        assert!(
            cache.store.find_folder(cache.id, gone).expect("q").is_none(),
            "{gone} still cached"
        );
    }
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    assert_eq!(inbox.total, 300 - 1 - 21 - 1 + 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_arrive_through_qresync() {
    another_client_changes_everything(Dovecot::shared(), true, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_arrive_through_condstore_without_qresync() {
    another_client_changes_everything(server_without("qresync"), false, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_arrive_through_the_plain_path() {
    another_client_changes_everything(server_without("condstore"), false, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uidvalidity_change_rebuilds_the_folder() {
    let server = Dovecot::shared();
    let user = server.user("uidval");
    server.seed(&user, "INBOX", seed::messages(7, 0, 120));
    let acct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&acct);
    sync_once(&acct, &mut cache, SyncOptions::default()).await;
    let before = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");

    // New UIDVALIDITY, and the messages re-saved so UIDs no longer mean the same mail.
    let u = user.name.as_str();
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "1:60"]);
    for i in 0..60 {
        server.deliver(&user, "INBOX", &seed::message(7, i).raw);
    }
    server.doveadm(&["mailbox", "update", "-u", u, "--uid-validity", "12345", "INBOX"]);

    sync_once(&acct, &mut cache, SyncOptions::default()).await;
    let after = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    assert_ne!(before.marks.uidvalidity, after.marks.uidvalidity);
    assert_eq!(after.marks.uidvalidity, 12345);
    assert!(
        cache
            .store
            .cached_uids(before.id, before.marks.uidvalidity)
            .expect("old")
            .is_empty(),
        "stale rows left"
    );
    assert_same(server, &user, &cache.store, cache.id, &["INBOX"]);
}
