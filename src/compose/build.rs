//! Draft -> the exact RFC 5322 bytes that are sent and filed in Sent.
//!
//! Built with lettre's message builder rather than mail-builder: lettre is the crate
//! that also sends (one dependency for building and SMTP, kept on rustls + ring), and
//! its builder already does what RFC 2045-2049 ask: encoded words for non-ASCII
//! headers, folding, RFC 2231 file names, base64 and quoted-printable bodies, and it
//! leaves Bcc out of the bytes.

use std::time::{Duration, UNIX_EPOCH};

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, Mailbox, Message, MultiPart, SinglePart};

use super::address::{domain_of, parse_mailboxes};
use super::{Built, Identity};
use crate::core::{Draft, DraftAttachment, ErrorKind, TernError, Text};

fn message_error(what: impl std::fmt::Display) -> TernError {
    TernError::new(
        ErrorKind::Message,
        format!("Tern could not build this message ({what}). Check the addresses and try again."),
    )
    .with_text(Text::new("err-build-failed"))
}

/// A fresh Message-ID (no brackets) on the account's domain: time + 64 random bits.
pub fn new_message_id(identity: &Identity, now: i64) -> String {
    format!(
        "{now}.{:016x}.tern@{}",
        rand::random::<u64>(),
        domain_of(&identity.email)
    )
}

/// Builds the message; `read` gives an attachment's decoded bytes (a file from disk,
/// or a part fetched from the server).
pub fn build_with(
    draft: &Draft,
    identity: &Identity,
    now: i64,
    read: &mut dyn FnMut(&DraftAttachment) -> Result<Vec<u8>, TernError>,
) -> Result<Built, TernError> {
    build_with_id(draft, identity, now, &new_message_id(identity, now), read)
}

/// As `build_with`, with a given Message-ID (no brackets).
pub fn build_with_id(
    draft: &Draft,
    identity: &Identity,
    now: i64,
    message_id: &str,
    read: &mut dyn FnMut(&DraftAttachment) -> Result<Vec<u8>, TernError>,
) -> Result<Built, TernError> {
    build_inner(draft, identity, now, message_id, read, false)
}

/// The copy of a draft for the server's Drafts folder: Bcc stays in the bytes (so the
/// draft reopens with it) and no recipient is needed yet. Never sent as is.
pub fn build_draft_copy(
    draft: &Draft,
    identity: &Identity,
    now: i64,
    message_id: &str,
    read: &mut dyn FnMut(&DraftAttachment) -> Result<Vec<u8>, TernError>,
) -> Result<Built, TernError> {
    build_inner(draft, identity, now, message_id, read, true)
}

fn build_inner(
    draft: &Draft,
    identity: &Identity,
    now: i64,
    message_id: &str,
    read: &mut dyn FnMut(&DraftAttachment) -> Result<Vec<u8>, TernError>,
    draft_copy: bool,
) -> Result<Built, TernError> {
    let address = identity.email.parse().map_err(|_| {
        TernError::new(
            ErrorKind::Config,
            format!(
                "The account's address \"{}\" is not a valid email address. Correct it in Settings.",
                identity.email
            ),
        )
        .with_text(Text::new("err-own-address-invalid").arg("who", identity.email.clone()))
    })?;
    let from = Mailbox::new(
        (!identity.name.trim().is_empty()).then(|| identity.name.trim().to_string()),
        address,
    );
    let to = parse_mailboxes(&draft.to)?;
    let cc = parse_mailboxes(&draft.cc)?;
    let bcc = parse_mailboxes(&draft.bcc)?;
    let mut recipients: Vec<String> = Vec::new();
    for m in to.iter().chain(&cc).chain(&bcc) {
        let a = m.email.to_string();
        if !recipients.iter().any(|r| r.eq_ignore_ascii_case(&a)) {
            recipients.push(a);
        }
    }
    if recipients.is_empty() && !draft_copy {
        return Err(TernError::new(
            ErrorKind::Message,
            "This message has no recipient. Add an address in To, Cc or Bcc.",
        )
        .with_text(Text::new("err-no-recipient")));
    }
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(draft.subject.clone())
        .date(UNIX_EPOCH + Duration::from_secs(now.max(0) as u64))
        .message_id(Some(format!("<{message_id}>")))
        .user_agent("Tern".to_string());
    for m in to {
        builder = builder.to(m);
    }
    for m in cc {
        builder = builder.cc(m);
    }
    for m in bcc {
        builder = builder.bcc(m);
    }
    if draft_copy {
        // lettre needs an envelope; a draft copy is only stored, never sent.
        let me = from.email.clone();
        let envelope = lettre::address::Envelope::new(Some(me.clone()), vec![me]).map_err(message_error)?;
        builder = builder.keep_bcc().envelope(envelope);
    }
    if let Some(parent) = draft.in_reply_to.as_deref().filter(|p| !p.is_empty()) {
        builder = builder.in_reply_to(format!("<{parent}>"));
    }
    if !draft.references.is_empty() {
        let refs: Vec<String> = draft.references.iter().map(|r| format!("<{r}>")).collect();
        builder = builder.references(refs.join(" "));
    }
    let text = text_part(&draft.body);
    let message = if draft.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut mixed = MultiPart::mixed().singlepart(text);
        for a in &draft.attachments {
            let bytes = read(a)?;
            let mime = match a {
                DraftAttachment::Part { mime_type, .. } if !mime_type.is_empty() => mime_type.clone(),
                _ => mime_type_for(a.name()).to_string(),
            };
            let content_type = ContentType::parse(&mime)
                .or_else(|_| ContentType::parse("application/octet-stream"))
                .map_err(message_error)?;
            let body = Body::new_with_encoding(bytes, ContentTransferEncoding::Base64)
                .map_err(|_| message_error("an attachment could not be encoded"))?;
            mixed = mixed.singlepart(Attachment::new(a.name().to_string()).body(body, content_type));
        }
        builder.multipart(mixed)
    }
    .map_err(message_error)?;
    Ok(Built {
        bytes: message.formatted(),
        message_id: message_id.to_string(),
        from: from.email.to_string(),
        recipients,
    })
}

/// UTF-8 text: 7bit when it is plain ASCII with short lines, else quoted-printable
/// (safe through every server, whether it offers 8BITMIME or not).
fn text_part(text: &str) -> SinglePart {
    let plain = text.is_ascii() && text.lines().all(|l| l.len() <= 76);
    let encoding = if plain {
        ContentTransferEncoding::SevenBit
    } else {
        ContentTransferEncoding::QuotedPrintable
    };
    let body =
        Body::new_with_encoding(text.to_string(), encoding).unwrap_or_else(|_| Body::new(text.to_string()));
    SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body)
}

/// The content type for a file name's extension (application/octet-stream if unknown).
pub fn mime_type_for(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "json" => "application/json",
        "xml" => "application/xml",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "ics" => "text/calendar",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "md" => "text/markdown",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}
