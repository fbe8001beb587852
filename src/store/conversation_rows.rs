//! Conversation rows of a folder's list: one row per thread in the folder, standing for
//! its newest message there, keyset paged like the plain list (`paging.rs`) on that
//! message's (date, UID). A row is a thread's newest in the folder when no newer
//! message of the same thread is in the folder: one lookup by thread per row read,
//! never a scan of the folder (the thread index is named: without statistics SQLite
//! would pick the folder's date index for these and read the whole folder per row). Messages without a thread (0) are rows of their own.

use rusqlite::params;

use super::messages::{MessageSummary, summary_from_row};
use super::paging::{Seek, seek_page};
use super::{Store, db_error};
use crate::core::{Flags, FolderId, MessageId, TernError};

/// Names shown for a conversation's participants at most.
pub const MAX_PARTICIPANTS: usize = 4;

/// One conversation row: its newest message in the folder and what the row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    /// The newest message; its flags say unread if any message is unread and starred
    /// if any is starred.
    pub newest: MessageSummary,
    pub thread: i64,
    /// Every message of the conversation in the folder, oldest first (actions on the
    /// row apply to these).
    pub ids: Vec<MessageId>,
    pub unread: u32,
    /// Senders, oldest first, each once (name, else address), at most `MAX_PARTICIPANTS`.
    pub participants: Vec<String>,
}

const COLUMNS: &str = "m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
    m.size, m.has_attachments, m.message_id, m.thread_id";
const FROM: &str = "FROM message m JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
    WHERE m.folder_id = ?1 AND m.hidden = 0";
/// The row is its thread's newest in the folder.
const NEWEST: &str = "AND (m.thread_id = 0 OR NOT EXISTS (
        SELECT 1 FROM message n INDEXED BY message_by_thread
        WHERE n.thread_id = m.thread_id AND n.folder_id = m.folder_id
          AND n.uidvalidity = m.uidvalidity AND n.hidden = 0
          AND (n.internal_date, n.uid) > (m.internal_date, m.uid)))";

impl Store {
    /// How many conversation rows the folder has.
    pub fn conversation_count(&self, folder: FolderId) -> Result<u32, TernError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT COUNT(DISTINCT CASE WHEN m.thread_id = 0 THEN -m.id ELSE m.thread_id END) {FROM}"
            ))
            .map_err(db_error)?
            .query_row([folder.0], |r| r.get(0))
            .map_err(db_error)
    }

    /// `limit` conversation rows from `seek`, skipping `skip` of them, newest first
    /// (as `list_page`).
    pub fn conversation_page(
        &self,
        folder: FolderId,
        seek: Seek,
        skip: u32,
        limit: u32,
    ) -> Result<Vec<ConversationRow>, TernError> {
        let read = |r: &rusqlite::Row<'_>| Ok((summary_from_row(r)?, r.get::<_, i64>(10)?));
        let newest = seek_page(
            &self.conn,
            &format!("SELECT {COLUMNS} {FROM}"),
            NEWEST,
            (folder, seek, skip, limit),
            read,
        )?;
        newest
            .into_iter()
            .map(|(m, thread)| self.conversation_of(folder, m, thread))
            .collect()
    }

    /// The rest of a row: the thread's messages in the folder (by the thread index).
    fn conversation_of(
        &self,
        folder: FolderId,
        newest: MessageSummary,
        thread: i64,
    ) -> Result<ConversationRow, TernError> {
        if thread == 0 {
            let unread = u32::from(!Flags(newest.flags).contains(Flags::SEEN));
            let who = sender(&newest.from_name, &newest.from_addr);
            return Ok(ConversationRow {
                ids: vec![newest.id],
                newest,
                thread,
                unread,
                participants: vec![who],
            });
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.flags, m.from_name, m.from_addr
                 FROM message m INDEXED BY message_by_thread
                 JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
                 WHERE m.thread_id = ?2 AND m.folder_id = ?1 AND m.hidden = 0
                 ORDER BY m.internal_date, m.uid",
            )
            .map_err(db_error)?;
        let members = stmt
            .query_map(params![folder.0, thread], |r| {
                Ok((
                    MessageId(r.get(0)?),
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(db_error)?;
        let mut row = ConversationRow {
            newest,
            thread,
            ids: Vec::new(),
            unread: 0,
            participants: Vec::new(),
        };
        let mut starred = false;
        for member in members {
            let (id, flags, name, addr) = member.map_err(db_error)?;
            let flags = Flags(flags);
            row.ids.push(id);
            row.unread += u32::from(!flags.contains(Flags::SEEN));
            starred |= flags.contains(Flags::FLAGGED);
            let who = sender(&name, &addr);
            if row.participants.len() < MAX_PARTICIPANTS && !row.participants.contains(&who) {
                row.participants.push(who);
            }
        }
        let flags = Flags(row.newest.flags)
            .with(Flags::SEEN, row.unread == 0)
            .with(Flags::FLAGGED, starred);
        row.newest.flags = flags.0;
        Ok(row)
    }
}

fn sender(name: &str, addr: &str) -> String {
    if name.trim().is_empty() {
        addr.trim().to_string()
    } else {
        name.trim().to_string()
    }
}
