//! A cache written before threading existed: its rows are threaded when it is opened.

use tern::core::MessageId;
use tern::store::{Store, migrate_file_to};

#[test]
fn rows_cached_before_threading_are_threaded_on_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite3");
    migrate_file_to(&path, 6).expect("schema 6");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "INSERT INTO account (id, name, email) VALUES (1, 'A', 'a@example.org');
             INSERT INTO folder (id, account_id, raw_name, path, uidvalidity) VALUES (1, 1, 'INBOX', 'INBOX', 1);
             INSERT INTO message (id, folder_id, uidvalidity, uid, subject, message_id, in_reply_to, refs)
               VALUES (1, 1, 1, 1, 'Hello', 'h@x', '', ''),
                      (2, 1, 1, 2, 'Re: Hello', 'r@x', 'h@x', 'h@x'),
                      (3, 1, 1, 3, 'Other', 'o@x', '', '');",
        )
        .expect("old rows");
    }
    let store = Store::open(&path).expect("upgrade");
    let thread = |id| store.thread_of(MessageId(id)).expect("query").expect("row");
    assert_ne!(thread(1), 0);
    assert_eq!(thread(1), thread(2));
    assert_ne!(thread(3), thread(1));
}

/// A cache threaded with text links (schema 8): migration 009 cannot hash them in SQL,
/// so its rows are threaded again on open, and new mail still joins the old threads.
#[test]
fn a_cache_with_text_links_is_threaded_again_and_keeps_joining() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite3");
    migrate_file_to(&path, 8).expect("schema 8");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "INSERT INTO account (id, name, email) VALUES (1, 'A', 'a@example.org');
             INSERT INTO folder (id, account_id, raw_name, path, uidvalidity) VALUES (1, 1, 'INBOX', 'INBOX', 1);
             INSERT INTO message (id, folder_id, uidvalidity, uid, subject, message_id, in_reply_to, refs, thread_id)
               VALUES (1, 1, 1, 1, 'Hello', 'h@x', '', '', 7),
                      (2, 1, 1, 2, 'Re: Hello', 'r@x', 'h@x', 'h@x', 7),
                      (3, 1, 1, 3, 'Other', 'o@x', '', '', 8);
             INSERT INTO thread_link (account_id, key, thread_id)
               VALUES (1, 'h@x', 7), (1, 'r@x', 7), (1, '=hello', 7), (1, 'o@x', 8), (1, '=other', 8);
             UPDATE thread_counter SET last = 8;",
        )
        .expect("old rows");
    }
    let mut store = Store::open(&path).expect("upgrade");
    let thread = |s: &Store, id| s.thread_of(MessageId(id)).expect("query").expect("row");
    let (hello, other) = (thread(&store, 1), thread(&store, 3));
    assert!(
        hello > 8 && other > 8,
        "threaded again with new ids: {hello}, {other}"
    );
    assert_eq!(thread(&store, 2), hello);
    assert_ne!(other, hello);
    // A later reply (another window, by References only) joins the rethreaded thread.
    let reply = tern::store::NewMessage {
        uid: 4,
        subject: "Re: Re: Hello".into(),
        message_id: "<r2@x>".into(),
        refs: "<h@x> <r@x>".into(),
        ..Default::default()
    };
    let marks = tern::store::SyncMarks {
        uidvalidity: 1,
        uidnext: 5,
        low_uid: 1,
        highestmodseq: 0,
    };
    store
        .store_window(tern::core::FolderId(1), 1, &[reply], marks)
        .expect("window");
    assert_eq!(thread(&store, 4), hello, "the reply joined Hello's thread");
}

/// Links have no foreign key since 009: removing an account removes them by hand, so an
/// account added again under the same id starts with no threads of the old one.
#[test]
fn removing_an_account_forgets_its_thread_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let marks = tern::store::SyncMarks {
        uidvalidity: 1,
        uidnext: 3,
        low_uid: 1,
        highestmodseq: 0,
    };
    let inbox = |s: &mut Store| {
        let account = s.ensure_account("A", "a@example.org").expect("account");
        s.replace_folders(
            account,
            &[crate::support::folders::folder_info(
                "INBOX",
                tern::store::FolderRole::Inbox,
            )],
        )
        .expect("folders");
        (
            account,
            s.find_folder(account, "INBOX").expect("query").expect("inbox").id,
        )
    };
    let (first_account, folder) = inbox(&mut store);
    let parent = tern::store::NewMessage {
        uid: 1,
        subject: "Plans".into(),
        message_id: "<p@x>".into(),
        ..Default::default()
    };
    store.store_window(folder, 1, &[parent], marks).expect("window");
    let old_thread = store.thread_of(MessageId(1)).expect("query").expect("row");
    store.delete_account("A").expect("delete");
    let (again, folder) = inbox(&mut store);
    assert_eq!(again, first_account, "the id is used again");
    let reply = tern::store::NewMessage {
        uid: 2,
        subject: "Re: Plans".into(),
        message_id: "<q@x>".into(),
        in_reply_to: "<p@x>".into(),
        refs: "<p@x>".into(),
        ..Default::default()
    };
    store.store_window(folder, 1, &[reply], marks).expect("window");
    let rows = store.list_messages(folder, 0, 10).expect("list");
    let new_thread = store.thread_of(rows[0].id).expect("query").expect("row");
    assert!(
        new_thread > old_thread,
        "a new thread ({new_thread}), not the removed account's ({old_thread})"
    );
}
