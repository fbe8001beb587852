//! Threads in the cache: `core::threading` run against indexed tables inside a
//! transaction, a window of messages at a time (`window_threads`). Here: the shared
//! pieces (thread counter, link key hashing, merges) and the backlog of rows cached
//! before threading existed, or whose links migration 009 rebuilt.

use rusqlite::{OptionalExtension, Transaction, params};

use super::db_error;
use super::window_threads::{ThreadSizes, WindowThreads};
use crate::core::threading::{self, Names, ThreadInput, ThreadKey};
use crate::core::{FolderId, NewMessage, TernError};

/// The account a folder belongs to.
pub(super) fn account_of(tx: &Transaction<'_>, folder: FolderId) -> Result<i64, TernError> {
    tx.query_row("SELECT account_id FROM folder WHERE id = ?1", [folder.0], |r| {
        r.get(0)
    })
    .map_err(db_error)
}

/// The last thread id handed out, and the cache's hasher for link keys (one row).
pub(super) fn thread_counter(tx: &rusqlite::Connection) -> Result<(ThreadKey, KeyHasher), TernError> {
    let (last, k0, k1): (ThreadKey, i64, i64) = tx
        .query_row(
            "SELECT last, key_k0, key_k1 FROM thread_counter WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(db_error)?
        .unwrap_or((0, 0, 0));
    Ok((
        last,
        KeyHasher {
            k0: k0 as u64,
            k1: k1 as u64,
        },
    ))
}

pub(super) fn write_last_thread(tx: &Transaction<'_>, last: ThreadKey) -> Result<(), TernError> {
    tx.execute("UPDATE thread_counter SET last = ?1 WHERE id = 1", [last])
        .map_err(db_error)?;
    Ok(())
}

/// Turns a link's text key (a Message-ID or a subject key) into the integer the
/// `thread_link` table is keyed by: SipHash-2-4 under this cache's random key, so keys
/// a sender chooses cannot be made to collide (a collision would only join two
/// threads).
#[derive(Debug, Clone, Copy)]
pub struct KeyHasher {
    k0: u64,
    k1: u64,
}

impl KeyHasher {
    /// What a message names for threading, its keys hashed: the sync makes these while
    /// it decodes a window, so the writer only looks them up.
    pub fn names(&self, m: &NewMessage) -> Names<i64> {
        threading::names(&ThreadInput {
            message_id: &m.message_id,
            in_reply_to: &m.in_reply_to,
            refs: &m.refs,
            subject: &m.subject,
        })
        .map(|k| self.hash(k))
    }

    pub(super) fn hash(&self, key: &str) -> i64 {
        use std::hash::Hasher;
        // SipHash-2-4 is a fixed algorithm, so stored keys stay valid across Rust
        // releases; std keeps it (deprecated only in favour of crates that offer it).
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new_with_keys(self.k0, self.k1);
        h.write(key.as_bytes());
        h.finish() as i64
    }
}

/// Records that each thread `from` went into `into` and moves their stored messages.
/// Links stay as written: lookups follow `thread_merge`. (One `UPDATE ... FROM` over
/// all pairs took as long and raised the sync's peak RSS by 25 MiB.)
pub(super) fn merge_stored(tx: &Transaction<'_>, pairs: &[(ThreadKey, ThreadKey)]) -> Result<(), TernError> {
    record_merges(tx, pairs)?;
    move_rows(tx, pairs)
}

/// Records that each thread `from` went into `into` (lookups follow these rows).
pub(super) fn record_merges(tx: &Transaction<'_>, pairs: &[(ThreadKey, ThreadKey)]) -> Result<(), TernError> {
    let mut record = tx
        .prepare_cached(
            "INSERT INTO thread_merge (thread_id, into_id) VALUES (?1, ?2)
             ON CONFLICT (thread_id) DO UPDATE SET into_id = excluded.into_id",
        )
        .map_err(db_error)?;
    for &(from, into) in pairs {
        record.execute(params![from, into]).map_err(db_error)?;
    }
    Ok(())
}

/// Moves the stored messages of each thread `from` to `into`.
pub(super) fn move_rows(tx: &Transaction<'_>, pairs: &[(ThreadKey, ThreadKey)]) -> Result<(), TernError> {
    // OR FAIL: the only check this update can fail is NOT NULL, and with FAIL (not the
    // default ABORT) SQLite keeps no statement journal for the rows it moves.
    let mut move_rows = tx
        .prepare_cached("UPDATE OR FAIL message SET thread_id = ?2 WHERE thread_id = ?1")
        .map_err(db_error)?;
    for &(from, into) in pairs {
        move_rows.execute(params![from, into]).map_err(db_error)?;
    }
    Ok(())
}

/// Longest chain of merges followed (each merge goes into a live thread, so chains
/// end; the bound only guards a damaged cache).
pub(super) const MAX_MERGE_CHAIN: usize = 64;

/// Rows threaded per window of the backlog.
const BACKLOG_WINDOW: usize = 5000;

/// Threads rows with thread_id 0 (cached before threading existed, or whose links were
/// rebuilt), oldest first, in one transaction, a window of one account's rows at a
/// time. Returns how many.
pub(super) fn thread_backlog(conn: &mut rusqlite::Connection) -> Result<usize, TernError> {
    // Every `Store::open` comes here, and transactions begin IMMEDIATE (they take the
    // write lock): look first, so an open with nothing to thread never waits for a
    // writer.
    let pending: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM message WHERE thread_id = 0)",
            [],
            |r| r.get(0),
        )
        .map_err(db_error)?;
    if !pending {
        return Ok(0);
    }
    let tx = conn.transaction().map_err(db_error)?;
    // (row id, account) and the threading input of each pending row, in step.
    let mut rows: Vec<(i64, i64)> = Vec::new();
    let mut messages: Vec<NewMessage> = Vec::new();
    {
        let mut stmt = tx
            .prepare(
                "SELECT m.id, f.account_id, m.message_id, m.in_reply_to, m.refs, m.subject
                 FROM message m JOIN folder f ON f.id = m.folder_id
                 WHERE m.thread_id = 0 ORDER BY f.account_id, m.id",
            )
            .map_err(db_error)?;
        let found = stmt
            .query_map([], |r| {
                Ok((
                    (r.get(0)?, r.get(1)?),
                    NewMessage {
                        message_id: r.get(2)?,
                        in_reply_to: r.get(3)?,
                        refs: r.get(4)?,
                        subject: r.get(5)?,
                        ..NewMessage::default()
                    },
                ))
            })
            .map_err(db_error)?;
        for row in found {
            let (ids, message) = row.map_err(db_error)?;
            rows.push(ids);
            messages.push(message);
        }
    }
    let mut sizes = ThreadSizes::default();
    let mut start = 0;
    while start < rows.len() {
        let account = rows[start].1;
        let same = rows[start..]
            .iter()
            .take(BACKLOG_WINDOW)
            .take_while(|r| r.1 == account)
            .count();
        let window = &messages[start..start + same];
        let mut threads = WindowThreads::load(&tx, account, window, None, &mut sizes, None)?;
        let assigned = threads.assign_all()?;
        threads.finish()?;
        let mut update = tx
            .prepare_cached("UPDATE OR FAIL message SET thread_id = ?2 WHERE id = ?1")
            .map_err(db_error)?;
        for (&(id, _), thread) in rows[start..start + same].iter().zip(assigned) {
            update.execute(params![id, thread]).map_err(db_error)?;
        }
        start += same;
    }
    tx.commit().map_err(db_error)?;
    Ok(rows.len())
}
