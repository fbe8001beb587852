//! Sending the outbox, filing Sent copies and keeping drafts on the server: what the
//! account worker (and `tern send`) does with the rows `super::outbox` writes.
//!
//! Order: rows go out in id order; a transient failure (server unreachable, 4xx) stops
//! the run so later messages never overtake earlier ones. States: queued -> sending
//! (written before the first byte goes to the server) -> sent (after the server's 250)
//! -> filed (Sent copy stored, original flagged, draft copy removed).
//!
//! One process at a time sends an account's outbox (`Store::lock_send`, an OS file
//! lock released when the process dies), so a row found in `sending` by the lock's
//! holder was left by an interrupted run. The rule for such a row:
//! 1. Look for its Message-ID in the Sent folder (`UID SEARCH HEADER Message-ID`),
//!    where servers that file sent mail themselves put it (Gmail) and where Tern puts
//!    its copy. Found: it went out; the row becomes `filed`.
//! 2. Not found: Tern cannot know whether the server accepted it (the crash may have
//!    come after the server's 250 and before Tern wrote `sent`). It is never sent again
//!    on its own and never dropped: the row becomes `held` with a plain question for
//!    the user, who can send it again (`send_again`) or delete it (`cancel`).
//!
//! The same holds for a send whose connection died after the whole message was
//! written (no answer to DATA): `held`, not retried. A row in `sent` only needs its
//! Sent copy: the folder is searched first so a crash during APPEND never files twice.

use std::collections::HashMap;

use super::account_sync::is_connection_error;
use super::drafts::load_in;
use super::outbox::{identity_of, now_secs};
use super::worker::Session;
use crate::compose::{build_draft_copy, build_with_id, new_message_id, read_file_attachment};
use crate::config::{AccountConfig, ImapAuth, SecretStore, smtp_password_for};
use crate::core::{
    AccountEvent, Draft, DraftAttachment, DraftId, ErrorKind, OutboxState, ReplyKind, ServerRef, TernError,
    Text,
};
use crate::imap::{CHUNK, Connection, Timeouts};
use crate::mime::StreamDecoder;
use crate::smtp::{SmtpEndpoint, SmtpSession, SmtpTimeouts, Stage, pause};
use crate::store::{FolderRole, OutboxRow, Store};

/// The question a held message asks (shown in the outbox and by `tern outbox`).
/// The error's own sentence for nesting in another: its Fluent form, or its English words.
fn super_text(e: &TernError) -> Text {
    e.text
        .clone()
        .unwrap_or_else(|| Text::new("err-said").arg("said", e.message.clone()))
}

/// A failure after DATA was sent: it may have gone out.
fn maybe_sent(e: &TernError) -> TernError {
    TernError::new(e.kind, format!("{} {UNSURE}", e.message))
        .with_text(Text::new("err-send-maybe-sent").arg("what", super_text(e)))
}

pub const UNSURE: &str = "Tern was interrupted while sending this message and cannot tell whether it went out. \
     Ask a recipient or look in their reply; then send it again or delete it.";

/// Sends what waits in `account`'s outbox. `conn` (logged in to the account's IMAP
/// server) resolves interrupted sends, fetches forwarded parts and files Sent copies;
/// without it only ready messages go out and their copies are filed on a later run.
/// Errors: only a broken IMAP connection (the caller reconnects); everything else is
/// recorded on the row and reported with `SendFailed`. Returns false when another
/// process (the app, or `tern send`) is sending this account's mail right now.
pub async fn send_outbox<S: SecretStore + Clone + 'static>(
    mut conn: Option<&mut Connection>,
    store: &mut Store,
    account: &AccountConfig,
    secrets: &S,
    emit: &(dyn Fn(AccountEvent) + Sync),
) -> Result<bool, TernError> {
    if account.smtp.is_none() {
        return Ok(true);
    }
    let Some(_lock) = store.lock_send(&account.name)? else {
        return Ok(false);
    };
    let mut smtp: Option<SmtpSession> = None;
    for id in store.outbox_pending(&account.name)? {
        let Some(row) = store.outbox_row(id)? else {
            continue;
        };
        match row.entry.state {
            OutboxState::Sending => {
                if let Some(c) = conn.as_deref_mut() {
                    resolve_interrupted(c, store, account, &row, emit).await?;
                }
                continue;
            }
            OutboxState::Sent => {
                if let Some(c) = conn.as_deref_mut() {
                    finish(c, store, account, &row).await?;
                }
                continue;
            }
            OutboxState::Queued => {}
            OutboxState::Filed | OutboxState::Held => continue,
        }
        let row = if row.bytes.is_empty() {
            let Some(c) = conn.as_deref_mut() else { continue };
            match build_with_parts(c, store, account, &row).await {
                Ok(r) => r,
                Err(e) if is_connection_error(&e) && e.is_transient() => return Err(e),
                Err(e) => {
                    store.outbox_set_state_because(id, OutboxState::Held, &e.message, e.text.as_ref())?;
                    emit(AccountEvent::SendFailed(id, e));
                    continue;
                }
            }
        } else {
            row
        };
        let session = match smtp.as_mut() {
            Some(s) => s,
            None => match open_smtp(account, secrets).await {
                Ok(s) => smtp.insert(s),
                Err(e) => {
                    // Unreachable or a refused password: everything waits (in order).
                    store.outbox_set_state_because(id, OutboxState::Queued, &e.message, e.text.as_ref())?;
                    emit(AccountEvent::SendFailed(id, e));
                    break;
                }
            },
        };
        store.outbox_set_state(id, OutboxState::Sending)?;
        pause::at("before-data").await;
        match session.send(&row.sender, &row.recipients, &row.bytes).await {
            Ok(()) => {
                store.outbox_set_state(id, OutboxState::Sent)?;
                emit(AccountEvent::Sent(id));
                pause::at("after-250").await;
                if let Some(c) = conn.as_deref_mut() {
                    finish(c, store, account, &row).await?;
                }
            }
            Err(f) => {
                // After a failure the SMTP session is in an unknown state: start afresh.
                smtp = None;
                let (state, error) = match f.stage {
                    Stage::MaybeSent => (OutboxState::Held, maybe_sent(&f.error)),
                    Stage::NotSent if f.permanent => (OutboxState::Held, f.error),
                    Stage::NotSent => (OutboxState::Queued, f.error),
                };
                store.outbox_set_state_because(id, state, &error.message, error.text.as_ref())?;
                emit(AccountEvent::SendFailed(id, error));
                if state == OutboxState::Queued {
                    break;
                }
            }
        }
    }
    if let Some(s) = smtp {
        s.quit().await;
    }
    emit(AccountEvent::OutboxChanged {
        waiting: store.outbox_waiting(&account.name)?,
    });
    Ok(true)
}

/// The largest message the account's sending server accepts (its EHLO SIZE), for the
/// composer's size warning; None when the server names no limit. Logs in once.
pub async fn smtp_max_size<S: SecretStore + Clone + 'static>(
    account: &AccountConfig,
    secrets: &S,
) -> Result<Option<u64>, TernError> {
    let session = open_smtp(account, secrets).await?;
    let max = session.max_size();
    session.quit().await;
    Ok(max)
}

async fn open_smtp<S: SecretStore + Clone + 'static>(
    account: &AccountConfig,
    secrets: &S,
) -> Result<SmtpSession, TernError> {
    let endpoint = SmtpEndpoint::from_account(account).ok_or_else(|| {
        TernError::new(ErrorKind::Config, "The account has no sending server.")
            .with_text(Text::new("err-no-smtp").arg("account", account.name.clone()))
    })?;
    if account.imap.auth == ImapAuth::Oauth2 {
        return open_smtp_oauth(account, &endpoint, secrets).await;
    }
    let password = smtp_password_for(account, secrets, Timeouts::default().secret).await?;
    crate::smtp::connect(
        &endpoint,
        account.smtp_login(),
        &password,
        &SmtpTimeouts::default(),
    )
    .await
}

/// Like the IMAP login (`worker::spec`): the cached token, refreshed once if refused.
async fn open_smtp_oauth<S: SecretStore + Clone + 'static>(
    account: &AccountConfig,
    endpoint: &SmtpEndpoint,
    secrets: &S,
) -> Result<SmtpSession, TernError> {
    let mechanism = account.imap.oauth.as_ref().and_then(|o| o.mechanism);
    let mut force_refresh = false;
    loop {
        let (token, origin) =
            crate::auth::access_token(account, secrets, Timeouts::default().secret, force_refresh).await?;
        let credential = crate::auth::Credential::Token {
            token: token.secret(),
            mechanism,
        };
        let login = account.smtp_login();
        match crate::smtp::connect_with(endpoint, login, credential, &SmtpTimeouts::default()).await {
            Err(e) if e.kind == ErrorKind::Auth && origin == crate::auth::Origin::Cache => {
                crate::auth::forget_access_token(&account.name);
                force_refresh = true;
            }
            other => return other,
        }
    }
}

/// A row found in `sending` (see the module docs for the rule).
async fn resolve_interrupted(
    conn: &mut Connection,
    store: &mut Store,
    account: &AccountConfig,
    row: &OutboxRow,
    emit: &(dyn Fn(AccountEvent) + Sync),
) -> Result<(), TernError> {
    let id = row.entry.id;
    if let Some(sent) = folder_with_role(conn, FolderRole::Sent).await? {
        let (_, found) =
            soft(conn.find_by_message_id(&sent, &row.entry.message_id).await)?.unwrap_or_default();
        if !found.is_empty() {
            // It went out (the server filed it, or we did): finish the rest.
            store.outbox_set_state(id, OutboxState::Sent)?;
            return finish(conn, store, account, row).await;
        }
    }
    let unsure = TernError::new(ErrorKind::NeedsConfirmation, UNSURE).with_text(Text::new("err-send-unsure"));
    store.outbox_set_state_because(id, OutboxState::Held, UNSURE, unsure.text.as_ref())?;
    emit(AccountEvent::SendFailed(id, unsure));
    Ok(())
}

/// After the server's 250: the Sent copy, the original's flag, the draft's server copy.
async fn finish(
    conn: &mut Connection,
    store: &mut Store,
    account: &AccountConfig,
    row: &OutboxRow,
) -> Result<(), TernError> {
    let save = account.smtp.as_ref().is_none_or(|s| s.save_sent);
    // Gmail files sent mail itself; a second copy would show twice.
    if save && !conn.has("X-GM-EXT-1") {
        let filed = file_copy(
            conn,
            FolderRole::Sent,
            "Sent",
            "\\Seen",
            &row.entry.message_id,
            &row.bytes,
        )
        .await;
        if let Err(e) = filed {
            if is_connection_error(&e) {
                return Err(e);
            }
            // Sent all the same; the copy is tried again on the next run.
            let text = format!("Sent, but its copy could not be stored in the Sent folder: {e}");
            let said = Text::new("err-sent-copy-failed").arg("what", super_text(&e));
            return store.outbox_set_state_because(row.entry.id, OutboxState::Sent, &text, Some(&said));
        }
    }
    let draft: Draft = serde_json::from_str(&row.draft).unwrap_or_default();
    if let Some((original, kind)) = &draft.origin {
        let flag = if *kind == ReplyKind::Forward {
            "$Forwarded"
        } else {
            "\\Answered"
        };
        soft(flag_message(conn, original, flag).await)?;
    }
    if let Some(copy) = &draft.server_copy {
        soft(remove_copy(conn, copy).await)?;
    }
    store.outbox_set_state(row.entry.id, OutboxState::Filed)
}

/// Keeps connection errors, turns the server's refusals into "nothing" (a missing
/// original or folder must not stop the outbox).
fn soft<T>(r: Result<T, TernError>) -> Result<Option<T>, TernError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_connection_error(&e) => Err(e),
        Err(e) => {
            tracing::debug!("skipped: {e}");
            Ok(None)
        }
    }
}

/// The server name of the folder with `role`, if any.
async fn folder_with_role(conn: &mut Connection, role: FolderRole) -> Result<Option<String>, TernError> {
    Ok(conn
        .list_folders()
        .await?
        .into_iter()
        .find(|f| f.role == role && f.selectable)
        .map(|f| f.raw_name))
}

/// APPENDs `bytes` to the folder with `role` (created as `fallback` if missing) unless
/// a message with this Message-ID is there already; returns (folder, UIDVALIDITY, UID).
async fn file_copy(
    conn: &mut Connection,
    role: FolderRole,
    fallback: &str,
    flags: &str,
    message_id: &str,
    bytes: &[u8],
) -> Result<Option<(String, u32, u32)>, TernError> {
    let folder = match folder_with_role(conn, role).await? {
        Some(f) => f,
        None => {
            conn.create_folder(fallback).await?;
            fallback.to_string()
        }
    };
    let (_, found) = conn.find_by_message_id(&folder, message_id).await?;
    if found.is_empty() {
        pause::at("before-append").await;
        conn.append(&folder, flags, bytes).await?;
        pause::at("after-append").await;
    }
    let (validity, found) = conn.find_by_message_id(&folder, message_id).await?;
    Ok(found.last().map(|uid| (folder, validity, *uid)))
}

/// UIDs of `m` now: by UID while UIDVALIDITY holds, else by Message-ID. Selects its folder.
async fn locate(conn: &mut Connection, m: &ServerRef) -> Result<Vec<u32>, TernError> {
    let (validity, by_id) = conn.find_by_message_id(&m.folder, &m.message_id).await?;
    if validity == m.uidvalidity && m.uid != 0 {
        Ok(conn.existing_uids(&[m.uid]).await?)
    } else {
        Ok(by_id)
    }
}

async fn flag_message(conn: &mut Connection, m: &ServerRef, flag: &str) -> Result<(), TernError> {
    let uids = locate(conn, m).await?;
    conn.add_flags(&uids, &[flag]).await
}

async fn remove_copy(conn: &mut Connection, m: &ServerRef) -> Result<(), TernError> {
    let uids = locate(conn, m).await?;
    conn.remove_uids(&uids).await
}

/// Fetches the forwarded parts (partial fetches of ~1 MiB, transfer-decoded) of a
/// draft; keyed by (folder, uid, section).
async fn fetch_parts(
    conn: &mut Connection,
    draft: &Draft,
) -> Result<HashMap<(String, u32, String), Vec<u8>>, TernError> {
    let mut out = HashMap::new();
    for a in &draft.attachments {
        let DraftAttachment::Part {
            message,
            section,
            encoding,
            name,
            ..
        } = a
        else {
            continue;
        };
        let uids = locate(conn, message).await?;
        let Some(&uid) = uids.first() else {
            return Err(TernError::new(
                ErrorKind::NotFound,
                format!(
                    "The forwarded attachment \"{name}\" is no longer on the server (its message was \
                     moved or deleted). Remove it from the message and send again."
                ),
            )
            .with_text(Text::new("err-forward-part-gone").arg("name", name.clone())));
        };
        let mut decoder = StreamDecoder::for_encoding(encoding);
        let mut data = Vec::new();
        let mut offset = 0u64;
        loop {
            let chunk = conn.fetch_partial(uid, section, offset, CHUNK).await?;
            offset += chunk.len() as u64;
            decoder.feed(&chunk, &mut data);
            if chunk.len() < CHUNK as usize {
                break;
            }
        }
        decoder.finish(&mut data);
        out.insert((message.folder.clone(), message.uid, section.clone()), data);
    }
    Ok(out)
}

/// Builds a draft whose attachments include server parts (`copy`: for Drafts).
async fn build_draft(
    conn: &mut Connection,
    account: &AccountConfig,
    draft: &Draft,
    message_id: &str,
    copy: bool,
) -> Result<crate::compose::Built, TernError> {
    let parts = fetch_parts(conn, draft).await?;
    let mut reader = |a: &DraftAttachment| match a {
        DraftAttachment::Part { message, section, .. } => parts
            .get(&(message.folder.clone(), message.uid, section.clone()))
            .cloned()
            .ok_or_else(|| {
                TernError::new(
                    ErrorKind::NotFound,
                    "A forwarded attachment could not be fetched.",
                )
                .with_text(Text::new("err-forward-part-failed"))
            }),
        file => read_file_attachment(file),
    };
    let build = if copy { build_draft_copy } else { build_with_id };
    build(draft, &identity_of(account), now_secs(), message_id, &mut reader)
}

/// A row queued with forwarded parts: fetch them, build, store the bytes (durably),
/// then it is an ordinary queued row.
async fn build_with_parts(
    conn: &mut Connection,
    store: &mut Store,
    account: &AccountConfig,
    row: &OutboxRow,
) -> Result<OutboxRow, TernError> {
    let draft: Draft = serde_json::from_str(&row.draft).map_err(|_| {
        TernError::new(
            ErrorKind::Store,
            "This outbox message could not be read. Delete it and write it again.",
        )
        .with_text(Text::new("err-outbox-unreadable"))
    })?;
    let built = build_draft(conn, account, &draft, &row.entry.message_id, false).await?;
    store.outbox_set_bytes(row.entry.id, &built.bytes, &built.from, &built.recipients)?;
    Ok(OutboxRow {
        bytes: built.bytes,
        sender: built.from,
        recipients: built.recipients,
        ..row.clone()
    })
}

/// Stores the draft in the server's Drafts folder (\Draft), then removes the previous
/// copy by its UID (UID EXPUNGE of that UID only) and remembers the new one.
pub async fn save_draft_on_server(
    conn: &mut Connection,
    store: &mut Store,
    account: &AccountConfig,
    id: DraftId,
) -> Result<(), TernError> {
    // A draft discarded meanwhile is not stored again.
    let Some(draft) = store.draft_row(id)?.filter(|d| !d.discarded).map(|d| d.draft) else {
        return Ok(());
    };
    let identity = identity_of(account);
    let message_id = new_message_id(&identity, now_secs());
    let built = build_draft(conn, account, &draft, &message_id, true).await?;
    let Some((folder, validity, uid)) = file_copy(
        conn,
        FolderRole::Drafts,
        "Drafts",
        "\\Draft \\Seen",
        &message_id,
        &built.bytes,
    )
    .await?
    else {
        return Err(TernError::new(
            ErrorKind::ServerRefused,
            "The server did not keep the draft. It is still saved on this computer.",
        )
        .with_text(Text::new("err-draft-not-kept")));
    };
    if let Some(old) = &draft.server_copy {
        soft(remove_copy(conn, old).await)?;
    }
    // Kept apart from the text and the `open` mark: a closed draft must not reopen.
    store
        .set_draft_server_copy(
            id,
            Some(&ServerRef {
                folder,
                uidvalidity: validity,
                uid,
                message_id,
            }),
        )
        .map(|_| ())
}

/// Removes a discarded draft's server copy, then the local draft.
pub async fn discard_draft_on_server(
    conn: &mut Connection,
    store: &mut Store,
    id: DraftId,
) -> Result<(), TernError> {
    if let Some(copy) = load_in(store, id)?.and_then(|d| d.server_copy) {
        soft(remove_copy(conn, &copy).await)?;
    }
    store.delete_draft(id)
}

impl Session<'_> {
    fn report(&self, r: Result<(), TernError>) -> Result<(), TernError> {
        match r {
            Err(e) if is_connection_error(&e) && e.is_transient() => Err(e),
            Err(e) => {
                (self.emit)(AccountEvent::Error(e));
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    }

    /// The worker's outbox run (on SendOutbox, and at the start of every pass).
    pub async fn send_outbox(&mut self) -> Result<(), TernError> {
        let r = send_outbox(
            Some(&mut self.conn),
            self.store,
            &self.spec.config,
            &self.spec.secrets,
            self.emit,
        )
        .await;
        self.report(r.map(|_| ()))
    }

    pub async fn save_draft_on_server(&mut self, id: DraftId) -> Result<(), TernError> {
        let r = save_draft_on_server(&mut self.conn, self.store, &self.spec.config, id).await;
        self.report(r)
    }

    pub async fn discard_draft_on_server(&mut self, id: DraftId) -> Result<(), TernError> {
        let r = discard_draft_on_server(&mut self.conn, self.store, id).await;
        self.report(r)
    }
}
