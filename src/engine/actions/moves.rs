//! Moving messages on the server: UID MOVE where offered, else UID COPY + \Deleted +
//! UID EXPUNGE of only our UIDs (T-27); a move cut off after it was sent is found in the
//! destination at or above the UIDNEXT recorded before it (T-26).

use super::Replayed;
use super::notice::Why;
use super::steps::{drop_items, finish, is_refusal, mark_sent, reselect};
use crate::core::{AccountId, Flags, TernError};
use crate::imap::{Connection, CopyUid};
use crate::store::{OpItem, QueuedOp, Step, Store};

/// (item, UID in the destination or 0 when the server did not say) for each moved item.
fn destinations(items: &[&OpItem], map: Option<&CopyUid>) -> Vec<(u32, u32)> {
    items
        .iter()
        .map(|i| (i.seq, map.and_then(|m| m.dest_of(i.uid)).unwrap_or(0)))
        .collect()
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
pub(super) async fn move_items(
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
