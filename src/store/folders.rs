//! The folder table: the server's folder list and each folder's sync marks.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{Store, db_error};
use crate::core::{AccountId, FolderId, TernError};
pub use crate::core::{FolderInfo, FolderRole};

/// Per-folder sync state; see 001_accounts_folders.sql for the invariant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncMarks {
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub low_uid: u32,
    pub highestmodseq: u64,
}

impl SyncMarks {
    /// True when every message below `uidnext` is cached.
    pub fn complete(&self) -> bool {
        self.low_uid == 1
    }
}

/// A cached folder with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Folder {
    pub id: FolderId,
    pub account_id: AccountId,
    #[serde(skip)]
    pub raw_name: String,
    pub path: String,
    pub delimiter: String,
    pub role: FolderRole,
    pub selectable: bool,
    #[serde(skip)]
    pub marks: SyncMarks,
    pub server_total: u32,
    pub total: u32,
    pub unread: u32,
}

const FOLDER_COLUMNS: &str = "f.id, f.account_id, f.raw_name, f.path, f.delimiter, f.role, f.selectable,
     f.uidvalidity, f.uidnext, f.low_uid, f.highestmodseq, f.server_total,
     (SELECT count(*) FROM message m WHERE m.folder_id = f.id AND m.uidvalidity = f.uidvalidity AND m.hidden = 0),
     (SELECT count(*) FROM message m
       WHERE m.folder_id = f.id AND m.uidvalidity = f.uidvalidity AND m.hidden = 0 AND m.flags & 1 = 0)";

fn folder_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Folder> {
    Ok(Folder {
        id: FolderId(r.get(0)?),
        account_id: AccountId(r.get(1)?),
        raw_name: r.get(2)?,
        path: r.get(3)?,
        delimiter: r.get(4)?,
        role: FolderRole::parse(&r.get::<_, String>(5)?),
        selectable: r.get(6)?,
        marks: SyncMarks {
            uidvalidity: r.get(7)?,
            uidnext: r.get(8)?,
            low_uid: r.get(9)?,
            highestmodseq: r.get::<_, i64>(10)? as u64,
        },
        server_total: r.get(11)?,
        total: r.get(12)?,
        unread: r.get(13)?,
    })
}

impl Store {
    /// Folders of an account, roles first, then by path.
    pub fn folders(&self, account: AccountId) -> Result<Vec<Folder>, TernError> {
        let sql = format!("SELECT {FOLDER_COLUMNS} FROM folder f WHERE f.account_id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_error)?;
        let mut folders: Vec<Folder> = stmt
            .query_map([account.0], folder_from_row)
            .map_err(db_error)?
            .collect::<Result<_, _>>()
            .map_err(db_error)?;
        folders.sort_by(|a, b| (a.role.rank(), &a.path).cmp(&(b.role.rank(), &b.path)));
        Ok(folders)
    }

    pub fn folder(&self, id: FolderId) -> Result<Option<Folder>, TernError> {
        let sql = format!("SELECT {FOLDER_COLUMNS} FROM folder f WHERE f.id = ?1");
        self.conn
            .query_row(&sql, [id.0], folder_from_row)
            .optional()
            .map_err(db_error)
    }

    /// A folder's sync marks alone (no counts: cheap at any folder size).
    pub fn sync_marks(&self, id: FolderId) -> Result<Option<SyncMarks>, TernError> {
        self.conn
            .query_row(
                "SELECT uidvalidity, uidnext, low_uid, highestmodseq FROM folder WHERE id = ?1",
                [id.0],
                |r| {
                    Ok(SyncMarks {
                        uidvalidity: r.get(0)?,
                        uidnext: r.get(1)?,
                        low_uid: r.get(2)?,
                        highestmodseq: r.get::<_, i64>(3)? as u64,
                    })
                },
            )
            .optional()
            .map_err(db_error)
    }

    /// Finds a folder by its decoded path (case-insensitive for INBOX) or its role name.
    pub fn find_folder(&self, account: AccountId, name: &str) -> Result<Option<Folder>, TernError> {
        let folders = self.folders(account)?;
        Ok(folders
            .iter()
            .find(|f| f.path == name)
            .or_else(|| folders.iter().find(|f| f.path.eq_ignore_ascii_case(name)))
            .or_else(|| {
                folders
                    .iter()
                    .find(|f| f.role != FolderRole::None && f.role.as_str().eq_ignore_ascii_case(name))
            })
            .cloned())
    }

    /// Gives folders new names after a RENAME on the server, keeping their cached
    /// messages and sync marks (the server keeps UIDVALIDITY across a rename).
    /// Each entry: (folder, new raw name, new display path).
    pub fn rename_folders(&mut self, renames: &[(FolderId, String, String)]) -> Result<(), TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        {
            let mut update = tx
                .prepare_cached("UPDATE folder SET raw_name = ?2, path = ?3 WHERE id = ?1")
                .map_err(db_error)?;
            for (id, raw, path) in renames {
                update.execute((id.0, raw, path)).map_err(db_error)?;
            }
        }
        tx.commit().map_err(db_error)
    }

    /// Makes the account's folder rows equal `listed`: new ones inserted, changed ones
    /// updated, ones the server no longer lists deleted with their messages (a rename
    /// on the server looks like delete + create; the new folder syncs afresh).
    pub fn replace_folders(&mut self, account: AccountId, listed: &[FolderInfo]) -> Result<bool, TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        let mut changed = false;
        {
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO folder (account_id, raw_name, path, delimiter, role, attributes, selectable)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (account_id, raw_name) DO UPDATE SET
                       path = excluded.path, delimiter = excluded.delimiter, role = excluded.role,
                       attributes = excluded.attributes, selectable = excluded.selectable
                     WHERE path IS NOT excluded.path OR delimiter IS NOT excluded.delimiter
                       OR role IS NOT excluded.role OR attributes IS NOT excluded.attributes
                       OR selectable IS NOT excluded.selectable",
                )
                .map_err(db_error)?;
            for f in listed {
                changed |= upsert
                    .execute((
                        account.0,
                        &f.raw_name,
                        &f.path,
                        &f.delimiter,
                        f.role.as_str(),
                        &f.attributes,
                        f.selectable,
                    ))
                    .map_err(db_error)?
                    > 0;
            }
            let existing: Vec<(i64, String)> = {
                let mut stmt = tx
                    .prepare_cached("SELECT id, raw_name FROM folder WHERE account_id = ?1")
                    .map_err(db_error)?;
                stmt.query_map([account.0], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(db_error)?
                    .collect::<Result<_, _>>()
                    .map_err(db_error)?
            };
            let mut delete = tx
                .prepare_cached("DELETE FROM folder WHERE id = ?1")
                .map_err(db_error)?;
            for (id, raw) in existing {
                if !listed.iter().any(|f| f.raw_name == raw) {
                    delete.execute([id]).map_err(db_error)?;
                    changed = true;
                }
            }
        }
        tx.commit().map_err(db_error)?;
        Ok(changed)
    }

    /// Forgets every cached message of the folder and starts its marks afresh under a
    /// new UIDVALIDITY (RFC 9051 §2.3.1.1: old UIDs mean nothing now).
    pub fn reset_folder(&mut self, folder: FolderId, uidvalidity: u32) -> Result<(), TernError> {
        let tx = self.conn.transaction().map_err(db_error)?;
        tx.execute("DELETE FROM message WHERE folder_id = ?1", [folder.0])
            .map_err(db_error)?;
        tx.execute(
            "UPDATE folder SET uidvalidity = ?2, uidnext = 0, low_uid = 0, highestmodseq = 0 WHERE id = ?1",
            (folder.0, uidvalidity),
        )
        .map_err(db_error)?;
        tx.commit().map_err(db_error)
    }

    /// Records what SELECT/STATUS said about the folder size (for progress display).
    pub fn set_server_total(&self, folder: FolderId, total: u32) -> Result<(), TernError> {
        self.conn
            .execute(
                "UPDATE folder SET server_total = ?2, last_sync = unixepoch() WHERE id = ?1",
                (folder.0, total),
            )
            .map_err(db_error)?;
        Ok(())
    }
}

impl Store {
    /// When any folder of `account` last finished a sync (seconds since 1970), for
    /// settings' account health.
    pub fn last_successful_sync(&self, account: AccountId) -> Result<Option<i64>, TernError> {
        self.conn
            .query_row(
                "SELECT MAX(last_sync) FROM folder WHERE account_id = ?1 AND last_sync > 0",
                [account.0],
                |r| r.get::<_, Option<i64>>(0),
            )
            .map_err(db_error)
    }
}
