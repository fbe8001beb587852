//! Keyset paging of a folder's message list (newest first). A page starts from a row's
//! key (its date and UID), never from an OFFSET, so row 99,900 costs what row 0 costs:
//! SQLite seeks the `message_newest_first` index to the key and reads `limit` rows.

use rusqlite::params;

use super::messages::{MessageSummary, summary_from_row};
use super::{Store, db_error};
use crate::core::{FolderId, TernError};

/// A row's place in its folder's newest-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListKey {
    pub date: i64,
    pub uid: u32,
}

impl From<&MessageSummary> for ListKey {
    fn from(m: &MessageSummary) -> Self {
        ListKey {
            date: m.date,
            uid: m.uid,
        }
    }
}

/// Where a page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seek {
    /// The newest rows.
    Top,
    /// The oldest rows.
    Bottom,
    /// Rows older than the key (the next page down).
    After(ListKey),
    /// Rows newer than the key (the page above), still returned newest first.
    Before(ListKey),
}

const COLUMNS: &str = "m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
    m.size, m.has_attachments, m.message_id";
const FROM: &str = "FROM message m JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
    WHERE m.folder_id = ?1 AND m.hidden = 0";

/// A keyset seek as SQL: the condition on (date, uid) bound to ?4 and ?5, the order to
/// read in, whether the rows come back oldest first (to be reversed), and the key.
struct SeekSql {
    filter: &'static str,
    order: &'static str,
    reversed: bool,
    key: ListKey,
}

impl SeekSql {
    fn of(seek: Seek) -> SeekSql {
        let (filter, order, reversed) = match seek {
            Seek::Top => ("", "DESC", false),
            Seek::After(_) => ("AND (m.internal_date, m.uid) < (?4, ?5)", "DESC", false),
            Seek::Bottom => ("", "ASC", true),
            Seek::Before(_) => ("AND (m.internal_date, m.uid) > (?4, ?5)", "ASC", true),
        };
        let key = match seek {
            Seek::After(k) | Seek::Before(k) => k,
            Seek::Top | Seek::Bottom => ListKey { date: 0, uid: 0 },
        };
        SeekSql {
            filter,
            order,
            reversed,
            key,
        }
    }
}

/// One keyset page of `select` ("SELECT … FROM message m … WHERE m.folder_id = ?1 …",
/// with `extra` conditions after the seek's), newest first: `limit` rows from `seek`,
/// skipping `skip`. Shared by the plain list and the conversation rows.
pub(super) fn seek_page<T>(
    conn: &rusqlite::Connection,
    select: &str,
    extra: &str,
    (folder, seek, skip, limit): (FolderId, Seek, u32, u32),
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, TernError> {
    let SeekSql {
        filter,
        order,
        reversed,
        key,
    } = SeekSql::of(seek);
    let sql = format!(
        "{select} {filter} {extra}
         ORDER BY m.internal_date {order}, m.uid {order} LIMIT ?2 OFFSET ?3"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(db_error)?;
    let rows = if matches!(seek, Seek::Top | Seek::Bottom) {
        stmt.query_map(params![folder.0, limit, skip], read)
    } else {
        stmt.query_map(params![folder.0, limit, skip, key.date, key.uid], read)
    };
    let mut rows: Vec<T> = rows
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    if reversed {
        rows.reverse();
    }
    Ok(rows)
}

impl Store {
    /// `limit` rows from `seek`, skipping the first `skip` of them (callers keep `skip`
    /// small: it is for landing a few rows away from a known key). Always newest first.
    pub fn list_page(
        &self,
        folder: FolderId,
        seek: Seek,
        skip: u32,
        limit: u32,
    ) -> Result<Vec<MessageSummary>, TernError> {
        seek_page(
            &self.conn,
            &format!("SELECT {COLUMNS} {FROM}"),
            "",
            (folder, seek, skip, limit),
            summary_from_row,
        )
    }

    /// The query plan of a keyset page (for the test that it seeks the index).
    pub fn list_page_plan(&self, folder: FolderId) -> Result<String, TernError> {
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT {COLUMNS} {FROM} AND (m.internal_date, m.uid) < (?4, ?5)
             ORDER BY m.internal_date DESC, m.uid DESC LIMIT ?2 OFFSET ?3"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(db_error)?;
        let lines: Vec<String> = stmt
            .query_map(params![folder.0, 1, 0, 0, 0], |r| r.get::<_, String>(3))
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)?;
        Ok(lines.join("\n"))
    }
}
