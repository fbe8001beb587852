//! Drafts in the user database (issue "Write mail", item 8) and address completion
//! over the cache.

use tern::core::{Draft, DraftAttachment, DraftId, NewMessage};
use tern::engine::drafts;
use tern::store::{FolderInfo, FolderRole, Store, SyncMarks, user_db_path};

fn draft(account: &str, body: &str) -> Draft {
    Draft {
        account: account.into(),
        to: vec!["Ann <ann@example.org>".into()],
        subject: "Plans".into(),
        body: body.into(),
        attachments: vec![DraftAttachment::File {
            path: "/tmp/a.pdf".into(),
            name: "a.pdf".into(),
            size: 1234,
        }],
        ..Draft::default()
    }
}

#[test]
fn a_draft_is_saved_replaced_listed_and_deleted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache.sqlite3");
    let id = drafts::save_draft(&cache, &draft("A", "first")).expect("save");
    let mut second = draft("A", "first and more");
    second.id = Some(id);
    assert_eq!(
        drafts::save_draft(&cache, &second).expect("save again"),
        id,
        "same row"
    );
    let loaded = drafts::load_draft(&cache, id).expect("load").expect("there");
    assert_eq!(loaded, second, "everything round-trips, attachments included");
    assert_eq!(drafts::drafts(&cache).expect("list"), vec![second.clone()]);

    // Open until the composer closes it: then it is no longer "left by a crash".
    assert_eq!(drafts::left_open(&cache).expect("open").len(), 1);
    drafts::close_draft(&cache, id).expect("close");
    assert!(drafts::left_open(&cache).expect("open").is_empty());
    assert_eq!(
        drafts::drafts(&cache).expect("list").len(),
        1,
        "closed drafts are kept"
    );

    // Discarded: hidden at once, the row kept for the worker until deleted.
    drafts::discard_draft(&cache, id).expect("discard");
    assert!(drafts::drafts(&cache).expect("list").is_empty());
    assert_eq!(drafts::load_draft(&cache, id).expect("load"), None);
    let store = Store::open(&cache).expect("store");
    assert!(store.draft_row(id).expect("row").expect("kept").discarded);
    drafts::delete_draft(&cache, id).expect("delete");
    assert_eq!(store.draft_row(id).expect("row"), None);

    // Saving a draft whose row is gone writes it anew: typed text is never dropped.
    let again = drafts::save_draft(&cache, &second).expect("save after delete");
    assert_ne!(again, id);
    assert_eq!(
        drafts::load_draft(&cache, again).expect("load").map(|d| d.body),
        Some("first and more".to_string())
    );
}

#[test]
fn an_unreadable_draft_row_is_skipped_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache.sqlite3");
    let good = drafts::save_draft(&cache, &draft("A", "fine")).expect("save");
    let conn = rusqlite::Connection::open(user_db_path(&cache)).expect("user db");
    conn.execute(
        "INSERT INTO draft (account, body, updated_ms) VALUES ('A', '{not json', 1)",
        [],
    )
    .expect("bad row");
    let bad = DraftId(conn.last_insert_rowid());
    let list = drafts::drafts(&cache).expect("list despite a bad row");
    assert_eq!(list.iter().map(|d| d.id).collect::<Vec<_>>(), vec![Some(good)]);
    let err = drafts::load_draft(&cache, bad).expect_err("clear error");
    assert!(err.message.contains("kept unchanged"), "{}", err.message);
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM draft", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 2, "nothing deleted");
}

fn cached(uid: u32, from: (&str, &str), recipients: &str, date: i64) -> NewMessage {
    NewMessage {
        uid,
        modseq: 1,
        internal_date: date,
        sent_date: date,
        subject: format!("m{uid}"),
        from_name: from.0.into(),
        from_addr: from.1.into(),
        recipients: recipients.into(),
        message_id: format!("<{uid}@t>"),
        ..NewMessage::default()
    }
}

/// A cache with two accounts' INBOXes holding `rows`.
fn cache_with(path: &std::path::Path, rows: Vec<(&str, NewMessage)>) -> Store {
    let mut store = Store::open(path).expect("store");
    for (account, row) in rows {
        let id = store
            .ensure_account(account, &format!("{account}@example.org"))
            .expect("account");
        let inbox = FolderInfo {
            raw_name: "INBOX".into(),
            path: "INBOX".into(),
            delimiter: "/".into(),
            role: FolderRole::Inbox,
            attributes: String::new(),
            selectable: true,
        };
        if store.find_folder(id, "INBOX").expect("q").is_none() {
            store.replace_folders(id, &[inbox]).expect("folders");
        }
        let folder = store.find_folder(id, "INBOX").expect("q").expect("inbox").id;
        let marks = SyncMarks {
            uidvalidity: 1,
            uidnext: row.uid + 1,
            low_uid: 1,
            highestmodseq: 1,
        };
        store.store_window(folder, 1, &[row], marks).expect("rows");
    }
    store
}

#[test]
fn completion_ranks_by_frequency_and_recency_across_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = 1_700_000_000;
    let day = 86_400;
    let store = cache_with(
        &dir.path().join("cache.sqlite3"),
        vec![
            // Anna wrote three times, long ago; Andreas twice, this week (account B).
            ("A", cached(1, ("Anna Alt", "anna@old.org"), "", now - 400 * day)),
            ("A", cached(2, ("Anna Alt", "anna@old.org"), "", now - 390 * day)),
            ("A", cached(3, ("Anna Alt", "anna@old.org"), "", now - 380 * day)),
            ("B", cached(1, ("Andreas", "andreas@new.org"), "", now - day)),
            (
                "B",
                cached(
                    2,
                    ("Bob", "bob@x.org"),
                    "Smith, Andy <andy@x.org>, andreas@new.org",
                    now,
                ),
            ),
            ("A", cached(4, ("Zed", "zed@x.org"), "no-match@x.org", now)),
        ],
    );
    let got = store.complete_address("an", 10, now).expect("complete");
    let addrs: Vec<&str> = got.iter().map(|a| a.addr.as_str()).collect();
    assert_eq!(addrs, vec!["andreas@new.org", "andy@x.org", "anna@old.org"]);
    assert_eq!(got[0].count, 2, "sender once, recipient once");
    assert_eq!(got[0].formatted(), "Andreas <andreas@new.org>");
    assert_eq!(got[1].name, "Smith, Andy", "a comma inside a name is kept");
    // A word of the name matches too, case-insensitively; the limit holds.
    let smith = store.complete_address("SMI", 10, now).expect("complete");
    assert_eq!(
        smith.iter().map(|a| a.addr.as_str()).collect::<Vec<_>>(),
        vec!["andy@x.org"]
    );
    assert_eq!(store.complete_address("a", 1, now).expect("complete").len(), 1);
    assert!(
        store
            .complete_address("  ", 10, now)
            .expect("complete")
            .is_empty()
    );
    assert!(
        store.complete_address("%", 10, now).expect("complete").is_empty(),
        "LIKE wildcards are literal"
    );
}

#[test]
fn saving_from_the_composer_keeps_the_server_copy_the_worker_recorded() {
    use tern::core::ServerRef;
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache.sqlite3");
    let mut composer_copy = draft("A", "one");
    let id = drafts::save_draft(&cache, &composer_copy).expect("save");
    composer_copy.id = Some(id);
    // The worker stored the draft on the server and noted where.
    let server = ServerRef {
        folder: "Drafts".into(),
        uidvalidity: 5,
        uid: 42,
        message_id: "d@example.org".into(),
    };
    drafts::close_draft(&cache, id).expect("closed");
    assert!(drafts::set_server_copy(&cache, id, Some(&server)).expect("worker records"));
    assert!(
        drafts::left_open(&cache).expect("open").is_empty(),
        "recording the server copy does not reopen a closed draft"
    );
    // The composer, which does not know that, saves more text.
    composer_copy.body = "one two".into();
    drafts::save_draft(&cache, &composer_copy).expect("composer save");
    let now = drafts::load_draft(&cache, id).expect("load").expect("row");
    assert_eq!(now.body, "one two");
    assert_eq!(
        now.server_copy,
        Some(server),
        "the previous server copy can still be replaced"
    );
}

#[test]
fn the_server_copy_of_a_deleted_draft_is_not_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache.sqlite3");
    let id = drafts::save_draft(&cache, &draft("A", "x")).expect("save");
    drafts::delete_draft(&cache, id).expect("delete");
    assert!(!drafts::set_server_copy(&cache, id, None).expect("no row"));
    assert!(drafts::drafts(&cache).expect("list").is_empty());
}
