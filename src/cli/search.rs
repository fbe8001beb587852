//! `tern search QUERY [--account NAME] [--folder F] [--limit N] [--json]`: the window's
//! search grammar over the cache (issue 11 item 6). Rows carry the fields of `tern list`
//! plus folder, account and source (always "local" here: the cache answered).

use serde_json::json;

use super::sync::selected_accounts;
use crate::config::{Config, Paths};
use crate::core::{ErrorKind, Flags, MessageId, TernError, parse_query};
use crate::store::{SearchHit, SearchScope, Store};

/// The scopes the options name: a folder of each selected account, the selected
/// accounts, or everything.
fn scopes(
    store: &Store,
    config: &Config,
    account: Option<&str>,
    folder: Option<&str>,
) -> Result<Vec<SearchScope>, TernError> {
    let mut out = Vec::new();
    for a in selected_accounts(config, account)? {
        let Some(id) = store.account_id(&a.name)? else {
            continue;
        };
        match folder {
            Some(name) => {
                if let Some(f) = store.find_folder(id, name)? {
                    out.push(SearchScope {
                        account: Some(id),
                        folder: Some(f.id),
                    });
                }
            }
            None => out.push(SearchScope {
                account: Some(id),
                folder: None,
            }),
        }
    }
    if out.is_empty()
        && let Some(name) = folder
    {
        return Err(TernError::new(
            ErrorKind::NotFound,
            format!("No cached folder is called `{name}`. See `tern folders`, or run `tern sync` first."),
        ));
    }
    Ok(out)
}

pub fn search(
    paths: &Paths,
    config: &Config,
    query: &str,
    account: Option<&str>,
    folder: Option<&str>,
    limit: u32,
    json: bool,
) -> Result<String, TernError> {
    let query = parse_query(query)?;
    // Catch the index up first (sync leaves indexing for later), so search never misses
    // cached mail.
    Store::open(&paths.cache_db())?.index_all_pending()?;
    let store = Store::open_reader(&paths.cache_db())?;
    let mut ids: Vec<MessageId> = Vec::new();
    for scope in scopes(&store, config, account, folder)? {
        ids.extend(store.search_ids(&query, scope, Some(limit))?);
    }
    let mut hits = store.search_hits(&ids)?;
    hits.sort_by_key(|h| std::cmp::Reverse((h.summary.date, h.summary.id.0)));
    hits.truncate(limit as usize);
    if json {
        let list: Vec<_> = hits.iter().map(hit_json).collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    if hits.is_empty() {
        return Ok("Nothing found.\n".into());
    }
    Ok(hits.iter().map(hit_line).collect())
}

fn hit_json(h: &SearchHit) -> serde_json::Value {
    let m = &h.summary;
    json!({
        "id": m.id, "uid": m.uid, "date": m.date,
        "from": if m.from_name.is_empty() { m.from_addr.clone() } else { format!("{} <{}>", m.from_name, m.from_addr) },
        "subject": m.subject,
        "flags": Flags(m.flags).imap_names(),
        "size": m.size, "has_attachments": m.has_attachments,
        "folder": h.folder, "account": h.account, "source": "local",
    })
}

fn hit_line(h: &SearchHit) -> String {
    let m = &h.summary;
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
    format!(
        "{}\t{unread}\t{}\t{}\t{}\t{}\t{}\tlocal\n",
        m.id,
        m.date,
        crate::mime::display_safe(from),
        crate::mime::display_safe(&m.subject),
        crate::mime::display_safe(&h.folder),
        crate::mime::display_safe(&h.account),
    )
}
