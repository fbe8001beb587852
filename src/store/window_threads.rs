//! Threading a whole window of headers with two statements instead of a few per message:
//! every key the window may read or write (`threading::lookup_keys`) is fetched in one
//! query, the window is threaded against that map, and the new links are written in one
//! sorted insert at the end. Per-message point lookups and inserts were most of
//! threading's cost in a first sync (perf: SQLite statement overhead per key).
//!
//! Merges are kept in memory too (`moved`) and applied to stored rows and links once per
//! window in `finish`: the window's own rows are inserted with their final thread, and a
//! row merged twice in a window is rewritten once. With newest-first windows replies
//! come before their parents, so merges are common (the bench's 20k messages: ~1,800
//! merges moved ~19,000 stored rows one at a time; this way ~7,800).
//!
//! Same results as `TxThreads`: the map holds the stored thread of every key the window
//! can touch (read inside the window's own transaction), and everything is written in
//! that transaction.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Transaction, params};

use super::db_error;
use super::threads::account_of;
use crate::core::threading::{self, ThreadIndex, ThreadInput, ThreadKey};
use crate::core::{FolderId, NewMessage, TernError};

pub(super) struct WindowThreads<'t, 'c> {
    tx: &'t Transaction<'c>,
    account: i64,
    last: ThreadKey,
    counter_moved: bool,
    /// Stored or newly linked thread of every key the window can touch.
    known: HashMap<String, ThreadKey>,
    /// Keys linked by this window, written by `finish`.
    linked: Vec<String>,
    /// Threads merged away during this window -> the thread they went into.
    moved: HashMap<ThreadKey, ThreadKey>,
}

fn input(m: &NewMessage) -> ThreadInput<'_> {
    ThreadInput {
        message_id: &m.message_id,
        in_reply_to: &m.in_reply_to,
        refs: &m.refs,
        subject: &m.subject,
    }
}

impl<'t, 'c> WindowThreads<'t, 'c> {
    /// Reads the stored threads of every key `rows` may touch.
    pub(super) fn load(
        tx: &'t Transaction<'c>,
        folder: FolderId,
        rows: &[NewMessage],
    ) -> Result<Self, TernError> {
        let account = account_of(tx, folder)?;
        let last = super::threads::last_thread(tx)?;
        let mut wanted: Vec<String> = rows
            .iter()
            .flat_map(|m| threading::lookup_keys(&input(m)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut known = HashMap::with_capacity(wanted.len());
        if !wanted.is_empty() {
            let json = serde_json::to_string(&wanted).map_err(|e| {
                TernError::new(
                    crate::core::ErrorKind::Store,
                    format!("Could not list thread keys: {e}"),
                )
            })?;
            // CROSS JOIN keeps json_each outside: one primary-key seek per wanted key.
            let mut stmt = tx
                .prepare_cached(
                    "SELECT t.key, t.thread_id FROM json_each(?2) AS j CROSS JOIN thread_link AS t
                     WHERE t.account_id = ?1 AND t.key = j.value",
                )
                .map_err(db_error)?;
            let found = stmt
                .query_map(params![account, json], |r| {
                    Ok((r.get::<_, String>(0)?, r.get(1)?))
                })
                .map_err(db_error)?;
            for row in found {
                let (key, thread) = row.map_err(db_error)?;
                known.insert(key, thread);
            }
        }
        Ok(WindowThreads {
            tx,
            account,
            last,
            counter_moved: false,
            known,
            linked: Vec::new(),
            moved: HashMap::new(),
        })
    }

    /// The thread of each message of the window `load` was given, after every merge
    /// the window makes.
    pub(super) fn assign_all(&mut self, rows: &[NewMessage]) -> Result<Vec<ThreadKey>, TernError> {
        let mut threads = Vec::with_capacity(rows.len());
        for m in rows {
            threads.push(threading::assign(self, &input(m))?);
        }
        Ok(threads.into_iter().map(|t| self.current(t)).collect())
    }

    /// Where a thread of this window ended up after its merges.
    fn current(&self, mut thread: ThreadKey) -> ThreadKey {
        // Merges always go into the lower id, so this ends.
        while let Some(&into) = self.moved.get(&thread) {
            thread = into;
        }
        thread
    }

    /// Moves stored rows and links of merged threads, writes the new links (sorted, one
    /// statement) and the counter.
    pub(super) fn finish(self) -> Result<(), TernError> {
        for &from in self.moved.keys() {
            super::threads::merge_stored(self.tx, self.account, from, self.current(from))?;
        }
        if !self.linked.is_empty() {
            let links: BTreeMap<&str, ThreadKey> = self
                .linked
                .iter()
                .filter_map(|k| self.known.get(k).map(|&t| (k.as_str(), self.current(t))))
                .collect();
            let json = serde_json::to_string(&links).map_err(|e| {
                TernError::new(
                    crate::core::ErrorKind::Store,
                    format!("Could not list thread keys: {e}"),
                )
            })?;
            self.tx
                .prepare_cached(
                    "INSERT INTO thread_link (account_id, key, thread_id)
                     SELECT ?1, j.key, j.value FROM json_each(?2) AS j WHERE true
                     ON CONFLICT (account_id, key) DO NOTHING",
                )
                .map_err(db_error)?
                .execute(params![self.account, json])
                .map_err(db_error)?;
        }
        if self.counter_moved {
            super::threads::write_last_thread(self.tx, self.last)?;
        }
        Ok(())
    }
}

impl ThreadIndex for WindowThreads<'_, '_> {
    type Error = TernError;

    fn thread_of(&mut self, key: &str) -> Result<Option<ThreadKey>, TernError> {
        Ok(self.known.get(key).map(|&t| self.current(t)))
    }

    fn link(&mut self, key: &str, thread: ThreadKey) -> Result<(), TernError> {
        if !self.known.contains_key(key) {
            self.known.insert(key.to_owned(), thread);
            self.linked.push(key.to_owned());
        }
        Ok(())
    }

    fn merge(&mut self, from: ThreadKey, into: ThreadKey) -> Result<(), TernError> {
        self.moved.insert(from, into);
        Ok(())
    }

    fn new_thread(&mut self) -> Result<ThreadKey, TernError> {
        self.last += 1;
        self.counter_moved = true;
        Ok(self.last)
    }
}
