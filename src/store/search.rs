//! Full-text search over the cache (issue 11 item 1): the FTS5 index (subject, sender,
//! recipients, fetched text, attachment names) and the query that honours every operator
//! of `core::SearchQuery`. Every message with id <= `search_progress.indexed_up_to` is
//! in the index; `index_pending` catches up after a sync, and callers run it before
//! searching so that search never misses cached mail.

use rusqlite::types::Value;
use rusqlite::{Transaction, params, params_from_iter};
use serde::Serialize;

use super::messages::{MessageSummary, summary_from_row};
use super::{Store, db_error};
use crate::core::{
    AccountId, BodyPart, FolderId, MessageId, SearchField, SearchQuery, TernError, spaced_for_index,
};

/// Where to search: everything cached, one account, or one folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SearchScope {
    pub account: Option<AccountId>,
    pub folder: Option<FolderId>,
}

/// A search result with the folder and account it lives in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub summary: MessageSummary,
    pub folder: String,
    pub account: String,
}

/// One search result as the window lists it: enough to merge later results in date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub id: MessageId,
    pub account: AccountId,
    /// The message's date (unix seconds), the list's order.
    pub date: i64,
}

/// The cached columns a message's index entry is made of.
const INDEX_SOURCE: &str = "SELECT m.id, m.subject, m.from_name, m.from_addr, m.recipients, m.bodystructure,
        coalesce(b.text, ''), coalesce(b.attachments, '')
     FROM message m LEFT JOIN body b ON b.message_id = m.id";

/// Names of the attachments the cached part tree lists (before any body is fetched).
fn attachment_names(bodystructure: &str) -> String {
    let Ok(root) = serde_json::from_str::<BodyPart>(bodystructure) else {
        return String::new();
    };
    let names: Vec<&str> = root
        .walk()
        .into_iter()
        .filter(|p| p.is_attachment())
        .filter_map(|p| p.name.as_deref())
        .collect();
    names.join(" ")
}

/// Adds the index entries of the rows `INDEX_SOURCE` + `filter` selects.
fn insert_entries(tx: &Transaction<'_>, filter: &str, args: &[i64]) -> Result<usize, TernError> {
    let mut select = tx
        .prepare_cached(&format!("{INDEX_SOURCE} {filter}"))
        .map_err(db_error)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO message_search (rowid, subject, sender, recipients, body, attachments)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(db_error)?;
    let mut rows = select.query(params_from_iter(args)).map_err(db_error)?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(db_error)? {
        let text = |i: usize| r.get::<_, String>(i).map_err(db_error);
        let id: i64 = r.get(0).map_err(db_error)?;
        let sender = format!("{} {}", text(2)?, text(3)?);
        let attachments = format!("{} {}", attachment_names(&text(5)?), text(7)?);
        insert
            .execute(params![
                id,
                spaced_for_index(&text(1)?),
                spaced_for_index(&sender),
                spaced_for_index(&text(4)?),
                spaced_for_index(&text(6)?),
                spaced_for_index(&attachments),
            ])
            .map_err(db_error)?;
        n += 1;
    }
    Ok(n)
}

fn indexed_up_to(tx: &Transaction<'_>) -> Result<i64, TernError> {
    tx.query_row(
        "SELECT indexed_up_to FROM search_progress WHERE id = 1",
        [],
        |r| r.get(0),
    )
    .map_err(db_error)
}

/// Replaces the message's index entry (a body was fetched), if it has one yet.
pub(super) fn reindex_if_indexed(tx: &Transaction<'_>, id: MessageId) -> Result<(), TernError> {
    if id.0 <= indexed_up_to(tx)? {
        // Contentless FTS rows cannot be updated in place: replace the message's entry.
        tx.execute("DELETE FROM message_search WHERE rowid = ?1", [id.0])
            .map_err(db_error)?;
        insert_entries(tx, "WHERE m.id = ?1", &[id.0])?;
    }
    Ok(())
}

/// An FTS5 expression that all text terms must match (None when there are none).
fn fts_expression(query: &SearchQuery) -> Option<String> {
    let parts: Vec<String> = query
        .terms
        .iter()
        .map(|t| {
            let column = match t.field {
                SearchField::Anywhere => "",
                SearchField::From => "sender : ",
                SearchField::To => "recipients : ",
                SearchField::Subject => "subject : ",
            };
            let quoted = spaced_for_index(&t.text).replace('"', "\"\"");
            let prefix = if t.phrase { "" } else { " *" };
            format!("{column}\"{quoted}\"{prefix}")
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

impl Store {
    /// Indexes up to `batch` messages not yet searchable (with their fetched text, if
    /// any); returns how many. Call until it returns 0.
    pub fn index_pending(&mut self, batch: u32) -> Result<u32, TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        let up_to = indexed_up_to(&tx)?;
        let last: Option<i64> = tx
            .query_row(
                "SELECT max(id) FROM (SELECT id FROM message WHERE id > ?1 ORDER BY id LIMIT ?2)",
                params![up_to, batch],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        let Some(last) = last else { return Ok(0) };
        let n = insert_entries(&tx, "WHERE m.id > ?1 AND m.id <= ?2", &[up_to, last])?;
        tx.execute(
            "UPDATE search_progress SET indexed_up_to = ?1 WHERE id = 1",
            [last],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        Ok(n as u32)
    }

    /// Indexes everything not yet searchable.
    pub fn index_all_pending(&mut self) -> Result<u32, TernError> {
        let mut total = 0;
        loop {
            let n = self.index_pending(5_000)?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Every message in scope that matches, newest first (ids only: a list shows a page
    /// of them at a time through `search_hits`). `limit` caps the count.
    pub fn search_ids(
        &self,
        query: &SearchQuery,
        scope: SearchScope,
        limit: Option<u32>,
    ) -> Result<Vec<MessageId>, TernError> {
        Ok(self
            .search_results(query, scope, limit)?
            .into_iter()
            .map(|f| f.id)
            .collect())
    }

    /// As `search_ids`, with the account and date of each message (results span accounts).
    pub fn search_results(
        &self,
        query: &SearchQuery,
        scope: SearchScope,
        limit: Option<u32>,
    ) -> Result<Vec<Found>, TernError> {
        let mut sql = String::from(
            "SELECT m.id, f.account_id, m.internal_date FROM message m
             JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
             WHERE m.hidden = 0",
        );
        let mut args: Vec<Value> = Vec::new();
        let mut arg = |sql: &mut String, clause: &str, v: Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(account) = scope.account {
            arg(&mut sql, " AND f.account_id = ?", Value::Integer(account.0));
        }
        if let Some(folder) = scope.folder {
            arg(&mut sql, " AND m.folder_id = ?", Value::Integer(folder.0));
        }
        if let Some(fts) = fts_expression(query) {
            arg(
                &mut sql,
                " AND m.id IN (SELECT rowid FROM message_search WHERE message_search MATCH ?)",
                Value::Text(fts),
            );
        }
        if query.unread {
            sql.push_str(" AND (m.flags & 1) = 0");
        }
        if query.starred {
            sql.push_str(" AND (m.flags & 4) != 0");
        }
        if query.has_attachment {
            sql.push_str(" AND m.has_attachments != 0");
        }
        if let Some(before) = query.before {
            arg(&mut sql, " AND m.internal_date < ?", Value::Integer(before));
        }
        if let Some(after) = query.after {
            arg(&mut sql, " AND m.internal_date >= ?", Value::Integer(after));
        }
        if !query.folders.is_empty() {
            sql.push_str(" AND (0");
            for name in &query.folders {
                arg(
                    &mut sql,
                    " OR f.path = ? COLLATE NOCASE",
                    Value::Text(name.clone()),
                );
                arg(&mut sql, " OR f.role = lower(?)", Value::Text(name.clone()));
            }
            sql.push(')');
        }
        sql.push_str(" ORDER BY m.internal_date DESC, m.id DESC");
        if let Some(limit) = limit {
            arg(&mut sql, " LIMIT ?", Value::Integer(i64::from(limit)));
        }
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_error)?;
        stmt.query_map(params_from_iter(args), |r| {
            Ok(Found {
                id: MessageId(r.get(0)?),
                account: AccountId(r.get(1)?),
                date: r.get(2)?,
            })
        })
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)
    }

    /// The rows of these search results, in this order, with folder and account names.
    /// Rows gone or hidden since the search are left out.
    pub fn search_hits(&self, ids: &[MessageId]) -> Result<Vec<SearchHit>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
                        m.size, m.has_attachments, m.message_id, f.path, a.name
                 FROM message m JOIN folder f ON f.id = m.folder_id JOIN account a ON a.id = f.account_id
                 WHERE m.id = ?1 AND m.hidden = 0",
            )
            .map_err(db_error)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt
                .query_map([id.0], |r| {
                    Ok(SearchHit {
                        summary: summary_from_row(r)?,
                        folder: r.get(10)?,
                        account: r.get(11)?,
                    })
                })
                .map_err(db_error)?;
            if let Some(row) = rows.next() {
                out.push(row.map_err(db_error)?);
            }
        }
        Ok(out)
    }

    /// Ids of the cached messages with these UIDs whose text is not cached (what a
    /// server-side search adds to the local one). Hidden rows are left out.
    pub fn uncached_ids(
        &self,
        folder: FolderId,
        uidvalidity: u32,
        uids: &[u32],
    ) -> Result<Vec<MessageId>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id FROM message m LEFT JOIN body b ON b.message_id = m.id
                 WHERE m.folder_id = ?1 AND m.uidvalidity = ?2 AND m.uid = ?3 AND m.hidden = 0
                   AND b.message_id IS NULL",
            )
            .map_err(db_error)?;
        let mut out = Vec::new();
        for uid in uids {
            let mut rows = stmt
                .query_map(params![folder.0, uidvalidity, uid], |r| Ok(MessageId(r.get(0)?)))
                .map_err(db_error)?;
            if let Some(id) = rows.next() {
                out.push(id.map_err(db_error)?);
            }
        }
        Ok(out)
    }

    /// Those of `uids` the cache holds no row for (under `uidvalidity`), ascending.
    pub fn missing_uids(
        &self,
        folder: FolderId,
        uidvalidity: u32,
        uids: &[u32],
    ) -> Result<Vec<u32>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM message WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid = ?3")
            .map_err(db_error)?;
        let mut out = Vec::new();
        for uid in uids {
            if !stmt
                .exists(params![folder.0, uidvalidity, uid])
                .map_err(db_error)?
            {
                out.push(*uid);
            }
        }
        Ok(out)
    }

    /// Message ids matching what a person typed (the search grammar), newest first.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<MessageId>, TernError> {
        let query = crate::core::parse_query(query)?;
        self.search_ids(&query, SearchScope::default(), Some(limit))
    }
}
