//! Writing ops, reading them back, and moving their items through their states.

use rusqlite::{Connection, OptionalExtension, params};

use super::optimistic::apply_edits;
use super::{CacheEdit, ItemState, NewOp, OpItem, OpKind, QueuedOp, Step, UndoOutcome};
use crate::core::{AccountId, ErrorKind, FolderId, TernError, Text};
use crate::store::{Store, db_error};

const ITEM_COLUMNS: &str = "seq, folder, uidvalidity, uid, message_id, size, subject, flags_before, \
     add_flags, \
     remove_flags, dest, step, dest_uidvalidity, dest_uidnext, dest_uid, state";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpItem> {
    Ok(OpItem {
        seq: r.get(0)?,
        folder: r.get(1)?,
        uidvalidity: r.get(2)?,
        uid: r.get(3)?,
        message_id: r.get(4)?,
        size: r.get(5)?,
        subject: r.get(6)?,
        flags_before: r.get(7)?,
        add: r.get(8)?,
        remove: r.get(9)?,
        dest: r.get(10)?,
        step: Some(Step::parse(&r.get::<_, String>(11)?)),
        dest_uidvalidity: r.get(12)?,
        dest_uidnext: r.get(13)?,
        dest_uid: r.get(14)?,
        state: Some(ItemState::parse(&r.get::<_, String>(15)?)),
    })
}

const OP_COLUMNS: &str = "id, account, kind, action, summary, created_ms, state, undo_of, undone";

fn op_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueuedOp> {
    Ok(QueuedOp {
        id: r.get(0)?,
        account: r.get(1)?,
        kind: OpKind::parse(&r.get::<_, String>(2)?),
        action: r.get(3)?,
        summary: r.get(4)?,
        created_ms: r.get(5)?,
        pending: r.get::<_, String>(6)? == "pending",
        undo_of: r.get(7)?,
        undone: r.get(8)?,
        items: Vec::new(),
    })
}

fn load_items(conn: &Connection, op: &mut QueuedOp) -> Result<(), TernError> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM user.op_item WHERE op_id = ?1 ORDER BY seq");
    let mut stmt = conn.prepare_cached(&sql).map_err(db_error)?;
    op.items = stmt
        .query_map([op.id], item_from_row)
        .map_err(db_error)?
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    Ok(())
}

fn insert_op(conn: &Connection, account: &str, op: &NewOp) -> Result<i64, TernError> {
    conn.execute(
        "INSERT INTO user.op (account, kind, action, summary, created_ms, undo_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            account,
            op.kind.as_str(),
            op.action,
            op.summary,
            op.created_ms,
            op.undo_of
        ],
    )
    .map_err(db_error)?;
    let id = conn.last_insert_rowid();
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO user.op_item (op_id, seq, folder, uidvalidity, uid, message_id, size, subject,
                flags_before, add_flags, remove_flags, dest, step, dest_uidvalidity, dest_uidnext, dest_uid,
                state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'pending')",
        )
        .map_err(db_error)?;
    for it in &op.items {
        insert
            .execute(params![
                id,
                it.seq,
                it.folder,
                it.uidvalidity,
                it.uid,
                it.message_id,
                it.size,
                it.subject,
                it.flags_before,
                it.add,
                it.remove,
                it.dest,
                it.step().as_str(),
                it.dest_uidvalidity,
                it.dest_uidnext,
                it.dest_uid,
            ])
            .map_err(db_error)?;
    }
    Ok(id)
}

fn close_if_done(conn: &Connection, op: i64) -> Result<(), TernError> {
    conn.execute(
        "UPDATE user.op SET state = 'done' WHERE id = ?1 AND state = 'pending'
           AND NOT EXISTS (SELECT 1 FROM user.op_item WHERE op_id = ?1 AND state = 'pending')",
        [op],
    )
    .map_err(db_error)?;
    Ok(())
}

impl Store {
    /// The account's name (the queue's key).
    pub fn account_name(&self, account: AccountId) -> Result<String, TernError> {
        self.conn
            .query_row("SELECT name FROM main.account WHERE id = ?1", [account.0], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db_error)?
            .ok_or_else(|| {
                TernError::new(ErrorKind::NotFound, "The account is no longer in the cache.")
                    .with_text(Text::new("err-account-gone"))
            })
    }

    /// Writes an op durably (synchronous=FULL) together with its optimistic cache
    /// edits. Returns the op id and the folders whose rows changed.
    pub fn enqueue_op(
        &mut self,
        account: AccountId,
        op: &NewOp,
        edits: &[CacheEdit<'_>],
    ) -> Result<(i64, Vec<FolderId>), TernError> {
        let name = self.account_name(account)?;
        let tx = self.conn.transaction().map_err(db_error)?;
        let id = insert_op(&tx, &name, op)?;
        let folders = apply_edits(&tx, &name, edits)?;
        tx.commit().map_err(db_error)?;
        Ok((id, folders))
    }

    /// How many ops of the account wait for the server.
    pub fn pending_count(&self, account: AccountId) -> Result<u32, TernError> {
        let name = self.account_name(account)?;
        self.conn
            .query_row(
                "SELECT count(*) FROM user.op WHERE account = ?1 AND state = 'pending'",
                [name],
                |r| r.get(0),
            )
            .map_err(db_error)
    }

    /// Every pending op of the account, oldest first, with items.
    pub fn pending_ops(&self, account: AccountId) -> Result<Vec<QueuedOp>, TernError> {
        let name = self.account_name(account)?;
        let sql =
            format!("SELECT {OP_COLUMNS} FROM user.op WHERE account = ?1 AND state = 'pending' ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_error)?;
        let mut ops: Vec<QueuedOp> = stmt
            .query_map([name], op_from_row)
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)?;
        for op in &mut ops {
            load_items(&self.conn, op)?;
        }
        Ok(ops)
    }

    /// The oldest pending op with an id above `after`.
    pub fn next_pending_op(&self, account: AccountId, after: i64) -> Result<Option<QueuedOp>, TernError> {
        let name = self.account_name(account)?;
        let sql = format!(
            "SELECT {OP_COLUMNS} FROM user.op WHERE account = ?1 AND state = 'pending' AND id > ?2
             ORDER BY id LIMIT 1"
        );
        let op = self
            .conn
            .query_row(&sql, params![name, after], op_from_row)
            .optional()
            .map_err(db_error)?;
        self.with_items(op)
    }

    /// Loads the items of a found op.
    fn with_items(&self, op: Option<QueuedOp>) -> Result<Option<QueuedOp>, TernError> {
        op.map(|mut op| load_items(&self.conn, &mut op).map(|()| op))
            .transpose()
    }

    /// The op with this id, with items.
    pub fn queued_op(&self, id: i64) -> Result<Option<QueuedOp>, TernError> {
        let sql = format!("SELECT {OP_COLUMNS} FROM user.op WHERE id = ?1");
        let op = self
            .conn
            .query_row(&sql, [id], op_from_row)
            .optional()
            .map_err(db_error)?;
        self.with_items(op)
    }

    /// The account's most recent user action (not an undo), with items.
    pub fn latest_user_op(&self, account: AccountId) -> Result<Option<QueuedOp>, TernError> {
        let name = self.account_name(account)?;
        let sql = format!(
            "SELECT {OP_COLUMNS} FROM user.op WHERE account = ?1 AND undo_of = 0 ORDER BY id DESC LIMIT 1"
        );
        let op = self
            .conn
            .query_row(&sql, [name], op_from_row)
            .optional()
            .map_err(db_error)?;
        self.with_items(op)
    }

    /// Marks items as possibly sent (before the command goes out), recording the
    /// destination's UIDVALIDITY and UIDNEXT for moves. Returns the seqs that were still
    /// pending (an undo may have dropped others meanwhile).
    pub fn mark_items_sent(
        &mut self,
        op: i64,
        seqs: &[u32],
        dest_uidvalidity: u32,
        dest_uidnext: u32,
    ) -> Result<Vec<u32>, TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        let mut kept = Vec::with_capacity(seqs.len());
        {
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE user.op_item SET step = 'sent', dest_uidvalidity = ?3, dest_uidnext = ?4
                     WHERE op_id = ?1 AND seq = ?2 AND state = 'pending'",
                )
                .map_err(db_error)?;
            for seq in seqs {
                if stmt
                    .execute(params![op, seq, dest_uidvalidity, dest_uidnext])
                    .map_err(db_error)?
                    > 0
                {
                    kept.push(*seq);
                }
            }
        }
        tx.commit().map_err(db_error)?;
        Ok(kept)
    }

    /// Records an item's progress (step and, once known, its UID in dest).
    pub fn set_item_step(&mut self, op: i64, seqs: &[(u32, u32)], step: Step) -> Result<(), TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE user.op_item SET step = ?3, dest_uid = CASE WHEN ?4 > 0 THEN ?4 ELSE dest_uid END
                     WHERE op_id = ?1 AND seq = ?2 AND state = 'pending'",
                )
                .map_err(db_error)?;
            for (seq, dest_uid) in seqs {
                stmt.execute(params![op, seq, step.as_str(), dest_uid])
                    .map_err(db_error)?;
            }
        }
        tx.commit().map_err(db_error)
    }

    /// Points an item at the message found again by Message-ID.
    pub fn resolve_item(&mut self, op: i64, seq: u32, uidvalidity: u32, uid: u32) -> Result<(), TernError> {
        self.conn
            .execute(
                "UPDATE user.op_item SET uidvalidity = ?3, uid = ?4 WHERE op_id = ?1 AND seq = ?2",
                params![op, seq, uidvalidity, uid],
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// Settles items (done or conflict, with their UID in dest when known), applies the
    /// cache edits that go with it, and closes the op when nothing is left pending.
    pub fn finish_items(
        &mut self,
        account: AccountId,
        op: i64,
        results: &[(u32, ItemState, u32)],
        edits: &[CacheEdit<'_>],
    ) -> Result<Vec<FolderId>, TernError> {
        let name = self.account_name(account)?;
        let tx = self.conn.transaction().map_err(db_error)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE user.op_item SET state = ?3, dest_uid = CASE WHEN ?4 > 0 THEN ?4 ELSE dest_uid END
                     WHERE op_id = ?1 AND seq = ?2 AND state = 'pending'",
                )
                .map_err(db_error)?;
            for (seq, state, dest_uid) in results {
                stmt.execute(params![op, seq, state.as_str(), dest_uid])
                    .map_err(db_error)?;
            }
        }
        let folders = apply_edits(&tx, &name, edits)?;
        close_if_done(&tx, op)?;
        tx.commit().map_err(db_error)?;
        Ok(folders)
    }

    /// Closes an op whose items are all settled (a safety net for replay).
    pub fn close_op_if_done(&mut self, op: i64) -> Result<(), TernError> {
        close_if_done(&self.conn, op)
    }

    /// Undoes op `op` in one transaction: its items not yet sent are dropped; `plan`
    /// gets (dropped items, items that reached or may have reached the server) and
    /// returns the cache edits to make and, if needed, the op that reverses the rest.
    pub fn undo_op<'a>(
        &mut self,
        account: AccountId,
        op: &'a QueuedOp,
        plan: impl FnOnce(&[&'a OpItem], &[&'a OpItem]) -> (Vec<CacheEdit<'a>>, Option<NewOp>),
    ) -> Result<UndoOutcome, TernError> {
        let name = self.account_name(account)?;
        let tx = self.conn.transaction().map_err(db_error)?;
        let undone: bool = tx
            .query_row("SELECT undone FROM user.op WHERE id = ?1", [op.id], |r| r.get(0))
            .optional()
            .map_err(db_error)?
            .unwrap_or(true);
        if undone {
            return Err(
                TernError::new(ErrorKind::NotFound, "That change was already undone.")
                    .with_text(Text::new("err-already-undone")),
            );
        }
        let mut dropped = Vec::new();
        let mut reached = Vec::new();
        {
            let mut drop_item = tx
                .prepare_cached(
                    "UPDATE user.op_item SET state = 'undone'
                     WHERE op_id = ?1 AND seq = ?2 AND state = 'pending' AND step = ''",
                )
                .map_err(db_error)?;
            let mut state_of = tx
                .prepare_cached("SELECT state FROM user.op_item WHERE op_id = ?1 AND seq = ?2")
                .map_err(db_error)?;
            for it in &op.items {
                if drop_item.execute(params![op.id, it.seq]).map_err(db_error)? > 0 {
                    dropped.push(it);
                    continue;
                }
                let state: String = state_of
                    .query_row(params![op.id, it.seq], |r| r.get(0))
                    .map_err(db_error)?;
                // Done, or in flight (sent, copied): it reached or may reach the server.
                if matches!(ItemState::parse(&state), ItemState::Done | ItemState::Pending) {
                    reached.push(it);
                }
            }
        }
        let (edits, inverse) = plan(&dropped, &reached);
        let folders = apply_edits(&tx, &name, &edits)?;
        let inverse = match inverse {
            Some(new) if !new.items.is_empty() => Some(insert_op(&tx, &name, &new)?),
            _ => None,
        };
        tx.execute("UPDATE user.op SET undone = 1 WHERE id = ?1", [op.id])
            .map_err(db_error)?;
        close_if_done(&tx, op.id)?;
        tx.commit().map_err(db_error)?;
        Ok(UndoOutcome {
            dropped: dropped.len(),
            inverse,
            folders,
        })
    }
}
