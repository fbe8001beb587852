//! The `user.sqlite3` file: where it lives, its migrations, and attaching it to the
//! cache connections.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::core::{ErrorKind, TernError, Text};
use crate::store::{Store, db_error};

/// (version, file name, SQL) of `user.sqlite3`. Version N brings it from N-1 to N.
pub const USER_MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "user/001_ops.sql",
        include_str!("../migrations/user/001_ops.sql"),
    ),
    (
        2,
        "user/002_drafts.sql",
        include_str!("../migrations/user/002_drafts.sql"),
    ),
    (
        3,
        "user/003_outbox.sql",
        include_str!("../migrations/user/003_outbox.sql"),
    ),
    (
        4,
        "user/004_outbox_error_text.sql",
        include_str!("../migrations/user/004_outbox_error_text.sql"),
    ),
    (
        5,
        "user/005_remote_image_senders.sql",
        include_str!("../migrations/user/005_remote_image_senders.sql"),
    ),
    (
        6,
        "user/006_pinned_certs.sql",
        include_str!("../migrations/user/006_pinned_certs.sql"),
    ),
];

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
pub(crate) fn attach_writer(conn: &Connection, cache: &Path) -> Result<(), TernError> {
    let path = user_db_path(cache);
    {
        let mut own = Connection::open(&path).map_err(db_error)?;
        own.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(db_error)?;
        own.pragma_update(None, "journal_mode", "WAL").map_err(db_error)?;
        own.pragma_update(None, "synchronous", "FULL").map_err(db_error)?;
        migrate_user(&mut own, USER_SCHEMA_VERSION)?;
    }
    let text = path.to_str().ok_or_else(|| {
        TernError::new(
            ErrorKind::Filesystem,
            format!(
                "Tern cannot use the folder {} (its name is not valid Unicode).",
                path.display()
            ),
        )
        .with_text(Text::new("err-path-not-unicode").arg("path", path.display().to_string()))
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
pub(crate) fn attach_reader(conn: &Connection, cache: &Path) {
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

/// Opens the user database at `path` and migrates it to exactly `target` (for tests
/// that build old schemas).
pub fn migrate_user_file_to(path: &Path, target: u32) -> Result<(), TernError> {
    let mut conn = Connection::open(path).map_err(db_error)?;
    migrate_user(&mut conn, target)
}

fn migrate_user(conn: &mut Connection, target: u32) -> Result<(), TernError> {
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
        )
        .with_text(Text::new("err-queue-newer")));
    }
    for (version, name, sql) in USER_MIGRATIONS
        .iter()
        .filter(|(v, _, _)| *v > current && *v <= target)
    {
        let tx = conn.transaction().map_err(db_error)?;
        tx.execute_batch(sql).map_err(|e| {
            TernError::new(
                ErrorKind::Store,
                format!("Could not upgrade the queue of changes ({name}): {e}"),
            )
            .with_text(Text::new("err-queue-upgrade"))
        })?;
        tx.pragma_update(None, "user_version", version)
            .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
    }
    Ok(())
}

impl Store {
    /// A pragma of the queue database (`synchronous`, `journal_mode`, `user_version`).
    pub fn user_pragma(&self, name: &str) -> Result<String, TernError> {
        crate::store::read_pragma(&self.conn, "user", name)
    }
}
