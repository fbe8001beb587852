//! Threads in the cache: `core::threading` run against indexed tables inside a
//! transaction. Here a message at a time (rows cached before threading existed); header
//! windows use `window_threads` (the same tables, a window's keys in one query). A merge
//! moves one thread's rows by index and leaves a `thread_merge` row that lookups of its
//! links follow.

use rusqlite::{OptionalExtension, Transaction, params};

use super::db_error;
use crate::core::threading::{self, ThreadIndex, ThreadInput, ThreadKey};
use crate::core::{FolderId, NewMessage, TernError};

/// The account a folder belongs to.
pub(super) fn account_of(tx: &Transaction<'_>, folder: FolderId) -> Result<i64, TernError> {
    tx.query_row("SELECT account_id FROM folder WHERE id = ?1", [folder.0], |r| {
        r.get(0)
    })
    .map_err(db_error)
}

/// The last thread id handed out.
pub(super) fn last_thread(tx: &Transaction<'_>) -> Result<ThreadKey, TernError> {
    Ok(tx
        .query_row("SELECT last FROM thread_counter WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(db_error)?
        .unwrap_or(0))
}

pub(super) fn write_last_thread(tx: &Transaction<'_>, last: ThreadKey) -> Result<(), TernError> {
    tx.execute("UPDATE thread_counter SET last = ?1 WHERE id = 1", [last])
        .map_err(db_error)?;
    Ok(())
}

/// Records that thread `from` went into `into` and moves its stored messages. Links
/// stay as written: lookups follow `thread_merge` (`resolve`).
pub(super) fn merge_stored(
    tx: &Transaction<'_>,
    from: ThreadKey,
    into: ThreadKey,
) -> Result<(), TernError> {
    tx.prepare_cached(
        "INSERT INTO thread_merge (thread_id, into_id) VALUES (?1, ?2)
         ON CONFLICT (thread_id) DO UPDATE SET into_id = excluded.into_id",
    )
    .map_err(db_error)?
    .execute(params![from, into])
    .map_err(db_error)?;
    // OR FAIL: the only check this update can fail is NOT NULL, and with FAIL (not the
    // default ABORT) SQLite keeps no statement journal for the rows it moves.
    tx.prepare_cached("UPDATE OR FAIL message SET thread_id = ?2 WHERE thread_id = ?1")
        .map_err(db_error)?
        .execute(params![from, into])
        .map_err(db_error)?;
    Ok(())
}

/// The thread a stored thread id lives on as: `thread` itself unless it was merged.
pub(super) fn resolve(tx: &Transaction<'_>, mut thread: ThreadKey) -> Result<ThreadKey, TernError> {
    let mut stmt = tx
        .prepare_cached("SELECT into_id FROM thread_merge WHERE thread_id = ?1")
        .map_err(db_error)?;
    // Each merge goes into a live thread, so chains end; the bound only guards a
    // damaged cache.
    for _ in 0..MAX_MERGE_CHAIN {
        match stmt
            .query_row([thread], |r| r.get(0))
            .optional()
            .map_err(db_error)?
        {
            Some(into) if into != thread => thread = into,
            _ => break,
        }
    }
    Ok(thread)
}

/// Longest chain of merges followed (see `resolve`).
pub(super) const MAX_MERGE_CHAIN: usize = 64;

/// Threading for one account inside one transaction, a message at a time (the backlog).
pub(super) struct TxThreads<'t, 'c> {
    tx: &'t Transaction<'c>,
    account: i64,
    last: ThreadKey,
    counter_moved: bool,
}

impl<'t, 'c> TxThreads<'t, 'c> {
    pub(super) fn for_account(tx: &'t Transaction<'c>, account: i64) -> Result<Self, TernError> {
        let last = last_thread(tx)?;
        Ok(TxThreads {
            tx,
            account,
            last,
            counter_moved: false,
        })
    }

    /// The thread of a message about to be stored.
    pub(super) fn assign(&mut self, m: &NewMessage) -> Result<ThreadKey, TernError> {
        let input = ThreadInput {
            message_id: &m.message_id,
            in_reply_to: &m.in_reply_to,
            refs: &m.refs,
            subject: &m.subject,
        };
        threading::assign(self, &input)
    }

    /// Writes the counter back (once per transaction).
    pub(super) fn finish(self) -> Result<(), TernError> {
        if self.counter_moved {
            write_last_thread(self.tx, self.last)?;
        }
        Ok(())
    }
}

impl ThreadIndex for TxThreads<'_, '_> {
    type Error = TernError;

    fn thread_of(&mut self, key: &str) -> Result<Option<ThreadKey>, TernError> {
        let stored: Option<ThreadKey> = self
            .tx
            .prepare_cached("SELECT thread_id FROM thread_link WHERE account_id = ?1 AND key = ?2")
            .map_err(db_error)?
            .query_row(params![self.account, key], |r| r.get(0))
            .optional()
            .map_err(db_error)?;
        stored.map(|t| resolve(self.tx, t)).transpose()
    }

    fn link(&mut self, key: &str, thread: ThreadKey) -> Result<(), TernError> {
        self.tx
            .prepare_cached(
                "INSERT INTO thread_link (account_id, key, thread_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (account_id, key) DO NOTHING",
            )
            .map_err(db_error)?
            .execute(params![self.account, key, thread])
            .map_err(db_error)?;
        Ok(())
    }

    fn merge(&mut self, from: ThreadKey, into: ThreadKey) -> Result<(), TernError> {
        merge_stored(self.tx, from, into)
    }

    fn new_thread(&mut self) -> Result<ThreadKey, TernError> {
        self.last += 1;
        self.counter_moved = true;
        Ok(self.last)
    }
}

/// Threads rows cached before threading existed (thread_id 0), oldest first, in one
/// transaction. Returns how many.
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
    let rows: Vec<(i64, i64, NewMessage)> = {
        let mut stmt = tx
            .prepare(
                "SELECT m.id, f.account_id, m.message_id, m.in_reply_to, m.refs, m.subject
                 FROM message m JOIN folder f ON f.id = m.folder_id
                 WHERE m.thread_id = 0 ORDER BY f.account_id, m.id",
            )
            .map_err(db_error)?;
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                NewMessage {
                    message_id: r.get(2)?,
                    in_reply_to: r.get(3)?,
                    refs: r.get(4)?,
                    subject: r.get(5)?,
                    ..NewMessage::default()
                },
            ))
        })
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?
    };
    if rows.is_empty() {
        return Ok(0);
    }
    let mut current: Option<TxThreads<'_, '_>> = None;
    for (id, account, m) in &rows {
        if current.as_ref().is_none_or(|t| t.account != *account) {
            if let Some(done) = current.take() {
                done.finish()?;
            }
            current = Some(TxThreads::for_account(&tx, *account)?);
        }
        if let Some(threads) = current.as_mut() {
            let thread = threads.assign(m)?;
            tx.prepare_cached("UPDATE message SET thread_id = ?2 WHERE id = ?1")
                .map_err(db_error)?
                .execute(params![id, thread])
                .map_err(db_error)?;
        }
    }
    if let Some(done) = current.take() {
        done.finish()?;
    }
    tx.commit().map_err(db_error)?;
    Ok(rows.len())
}
