//! Replaying the queue on the server in order, exactly once (T-26), without ever
//! expunging another client's messages (T-27), and never acting on a UID from an old
//! UIDVALIDITY (T-23). Every step that could be cut off between the server executing it
//! and its reply reaching us is recorded first (`Step::Sent`), and the next replay finds
//! out what the server did before doing anything again.

use super::Replayed;
use super::moves::move_items;
use super::notice::Why;
use super::steps::{drop_items, finish, is_refusal, mark_sent};
use crate::core::{AccountId, Flags, TernError};
use crate::imap::Connection;
use crate::store::{ItemState, OpItem, OpKind, QueuedOp, Step, Store};

/// Replays every pending op of the account, oldest first. A connection error stops the
/// replay (the rest stays pending, in order, for the next connection).
pub async fn replay(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
) -> Result<Replayed, TernError> {
    let mut out = Replayed::default();
    // Another process (the app's worker, `tern sync`) may be replaying this account.
    let Some(_lock) = store.lock_replay(account)? else {
        out.pending = store.pending_count(account)?;
        return Ok(out);
    };
    let mut after = 0;
    while let Some(op) = store.next_pending_op(account, after)? {
        after = op.id;
        run_op(conn, store, account, &op, &mut out).await?;
        store.close_op_if_done(op.id)?;
        out.applied += 1;
    }
    out.pending = store.pending_count(account)?;
    Ok(out)
}

async fn run_op(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    out: &mut Replayed,
) -> Result<(), TernError> {
    // Items by source folder, in order of first appearance.
    let mut groups: Vec<(String, Vec<OpItem>)> = Vec::new();
    for it in op.items.iter().filter(|i| i.state() == ItemState::Pending) {
        match groups.iter_mut().find(|(f, _)| *f == it.folder) {
            Some((_, v)) => v.push(it.clone()),
            None => groups.push((it.folder.clone(), vec![it.clone()])),
        }
    }
    for (folder, items) in groups {
        let seqs: Vec<u32> = items.iter().map(|i| i.seq).collect();
        match run_group(conn, store, account, op, &folder, items, out).await {
            Ok(()) => {}
            Err(e) if is_refusal(&e) => {
                // The server said no to a step: what is left of this folder's items is
                // dropped in its favour.
                let left: Vec<OpItem> = store
                    .queued_op(op.id)?
                    .map(|o| o.items)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|i| seqs.contains(&i.seq) && i.state() == ItemState::Pending)
                    .collect();
                drop_items(store, account, op, &left, Why::Refused(e.message), out)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Whether a message was found again by Message-ID.
enum Found {
    One(u32),
    None,
    Many,
}

async fn find_again(conn: &mut Connection, it: &OpItem, min_uid: u32) -> Result<Found, TernError> {
    if it.message_id.is_empty() {
        return Ok(Found::None);
    }
    let hits = conn.find_message(&it.message_id, 0, min_uid).await?;
    Ok(match hits.as_slice() {
        [] => Found::None,
        [one] => Found::One(*one),
        _ => Found::Many,
    })
}

async fn run_group(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    folder: &str,
    items: Vec<OpItem>,
    out: &mut Replayed,
) -> Result<(), TernError> {
    let sel = match conn.select_for_update(folder).await {
        Ok(s) => s,
        Err(e) if is_refusal(&e) => return drop_items(store, account, op, &items, Why::FolderGone, out),
        Err(e) => return Err(e),
    };

    // 1. A UID from another UIDVALIDITY means nothing now (RFC 9051 §2.3.1.1): find the
    //    message again by Message-ID, or drop the item with a notice (T-23). An undo's
    //    item may not know its UID yet: the op it reverses may have learnt it since.
    let original = if op.undo_of != 0 && items.iter().any(|i| i.uid == 0) {
        store.queued_op(op.undo_of)?
    } else {
        None
    };
    let mut live = Vec::new();
    let (mut gone, mut renumbered, mut ambiguous) = (Vec::new(), Vec::new(), Vec::new());
    for mut it in items {
        let mut min_uid = 1;
        if it.uid == 0
            && let Some(orig) = original
                .as_ref()
                .and_then(|o| o.items.iter().find(|o| o.seq == it.seq))
            && orig.dest_uidvalidity == sel.uidvalidity
        {
            if orig.dest_uid != 0 {
                it.uid = orig.dest_uid;
                it.uidvalidity = sel.uidvalidity;
                store.resolve_item(op.id, it.seq, it.uidvalidity, it.uid)?;
            } else {
                min_uid = orig.dest_uidnext;
            }
        }
        if it.uid != 0 && it.uidvalidity == sel.uidvalidity {
            live.push(it);
            continue;
        }
        match find_again(conn, &it, min_uid).await? {
            Found::One(uid) => {
                store.resolve_item(op.id, it.seq, sel.uidvalidity, uid)?;
                it.uid = uid;
                it.uidvalidity = sel.uidvalidity;
                live.push(it);
            }
            Found::None if it.uid == 0 => gone.push(it),
            Found::None => renumbered.push(it),
            Found::Many => ambiguous.push(it),
        }
    }

    // 2. Which of them the folder still has.
    let uids: Vec<u32> = live.iter().map(|i| i.uid).collect();
    let existing = if uids.is_empty() {
        Vec::new()
    } else {
        conn.existing_uids(&uids).await?
    };
    let (mut present, absent): (Vec<OpItem>, Vec<OpItem>) = live
        .into_iter()
        .partition(|i| existing.binary_search(&i.uid).is_ok());
    let mut absent_sent = Vec::new();
    for mut it in absent {
        if it.step() != Step::New || op.kind == OpKind::Expunge {
            absent_sent.push(it);
            continue;
        }
        // Never sent, yet not there. A row shown again by an undo has the old UID; the
        // same Message-ID in the same folder is the same message.
        match find_again(conn, &it, 1).await? {
            Found::One(uid) if !present.iter().any(|p| p.uid == uid) => {
                store.resolve_item(op.id, it.seq, sel.uidvalidity, uid)?;
                it.uid = uid;
                present.push(it);
            }
            _ => gone.push(it),
        }
    }
    drop_items(store, account, op, &gone, Why::Gone, out)?;
    drop_items(store, account, op, &renumbered, Why::Renumbered, out)?;
    drop_items(store, account, op, &ambiguous, Why::Ambiguous, out)?;

    match op.kind {
        OpKind::Flags => {
            // Sent before, but the message is gone now: nothing left to change.
            drop_items(store, account, op, &absent_sent, Why::Gone, out)?;
            set_flags(conn, store, account, op, &present).await
        }
        OpKind::Expunge => {
            // Already gone: what the user wanted.
            let done: Vec<_> = absent_sent.iter().map(|i| (i.seq, 0)).collect();
            finish(store, account, op, &done)?;
            expunge(conn, store, account, op, &present).await
        }
        OpKind::Move => {
            move_items(
                conn,
                store,
                account,
                op,
                folder,
                sel.uidvalidity,
                present,
                absent_sent,
                out,
            )
            .await
        }
    }
}

/// UID STORE +/-FLAGS.SILENT: idempotent, so a replay after a drop simply repeats it.
async fn set_flags(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    items: &[OpItem],
) -> Result<(), TernError> {
    let mut changes: Vec<(u32, u32)> = Vec::new();
    for it in items {
        if !changes.contains(&(it.add, it.remove)) {
            changes.push((it.add, it.remove));
        }
    }
    for (add, remove) in changes {
        let group: Vec<&OpItem> = items
            .iter()
            .filter(|i| (i.add, i.remove) == (add, remove))
            .collect();
        let kept = mark_sent(store, op, &group, (0, 0))?;
        let uids: Vec<u32> = kept.iter().map(|i| i.uid).collect();
        if uids.is_empty() {
            continue;
        }
        if add != 0 {
            conn.store_flags(&uids, Flags(add), true).await?;
        }
        if remove != 0 {
            conn.store_flags(&uids, Flags(remove), false).await?;
        }
        let done: Vec<_> = kept.iter().map(|i| (i.seq, 0)).collect();
        finish(store, account, op, &done)?;
    }
    Ok(())
}

/// Delete for good: \Deleted, then UID EXPUNGE of exactly these UIDs. Without UIDPLUS
/// they stay \Deleted (hidden here): a bare EXPUNGE would also remove other clients'
/// \Deleted messages, so it is never sent (T-27).
async fn expunge(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    items: &[OpItem],
) -> Result<(), TernError> {
    let refs: Vec<&OpItem> = items.iter().collect();
    let kept = mark_sent(store, op, &refs, (0, 0))?;
    let uids: Vec<u32> = kept.iter().map(|i| i.uid).collect();
    if uids.is_empty() {
        return Ok(());
    }
    conn.store_flags(&uids, Flags::DELETED, true).await?;
    if conn.has("UIDPLUS") {
        conn.expunge_uids(&uids).await?;
    }
    let done: Vec<_> = kept.iter().map(|i| (i.seq, 0)).collect();
    finish(store, account, op, &done)
}
