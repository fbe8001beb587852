//! Threading a whole window of headers with two statements instead of a few per message:
//! every key the window may read or write (`threading::lookup_keys`) is fetched in one
//! query, the window is threaded against that map, and the new links are written in one
//! sorted insert at the end. Per-message point lookups and inserts were most of
//! threading's cost in a first sync (perf: SQLite statement overhead per key).
//!
//! Merges are kept in memory too (`moved`) and applied to stored rows once per window in
//! `finish`: the window's own rows are inserted with their final thread, and a row
//! merged twice in a window is rewritten once. With newest-first windows replies come
//! before their parents, so merges are common. Links are never rewritten: a merge leaves
//! a `thread_merge` row, and `load` follows those rows for every thread it reads.
//!
//! Which thread lives on decides how many stored rows move: `ThreadSizes` counts the
//! rows of the threads this store wrote, and the bigger thread survives (a thread of
//! unknown size, written by an earlier sync, is taken as big). In the sync benchmark's
//! 100k first sync (stress seed, 9,220 merges), the oldest-id rule moved 49,500 rows;
//! this rule moves 29,138, the fewest any choice of survivors could (counted from the
//! stored rows before the move: for each final thread, all rows but those of its
//! biggest original thread).
//!
//! During a folder's sync new links may be kept in memory (`DeferredLinks`) and written
//! once at its end: lookups read both. Stored rows of merged threads then move at that
//! end too (each row once, however often its thread merged); until then lookups follow
//! `thread_merge` as for links.
//!
//! Keys are stored as 64-bit keyed hashes (`KeyHasher`). The map holds the live thread
//! of every key the window can touch (read inside the window's own transaction), and
//! everything is written in that transaction, so the grouping is the one
//! `core::threading` gives a message at a time.

use rusqlite::{Transaction, params};

use super::db_error;
use super::deferred_links::DeferredLinks;
use super::int_map::IntMap;
use super::threads::MAX_MERGE_CHAIN;
use crate::core::threading::{self, Names, ThreadIndex, ThreadKey};
use crate::core::{NewMessage, TernError};

/// Rows per thread for the threads a store has written since it was opened (the
/// `survivor` choice). Only a hint: a wrong count moves more rows, never groups wrongly.
#[derive(Debug, Default)]
pub(super) struct ThreadSizes(IntMap<u64>);

/// Threads counted at most (a million-message sync must not grow this without end):
/// beyond it, threads of one row are forgotten (taken as big from then on).
const MAX_COUNTED_THREADS: usize = 200_000;

impl ThreadSizes {
    fn of(&self, thread: ThreadKey) -> u64 {
        self.0.get(&thread).copied().unwrap_or(u64::MAX)
    }

    fn add_row(&mut self, thread: ThreadKey) {
        let n = self.0.entry(thread).or_insert(0);
        *n = n.saturating_add(1);
    }

    fn merged(&mut self, from: ThreadKey, into: ThreadKey) {
        let moved = self.0.remove(&from).unwrap_or(u64::MAX);
        if let Some(n) = self.0.get_mut(&into) {
            *n = n.saturating_add(moved);
        }
    }

    fn trim(&mut self) {
        if self.0.len() > MAX_COUNTED_THREADS {
            self.0.retain(|_, n| *n > 1);
        }
    }
}

pub(super) struct WindowThreads<'t, 'c, 's> {
    tx: &'t Transaction<'c>,
    account: i64,
    last: ThreadKey,
    counter_moved: bool,
    /// What each row of the window names, its keys hashed.
    names: Vec<Names<i64>>,
    /// Live thread of every key (hashed) the window can touch (stored or newly linked).
    known: IntMap<ThreadKey>,
    /// Keys linked by this window, written by `finish`.
    linked: Vec<i64>,
    /// Threads merged away during this window -> the thread they went into.
    moved: IntMap<ThreadKey>,
    sizes: &'s mut ThreadSizes,
    /// Where new links go when the store keeps them in memory (else: `finish` writes).
    deferred: Option<&'s mut DeferredLinks>,
}

impl<'t, 'c, 's> WindowThreads<'t, 'c, 's> {
    /// Reads the stored threads of every key `rows` may touch. `names` are the rows'
    /// hashed names if the caller made them already (`KeyHasher::names`, off the
    /// writer thread); else they are made here.
    pub(super) fn load(
        tx: &'t Transaction<'c>,
        account: i64,
        rows: &[NewMessage],
        names: Option<Vec<Names<i64>>>,
        sizes: &'s mut ThreadSizes,
        mut deferred: Option<&'s mut DeferredLinks>,
    ) -> Result<Self, TernError> {
        if let Some(d) = deferred.as_deref_mut() {
            d.renew_gap(tx)?;
        }
        let (last, hasher) = super::threads::thread_counter(tx)?;
        let names = match names {
            Some(names) if names.len() == rows.len() => names,
            _ => rows.iter().map(|m| hasher.names(m)).collect(),
        };
        let mut wanted: Vec<i64> = names.iter().flat_map(|n| n.lookup_keys().copied()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut known = IntMap::with_capacity_and_hasher(wanted.len(), Default::default());
        if !wanted.is_empty() && links_on_disk(tx, account)? {
            // CROSS JOIN keeps json_each outside: one primary-key seek per wanted key.
            let mut stmt = tx
                .prepare_cached(
                    "SELECT t.key, t.thread_id FROM json_each(?2) AS j CROSS JOIN thread_link AS t
                     WHERE t.account_id = ?1 AND t.key = j.value",
                )
                .map_err(db_error)?;
            let found = stmt
                .query_map(params![account, json(&wanted)?], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get(1)?))
                })
                .map_err(db_error)?;
            for row in found {
                let (key, thread) = row.map_err(db_error)?;
                known.insert(key, thread);
            }
        }
        if let Some(d) = deferred.as_deref() {
            for &key in &wanted {
                if let Some(thread) = d.get(account, key) {
                    known.entry(key).or_insert(thread);
                }
            }
        }
        let live = live_threads(tx, known.values().copied().collect())?;
        for thread in known.values_mut() {
            if let Some(&to) = live.get(thread) {
                *thread = to;
            }
        }
        sizes.trim();
        Ok(WindowThreads {
            tx,
            account,
            last,
            counter_moved: false,
            names,
            known,
            linked: Vec::new(),
            moved: IntMap::default(),
            sizes,
            deferred,
        })
    }

    /// The thread of each message of the window `load` was given, after every merge
    /// the window makes.
    pub(super) fn assign_all(&mut self) -> Result<Vec<ThreadKey>, TernError> {
        let names = std::mem::take(&mut self.names);
        let mut threads = Vec::with_capacity(names.len());
        for named in &names {
            let thread = threading::assign(self, named)?;
            self.sizes.add_row(thread);
            threads.push(thread);
        }
        Ok(threads.into_iter().map(|t| self.current(t)).collect())
    }

    /// Where a thread of this window ended up after its merges.
    fn current(&self, thread: ThreadKey) -> ThreadKey {
        current(&self.moved, thread)
    }

    /// Moves stored rows of merged threads, writes the new links (sorted, one
    /// statement; or keeps them in memory) and the counter.
    pub(super) fn finish(mut self) -> Result<(), TernError> {
        if !self.moved.is_empty() {
            let pairs: Vec<(ThreadKey, ThreadKey)> = self
                .moved
                .keys()
                .map(|&from| (from, self.current(from)))
                .collect();
            match self.deferred.as_deref_mut() {
                // Kept: rows move once, when the folder's sync ends.
                Some(deferred) => {
                    super::threads::record_merges(self.tx, &pairs)?;
                    deferred.add_merged(pairs.iter().map(|&(from, _)| from));
                }
                None => super::threads::merge_stored(self.tx, &pairs)?,
            }
        }
        if let Some(deferred) = self.deferred {
            for key in &self.linked {
                if let Some(&thread) = self.known.get(key) {
                    deferred.add(self.account, *key, current(&self.moved, thread));
                }
            }
            if deferred.is_full() {
                deferred.write(self.tx)?;
            }
        } else if !self.linked.is_empty() {
            let mut links: Vec<(i64, ThreadKey)> = self
                .linked
                .iter()
                .filter_map(|k| self.known.get(k).map(|&t| (*k, self.current(t))))
                .collect();
            links.sort_unstable();
            self.tx
                .prepare_cached(
                    "INSERT INTO thread_link (account_id, key, thread_id)
                     SELECT ?1, j.value ->> 0, j.value ->> 1 FROM json_each(?2) AS j WHERE true
                     ON CONFLICT (account_id, key) DO NOTHING",
                )
                .map_err(db_error)?
                .execute(params![self.account, json(&links)?])
                .map_err(db_error)?;
        }
        if self.counter_moved {
            super::threads::write_last_thread(self.tx, self.last)?;
        }
        Ok(())
    }
}

impl ThreadIndex for WindowThreads<'_, '_, '_> {
    type Key = i64;
    type Error = TernError;

    fn thread_of(&mut self, key: &i64) -> Result<Option<ThreadKey>, TernError> {
        Ok(self.known.get(key).map(|&t| self.current(t)))
    }

    fn link(&mut self, key: &i64, thread: ThreadKey) -> Result<(), TernError> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.known.entry(*key) {
            e.insert(thread);
            self.linked.push(*key);
        }
        Ok(())
    }

    fn merge(&mut self, from: ThreadKey, into: ThreadKey) -> Result<(), TernError> {
        self.moved.insert(from, into);
        self.sizes.merged(from, into);
        Ok(())
    }

    /// The biggest thread (fewest rows to move); the oldest id among equals.
    fn survivor(&mut self, found: &[ThreadKey]) -> ThreadKey {
        found
            .iter()
            .copied()
            .max_by_key(|&t| (self.sizes.of(t), std::cmp::Reverse(t)))
            .unwrap_or_default()
    }

    fn new_thread(&mut self) -> Result<ThreadKey, TernError> {
        self.last += 1;
        self.counter_moved = true;
        Ok(self.last)
    }
}

/// Whether the account has any stored link. In a folder's first sync the links stay in
/// memory until its end (`DeferredLinks`), so this spares a query per window.
fn links_on_disk(tx: &Transaction<'_>, account: i64) -> Result<bool, TernError> {
    tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM thread_link WHERE account_id = ?1)")
        .map_err(db_error)?
        .query_row([account], |r| r.get(0))
        .map_err(db_error)
}

/// Where a thread ended up after the merges in `moved`.
fn current(moved: &IntMap<ThreadKey>, mut thread: ThreadKey) -> ThreadKey {
    // A merge goes into a live thread and its source never lives again, so this ends.
    while let Some(&into) = moved.get(&thread) {
        thread = into;
    }
    thread
}

/// Where each of `threads` lives on, for those merged away (`thread_merge`): the merge
/// steps are read a round per step of the longest chain, then followed in memory.
pub(super) fn live_threads(
    tx: &Transaction<'_>,
    mut pending: Vec<ThreadKey>,
) -> Result<IntMap<ThreadKey>, TernError> {
    pending.sort_unstable();
    pending.dedup();
    let origins = pending.clone();
    let mut stmt = tx
        .prepare_cached(
            "SELECT m.thread_id, m.into_id FROM json_each(?1) AS j CROSS JOIN thread_merge AS m
             WHERE m.thread_id = j.value",
        )
        .map_err(db_error)?;
    let mut step: IntMap<ThreadKey> = IntMap::default();
    for _ in 0..MAX_MERGE_CHAIN {
        if pending.is_empty() {
            break;
        }
        let found: Vec<(ThreadKey, ThreadKey)> = stmt
            .query_map([json(&pending)?], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)?;
        pending = found
            .iter()
            .filter(|&&(from, into)| from != into && !step.contains_key(&into))
            .map(|&(_, into)| into)
            .collect();
        step.extend(found.into_iter().filter(|&(from, into)| from != into));
    }
    let mut live = IntMap::default();
    for origin in origins {
        let mut at = origin;
        for _ in 0..MAX_MERGE_CHAIN {
            match step.get(&at) {
                Some(&into) => at = into,
                None => break,
            }
        }
        if at != origin {
            live.insert(origin, at);
        }
    }
    Ok(live)
}

/// A list of numbers (or pairs) as a JSON array for `json_each`.
fn json<T: serde::Serialize>(values: &T) -> Result<String, TernError> {
    serde_json::to_string(values).map_err(|e| {
        TernError::new(
            crate::core::ErrorKind::Store,
            format!("Could not list thread keys: {e}"),
        )
    })
}
