//! Draft -> exact RFC 5322 bytes, and the reply / forward rules (issue "Write mail").
//! No I/O: attachments on disk are read by the caller-supplied reader in `build`.
//!
//! SKELETON: the signatures below are the contract the composer (ui), the outbox
//! (engine) and the CLI are written against; the bodies are filled in by the
//! compose/smtp work.

use crate::core::{Draft, ErrorKind, ReplyKind, ServerRef, TernError};

/// Who sends: the From header and the envelope sender.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Display name ("Ann Example"), may be empty.
    pub name: String,
    /// The account's address.
    pub email: String,
}

/// The message being answered or forwarded, as the composer needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Original {
    pub server: ServerRef,
    /// "Name <addr>" or "addr", as decoded from the headers.
    pub from: String,
    pub reply_to: Vec<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    /// Seconds since the epoch (the Date header, else INTERNALDATE).
    pub date: i64,
    /// Message-ID without brackets.
    pub message_id: String,
    /// References, oldest first, without brackets.
    pub references: Vec<String>,
    /// The displayed text (plain, or HTML turned to text).
    pub text: String,
    /// Attachments that a forward carries along.
    pub attachments: Vec<crate::core::DraftAttachment>,
}

/// A built message: the exact bytes sent and filed in Sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub bytes: Vec<u8>,
    /// Message-ID without brackets.
    pub message_id: String,
    /// Envelope sender.
    pub from: String,
    /// Envelope recipients: To, Cc and Bcc, de-duplicated.
    pub recipients: Vec<String>,
}

/// A new draft answering or forwarding `original`. `own` lists the user's addresses
/// (all accounts), left out of reply-all.
pub fn respond(original: &Original, kind: ReplyKind, identity: &Identity, own: &[String]) -> Draft {
    let _ = (original, kind, identity, own);
    Draft::default()
}

/// Builds the message. `now` is seconds since the epoch (Date header).
pub fn build(draft: &Draft, identity: &Identity, now: i64) -> Result<Built, TernError> {
    let _ = (draft, identity, now);
    Err(TernError::new(
        ErrorKind::Message,
        "Building messages is not available yet.",
    ))
}
