//! Drafts and the outbox in `user.sqlite3` (synchronous=FULL): the user's words and
//! outgoing messages are user data, never rebuilt from the server.

use rusqlite::{OptionalExtension, params};

use super::{Store, db_error};
use crate::core::{ErrorKind, OutboxEntry, OutboxId, OutboxState, TernError, Text};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn state_name(s: OutboxState) -> &'static str {
    match s {
        OutboxState::Queued => "queued",
        OutboxState::Sending => "sending",
        OutboxState::Sent => "sent",
        OutboxState::Filed => "filed",
        OutboxState::Held => "held",
    }
}

fn parse_state(s: &str) -> OutboxState {
    match s {
        "queued" => OutboxState::Queued,
        "sending" => OutboxState::Sending,
        "sent" => OutboxState::Sent,
        "filed" => OutboxState::Filed,
        // Unknown (a newer Tern's state): the user decides.
        _ => OutboxState::Held,
    }
}

/// A new outbox row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOutbox {
    pub account: String,
    pub subject: String,
    pub message_id: String,
    pub sender: String,
    pub recipients: Vec<String>,
    /// Empty when forwarded parts are fetched at send time.
    pub bytes: Vec<u8>,
    /// The draft as JSON.
    pub draft: String,
}

/// A whole outbox row (with its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub entry: OutboxEntry,
    pub sender: String,
    pub recipients: Vec<String>,
    pub bytes: Vec<u8>,
    pub draft: String,
}

const ROW: &str = "id, account, subject, message_id, state, error, created_ms, sender, recipients, bytes, draft, \
     error_text";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    let state: String = r.get(4)?;
    let recipients: String = r.get(8)?;
    let error_text: String = r.get(11)?;
    Ok(OutboxRow {
        entry: OutboxEntry {
            id: OutboxId(r.get(0)?),
            account: r.get(1)?,
            subject: r.get(2)?,
            message_id: r.get(3)?,
            state: parse_state(&state),
            error: r.get(5)?,
            error_text: Text::from_json(&error_text),
            created_ms: r.get(6)?,
        },
        sender: r.get(7)?,
        recipients: serde_json::from_str(&recipients).unwrap_or_default(),
        bytes: r.get(9)?,
        draft: r.get(10)?,
    })
}

impl Store {
    /// Stores an outgoing message (durable before this returns).
    pub fn outbox_insert(&self, m: &NewOutbox) -> Result<OutboxId, TernError> {
        let recipients = serde_json::to_string(&m.recipients).unwrap_or_else(|_| "[]".into());
        self.conn
            .execute(
                "INSERT INTO user.outbox (account, subject, message_id, sender, recipients, bytes, draft,
                                          state, created_ms, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8)",
                params![
                    m.account,
                    m.subject,
                    m.message_id,
                    m.sender,
                    recipients,
                    m.bytes,
                    m.draft,
                    now_ms()
                ],
            )
            .map_err(db_error)?;
        Ok(OutboxId(self.conn.last_insert_rowid()))
    }

    /// Stores the built bytes of a row queued before its forwarded parts were fetched.
    pub fn outbox_set_bytes(
        &self,
        id: OutboxId,
        bytes: &[u8],
        sender: &str,
        recipients: &[String],
    ) -> Result<(), TernError> {
        let recipients = serde_json::to_string(recipients).unwrap_or_else(|_| "[]".into());
        self.conn
            .execute(
                "UPDATE user.outbox SET bytes = ?2, sender = ?3, recipients = ?4, updated_ms = ?5 WHERE id = ?1",
                params![id.0, bytes, sender, recipients, now_ms()],
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// Moves a row to `state` and clears its error.
    pub fn outbox_set_state(&self, id: OutboxId, state: OutboxState) -> Result<(), TernError> {
        self.outbox_set_state_because(id, state, "", None)
    }

    /// Moves a row to `state` with an error: the English sentence and, when it has one,
    /// its translatable form (the outbox shows that in the user's language).
    pub fn outbox_set_state_because(
        &self,
        id: OutboxId,
        state: OutboxState,
        error: &str,
        text: Option<&Text>,
    ) -> Result<(), TernError> {
        let stored = text.map(Text::to_json).unwrap_or_default();
        self.conn
            .execute(
                "UPDATE user.outbox SET state = ?2, error = ?3, error_text = ?4, updated_ms = ?5
                 WHERE id = ?1",
                params![id.0, state_name(state), error, stored, now_ms()],
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// Moves a row to `to` only if it is in `from`; whether it moved.
    pub fn outbox_transition(
        &self,
        id: OutboxId,
        from: OutboxState,
        to: OutboxState,
    ) -> Result<bool, TernError> {
        let n = self
            .conn
            .execute(
                "UPDATE user.outbox SET state = ?3, error = '', error_text = '', updated_ms = ?4
                 WHERE id = ?1 AND state = ?2",
                params![id.0, state_name(from), state_name(to), now_ms()],
            )
            .map_err(db_error)?;
        Ok(n == 1)
    }

    /// Every row without its bytes, oldest first (all accounts).
    pub fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, TernError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, account, subject, message_id, state, error, created_ms, error_text
                 FROM user.outbox ORDER BY id",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| {
                let state: String = r.get(4)?;
                let error_text: String = r.get(7)?;
                Ok(OutboxEntry {
                    id: OutboxId(r.get(0)?),
                    account: r.get(1)?,
                    subject: r.get(2)?,
                    message_id: r.get(3)?,
                    state: parse_state(&state),
                    error: r.get(5)?,
                    error_text: Text::from_json(&error_text),
                    created_ms: r.get(6)?,
                })
            })
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    /// The ids of `account`'s rows that still need work (queued, sending, sent), in order.
    pub fn outbox_pending(&self, account: &str) -> Result<Vec<OutboxId>, TernError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id FROM user.outbox WHERE account = ?1 AND state IN ('queued', 'sending', 'sent')
                 ORDER BY id",
            )
            .map_err(db_error)?;
        let rows = stmt.query_map([account], |r| r.get(0)).map_err(db_error)?;
        rows.map(|r| r.map(OutboxId))
            .collect::<Result<_, _>>()
            .map_err(db_error)
    }

    /// How many of `account`'s messages are not sent yet (queued, sending, held).
    pub fn outbox_waiting(&self, account: &str) -> Result<u32, TernError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM user.outbox WHERE account = ?1 AND state IN ('queued', 'sending', 'held')",
                [account],
                |r| r.get(0),
            )
            .map_err(db_error)
    }

    /// One whole row.
    pub fn outbox_row(&self, id: OutboxId) -> Result<Option<OutboxRow>, TernError> {
        self.conn
            .query_row(
                &format!("SELECT {ROW} FROM user.outbox WHERE id = ?1"),
                [id.0],
                read_row,
            )
            .optional()
            .map_err(db_error)
    }

    /// Removes a row that is queued or held (not while it may be going out); returns
    /// its draft JSON.
    pub fn outbox_take_back(&self, id: OutboxId) -> Result<Option<String>, TernError> {
        let draft: Option<String> = self
            .conn
            .query_row(
                "DELETE FROM user.outbox WHERE id = ?1 AND state IN ('queued', 'held') RETURNING draft",
                [id.0],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_error)?;
        Ok(draft)
    }

    /// Takes the right to send `account`'s outbox (one process at a time, so a row in
    /// `sending` seen by the holder is always from an interrupted run). Released on drop.
    pub fn lock_send(&self, account: &str) -> Result<Option<super::ReplayLock>, TernError> {
        let tag: String = account
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let hash = account
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        self.lock_file(&format!(".send-{tag}-{hash:08x}.lock"))
            .map_err(|e| TernError::new(ErrorKind::Filesystem, e.message))
    }
}
