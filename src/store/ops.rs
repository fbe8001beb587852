//! The durable operation queue (issue 7): user data, not cache.
//!
//! Design: the queue lives in its own database file, `user.sqlite3` next to the cache
//! (`<stem>.user.sqlite3` for a cache not named `cache.sqlite3`), ATTACHed to every
//! connection as schema `user`. SQLite's `synchronous` is per schema, so the cache stays
//! WAL + NORMAL (rebuildable, fast) while `user` is WAL + FULL: a commit that enqueues an
//! action is on disk (WAL fsynced) before `enqueue` returns and the UI or CLI says
//! "queued" (T-22, SG-DB-1). The file has its own numbered migrations and its own
//! `user_version`, so deleting the cache to rebuild it never touches queued actions;
//! rows therefore name accounts and folders by name, never by cache row id.
//!
//! One transaction may span both files (enqueue writes the op and the optimistic cache
//! state together); with WAL, SQLite makes it atomic per file, not across them. That is
//! enough: the acknowledgement only follows a completed commit, and a cache row left
//! without its op (or the reverse) is corrected by the next replay and sync.

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Store, db_error};
use crate::core::{AccountId, ErrorKind, FolderId, FolderRole, MessageId, TernError};

/// (version, file name, SQL) of `user.sqlite3`. Version N brings it from N-1 to N.
pub const USER_MIGRATIONS: &[(u32, &str, &str)] =
    &[(1, "user/001_ops.sql", include_str!("migrations/user/001_ops.sql"))];

/// The newest `user.sqlite3` schema this build knows.
pub const USER_SCHEMA_VERSION: u32 = USER_MIGRATIONS.len() as u32;

/// The user database that belongs to the cache at `cache`.
pub fn user_db_path(cache: &Path) -> PathBuf {
    let stem = cache.file_stem().and_then(|s| s.to_str()).unwrap_or("cache");
    let name = if stem == "cache" {
        "user.sqlite3".to_string()
    } else {
        format!("{stem}.user.sqlite3")
    };
    cache.with_file_name(name)
}

/// Creates or upgrades `user.sqlite3` on a connection of its own (so migrations run
/// unqualified), then attaches it to `conn` as `user` with synchronous=FULL.
pub(super) fn attach_writer(conn: &Connection, cache: &Path) -> Result<(), TernError> {
    let path = user_db_path(cache);
    {
        let mut own = Connection::open(&path).map_err(db_error)?;
        own.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(db_error)?;
        own.pragma_update(None, "journal_mode", "WAL").map_err(db_error)?;
        own.pragma_update(None, "synchronous", "FULL").map_err(db_error)?;
        migrate_user(&mut own)?;
    }
    let text = path.to_str().ok_or_else(|| {
        TernError::new(
            ErrorKind::Filesystem,
            format!(
                "Tern cannot use the folder {} (its name is not valid Unicode).",
                path.display()
            ),
        )
    })?;
    conn.execute("ATTACH DATABASE ?1 AS user", [text])
        .map_err(db_error)?;
    conn.pragma_update(Some("user"), "synchronous", "FULL")
        .map_err(db_error)?;
    #[cfg(target_os = "macos")]
    conn.pragma_update(None, "fullfsync", true).map_err(db_error)?;
    Ok(())
}

/// Attaches `user.sqlite3` read-only to a reader connection, if it exists.
pub(super) fn attach_reader(conn: &Connection, cache: &Path) {
    let path = user_db_path(cache);
    if !path.exists() {
        return;
    }
    let Some(text) = path.to_str() else { return };
    let mut uri = String::from("file:");
    let text = text.replace('\\', "/");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~:".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    if let Err(e) = conn.execute("ATTACH DATABASE ?1 AS user", [uri]) {
        tracing::debug!("queue database not attached to a reader: {e}");
    }
}

fn migrate_user(conn: &mut Connection) -> Result<(), TernError> {
    let current: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_error)?;
    if current > USER_SCHEMA_VERSION {
        return Err(TernError::new(
            ErrorKind::Store,
            format!(
                "Tern's list of changes waiting to sync was written by a newer Tern (schema {current}, this \
                 one knows {USER_SCHEMA_VERSION}). Update Tern to keep them."
            ),
        ));
    }
    for (version, name, sql) in USER_MIGRATIONS.iter().filter(|(v, _, _)| *v > current) {
        let tx = conn.transaction().map_err(db_error)?;
        tx.execute_batch(sql).map_err(|e| {
            TernError::new(
                ErrorKind::Store,
                format!("Could not upgrade the queue of changes ({name}): {e}"),
            )
        })?;
        tx.pragma_update(None, "user_version", version)
            .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
    }
    Ok(())
}

/// What an op does on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// UID STORE +/-FLAGS.
    Flags,
    /// To `dest` (UID MOVE, or COPY + \Deleted + UID EXPUNGE).
    Move,
    /// Delete for good (\Deleted + UID EXPUNGE of only these UIDs).
    Expunge,
}

impl OpKind {
    fn as_str(self) -> &'static str {
        match self {
            OpKind::Flags => "flags",
            OpKind::Move => "move",
            OpKind::Expunge => "expunge",
        }
    }

    fn parse(s: &str) -> OpKind {
        match s {
            "move" => OpKind::Move,
            "expunge" => OpKind::Expunge,
            _ => OpKind::Flags,
        }
    }
}

/// Where one item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    Pending,
    Done,
    /// Dropped in the server's favour (message gone, folder gone, refused).
    Conflict,
    /// Dropped by the user's undo before it reached the server.
    Undone,
}

impl ItemState {
    fn as_str(self) -> &'static str {
        match self {
            ItemState::Pending => "pending",
            ItemState::Done => "done",
            ItemState::Conflict => "conflict",
            ItemState::Undone => "undone",
        }
    }

    fn parse(s: &str) -> ItemState {
        match s {
            "done" => ItemState::Done,
            "conflict" => ItemState::Conflict,
            "undone" => ItemState::Undone,
            _ => ItemState::Pending,
        }
    }
}

/// How far an item got on the server (see 001_ops.sql).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Nothing sent yet.
    New,
    /// The command may have reached the server; its effect is unknown.
    Sent,
    /// The copy exists in dest; the source still has to be removed.
    Copied,
}

impl Step {
    fn as_str(self) -> &'static str {
        match self {
            Step::New => "",
            Step::Sent => "sent",
            Step::Copied => "copied",
        }
    }

    fn parse(s: &str) -> Step {
        match s {
            "sent" => Step::Sent,
            "copied" => Step::Copied,
            _ => Step::New,
        }
    }
}

/// One message of an op.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpItem {
    pub seq: u32,
    /// Source folder, server spelling.
    pub folder: String,
    pub uidvalidity: u32,
    /// 0: find it by Message-ID.
    pub uid: u32,
    pub message_id: String,
    pub size: u32,
    pub subject: String,
    pub flags_before: u32,
    pub add: u32,
    pub remove: u32,
    /// Destination folder of a move, server spelling.
    pub dest: String,
    #[serde(skip)]
    pub step: Option<Step>,
    pub dest_uidvalidity: u32,
    pub dest_uidnext: u32,
    pub dest_uid: u32,
    #[serde(skip)]
    pub state: Option<ItemState>,
}

impl OpItem {
    pub fn step(&self) -> Step {
        self.step.unwrap_or(Step::New)
    }

    pub fn state(&self) -> ItemState {
        self.state.unwrap_or(ItemState::Pending)
    }
}

/// A queued op with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueuedOp {
    pub id: i64,
    pub account: String,
    pub kind: OpKind,
    /// The intent as JSON (core::Action).
    pub action: String,
    pub summary: String,
    pub created_ms: i64,
    pub pending: bool,
    pub undo_of: i64,
    pub undone: bool,
    pub items: Vec<OpItem>,
}

/// An op to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOp {
    pub kind: OpKind,
    pub action: String,
    pub summary: String,
    pub created_ms: i64,
    pub undo_of: i64,
    pub items: Vec<OpItem>,
}

/// A change to one cached row (the optimistic view): flags `(flags | add) & !remove`,
/// and optionally hidden or shown. Rows are found by folder, UIDVALIDITY and UID, so a
/// row that no longer matches (resynced, renumbered) is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheEdit<'a> {
    pub folder: &'a str,
    pub uidvalidity: u32,
    pub uid: u32,
    pub add: u32,
    pub remove: u32,
    pub hidden: Option<bool>,
}

/// A cached message an action is about to target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionTarget {
    pub id: MessageId,
    pub folder_id: FolderId,
    pub folder: String,
    pub folder_path: String,
    pub role: FolderRole,
    pub uidvalidity: u32,
    pub uid: u32,
    pub message_id: String,
    pub size: u32,
    pub subject: String,
    pub flags: u32,
    pub hidden: bool,
}

/// What an undo did, for events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoOutcome {
    /// Items dropped before they reached the server.
    pub dropped: usize,
    /// The op queued to reverse what already reached the server.
    pub inverse: Option<i64>,
    pub folders: Vec<FolderId>,
}

/// Holds the right to replay one account's queue (an OS file lock, released when
/// dropped or when the process dies), so two processes never replay the same op.
#[derive(Debug)]
pub struct ReplayLock {
    _file: File,
}

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

/// Applies cache edits; returns the folders whose rows changed.
fn apply_edits(
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
            .ok_or_else(|| TernError::new(ErrorKind::NotFound, "The account is no longer in the cache."))
    }

    /// A pragma of the queue database (`synchronous`, `journal_mode`, `user_version`).
    pub fn user_pragma(&self, name: &str) -> Result<String, TernError> {
        if !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(TernError::new(
                ErrorKind::Store,
                format!("Not a pragma name: {name}"),
            ));
        }
        self.conn
            .query_row(&format!("PRAGMA user.{name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .map_err(db_error)
    }

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
        match op {
            Some(mut op) => {
                load_items(&self.conn, &mut op)?;
                Ok(Some(op))
            }
            None => Ok(None),
        }
    }

    /// The op with this id, with items.
    pub fn queued_op(&self, id: i64) -> Result<Option<QueuedOp>, TernError> {
        let sql = format!("SELECT {OP_COLUMNS} FROM user.op WHERE id = ?1");
        let op = self
            .conn
            .query_row(&sql, [id], op_from_row)
            .optional()
            .map_err(db_error)?;
        match op {
            Some(mut op) => {
                load_items(&self.conn, &mut op)?;
                Ok(Some(op))
            }
            None => Ok(None),
        }
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
        match op {
            Some(mut op) => {
                load_items(&self.conn, &mut op)?;
                Ok(Some(op))
            }
            None => Ok(None),
        }
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
            return Err(TernError::new(
                ErrorKind::NotFound,
                "That change was already undone.",
            ));
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

    /// Takes the right to replay `account`'s queue, or `None` if another process (or
    /// task) holds it. Released on drop.
    pub fn lock_replay(&self, account: AccountId) -> Result<Option<ReplayLock>, TernError> {
        let user = user_db_path(&self.path);
        let mut name = user.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".replay-{}.lock", account.0));
        let path = user.with_file_name(name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                TernError::new(
                    ErrorKind::Filesystem,
                    format!("Could not open {}: {e}", path.display()),
                )
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ReplayLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(TernError::new(
                ErrorKind::Filesystem,
                format!("Could not lock {}: {e}", path.display()),
            )),
        }
    }
}
