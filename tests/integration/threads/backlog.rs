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
