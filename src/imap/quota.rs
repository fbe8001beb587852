//! The mailbox's storage quota (RFC 2087 GETQUOTAROOT), for settings' account health.

use super::connect::Connection;
use super::errors::{imap_error, timed};
use crate::core::{StorageQuota, TernError};

impl Connection {
    /// The INBOX's STORAGE quota; None when the server does not announce QUOTA or sets
    /// no storage limit.
    pub async fn storage_quota(&mut self) -> Result<Option<StorageQuota>, TernError> {
        if !self.has("QUOTA") {
            return Ok(None);
        }
        let host = self.host.clone();
        let session = &mut self.session;
        let (_roots, quotas) = timed(self.timeouts.command, &host, "asking for the quota", async {
            session
                .get_quota_root("INBOX")
                .await
                .map_err(|e| imap_error(e, &host))
        })
        .await?;
        self.discard_unsolicited();
        Ok(quotas
            .iter()
            .flat_map(|q| q.resources.iter())
            .find(|r| matches!(r.name, async_imap::types::QuotaResourceName::Storage) && r.limit > 0)
            .map(|r| StorageQuota {
                used_kib: r.usage,
                limit_kib: r.limit,
            }))
    }
}
