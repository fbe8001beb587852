//! Each action with the server reachable: the cache shows it at once, the server ends up
//! as intended, and the cache agrees after a resync. Undo, conflicts, UIDVALIDITY, the
//! worker's events, and the queue database's pragmas.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tern::config::KeyringStore;
use tern::core::{AccountEvent, Action, Command, ErrorKind, Flags, Stamped};
use tern::engine::actions;
use tern::engine::{AccountSpec, SyncOptions, Tuning, run_worker};
use tern::store::{Store, USER_SCHEMA_VERSION, user_db_path};

use super::{cached, cached_id, has, on_server, replay_once, server_flags, setup};
use crate::support::dovecot::Dovecot;
use crate::support::seed;
use crate::sync::{assert_same, sync_once};

const FOLDERS: &[&str] = &["INBOX", "Work", "Trash", "Archive"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_reaches_the_server_and_the_cache_agrees() {
    let server = Dovecot::shared();
    let mut s = setup(server, "online", 700, 12, 2).await;
    let id = s.cache.id;
    let mid = |i| seed::message_id(700, i);
    let ids = |s: &super::Setup, i| cached_id(&s.cache, "INBOX", &mid(i)).expect("cached");

    struct Step {
        action: Action,
        check: Box<dyn Fn(&super::Setup)>,
    }
    let m0 = ids(&s, 0);
    let steps = vec![
        Step {
            action: Action::SetFlags {
                ids: vec![m0],
                add: Flags::SEEN,
                remove: Flags(0),
            },
            check: Box::new(move |s| {
                assert!(has(server_flags(server, &s.user, "INBOX", &mid(0)), Flags::SEEN))
            }),
        },
        Step {
            action: Action::SetFlags {
                ids: vec![m0],
                add: Flags(0),
                remove: Flags::SEEN,
            },
            check: Box::new(move |s| {
                assert!(!has(server_flags(server, &s.user, "INBOX", &mid(0)), Flags::SEEN))
            }),
        },
        Step {
            action: Action::SetFlags {
                ids: vec![m0, ids(&s, 1)],
                add: Flags::FLAGGED,
                remove: Flags(0),
            },
            check: Box::new(move |s| {
                assert!(has(
                    server_flags(server, &s.user, "INBOX", &mid(0)),
                    Flags::FLAGGED
                ));
                assert!(has(
                    server_flags(server, &s.user, "INBOX", &mid(1)),
                    Flags::FLAGGED
                ));
            }),
        },
        Step {
            action: Action::SetFlags {
                ids: vec![ids(&s, 1)],
                add: Flags(0),
                remove: Flags::FLAGGED,
            },
            check: Box::new(move |s| {
                assert!(!has(
                    server_flags(server, &s.user, "INBOX", &mid(1)),
                    Flags::FLAGGED
                ))
            }),
        },
        Step {
            action: Action::Move {
                ids: vec![ids(&s, 2)],
                to: s
                    .cache
                    .store
                    .find_folder(id, "Work")
                    .expect("q")
                    .expect("Work")
                    .id,
            },
            check: Box::new(move |s| {
                server_flags(server, &s.user, "Work", &mid(2));
                assert!(!on_server(server, &s.user, "INBOX").contains_key(mid(2).trim_matches(['<', '>'])));
            }),
        },
        Step {
            action: Action::Delete {
                ids: vec![ids(&s, 3)],
                forever: false,
            },
            check: Box::new(move |s| {
                server_flags(server, &s.user, "Trash", &mid(3));
                assert!(!on_server(server, &s.user, "INBOX").contains_key(mid(3).trim_matches(['<', '>'])));
            }),
        },
        Step {
            action: Action::Archive {
                ids: vec![ids(&s, 4), ids(&s, 5)],
            },
            check: Box::new(move |s| {
                server_flags(server, &s.user, "Archive", &mid(4));
                server_flags(server, &s.user, "Archive", &mid(5));
                assert_eq!(on_server(server, &s.user, "INBOX").len(), 12 - 4);
            }),
        },
        Step {
            action: Action::Delete {
                ids: vec![cached_id(&s.cache, "Trash", &seed::message_id(702, 0)).expect("in Trash")],
                forever: true,
            },
            check: Box::new(move |s| {
                let trash = on_server(server, &s.user, "Trash");
                assert!(!trash.contains_key(seed::message_id(702, 0).trim_matches(['<', '>'])));
                assert_eq!(trash.len(), 2, "the moved message and the other seeded one stay");
            }),
        },
    ];
    for (n, step) in steps.into_iter().enumerate() {
        let before = cached(&s.cache, "INBOX");
        let queued = actions::enqueue(&mut s.cache.store, id, &step.action).expect("enqueue");
        assert!(queued.op.is_some(), "step {n} queued nothing");
        assert_eq!(queued.pending, 1);
        assert!(
            !queued.folders.is_empty(),
            "step {n}: the cache must show the change at once"
        );
        // Optimistic: the cache shows the intent before the server saw anything.
        let after = cached(&s.cache, "INBOX");
        match &step.action {
            Action::SetFlags { add, remove, .. } => {
                for (m, f) in &after {
                    let was = before[m];
                    if was != *f {
                        assert_eq!(*f, (was | add.0) & !remove.0, "step {n}");
                    }
                }
            }
            Action::Move { ids, .. } | Action::Archive { ids } | Action::Delete { ids, forever: false } => {
                assert_eq!(
                    after.len(),
                    before.len() - ids.len(),
                    "step {n}: moved rows leave the list at once"
                );
            }
            Action::Delete { .. } => {}
        }
        let r = replay_once(&s.acct, &mut s.cache.store, id)
            .await
            .expect("replay");
        assert_eq!((r.pending, r.applied), (0, 1), "step {n}");
        assert!(r.conflicts.is_empty(), "step {n}: {:?}", r.conflicts);
        (step.check)(&s);
        sync_once(&s.acct, &mut s.cache, SyncOptions::default()).await;
        assert_same(server, &s.user, &s.cache.store, id, FOLDERS);
    }
    assert!(actions::pending(&s.cache.store, id).expect("pending").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_from_trash_needs_confirmation_and_moving_twice_is_refused() {
    let server = Dovecot::shared();
    let mut s = setup(server, "confirm", 710, 3, 1).await;
    let id = s.cache.id;
    let in_trash = cached_id(&s.cache, "Trash", &seed::message_id(712, 0)).expect("trash row");
    let e = actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::Delete {
            ids: vec![in_trash],
            forever: false,
        },
    )
    .expect_err("needs confirmation");
    assert_eq!(e.kind, ErrorKind::NeedsConfirmation);
    let m = cached_id(&s.cache, "INBOX", &seed::message_id(710, 0)).expect("row");
    actions::enqueue(&mut s.cache.store, id, &Action::Archive { ids: vec![m] }).expect("archive");
    let e = actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::Delete {
            ids: vec![m],
            forever: false,
        },
    )
    .expect_err("already moving");
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(
        s.cache.store.pending_count(id).expect("count"),
        1,
        "a refused action queues nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_within_the_window_restores_flags_and_location_on_the_server() {
    let server = Dovecot::shared();
    let mut s = setup(server, "undo", 720, 5, 0).await;
    let id = s.cache.id;
    let mid = |i| seed::message_id(720, i);
    let work = s
        .cache
        .store
        .find_folder(id, "Work")
        .expect("q")
        .expect("Work")
        .id;

    // Flags, after they reached the server.
    let m0 = cached_id(&s.cache, "INBOX", &mid(0)).expect("row");
    let before = server_flags(server, &s.user, "INBOX", &mid(0));
    let add = if has(before, Flags::FLAGGED) {
        Flags(0)
    } else {
        Flags::FLAGGED
    };
    let remove = if has(before, Flags::FLAGGED) {
        Flags::FLAGGED
    } else {
        Flags(0)
    };
    actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::SetFlags {
            ids: vec![m0],
            add,
            remove,
        },
    )
    .expect("flag");
    replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay");
    assert_ne!(server_flags(server, &s.user, "INBOX", &mid(0)), before);
    let undone = actions::undo_last(&mut s.cache.store, id).expect("undo");
    assert!(undone.queued_reverse);
    assert_eq!(
        cached(&s.cache, "INBOX")[mid(0).trim_matches(['<', '>'])],
        before,
        "the cache shows the undo at once"
    );
    replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay undo");
    assert_eq!(server_flags(server, &s.user, "INBOX", &mid(0)), before);
    assert!(
        actions::undo_last(&mut s.cache.store, id).is_err(),
        "one undo per action"
    );

    // A move, after it reached the server: the message comes back to INBOX, once.
    let m1 = cached_id(&s.cache, "INBOX", &mid(1)).expect("row");
    let flags1 = server_flags(server, &s.user, "INBOX", &mid(1));
    actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::Move {
            ids: vec![m1],
            to: work,
        },
    )
    .expect("move");
    replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay");
    server_flags(server, &s.user, "Work", &mid(1));
    actions::undo_last(&mut s.cache.store, id).expect("undo move");
    assert!(
        cached(&s.cache, "INBOX").contains_key(mid(1).trim_matches(['<', '>'])),
        "shown again at once"
    );
    let r = replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay undo");
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert_eq!(server_flags(server, &s.user, "INBOX", &mid(1)), flags1);
    assert!(!on_server(server, &s.user, "Work").contains_key(mid(1).trim_matches(['<', '>'])));

    // A delete still waiting (offline): dropped, nothing reaches the server.
    let m2 = cached_id(&s.cache, "INBOX", &mid(2)).expect("row");
    actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::Delete {
            ids: vec![m2],
            forever: false,
        },
    )
    .expect("delete");
    assert!(!cached(&s.cache, "INBOX").contains_key(mid(2).trim_matches(['<', '>'])));
    let undone = actions::undo_last(&mut s.cache.store, id).expect("undo pending");
    assert_eq!((undone.pending, undone.queued_reverse), (0, false));
    assert!(
        cached(&s.cache, "INBOX").contains_key(mid(2).trim_matches(['<', '>'])),
        "shown again"
    );
    let r = replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay");
    assert_eq!(r.applied, 0);
    server_flags(server, &s.user, "INBOX", &mid(2));
    assert!(on_server(server, &s.user, "Trash").is_empty());

    sync_once(&s.acct, &mut s.cache, SyncOptions::default()).await;
    assert_same(server, &s.user, &s.cache.store, id, FOLDERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_gone_on_the_server_is_a_conflict_resolved_in_its_favour() {
    let server = Dovecot::shared();
    let mut s = setup(server, "conflict", 730, 4, 0).await;
    let id = s.cache.id;
    let mid = seed::message_id(730, 1);
    let m = cached_id(&s.cache, "INBOX", &mid).expect("row");
    let archive = s
        .cache
        .store
        .find_folder(id, "Archive")
        .expect("q")
        .expect("Archive")
        .id;
    actions::enqueue(
        &mut s.cache.store,
        id,
        &Action::Move {
            ids: vec![m],
            to: archive,
        },
    )
    .expect("move");
    // Another client deletes it before we are back online.
    let uid = on_server(server, &s.user, "INBOX")[mid.trim_matches(['<', '>'])][0].0;
    server.doveadm(&[
        "expunge",
        "-u",
        &s.user.name,
        "mailbox",
        "INBOX",
        "uid",
        &uid.to_string(),
    ]);
    let r = replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay");
    assert_eq!(r.pending, 0);
    assert_eq!(r.conflicts.len(), 1);
    let text = &r.conflicts[0].message;
    assert!(
        text.contains("no longer in Inbox") && text.contains("moved to Archive"),
        "{text}"
    );
    assert!(on_server(server, &s.user, "Archive").is_empty());
    sync_once(&s.acct, &mut s.cache, SyncOptions::default()).await;
    assert_same(server, &s.user, &s.cache.store, id, FOLDERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_actions_follow_the_message_id_across_a_uidvalidity_change() {
    let server = Dovecot::shared();
    let mut s = setup(server, "renumber", 740, 1, 0).await;
    let id = s.cache.id;
    let u = s.user.name.clone();
    server.seed(&s.user, "Projects", seed::messages(743, 0, 6));
    server.doveadm(&[
        "flags",
        "remove",
        "-u",
        &u,
        "\\Flagged",
        "mailbox",
        "Projects",
        "all",
    ]);
    sync_once(&s.acct, &mut s.cache, SyncOptions::default()).await;
    let key = |i| seed::message_id(743, i).trim_matches(['<', '>']).to_string();
    let old = on_server(server, &s.user, "Projects");
    let old_uid = old[&key(2)][0].0;
    let m = cached_id(&s.cache, "Projects", &key(2)).expect("row");
    let m_gone = cached_id(&s.cache, "Projects", &key(4)).expect("row");
    for target in [m, m_gone] {
        let star = Action::SetFlags {
            ids: vec![target],
            add: Flags::FLAGGED,
            remove: Flags(0),
        };
        actions::enqueue(&mut s.cache.store, id, &star).expect("star");
    }
    // Offline meanwhile: the folder is recreated with a new UIDVALIDITY and the messages
    // come back in another order, so the old UIDs now name other messages; message 4
    // does not come back.
    server.doveadm(&["mailbox", "delete", "-u", &u, "-r", "Projects"]);
    server.doveadm(&["mailbox", "create", "-u", &u, "Projects"]);
    for i in [0, 1, 3, 2, 5] {
        server.deliver(&s.user, "Projects", &seed::message(743, i).raw);
    }
    server.doveadm(&[
        "mailbox",
        "update",
        "-u",
        &u,
        "--uid-validity",
        "4242",
        "Projects",
    ]);
    let now = on_server(server, &s.user, "Projects");
    let squatter = now
        .iter()
        .find(|(_, c)| c[0].0 == old_uid)
        .map(|(m, _)| m.clone())
        .expect("old UID reused");
    assert_ne!(squatter, key(2), "the test needs another message at the old UID");

    let r = replay_once(&s.acct, &mut s.cache.store, id)
        .await
        .expect("replay");
    assert_eq!(r.pending, 0);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert!(
        r.conflicts[0].message.contains("renumbered"),
        "{}",
        r.conflicts[0].message
    );
    for (m, copies) in on_server(server, &s.user, "Projects") {
        let starred = has(copies[0].1, Flags::FLAGGED);
        assert_eq!(
            starred,
            m == key(2),
            "{m} starred={starred} (the old UID now belongs to {squatter})"
        );
    }
}

async fn next_event(
    rx: &mut futures::channel::mpsc::UnboundedReceiver<Stamped>,
    want: impl Fn(&AccountEvent) -> bool,
) -> AccountEvent {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, rx.next()).await {
            Ok(Some(e)) if want(&e.event) => return e.event,
            Ok(Some(_)) => continue,
            other => panic!("no matching event: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_queues_shows_and_replays_actions_and_reports_the_count() {
    let server = Dovecot::shared();
    let s = setup(server, "worker", 750, 4, 0).await;
    let id = s.cache.id;
    let mid = seed::message_id(750, 0);
    let m = cached_id(&s.cache, "INBOX", &mid).expect("row");
    let inbox = s
        .cache
        .store
        .find_folder(id, "INBOX")
        .expect("q")
        .expect("inbox")
        .id;
    let spec = AccountSpec {
        id,
        generation: 1,
        config: s.acct.clone(),
        db_path: s.cache.path(),
        secrets: Arc::new(KeyringStore),
        tuning: Tuning {
            poll_interval: Duration::from_secs(3600),
            ..Tuning::default()
        },
    };
    let (tx, mut rx) = futures::channel::mpsc::unbounded();
    let worker = tokio::spawn(run_worker(spec, tx));
    let AccountEvent::Ready(handle) = next_event(&mut rx, |e| matches!(e, AccountEvent::Ready(_))).await
    else {
        unreachable!()
    };
    next_event(&mut rx, |e| matches!(e, AccountEvent::SyncDone)).await;
    assert!(handle.send(Command::Act(Action::Archive { ids: vec![m] })));
    let queued = next_event(&mut rx, |e| matches!(e, AccountEvent::ActionQueued { .. })).await;
    assert!(
        matches!(queued, AccountEvent::ActionQueued { pending: 1 }),
        "{queued:?}"
    );
    let changed = next_event(&mut rx, |e| matches!(e, AccountEvent::MessagesChanged { .. })).await;
    assert!(matches!(changed, AccountEvent::MessagesChanged { folder } if folder == inbox));
    let done = next_event(&mut rx, |e| matches!(e, AccountEvent::PendingChanged { .. })).await;
    assert!(
        matches!(done, AccountEvent::PendingChanged { pending: 0 }),
        "{done:?}"
    );
    server_flags(server, &s.user, "Archive", &mid);
    // Undo through the worker: back in INBOX on the server.
    assert!(handle.send(Command::Undo));
    // IDLE may also wake the worker (the move expunged from INBOX): its replays report
    // 0 too, so wait for the undo's own count (the reverse move queued), then 0.
    next_event(&mut rx, |e| {
        matches!(e, AccountEvent::PendingChanged { pending: 1 })
    })
    .await;
    next_event(&mut rx, |e| {
        matches!(e, AccountEvent::PendingChanged { pending: 0 })
    })
    .await;
    server_flags(server, &s.user, "INBOX", &mid);
    assert!(on_server(server, &s.user, "Archive").is_empty());
    assert!(handle.send(Command::Shutdown));
    let _ = tokio::time::timeout(Duration::from_secs(10), worker).await;
}

#[test]
fn the_queue_lives_in_its_own_file_with_full_sync_and_the_cache_stays_normal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cache.sqlite3");
    let store = Store::open(&path).expect("open");
    assert_eq!(user_db_path(&path), dir.path().join("user.sqlite3"));
    assert!(dir.path().join("user.sqlite3").exists());
    assert_eq!(store.pragma("journal_mode").expect("mode"), "wal");
    assert_eq!(store.pragma("synchronous").expect("sync"), "1", "cache: NORMAL");
    assert_eq!(store.user_pragma("journal_mode").expect("mode"), "wal");
    assert_eq!(
        store.user_pragma("synchronous").expect("sync"),
        "2",
        "queue: FULL"
    );
    assert_eq!(
        store.user_pragma("user_version").expect("v"),
        USER_SCHEMA_VERSION.to_string()
    );
    let strict: i64 = rusqlite::Connection::open(dir.path().join("user.sqlite3"))
        .expect("open user db")
        .query_row(
            "SELECT count(*) FROM pragma_table_list WHERE name IN ('op', 'op_item') AND strict = 1",
            [],
            |r| r.get(0),
        )
        .expect("table list");
    assert_eq!(strict, 2, "queue tables are STRICT");
    // A reader sees the queue too (the UI's "N changes waiting" before the worker runs).
    let id = store.ensure_account("A", "a@example.org").expect("account");
    let reader = Store::open_reader(&path).expect("reader");
    assert_eq!(reader.pending_count(id).expect("count"), 0);
    drop(store);
    // Reopening (what every CLI call does) keeps the settings.
    let again = Store::open(&path).expect("reopen");
    assert_eq!(again.user_pragma("synchronous").expect("sync"), "2");
}
