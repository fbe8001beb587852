//! The durable operation queue (issue: managing mail). Being written: see `enqueue`,
//! `replay` and `undo_last` for the contract the worker relies on.

use crate::core::{AccountId, Action, TernError};
use crate::imap::Connection;
use crate::store::Store;

/// Writes the action durably and applies it to the cache optimistically. Returns the
/// number of pending operations for the account.
pub fn enqueue(_store: &mut Store, _account: AccountId, _action: &Action) -> Result<u32, TernError> {
    Ok(0)
}

/// Replays every pending operation of the account on the server, in order, exactly once.
/// Returns the number still pending and the conflicts (resolved in the server's favour).
pub async fn replay(
    _conn: &mut Connection,
    _store: &mut Store,
    _account: AccountId,
) -> Result<(u32, Vec<TernError>), TernError> {
    Ok((0, Vec::new()))
}

/// Undoes the most recent action if still possible. Returns the pending count.
pub fn undo_last(_store: &mut Store, _account: AccountId) -> Result<u32, TernError> {
    Ok(0)
}
