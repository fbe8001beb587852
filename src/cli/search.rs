//! `tern search QUERY [--account NAME] [--folder F] [--limit N] [--json]`: the window's
//! search grammar over the cache (issue 11 item 6). Rows carry the fields of `tern list`
//! plus folder, account and source: "local" (the cache) or, with --server, "server"
//! (the server's UID SEARCH found it and its text is not cached yet).

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

/// Asks each account's server (`UID SEARCH`, as the window's workers do) for messages
/// in scope whose text is not cached; returns their ids. A server that cannot be
/// reached is reported on stderr.
fn server_hits(
    paths: &Paths,
    config: &Config,
    query: &crate::core::SearchQuery,
    scopes: &[SearchScope],
) -> Result<Vec<MessageId>, TernError> {
    let rt = super::sync::runtime()?;
    let tuning = crate::engine::Tuning::default();
    // A writer: UIDs the cache does not hold yet have their folder synced first.
    let mut store = Store::open(&paths.cache_db())?;
    let mut found = Vec::new();
    for scope in scopes {
        let Some(account_id) = scope.account else { continue };
        let Some((name, _)) = store.accounts()?.into_iter().find(|(_, id)| *id == account_id) else {
            continue;
        };
        let Some(account) = config.account(&name) else {
            continue;
        };
        let folders = crate::engine::folders_to_search(&store, account_id, scope.folder, query)?;
        let asked: Result<Vec<MessageId>, TernError> = rt.block_on(async {
            let mut conn =
                crate::engine::open_connection(account, &crate::config::KeyringStore, &tuning.timeouts)
                    .await?;
            let mut quiet = |_| {};
            let ids = crate::engine::search_on_server(
                &mut conn,
                &mut store,
                &folders,
                query,
                tuning.sync,
                &mut quiet,
            )
            .await?;
            conn.logout().await;
            Ok(ids)
        });
        match asked {
            Ok(ids) => found.extend(ids),
            Err(e) => eprintln!("{name}: the server could not be searched: {e}"),
        }
    }
    Ok(found)
}

#[allow(clippy::too_many_arguments)]
pub fn search(
    paths: &Paths,
    config: &Config,
    query: &str,
    account: Option<&str>,
    folder: Option<&str>,
    limit: u32,
    server: bool,
    json: bool,
) -> Result<String, TernError> {
    let query = parse_query(query)?;
    // Catch the index up first (sync leaves indexing for later), so search never misses
    // cached mail.
    Store::open(&paths.cache_db())?.index_all_pending()?;
    let store = Store::open_reader(&paths.cache_db())?;
    let scopes = scopes(&store, config, account, folder)?;
    let mut ids: Vec<MessageId> = Vec::new();
    for scope in &scopes {
        ids.extend(store.search_ids(&query, *scope, Some(limit))?);
    }
    let local: std::collections::BTreeSet<MessageId> = ids.iter().copied().collect();
    let mut from_server = std::collections::BTreeSet::new();
    if server {
        for id in server_hits(paths, config, &query, &scopes)? {
            if !local.contains(&id) {
                from_server.insert(id);
                ids.push(id);
            }
        }
    }
    let mut hits = store.search_hits(&ids)?;
    // The server cannot check attachments: the cache's part tree does.
    hits.retain(|h| !query.has_attachment || h.summary.has_attachments);
    hits.sort_by_key(|h| std::cmp::Reverse((h.summary.date, h.summary.id.0)));
    hits.truncate(limit as usize);
    let source = |h: &SearchHit| {
        if from_server.contains(&h.summary.id) {
            "server"
        } else {
            "local"
        }
    };
    if json {
        let list: Vec<_> = hits.iter().map(|h| hit_json(h, source(h))).collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    if hits.is_empty() {
        return Ok("Nothing found.\n".into());
    }
    Ok(hits.iter().map(|h| hit_line(h, source(h))).collect())
}

fn hit_json(h: &SearchHit, source: &str) -> serde_json::Value {
    let m = &h.summary;
    json!({
        "id": m.id, "uid": m.uid, "date": m.date,
        "from": if m.from_name.is_empty() { m.from_addr.clone() } else { format!("{} <{}>", m.from_name, m.from_addr) },
        "subject": m.subject,
        "flags": Flags(m.flags).imap_names(),
        "size": m.size, "has_attachments": m.has_attachments,
        "folder": h.folder, "account": h.account, "source": source,
    })
}

fn hit_line(h: &SearchHit, source: &str) -> String {
    let m = &h.summary;
    let (unread, from) = super::browse::unread_mark_and_sender(m);
    format!(
        "{}\t{unread}\t{}\t{}\t{}\t{}\t{}\t{source}\n",
        m.id,
        m.date,
        crate::mime::display_safe(from),
        crate::mime::display_safe(&m.subject),
        crate::mime::display_safe(&h.folder),
        crate::mime::display_safe(&h.account),
    )
}
