//! Reply, reply-all and forward through the library as the window uses it (original ->
//! respond -> queue -> the worker's outbox run), and the outbox across an outage.

use mail_parser::{MessageParser, MimeHeaders};
use tern::compose::respond;
use tern::config::{AccountConfig, KeyringStore, Security};
use tern::core::{AccountEvent, MessageId, OutboxState, ReplyKind};
use tern::engine::outbox::{identity_of, original, queue};
use tern::engine::{SyncOptions, Tuning, fetch_body, open_connection, send_outbox};

use super::{address, as_submitted, sending_account, sha256, wait_for_messages};
use crate::support::dovecot::{Dovecot, User};
use crate::sync::{Cache, server_state, sync_once};

/// Syncs, finds the message with `message_id` in `folder` and caches its body.
pub async fn cached(account: &AccountConfig, cache: &mut Cache, folder: &str, message_id: &str) -> MessageId {
    sync_once(account, cache, SyncOptions::default()).await;
    let f = cache
        .store
        .find_folder(cache.id, folder)
        .expect("find folder")
        .expect("folder cached");
    let list = cache.store.list_messages(f.id, 0, 1000).expect("list");
    let id = list
        .iter()
        .find(|m| m.message_id == message_id)
        .map(|m| m.id)
        .expect("message cached");
    let loc = cache.store.message_location(id).expect("loc").expect("exists");
    let mut conn = open_connection(account, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    fetch_body(&mut conn, &mut cache.store, &loc).await.expect("body");
    conn.logout().await;
    id
}

/// Runs the account's outbox once with an IMAP connection; returns the events.
pub async fn run_outbox(account: &AccountConfig, cache: &mut Cache) -> Vec<AccountEvent> {
    let mut conn = open_connection(account, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    let events = std::sync::Mutex::new(Vec::new());
    let emit = |e: AccountEvent| events.lock().expect("lock").push(e);
    send_outbox(Some(&mut conn), &mut cache.store, account, &KeyringStore, &emit)
        .await
        .expect("outbox run");
    conn.logout().await;
    events.into_inner().expect("events")
}

fn original_message(
    from: &User,
    to: &[&User],
    cc: &[&User],
    with_attachment: Option<&[u8]>,
) -> (String, Vec<u8>) {
    let id = format!("orig-{}-{}@localhost", from.name, rand_suffix());
    let list = |us: &[&User]| us.iter().map(|u| address(u)).collect::<Vec<_>>().join(", ");
    let mut raw = format!(
        "From: Ann Sender <{}>\r\nTo: {}\r\nCc: {}\r\nSubject: AW: Re: Quarterly plan\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n\
         Message-ID: <{id}>\r\nReferences: <root@localhost> <mid@localhost>\r\nMIME-Version: 1.0\r\n",
        address(from),
        list(to),
        list(cc)
    );
    match with_attachment {
        None => raw.push_str("Content-Type: text/plain; charset=utf-8\r\n\r\nFirst line\r\nSecond line\r\n"),
        Some(data) => {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD.encode(data);
            let wrapped: Vec<String> = b64
                .as_bytes()
                .chunks(76)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                 See the attachment.\r\n--b1\r\nContent-Type: application/pdf; name=\"plan.pdf\"\r\n\
                 Content-Disposition: attachment; filename=\"plan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
                wrapped.join("\r\n")
            ));
        }
    }
    (id, raw.into_bytes())
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn flags_of(server: &Dovecot, user: &User, folder: &str, message_id: &str) -> String {
    let out = server.doveadm(&[
        "-f",
        "tab",
        "fetch",
        "-u",
        &user.name,
        "flags hdr.message-id",
        "mailbox",
        folder,
    ]);
    out.lines()
        .find(|l| l.contains(message_id))
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn reply_and_reply_all_thread_quote_and_flag_answered() {
    let server = Dovecot::shared();
    let me = server.user("flow-me");
    let (ann, bob, carol) = (
        server.user("flow-ann"),
        server.user("flow-bob"),
        server.user("flow-carol"),
    );
    let account = sending_account(server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    let (mid, raw) = original_message(&ann, &[&me, &bob], &[&carol], None);
    server.deliver(&me, "INBOX", &raw);
    let id = cached(&account, &mut cache, "INBOX", &mid).await;
    let o = original(&cache.path(), id).expect("original");
    assert_eq!(o.message_id, mid);
    assert_eq!(o.references, vec!["root@localhost", "mid@localhost"]);

    // Reply: to the author only.
    let draft = respond(&o, ReplyKind::Reply, &identity_of(&account), &[]);
    queue(&cache.path(), &account, &draft).expect("queue reply");
    // Reply all: author, the other To and the Cc; never me.
    let draft_all = respond(&o, ReplyKind::ReplyAll, &identity_of(&account), &[]);
    assert_eq!(
        draft_all.to,
        vec![format!("Ann Sender <{}>", address(&ann)), address(&bob)]
    );
    assert_eq!(draft_all.cc, vec![address(&carol)]);
    queue(&cache.path(), &account, &draft_all).expect("queue reply-all");
    let events = run_outbox(&account, &mut cache).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, AccountEvent::Sent(_)))
            .count(),
        2,
        "{events:?}"
    );

    let to_ann = wait_for_messages(server, &ann, "INBOX", 2);
    assert_eq!(to_ann.len(), 2);
    for got in &to_ann {
        let m = MessageParser::default().parse(got).expect("parse");
        assert_eq!(m.subject(), Some("Re: Quarterly plan"));
        assert_eq!(m.in_reply_to().as_text(), Some(mid.as_str()));
        let refs: Vec<String> = m
            .references()
            .as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(
            refs,
            vec!["root@localhost".to_string(), "mid@localhost".into(), mid.clone()]
        );
        let body = m.body_text(0).unwrap_or_default().replace("\r\n", "\n");
        assert!(
            body.contains("On 2023-11-14 22:13 UTC, Ann Sender wrote:\n> First line\n> Second line"),
            "{body}"
        );
    }
    // Only the reply-all reached Bob and Carol; nothing came back to me.
    assert_eq!(wait_for_messages(server, &bob, "INBOX", 1).len(), 1);
    assert_eq!(wait_for_messages(server, &carol, "INBOX", 1).len(), 1);
    let carol_copy = &wait_for_messages(server, &carol, "INBOX", 1)[0];
    let m = MessageParser::default().parse(carol_copy).expect("parse");
    assert_eq!(
        m.cc().and_then(|a| a.first()).and_then(|a| a.address()),
        Some(address(&carol).as_str())
    );
    assert_eq!(
        super::folder_files(server, &me, "INBOX").len(),
        1,
        "a reply came back to me"
    );
    assert!(
        flags_of(server, &me, "INBOX", &mid).contains("\\Answered"),
        "original not \\Answered"
    );
    assert_eq!(super::folder_files(server, &me, "Sent").len(), 2);
}

#[tokio::test]
async fn forward_carries_attachments_byte_for_byte_and_flags_forwarded() {
    let server = Dovecot::shared();
    let me = server.user("fwd-me");
    let (ann, dave) = (server.user("fwd-ann"), server.user("fwd-dave"));
    let account = sending_account(server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    let data: Vec<u8> = (0..3_500_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
        .collect();
    let (mid, raw) = original_message(&ann, &[&me], &[], Some(&data));
    server.deliver(&me, "INBOX", &raw);
    let id = cached(&account, &mut cache, "INBOX", &mid).await;
    let o = original(&cache.path(), id).expect("original");
    assert_eq!(o.attachments.len(), 1);
    let mut draft = respond(&o, ReplyKind::Forward, &identity_of(&account), &[]);
    assert!(draft.to.is_empty());
    draft.to = vec![address(&dave)];
    let queued = queue(&cache.path(), &account, &draft).expect("queue forward");
    // The parts are fetched when sending: nothing built yet.
    let row = cache.store.outbox_row(queued).expect("row").expect("exists");
    assert!(row.bytes.is_empty());
    run_outbox(&account, &mut cache).await;
    let got = wait_for_messages(server, &dave, "INBOX", 1);
    assert_eq!(got.len(), 1);
    let m = MessageParser::default().parse(&got[0]).expect("parse");
    assert_eq!(m.subject(), Some("Fwd: Quarterly plan"));
    let body = m.body_text(0).unwrap_or_default();
    assert!(body.contains("Subject: AW: Re: Quarterly plan"), "{body}");
    let att = m.attachments().next().expect("attachment");
    assert_eq!(att.attachment_name(), Some("plan.pdf"));
    assert_eq!(sha256(att.contents()), sha256(&data));
    let row = cache.store.outbox_row(queued).expect("row").expect("exists");
    assert_eq!(row.entry.state, OutboxState::Filed);
    assert_eq!(as_submitted(&got[0]), row.bytes);
    assert!(
        flags_of(server, &me, "INBOX", &mid).contains("$Forwarded"),
        "original not $Forwarded"
    );
}

#[tokio::test]
async fn three_queued_during_an_outage_go_out_once_each_in_order() {
    let server = Dovecot::shared();
    let me = server.user("outage-me");
    let rcpt = server.user("outage-rcpt");
    let mut account = sending_account(server, &me, Security::Tls);
    // The sending server is "down": nothing listens on this port yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    if let Some(s) = account.smtp.as_mut() {
        s.port = port;
    }
    let mut cache = Cache::new(&account);
    let mut ids = Vec::new();
    for i in 1..=3 {
        let d = tern::core::Draft {
            to: vec![address(&rcpt)],
            subject: format!("queued {i}"),
            body: format!("number {i}\n"),
            ..Default::default()
        };
        ids.push(queue(&cache.path(), &account, &d).expect("queue"));
    }
    let events = run_outbox(&account, &mut cache).await;
    assert!(
        events.iter().any(|e| matches!(e, AccountEvent::SendFailed(..))),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, AccountEvent::OutboxChanged { waiting: 3 })),
        "{events:?}"
    );
    for id in &ids {
        let row = cache.store.outbox_row(*id).expect("row").expect("exists");
        assert_eq!(row.entry.state, OutboxState::Queued);
    }
    // The server comes back on that port.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("rebind");
    let target = server.submissions_port;
    let forward = tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            tokio::spawn(async move {
                if let Ok(mut upstream) = tokio::net::TcpStream::connect(("127.0.0.1", target)).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                }
            });
        }
    });
    let events = run_outbox(&account, &mut cache).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, AccountEvent::OutboxChanged { waiting: 0 })),
        "{events:?}"
    );
    forward.abort();
    let got = wait_for_messages(server, &rcpt, "INBOX", 3);
    assert_eq!(got.len(), 3);
    // In order: by UID (delivery order) the subjects are 1, 2, 3.
    let out = server.doveadm(&[
        "-f",
        "tab",
        "fetch",
        "-u",
        &rcpt.name,
        "uid hdr.subject",
        "mailbox",
        "INBOX",
    ]);
    let subjects: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split('\t').nth(1)).collect();
    assert_eq!(subjects, vec!["queued 1", "queued 2", "queued 3"]);
    // Running again sends nothing twice.
    run_outbox(&account, &mut cache).await;
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(super::folder_files(server, &rcpt, "INBOX").len(), 3);
    let _ = server_state(server, &rcpt, "INBOX");
}
