//! The SQLite cache (rusqlite, bundled SQLite with FTS5). Only this module uses rusqlite.
//!
//! One database file, WAL mode. Each account worker holds one writer connection; the UI
//! and the CLI read through read-only connections (`Store::open_reader`). Rows are plain
//! structs, never rusqlite types.

mod addresses;
mod bodies;
mod conversation_rows;
mod conversations;
mod deferred_links;
mod drafts;
mod folders;
mod image_senders;
mod int_map;
mod messages;
mod migrate;
mod outbox;
mod paging;
mod pins;
mod queue;
mod search;
mod threads;
mod unified;
mod window_threads;

pub use addresses::Address;
pub use bodies::MessageLocation;
pub use conversation_rows::{ConversationRow, MAX_PARTICIPANTS};
pub use conversations::ThreadMessage;
pub use deferred_links::MAX_PENDING_THREAD_LINKS;
pub use drafts::StoredDraft;
pub use folders::{Folder, FolderInfo, FolderRole, SyncMarks};
pub use image_senders::ImageSender;
pub use messages::{FlagUpdate, MessageSummary, NewMessage};
pub use migrate::{MIGRATIONS, SCHEMA_VERSION, migrate_file_to};
pub use outbox::{NewOutbox, OutboxRow};
pub use paging::{ListKey, Seek};
pub use pins::PinnedCert;
pub use queue::{
    ActionTarget, CacheEdit, ItemState, NewOp, OpItem, OpKind, QueuedOp, ReplayLock, Step, USER_MIGRATIONS,
    USER_SCHEMA_VERSION, UndoOutcome, migrate_user_file_to, user_db_path,
};
pub use search::{Found, SearchHit, SearchScope};
pub use threads::KeyHasher;
pub use unified::{UnifiedCounts, UnifiedKey, UnifiedRow, UnifiedSeek, UnifiedView};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::core::{AccountId, ErrorKind, TernError, Text};

/// A connection to the cache: the writer, or a read-only reader.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Whether stored windows are threaded (on; `TERN_THREADING=off` turns it off for
    /// the sync benchmark's on/off comparison).
    threading: bool,
    /// Rows per thread this connection wrote (which thread lives on in a merge).
    thread_sizes: window_threads::ThreadSizes,
    /// New thread links kept in memory until `write_thread_links` (a folder's sync).
    deferred_links: Option<deferred_links::DeferredLinks>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

pub(crate) fn db_error(e: rusqlite::Error) -> TernError {
    let (hint, id) = match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => (
            "The disk is full. Free some space; nothing was lost and Tern will continue.",
            "err-store-disk-full",
        ),
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => (
            "The cache is busy in another Tern process. Try again in a moment.",
            "err-store-busy",
        ),
        _ => (
            "The local mail cache could not be used. It can be rebuilt from the server.",
            "err-store-unusable",
        ),
    };
    // SQLite's own words stay in the English text only: they are not the user's language.
    TernError::new(ErrorKind::Store, format!("{hint} ({e})")).with_text(Text::new(id))
}

impl Store {
    /// Opens (creating if needed) the writer connection and brings the schema up to date.
    pub fn open(path: &Path) -> Result<Store, TernError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                TernError::new(
                    ErrorKind::Filesystem,
                    format!("Could not create the folder {}: {e}", dir.display()),
                )
                .with_text(Text::new("err-create-folder").arg("path", dir.display().to_string()))
            })?;
        }
        let mut conn = Connection::open(path).map_err(db_error)?;
        // Several writers share the cache (one per account, the window, the CLI). A
        // deferred transaction that read first cannot wait for another writer: SQLite
        // fails it at once with "database is locked", whatever the busy timeout (three
        // accounts in one `tern sync` lost two that way). Taking the write lock at BEGIN
        // makes it wait like every other lock.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        configure(&conn)?;
        migrate::migrate(&mut conn, SCHEMA_VERSION)?;
        // The operation queue is user data in its own file with synchronous=FULL (see
        // the queue module for why it is a separate, attached database).
        queue::attach_writer(&conn, path)?;
        let threading = std::env::var("TERN_THREADING").map_or(true, |v| v != "off");
        if threading {
            deferred_links::recover(&mut conn)?;
            threads::thread_backlog(&mut conn)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            threading,
            thread_sizes: Default::default(),
            deferred_links: None,
        })
    }

    /// Opens a read-only connection; the file must already exist (open the writer first).
    pub fn open_reader(path: &Path) -> Result<Store, TernError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(db_error)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(db_error)?;
        queue::attach_reader(&conn, path);
        conn.pragma_update(None, "query_only", true).map_err(db_error)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            threading: false,
            thread_sizes: Default::default(),
            deferred_links: None,
        })
    }

    /// From now on, keeps new thread links in memory (up to `max_pending`) until
    /// `write_thread_links`: a folder's sync writes them once at its end. Lookups see
    /// them; if the process dies first, the next open derives them again.
    pub fn defer_thread_links(&mut self, max_pending: usize) {
        if self.threading && self.deferred_links.is_none() {
            self.deferred_links = Some(deferred_links::DeferredLinks::new(max_pending));
        }
    }

    /// The cache's hasher for thread keys, for `store_window_named`; `None` when this
    /// store does not thread.
    pub fn thread_key_hasher(&self) -> Result<Option<KeyHasher>, TernError> {
        if !self.threading {
            return Ok(None);
        }
        threads::thread_counter(&self.conn).map(|(_, hasher)| Some(hasher))
    }

    /// Writes the thread links kept since `defer_thread_links` (one transaction).
    pub fn write_thread_links(&mut self) -> Result<(), TernError> {
        let Some(deferred) = self.deferred_links.as_mut().filter(|d| d.has_pending()) else {
            return Ok(());
        };
        let tx = self.conn.transaction().map_err(db_error)?;
        deferred.write(&tx)?;
        tx.commit().map_err(db_error)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The account's row id, creating the row on first use.
    pub fn ensure_account(&self, name: &str, email: &str) -> Result<AccountId, TernError> {
        self.conn
            .execute(
                "INSERT INTO account (name, email) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET email = excluded.email",
                (name, email),
            )
            .map_err(db_error)?;
        self.account_id(name)?.ok_or_else(|| {
            TernError::new(ErrorKind::Store, "The account row vanished while being created.")
                .with_text(Text::new("err-store-unusable"))
        })
    }

    pub fn account_id(&self, name: &str) -> Result<Option<AccountId>, TernError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT id FROM account WHERE name = ?1", [name], |r| r.get(0))
            .optional()
            .map(|o| o.map(AccountId))
            .map_err(db_error)
    }

    /// Forgets an account: its folders, cached messages, bodies and search entries (by
    /// cascade) and its queued actions. Used when the user removes the account.
    pub fn delete_account(&mut self, name: &str) -> Result<(), TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        // Thread links have no foreign key (migration 009): they go by hand.
        tx.execute(
            "DELETE FROM thread_link WHERE account_id IN (SELECT id FROM account WHERE name = ?1)",
            [name],
        )
        .map_err(db_error)?;
        tx.execute("DELETE FROM account WHERE name = ?1", [name])
            .map_err(db_error)?;
        tx.execute("DELETE FROM user.op WHERE account = ?1", [name])
            .map_err(db_error)?;
        // A new account of the same name must not inherit trusted certificates.
        tx.execute("DELETE FROM user.pinned_certs WHERE account = ?1", [name])
            .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }

    /// (name, id) of every account that has a row.
    pub fn accounts(&self) -> Result<Vec<(String, AccountId)>, TernError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, id FROM account ORDER BY name")
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, AccountId(r.get(1)?))))
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String, TernError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(db_error)
    }

    /// A pragma's current value as text (journal_mode, synchronous, user_version ...).
    pub fn pragma(&self, name: &str) -> Result<String, TernError> {
        read_pragma(&self.conn, "main", name)
    }
}

/// `PRAGMA schema.name` as text; `name` must be a plain pragma name (it is spliced
/// into the SQL, so nothing else is accepted).
pub(crate) fn read_pragma(conn: &Connection, schema: &str, name: &str) -> Result<String, TernError> {
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !plain(schema) || !plain(name) {
        return Err(TernError::new(
            ErrorKind::Store,
            format!("Not a pragma name: {schema}.{name}"),
        ));
    }
    conn.query_row(&format!("PRAGMA {schema}.{name}"), [], |r| {
        r.get::<_, rusqlite::types::Value>(0)
    })
    .map(|v| match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t,
        other => format!("{other:?}"),
    })
    .map_err(db_error)
}

fn configure(conn: &Connection) -> Result<(), TernError> {
    conn.busy_timeout(Duration::from_secs(10)).map_err(db_error)?;
    // Cache data is rebuildable from the server: WAL + NORMAL may lose the last
    // transactions on power loss but never corrupts (store rules in design.md).
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db_error)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(db_error)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(db_error)?;
    // A first sync inserts thread links whose foreign key makes SQLite keep a statement
    // journal per INSERT; in a temp file that was a quarter of the writer's time (perf),
    // in memory it is a copy. A 16 MiB page cache (default 2 MiB) keeps a window's
    // random index inserts from spilling. Measured (release, 20k messages, same run):
    // threading's cost went from 2.36x to 1.83x of a sync without it.
    conn.pragma_update(None, "temp_store", "MEMORY")
        .map_err(db_error)?;
    conn.pragma_update(None, "cache_size", -16_384)
        .map_err(db_error)?;
    Ok(())
}
