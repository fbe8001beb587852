//! T-26: 50 mixed actions queued offline, then replayed through a proxy that drops the
//! connection after the server executed a command but before its reply arrives (for
//! each action type), until the queue is empty: the server ends exactly as intended,
//! every message once, and replaying again changes nothing.

use std::collections::BTreeMap;

use tern::core::{Action, Flags};
use tern::engine::SyncOptions;
use tern::engine::actions;

use super::{Setup, cached, cached_id, on_server, replay_once, server_without_move, setup, via_proxy};
use crate::support::dovecot::Dovecot;
use crate::support::proxy::Proxy;
use crate::support::seed::Rng;
use crate::sync::{assert_same, sync_once};

const FOLDERS: &[&str] = &["INBOX", "Work", "Trash", "Archive"];

/// folder -> message-id -> flags, as the server has it (panics on a duplicate).
fn server_model(server: &Dovecot, s: &Setup) -> BTreeMap<String, BTreeMap<String, u32>> {
    let mut all = BTreeMap::new();
    let mut seen = BTreeMap::new();
    for f in FOLDERS {
        let mut m = BTreeMap::new();
        for (mid, copies) in on_server(server, &s.user, f) {
            assert_eq!(
                copies.len(),
                1,
                "{mid} is in {f} {} times: {copies:?}",
                copies.len()
            );
            if let Some(other) = seen.insert(mid.clone(), f.to_string()) {
                panic!("{mid} is in both {other} and {f}");
            }
            m.insert(mid, copies[0].1);
        }
        all.insert(f.to_string(), m);
    }
    all
}

/// Queues 50 actions chosen from what the cache shows, and returns the intended
/// server state.
fn queue_fifty(server: &Dovecot, s: &mut Setup, series: u64) -> BTreeMap<String, BTreeMap<String, u32>> {
    let mut want = server_model(server, s);
    let id = s.cache.id;
    let folder_id = |s: &Setup, name: &str| {
        s.cache
            .store
            .find_folder(id, name)
            .expect("q")
            .expect("folder")
            .id
    };
    let mut rng = Rng::new(series);
    let mut counts = BTreeMap::new();
    for n in 0..50 {
        let inbox: Vec<(String, u32)> = cached(&s.cache, "INBOX").into_iter().collect();
        let trash: Vec<(String, u32)> = cached(&s.cache, "Trash").into_iter().collect();
        let (mid, _) = inbox[rng.below(inbox.len() as u64) as usize].clone();
        let m = cached_id(&s.cache, "INBOX", &mid).expect("row");
        let mut kind = ["flag", "unflag", "move", "flag", "delete", "unflag", "forever"][n % 7];
        if kind == "forever" && trash.is_empty() {
            kind = "flag";
        }
        let action = match kind {
            "flag" | "unflag" => {
                let f = if rng.below(2) == 0 {
                    Flags::SEEN
                } else {
                    Flags::FLAGGED
                };
                let (add, remove) = if kind == "flag" {
                    (f, Flags(0))
                } else {
                    (Flags(0), f)
                };
                let entry = want
                    .get_mut("INBOX")
                    .and_then(|m| m.get_mut(&mid))
                    .expect("modelled");
                *entry = (*entry | add.0) & !remove.0;
                Action::SetFlags {
                    ids: vec![m],
                    add,
                    remove,
                }
            }
            "move" => {
                let to = if rng.below(2) == 0 { "Work" } else { "Archive" };
                let f = want
                    .get_mut("INBOX")
                    .and_then(|m| m.remove(&mid))
                    .expect("modelled");
                want.get_mut(to).expect("folder").insert(mid.clone(), f);
                Action::Move {
                    ids: vec![m],
                    to: folder_id(s, to),
                }
            }
            "delete" => {
                let f = want
                    .get_mut("INBOX")
                    .and_then(|m| m.remove(&mid))
                    .expect("modelled");
                want.get_mut("Trash").expect("folder").insert(mid.clone(), f);
                Action::Delete {
                    ids: vec![m],
                    forever: false,
                }
            }
            _ => {
                let (tmid, _) = trash[rng.below(trash.len() as u64) as usize].clone();
                want.get_mut("Trash")
                    .and_then(|m| m.remove(&tmid))
                    .expect("modelled");
                Action::Delete {
                    ids: vec![cached_id(&s.cache, "Trash", &tmid).expect("row")],
                    forever: true,
                }
            }
        };
        *counts.entry(kind).or_insert(0) += 1;
        let q = actions::enqueue(&mut s.cache.store, id, &action).expect("enqueue");
        assert_eq!(q.pending, n as u32 + 1);
    }
    println!("queued offline: {counts:?}");
    want
}

async fn fifty_actions_through_drops(server: &Dovecot, prefix: &str, series: u64, cuts: &[&str]) {
    let mut s = setup(server, prefix, series, 40, 6).await;
    let id = s.cache.id;
    let want = queue_fifty(server, &mut s, series);

    let proxy = Proxy::start(server.imap_port).await;
    proxy.faults.cut_when_client_sends(cuts);
    let via = via_proxy(server, &s.user, &proxy);
    let mut drops = 0;
    loop {
        match replay_once(&via, &mut s.cache.store, id).await {
            Ok(r) => {
                assert_eq!(r.pending, 0);
                assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
                break;
            }
            Err(e) => {
                assert!(e.is_transient(), "a cut must look like a lost connection: {e:?}");
                drops += 1;
                assert!(drops <= cuts.len() + 2, "replay does not converge");
            }
        }
    }
    println!("cuts: {:#?}", proxy.faults.cut_commands());
    assert!(
        proxy.faults.armed().is_empty(),
        "these commands were never cut: {:?}",
        proxy.faults.armed()
    );
    assert_eq!(drops, cuts.len());
    assert!(
        actions::pending(&s.cache.store, id).expect("pending").is_empty(),
        "queue empty"
    );
    assert_eq!(
        server_model(server, &s),
        want,
        "server state differs from the intent"
    );

    // Replaying again changes nothing.
    for _ in 0..2 {
        let r = replay_once(&s.acct, &mut s.cache.store, id)
            .await
            .expect("replay again");
        assert_eq!((r.pending, r.applied, r.conflicts.len()), (0, 0, 0));
    }
    assert_eq!(server_model(server, &s), want);
    sync_once(&s.acct, &mut s.cache, SyncOptions::default()).await;
    assert_same(server, &s.user, &s.cache.store, id, FOLDERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_offline_actions_replay_exactly_once_through_drops_with_move() {
    let cuts = [
        "UID STORE * +FLAGS.SILENT (\\SEEN",
        "UID STORE * -FLAGS.SILENT",
        "UID MOVE * \"WORK\"",
        "UID MOVE * \"ARCHIVE\"",
        "UID MOVE * \"TRASH\"",
        "UID STORE * +FLAGS.SILENT (\\DELETED)",
        "UID EXPUNGE",
    ];
    fifty_actions_through_drops(Dovecot::shared(), "t26move", 800, &cuts).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_offline_actions_replay_exactly_once_through_drops_with_copy_and_uid_expunge() {
    let cuts = [
        "UID STORE * +FLAGS.SILENT (\\FLAGGED",
        "UID STORE * -FLAGS.SILENT",
        "UID COPY * \"ARCHIVE\"",
        "UID COPY * \"TRASH\"",
        "UID STORE * +FLAGS.SILENT (\\DELETED)",
        "UID EXPUNGE",
        "UID EXPUNGE",
        "STATUS",
    ];
    fifty_actions_through_drops(server_without_move(), "t26copy", 810, &cuts).await;
}
