//! Numbered schema migrations, each applied in one transaction, tracked by
//! `PRAGMA user_version`. Never edit a released migration: add a new one.

use rusqlite::Connection;

use super::db_error;
use crate::core::{ErrorKind, TernError, Text};

/// (version, file name, SQL). Version N brings the schema from N-1 to N.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "001_accounts_folders.sql",
        include_str!("migrations/001_accounts_folders.sql"),
    ),
    (2, "002_messages.sql", include_str!("migrations/002_messages.sql")),
    (
        3,
        "003_bodies_search.sql",
        include_str!("migrations/003_bodies_search.sql"),
    ),
    (
        4,
        "004_message_hidden.sql",
        include_str!("migrations/004_message_hidden.sql"),
    ),
    (
        5,
        "005_folder_count_index.sql",
        include_str!("migrations/005_folder_count_index.sql"),
    ),
    (
        6,
        "006_deferred_search_index.sql",
        include_str!("migrations/006_deferred_search_index.sql"),
    ),
    (
        7,
        "007_search_columns.sql",
        include_str!("migrations/007_search_columns.sql"),
    ),
    (8, "008_threads.sql", include_str!("migrations/008_threads.sql")),
    (
        9,
        "009_thread_merges.sql",
        include_str!("migrations/009_thread_merges.sql"),
    ),
    (
        10,
        "010_thread_link_gaps.sql",
        include_str!("migrations/010_thread_link_gaps.sql"),
    ),
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies every migration above the database's version, up to `target`.
pub(super) fn migrate(conn: &mut Connection, target: u32) -> Result<(), TernError> {
    let current: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_error)?;
    if current > SCHEMA_VERSION {
        return Err(TernError::new(
            ErrorKind::Store,
            format!(
                "The mail cache was written by a newer Tern (schema {current}, this one knows {SCHEMA_VERSION}). \
                 Update Tern, or delete the cache to rebuild it from the server."
            ),
        )
        .with_text(Text::new("err-cache-newer")));
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > current && *v <= target) {
        let tx = conn.transaction().map_err(db_error)?;
        // Another process opening the same new cache may have applied it meanwhile.
        let now: u32 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(db_error)?;
        if now >= *version {
            continue;
        }
        tx.execute_batch(sql).map_err(|e| {
            TernError::new(
                ErrorKind::Store,
                format!("Could not upgrade the mail cache ({name}): {e}"),
            )
            .with_text(Text::new("err-cache-upgrade"))
        })?;
        tx.pragma_update(None, "user_version", version)
            .map_err(db_error)?;
        tx.commit().map_err(db_error)?;
    }
    Ok(())
}

/// Opens `path` and migrates it to exactly `target` (for tests that build old schemas).
pub fn migrate_file_to(path: &std::path::Path, target: u32) -> Result<(), TernError> {
    let mut conn = Connection::open(path).map_err(db_error)?;
    migrate(&mut conn, target)
}
