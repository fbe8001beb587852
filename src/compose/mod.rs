//! Draft -> exact RFC 5322 bytes, and the reply / forward rules (issue "Write mail").
//! No network I/O: `build` reads attached files from disk; `build_with` takes a reader
//! for attachment bytes (the outbox fetches forwarded parts from the server with it).

mod address;
mod build;
mod reply;

pub use address::{
    address_key, bare_address, dedup_addresses, domain_of, forward_subject, parse_mailboxes, reply_subject,
    split_entries, strip_prefixes,
};
pub use build::{build_draft_copy, build_with, build_with_id, mime_type_for, new_message_id};
pub use reply::{MAX_REFERENCES, Wording, format_date, quote, references, respond_with};

use crate::core::{Draft, DraftAttachment, ErrorKind, ReplyKind, ServerRef, TernError, Text};

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
/// The texts (attribution line, forward header) are English: use `respond_with` and a
/// translated `Wording` in the window.
pub fn respond(original: &Original, kind: ReplyKind, identity: &Identity, own: &[String]) -> Draft {
    respond_with(original, kind, identity, own, &Wording::default())
}

/// Builds the message. `now` is seconds since the epoch (Date header). Attached files
/// are read from disk; parts of server messages (forwards) need `build_with`.
pub fn build(draft: &Draft, identity: &Identity, now: i64) -> Result<Built, TernError> {
    build_with(draft, identity, now, &mut read_file_attachment)
}

/// Reads a `DraftAttachment::File`; refuses a server part (those are fetched by the
/// outbox when the message is sent).
pub fn read_file_attachment(a: &DraftAttachment) -> Result<Vec<u8>, TernError> {
    match a {
        DraftAttachment::File { path, name, .. } => std::fs::read(path).map_err(|e| {
            TernError::new(
                ErrorKind::Filesystem,
                format!(
                    "The attachment \"{name}\" could not be read from {} ({e}). Attach it again or remove it.",
                    path.display()
                ),
            )
            .with_text(Text::new("err-attachment-unreadable").arg("name", name.clone())
            )
        }),
        DraftAttachment::Part { name, .. } => Err(TernError::new(
            ErrorKind::Message,
            format!("The forwarded attachment \"{name}\" is fetched from the server when the message is sent."),
        )
        .with_text(Text::new("err-forward-part-later").arg("name", name.clone()))),
    }
}

#[cfg(test)]
mod tests;
