//! A message written in the window (simulator) and sent through the real worker and the
//! harness's submission chain (issue "Write mail", first test): two recipients and a
//! Bcc, a non-ASCII subject, a 2 MB and a 20 MB attachment. Both INBOXes (and the Bcc
//! recipient's) get the bytes the outbox stored, attachments byte-exact, no Bcc in the
//! delivered bytes, and the Sent copy is identical to what was submitted.

use std::sync::Arc;

use iced::widget::text_editor;
use tern::config::Security;
use tern::core::OutboxState;
use tern::store::Store;
use tern::ui::Message;
use tern::ui::screen::compose::{self, Field};
use tern::ui::screen::mailbox;

use super::Harness;
use super::compose::compose_msg;
use crate::send::{
    BigMessage, address, check_delivered, crlf, folder_files, sending_account, sha256, write_file,
};
use crate::support::dovecot::Dovecot;
use crate::support::seed;

#[test]
fn a_message_written_in_the_window_reaches_both_inboxes_with_its_attachments() {
    let server = Dovecot::shared();
    let sender = server.user("simsend");
    let (ann, bob, hidden) = (
        server.user("sim-ann"),
        server.user("sim-bob"),
        server.user("sim-hidden"),
    );
    server.seed(&sender, "INBOX", seed::messages(150, 0, 3));
    let account = sending_account(server, &sender, Security::Tls);
    let mut h = Harness::with_accounts(std::slice::from_ref(&account));
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 3
    });

    let files = tempfile::tempdir().expect("tempdir");
    let small = write_file(files.path(), "Übersicht 2MB.pdf", 2 << 20);
    let big = write_file(files.path(), "big.bin", 20 << 20);
    let subject = "Grüße aus dem Fenster — 東京 ✓";
    h.send(Message::Mailbox(mailbox::Message::Compose(None)));
    // The composer learned the sending server's SIZE (the harness advertises 50 MB).
    let learned = h
        .app
        .composer
        .as_ref()
        .and_then(|c| c.server_limits.get(&account.name).copied());
    assert!(
        matches!(learned, Some(Some(n)) if n >= 50_000_000),
        "SIZE limit learned: {learned:?}"
    );
    for m in [
        compose::Message::Address(Field::To, address(&ann)),
        compose::Message::ShowCcBcc,
        compose::Message::Address(Field::Cc, address(&bob)),
        compose::Message::Address(Field::Bcc, address(&hidden)),
        compose::Message::Subject(subject.into()),
        compose::Message::Edit(text_editor::Action::Edit(text_editor::Edit::Paste(Arc::new(
            "Hallo Ann, hallo Bob,\nhier sind die Dateien.\n".into(),
        )))),
        // What the file dialog or a drop on the window hands the composer.
        compose::Message::Files(vec![small.clone(), big.clone()]),
    ] {
        h.send(compose_msg(m));
    }
    let c = h.app.composer.as_ref().expect("composer");
    assert_eq!(c.attachments.len(), 2, "both files attached: {:?}", c.attachments);
    h.send(compose_msg(compose::Message::Send));

    // Liveness: sending 30 MB over loopback takes a few seconds; allow 120 s.
    let delivered_to_all = |_: &tern::ui::App| {
        [&ann, &bob, &hidden]
            .iter()
            .all(|u| !folder_files(server, u, "INBOX").is_empty())
            && !folder_files(server, &sender, "Sent").is_empty()
    };
    h.pump_until(
        120,
        "delivery to every recipient and the Sent copy",
        delivered_to_all,
    );
    assert!(h.app.composer.is_none(), "the composer closed after Send");

    // The exact bytes the window queued.
    let store = Store::open(&h.paths().cache_db()).expect("store");
    let entries = store.outbox_entries().expect("entries");
    assert_eq!(entries.len(), 1, "{entries:?}");
    let row = store.outbox_row(entries[0].id).expect("row").expect("exists");
    let submitted = row.bytes.clone();
    let want = BigMessage {
        submitted: &submitted,
        subject,
        to: &ann,
        cc: &bob,
        bcc: &hidden,
        attachments: [
            sha256(&std::fs::read(&small).expect("read")),
            sha256(&std::fs::read(&big).expect("read")),
        ],
    };
    for user in [&ann, &bob, &hidden] {
        let got = folder_files(server, user, "INBOX");
        assert_eq!(got.len(), 1, "{} got exactly one copy", user.name);
        check_delivered(&std::fs::read(&got[0]).expect("read delivered"), &want);
    }
    // One Sent copy, byte for byte what was submitted.
    let sent = folder_files(server, &sender, "Sent");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(crlf(&std::fs::read(&sent[0]).expect("read copy")), submitted);
    // Filed: the Sent copy is recorded and nothing waits in the outbox.
    let cache = h.paths().cache_db();
    h.pump_until(60, "the outbox row filed", |_| {
        Store::open_reader(&cache)
            .ok()
            .and_then(|s| s.outbox_entries().ok())
            .is_some_and(|e| e.first().is_some_and(|r| r.state == OutboxState::Filed))
    });
}
