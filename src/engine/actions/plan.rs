//! From a user's `Action` to an op with one item per message, checked against the cache.

use crate::core::{AccountId, Action, ErrorKind, Flags, FolderId, FolderRole, MessageId, TernError, Text};
use crate::store::{ActionTarget, Folder, NewOp, OpItem, OpKind, Store};

fn count(n: usize) -> String {
    if n == 1 {
        "1 message".into()
    } else {
        format!("{n} messages")
    }
}

/// "Mark 2 messages as read", "Star 1 message", ...
pub(super) fn flags_summary(n: usize, add: Flags, remove: Flags) -> String {
    let c = count(n);
    match (add, remove) {
        (a, Flags(0)) if a == Flags::SEEN => format!("Mark {c} as read"),
        (Flags(0), r) if r == Flags::SEEN => format!("Mark {c} as unread"),
        (a, Flags(0)) if a == Flags::FLAGGED => format!("Star {c}"),
        (Flags(0), r) if r == Flags::FLAGGED => format!("Unstar {c}"),
        _ => format!("Change the flags of {c}"),
    }
}

fn targets(store: &Store, account: AccountId, ids: &[MessageId]) -> Result<Vec<ActionTarget>, TernError> {
    let mut unique: Vec<MessageId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() {
        return Err(TernError::new(ErrorKind::NotFound, "No message was chosen.")
            .with_text(Text::new("err-none-chosen")));
    }
    let found = store.action_targets(account, &unique)?;
    if let Some(t) = found.iter().find(|t| t.hidden) {
        return Err(TernError::new(
            ErrorKind::NotFound,
            format!(
                "“{}” is already being moved or deleted; it will show up in its new folder after the \
                 next sync.",
                crate::mime::display_safe(&t.subject)
            ),
        )
        .with_text(Text::new("err-already-moving").arg("subject", crate::mime::display_safe(&t.subject))));
    }
    Ok(found)
}

fn item(seq: usize, t: &ActionTarget) -> OpItem {
    OpItem {
        seq: u32::try_from(seq).unwrap_or(u32::MAX),
        folder: t.folder.clone(),
        uidvalidity: t.uidvalidity,
        uid: t.uid,
        message_id: t.message_id.clone(),
        size: t.size,
        subject: t.subject.clone(),
        flags_before: t.flags,
        ..OpItem::default()
    }
}

fn folder_with_role(
    store: &Store,
    account: AccountId,
    role: FolderRole,
) -> Result<Option<Folder>, TernError> {
    Ok(store
        .folders(account)?
        .into_iter()
        .find(|f| f.role == role && f.selectable))
}

fn dest_folder(store: &Store, account: AccountId, to: FolderId) -> Result<Folder, TernError> {
    match store.folder(to)? {
        Some(f) if f.account_id == account && f.selectable => Ok(f),
        Some(f) if f.account_id == account => Err(TernError::new(
            ErrorKind::ServerRefused,
            format!("{} cannot hold messages; choose another folder.", f.path),
        )
        .with_text(Text::new("err-folder-no-messages").arg("dest", f.path.clone()))),
        _ => Err(TernError::new(
            ErrorKind::NotFound,
            "That folder is not part of this account any more.",
        )
        .with_text(Text::new("err-folder-gone"))),
    }
}

fn move_op(json: String, summary: String, now: i64, targets: &[ActionTarget], dest: &Folder) -> NewOp {
    let items = targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.folder_id != dest.id)
        .map(|(i, t)| OpItem {
            dest: dest.raw_name.clone(),
            ..item(i, t)
        })
        .collect();
    NewOp {
        kind: OpKind::Move,
        action: json,
        summary,
        created_ms: now,
        undo_of: 0,
        items,
    }
}

/// Builds the op for `action` (without writing it).
pub(super) fn plan(store: &Store, account: AccountId, action: &Action, now: i64) -> Result<NewOp, TernError> {
    let json = serde_json::to_string(action).unwrap_or_default();
    match action {
        Action::SetFlags { ids, add, remove } => {
            if add.0 & remove.0 != 0 {
                return Err(
                    TernError::new(ErrorKind::NotFound, "A flag cannot be both added and removed.")
                        .with_text(Text::new("err-none-chosen")),
                );
            }
            if add.contains(Flags::DELETED) || remove.contains(Flags::DELETED) {
                return Err(TernError::new(
                    ErrorKind::NotFound,
                    "Use delete (to Trash) instead of setting the \\Deleted flag.",
                )
                .with_text(Text::new("err-use-delete")));
            }
            if add.0 == 0 && remove.0 == 0 {
                return Err(TernError::new(ErrorKind::NotFound, "No change was chosen.")
                    .with_text(Text::new("err-none-chosen")));
            }
            let targets = targets(store, account, ids)?;
            let items = targets
                .iter()
                .enumerate()
                .map(|(i, t)| OpItem {
                    add: add.0,
                    remove: remove.0,
                    ..item(i, t)
                })
                .collect::<Vec<_>>();
            Ok(NewOp {
                kind: OpKind::Flags,
                action: json,
                summary: flags_summary(items.len(), *add, *remove),
                created_ms: now,
                undo_of: 0,
                items,
            })
        }
        Action::Move { ids, to } => {
            let dest = dest_folder(store, account, *to)?;
            let targets = targets(store, account, ids)?;
            let summary = format!("Move {} to {}", count(targets.len()), dest.path);
            Ok(move_op(json, summary, now, &targets, &dest))
        }
        Action::Archive { ids } => {
            let dest = match folder_with_role(store, account, FolderRole::Archive)? {
                Some(f) => f,
                None => store
                    .find_folder(account, "Archive")?
                    .filter(|f| f.selectable)
                    .ok_or_else(|| {
                        TernError::new(
                            ErrorKind::NotFound,
                            "This account has no Archive folder. Create one on the server, or move the \
                         message instead.",
                        )
                        .with_text(Text::new("err-no-archive"))
                    })?,
            };
            let targets = targets(store, account, ids)?;
            let summary = format!("Archive {}", count(targets.len()));
            Ok(move_op(json, summary, now, &targets, &dest))
        }
        Action::Delete { ids, forever: true } => {
            let targets = targets(store, account, ids)?;
            let items = targets
                .iter()
                .enumerate()
                .map(|(i, t)| item(i, t))
                .collect::<Vec<_>>();
            Ok(NewOp {
                kind: OpKind::Expunge,
                action: json,
                summary: format!("Delete {} for good", count(items.len())),
                created_ms: now,
                undo_of: 0,
                items,
            })
        }
        Action::Delete { ids, forever: false } => {
            let targets = targets(store, account, ids)?;
            let Some(trash) = folder_with_role(store, account, FolderRole::Trash)? else {
                return Err(TernError::new(
                    ErrorKind::NeedsConfirmation,
                    "This account has no Trash folder, so deleting removes messages for good. Confirm to \
                     delete them for good (`--forever`).",
                )
                .with_text(Text::new("err-no-trash")));
            };
            if targets.iter().any(|t| t.folder_id == trash.id) {
                return Err(TernError::new(
                    ErrorKind::NeedsConfirmation,
                    "Deleting from Trash removes messages for good. Confirm to delete them for good \
                     (`--forever`).",
                )
                .with_text(Text::new("err-delete-from-trash")));
            }
            let summary = format!("Move {} to {}", count(targets.len()), trash.path);
            Ok(move_op(json, summary, now, &targets, &trash))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_naturally() {
        assert_eq!(flags_summary(1, Flags::SEEN, Flags(0)), "Mark 1 message as read");
        assert_eq!(
            flags_summary(3, Flags(0), Flags::SEEN),
            "Mark 3 messages as unread"
        );
        assert_eq!(flags_summary(2, Flags::FLAGGED, Flags(0)), "Star 2 messages");
        assert_eq!(flags_summary(1, Flags(0), Flags::FLAGGED), "Unstar 1 message");
        assert_eq!(
            flags_summary(1, Flags::SEEN, Flags::FLAGGED),
            "Change the flags of 1 message"
        );
    }
}
