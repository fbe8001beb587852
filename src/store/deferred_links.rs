//! Thread links kept in memory while a folder syncs and written in one sorted pass at
//! its end (`Store::write_thread_links`), or sooner when too many are pending.
//!
//! Why: link keys are keyed hashes, so a window's links land all over the links table.
//! Inserting them window by window touched most of its pages in every window's commit;
//! without that insert a 100k first sync took 1.03x of one without threading, with it
//! 1.13x (perf and `cargo bench --bench bench -- threads`, issue 11). Kept here, they
//! go in once, in key order, and the table stays small for the window lookups.
//!
//! Rows of threads merged during the sync move then too (each once, however often its
//! thread merged): moving them window by window rewrote pages all over the message
//! table, 1.37x to 1.24x on the benchmark's stress seed. Until the end a folder's
//! conversation can show split, as an incomplete first sync shows it incomplete.
//!
//! Safety: while links are pending, the store keeps a `thread_link_gap` row saying from
//! which message row links may be missing, renewed with every window. A process that
//! dies leaves that row behind, and the next `Store::open` derives the links again from
//! the message rows (`recover`): writing every key each message could have linked, in
//! row order, keeping keys present, restores the same links; and rows still in threads
//! merged away move to the thread those live on.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use rusqlite::{Connection, Transaction, params};

use super::db_error;
use super::int_map::IntMap;
use crate::core::threading::ThreadKey;
use crate::core::{NewMessage, TernError};

/// Links kept before they are written in the middle of a sync (a million-message
/// folder must not hold all of its links): under 10 MiB of map.
pub const MAX_PENDING_THREAD_LINKS: usize = 250_000;

/// Links per INSERT statement when kept links are written (3 parameters each): one
/// statement per link spent as long in statement overhead as in the table.
const ROWS_PER_INSERT: usize = 200;

fn insert_sql(rows: usize) -> String {
    let values = vec!["(?, ?, ?)"; rows].join(", ");
    format!(
        "INSERT INTO thread_link (account_id, key, thread_id) VALUES {values}
         ON CONFLICT (account_id, key) DO NOTHING"
    )
}

fn chunk_params(account: i64, chunk: &[(i64, ThreadKey)]) -> impl Iterator<Item = i64> + '_ {
    chunk
        .iter()
        .flat_map(move |&(key, thread)| [account, key, thread])
}

/// A gap row of another process is taken as dead when not renewed for this long (a
/// window renews it; windows take seconds).
const LEASE_SECS: i64 = 60;

/// Owners of gap rows created by this process: true while their store is alive. A dead
/// one's row is recovered at once; rows of other processes only after the lease.
static OWNERS_HERE: LazyLock<Mutex<HashMap<i64, bool>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn owners_here() -> std::sync::MutexGuard<'static, HashMap<i64, bool>> {
    // A panic while holding this lock cannot leave the map half-changed.
    OWNERS_HERE.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Debug)]
pub(super) struct DeferredLinks {
    owner: i64,
    /// account -> link key -> the thread it was linked with (lookups follow merges).
    links: HashMap<i64, IntMap<ThreadKey>>,
    pending: usize,
    limit: usize,
    /// Threads merged away whose stored rows have not moved yet.
    merged: Vec<ThreadKey>,
    /// First message row that may lack links, while a gap row is kept.
    gap_from: Option<i64>,
}

impl DeferredLinks {
    pub(super) fn new(limit: usize) -> DeferredLinks {
        let owner = rand::random::<i64>();
        owners_here().insert(owner, true);
        DeferredLinks {
            owner,
            links: HashMap::new(),
            pending: 0,
            limit: limit.max(1),
            merged: Vec::new(),
            gap_from: None,
        }
    }

    pub(super) fn get(&self, account: i64, key: i64) -> Option<ThreadKey> {
        self.links.get(&account)?.get(&key).copied()
    }

    /// Keeps a link; a key already kept keeps its thread.
    pub(super) fn add(&mut self, account: i64, key: i64, thread: ThreadKey) {
        if let std::collections::hash_map::Entry::Vacant(e) =
            self.links.entry(account).or_default().entry(key)
        {
            e.insert(thread);
            self.pending += 1;
        }
    }

    /// Threads merged away (recorded in `thread_merge`) whose stored rows move in `write`.
    pub(super) fn add_merged(&mut self, threads: impl Iterator<Item = ThreadKey>) {
        self.merged.extend(threads);
    }

    pub(super) fn is_full(&self) -> bool {
        self.pending >= self.limit
    }

    /// In a window's transaction, before its rows are inserted: records (or renews)
    /// that message rows from here on may lack links.
    pub(super) fn renew_gap(&mut self, tx: &Transaction<'_>) -> Result<(), TernError> {
        let from = match self.gap_from {
            Some(from) => from,
            None => tx
                .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM message", [], |r| r.get(0))
                .map_err(db_error)?,
        };
        tx.prepare_cached(
            "INSERT INTO thread_link_gap (owner, from_message, renewed_at) VALUES (?1, ?2, unixepoch())
             ON CONFLICT (owner) DO UPDATE SET renewed_at = excluded.renewed_at",
        )
        .map_err(db_error)?
        .execute(params![self.owner, from])
        .map_err(db_error)?;
        self.gap_from = Some(from);
        Ok(())
    }

    /// Writes every pending link (in key order, so each page of the table is visited
    /// once) and drops the gap row, in the caller's transaction. Returns how many links
    /// were written. Should that transaction fail, the links are gone from memory but
    /// the gap row stays, and they are recovered once this store is dropped.
    pub(super) fn write(&mut self, tx: &Transaction<'_>) -> Result<usize, TernError> {
        let mut written = 0;
        for (&account, keys) in &self.links {
            let mut sorted: Vec<(i64, ThreadKey)> = keys.iter().map(|(&k, &t)| (k, t)).collect();
            sorted.sort_unstable();
            let mut chunks = sorted.chunks_exact(ROWS_PER_INSERT);
            if chunks.len() > 0 {
                let mut insert = tx
                    .prepare_cached(&insert_sql(ROWS_PER_INSERT))
                    .map_err(db_error)?;
                for chunk in &mut chunks {
                    written += insert
                        .execute(rusqlite::params_from_iter(chunk_params(account, chunk)))
                        .map_err(db_error)?;
                }
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                written += tx
                    .prepare(&insert_sql(rest.len()))
                    .map_err(db_error)?
                    .execute(rusqlite::params_from_iter(chunk_params(account, rest)))
                    .map_err(db_error)?;
            }
        }
        move_merged_rows(tx, std::mem::take(&mut self.merged))?;
        if self.gap_from.is_some() {
            tx.execute("DELETE FROM thread_link_gap WHERE owner = ?1", [self.owner])
                .map_err(db_error)?;
        }
        self.links.clear();
        self.pending = 0;
        self.gap_from = None;
        Ok(written)
    }

    pub(super) fn has_pending(&self) -> bool {
        self.pending > 0 || self.gap_from.is_some() || !self.merged.is_empty()
    }
}

impl Drop for DeferredLinks {
    fn drop(&mut self) {
        // Links still pending are lost with this store: its gap row is now dead, and
        // the next open in this process recovers it. Without one, nothing to remember.
        let mut here = owners_here();
        if self.gap_from.is_some() {
            here.insert(self.owner, false);
        } else {
            here.remove(&self.owner);
        }
    }
}

/// Derives the links of message rows whose store died with links pending (its gap row
/// is still there) and drops those gap rows. Returns how many rows were looked at.
pub(super) fn recover(conn: &mut Connection) -> Result<usize, TernError> {
    let dead = dead_gaps(conn)?;
    let Some(from) = dead.iter().map(|&(_, from)| from).min() else {
        return Ok(0);
    };
    let tx = conn.transaction().map_err(db_error)?;
    let (_, hasher) = super::threads::thread_counter(&tx)?;
    let mut looked_at = 0;
    {
        let mut rows = tx
            .prepare(
                "SELECT f.account_id, m.thread_id, m.message_id, m.in_reply_to, m.refs, m.subject
                 FROM message m JOIN folder f ON f.id = m.folder_id
                 WHERE m.id >= ?1 AND m.thread_id != 0 ORDER BY m.id",
            )
            .map_err(db_error)?;
        let mut insert = tx
            .prepare(
                "INSERT INTO thread_link (account_id, key, thread_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (account_id, key) DO NOTHING",
            )
            .map_err(db_error)?;
        let mut found = rows.query([from]).map_err(db_error)?;
        while let Some(row) = found.next().map_err(db_error)? {
            let account: i64 = row.get(0).map_err(db_error)?;
            let thread: ThreadKey = row.get(1).map_err(db_error)?;
            let text = |i: usize| row.get::<_, String>(i).map_err(db_error);
            let message = NewMessage {
                message_id: text(2)?,
                in_reply_to: text(3)?,
                refs: text(4)?,
                subject: text(5)?,
                ..NewMessage::default()
            };
            for &key in hasher.names(&message).link_keys() {
                insert.execute(params![account, key, thread]).map_err(db_error)?;
            }
            looked_at += 1;
        }
    }
    // Rows of threads merged away that had not moved yet.
    let stale: Vec<ThreadKey> = tx
        .prepare(
            "SELECT t.thread_id FROM thread_merge t
             WHERE EXISTS (SELECT 1 FROM message m WHERE m.thread_id = t.thread_id)",
        )
        .map_err(db_error)?
        .query_map([], |r| r.get(0))
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    move_merged_rows(&tx, stale)?;
    {
        let mut delete = tx
            .prepare("DELETE FROM thread_link_gap WHERE owner = ?1")
            .map_err(db_error)?;
        for &(owner, _) in &dead {
            delete.execute([owner]).map_err(db_error)?;
        }
    }
    tx.commit().map_err(db_error)?;
    let mut here = owners_here();
    for (owner, _) in dead {
        here.remove(&owner);
    }
    Ok(looked_at)
}

/// Moves the stored rows of each thread in `merged` to the thread it lives on as now.
/// The rows are found first and rewritten in row order, so each page of the message
/// table is written once even where a move spans more pages than the page cache holds.
fn move_merged_rows(tx: &Transaction<'_>, merged: Vec<ThreadKey>) -> Result<(), TernError> {
    if merged.is_empty() {
        return Ok(());
    }
    let live = super::window_threads::live_threads(tx, merged)?;
    let mut rows: Vec<(i64, ThreadKey)> = Vec::new();
    {
        let mut find = tx
            .prepare_cached("SELECT id FROM message WHERE thread_id = ?1")
            .map_err(db_error)?;
        for (&from, &into) in &live {
            let ids = find.query_map([from], |r| r.get::<_, i64>(0)).map_err(db_error)?;
            for id in ids {
                rows.push((id.map_err(db_error)?, into));
            }
        }
    }
    rows.sort_unstable();
    // OR FAIL: no statement journal (NOT NULL is the only check this can fail).
    let mut update = tx
        .prepare_cached("UPDATE OR FAIL message SET thread_id = ?2 WHERE id = ?1")
        .map_err(db_error)?;
    for (id, thread) in rows {
        update.execute(params![id, thread]).map_err(db_error)?;
    }
    Ok(())
}

/// (owner, from_message) of the gap rows no live store keeps: this process's dropped
/// stores at once, other processes' after the lease.
fn dead_gaps(conn: &Connection) -> Result<Vec<(i64, i64)>, TernError> {
    let mut stmt = conn
        .prepare_cached("SELECT owner, from_message, renewed_at < unixepoch() - ?1 FROM thread_link_gap")
        .map_err(db_error)?;
    let gaps: Vec<(i64, i64, bool)> = stmt
        .query_map([LEASE_SECS], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    if gaps.is_empty() {
        return Ok(Vec::new());
    }
    let here = owners_here();
    Ok(gaps
        .into_iter()
        .filter(|&(owner, _, expired)| match here.get(&owner) {
            Some(&live) => !live,
            None => expired,
        })
        .map(|(owner, from, _)| (owner, from))
        .collect())
}
