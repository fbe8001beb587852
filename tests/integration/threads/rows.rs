//! Conversation rows of a folder (issue 11 item 2): one row per thread in the folder,
//! standing for its newest message there, with the count, senders and unread of the
//! thread's messages in that folder; keyset paging walks every conversation once.

use std::collections::BTreeSet;

use crate::support::folders::folder_info;
use tern::core::{Flags, FolderId};
use tern::store::{ConversationRow, FolderRole, ListKey, NewMessage, Seek, Store, SyncMarks};

/// Message `uid` of a generated mailbox: every fifth starts a thread that the next
/// four answer (the fourth reply names only the thread's start, so it joins by
/// References), some unread, senders rotating.
fn row(uid: u32) -> NewMessage {
    let start = uid - (uid - 1) % 5;
    let (in_reply_to, refs) = if uid == start {
        (String::new(), String::new())
    } else {
        (format!("<{}@rows.test>", uid - 1), format!("<{start}@rows.test>"))
    };
    NewMessage {
        uid,
        subject: format!("Topic {start}"),
        internal_date: 1_700_000_000 + i64::from(uid) * 60 - i64::from(uid % 2) * 30,
        message_id: format!("<{uid}@rows.test>"),
        in_reply_to,
        refs,
        from_name: ["Ann", "Bob", "Cy"][uid as usize % 3].into(),
        from_addr: format!("p{}@rows.test", uid % 3),
        flags: if uid.is_multiple_of(7) { 0 } else { Flags::SEEN.0 },
        ..Default::default()
    }
}

fn open(dir: &std::path::Path, n: u32) -> (Store, FolderId, FolderId) {
    let mut store = Store::open(&dir.join("c.sqlite3")).expect("open");
    let account = store.ensure_account("A", "a@rows.test").expect("account");
    store
        .replace_folders(
            account,
            &[
                folder_info("INBOX", FolderRole::Inbox),
                folder_info("Sent", FolderRole::Sent),
            ],
        )
        .expect("folders");
    let find = |s: &Store, p: &str| s.find_folder(account, p).expect("query").expect("folder").id;
    let (inbox, sent) = (find(&store, "INBOX"), find(&store, "Sent"));
    let marks = |next| SyncMarks {
        uidvalidity: 1,
        uidnext: next,
        low_uid: 1,
        highestmodseq: 1,
    };
    // Every fifth message of a thread (its last reply) is in Sent.
    let (sent_rows, inbox_rows): (Vec<NewMessage>, Vec<NewMessage>) =
        (1..=n).map(row).partition(|m| m.uid.is_multiple_of(5));
    store
        .store_window(inbox, 1, &inbox_rows, marks(n + 1))
        .expect("inbox");
    store
        .store_window(sent, 1, &sent_rows, marks(n + 1))
        .expect("sent");
    (store, inbox, sent)
}

#[test]
fn a_folder_lists_one_row_per_conversation_with_its_count_senders_and_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 500;
    let (store, inbox, sent) = open(dir.path(), n);

    // 100 threads, four messages each in INBOX.
    assert_eq!(store.conversation_count(inbox).expect("count"), 100);
    assert_eq!(store.conversation_count(sent).expect("count"), 100);
    let all = store
        .conversation_page(inbox, Seek::Top, 0, u32::MAX)
        .expect("all");
    assert_eq!(all.len(), 100);
    let first: &ConversationRow = &all[0];
    // The newest thread starts at 496: its INBOX messages are 496..=499.
    let uids = |r: &ConversationRow| -> Vec<u32> {
        let plain = store.list_messages(inbox, 0, u32::MAX).expect("list");
        r.ids
            .iter()
            .map(|id| plain.iter().find(|m| m.id == *id).expect("listed").uid)
            .collect()
    };
    assert_eq!(
        uids(first),
        vec![496, 497, 498, 499],
        "oldest first, in this folder only"
    );
    assert_eq!(first.newest.uid, 499, "the row is the newest message");
    assert_eq!(
        first.participants,
        vec!["Bob", "Cy", "Ann"],
        "496, 497, 498; 499 is Bob again"
    );
    // 497 is unread (497 % 7 == 0): the row is unread.
    assert_eq!(first.unread, 1);
    assert!(!Flags(first.newest.flags).contains(Flags::SEEN));
    let read_row = all.iter().find(|r| r.newest.uid == 489).expect("row of 486");
    assert_eq!(read_row.unread, 0);
    assert!(Flags(read_row.newest.flags).contains(Flags::SEEN));

    // Every INBOX message is in exactly one row.
    let mut seen = BTreeSet::new();
    for r in &all {
        for id in &r.ids {
            assert!(seen.insert(*id), "{id:?} in two rows");
        }
    }
    assert_eq!(seen.len(), 400);

    // Rows are newest first by their newest message.
    let keys: Vec<ListKey> = all.iter().map(|r| ListKey::from(&r.newest)).collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "newest first");

    // Keyset paging down (7 a time) and up (11 a time) walks the same rows once.
    let threads = |rows: &[ConversationRow]| rows.iter().map(|r| r.thread).collect::<Vec<i64>>();
    let mut down = Vec::new();
    let mut seek = Seek::Top;
    loop {
        let page = store.conversation_page(inbox, seek, 0, 7).expect("page");
        let Some(last) = page.last() else { break };
        seek = Seek::After(ListKey::from(&last.newest));
        down.extend(threads(&page));
    }
    assert_eq!(down, threads(&all), "paging down");
    let mut up: Vec<Vec<i64>> = Vec::new();
    let mut seek = Seek::Bottom;
    loop {
        let page = store.conversation_page(inbox, seek, 0, 11).expect("page");
        let Some(first) = page.first() else { break };
        seek = Seek::Before(ListKey::from(&first.newest));
        up.push(threads(&page));
    }
    let up: Vec<i64> = up.into_iter().rev().flatten().collect();
    assert_eq!(up, threads(&all), "paging up");
    let skipped = store.conversation_page(inbox, Seek::Top, 40, 5).expect("skip");
    assert_eq!(threads(&skipped), threads(&all[40..45]));

    // The newest message expunged: the row stands for the next newest, one fewer.
    let mut store = store;
    let marks = SyncMarks {
        uidvalidity: 1,
        uidnext: n + 1,
        low_uid: 1,
        highestmodseq: 2,
    };
    store
        .apply_changes(inbox, 1, &[], &[499], marks)
        .expect("expunge");
    let again = store.conversation_page(inbox, Seek::Top, 0, 1).expect("top");
    assert_eq!(again[0].ids, first.ids[..3].to_vec());
    assert_eq!(again[0].newest.uid, 498);
}
