//! Threads in the cache: `core::threading` run against indexed tables inside the
//! transaction that stores a window of headers. Per message: one point lookup for each
//! id it names (capped), an insert-or-ignore for each, the row's thread in its INSERT;
//! a merge (rare) moves one thread's rows and keys by index.

use rusqlite::{OptionalExtension, Transaction, params};

use super::db_error;
use crate::core::threading::{self, ThreadIndex, ThreadInput, ThreadKey};
use crate::core::{FolderId, NewMessage, TernError};

/// Threading for one account inside one transaction.
pub(super) struct TxThreads<'t, 'c> {
    tx: &'t Transaction<'c>,
    account: i64,
    last: ThreadKey,
    counter_moved: bool,
}

impl<'t, 'c> TxThreads<'t, 'c> {
    pub(super) fn for_folder(tx: &'t Transaction<'c>, folder: FolderId) -> Result<Self, TernError> {
        let account: i64 = tx
            .query_row("SELECT account_id FROM folder WHERE id = ?1", [folder.0], |r| {
                r.get(0)
            })
            .map_err(db_error)?;
        Self::for_account(tx, account)
    }

    pub(super) fn for_account(tx: &'t Transaction<'c>, account: i64) -> Result<Self, TernError> {
        let last = tx
            .query_row("SELECT last FROM thread_counter WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(db_error)?
            .unwrap_or(0);
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
            self.tx
                .execute("UPDATE thread_counter SET last = ?1 WHERE id = 1", [self.last])
                .map_err(db_error)?;
        }
        Ok(())
    }
}

impl ThreadIndex for TxThreads<'_, '_> {
    type Error = TernError;

    fn thread_of(&mut self, key: &str) -> Result<Option<ThreadKey>, TernError> {
        self.tx
            .prepare_cached("SELECT thread_id FROM thread_link WHERE account_id = ?1 AND key = ?2")
            .map_err(db_error)?
            .query_row(params![self.account, key], |r| r.get(0))
            .optional()
            .map_err(db_error)
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
        self.tx
            .prepare_cached("UPDATE message SET thread_id = ?2 WHERE thread_id = ?1")
            .map_err(db_error)?
            .execute(params![from, into])
            .map_err(db_error)?;
        self.tx
            .prepare_cached("UPDATE thread_link SET thread_id = ?3 WHERE account_id = ?1 AND thread_id = ?2")
            .map_err(db_error)?
            .execute(params![self.account, from, into])
            .map_err(db_error)?;
        Ok(())
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
