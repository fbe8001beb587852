//! VANISHED responses are never lost silently (issue 16, item 7): async-imap keeps
//! untagged responses in a channel of 100 and drops what arrives when it is full. Here
//! the proxy puts 150 untagged `* OK` lines (legal server chatter) ahead of the real
//! Dovecot's answer to the QRESYNC resync, so its `VANISHED (EARLIER)` is dropped; the
//! sync must notice and compare UID sets instead of keeping expunged messages.

use tern::config::Security;
use tern::engine::SyncOptions;

use super::{Cache, account, assert_same, sync_once};
use crate::support::dovecot::Dovecot;
use crate::support::proxy::Proxy;
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vanished_dropped_by_a_full_unsolicited_channel_falls_back_to_a_uid_compare() {
    let server = Dovecot::shared();
    let user = server.user("vanishedflood");
    server.seed(&user, "INBOX", seed::messages(7, 0, 200));
    let proxy = Proxy::start(server.imap_port).await;
    let mut acct = account(server, &user, Security::Plain);
    acct.imap.port = proxy.port;
    let mut cache = Cache::new(&acct);
    sync_once(&acct, &mut cache, SyncOptions::default()).await;
    assert_same(server, &user, &cache.store, cache.id, &["INBOX"]);

    // Another session expunges many messages (and flags one, so the resync has work).
    let u = user.name.as_str();
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "10:60"]);
    server.doveadm(&["expunge", "-u", u, "mailbox", "INBOX", "uid", "150:170"]);
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

    let chatter: Vec<u8> = (0..150)
        .flat_map(|i| format!("* OK still working {i}\r\n").into_bytes())
        .collect();
    proxy
        .faults
        .inject_before_reply_to("UID FETCH * (CHANGEDSINCE * VANISHED)", chatter);
    sync_once(&acct, &mut cache, SyncOptions::default()).await;
    assert!(
        proxy.faults.inject_on_command.lock().expect("lock").is_empty(),
        "the resync never sent CHANGEDSINCE with VANISHED: {:?}",
        proxy.faults.sent_commands()
    );
    assert_same(server, &user, &cache.store, cache.id, &["INBOX"]);
}
