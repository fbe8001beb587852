//! Replaying the queue on the server in order, exactly once (T-26), without ever
//! expunging another client's messages (T-27), and never acting on a UID from an old
//! UIDVALIDITY (T-23). Every step that could be cut off between the server executing it
//! and its reply reaching us is recorded first (`Step::Sent`), and the next replay finds
//! out what the server did before doing anything again.

use super::notice::{Why, conflict};
use super::{Replayed, restore};
use crate::core::{AccountId, ErrorKind, Flags, TernError};
use crate::imap::{Connection, CopyUid};
use crate::store::{ItemState, OpItem, OpKind, QueuedOp, Step, Store};

/// A command the server answered with NO/BAD (as opposed to a connection problem, which
/// ends the replay and leaves the rest pending).
fn is_refusal(e: &TernError) -> bool {
    matches!(e.kind, ErrorKind::ServerRefused | ErrorKind::NotFound)
}

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

/// Settles items as dropped in the server's favour: cached rows shown as they were, one
/// sentence for the user.
fn drop_items(
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    items: &[OpItem],
    why: Why,
    out: &mut Replayed,
) -> Result<(), TernError> {
    if items.is_empty() {
        return Ok(());
    }
    let results: Vec<_> = items.iter().map(|i| (i.seq, ItemState::Conflict, 0)).collect();
    let edits: Vec<_> = items.iter().map(|i| restore(op.kind, i)).collect();
    for f in store.finish_items(account, op.id, &results, &edits)? {
        if !out.folders.contains(&f) {
            out.folders.push(f);
        }
    }
    let refs: Vec<&OpItem> = items.iter().collect();
    out.conflicts.push(conflict(op.kind, &refs, &why));
    Ok(())
}

/// Settles items as done, with their UID in the destination when known.
fn finish(
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    done: &[(u32, u32)],
) -> Result<(), TernError> {
    if done.is_empty() {
        return Ok(());
    }
    let results: Vec<_> = done
        .iter()
        .map(|(seq, dest_uid)| (*seq, ItemState::Done, *dest_uid))
        .collect();
    store.finish_items(account, op.id, &results, &[])?;
    Ok(())
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

/// (item, UID in the destination or 0 when the server did not say) for each moved item.
fn destinations(items: &[&OpItem], map: Option<&CopyUid>) -> Vec<(u32, u32)> {
    items
        .iter()
        .map(|i| (i.seq, map.and_then(|m| m.dest_of(i.uid)).unwrap_or(0)))
        .collect()
}

/// Marks items sent (skipping any an undo dropped meanwhile) and returns those kept.
fn mark_sent<'a>(
    store: &mut Store,
    op: &QueuedOp,
    items: &[&'a OpItem],
    dest: (u32, u32),
) -> Result<Vec<&'a OpItem>, TernError> {
    let seqs: Vec<u32> = items.iter().map(|i| i.seq).collect();
    let kept = store.mark_items_sent(op.id, &seqs, dest.0, dest.1)?;
    Ok(items.iter().copied().filter(|i| kept.contains(&i.seq)).collect())
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

/// Removes our source copies after a confirmed COPY: \Deleted on exactly these UIDs,
/// then UID EXPUNGE of exactly them when the server has UIDPLUS (else they stay
/// \Deleted: no bare EXPUNGE without the user's consent).
async fn remove_source(conn: &mut Connection, uids: &[u32]) -> Result<(), TernError> {
    if uids.is_empty() {
        return Ok(());
    }
    conn.store_flags(uids, Flags::DELETED, true).await?;
    if conn.has("UIDPLUS") {
        conn.expunge_uids(uids).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn move_items(
    conn: &mut Connection,
    store: &mut Store,
    account: AccountId,
    op: &QueuedOp,
    folder: &str,
    uidvalidity: u32,
    present: Vec<OpItem>,
    absent: Vec<OpItem>,
    out: &mut Replayed,
) -> Result<(), TernError> {
    let Some(dest) = present.first().or(absent.first()).map(|i| i.dest.clone()) else {
        return Ok(());
    };
    if dest == folder {
        let done: Vec<_> = present.iter().chain(&absent).map(|i| (i.seq, 0)).collect();
        return finish(store, account, op, &done);
    }
    let mut fresh: Vec<OpItem> = Vec::new();
    // (item, its UID in dest, whether the source still has it)
    let mut copied: Vec<(OpItem, u32, bool)> = Vec::new();
    let mut unsure: Vec<(OpItem, bool)> = Vec::new();
    for (it, in_source) in present
        .into_iter()
        .map(|i| (i, true))
        .chain(absent.into_iter().map(|i| (i, false)))
    {
        match it.step() {
            Step::New => fresh.push(it),
            Step::Sent => unsure.push((it, in_source)),
            Step::Copied => {
                let d = it.dest_uid;
                copied.push((it, d, in_source));
            }
        }
    }

    // An earlier MOVE/COPY may have been executed without our hearing back: a copy that
    // arrived in dest at or above the UIDNEXT recorded before it is ours.
    if !unsure.is_empty() {
        let mut gone = Vec::new();
        let mut dest_gone = Vec::new();
        match conn.select_for_update(&dest).await {
            Ok(dsel) => {
                let mut checked = Vec::new();
                for (it, in_source) in unsure {
                    let min = if dsel.uidvalidity == it.dest_uidvalidity {
                        it.dest_uidnext
                    } else {
                        1
                    };
                    let hit = conn
                        .find_message(&it.message_id, it.size, min)
                        .await?
                        .first()
                        .copied();
                    checked.push((it, in_source, hit));
                }
                reselect(conn, folder, uidvalidity).await?;
                for (it, in_source, hit) in checked {
                    match (hit, in_source) {
                        (Some(d), false) => finish(store, account, op, &[(it.seq, d)])?,
                        (Some(d), true) => {
                            store.set_item_step(op.id, &[(it.seq, d)], Step::Copied)?;
                            copied.push((it, d, true));
                        }
                        (None, true) => {
                            store.set_item_step(op.id, &[(it.seq, 0)], Step::New)?;
                            fresh.push(it);
                        }
                        (None, false) => gone.push(it),
                    }
                }
            }
            Err(e) if is_refusal(&e) => {
                // A failed SELECT leaves no folder selected (RFC 9051 §6.3.2).
                reselect(conn, folder, uidvalidity).await?;
                for (it, in_source) in unsure {
                    if in_source {
                        dest_gone.push(it)
                    } else {
                        gone.push(it)
                    }
                }
            }
            Err(e) => return Err(e),
        }
        drop_items(store, account, op, &gone, Why::Gone, out)?;
        drop_items(store, account, op, &dest_gone, Why::DestGone, out)?;
    }

    // The copy is in dest: remove only our source messages.
    if !copied.is_empty() {
        let uids: Vec<u32> = copied
            .iter()
            .filter(|(_, _, s)| *s)
            .map(|(i, _, _)| i.uid)
            .collect();
        remove_source(conn, &uids).await?;
        let done: Vec<_> = copied.iter().map(|(i, d, _)| (i.seq, *d)).collect();
        finish(store, account, op, &done)?;
    }

    if fresh.is_empty() {
        return Ok(());
    }
    let (dest_validity, dest_next) = match conn.uid_status(&dest).await {
        Ok(s) => s,
        Err(e) if is_refusal(&e) => return drop_items(store, account, op, &fresh, Why::DestGone, out),
        Err(e) => return Err(e),
    };
    let refs: Vec<&OpItem> = fresh.iter().collect();
    let kept = mark_sent(store, op, &refs, (dest_validity, dest_next))?;
    let uids: Vec<u32> = kept.iter().map(|i| i.uid).collect();
    if uids.is_empty() {
        return Ok(());
    }
    if conn.has("MOVE") {
        // RFC 6851: one command, atomic on the server.
        let map = conn
            .move_uids(&uids, &dest)
            .await?
            .filter(|m| m.uidvalidity == dest_validity);
        finish(store, account, op, &destinations(&kept, map.as_ref()))
    } else {
        // RFC 4315: COPY, then \Deleted and UID EXPUNGE of only our UIDs.
        let map = conn
            .copy_uids(&uids, &dest)
            .await?
            .filter(|m| m.uidvalidity == dest_validity);
        let steps = destinations(&kept, map.as_ref());
        store.set_item_step(op.id, &steps, Step::Copied)?;
        remove_source(conn, &uids).await?;
        finish(store, account, op, &steps)
    }
}

/// Selects the source folder again after looking into the destination.
async fn reselect(conn: &mut Connection, folder: &str, uidvalidity: u32) -> Result<(), TernError> {
    let sel = conn.select_for_update(folder).await?;
    if sel.uidvalidity != uidvalidity {
        // Renumbered under our feet: the next replay re-resolves by Message-ID.
        return Err(TernError::new(
            ErrorKind::Disconnected,
            "A folder was renumbered on the server while Tern was applying changes; it will try again.",
        ));
    }
    Ok(())
}
