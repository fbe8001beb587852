//! Unified views (issue 11 item 3): "All inboxes", "Unread" and "Starred" across
//! accounts. A page is a k-way merge of each member folder's own keyset page, so it
//! costs what `list_page` costs per folder and never an OFFSET over the union: every
//! folder seeks the `message_newest_first` index to the key and reads at most
//! `skip + limit` rows, and the merge keeps the first `skip + limit` of all of them.
//!
//! The order is newest first by (date, folder, uid): inside one folder that is the
//! index's own (date, uid) order, and the folder id breaks ties between folders, so a
//! key names one row across the union.

use rusqlite::params;
use serde::Serialize;

use super::messages::{MessageSummary, summary_from_row};
use super::{Store, db_error};
use crate::core::{AccountId, Flags, FolderId, FolderRole, TernError};

/// Which unified view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UnifiedView {
    /// Every account's Inbox.
    AllInboxes,
    /// Unread mail in every folder except Trash, Junk and "All mail".
    Unread,
    /// Starred mail in every folder except Trash, Junk and "All mail".
    Starred,
}

impl UnifiedView {
    pub const ALL: [UnifiedView; 3] = [UnifiedView::AllInboxes, UnifiedView::Unread, UnifiedView::Starred];

    /// Whether a folder of this role belongs to the view. Trash and Junk hold what the
    /// user put away; "All mail" (Gmail) repeats every other folder.
    pub fn includes(self, role: FolderRole) -> bool {
        match self {
            UnifiedView::AllInboxes => role == FolderRole::Inbox,
            UnifiedView::Unread | UnifiedView::Starred => {
                !matches!(role, FolderRole::Trash | FolderRole::Junk | FolderRole::All)
            }
        }
    }

    /// The SQL condition on `m.flags` a row of the view meets. Spelled as the list of
    /// stored values (not a bit test), so SQLite can seek the `message_counts` index
    /// (folder, epoch, hidden, flags) to each of them.
    fn flag_filter(self) -> String {
        let wanted = |v: &u32| match self {
            UnifiedView::AllInboxes => true,
            UnifiedView::Unread => v & Flags::SEEN.0 == 0,
            UnifiedView::Starred => v & Flags::FLAGGED.0 != 0,
        };
        if self == UnifiedView::AllInboxes {
            return String::new();
        }
        let values: Vec<String> = (0..=Flags::ALL.0).filter(wanted).map(|v| v.to_string()).collect();
        format!("AND m.flags IN ({})", values.join(","))
    }
}

/// A row's place in a unified view: newest first by (date, folder, uid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnifiedKey {
    pub date: i64,
    pub folder: FolderId,
    pub uid: u32,
}

/// Where a unified page starts (as `Seek` for one folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnifiedSeek {
    Top,
    Bottom,
    /// Rows older than the key.
    After(UnifiedKey),
    /// Rows newer than the key, still returned newest first.
    Before(UnifiedKey),
}

/// A listed message with where it lives, so opening and actions reach its account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnifiedRow {
    pub account: AccountId,
    pub folder: FolderId,
    pub summary: MessageSummary,
}

impl UnifiedRow {
    pub fn key(&self) -> UnifiedKey {
        UnifiedKey {
            date: self.summary.date,
            folder: self.folder,
            uid: self.summary.uid,
        }
    }
}

/// The numbers shown beside the views in the folder pane, and each view's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UnifiedCounts {
    pub inbox_total: u32,
    pub inbox_unread: u32,
    pub unread: u32,
    pub starred: u32,
}

impl UnifiedCounts {
    /// How many rows the view lists.
    pub fn total(&self, view: UnifiedView) -> u32 {
        match view {
            UnifiedView::AllInboxes => self.inbox_total,
            UnifiedView::Unread => self.unread,
            UnifiedView::Starred => self.starred,
        }
    }

    /// The number beside the view's name (unread for "All inboxes", like a folder).
    pub fn badge(&self, view: UnifiedView) -> u32 {
        match view {
            UnifiedView::AllInboxes => self.inbox_unread,
            UnifiedView::Unread => self.unread,
            UnifiedView::Starred => self.starred,
        }
    }
}

const COLUMNS: &str = "m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
    m.size, m.has_attachments, m.message_id";
const FROM: &str = "FROM message m JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
    WHERE m.folder_id = ?1 AND m.hidden = 0";

impl Store {
    /// The selectable folders of `accounts` that belong to `view`: (account, folder,
    /// the folder's UIDNEXT as a cheap bound of its size).
    fn members(
        &self,
        accounts: &[AccountId],
        view: UnifiedView,
    ) -> Result<Vec<(AccountId, FolderId, u32)>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, role, uidnext FROM folder WHERE account_id = ?1 AND selectable = 1 ORDER BY id",
            )
            .map_err(db_error)?;
        let mut out = Vec::new();
        for account in accounts {
            let rows = stmt
                .query_map([account.0], |r| {
                    Ok((FolderId(r.get(0)?), r.get::<_, String>(1)?, r.get::<_, u32>(2)?))
                })
                .map_err(db_error)?;
            for row in rows {
                let (id, role, uidnext) = row.map_err(db_error)?;
                if view.includes(FolderRole::parse(&role)) {
                    out.push((*account, id, uidnext));
                }
            }
        }
        Ok(out)
    }

    /// The counts of every view over `accounts`. The `message_counts` index answers:
    /// unread and starred rows are counted by seeking their flag values (no pass over
    /// read mail), and only inboxes are counted whole.
    pub fn unified_counts(&self, accounts: &[AccountId]) -> Result<UnifiedCounts, TernError> {
        let count = |filter: String| {
            format!(
                "(SELECT count(*) FROM message m WHERE m.folder_id = f.id AND m.uidvalidity = f.uidvalidity
                   AND m.hidden = 0 {filter})"
            )
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT f.role, CASE WHEN f.role = 'inbox' THEN {total} ELSE 0 END, {unread}, {starred}
                 FROM folder f WHERE f.account_id = ?1 AND f.selectable = 1",
                total = count(String::new()),
                unread = count(UnifiedView::Unread.flag_filter()),
                starred = count(UnifiedView::Starred.flag_filter()),
            ))
            .map_err(db_error)?;
        let mut counts = UnifiedCounts::default();
        for account in accounts {
            let rows = stmt
                .query_map([account.0], |r| {
                    Ok((
                        FolderRole::parse(&r.get::<_, String>(0)?),
                        r.get::<_, u32>(1)?,
                        r.get::<_, u32>(2)?,
                        r.get::<_, u32>(3)?,
                    ))
                })
                .map_err(db_error)?;
            for row in rows {
                let (role, total, unread, starred) = row.map_err(db_error)?;
                if UnifiedView::AllInboxes.includes(role) {
                    counts.inbox_total += total;
                    counts.inbox_unread += unread;
                }
                if UnifiedView::Unread.includes(role) {
                    counts.unread += unread;
                }
                if UnifiedView::Starred.includes(role) {
                    counts.starred += starred;
                }
            }
        }
        Ok(counts)
    }

    /// `limit` rows of `view` over `accounts` from `seek`, skipping the first `skip`
    /// (kept small by callers, as for `list_page`). Always newest first.
    pub fn unified_page(
        &self,
        accounts: &[AccountId],
        view: UnifiedView,
        seek: UnifiedSeek,
        skip: u32,
        limit: u32,
    ) -> Result<Vec<UnifiedRow>, TernError> {
        let want = skip.saturating_add(limit);
        let upward = matches!(seek, UnifiedSeek::Bottom | UnifiedSeek::Before(_));
        let mut pages = Vec::new();
        for (account, folder, size) in self.members(accounts, view)? {
            let page = self.folder_part(view, folder, size, seek, want)?;
            pages.push(page.into_iter().map(move |summary| UnifiedRow {
                account,
                folder,
                summary,
            }));
        }
        let mut rows = merge(pages, want as usize, upward);
        rows.drain(..(skip as usize).min(rows.len()));
        if upward {
            rows.reverse();
        }
        Ok(rows)
    }

    /// One folder's share of a unified page: up to `want` rows next to the key, nearest
    /// first (newest first going down, oldest first going up).
    ///
    /// Walking the newest-first index reads about `want * size / matches` rows: for
    /// sparse rows (a few starred among 100k) most of the folder. Reading every matching
    /// row through `message_counts` and sorting them costs about `matches`. The cheaper
    /// is taken: the flag index when matches < √(want * size).
    fn folder_part(
        &self,
        view: UnifiedView,
        folder: FolderId,
        size: u32,
        seek: UnifiedSeek,
        want: u32,
    ) -> Result<Vec<MessageSummary>, TernError> {
        let flags = view.flag_filter();
        let sparse = !flags.is_empty() && {
            // Counting stops at the break-even point: dense rows are not all counted.
            let even = (f64::from(want) * f64::from(size.max(1))).sqrt().ceil() as i64;
            let matches: i64 = self
                .conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT 1 {FROM} {flags} LIMIT ?2)"
                ))
                .map_err(db_error)?
                .query_row(params![folder.0, even], |r| r.get(0))
                .map_err(db_error)?;
            matches < even
        };
        let from = if sparse {
            FROM.replacen("message m", "message m INDEXED BY message_counts", 1)
        } else {
            FROM.to_string()
        };
        // The key as a (date, uid) bound inside this folder: the folder id decides ties
        // of date between folders (see the module comment).
        let bound = |k: UnifiedKey, below: bool| -> (i64, i64) {
            let uid = match folder.cmp(&k.folder) {
                std::cmp::Ordering::Equal => i64::from(k.uid),
                std::cmp::Ordering::Less if below => i64::from(u32::MAX) + 1,
                std::cmp::Ordering::Less => i64::from(u32::MAX),
                std::cmp::Ordering::Greater if below => 0,
                std::cmp::Ordering::Greater => -1,
            };
            (k.date, uid)
        };
        let (filter, order, key) = match seek {
            UnifiedSeek::Top => ("", "DESC", None),
            UnifiedSeek::Bottom => ("", "ASC", None),
            UnifiedSeek::After(k) => (
                "AND (m.internal_date, m.uid) < (?3, ?4)",
                "DESC",
                Some(bound(k, true)),
            ),
            UnifiedSeek::Before(k) => (
                "AND (m.internal_date, m.uid) > (?3, ?4)",
                "ASC",
                Some(bound(k, false)),
            ),
        };
        let sql = format!(
            "SELECT {COLUMNS} {from} {flags} {filter}
             ORDER BY m.internal_date {order}, m.uid {order} LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_error)?;
        let rows = match key {
            Some((date, uid)) => stmt.query_map(params![folder.0, want, date, uid], summary_from_row),
            None => stmt.query_map(params![folder.0, want], summary_from_row),
        };
        rows.map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)
    }

    /// The query plans of a unified page's per-folder reads, dense and sparse (for the
    /// test that they seek an index and never sort a whole folder).
    pub fn unified_page_plans(&self, view: UnifiedView) -> Result<(String, String), TernError> {
        let flags = view.flag_filter();
        let plan = |from: &str| -> Result<String, TernError> {
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT {COLUMNS} {from} {flags} AND (m.internal_date, m.uid) < (?3, ?4)
                 ORDER BY m.internal_date DESC, m.uid DESC LIMIT ?2"
            );
            let mut stmt = self.conn.prepare(&sql).map_err(db_error)?;
            let lines: Vec<String> = stmt
                .query_map(params![1, 1, 0, 0], |r| r.get::<_, String>(3))
                .map_err(db_error)?
                .collect::<Result<_, _>>()
                .map_err(db_error)?;
            Ok(lines.join("\n"))
        };
        Ok((
            plan(FROM)?,
            plan(&FROM.replacen("message m", "message m INDEXED BY message_counts", 1))?,
        ))
    }
}

/// Merges pages that are each sorted nearest first into the first `want` rows of their
/// union: newest first going down, oldest first going `upward`.
fn merge<I: Iterator<Item = UnifiedRow>>(pages: Vec<I>, want: usize, upward: bool) -> Vec<UnifiedRow> {
    use std::collections::BinaryHeap;
    // The heap pops its greatest entry: the newest key going down, the oldest going up
    // (every part negated).
    let sign = if upward { -1 } else { 1 };
    let rank = |r: &UnifiedRow| {
        let k = r.key();
        (sign * k.date, sign * k.folder.0, sign * i64::from(k.uid))
    };
    let mut pages: Vec<std::iter::Peekable<I>> = pages.into_iter().map(Iterator::peekable).collect();
    let mut heap = BinaryHeap::new();
    for (i, p) in pages.iter_mut().enumerate() {
        if let Some(r) = p.peek() {
            heap.push((rank(r), i));
        }
    }
    let mut out = Vec::with_capacity(want);
    while out.len() < want {
        let Some((_, i)) = heap.pop() else { break };
        let Some(row) = pages[i].next() else { continue };
        out.push(row);
        if let Some(r) = pages[i].peek() {
            heap.push((rank(r), i));
        }
    }
    out
}
