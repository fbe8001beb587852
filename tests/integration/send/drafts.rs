//! Drafts: local saves, the server's Drafts folder keeps exactly one copy, a draft
//! written by another client reopens with its attachment and goes out; sending removes
//! the draft everywhere. Also the worker serving SaveDraftOnServer and SendOutbox.

use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use tern::config::{KeyringStore, Security};
use tern::core::{AccountEvent, Command, Draft, DraftAttachment, OutboxState};
use tern::engine::drafts::{drafts, load_draft, save_draft};
use tern::engine::outbox::{draft_from_message, queue};
use tern::engine::{Tuning, open_connection, save_draft_on_server};

use super::flows::{cached, run_outbox};
use super::{address, folder_files, sending_account, sha256, wait_for_messages};
use crate::support::dovecot::Dovecot;
use crate::sync::Cache;
use crate::sync::running::Running;

#[tokio::test]
async fn several_saves_leave_exactly_one_server_copy_and_sending_removes_it() {
    let server = Dovecot::shared();
    let me = server.user("draft-me");
    let rcpt = server.user("draft-rcpt");
    let account = sending_account(server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    let mut draft = Draft {
        account: account.name.clone(),
        to: vec![address(&rcpt)],
        subject: "Work in progress".into(),
        ..Draft::default()
    };
    let mut conn = open_connection(&account, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    for i in 1..=4 {
        draft.body = format!("version {i}\n");
        let id = save_draft(&cache.path(), &draft).expect("save locally");
        draft.id = Some(id);
        save_draft_on_server(&mut conn, &mut cache.store, &account, id)
            .await
            .expect("save on server");
        let files = folder_files(server, &me, "Drafts");
        assert_eq!(files.len(), 1, "after save {i}: {files:?}");
        let text = String::from_utf8_lossy(&std::fs::read(&files[0]).expect("read")).to_string();
        assert!(text.contains(&format!("version {i}")), "{text}");
        let name = files[0].to_string_lossy().to_string();
        assert!(
            name.ends_with(":2,DS") || name.contains(":2,DS"),
            "not \\Draft: {name}"
        );
        // The local row remembers where the copy is (and the composer's words).
        let local = load_draft(&cache.path(), id).expect("load").expect("exists");
        assert!(local.server_copy.is_some());
        draft.server_copy = local.server_copy;
    }
    conn.logout().await;
    assert_eq!(drafts(&cache.path()).expect("drafts").len(), 1);
    let sent = queue(&cache.path(), &account, &draft).expect("queue");
    assert!(
        drafts(&cache.path()).expect("drafts").is_empty(),
        "the local draft stays after Send"
    );
    run_outbox(&account, &mut cache).await;
    assert_eq!(
        cache.store.outbox_row(sent).expect("row").map(|r| r.entry.state),
        Some(OutboxState::Filed)
    );
    assert_eq!(wait_for_messages(server, &rcpt, "INBOX", 1).len(), 1);
    assert!(
        folder_files(server, &me, "Drafts").is_empty(),
        "the server copy stays after Send"
    );
}

#[tokio::test]
async fn a_draft_from_another_client_opens_with_its_attachment_and_sends() {
    let server = Dovecot::shared();
    let me = server.user("other-me");
    let rcpt = server.user("other-rcpt");
    let account = sending_account(server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&data);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    let mid = "other-client-draft@localhost";
    let raw = format!(
        "From: {me_addr}\r\nTo: Rcpt <{to}>\r\nBcc: hidden@localhost\r\nSubject: Half written\r\nMessage-ID: <{mid}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Dear Rcpt,\r\nmore later.\r\n--x\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"chart.png\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{body}\r\n--x--\r\n",
        me_addr = address(&me),
        to = address(&rcpt),
        body = lines.join("\r\n"),
    );
    // Another client's APPEND (doveadm save stores it like one).
    server.deliver(&me, "Drafts", raw.as_bytes());
    let id = cached(&account, &mut cache, "Drafts", mid).await;
    let mut draft = draft_from_message(&cache.path(), id).expect("reopen");
    assert_eq!(draft.to, vec![format!("Rcpt <{}>", address(&rcpt))]);
    assert_eq!(draft.bcc, vec!["hidden@localhost"]);
    assert_eq!(draft.subject, "Half written");
    assert!(draft.body.contains("Dear Rcpt,"), "{}", draft.body);
    assert_eq!(draft.attachments.len(), 1);
    assert!(matches!(&draft.attachments[0], DraftAttachment::Part { name, .. } if name == "chart.png"));
    assert!(draft.server_copy.is_some());
    draft.bcc.clear();
    draft.body.push_str("Done now.\n");
    queue(&cache.path(), &account, &draft).expect("queue");
    run_outbox(&account, &mut cache).await;
    let got = wait_for_messages(server, &rcpt, "INBOX", 1);
    assert_eq!(got.len(), 1);
    let m = MessageParser::default().parse(&got[0]).expect("parse");
    let att = m.attachments().next().expect("attachment");
    assert_eq!(att.attachment_name(), Some("chart.png"));
    assert_eq!(sha256(att.contents()), sha256(&data));
    assert!(
        folder_files(server, &me, "Drafts").is_empty(),
        "the other client's draft stays after Send"
    );
}

#[tokio::test]
async fn the_worker_saves_drafts_and_sends_on_command() {
    let server = Dovecot::shared();
    let me = server.user("worker-me");
    let rcpt = server.user("worker-rcpt");
    let account = sending_account(server, &me, Security::Tls);
    let cache = Cache::new(&account);
    let mut running = Running::start(account.clone(), &cache, 1, Tuning::default()).await;
    // 30 s limits: a pass over an empty account takes well under a second.
    let limit = Duration::from_secs(30);
    running
        .until(limit, |e| matches!(e, AccountEvent::SyncDone))
        .await
        .expect("first pass");
    let draft = Draft {
        account: account.name.clone(),
        to: vec![address(&rcpt)],
        subject: "From the worker".into(),
        body: "hello\n".into(),
        ..Draft::default()
    };
    let did = save_draft(&cache.path(), &draft).expect("save");
    assert!(running.handle.send(Command::SaveDraftOnServer(did)));
    // Done when the worker has recorded the server copy in the draft (a moment after the
    // APPEND put the file on the server): only then does sending know what to remove.
    let recorded = || {
        load_draft(&cache.path(), did)
            .expect("load")
            .is_some_and(|d| d.server_copy.is_some())
    };
    let deadline = tokio::time::Instant::now() + limit;
    while !recorded() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(folder_files(server, &me, "Drafts").len(), 1);
    let draft = load_draft(&cache.path(), did).expect("load").expect("exists");
    assert!(draft.server_copy.is_some(), "the worker recorded the server copy");
    let id = queue(&cache.path(), &account, &draft).expect("queue");
    assert!(running.handle.send(Command::SendOutbox));
    let sent = running
        .until(limit, |e| matches!(e, AccountEvent::Sent(_)))
        .await
        .expect("Sent event");
    assert!(matches!(sent.event, AccountEvent::Sent(x) if x == id));
    running
        .until(limit, |e| matches!(e, AccountEvent::OutboxChanged { waiting: 0 }))
        .await
        .expect("outbox empty");
    running.stop().await;
    assert_eq!(wait_for_messages(server, &rcpt, "INBOX", 1).len(), 1);
    assert!(folder_files(server, &me, "Drafts").is_empty());
    assert_eq!(folder_files(server, &me, "Sent").len(), 1);
}

#[tokio::test]
async fn a_draft_without_recipients_is_stored_and_reopens_with_its_bcc() {
    let server = Dovecot::shared();
    let me = server.user("nobody-me");
    let account = sending_account(server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    let mut conn = open_connection(&account, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    let mut draft = Draft {
        account: account.name.clone(),
        subject: "Ideas".into(),
        body: "not sure who gets this yet\n".into(),
        ..Draft::default()
    };
    let id = save_draft(&cache.path(), &draft).expect("save");
    save_draft_on_server(&mut conn, &mut cache.store, &account, id)
        .await
        .expect("no recipient yet");
    assert_eq!(folder_files(server, &me, "Drafts").len(), 1);
    draft = load_draft(&cache.path(), id).expect("load").expect("exists");
    draft.bcc = vec!["quiet@localhost".into()];
    save_draft(&cache.path(), &draft).expect("save");
    save_draft_on_server(&mut conn, &mut cache.store, &account, id)
        .await
        .expect("with bcc");
    conn.logout().await;
    let files = folder_files(server, &me, "Drafts");
    assert_eq!(files.len(), 1);
    let mid = MessageParser::default()
        .parse(&std::fs::read(&files[0]).expect("read"))
        .and_then(|m| m.message_id().map(str::to_string))
        .expect("message id");
    let cached_id = cached(&account, &mut cache, "Drafts", &mid).await;
    let reopened = draft_from_message(&cache.path(), cached_id).expect("reopen");
    assert_eq!(reopened.bcc, vec!["quiet@localhost"]);
    assert_eq!(reopened.subject, "Ideas");
    assert!(reopened.to.is_empty());
}
