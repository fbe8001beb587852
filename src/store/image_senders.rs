//! Senders whose remote images are always shown (`user.remote_image_senders`, issue 12
//! item 3): user data, kept when the cache is rebuilt; revocable in settings.

use rusqlite::params;

use super::{Store, db_error};
use crate::core::TernError;

/// One "always show images from this sender" choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSender {
    /// The account's name (accounts.toml).
    pub account: String,
    /// The sender's address, lower-case.
    pub address: String,
    pub allowed_ms: i64,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn normalized(address: &str) -> String {
    address.trim().to_lowercase()
}

impl Store {
    /// Remote images from `address` are shown in `account` without asking.
    pub fn allow_remote_images(&self, account: &str, address: &str) -> Result<(), TernError> {
        self.conn
            .execute(
                "INSERT INTO user.remote_image_senders (account, address, allowed_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (account, address) DO UPDATE SET allowed_ms = excluded.allowed_ms",
                params![account, normalized(address), now_ms()],
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// Takes back an "always show images" choice.
    pub fn forget_remote_image_sender(&self, account: &str, address: &str) -> Result<(), TernError> {
        self.conn
            .execute(
                "DELETE FROM user.remote_image_senders WHERE account = ?1 AND address = ?2",
                params![account, normalized(address)],
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// Whether the user chose to always show images from `address` in `account`. A
    /// reader without the user database (never written yet) knows of no choice.
    pub fn remote_images_allowed(&self, account: &str, address: &str) -> Result<bool, TernError> {
        if !self.has_user_table("remote_image_senders")? {
            return Ok(false);
        }
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM user.remote_image_senders WHERE account = ?1 AND address = ?2)",
                params![account, normalized(address)],
                |r| r.get(0),
            )
            .map_err(db_error)
    }

    /// Every "always show images" choice, by account and address.
    pub fn remote_image_senders(&self) -> Result<Vec<ImageSender>, TernError> {
        if !self.has_user_table("remote_image_senders")? {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT account, address, allowed_ms FROM user.remote_image_senders ORDER BY account, address",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ImageSender {
                    account: r.get(0)?,
                    address: r.get(1)?,
                    allowed_ms: r.get(2)?,
                })
            })
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    /// Whether the attached user database has `table` (a reader attaches it only when
    /// the file exists, and an older file may lack newer tables).
    fn has_user_table(&self, table: &str) -> Result<bool, TernError> {
        let attached: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_database_list WHERE name = 'user')",
                [],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        if !attached {
            return Ok(false);
        }
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM user.sqlite_master WHERE type = 'table' AND name = ?1)",
                [table],
                |r| r.get(0),
            )
            .map_err(db_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_check_list_forget() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cache.sqlite3");
        let store = Store::open(&path).expect("store");
        assert!(
            !store
                .remote_images_allowed("work", "news@shop.example")
                .expect("query")
        );
        store
            .allow_remote_images("work", " News@Shop.example ")
            .expect("allow");
        store
            .allow_remote_images("work", "news@shop.example")
            .expect("allow twice");
        assert!(
            store
                .remote_images_allowed("work", "NEWS@shop.example")
                .expect("query")
        );
        assert!(
            !store
                .remote_images_allowed("home", "news@shop.example")
                .expect("query")
        );
        let reader = Store::open_reader(&path).expect("reader");
        assert!(
            reader
                .remote_images_allowed("work", "news@shop.example")
                .expect("query")
        );
        let list = reader.remote_image_senders().expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].account.as_str(), list[0].address.as_str()),
            ("work", "news@shop.example")
        );
        store
            .forget_remote_image_sender("work", "news@shop.example")
            .expect("forget");
        assert!(
            !reader
                .remote_images_allowed("work", "news@shop.example")
                .expect("query")
        );
        assert!(reader.remote_image_senders().expect("list").is_empty());
    }
}
