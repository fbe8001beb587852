//! Message-level data that crosses modules: header rows from the server, flag changes,
//! and the MIME part tree (from BODYSTRUCTURE) that lazy downloads work from.

use serde::{Deserialize, Serialize};

/// A header row as fetched from the server, ready to cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewMessage {
    pub uid: u32,
    pub modseq: u64,
    pub flags: u32,
    pub keywords: String,
    pub internal_date: i64,
    pub sent_date: i64,
    pub size: u32,
    pub subject: String,
    pub from_name: String,
    pub from_addr: String,
    /// To and Cc addresses, comma-separated, for display and search.
    pub recipients: String,
    pub message_id: String,
    pub in_reply_to: String,
    pub refs: String,
    pub has_attachments: bool,
    /// `BodyPart` tree as JSON.
    pub bodystructure: String,
}

/// A flag change reported by the server (CHANGEDSINCE, or a full FLAGS fetch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUpdate {
    pub uid: u32,
    pub flags: u32,
    pub keywords: String,
    pub modseq: u64,
}

/// One node of a message's MIME tree, with its IMAP section number (RFC 9051 §6.4.5):
/// "1", "2.1", ...; the root of a non-multipart message is "1", a multipart root "".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyPart {
    pub section: String,
    /// Lower-case "type/subtype".
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// File name from Content-Disposition filename or Content-Type name, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    /// The multipart boundary (multipart nodes only), to rebuild fetched documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
    /// Transfer encoding, lower-case ("base64", "quoted-printable", "7bit" ...).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub encoding: String,
    /// Encoded size in octets as the server reports it.
    #[serde(default)]
    pub size: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BodyPart>,
}

impl BodyPart {
    pub fn is_multipart(&self) -> bool {
        self.mime_type.starts_with("multipart/")
    }

    /// What a person would call an attachment: an explicit attachment disposition, a
    /// named non-text part, or a forwarded message.
    pub fn is_attachment(&self) -> bool {
        if self.is_multipart() {
            return false;
        }
        let disposition = self.disposition.as_deref().unwrap_or("");
        disposition.eq_ignore_ascii_case("attachment")
            || self.mime_type == "message/rfc822"
            || (self.name.is_some()
                && !disposition.eq_ignore_ascii_case("inline")
                && !matches!(self.mime_type.as_str(), "text/plain" | "text/html"))
    }

    /// Every node, depth first.
    pub fn walk(&self) -> Vec<&BodyPart> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }

    /// The node with this section number (multipart roots have "").
    pub fn find(&self, section: &str) -> Option<&BodyPart> {
        // Depth first, so a message/rfc822 part wins over its inner multipart (same number).
        self.walk().into_iter().find(|p| p.section == section)
    }

    /// Decoded size estimate from the encoded octets (base64 carries 3 bytes in 4).
    pub fn decoded_size(&self) -> u64 {
        if self.encoding == "base64" {
            u64::from(self.size) * 3 / 4
        } else {
            u64::from(self.size)
        }
    }

    pub fn has_attachments(&self) -> bool {
        // Recursive rather than `walk()`, which builds a list per node: this runs for
        // every message of a sync.
        self.is_attachment() || self.children.iter().any(BodyPart::has_attachments)
    }
}

/// A BODY[...] section of a message: what the display fetch asks for and what the
/// rebuilt document is made of (`mime::rebuild`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Section {
    /// The message's header (BODY[HEADER]).
    Header,
    /// The MIME header of part N (BODY[N.MIME]).
    Mime(String),
    /// The header of the message inside message/rfc822 part N (BODY[N.HEADER]).
    HeaderOf(String),
    /// The content of part N (BODY[N]).
    Part(String),
}
