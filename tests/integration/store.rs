//! The cache: migrations from every older schema, pragmas, idempotent windows.

use crate::support::folders::folder_info;
use tern::store::{
    FlagUpdate, FolderInfo, FolderRole, NewMessage, SCHEMA_VERSION, Store, SyncMarks, migrate_file_to,
};

fn schema_of(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name",
        )
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn migrates_from_every_older_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).expect("fresh"));
    let want = schema_of(&fresh);
    for from in 0..SCHEMA_VERSION {
        let path = dir.path().join(format!("v{from}.sqlite3"));
        migrate_file_to(&path, from).expect("build old schema");
        if from >= 1 {
            // Data written under the old schema survives the upgrade.
            let conn = rusqlite::Connection::open(&path).expect("open old");
            conn.execute(
                "INSERT INTO account (name, email) VALUES ('Old', 'old@example.org')",
                [],
            )
            .expect("old insert");
        }
        let store = Store::open(&path).expect("upgrade");
        assert_eq!(
            store.pragma("user_version").expect("pragma"),
            SCHEMA_VERSION.to_string()
        );
        if from >= 1 {
            assert!(
                store.account_id("Old").expect("query").is_some(),
                "data lost migrating from {from}"
            );
        }
        drop(store);
        assert_eq!(
            schema_of(&path),
            want,
            "schema after migrating from {from} differs from a fresh one"
        );
    }
}

#[test]
fn newer_schema_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.sqlite3");
    drop(Store::open(&path).expect("create"));
    rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("bump");
    let err = Store::open(&path).expect_err("newer schema");
    assert!(err.message.contains("newer Tern"), "{}", err.message);
}

#[test]
fn cache_uses_wal_and_normal_sync_and_readers_cannot_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.sqlite3");
    let store = Store::open(&path).expect("open");
    assert_eq!(store.pragma("journal_mode").expect("mode"), "wal");
    assert_eq!(store.pragma("synchronous").expect("sync"), "1"); // NORMAL
    let reader = Store::open_reader(&path).expect("reader");
    assert!(
        reader.ensure_account("X", "x@y").is_err(),
        "a reader must not write"
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

fn row(uid: u32) -> NewMessage {
    NewMessage {
        uid,
        subject: format!("Message {uid}"),
        internal_date: 1_700_000_000 + i64::from(uid),
        message_id: format!("<{uid}@test>"),
        ..Default::default()
    }
}

#[test]
fn windows_are_idempotent_and_folders_follow_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.sqlite3")).expect("open");
    let account = store.ensure_account("A", "a@example.org").expect("account");
    let inbox = folder_info("INBOX", FolderRole::Inbox);
    let old = FolderInfo {
        raw_name: "Old".into(),
        path: "Old".into(),
        role: FolderRole::None,
        ..inbox.clone()
    };
    assert!(
        store
            .replace_folders(account, &[inbox.clone(), old.clone()])
            .expect("folders")
    );
    assert!(
        !store
            .replace_folders(account, &[inbox.clone(), old])
            .expect("same again"),
        "no change reported"
    );
    let folder = store
        .find_folder(account, "inbox")
        .expect("find")
        .expect("inbox exists");
    let marks = SyncMarks {
        uidvalidity: 7,
        uidnext: 11,
        low_uid: 5,
        highestmodseq: 3,
    };
    let rows: Vec<_> = (5..11).map(row).collect();
    store.store_window(folder.id, 7, &rows, marks).expect("window");
    store
        .store_window(folder.id, 7, &rows, marks)
        .expect("same window again");
    let f = store.folder(folder.id).expect("folder").expect("exists");
    assert_eq!((f.total, f.unread, f.marks), (6, 6, marks));
    let page = store.list_messages(folder.id, 0, 3).expect("page");
    assert_eq!(
        page.iter().map(|m| m.uid).collect::<Vec<_>>(),
        vec![10, 9, 8],
        "newest first"
    );

    let update = FlagUpdate {
        uid: 10,
        flags: 1,
        keywords: String::new(),
        modseq: 9,
    };
    let marks2 = SyncMarks {
        highestmodseq: 9,
        ..marks
    };
    let changed = store
        .apply_changes(folder.id, 7, &[update], &[5, 6], marks2)
        .expect("changes");
    assert_eq!(changed, 3);
    assert_eq!(store.cached_uids(folder.id, 7).expect("uids"), vec![7, 8, 9, 10]);
    assert_eq!(store.folder(folder.id).expect("f").expect("f").unread, 3);

    // The server stops listing "Old": it disappears; a new UIDVALIDITY empties INBOX.
    assert!(store.replace_folders(account, &[inbox]).expect("folders"));
    assert!(store.find_folder(account, "Old").expect("find").is_none());
    store.reset_folder(folder.id, 8).expect("reset");
    assert!(store.cached_uids(folder.id, 7).expect("uids").is_empty());
}

#[test]
fn search_finds_every_cached_message_once_the_index_catches_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.sqlite3")).expect("open");
    let account = store.ensure_account("A", "a@example.org").expect("account");
    let inbox = folder_info("INBOX", FolderRole::Inbox);
    store.replace_folders(account, &[inbox]).expect("folders");
    let folder = store.find_folder(account, "INBOX").expect("q").expect("inbox").id;
    let marks = SyncMarks {
        uidvalidity: 1,
        uidnext: 4,
        low_uid: 1,
        highestmodseq: 0,
    };
    let mut rows: Vec<_> = (1..4).map(row).collect();
    rows[1].subject = "Quarterly zebra report".into();
    store.store_window(folder, 1, &rows, marks).expect("window");
    // Sync does not index; catching up does, in batches.
    assert!(store.search("zebra", 10).expect("search").is_empty());
    assert_eq!(store.index_pending(2).expect("batch"), 2);
    assert_eq!(store.index_all_pending().expect("rest"), 1);
    assert_eq!(store.search("zebr", 10).expect("prefix search").len(), 1);
    // A fetched body's text is searchable; for an indexed message at once.
    let id = store.search("zebra", 10).expect("search")[0];
    store
        .store_body(id, b"Subject: x\r\n\r\nokapi", "okapi sighting", "notes.pdf")
        .expect("body");
    assert_eq!(store.search("okapi", 10).expect("search"), vec![id]);
    assert_eq!(store.search("notes", 10).expect("search"), vec![id]);
    assert_eq!(store.summaries(&[id]).expect("summaries").len(), 1);
    // The newest row goes away and a new one reuses its id: the mark moves below it, so
    // catching up indexes it.
    let newest = store.list_messages(folder, 0, 1).expect("list")[0].uid;
    let marks2 = SyncMarks { uidnext: 5, ..marks };
    store
        .apply_changes(folder, 1, &[], &[newest], marks2)
        .expect("expunge");
    let mut again = row(4);
    again.subject = "Narwhal sighting".into();
    store.store_window(folder, 1, &[again], marks2).expect("window");
    assert_eq!(store.index_all_pending().expect("catch up"), 1);
    assert_eq!(
        store.search("narwhal", 10).expect("search").len(),
        1,
        "reused id indexed"
    );
}

#[test]
fn removing_an_account_forgets_its_cached_mail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.sqlite3")).expect("open");
    let account = store.ensure_account("Gone", "g@example.org").expect("account");
    let keep = store.ensure_account("Kept", "k@example.org").expect("account");
    for a in [account, keep] {
        store
            .replace_folders(a, &[folder_info("INBOX", FolderRole::Inbox)])
            .expect("folders");
        let folder = store.find_folder(a, "INBOX").expect("q").expect("inbox").id;
        let marks = SyncMarks {
            uidvalidity: 1,
            uidnext: 3,
            low_uid: 1,
            highestmodseq: 0,
        };
        let mut rows: Vec<_> = (1..3).map(row).collect();
        rows[0].subject = format!("secret plans {}", a.0);
        store.store_window(folder, 1, &rows, marks).expect("window");
    }
    store.index_all_pending().expect("index");
    assert_eq!(store.search("secret", 10).expect("search").len(), 2);
    store.delete_account("Gone").expect("delete");
    assert!(store.account_id("Gone").expect("q").is_none());
    assert_eq!(
        store.search("secret", 10).expect("search").len(),
        1,
        "search entries go too"
    );
    assert_eq!(store.folders(keep).expect("folders").len(), 1);
    let conn = rusqlite::Connection::open(dir.path().join("c.sqlite3")).expect("open");
    let messages: i64 = conn
        .query_row("SELECT count(*) FROM message", [], |r| r.get(0))
        .expect("count");
    assert_eq!(messages, 2, "only the kept account's rows remain");
}

#[test]
fn user_database_migrates_from_every_older_version() {
    use tern::store::{USER_SCHEMA_VERSION, migrate_user_file_to, user_db_path};
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).expect("fresh"));
    let want = schema_of(&user_db_path(&fresh));
    for from in 0..USER_SCHEMA_VERSION {
        let cache = dir.path().join(format!("v{from}.sqlite3"));
        let user = user_db_path(&cache);
        migrate_user_file_to(&user, from).expect("build old user schema");
        if from >= 1 {
            // A queued action written under the old schema survives the upgrade.
            let conn = rusqlite::Connection::open(&user).expect("open old");
            conn.execute("INSERT INTO op (account, kind) VALUES ('Old', 'flags')", [])
                .expect("old insert");
        }
        let store = Store::open(&cache).expect("upgrade");
        assert_eq!(
            store.user_pragma("user_version").expect("pragma"),
            USER_SCHEMA_VERSION.to_string()
        );
        drop(store);
        if from >= 1 {
            let conn = rusqlite::Connection::open(&user).expect("open upgraded");
            let ops: i64 = conn
                .query_row("SELECT count(*) FROM op WHERE account = 'Old'", [], |r| r.get(0))
                .expect("count");
            assert_eq!(ops, 1, "queued action lost migrating from {from}");
        }
        assert_eq!(
            schema_of(&user),
            want,
            "user schema after migrating from {from} differs from a fresh one"
        );
    }
}
