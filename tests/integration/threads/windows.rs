//! Threads written a window at a time (one key query, merges applied per window): the
//! grouping matches a union-find over the headers however the messages are split into
//! windows and folders, including merges of rows stored by earlier windows and a "Re:"
//! that names nothing joining its starter from another folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::support::folders::folder_info;
use tern::core::AccountId;
use tern::store::{FolderRole, NewMessage, Store, SyncMarks};

/// Message `i`: every third one replies to an earlier message `p` and names `p / 2` too,
/// so replies stored before their parents (newest first) join threads later.
pub(super) fn message(i: u32) -> (NewMessage, Vec<u32>) {
    let parents = if i > 0 && i.is_multiple_of(3) {
        let p = (i.wrapping_mul(2_654_435_761) >> 7) % i;
        vec![p / 2, p]
    } else {
        Vec::new()
    };
    let refs: Vec<String> = parents.iter().map(|p| format!("<{p}@t>")).collect();
    let row = NewMessage {
        uid: i + 1,
        subject: format!("Topic {i}"),
        internal_date: 1_700_000_000 + i64::from(i),
        message_id: format!("<{i}@t>"),
        in_reply_to: parents.last().map(|p| format!("<{p}@t>")).unwrap_or_default(),
        refs: refs.join(" "),
        ..Default::default()
    };
    (row, parents)
}

pub(super) fn expected(n: u32) -> BTreeSet<BTreeSet<String>> {
    let mut parent: HashMap<u32, u32> = (0..n).map(|i| (i, i)).collect();
    fn root(parent: &HashMap<u32, u32>, mut x: u32) -> u32 {
        while parent[&x] != x {
            x = parent[&x];
        }
        x
    }
    for i in 0..n {
        for p in message(i).1 {
            let (a, b) = (root(&parent, i), root(&parent, p));
            parent.insert(a, b);
        }
    }
    let mut groups: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for i in 0..n {
        groups
            .entry(root(&parent, i))
            .or_default()
            .insert(format!("<{i}@t>"));
    }
    groups.into_values().collect()
}

/// Stores `uids` (ascending) newest first in windows of the given sizes, the last
/// size repeating.
pub(super) fn store_newest_first(
    store: &mut Store,
    folder: tern::core::FolderId,
    rows: &[NewMessage],
    sizes: &[usize],
) {
    let mut hi = rows.len();
    let mut k = 0;
    while hi > 0 {
        let size = sizes[k.min(sizes.len() - 1)];
        let lo = hi.saturating_sub(size);
        store
            .store_window(folder, 1, &rows[lo..hi], marks_down_to(rows, lo))
            .expect("window");
        hi = lo;
        k += 1;
    }
}

/// The marks after storing `rows[lo..]` newest first.
pub(super) fn marks_down_to(rows: &[NewMessage], lo: usize) -> SyncMarks {
    SyncMarks {
        uidvalidity: 1,
        uidnext: rows.last().map_or(1, |r| r.uid + 1),
        low_uid: rows[lo].uid,
        highestmodseq: 0,
    }
}

pub(super) fn groups(store: &Store, account: AccountId) -> BTreeSet<BTreeSet<String>> {
    let mut by_thread: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for name in ["INBOX", "Sent"] {
        let f = store.find_folder(account, name).expect("query").expect("folder");
        for m in store.list_messages(f.id, 0, u32::MAX).expect("list") {
            let thread = store.thread_of(m.id).expect("query").expect("row");
            assert_ne!(thread, 0, "{} threaded", m.message_id);
            by_thread.entry(thread).or_default().insert(m.message_id);
        }
    }
    by_thread.into_values().collect()
}

/// Account "A" with an INBOX and a Sent folder.
pub(super) fn inbox_and_sent(store: &mut Store) -> (AccountId, tern::core::FolderId, tern::core::FolderId) {
    let account = store.ensure_account("A", "a@example.org").expect("account");
    store
        .replace_folders(
            account,
            &[
                folder_info("INBOX", FolderRole::Inbox),
                folder_info("Sent", FolderRole::Sent),
            ],
        )
        .expect("folders");
    let find = |s: &Store, name| s.find_folder(account, name).expect("query").expect("folder").id;
    (account, find(store, "INBOX"), find(store, "Sent"))
}

#[test]
fn windows_and_folders_thread_like_a_union_find_over_the_headers() {
    const N: u32 = 600;
    for sizes in [&[1][..], &[7, 50][..], &[600][..]] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("c.sqlite3")).expect("open");
        let (account, inbox, sent) = inbox_and_sent(&mut store);
        // Even messages in INBOX, odd ones in Sent: threads span both folders.
        let (even, odd): (Vec<NewMessage>, Vec<NewMessage>) = (0..N)
            .map(|i| message(i).0)
            .partition(|m| (m.uid - 1).is_multiple_of(2));
        store_newest_first(&mut store, inbox, &even, sizes);
        store_newest_first(&mut store, sent, &odd, sizes);
        assert_eq!(groups(&store, account), expected(N), "windows of {sizes:?}");

        // A "Re:" naming nothing, in another folder and a later window, joins its starter.
        let marks = SyncMarks {
            uidvalidity: 1,
            uidnext: 10_001,
            low_uid: 1,
            highestmodseq: 0,
        };
        let re = NewMessage {
            uid: 10_000,
            subject: "RE: topic 4".into(),
            message_id: "<re@t>".into(),
            ..Default::default()
        };
        store.store_window(sent, 1, &[re], marks).expect("window");
        let all = groups(&store, account);
        assert!(
            all.iter().any(|g| g.contains("<re@t>") && g.contains("<4@t>")),
            "the reply joined topic 4's thread ({sizes:?})"
        );
    }
}

/// Each folder stored by a store of its own, INBOX's windows one store each: the later
/// stores know no thread sizes and find earlier merges only in the cache (links keep
/// the thread they were written with; lookups follow `thread_merge`).
#[test]
fn stores_opened_per_window_thread_like_one_store() {
    const N: u32 = 400;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let (account, inbox, sent) = inbox_and_sent(&mut store);
    drop(store);
    let (even, odd): (Vec<NewMessage>, Vec<NewMessage>) = (0..N)
        .map(|i| message(i).0)
        .partition(|m| (m.uid - 1).is_multiple_of(2));
    for chunk in even.chunks(13).rev() {
        let mut store = Store::open(&path).expect("open");
        store_newest_first(&mut store, inbox, chunk, &[chunk.len()]);
    }
    let mut store = Store::open(&path).expect("open");
    store_newest_first(&mut store, sent, &odd, &[5, 40]);
    assert_eq!(groups(&store, account), expected(N));
}
