//! The optimistic view: cache rows changed (flags, hidden) as soon as an action is queued,
//! before the server has seen it.

use rusqlite::{Connection, OptionalExtension, params};

use super::{ActionTarget, CacheEdit};
use crate::core::{AccountId, ErrorKind, FolderId, FolderRole, MessageId, TernError, Text};
use crate::store::{Store, db_error};

/// Applies cache edits; returns the folders whose rows changed.
pub(super) fn apply_edits(
    conn: &Connection,
    account: &str,
    edits: &[CacheEdit<'_>],
) -> Result<Vec<FolderId>, TernError> {
    let mut stmt = conn
        .prepare_cached(
            "UPDATE main.message SET flags = (flags | ?5) & ~?6, hidden = coalesce(?7, hidden)
             WHERE folder_id = (SELECT f.id FROM main.folder f JOIN main.account a ON a.id = f.account_id
                                WHERE a.name = ?1 AND f.raw_name = ?2)
               AND uidvalidity = ?3 AND uid = ?4
             RETURNING folder_id",
        )
        .map_err(db_error)?;
    let mut folders = Vec::new();
    for e in edits {
        let rows = stmt
            .query_map(
                params![account, e.folder, e.uidvalidity, e.uid, e.add, e.remove, e.hidden],
                |r| r.get::<_, i64>(0),
            )
            .map_err(db_error)?;
        for f in rows {
            let f = FolderId(f.map_err(db_error)?);
            if !folders.contains(&f) {
                folders.push(f);
            }
        }
    }
    Ok(folders)
}

impl Store {
    /// The cached messages `ids` of `account`, with what an action needs to know. Every
    /// id must be a current row of this account.
    pub fn action_targets(
        &self,
        account: AccountId,
        ids: &[MessageId],
    ) -> Result<Vec<ActionTarget>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id, f.id, f.raw_name, f.path, f.role, m.uidvalidity, m.uid, m.message_id, m.size,
                        m.subject, m.flags, m.hidden
                 FROM main.message m
                 JOIN main.folder f ON f.id = m.folder_id AND f.uidvalidity = m.uidvalidity
                 WHERE m.id = ?1 AND f.account_id = ?2",
            )
            .map_err(db_error)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let t = stmt
                .query_row(params![id.0, account.0], |r| {
                    Ok(ActionTarget {
                        id: MessageId(r.get(0)?),
                        folder_id: FolderId(r.get(1)?),
                        folder: r.get(2)?,
                        folder_path: r.get(3)?,
                        role: FolderRole::parse(&r.get::<_, String>(4)?),
                        uidvalidity: r.get(5)?,
                        uid: r.get(6)?,
                        message_id: r.get(7)?,
                        size: r.get(8)?,
                        subject: r.get(9)?,
                        flags: r.get(10)?,
                        hidden: r.get(11)?,
                    })
                })
                .optional()
                .map_err(db_error)?
                .ok_or_else(|| {
                    TernError::new(
                        ErrorKind::NotFound,
                        format!("No cached message of this account has id {id}. See `tern list FOLDER`."),
                    )
                    .with_text(Text::new("err-message-gone"))
                })?;
            out.push(t);
        }
        Ok(out)
    }

    /// The account a cached message belongs to.
    pub fn account_of_message(&self, id: MessageId) -> Result<Option<AccountId>, TernError> {
        self.conn
            .query_row(
                "SELECT f.account_id FROM main.message m JOIN main.folder f ON f.id = m.folder_id
                 WHERE m.id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()
            .map(|o| o.map(AccountId))
            .map_err(db_error)
    }

    /// Applies cache edits alone (e.g. a conflict shows a row again).
    pub fn apply_cache_edits(
        &mut self,
        account: AccountId,
        edits: &[CacheEdit<'_>],
    ) -> Result<Vec<FolderId>, TernError> {
        let name = self.account_name(account)?;
        let tx = self.conn.transaction().map_err(db_error)?;
        let folders = apply_edits(&tx, &name, edits)?;
        tx.commit().map_err(db_error)?;
        Ok(folders)
    }
}
