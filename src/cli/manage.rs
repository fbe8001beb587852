//! `tern flag`, `tern move`, `tern delete`, `tern archive`, `tern undo`, `tern pending`:
//! each action is written durably to the operation queue (and shown in the cache at
//! once) before "queued" is printed; `tern sync` or the running app applies it. No
//! network here, so these take milliseconds (T-22).

use serde_json::json;

use crate::config::Paths;
use crate::core::{AccountId, Action, ErrorKind, Flags, MessageId, TernError};
use crate::engine::actions;
use crate::store::Store;

fn account_of(store: &Store, ids: &[i64]) -> Result<AccountId, TernError> {
    let first = ids
        .first()
        .ok_or_else(|| TernError::new(ErrorKind::NotFound, "Give a message id."))?;
    store.account_of_message(MessageId(*first))?.ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            format!("No cached message has id {first}. See `tern list FOLDER`."),
        )
    })
}

fn queue(
    paths: &Paths,
    ids: &[i64],
    make: impl FnOnce(&Store, AccountId, Vec<MessageId>) -> Result<Action, TernError>,
) -> Result<String, TernError> {
    let mut store = Store::open(&paths.cache_db())?;
    let account = account_of(&store, ids)?;
    let action = make(&store, account, ids.iter().copied().map(MessageId).collect())?;
    let queued = actions::enqueue(&mut store, account, &action)?;
    Ok(if queued.op.is_some() {
        "queued\n".into()
    } else {
        "nothing to change\n".into()
    })
}

/// `tern flag ID... [--read|--unread] [--star|--unstar]`
pub fn flag(
    paths: &Paths,
    ids: &[i64],
    read: bool,
    unread: bool,
    star: bool,
    unstar: bool,
) -> Result<String, TernError> {
    let mut add = Flags::default();
    let mut remove = Flags::default();
    add = add.with(Flags::SEEN, read).with(Flags::FLAGGED, star);
    remove = remove.with(Flags::SEEN, unread).with(Flags::FLAGGED, unstar);
    if add.0 == 0 && remove.0 == 0 {
        return Err(TernError::new(
            ErrorKind::NotFound,
            "Say what to change: --read, --unread, --star or --unstar.",
        ));
    }
    queue(paths, ids, |_, _, ids| Ok(Action::SetFlags { ids, add, remove }))
}

/// `tern move ID FOLDER`
pub fn move_to(paths: &Paths, id: i64, folder: &str) -> Result<String, TernError> {
    queue(paths, &[id], |store, account, ids| {
        let to = store.find_folder(account, folder)?.ok_or_else(|| {
            TernError::new(
                ErrorKind::NotFound,
                format!("This account has no folder called `{folder}`. See `tern folders`."),
            )
        })?;
        Ok(Action::Move { ids, to: to.id })
    })
}

/// `tern delete ID... [--forever]`
pub fn delete(paths: &Paths, ids: &[i64], forever: bool) -> Result<String, TernError> {
    queue(paths, ids, |_, _, ids| Ok(Action::Delete { ids, forever }))
}

/// `tern archive ID...`
pub fn archive(paths: &Paths, ids: &[i64]) -> Result<String, TernError> {
    queue(paths, ids, |_, _, ids| Ok(Action::Archive { ids }))
}

/// `tern undo [--account NAME]`: the most recent action (of that account).
pub fn undo(paths: &Paths, account: Option<&str>) -> Result<String, TernError> {
    let mut store = Store::open(&paths.cache_db())?;
    let id = match account {
        Some(name) => store.account_id(name)?.ok_or_else(|| {
            TernError::new(
                ErrorKind::NotFound,
                format!("There is no account named `{name}`. See `tern accounts`."),
            )
        })?,
        None => {
            let mut latest: Option<(i64, AccountId)> = None;
            for (_, id) in store.accounts()? {
                if let Some(op) = store.latest_user_op(id)?
                    && latest.is_none_or(|(t, _)| op.created_ms > t)
                {
                    latest = Some((op.created_ms, id));
                }
            }
            latest
                .map(|(_, id)| id)
                .ok_or_else(|| TernError::new(ErrorKind::NotFound, "There is nothing to undo."))?
        }
    };
    let undone = actions::undo_last(&mut store, id)?;
    Ok(if undone.queued_reverse {
        format!("undone: {} (the reverse change is queued)\n", undone.summary)
    } else {
        format!("undone: {}\n", undone.summary)
    })
}

/// `tern pending [--json]`: changes waiting to sync, per account.
pub fn pending(paths: &Paths, json: bool) -> Result<String, TernError> {
    let store = Store::open(&paths.cache_db())?;
    let mut rows = Vec::new();
    for (name, id) in store.accounts()? {
        rows.push((name, actions::pending(&store, id)?));
    }
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|(name, ops)| {
                json!({
                    "account": name,
                    "pending": ops.len(),
                    "ops": ops.iter().map(|o| json!({
                        "id": o.id, "kind": o.kind, "summary": o.summary, "created_ms": o.created_ms,
                        "messages": o.items.len(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    let mut out = String::new();
    for (name, ops) in rows {
        let n = ops.len();
        out.push_str(&format!(
            "{name}: {n} {} waiting to sync\n",
            if n == 1 { "change" } else { "changes" }
        ));
        for o in ops {
            out.push_str(&format!("  {}\t{}\n", o.id, o.summary));
        }
    }
    if out.is_empty() {
        out.push_str("No accounts are cached yet.\n");
    }
    Ok(out)
}
