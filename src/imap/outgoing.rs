//! IMAP for writing mail: APPEND (the Sent copy, drafts), CREATE (a missing Sent
//! folder), finding a message by Message-ID in a folder, keywords ($Forwarded), and
//! removing one UID (a replaced draft) with UID EXPUNGE of that UID only.
//!
//! async-imap's `append()` drops APPENDUID, so a stored copy is found again with
//! `UID SEARCH HEADER Message-ID`.

use std::time::Duration;

use super::actions::quoted_message_id;
use super::commands::quote;
use super::connect::{Connection, imap_error};
use crate::core::{ErrorKind, TernError};

/// Seconds of APPEND time allowed per MiB on top of the command timeout.
const APPEND_SECS_PER_MIB: u64 = 30;

impl Connection {
    /// APPEND `bytes` to `raw_name` with `flags` (e.g. `\Seen`, `\Draft \Seen`).
    pub async fn append(&mut self, raw_name: &str, flags: &str, bytes: &[u8]) -> Result<(), TernError> {
        self.drain_unsolicited();
        let limit =
            self.timeouts.command + Duration::from_secs(APPEND_SECS_PER_MIB * (bytes.len() as u64 >> 20));
        let host = self.host.clone();
        let flags = format!("({flags})");
        let session = &mut self.session;
        let run = async {
            session
                .append(raw_name, Some(flags.as_str()), None, bytes)
                .await
                .map_err(|e| imap_error(e, &host))
        };
        let result = match tokio::time::timeout(limit, run).await {
            Ok(r) => r,
            Err(_) => Err(TernError::new(
                ErrorKind::Timeout,
                "The server did not store the copy in time. Tern will reconnect and try again.",
            )
            .with_text(crate::core::Text::new("err-server-slow"))),
        };
        self.drain_unsolicited();
        result
    }

    /// CREATE `raw_name` and SUBSCRIBE it (an existing folder is fine).
    pub async fn create_folder(&mut self, raw_name: &str) -> Result<(), TernError> {
        match self
            .raw("creating the folder", &format!("CREATE {}", quote(raw_name)))
            .await
        {
            Ok(_) => {}
            // ALREADYEXISTS, or a server that says NO for an existing folder: check by
            // selecting it below.
            Err(e) if e.kind == ErrorKind::ServerRefused => {}
            Err(e) => return Err(e),
        }
        let _ = self
            .raw(
                "subscribing to the folder",
                &format!("SUBSCRIBE {}", quote(raw_name)),
            )
            .await;
        Ok(())
    }

    /// Selects `raw_name` (read-write) and returns (UIDVALIDITY, UIDs of messages with
    /// this Message-ID, oldest first).
    pub async fn find_by_message_id(
        &mut self,
        raw_name: &str,
        message_id: &str,
    ) -> Result<(u32, Vec<u32>), TernError> {
        let selected = self.select_for_update(raw_name).await?;
        let Some(q) = quoted_message_id(message_id) else {
            return Ok((selected.uidvalidity, Vec::new()));
        };
        let reply = self
            .raw("the search", &format!("UID SEARCH HEADER Message-ID {q}"))
            .await?;
        let mut uids = reply.search;
        uids.sort_unstable();
        uids.dedup();
        Ok((selected.uidvalidity, uids))
    }

    /// UID STORE +FLAGS.SILENT with any flags or keywords ("\Answered", "$Forwarded").
    pub async fn add_flags(&mut self, uids: &[u32], names: &[&str]) -> Result<(), TernError> {
        if uids.is_empty() || names.is_empty() {
            return Ok(());
        }
        for set in super::actions::uid_sets(uids) {
            self.raw(
                "the flag change",
                &format!("UID STORE {set} +FLAGS.SILENT ({})", names.join(" ")),
            )
            .await?;
        }
        Ok(())
    }

    /// Removes exactly these UIDs of the selected folder: \Deleted, then UID EXPUNGE of
    /// them only (never a bare EXPUNGE; needs UIDPLUS).
    pub async fn remove_uids(&mut self, uids: &[u32]) -> Result<(), TernError> {
        if uids.is_empty() {
            return Ok(());
        }
        self.add_flags(uids, &["\\Deleted"]).await?;
        self.expunge_uids(uids).await
    }
}
