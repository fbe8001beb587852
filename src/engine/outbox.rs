//! Drafts and the outbox as the window and the CLI use them: durable rows in the user
//! database first, then the account worker sends (issue "Write mail"; the sending
//! itself and the crash rule are in `super::send`). `cache` is the cache database path
//! (the user database lives beside it, `store::user_db_path`).

use std::path::Path;

use crate::compose::{Identity, Original, build_with_id, new_message_id, read_file_attachment};
use crate::config::AccountConfig;
use crate::core::{
    Draft, DraftAttachment, DraftId, ErrorKind, MessageId, OutboxEntry, OutboxId, OutboxState, ServerRef,
    TernError, Text,
};
use crate::store::{NewOutbox, Store};

/// Who sends for `account` (From and the envelope sender).
pub fn identity_of(account: &AccountConfig) -> Identity {
    Identity {
        name: account.display_name.clone(),
        email: account.email.clone(),
    }
}

pub(crate) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn draft_json(draft: &Draft) -> String {
    serde_json::to_string(draft).unwrap_or_else(|_| "{}".into())
}

fn no_smtp(account: &AccountConfig) -> TernError {
    TernError::new(
        ErrorKind::Config,
        format!(
            "Account `{}` has no sending server. Add its SMTP settings (an [account.smtp] table) first.",
            account.name
        ),
    )
    .with_text(Text::new("err-no-smtp").arg("account", account.name.clone()))
}

/// Builds the draft's exact bytes and writes them to the outbox (synchronous=FULL)
/// before any network I/O; removes the local draft. Then poke the worker with
/// `Command::SendOutbox`. A forward's attachments on the server are fetched when the
/// message is sent: until then the row holds the draft and its fixed Message-ID.
pub fn queue(cache: &Path, account: &AccountConfig, draft: &Draft) -> Result<OutboxId, TernError> {
    if account.smtp.is_none() {
        return Err(no_smtp(account));
    }
    let identity = identity_of(account);
    let now = now_secs();
    let message_id = new_message_id(&identity, now);
    let has_parts = draft
        .attachments
        .iter()
        .any(|a| matches!(a, DraftAttachment::Part { .. }));
    // With server parts: a trial build checks the addresses and gives the recipients.
    let mut reader = |a: &DraftAttachment| match a {
        DraftAttachment::Part { .. } => Ok(Vec::new()),
        file => read_file_attachment(file),
    };
    let built = build_with_id(draft, &identity, now, &message_id, &mut reader)?;
    let mut stored = draft.clone();
    stored.account = account.name.clone();
    crate::smtp::pause::block_at("before-outbox");
    let store = Store::open(cache)?;
    let id = store.outbox_insert(&NewOutbox {
        account: account.name.clone(),
        subject: draft.subject.clone(),
        message_id: built.message_id.clone(),
        sender: built.from.clone(),
        recipients: built.recipients.clone(),
        bytes: if has_parts { Vec::new() } else { built.bytes },
        draft: draft_json(&stored),
    })?;
    crate::smtp::pause::block_at("after-outbox");
    if let Some(d) = draft.id {
        store.delete_draft(d)?;
    }
    Ok(id)
}

/// The outbox, oldest first (all accounts).
pub fn entries(cache: &Path) -> Result<Vec<OutboxEntry>, TernError> {
    Store::open(cache)?.outbox_entries()
}

/// Cancels a message that has not started sending (queued, or held for the user); it
/// becomes a local draft again.
pub fn cancel(cache: &Path, id: OutboxId) -> Result<Option<DraftId>, TernError> {
    let store = Store::open(cache)?;
    let Some(json) = store.outbox_take_back(id)? else {
        return Ok(None);
    };
    let mut draft: Draft = serde_json::from_str(&json).unwrap_or_default();
    draft.id = None;
    // Saved as an open draft: the composer shows it again (and so does the next start).
    let new_id = store.save_draft(&draft, now_secs() * 1000)?;
    Ok(Some(new_id))
}

/// "Send again" for a held message (the user checked it did not go out): queued again.
pub fn send_again(cache: &Path, id: OutboxId) -> Result<bool, TernError> {
    Store::open(cache)?.outbox_transition(id, OutboxState::Held, OutboxState::Queued)
}

/// What the composer needs to answer or forward a cached message (its body must be
/// cached: fetch it first with `Command::FetchBody`).
pub fn original(cache: &Path, id: MessageId) -> Result<Original, TernError> {
    let store = Store::open(cache)?;
    let loc = store.message_location(id)?.ok_or_else(|| {
        TernError::new(ErrorKind::NotFound, "The message is no longer in the cache.")
            .with_text(Text::new("err-message-gone"))
    })?;
    let raw = store.body(id)?.ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            "The message has not been downloaded yet. Open it first, then reply or forward.",
        )
        .with_text(Text::new("err-not-downloaded"))
    })?;
    let tree = super::body::tree_of(&loc)?;
    let view = super::body::view_of(&raw, &tree)?;
    let server = ServerRef {
        folder: loc.folder_raw_name.clone(),
        uidvalidity: loc.uidvalidity,
        uid: loc.uid,
        message_id: loc.message_id.clone(),
    };
    let parts = super::download::attachment_parts(&loc)?;
    let attachments = parts
        .iter()
        .map(|p| DraftAttachment::Part {
            message: server.clone(),
            section: p.section.clone(),
            name: p
                .name
                .clone()
                .unwrap_or_else(|| super::download::safe_name_for(p)),
            mime_type: p.mime_type.clone(),
            encoding: p.encoding.clone(),
            size: u64::from(p.size),
        })
        .collect();
    let header = mail_parser::MessageParser::default().parse_headers(&raw[..]);
    let references = header
        .as_ref()
        .and_then(|m| {
            m.references()
                .as_text_list()
                .map(|l| l.iter().map(|s| s.to_string()).collect())
        })
        .unwrap_or_default();
    let list = |a: &[crate::mime::Address]| a.iter().map(|x| x.display()).collect::<Vec<_>>();
    Ok(Original {
        server,
        from: view.from.first().map(|a| a.display()).unwrap_or_default(),
        reply_to: list(&view.reply_to),
        to: list(&view.to),
        cc: list(&view.cc),
        subject: view.subject.clone(),
        date: view.timestamp.unwrap_or(0),
        message_id: view.message_id.clone().unwrap_or(loc.message_id),
        references,
        text: view.text(),
        attachments,
    })
}

/// A draft from a message in the server's Drafts folder (also one written by another
/// client), to reopen it in the composer. Its body must be cached (`FetchBody`); its
/// attachments become server parts, fetched when it is sent. The server copy is
/// remembered, so the next save replaces it and sending removes it.
pub fn draft_from_message(cache: &Path, id: MessageId) -> Result<Draft, TernError> {
    let o = original(cache, id)?;
    let store = Store::open(cache)?;
    let account = store
        .message_location(id)?
        .map(|l| l.account_name)
        .unwrap_or_default();
    let raw = store.body(id)?.unwrap_or_default();
    let header = mail_parser::MessageParser::default().parse_headers(&raw[..]);
    let bcc = header
        .as_ref()
        .and_then(|m| m.bcc())
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    let email = x.address()?;
                    Some(match x.name() {
                        Some(n) if !n.is_empty() => format!("{n} <{email}>"),
                        _ => email.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let in_reply_to = header
        .as_ref()
        .and_then(|m| m.in_reply_to().as_text().map(str::to_string));
    Ok(Draft {
        id: None,
        account,
        to: o.to,
        cc: o.cc,
        bcc,
        subject: o.subject,
        body: o.text,
        attachments: o.attachments,
        in_reply_to,
        references: o.references,
        origin: None,
        server_copy: Some(o.server),
    })
}
