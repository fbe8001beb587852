//! The short, plain sentences that explain a change dropped in the server's favour
//! (`AccountEvent::Conflict`).

use crate::core::{ErrorKind, Flags, TernError};
use crate::imap::decode_mailbox_name;
use crate::store::{OpItem, OpKind};

/// Why items were dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Why {
    /// The message is not in its folder any more (deleted or moved by another client).
    Gone,
    /// The source folder was deleted or renamed.
    FolderGone,
    /// The destination folder was deleted or renamed.
    DestGone,
    /// New UIDVALIDITY and the Message-ID matches nothing (or there is none).
    Renumbered,
    /// New UIDVALIDITY and the Message-ID matches several messages.
    Ambiguous,
    /// The server answered NO or BAD.
    Refused(String),
}

fn folder_name(raw: &str) -> String {
    if raw.eq_ignore_ascii_case("INBOX") {
        "Inbox".into()
    } else {
        decode_mailbox_name(raw)
    }
}

fn verb(kind: OpKind, it: &OpItem) -> String {
    match kind {
        OpKind::Flags => match (Flags(it.add), Flags(it.remove)) {
            (a, Flags(0)) if a == Flags::SEEN => "marked as read".into(),
            (Flags(0), r) if r == Flags::SEEN => "marked as unread".into(),
            (a, Flags(0)) if a == Flags::FLAGGED => "starred".into(),
            (Flags(0), r) if r == Flags::FLAGGED => "unstarred".into(),
            _ => "changed".into(),
        },
        OpKind::Move => format!("moved to {}", folder_name(&it.dest)),
        OpKind::Expunge => "deleted".into(),
    }
}

/// One sentence for `items` (all of one op and one folder) dropped for `why`.
pub(super) fn conflict(kind: OpKind, items: &[&OpItem], why: &Why) -> TernError {
    let Some(first) = items.first() else {
        return TernError::new(
            ErrorKind::NotFound,
            "A change could not be applied on the server.",
        );
    };
    let one = items.len() == 1;
    let what = if one {
        let s = crate::mime::display_safe(first.subject.trim());
        if s.is_empty() {
            "A message without a subject".to_string()
        } else {
            format!("“{s}”")
        }
    } else {
        format!("{} messages", items.len())
    };
    let (was, it_was) = if one {
        ("was", "it was")
    } else {
        ("were", "they were")
    };
    let verb = verb(kind, first);
    let folder = folder_name(&first.folder);
    let (error_kind, text) = match why {
        Why::Gone => (
            ErrorKind::NotFound,
            format!(
                "{what} {} no longer in {folder} on the server, so {it_was} not {verb}.",
                if one { "is" } else { "are" }
            ),
        ),
        Why::FolderGone => (
            ErrorKind::NotFound,
            format!("The folder {folder} no longer exists on the server, so {what} {was} not {verb}."),
        ),
        Why::DestGone => (
            ErrorKind::NotFound,
            format!(
                "The folder {} no longer exists on the server, so {what} {was} not moved there.",
                folder_name(&first.dest)
            ),
        ),
        Why::Renumbered => (
            ErrorKind::NotFound,
            format!(
                "{folder} was renumbered on the server and {what} could not be found in it again, so \
                 {it_was} not {verb}."
            ),
        ),
        Why::Ambiguous => (
            ErrorKind::NotFound,
            format!(
                "{folder} was renumbered on the server and {what} matched more than one message there, \
                 so nothing \
                 was {verb} rather than risk changing the wrong message."
            ),
        ),
        Why::Refused(reason) => (
            ErrorKind::ServerRefused,
            format!(
                "The server did not accept {what} being {verb} ({}); {} shown as the server has {}.",
                reason.trim_end_matches('.'),
                if one { "it is" } else { "they are" },
                if one { "it" } else { "them" }
            ),
        ),
    };
    TernError::new(error_kind, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_plain() {
        let it = OpItem {
            folder: "INBOX".into(),
            dest: "Archive".into(),
            subject: "Lunch on Friday?".into(),
            ..OpItem::default()
        };
        let e = conflict(OpKind::Move, &[&it], &Why::Gone);
        assert_eq!(
            e.message,
            "“Lunch on Friday?” is no longer in Inbox on the server, so it was not moved to Archive."
        );
        let flag = OpItem {
            add: Flags::SEEN.0,
            ..it.clone()
        };
        let e = conflict(OpKind::Flags, &[&flag, &flag], &Why::FolderGone);
        assert_eq!(
            e.message,
            "The folder Inbox no longer exists on the server, so 2 messages were not marked as read."
        );
        assert_eq!(e.kind, ErrorKind::NotFound);
    }
}
