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

    /// Stores a fetched body and indexes its text and attachment names, atomically.
    pub fn store_body(
        &mut self,
        id: MessageId,
        raw: &[u8],
        text: &str,
        attachment_names: &str,
    ) -> Result<(), TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        tx.execute(
            "INSERT INTO body (message_id, raw, text) VALUES (?1, ?2, ?3)
             ON CONFLICT (message_id) DO UPDATE SET raw = excluded.raw, text = excluded.text,
                 fetched_at = unixepoch()",
            params![id.0, raw, text],
        )
        .map_err(db_error)?;
        // Contentless FTS rows cannot be updated in place: replace the message's entry.
        let (subject, addresses): (String, String) = tx
            .query_row(
                "SELECT subject, from_name || ' ' || from_addr || ' ' || recipients FROM message WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(db_error)?;
        tx.execute("DELETE FROM message_search WHERE rowid = ?1", [id.0])
            .map_err(db_error)?;
        tx.execute(
            "INSERT INTO message_search (rowid, subject, addresses, body, attachments) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.0, subject, addresses, text, attachment_names],
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)
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
