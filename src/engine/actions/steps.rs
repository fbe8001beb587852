//! The small steps every replay path shares: telling a refusal from a connection
//! problem, settling items as sent, done or dropped, selecting the source again.

use super::notice::{Why, conflict};
use super::{Replayed, restore};
use crate::core::{AccountId, ErrorKind, TernError, Text};
use crate::imap::Connection;
use crate::store::{ItemState, OpItem, QueuedOp, Store};

/// A command the server answered with NO/BAD (as opposed to a connection problem, which
/// ends the replay and leaves the rest pending).
pub(super) fn is_refusal(e: &TernError) -> bool {
    matches!(e.kind, ErrorKind::ServerRefused | ErrorKind::NotFound)
}

/// Settles items as dropped in the server's favour: cached rows shown as they were, one
/// sentence for the user.
pub(super) fn drop_items(
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
pub(super) fn finish(
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

/// Marks items sent (skipping any an undo dropped meanwhile) and returns those kept.
pub(super) fn mark_sent<'a>(
    store: &mut Store,
    op: &QueuedOp,
    items: &[&'a OpItem],
    dest: (u32, u32),
) -> Result<Vec<&'a OpItem>, TernError> {
    let seqs: Vec<u32> = items.iter().map(|i| i.seq).collect();
    let kept = store.mark_items_sent(op.id, &seqs, dest.0, dest.1)?;
    Ok(items.iter().copied().filter(|i| kept.contains(&i.seq)).collect())
}

/// Selects the source folder again after looking into the destination.
pub(super) async fn reselect(conn: &mut Connection, folder: &str, uidvalidity: u32) -> Result<(), TernError> {
    let sel = conn.select_for_update(folder).await?;
    if sel.uidvalidity != uidvalidity {
        // Renumbered under our feet: the next replay re-resolves by Message-ID.
        return Err(TernError::new(
            ErrorKind::Disconnected,
            "A folder was renumbered on the server while Tern was applying changes; it will try again.",
        )
        .with_text(Text::new("err-renumbered-retry")));
    }
    Ok(())
}
