//! Fetched bodies and full-text search.

use rusqlite::{OptionalExtension, params};

use super::{Store, db_error};
use crate::core::{FolderId, MessageId, TernError};

/// Where a cached message lives on the server (to fetch its parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageLocation {
    pub id: MessageId,
    pub account_name: String,
    pub folder: FolderId,
    pub folder_raw_name: String,
    pub uidvalidity: u32,
    pub uid: u32,
    pub message_id: String,
    pub size: u32,
    pub bodystructure: String,
}

impl Store {
    pub fn message_location(&self, id: MessageId) -> Result<Option<MessageLocation>, TernError> {
        self.conn
            .query_row(
                "SELECT m.id, a.name, f.id, f.raw_name, m.uidvalidity, m.uid, m.message_id, m.size, m.bodystructure
                 FROM message m JOIN folder f ON f.id = m.folder_id JOIN account a ON a.id = f.account_id
                 WHERE m.id = ?1",
                [id.0],
                |r| {
                    Ok(MessageLocation {
                        id: MessageId(r.get(0)?),
                        account_name: r.get(1)?,
                        folder: FolderId(r.get(2)?),
                        folder_raw_name: r.get(3)?,
                        uidvalidity: r.get(4)?,
                        uid: r.get(5)?,
                        message_id: r.get(6)?,
                        size: r.get(7)?,
                        bodystructure: r.get(8)?,
                    })
                },
            )
            .optional()
            .map_err(db_error)
    }

    /// The stored display document of a message, if fetched.
    pub fn body(&self, id: MessageId) -> Result<Option<Vec<u8>>, TernError> {
        self.conn
            .query_row("SELECT raw FROM body WHERE message_id = ?1", [id.0], |r| r.get(0))
            .optional()
            .map_err(db_error)
    }

    /// Stores a fetched body and indexes its text and attachment names, atomically (or
    /// leaves that to `index_pending` when the message's headers are not indexed yet).
    pub fn store_body(
        &mut self,
        id: MessageId,
        raw: &[u8],
        text: &str,
        attachment_names: &str,
    ) -> Result<(), TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        tx.execute(
            "INSERT INTO body (message_id, raw, text, attachments) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (message_id) DO UPDATE SET raw = excluded.raw, text = excluded.text,
                 attachments = excluded.attachments, fetched_at = unixepoch()",
            params![id.0, raw, text, attachment_names],
        )
        .map_err(db_error)?;
        let up_to: i64 = tx
            .query_row(
                "SELECT indexed_up_to FROM search_progress WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        if id.0 <= up_to {
            // Contentless FTS rows cannot be updated in place: replace the message's entry.
            tx.execute("DELETE FROM message_search WHERE rowid = ?1", [id.0])
                .map_err(db_error)?;
            tx.execute(
                "INSERT INTO message_search (rowid, subject, addresses, body, attachments)
                 SELECT id, subject, from_name || ' ' || from_addr || ' ' || recipients, ?2, ?3
                 FROM message WHERE id = ?1",
                params![id.0, text, attachment_names],
            )
            .map_err(db_error)?;
        }
        tx.commit().map_err(db_error)
    }

    /// Indexes up to `batch` messages not yet searchable (with their fetched text, if
    /// any); returns how many. Call until it returns 0.
    pub fn index_pending(&mut self, batch: u32) -> Result<u32, TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        let up_to: i64 = tx
            .query_row(
                "SELECT indexed_up_to FROM search_progress WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        let last: Option<i64> = tx
            .query_row(
                "SELECT max(id) FROM (SELECT id FROM message WHERE id > ?1 ORDER BY id LIMIT ?2)",
                params![up_to, batch],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        let Some(last) = last else { return Ok(0) };
        let n = tx
            .execute(
                "INSERT INTO message_search (rowid, subject, addresses, body, attachments)
                 SELECT m.id, m.subject, m.from_name || ' ' || m.from_addr || ' ' || m.recipients,
                        coalesce(b.text, ''), coalesce(b.attachments, '')
                 FROM message m LEFT JOIN body b ON b.message_id = m.id
                 WHERE m.id > ?1 AND m.id <= ?2",
                params![up_to, last],
            )
            .map_err(db_error)?;
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

    /// Message ids matching a search, best first. Each word must match (prefix match
    /// on the last one, as people type); quotes and operators are taken literally.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<MessageId>, TernError> {
        let words: Vec<String> = query
            .split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect();
        let Some(last) = words.last() else {
            return Ok(Vec::new());
        };
        let fts = format!("{} {last}*", words[..words.len() - 1].join(" "));
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rowid FROM message_search WHERE message_search MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .map_err(db_error)?;
        stmt.query_map(params![fts.trim(), limit], |r| Ok(MessageId(r.get(0)?)))
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)
    }
}
