//! Reading threads: a conversation's messages across the folders of its account.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::messages::{MessageSummary, summary_from_row};
use super::{Store, db_error};
use crate::core::{FolderId, MessageId, TernError};

/// One message of a conversation, with the folder it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadMessage {
    #[serde(flatten)]
    pub summary: MessageSummary,
    pub folder: FolderId,
    pub folder_path: String,
    pub thread: i64,
}

impl Store {
    /// The thread a cached message is in (0 when it was stored with threading off).
    pub fn thread_of(&self, message: MessageId) -> Result<Option<i64>, TernError> {
        self.conn
            .query_row("SELECT thread_id FROM message WHERE id = ?1", [message.0], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db_error)
    }

    /// Every message of `message`'s conversation in any folder of its account, oldest
    /// first. A copy of one message in two folders (same Message-ID) is listed once,
    /// from the first folder it was cached in. Rows hidden by a pending move are left out.
    pub fn thread_messages(&self, message: MessageId) -> Result<Vec<ThreadMessage>, TernError> {
        let Some(thread) = self.thread_of(message)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS}, m.folder_id, f.path, m.thread_id
                 FROM message m JOIN folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
                 WHERE {WHERE} AND m.hidden = 0
                 ORDER BY m.internal_date, m.id"
            ))
            .map_err(db_error)?;
        let rows = stmt
            .query_map(params![thread, message.0], |r| {
                Ok(ThreadMessage {
                    summary: summary_from_row(r)?,
                    folder: FolderId(r.get(10)?),
                    folder_path: r.get(11)?,
                    thread: r.get(12)?,
                })
            })
            .map_err(db_error)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db_error)?;
        Ok(once_per_message_id(rows))
    }
}

const COLUMNS: &str = "m.id, m.uid, m.internal_date, m.from_name, m.from_addr, m.subject, m.flags,
    m.size, m.has_attachments, m.message_id";
/// Thread 0 is "not threaded": then only the message itself.
const WHERE: &str = "((?1 != 0 AND m.thread_id = ?1) OR m.id = ?2)";

fn once_per_message_id(rows: Vec<ThreadMessage>) -> Vec<ThreadMessage> {
    let mut lowest: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for r in &rows {
        if !r.summary.message_id.is_empty() {
            let e = lowest.entry(&r.summary.message_id).or_insert(r.summary.id.0);
            *e = (*e).min(r.summary.id.0);
        }
    }
    let keep: std::collections::HashSet<i64> = rows
        .iter()
        .filter(|r| {
            r.summary.message_id.is_empty()
                || lowest.get(r.summary.message_id.as_str()) == Some(&r.summary.id.0)
        })
        .map(|r| r.summary.id.0)
        .collect();
    rows.into_iter()
        .filter(|r| keep.contains(&r.summary.id.0))
        .collect()
}
