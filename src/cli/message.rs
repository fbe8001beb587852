//! `tern read ID`, `tern save ID`, `tern open ID`: commands on one
//! cached message. Bodies come from the cache when fetched before (works offline),
//! otherwise from the server, once.

use std::path::{Path, PathBuf};

use super::sync::runtime;
use crate::config::{AccountConfig, Config, KeyringStore, Paths};
use crate::core::{ErrorKind, MessageId, TernError};
use crate::engine::transfer::{Destination, run_to_end, save_attachment};
use crate::engine::{Tuning, attachment_parts, fetch_body, open_connection, tree_of, view_of};
use crate::files::open_with_default_app;
use crate::mime::{MessageView, sanitize_filename};
use crate::store::{MessageLocation, Store};

fn locate(store: &Store, id: i64) -> Result<MessageLocation, TernError> {
    store.message_location(MessageId(id))?.ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            format!("No cached message has id {id}. See `tern list FOLDER`."),
        )
    })
}

fn account_of<'a>(config: &'a Config, loc: &MessageLocation) -> Result<&'a AccountConfig, TernError> {
    config.account(&loc.account_name).ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            format!("The account `{}` is no longer configured.", loc.account_name),
        )
    })
}

/// The message's view: from the cache, else fetched (and cached) now.
fn view(paths: &Paths, config: &Config, id: i64) -> Result<MessageView, TernError> {
    let mut store = Store::open(&paths.cache_db())?;
    let loc = locate(&store, id)?;
    if let Some(raw) = store.body(loc.id)? {
        return view_of(&raw, &tree_of(&loc)?);
    }
    let account = account_of(config, &loc)?;
    runtime()?.block_on(async {
        let mut conn = open_connection(account, &KeyringStore, &Tuning::default().timeouts).await?;
        let view = fetch_body(&mut conn, &mut store, &loc).await;
        conn.logout().await;
        view
    })
}

pub fn read(paths: &Paths, config: &Config, id: i64, json: bool) -> Result<String, TernError> {
    let v = view(paths, config, id)?;
    Ok(super::read_eml::render(&v, json))
}

pub fn save(
    paths: &Paths,
    config: &Config,
    id: i64,
    part: Option<String>,
    all: bool,
    subfolder: bool,
    to: &Path,
) -> Result<String, TernError> {
    let store = Store::open(&paths.cache_db())?;
    let loc = locate(&store, id)?;
    let account = account_of(config, &loc)?.clone();
    let parts: Vec<String> = match (part, all) {
        (Some(p), false) => vec![p],
        (None, true) => attachment_parts(&loc)?.into_iter().map(|p| p.section).collect(),
        _ => {
            return Err(TernError::new(
                ErrorKind::NotFound,
                "Say which attachment: --part N, or --all.",
            ));
        }
    };
    if parts.is_empty() {
        return Ok("The message has no attachments.\n".into());
    }
    let mut dir = to.to_path_buf();
    if subfolder {
        let subject = store.message_subject(loc.id)?.unwrap_or_default();
        let name = sanitize_filename(Some(&subject), "inode/directory");
        dir = crate::files::PendingDir::create(to, name.trim_end_matches(".bin"))?;
    }
    let rt = runtime()?;
    let timeouts = Tuning::default().timeouts;
    let mut out = String::new();
    let loc = std::sync::Arc::new(loc);
    for part in parts {
        // The same transfer service as the window's.
        let transfer = save_attachment(
            account.clone(),
            KeyringStore,
            timeouts,
            loc.clone(),
            part,
            Destination::Folder(dir.clone()),
        );
        let path: PathBuf = rt.block_on(run_to_end(transfer, |done, total| {
            tracing::debug!(done, total, "download");
        }))?;
        out.push_str(&format!("{}\n", path.display()));
    }
    Ok(out)
}

pub fn open(paths: &Paths, config: &Config, id: i64, part: &str, yes: bool) -> Result<String, TernError> {
    // Opened files go to a per-message folder in the cache, never over the user's files.
    let dir = paths.data_dir.join("opened").join(id.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| {
        TernError::new(
            ErrorKind::Filesystem,
            format!("Could not create {}: {e}", dir.display()),
        )
    })?;
    let saved = save(paths, config, id, Some(part.to_string()), false, false, &dir)?;
    let path = PathBuf::from(saved.trim_end());
    open_with_default_app(&path, yes)?;
    Ok(format!("{}\n", path.display()))
}
