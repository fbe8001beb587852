//! Keyset paging: walking a folder page by page, down from the top and up from the
//! bottom, yields every row exactly once, in the same order as one big read.

use crate::support::folders::folder_info;
use tern::store::{FolderRole, ListKey, NewMessage, Seek, Store, SyncMarks};

/// Many rows share a date (ties are ordered by UID), some dates go backwards.
fn row(uid: u32) -> NewMessage {
    NewMessage {
        uid,
        subject: format!("Message {uid}"),
        internal_date: 1_700_000_000 + i64::from(uid / 7) * 60 - i64::from(uid % 3),
        message_id: format!("<{uid}@paging.test>"),
        ..Default::default()
    }
}

#[test]
fn paging_down_and_up_returns_every_row_once_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.sqlite3")).expect("open");
    let account = store.ensure_account("A", "a@example.org").expect("account");
    store
        .replace_folders(account, &[folder_info("INBOX", FolderRole::Inbox)])
        .expect("folders");
    let folder = store
        .find_folder(account, "INBOX")
        .expect("query")
        .expect("inbox")
        .id;
    let n = 2_345;
    let marks = SyncMarks {
        uidvalidity: 1,
        uidnext: n + 1,
        low_uid: 1,
        highestmodseq: 1,
    };
    let rows: Vec<NewMessage> = (1..=n).map(row).collect();
    store.store_window(folder, 1, &rows, marks).expect("rows");

    let all: Vec<u32> = store
        .list_messages(folder, 0, u32::MAX)
        .expect("all")
        .iter()
        .map(|m| m.uid)
        .collect();
    assert_eq!(all.len(), n as usize);

    // Down from the top, 100 at a time.
    let mut down = Vec::new();
    let mut seek = Seek::Top;
    loop {
        let page = store.list_page(folder, seek, 0, 100).expect("page");
        let Some(last) = page.last() else { break };
        seek = Seek::After(ListKey::from(last));
        down.extend(page.iter().map(|m| m.uid));
    }
    assert_eq!(down, all, "paging down");

    // Up from the bottom, 77 at a time (pages still come newest first).
    let mut up: Vec<Vec<u32>> = Vec::new();
    let mut seek = Seek::Bottom;
    loop {
        let page = store.list_page(folder, seek, 0, 77).expect("page");
        let Some(first) = page.first() else { break };
        seek = Seek::Before(ListKey::from(first));
        up.push(page.iter().map(|m| m.uid).collect());
    }
    let up: Vec<u32> = up.into_iter().rev().flatten().collect();
    assert_eq!(up, all, "paging up");

    // A few rows away from a known key lands where OFFSET would.
    let key = store.list_page(folder, Seek::Top, 999, 1).expect("row 999")[0].clone();
    assert_eq!(key.uid, all[999]);
    let near = store
        .list_page(folder, Seek::After(ListKey::from(&key)), 5, 10)
        .expect("near");
    assert_eq!(near.iter().map(|m| m.uid).collect::<Vec<_>>(), all[1005..1015]);
    let bottom = store.list_page(folder, Seek::Bottom, 0, 3).expect("bottom");
    assert_eq!(
        bottom.iter().map(|m| m.uid).collect::<Vec<_>>(),
        all[all.len() - 3..]
    );

    let plan = store.list_page_plan(folder).expect("plan");
    assert!(
        plan.contains("message_newest_first") && plan.contains("(internal_date,uid)<"),
        "seeks the index to the key: {plan}"
    );
    assert!(!plan.contains("TEMP B-TREE"), "no sort: {plan}");
}
