//! `tern send` and `tern outbox`: write a message from a script, and see (or act on)
//! what waits to be sent.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::sync::runtime;
use crate::config::{AccountConfig, Config, KeyringStore, Paths};
use crate::core::{AccountEvent, Draft, DraftAttachment, ErrorKind, OutboxId, OutboxState, TernError};
use crate::engine::outbox;
use crate::engine::{Tuning, open_connection, send_outbox};
use crate::store::Store;

/// What `tern send` was asked to send.
#[derive(Debug, Clone, Default)]
pub struct SendArgs {
    pub account: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body_file: Option<PathBuf>,
    pub attach: Vec<PathBuf>,
    pub queue_only: bool,
}

fn sending_account<'a>(config: &'a Config, name: Option<&str>) -> Result<&'a AccountConfig, TernError> {
    if let Some(n) = name {
        return config.account(n).ok_or_else(|| {
            TernError::new(
                ErrorKind::NotFound,
                format!("There is no account named `{n}`. See `tern accounts`."),
            )
        });
    }
    let mut with_smtp = config.accounts.iter().filter(|a| a.smtp.is_some());
    match (with_smtp.next(), with_smtp.next()) {
        (Some(a), None) => Ok(a),
        (Some(_), Some(_)) => Err(TernError::new(
            ErrorKind::Config,
            "Several accounts can send; choose one with --account NAME.",
        )),
        (None, _) => Err(TernError::new(
            ErrorKind::Config,
            "No account has a sending server. Add an [account.smtp] table to accounts.toml.",
        )),
    }
}

fn read_body(file: Option<&Path>) -> Result<String, TernError> {
    let mut text = String::new();
    let result = match file {
        Some(p) => std::fs::File::open(p).and_then(|mut f| f.read_to_string(&mut text)),
        None => std::io::stdin().read_to_string(&mut text),
    };
    result.map_err(|e| {
        TernError::new(
            ErrorKind::Filesystem,
            match file {
                Some(p) => format!("Could not read the message text from {} ({e}).", p.display()),
                None => format!("Could not read the message text from standard input ({e})."),
            },
        )
    })?;
    Ok(text)
}

fn attachment(path: &Path) -> Result<DraftAttachment, TernError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        TernError::new(
            ErrorKind::Filesystem,
            format!("Could not attach {} ({e}).", path.display()),
        )
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".into());
    Ok(DraftAttachment::File {
        path: path.to_path_buf(),
        name,
        size: meta.len(),
    })
}

/// Queues the message, then (unless `queue_only`) sends the account's outbox and files
/// the Sent copy. Prints the Message-ID; fails unless the server accepted the message.
pub fn send(paths: &Paths, config: &Config, args: SendArgs) -> Result<String, TernError> {
    let account = sending_account(config, args.account.as_deref())?;
    let draft = Draft {
        account: account.name.clone(),
        to: args.to,
        cc: args.cc,
        bcc: args.bcc,
        subject: args.subject,
        body: read_body(args.body_file.as_deref())?,
        attachments: args
            .attach
            .iter()
            .map(|p| attachment(p))
            .collect::<Result<_, _>>()?,
        ..Draft::default()
    };
    let cache = paths.cache_db();
    let id = outbox::queue(&cache, account, &draft)?;
    if args.queue_only {
        let row = Store::open(&cache)?.outbox_row(id)?;
        return Ok(format!(
            "{}\n",
            row.map(|r| r.entry.message_id).unwrap_or_default()
        ));
    }
    let rt = runtime()?;
    match rt.block_on(send_now(&cache, account)) {
        Ok(true) => {}
        Ok(false) => {
            // The app is sending this account's mail: it takes this message too (it
            // sends at the start of every pass); wait for it, 2 minutes at most.
            eprintln!("tern: Tern is sending this account's mail in another window; waiting for it");
            wait_for_others(&cache, id)?;
        }
        // The row says what happened to this message (it may have gone out already).
        Err(e) => eprintln!("tern: {}: {e}", account.name),
    }
    let row = Store::open(&cache)?
        .outbox_row(id)?
        .ok_or_else(|| TernError::new(ErrorKind::Store, "The message disappeared from the outbox."))?;
    match row.entry.state {
        OutboxState::Sent | OutboxState::Filed => Ok(format!("{}\n", row.entry.message_id)),
        OutboxState::Queued => Err(TernError::new(
            ErrorKind::Connect,
            format!(
                "Not sent yet: {} It stays in the outbox (`tern outbox`).",
                row.entry.error
            ),
        )),
        _ => Err(TernError::new(
            ErrorKind::ServerRefused,
            format!("Not sent: {} (`tern outbox` shows it.)", row.entry.error),
        )),
    }
}

/// Polls until another process has sent (or failed) row `id`, for at most 2 minutes.
fn wait_for_others(cache: &Path, id: OutboxId) -> Result<(), TernError> {
    let store = Store::open(cache)?;
    for _ in 0..600 {
        match store.outbox_row(id)?.map(|r| r.entry) {
            // Still waiting, and the other process has not failed on it yet.
            Some(e)
                if e.state == OutboxState::Sending
                    || (e.state == OutboxState::Queued && e.error.is_empty()) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(200))
            }
            _ => break,
        }
    }
    Ok(())
}

/// Sends `account`'s outbox once (IMAP too, for Sent copies, when it can be reached).
/// False when another process is sending this account's mail.
async fn send_now(cache: &Path, account: &AccountConfig) -> Result<bool, TernError> {
    let tuning = Tuning::default();
    let mut conn = match open_connection(account, &KeyringStore, &tuning.timeouts).await {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("tern: {}: the Sent copy waits: {e}", account.name);
            None
        }
    };
    let mut store = Store::open(cache)?;
    let emit = |e: AccountEvent| {
        if let AccountEvent::SendFailed(id, err) = e {
            eprintln!("tern: outbox {}: {err}", id.0);
        }
    };
    let result = send_outbox(conn.as_mut(), &mut store, account, &KeyringStore, &emit).await;
    if let Some(c) = conn {
        c.logout().await;
    }
    result
}

/// `tern outbox --send`: runs the outbox of every (or one) account that can send.
pub fn send_waiting(paths: &Paths, config: &Config, account: Option<&str>) -> Result<(), TernError> {
    let accounts: Vec<&AccountConfig> = match account {
        Some(_) => vec![sending_account(config, account)?],
        None => config.accounts.iter().filter(|a| a.smtp.is_some()).collect(),
    };
    let cache = paths.cache_db();
    let rt = runtime()?;
    for a in accounts {
        match rt.block_on(send_now(&cache, a)) {
            Ok(true) => {}
            Ok(false) => eprintln!(
                "tern: {}: another Tern is sending this account's mail right now",
                a.name
            ),
            Err(e) => eprintln!("tern: {}: {e}", a.name),
        }
    }
    Ok(())
}

fn state_word(s: OutboxState) -> &'static str {
    match s {
        OutboxState::Queued => "queued",
        OutboxState::Sending => "sending",
        OutboxState::Sent => "sent",
        OutboxState::Filed => "filed",
        OutboxState::Held => "held",
    }
}

/// `tern outbox [--json] [--retry ID | --cancel ID]`.
pub fn outbox(
    paths: &Paths,
    json: bool,
    retry: Option<i64>,
    cancel: Option<i64>,
) -> Result<String, TernError> {
    let cache = paths.cache_db();
    if let Some(id) = retry {
        return if outbox::send_again(&cache, OutboxId(id))? {
            Ok(format!(
                "{id}: queued again; it goes out with the next sync or `tern send`\n"
            ))
        } else {
            Err(TernError::new(
                ErrorKind::NotFound,
                format!("Outbox message {id} is not held."),
            ))
        };
    }
    if let Some(id) = cancel {
        return match outbox::cancel(&cache, OutboxId(id))? {
            Some(d) => Ok(format!("{id}: cancelled; it is draft {} again\n", d.0)),
            None => Err(TernError::new(
                ErrorKind::NotFound,
                format!("Outbox message {id} cannot be cancelled (it is not queued or held)."),
            )),
        };
    }
    let entries = outbox::entries(&cache)?;
    if json {
        let list: Vec<_> = entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.id.0, "account": e.account, "subject": e.subject, "state": state_word(e.state),
                    "error": e.error, "message_id": e.message_id, "created_ms": e.created_ms,
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    let mut out = String::new();
    for e in &entries {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}",
            e.id.0,
            e.account,
            state_word(e.state),
            e.subject
        ));
        if !e.error.is_empty() {
            out.push_str(&format!("\t{}", e.error));
        }
        out.push('\n');
    }
    if entries.is_empty() {
        out.push_str("The outbox is empty.\n");
    }
    Ok(out)
}
