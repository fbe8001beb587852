//! Folder management on the server: CREATE, RENAME and DELETE (RFC 9051 §6.3.4-6.3.6).
//! Names are the raw (modified UTF-7) mailbox names; `encode_mailbox_name` makes them.

use super::commands::{quote, timed};
use super::connect::Connection;
use crate::core::TernError;

impl Connection {
    /// CREATE a folder the user asked for (an existing name is refused, unlike
    /// `create_folder` for Sent), and SUBSCRIBE it so other clients show it too.
    pub async fn create_new_folder(&mut self, raw_name: &str) -> Result<(), TernError> {
        let command = format!("CREATE {}", quote(raw_name));
        self.run_folder_command("CREATE", &command).await?;
        let subscribe = format!("SUBSCRIBE {}", quote(raw_name));
        // Not subscribing only hides it in clients that show subscribed folders.
        let _ = self.run_folder_command("SUBSCRIBE", &subscribe).await;
        Ok(())
    }

    /// RENAME: the folder and everything below it get the new name.
    pub async fn rename_folder(&mut self, from: &str, to: &str) -> Result<(), TernError> {
        let command = format!("RENAME {} {}", quote(from), quote(to));
        self.run_folder_command("RENAME", &command).await
    }

    /// DELETE: the folder and its messages (servers refuse while it has subfolders
    /// marked \Noselect-only, or for INBOX).
    pub async fn delete_folder(&mut self, raw_name: &str) -> Result<(), TernError> {
        let command = format!("DELETE {}", quote(raw_name));
        self.run_folder_command("DELETE", &command).await
    }

    async fn run_folder_command(&mut self, what: &str, command: &str) -> Result<(), TernError> {
        self.drain_unsolicited();
        let timeout = self.timeouts.command;
        timed(timeout, what, self.session.run_command_and_check_ok(command)).await?;
        self.drain_unsolicited();
        Ok(())
    }
}
