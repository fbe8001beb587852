//! Cached message headers: written by the sync engine in windows, read by list views.

use rusqlite::params;
use serde::Serialize;

use super::folders::SyncMarks;
use super::threads::account_of;
use super::window_threads::WindowThreads;
use super::{Store, db_error};
use crate::core::threading::Names;
pub use crate::core::{FlagUpdate, NewMessage};
use crate::core::{FolderId, MessageId, TernError};

/// What a message list shows for one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageSummary {
    pub id: MessageId,
    pub uid: u32,
    pub date: i64,
    pub from_name: String,
    pub from_addr: String,
    pub subject: String,
    pub flags: u32,
    pub size: u32,
    pub has_attachments: bool,
    pub message_id: String,
}

impl Store {
    /// Stores a window of headers and moves the folder's marks in one transaction, so a
    /// crash leaves either both or neither (T-21). Re-inserting a row is harmless.
    pub fn store_window(
        &mut self,
        folder: FolderId,
        uidvalidity: u32,
        rows: &[NewMessage],
        marks: SyncMarks,
    ) -> Result<(), TernError> {
        self.store_window_named(folder, uidvalidity, rows, None, marks)
    }

    /// `store_window` with what each row names for threading made already
    /// (`KeyHasher::names` for each row, in order; made again here if they do not fit).
    pub fn store_window_named(
        &mut self,
        folder: FolderId,
        uidvalidity: u32,
        rows: &[NewMessage],
        names: Option<Vec<Names<i64>>>,
        marks: SyncMarks,
    ) -> Result<(), TernError> {
        let threading = self.threading;
        let tx = self.conn.transaction().map_err(db_error)?;
        {
            // The whole window is threaded first, so its rows go in with their final
            // thread (merges inside the window then move no stored row).
            let mut threads = if threading {
                Some(WindowThreads::load(
                    &tx,
                    account_of(&tx, folder)?,
                    rows,
                    names,
                    &mut self.thread_sizes,
                    self.deferred_links.as_mut(),
                )?)
            } else {
                None
            };
            let assigned = match threads.as_mut() {
                Some(t) => t.assign_all()?,
                None => vec![0; rows.len()],
            };
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO message (folder_id, uidvalidity, uid, modseq, flags, keywords,
                        internal_date, sent_date, size, subject, from_name, from_addr, recipients,
                        message_id, in_reply_to, refs, has_attachments, bodystructure, thread_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
                     ON CONFLICT (folder_id, uidvalidity, uid) DO UPDATE SET
                        modseq = excluded.modseq, flags = excluded.flags, keywords = excluded.keywords",
                )
                .map_err(db_error)?;
            for (m, thread) in rows.iter().zip(assigned) {
                insert
                    .execute(params![
                        folder.0,
                        uidvalidity,
                        m.uid,
                        m.modseq as i64,
                        m.flags,
                        m.keywords,
                        m.internal_date,
                        m.sent_date,
                        m.size,
                        m.subject,
                        m.from_name,
                        m.from_addr,
                        m.recipients,
                        m.message_id,
                        m.in_reply_to,
                        m.refs,
                        m.has_attachments,
                        m.bodystructure,
                        thread,
                    ])
                    .map_err(db_error)?;
            }
            if let Some(t) = threads {
                t.finish()?;
            }
            write_marks(&tx, folder, marks)?;
        }
        tx.commit().map_err(db_error)
    }

    /// Applies flag changes and removals, and the new HIGHESTMODSEQ, in one transaction.
    pub fn apply_changes(
        &mut self,
        folder: FolderId,
        uidvalidity: u32,
        updates: &[FlagUpdate],
        removed: &[u32],
        marks: SyncMarks,
    ) -> Result<usize, TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        let mut changed = 0;
        {
            let mut update = tx
                .prepare_cached(
                    "UPDATE message SET flags = ?4, keywords = ?5, modseq = ?6
                     WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid = ?3
                       AND (flags IS NOT ?4 OR keywords IS NOT ?5)",
                )
                .map_err(db_error)?;
            for u in updates {
                changed += update
                    .execute(params![
                        folder.0,
                        uidvalidity,
                        u.uid,
                        u.flags,
                        u.keywords,
                        u.modseq as i64
                    ])
                    .map_err(db_error)?;
            }
            let mut delete = tx
                .prepare_cached("DELETE FROM message WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid = ?3")
                .map_err(db_error)?;
            for uid in removed {
                changed += delete
                    .execute(params![folder.0, uidvalidity, uid])
                    .map_err(db_error)?;
            }
            write_marks(&tx, folder, marks)?;
        }
        tx.commit().map_err(db_error)?;
        Ok(changed)
    }

    /// Every cached UID of the folder under `uidvalidity`, ascending.
    pub fn cached_uids(&self, folder: FolderId, uidvalidity: u32) -> Result<Vec<u32>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid FROM message WHERE folder_id = ?1 AND uidvalidity = ?2 ORDER BY uid")
            .map_err(db_error)?;
        stmt.query_map(params![folder.0, uidvalidity], |r| r.get(0))
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)
    }

    /// Summaries of the given messages, in the given order (search results). Rows hidden
    /// by a pending move or delete are left out, as in folder lists.
    pub fn summaries(&self, ids: &[MessageId]) -> Result<Vec<MessageSummary>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, uid, internal_date, from_name, from_addr, subject, flags, size, has_attachments, message_id
                 FROM message WHERE id = ?1 AND hidden = 0",
            )
            .map_err(db_error)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query_map([id.0], summary_from_row).map_err(db_error)?;
            if let Some(row) = rows.next() {
                out.push(row.map_err(db_error)?);
            }
        }
        Ok(out)
    }

    /// Summaries of the folder's messages with these UIDs under its current UIDVALIDITY
    /// (new mail the engine just reported), highest UID first.
    pub fn arrivals(&self, folder: FolderId, uids: &[u32]) -> Result<Vec<MessageSummary>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
                        m.size, m.has_attachments, m.message_id
                 FROM message m JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
                 WHERE m.folder_id = ?1 AND m.uid = ?2 AND m.hidden = 0",
            )
            .map_err(db_error)?;
        let mut out = Vec::with_capacity(uids.len());
        for uid in uids {
            let mut rows = stmt
                .query_map(params![folder.0, uid], summary_from_row)
                .map_err(db_error)?;
            if let Some(row) = rows.next() {
                out.push(row.map_err(db_error)?);
            }
        }
        out.sort_by_key(|m| std::cmp::Reverse(m.uid));
        Ok(out)
    }

    pub fn message_subject(&self, id: MessageId) -> Result<Option<String>, TernError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT subject FROM message WHERE id = ?1", [id.0], |r| r.get(0))
            .optional()
            .map_err(db_error)
    }

    /// A page of the folder's messages, newest first.
    pub fn list_messages(
        &self,
        folder: FolderId,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<MessageSummary>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
                        m.size, m.has_attachments, m.message_id
                 FROM message m JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
                 WHERE m.folder_id = ?1 AND m.hidden = 0
                 ORDER BY m.internal_date DESC, m.uid DESC LIMIT ?2 OFFSET ?3",
            )
            .map_err(db_error)?;
        stmt.query_map(params![folder.0, limit, offset], summary_from_row)
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)
    }
}

pub(super) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MessageSummary> {
    Ok(MessageSummary {
        id: MessageId(r.get(0)?),
        uid: r.get(1)?,
        date: r.get(2)?,
        from_name: r.get(3)?,
        from_addr: r.get(4)?,
        subject: r.get(5)?,
        flags: r.get(6)?,
        size: r.get(7)?,
        has_attachments: r.get(8)?,
        message_id: r.get(9)?,
    })
}

fn write_marks(tx: &rusqlite::Transaction<'_>, folder: FolderId, marks: SyncMarks) -> Result<(), TernError> {
    tx.execute(
        "UPDATE folder SET uidvalidity = ?2, uidnext = ?3, low_uid = ?4, highestmodseq = ?5 WHERE id = ?1",
        params![
            folder.0,
            marks.uidvalidity,
            marks.uidnext,
            marks.low_uid,
            marks.highestmodseq as i64
        ],
    )
    .map_err(db_error)?;
    Ok(())
}
