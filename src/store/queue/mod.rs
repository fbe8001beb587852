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

mod lock;
mod optimistic;
mod rows;
mod userdb;

use serde::Serialize;

use crate::core::{FolderId, FolderRole, MessageId};

pub use lock::ReplayLock;
pub use userdb::{USER_MIGRATIONS, USER_SCHEMA_VERSION, migrate_user_file_to, user_db_path};
pub(super) use userdb::{attach_reader, attach_writer};

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
