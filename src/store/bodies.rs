//! Fetched bodies (their search index entries: search.rs).

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
    /// leaves that to `index_pending` when the message is not indexed yet).
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
        super::search::reindex_if_indexed(&tx, id)?;
        tx.commit().map_err(db_error)
    }
}
