//! Writing mail: the plain data a composer, the outbox and the CLI share (issue "Write
//! mail"). No I/O here: building bytes lives in `crate::compose`, sending in
//! `crate::smtp`, durable rows in `crate::store`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A draft kept in the user database (`user.sqlite3`, synchronous=FULL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DraftId(pub i64);

/// A message in the outbox (user database), from Send until its Sent copy is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OutboxId(pub i64);

/// How a draft relates to the message it answers or forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReplyKind {
    Reply,
    ReplyAll,
    Forward,
}

/// Where a message lives on the server, stable across cache rebuilds (names, not row
/// ids): used to flag the original after a reply and to fetch forwarded parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServerRef {
    /// Folder's server name (modified UTF-7), as in the cache's `folder.raw_name`.
    pub folder: String,
    pub uidvalidity: u32,
    pub uid: u32,
    /// Message-ID without angle brackets, to find it again after a UIDVALIDITY change.
    pub message_id: String,
}

/// A file to attach.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DraftAttachment {
    /// A file on disk, read when the message is built.
    File { path: PathBuf, name: String, size: u64 },
    /// A part of a message on the server (forwarding), fetched with partial fetches
    /// when the message is sent.
    Part {
        message: ServerRef,
        /// IMAP section ("2", "1.3").
        section: String,
        name: String,
        mime_type: String,
        /// Transfer encoding as in BODYSTRUCTURE ("base64", ...).
        encoding: String,
        /// Encoded size on the server, in octets.
        size: u64,
    },
}

impl DraftAttachment {
    pub fn name(&self) -> &str {
        match self {
            DraftAttachment::File { name, .. } | DraftAttachment::Part { name, .. } => name,
        }
    }
}

/// What the user is writing. Addresses are kept as typed ("Ann <ann@example.org>",
/// "bob@example.org"); `crate::compose` parses them when building.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Set once the draft has a row in the user database.
    #[serde(default)]
    pub id: Option<DraftId>,
    /// The sending account's name (accounts.toml).
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default)]
    pub bcc: Vec<String>,
    #[serde(default)]
    pub subject: String,
    /// Plain text, signature included.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<DraftAttachment>,
    /// Message-ID (no brackets) of the message answered.
    #[serde(default)]
    pub in_reply_to: Option<String>,
    /// Message-IDs (no brackets), oldest first.
    #[serde(default)]
    pub references: Vec<String>,
    /// The message answered or forwarded, flagged \Answered / $Forwarded once sent.
    #[serde(default)]
    pub origin: Option<(ServerRef, ReplyKind)>,
    /// The newest copy of this draft in the server's Drafts folder, replaced on the
    /// next save and removed on send.
    #[serde(default)]
    pub server_copy: Option<ServerRef>,
}

/// Where an outgoing message stands. queued -> sending -> sent -> filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxState {
    /// Bytes stored; waiting for the account to be online.
    Queued,
    /// Handed to the SMTP server; after a crash in this state Tern must find out
    /// whether it went out before sending again.
    Sending,
    /// The server accepted it (250 after DATA); the Sent copy is not filed yet.
    Sent,
    /// Sent and its copy filed (or no copy needed): done.
    Filed,
    /// Needs the user: a permanent error, or an unresolved crash in `Sending`.
    Held,
}

/// One row of the outbox, for the status line, the outbox view and `tern outbox`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: OutboxId,
    pub account: String,
    pub subject: String,
    /// Message-ID without brackets.
    pub message_id: String,
    pub state: OutboxState,
    /// The last error, in plain words ("" when none).
    pub error: String,
    /// The same error as a Fluent message, for the window (None for older rows).
    #[serde(skip)]
    pub error_text: Option<crate::core::Text>,
    pub created_ms: i64,
}
