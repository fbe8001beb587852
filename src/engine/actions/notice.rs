//! The short, plain sentences that explain a change dropped in the server's favour
//! (`AccountEvent::Conflict`).

use crate::core::{ErrorKind, Flags, TernError, Text};
use crate::imap::decode_mailbox_name;
use crate::store::{OpItem, OpKind};

/// Why items were dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
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

/// A folder's name; the inbox in the window's language.
fn folder_arg(raw: &str) -> crate::core::Arg {
    if raw.eq_ignore_ascii_case("INBOX") {
        Text::new("folder-inbox").into()
    } else {
        decode_mailbox_name(raw).into()
    }
}

/// The verb as a Fluent message (the window's language).
fn verb_text(kind: OpKind, it: &OpItem) -> Text {
    match kind {
        OpKind::Flags => Text::new(match (Flags(it.add), Flags(it.remove)) {
            (a, Flags(0)) if a == Flags::SEEN => "notice-verb-read",
            (Flags(0), r) if r == Flags::SEEN => "notice-verb-unread",
            (a, Flags(0)) if a == Flags::FLAGGED => "notice-verb-starred",
            (Flags(0), r) if r == Flags::FLAGGED => "notice-verb-unstarred",
            _ => "notice-verb-changed",
        }),
        OpKind::Move => Text::new("notice-verb-moved").arg("folder", folder_arg(&it.dest)),
        OpKind::Expunge => Text::new("notice-verb-deleted"),
    }
}

/// The same sentence as `conflict`'s English one, as a Fluent message.
fn conflict_text(kind: OpKind, items: &[&OpItem], why: &Why) -> Option<Text> {
    let first = items.first()?;
    let one = items.len() == 1;
    let subject = crate::mime::display_safe(first.subject.trim());
    let what = match (one, subject.is_empty()) {
        (true, true) => Text::new("notice-what-no-subject"),
        (true, false) => Text::new("notice-what-subject").arg("subject", subject),
        (false, _) => Text::new("notice-what-many").arg("count", items.len()),
    };
    let pick = |a: &'static str, b: &'static str| if one { a } else { b };
    let id = match why {
        Why::Gone => pick("notice-gone-one", "notice-gone-many"),
        Why::FolderGone => pick("notice-folder-gone-one", "notice-folder-gone-many"),
        Why::DestGone => pick("notice-dest-gone-one", "notice-dest-gone-many"),
        Why::Renumbered => pick("notice-renumbered-one", "notice-renumbered-many"),
        Why::Ambiguous => "notice-ambiguous",
        Why::Refused(_) => pick("notice-refused-one", "notice-refused-many"),
    };
    let mut text = Text::new(id)
        .arg("what", what)
        .arg("verb", verb_text(kind, first))
        .arg("folder", folder_arg(&first.folder))
        .arg("dest", folder_arg(&first.dest));
    if let Why::Refused(reason) = why {
        text = text.arg("reason", reason.trim_end_matches('.').to_string());
    }
    Some(text)
}

/// One sentence for `items` (all of one op and one folder) dropped for `why`.
pub(crate) fn conflict(kind: OpKind, items: &[&OpItem], why: &Why) -> TernError {
    let Some(first) = items.first() else {
        return TernError::new(
            ErrorKind::NotFound,
            "A change could not be applied on the server.",
        )
        .with_text(Text::new("err-change-not-applied"));
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
    let error = TernError::new(error_kind, text);
    match conflict_text(kind, items, why) {
        Some(t) => error.with_text(t),
        None => error,
    }
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
        let t = e.text.expect("translatable");
        assert_eq!(t.id, "notice-folder-gone-many");
    }
}
