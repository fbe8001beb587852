//! The durable operation queue (issue 7): user actions on messages (flags, move,
//! delete, archive) and their undo.
//!
//! - `enqueue` resolves an `Action` into one op with an item per message (source folder,
//!   UIDVALIDITY, UID, Message-ID, size), writes it to `user.sqlite3` with
//!   synchronous=FULL and, in the same transaction, applies the intended state to the
//!   cached rows (flags at once; moved and deleted rows hidden, not deleted, so the
//!   folder sync invariant holds). Only then does the caller say "queued" (T-22).
//! - `replay` runs pending ops in id order, exactly once: flag changes are idempotent;
//!   moves record their step (`sent` with the destination's UIDNEXT before the command,
//!   `copied` with the COPYUID), so after a connection drop between the server executing
//!   a command and its reply reaching us, the next replay finds out what happened (copy
//!   in the destination at or above that UIDNEXT, by Message-ID or size; source UID still
//!   there or not) instead of doing it twice (T-26). Moves use UID MOVE where offered,
//!   else UID COPY + UID STORE +FLAGS.SILENT (\Deleted) + UID EXPUNGE of only our UIDs,
//!   and without UIDPLUS no expunge at all (T-27). Items whose folder has a new
//!   UIDVALIDITY are found again by Message-ID or dropped with a notice, never applied
//!   to whatever has that UID now (T-23).
//! - Conflicts (message or folder gone, server refusal) are resolved in the server's
//!   favour: the item is dropped, its cached row shown again as it was, and a plain
//!   sentence comes back for `AccountEvent::Conflict`.
//! - `undo_last` undoes the most recent action within `UNDO_WINDOW`: items not yet sent
//!   are dropped and the cache restored; items that reached the server get an inverse op
//!   (flags restored, moves moved back from the COPYUID or Message-ID).

mod moves;
pub(crate) mod notice;
mod plan;
mod replay;
mod steps;

use std::time::Duration;

pub use replay::replay;

use crate::core::{AccountId, Action, ErrorKind, FolderId, TernError, Text};
use crate::store::{CacheEdit, ItemState, NewOp, OpItem, OpKind, QueuedOp, Step, Store};

/// How long after an action "Undo" is offered.
pub const UNDO_WINDOW: Duration = Duration::from_secs(10);

/// What `enqueue` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queued {
    /// The new op (`None` when the action changed nothing, e.g. archiving what is
    /// already in the archive).
    pub op: Option<i64>,
    /// Ops of the account waiting for the server.
    pub pending: u32,
    /// Folders whose cached rows changed (for `MessagesChanged`).
    pub folders: Vec<FolderId>,
}

/// What `replay` did.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    /// Ops still waiting (another process holds the queue, or nothing left: 0).
    pub pending: u32,
    /// Changes dropped in the server's favour, each a plain sentence.
    pub conflicts: Vec<TernError>,
    /// Folders whose cached rows changed (rows shown again after a conflict).
    pub folders: Vec<FolderId>,
    /// Ops completed in this call.
    pub applied: u32,
}

/// What `undo_last` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Undone {
    pub pending: u32,
    pub folders: Vec<FolderId>,
    /// The undone action, e.g. "Move 1 message to Archive".
    pub summary: String,
    /// Whether something has to be reversed on the server (an inverse op was queued).
    pub queued_reverse: bool,
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Writes the action durably and applies it to the cache optimistically.
pub fn enqueue(store: &mut Store, account: AccountId, action: &Action) -> Result<Queued, TernError> {
    let op = plan::plan(store, account, action, now_ms())?;
    if op.items.is_empty() {
        return Ok(Queued {
            op: None,
            pending: store.pending_count(account)?,
            folders: Vec::new(),
        });
    }
    let edits = intended(&op);
    let (id, folders) = store.enqueue_op(account, &op, &edits)?;
    Ok(Queued {
        op: Some(id),
        pending: store.pending_count(account)?,
        folders,
    })
}

/// The pending ops of the account, oldest first (for `tern pending` and the UI).
pub fn pending(store: &Store, account: AccountId) -> Result<Vec<QueuedOp>, TernError> {
    store.pending_ops(account)
}

/// The optimistic cache state of a new op: flags changed, moved or deleted rows hidden.
fn intended(op: &NewOp) -> Vec<CacheEdit<'_>> {
    op.items
        .iter()
        .map(|it| CacheEdit {
            folder: &it.folder,
            uidvalidity: it.uidvalidity,
            uid: it.uid,
            add: it.add,
            remove: it.remove,
            hidden: (op.kind != OpKind::Flags).then_some(true),
        })
        .collect()
}

/// The cache state before an item (for undo and conflicts): its changed flag bits as
/// they were, the row shown.
pub(crate) fn restore(kind: OpKind, it: &OpItem) -> CacheEdit<'_> {
    let mask = it.add | it.remove;
    CacheEdit {
        folder: &it.folder,
        uidvalidity: it.uidvalidity,
        uid: it.uid,
        add: it.flags_before & mask,
        remove: mask & !it.flags_before,
        hidden: (kind != OpKind::Flags).then_some(false),
    }
}

/// Undoes the account's most recent action if it is within `UNDO_WINDOW`.
pub fn undo_last(store: &mut Store, account: AccountId) -> Result<Undone, TernError> {
    let nothing = || {
        TernError::new(ErrorKind::NotFound, "There is nothing to undo.")
            .with_text(Text::new("err-nothing-to-undo"))
    };
    let op = store.latest_user_op(account)?.ok_or_else(nothing)?;
    if op.undone {
        return Err(
            TernError::new(ErrorKind::NotFound, "The last change was already undone.")
                .with_text(Text::new("err-already-undone")),
        );
    }
    let age = now_ms().saturating_sub(op.created_ms);
    if age > i64::try_from(UNDO_WINDOW.as_millis()).unwrap_or(i64::MAX) {
        return Err(TernError::new(
            ErrorKind::NotFound,
            format!(
                "“{}” can no longer be undone (undo is offered for {} seconds).",
                op.summary,
                UNDO_WINDOW.as_secs()
            ),
        )
        .with_text(Text::new("err-undo-expired").arg("seconds", UNDO_WINDOW.as_secs().to_string())));
    }
    let reached = |it: &OpItem| match it.state() {
        ItemState::Done => true,
        ItemState::Pending => it.step() != Step::New,
        _ => false,
    };
    if op.kind == OpKind::Expunge && op.items.iter().any(reached) {
        return Err(TernError::new(
            ErrorKind::NotFound,
            "Messages deleted for good have already been removed from the server and cannot be brought back.",
        )
        .with_text(Text::new("err-undo-expunged")));
    }
    let now = now_ms();
    let kind = op.kind;
    let summary = op.summary.clone();
    let outcome = store.undo_op(account, &op, |dropped, reached| {
        let mut edits: Vec<CacheEdit<'_>> = dropped.iter().map(|&it| restore(kind, it)).collect();
        let mut items = Vec::new();
        for &it in reached {
            match kind {
                OpKind::Flags => {
                    let add = it.remove & it.flags_before;
                    let remove = it.add & !it.flags_before;
                    if add == 0 && remove == 0 {
                        continue;
                    }
                    edits.push(CacheEdit {
                        folder: &it.folder,
                        uidvalidity: it.uidvalidity,
                        uid: it.uid,
                        add,
                        remove,
                        hidden: None,
                    });
                    items.push(OpItem {
                        seq: it.seq,
                        folder: it.folder.clone(),
                        uidvalidity: it.uidvalidity,
                        uid: it.uid,
                        message_id: it.message_id.clone(),
                        size: it.size,
                        subject: it.subject.clone(),
                        flags_before: (it.flags_before | it.add) & !it.remove,
                        add,
                        remove,
                        ..OpItem::default()
                    });
                }
                OpKind::Move => {
                    // Shown again at once where it was; the row goes away with the next
                    // sync if the server gave the returning message a new UID.
                    edits.push(restore(kind, it));
                    if it.dest_uid != 0 {
                        edits.push(CacheEdit {
                            folder: &it.dest,
                            uidvalidity: it.dest_uidvalidity,
                            uid: it.dest_uid,
                            add: 0,
                            remove: 0,
                            hidden: Some(true),
                        });
                    }
                    items.push(OpItem {
                        seq: it.seq,
                        folder: it.dest.clone(),
                        // Unknown yet (still in flight): replay takes it from this op's
                        // original, or finds it by Message-ID.
                        uidvalidity: if it.dest_uid != 0 { it.dest_uidvalidity } else { 0 },
                        uid: it.dest_uid,
                        message_id: it.message_id.clone(),
                        size: it.size,
                        subject: it.subject.clone(),
                        flags_before: it.flags_before,
                        dest: it.folder.clone(),
                        ..OpItem::default()
                    });
                }
                OpKind::Expunge => {}
            }
        }
        let inverse = (!items.is_empty()).then(|| NewOp {
            kind,
            action: serde_json::json!({ "undo": op.id }).to_string(),
            summary: format!("Undo: {summary}"),
            created_ms: now,
            undo_of: op.id,
            items,
        });
        (edits, inverse)
    })?;
    Ok(Undone {
        pending: store.pending_count(account)?,
        folders: outcome.folders,
        summary: op.summary.clone(),
        queued_reverse: outcome.inverse.is_some(),
    })
}
