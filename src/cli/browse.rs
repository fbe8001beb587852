//! `tern folders` and `tern list FOLDER`: read the cache, never the network.

use serde_json::json;

use super::sync::selected_accounts;
use crate::config::{Config, Paths};
use crate::core::{ErrorKind, Flags, TernError};
use crate::store::Store;

fn open_cache(paths: &Paths) -> Result<Store, TernError> {
    // The writer creates and migrates the file on first use; reading needs it to exist.
    drop(Store::open(&paths.cache_db())?);
    Store::open_reader(&paths.cache_db())
}

pub fn folders(paths: &Paths, config: &Config, json: bool) -> Result<String, TernError> {
    let store = open_cache(paths)?;
    let mut rows = Vec::new();
    for account in selected_accounts(config, None)? {
        let Some(id) = store.account_id(&account.name)? else {
            continue;
        };
        for f in store.folders(id)? {
            rows.push((account.name.clone(), f));
        }
    }
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|(a, f)| {
                json!({"account": a, "path": f.path, "role": f.role.as_str(), "total": f.total, "unread": f.unread})
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    if rows.is_empty() {
        return Ok("No folders cached yet. Run `tern sync` first.\n".into());
    }
    let mut out = String::new();
    for (a, f) in rows {
        out.push_str(&format!(
            "{a}\t{}\t{}\t{}\t{}\n",
            f.path,
            f.role.as_str(),
            f.total,
            f.unread
        ));
    }
    Ok(out)
}

pub fn list(
    paths: &Paths,
    config: &Config,
    folder: &str,
    account: Option<&str>,
    limit: u32,
    json: bool,
) -> Result<String, TernError> {
    let store = open_cache(paths)?;
    let mut found = None;
    for a in selected_accounts(config, account)? {
        if let Some(id) = store.account_id(&a.name)?
            && let Some(f) = store.find_folder(id, folder)?
        {
            found = Some(f);
            break;
        }
    }
    let folder_row = found.ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            format!("No cached folder is called `{folder}`. See `tern folders`, or run `tern sync` first."),
        )
    })?;
    let messages = store.list_messages(folder_row.id, 0, limit)?;
    if json {
        let list: Vec<_> = messages
            .iter()
            .map(|m| {
                json!({
                    "id": m.id, "uid": m.uid, "date": m.date,
                    "from": if m.from_name.is_empty() { m.from_addr.clone() } else { format!("{} <{}>", m.from_name, m.from_addr) },
                    "subject": m.subject,
                    "flags": Flags(m.flags).imap_names(),
                    "size": m.size, "has_attachments": m.has_attachments,
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    let mut out = String::new();
    for m in messages {
        let (unread, from) = super::browse::unread_mark_and_sender(&m);
        out.push_str(&format!(
            "{}\t{unread}\t{}\t{}\t{}\n",
            m.id,
            m.date,
            crate::mime::display_safe(from),
            crate::mime::display_safe(&m.subject)
        ));
    }
    Ok(out)
}

/// A list line's unread mark ('*' unread, ' ' read) and the sender as shown: the name,
/// or the address when there is none (`tern list`, `search`, `thread`).
pub(super) fn unread_mark_and_sender(m: &crate::store::MessageSummary) -> (char, &str) {
    let unread = if Flags(m.flags).contains(Flags::SEEN) {
        ' '
    } else {
        '*'
    };
    let from = if m.from_name.is_empty() {
        &m.from_addr
    } else {
        &m.from_name
    };
    (unread, from)
}
