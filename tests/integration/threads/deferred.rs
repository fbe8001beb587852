//! Thread links kept in memory during a folder's sync (`Store::defer_thread_links`) and
//! written at its end: the grouping is the one links written per window give, however
//! often the kept links spill; and links lost with a store that died before writing
//! them come back from the message rows on the next open (`thread_link_gap`).

use std::path::Path;

use super::windows::{expected, groups, inbox_and_sent, marks_down_to, message, store_newest_first};
use tern::core::FolderId;
use tern::store::{NewMessage, Store};

const N: u32 = 600;

fn even_and_odd() -> (Vec<NewMessage>, Vec<NewMessage>) {
    (0..N)
        .map(|i| message(i).0)
        .partition(|m| (m.uid - 1).is_multiple_of(2))
}

/// Newest first in windows of 9 then 60, each window's names made by the caller (as
/// the sync's decode thread does).
fn store_named_newest_first(store: &mut Store, folder: FolderId, rows: &[NewMessage]) {
    let hasher = store.thread_key_hasher().expect("query").expect("threading on");
    let mut hi = rows.len();
    let mut size = 9;
    while hi > 0 {
        let lo = hi.saturating_sub(size);
        let names = rows[lo..hi].iter().map(|m| hasher.names(m)).collect();
        store
            .store_window_named(folder, 1, &rows[lo..hi], Some(names), marks_down_to(rows, lo))
            .expect("window");
        hi = lo;
        size = 60;
    }
}

fn sql_count(path: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
fn links_kept_in_memory_thread_like_links_written_per_window() {
    // 1: every window writes its links at once; 40: they spill now and then; 100,000:
    // they stay in memory until the end.
    for limit in [1, 40, 100_000] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.sqlite3");
        let mut store = Store::open(&path).expect("open");
        let (account, inbox, sent) = inbox_and_sent(&mut store);
        let (even, odd) = even_and_odd();
        store.defer_thread_links(limit);
        store_named_newest_first(&mut store, inbox, &even);
        if limit == 100_000 {
            assert_eq!(
                sql_count(&path, "SELECT count(*) FROM thread_link"),
                0,
                "links are kept in memory"
            );
            assert_eq!(sql_count(&path, "SELECT count(*) FROM thread_link_gap"), 1);
        }
        store.write_thread_links().expect("write links");
        assert_eq!(sql_count(&path, "SELECT count(*) FROM thread_link_gap"), 0);
        // Sent by another store, which finds INBOX's threads on disk only.
        let mut other = Store::open(&path).expect("open");
        store_newest_first(&mut other, sent, &odd, &[5, 40]);
        assert_eq!(groups(&other, account), expected(N), "limit {limit}");
    }
}

#[test]
fn links_lost_with_a_store_are_derived_again_on_the_next_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let (account, inbox, sent) = inbox_and_sent(&mut store);
    let (even, odd) = even_and_odd();
    store.defer_thread_links(100_000);
    store_newest_first(&mut store, inbox, &even, &[7, 50]);
    // Dropped without writing its links (a sync that stopped; in-process, so its gap
    // row is known to be dead at once).
    drop(store);
    assert_eq!(sql_count(&path, "SELECT count(*) FROM thread_link"), 0);
    let mut store = Store::open(&path).expect("open recovers");
    assert_eq!(sql_count(&path, "SELECT count(*) FROM thread_link_gap"), 0);
    assert!(sql_count(&path, "SELECT count(*) FROM thread_link") > i64::from(N) / 2);
    store_newest_first(&mut store, sent, &odd, &[5, 40]);
    assert_eq!(groups(&store, account), expected(N));
}

/// A gap row of another process is only taken as dead once its owner stopped renewing
/// it for a minute: a live sync elsewhere keeps its links.
#[test]
fn another_processs_gap_is_recovered_only_after_its_lease() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let (account, inbox, sent) = inbox_and_sent(&mut store);
    let (even, odd) = even_and_odd();
    store_newest_first(&mut store, inbox, &even, &[7, 50]);
    drop(store);
    // As if another process had stored these rows with its links still in memory.
    let links = sql_count(&path, "SELECT count(*) FROM thread_link");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "DELETE FROM thread_link;
             INSERT INTO thread_link_gap (owner, from_message, renewed_at) VALUES (42, 1, unixepoch());",
        )
        .expect("gap");
    }
    drop(Store::open(&path).expect("open"));
    assert_eq!(
        sql_count(&path, "SELECT count(*) FROM thread_link"),
        0,
        "a renewed gap belongs to a live store"
    );
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute("UPDATE thread_link_gap SET renewed_at = unixepoch() - 61", [])
            .expect("age");
    }
    let mut store = Store::open(&path).expect("open recovers");
    assert_eq!(sql_count(&path, "SELECT count(*) FROM thread_link"), links);
    assert_eq!(sql_count(&path, "SELECT count(*) FROM thread_link_gap"), 0);
    store_newest_first(&mut store, sent, &odd, &[5, 40]);
    assert_eq!(groups(&store, account), expected(N));
}
