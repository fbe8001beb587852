//! T-27: moves never lose mail and never expunge another client's \Deleted message:
//! UID MOVE where offered; else UID COPY + UID STORE \Deleted + UID EXPUNGE of only our
//! UID; without UIDPLUS, copy and flag only. Commands are read off the wire by the proxy.

use tern::core::{Action, Flags};
use tern::engine::actions;

use super::{
    cached, cached_id, has, on_server, replay_once, server_flags, server_without_move,
    server_without_move_or_uidplus, setup, via_proxy,
};
use crate::support::dovecot::Dovecot;
use crate::support::proxy::Proxy;
use crate::support::seed;

#[derive(Debug, PartialEq, Eq)]
enum Expect {
    Move,
    CopyAndUidExpunge,
    CopyAndFlagOnly,
}

async fn move_keeps_other_clients_deleted_mail(server: &Dovecot, prefix: &str, series: u64, expect: Expect) {
    let mut s = setup(server, prefix, series, 6, 0).await;
    let id = s.cache.id;
    let key = |i| seed::message_id(series, i).trim_matches(['<', '>']).to_string();
    // Another client marks an unrelated message \Deleted and does not expunge.
    let other_uid = on_server(server, &s.user, "INBOX")[&key(1)][0].0;
    server.doveadm(&[
        "flags",
        "add",
        "-u",
        &s.user.name,
        "\\Deleted",
        "mailbox",
        "INBOX",
        "uid",
        &other_uid.to_string(),
    ]);
    let ours_uid = on_server(server, &s.user, "INBOX")[&key(3)][0].0;

    let m = cached_id(&s.cache, "INBOX", &key(3)).expect("row");
    let work = s
        .cache
        .store
        .find_folder(id, "Work")
        .expect("q")
        .expect("Work")
        .id;
    actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::Move {
            ids: vec![m],
            to: work,
        },
    )
    .expect("move");
    assert!(!cached(&s.cache, "INBOX").contains_key(&key(3)), "hidden at once");

    let proxy = Proxy::start(server.imap_port).await;
    let via = via_proxy(server, &s.user, &proxy);
    let r = replay_once(&via, &mut s.cache.store, id).await.expect("replay");
    assert_eq!((r.pending, r.conflicts.len()), (0, 0), "{:?}", r.conflicts);
    let sent = proxy.faults.sent_commands();
    let commands: Vec<String> = sent
        .iter()
        .map(|l| l.split_once(' ').map_or("", |(_, c)| c).to_ascii_uppercase())
        .collect();
    println!("{commands:#?}");
    assert!(
        !commands
            .iter()
            .any(|c| c == "EXPUNGE" || c.starts_with("EXPUNGE ")),
        "a bare EXPUNGE was sent"
    );
    assert!(!commands.iter().any(|c| c == "CLOSE"), "CLOSE expunges too");
    let used = |p: &str| commands.iter().any(|c| c.starts_with(p));
    match expect {
        Expect::Move => {
            assert!(used("UID MOVE"));
            assert!(!used("UID COPY"));
        }
        Expect::CopyAndUidExpunge => {
            assert!(!used("UID MOVE"));
            assert!(used(&format!("UID COPY {ours_uid} \"WORK\"")));
            assert!(used(&format!("UID STORE {ours_uid} +FLAGS.SILENT (\\DELETED)")));
            let expunges: Vec<_> = commands.iter().filter(|c| c.starts_with("UID EXPUNGE")).collect();
            assert_eq!(expunges, vec![&format!("UID EXPUNGE {ours_uid}")], "only our UID");
        }
        Expect::CopyAndFlagOnly => {
            assert!(!used("UID MOVE") && used("UID COPY"));
            assert!(used(&format!("UID STORE {ours_uid} +FLAGS.SILENT (\\DELETED)")));
            assert!(
                !commands.iter().any(|c| c.contains("EXPUNGE")),
                "no expunge of any kind without UIDPLUS"
            );
        }
    }

    // The other client's \Deleted message survives; ours is in Work exactly once.
    assert!(has(
        server_flags(server, &s.user, "INBOX", &key(1)),
        Flags::DELETED
    ));
    server_flags(server, &s.user, "Work", &key(3));
    let inbox = on_server(server, &s.user, "INBOX");
    if expect == Expect::CopyAndFlagOnly {
        assert!(
            has(inbox[&key(3)][0].1, Flags::DELETED),
            "left \\Deleted in INBOX for the user to expunge"
        );
        assert!(
            !cached(&s.cache, "INBOX").contains_key(&key(3)),
            "still hidden here"
        );
    } else {
        assert!(!inbox.contains_key(&key(3)));
    }
    assert_eq!(inbox.len(), if expect == Expect::CopyAndFlagOnly { 6 } else { 5 });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_uses_uid_move_where_offered() {
    move_keeps_other_clients_deleted_mail(Dovecot::shared(), "t27move", 900, Expect::Move).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_without_move_is_copy_then_uid_expunge_of_only_our_uid() {
    move_keeps_other_clients_deleted_mail(server_without_move(), "t27copy", 910, Expect::CopyAndUidExpunge)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_without_uidplus_copies_and_flags_but_never_expunges() {
    move_keeps_other_clients_deleted_mail(
        server_without_move_or_uidplus(),
        "t27flag",
        920,
        Expect::CopyAndFlagOnly,
    )
    .await;
}
