//! Drafts being written (`user.draft`, synchronous=FULL): the composer saves here
//! within 2 s of the last keystroke, so a crash loses at most that.

use rusqlite::OptionalExtension;

use super::{Store, db_error};
use crate::core::{Draft, DraftId, ErrorKind, ServerRef, TernError, Text};

/// A draft row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraft {
    pub draft: Draft,
    pub updated_ms: i64,
    /// A composer has it open (still set at start: left by a crash).
    pub open: bool,
    /// The user discarded it; the worker still has to remove its server copy.
    pub discarded: bool,
}

fn parse(id: i64, json: &str) -> Result<Draft, TernError> {
    let mut draft: Draft = serde_json::from_str(json).map_err(|e| {
        TernError::new(
            ErrorKind::Store,
            format!("Draft {id} could not be read ({e}). It is kept unchanged in the user database."),
        )
        .with_text(Text::new("err-draft-unreadable"))
    })?;
    draft.id = Some(DraftId(id));
    Ok(draft)
}

fn to_json(draft: &Draft) -> Result<String, TernError> {
    serde_json::to_string(draft).map_err(|e| {
        TernError::new(ErrorKind::Store, format!("The draft could not be saved ({e})."))
            .with_text(Text::new("err-draft-not-saved"))
    })
}

type Row = (i64, String, i64, i64, i64);

fn stored(row: Row) -> Result<StoredDraft, TernError> {
    let (id, json, updated_ms, open, discarded) = row;
    Ok(StoredDraft {
        draft: parse(id, &json)?,
        updated_ms,
        open: open != 0,
        discarded: discarded != 0,
    })
}

const COLUMNS: &str = "id, body, updated_ms, open, discarded";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

impl Store {
    /// Inserts or replaces `draft` (by its id; a row deleted meanwhile is written anew,
    /// so text is never dropped) and marks it open. Returns its id. The server copy the
    /// worker recorded in the row is kept when `draft` does not know it (the composer
    /// saves while the worker stores copies on the server).
    pub fn save_draft(&self, draft: &Draft, now_ms: i64) -> Result<DraftId, TernError> {
        let mut draft = draft.clone();
        if draft.server_copy.is_none()
            && let Some(id) = draft.id
            && let Ok(Some(stored)) = self.draft_row(id)
        {
            draft.server_copy = stored.draft.server_copy;
        }
        let draft = &draft;
        let json = to_json(draft)?;
        if let Some(DraftId(id)) = draft.id {
            let changed = self
                .conn
                .execute(
                    "UPDATE user.draft SET account = ?2, body = ?3, updated_ms = ?4, open = 1
                     WHERE id = ?1 AND discarded = 0",
                    (id, &draft.account, &json, now_ms),
                )
                .map_err(db_error)?;
            if changed == 1 {
                return Ok(DraftId(id));
            }
        }
        self.conn
            .execute(
                "INSERT INTO user.draft (account, body, updated_ms, open, discarded) VALUES (?1, ?2, ?3, 1, 0)",
                (&draft.account, &json, now_ms),
            )
            .map_err(db_error)?;
        Ok(DraftId(self.conn.last_insert_rowid()))
    }

    /// Every draft not discarded, newest first. A row that cannot be read is skipped
    /// (and logged), never deleted.
    pub fn drafts(&self) -> Result<Vec<StoredDraft>, TernError> {
        let sql =
            format!("SELECT {COLUMNS} FROM user.draft WHERE discarded = 0 ORDER BY updated_ms DESC, id DESC");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_error)?;
        let rows = stmt
            .query_map([], read_row)
            .map_err(db_error)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .filter_map(|row| match stored(row) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::warn!("{}", e.message);
                    None
                }
            })
            .collect())
    }

    /// One draft row, discarded or not (the worker needs a discarded draft's server copy).
    pub fn draft_row(&self, id: DraftId) -> Result<Option<StoredDraft>, TernError> {
        let sql = format!("SELECT {COLUMNS} FROM user.draft WHERE id = ?1");
        let row = self
            .conn
            .query_row(&sql, [id.0], read_row)
            .optional()
            .map_err(db_error)?;
        row.map(stored).transpose()
    }

    /// Records where the draft's copy on the server now is (the worker, after storing
    /// it), leaving the rest of the row alone: the text may have moved on meanwhile and
    /// `open` stays as the composer set it. False when the row is gone.
    pub fn set_draft_server_copy(&self, id: DraftId, server: Option<&ServerRef>) -> Result<bool, TernError> {
        // Read and write in one immediate transaction: a composer save in between
        // would otherwise be overwritten with older text.
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let Some(mut row) = self.draft_row(id)? else {
            return Ok(false);
        };
        row.draft.server_copy = server.cloned();
        let json = to_json(&row.draft)?;
        tx.execute("UPDATE user.draft SET body = ?2 WHERE id = ?1", (id.0, &json))
            .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
        Ok(true)
    }

    /// Marks whether a composer has the draft open.
    pub fn set_draft_open(&self, id: DraftId, open: bool) -> Result<(), TernError> {
        self.conn
            .execute(
                "UPDATE user.draft SET open = ?2 WHERE id = ?1",
                (id.0, open as i64),
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// Hides a draft the user discarded (the row stays until its server copy is gone).
    pub fn discard_draft(&self, id: DraftId) -> Result<(), TernError> {
        self.conn
            .execute(
                "UPDATE user.draft SET discarded = 1, open = 0 WHERE id = ?1",
                [id.0],
            )
            .map_err(db_error)?;
        Ok(())
    }

    pub fn delete_draft(&self, id: DraftId) -> Result<(), TernError> {
        self.conn
            .execute("DELETE FROM user.draft WHERE id = ?1", [id.0])
            .map_err(db_error)?;
        Ok(())
    }
}
