//! Which new messages of one sync batch are worth a desktop notification.
//!
//! Kept free of I/O and of UI types so the rules can be tested directly; the caller
//! (the engine after IDLE or a poll) fills in `FolderContext` and the found messages.

/// How many "Sender: Subject" lines one notification lists; the rest only counts.
pub const MAX_PREVIEWS: usize = 3;

use crate::core::MessageId;

/// What the caller knows about the folder the batch was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderContext {
    /// The account's switch in settings.toml.
    pub account_enabled: bool,
    /// True while the folder is synced for the first time: everything in it is "new"
    /// to the cache but not to the user.
    pub first_sync: bool,
    /// Junk and Trash never notify.
    pub junk_or_trash: bool,
    /// The window has focus and shows this very folder: the user sees the mail arrive.
    pub shown_with_focus: bool,
}

/// One message found by IDLE or polling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub id: MessageId,
    pub uid: u32,
    pub sender: String,
    pub subject: String,
    /// The server already has `\Seen` on it (read on another device).
    pub seen: bool,
}

/// The content of one notification: how many messages and up to `MAX_PREVIEWS`
/// (sender, subject) pairs; `open` is the message a click opens (the newest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub count: usize,
    pub previews: Vec<(String, String)>,
    pub open: MessageId,
}

/// The notification for this batch, or `None` when nothing should be shown.
pub fn notification_for(context: FolderContext, found: &[NewMessage]) -> Option<Batch> {
    if !context.account_enabled || context.first_sync || context.junk_or_trash || context.shown_with_focus {
        return None;
    }
    let mut unseen: Vec<&NewMessage> = found.iter().filter(|m| !m.seen).collect();
    // Newest (highest UID) first: that is the one a click should open.
    unseen.sort_by_key(|m| std::cmp::Reverse(m.uid));
    let newest = unseen.first()?;
    Some(Batch {
        count: unseen.len(),
        previews: unseen
            .iter()
            .take(MAX_PREVIEWS)
            .map(|m| (m.sender.clone(), m.subject.clone()))
            .collect(),
        open: newest.id,
    })
}

impl Batch {
    /// The notification body: one "Sender: Subject" line per preview, and "…" on its own
    /// line when the batch holds more messages than it lists. (The translated summary,
    /// "3 new messages", is made by the caller with Fluent.)
    pub fn body(&self) -> String {
        let mut lines: Vec<String> = self
            .previews
            .iter()
            .map(|(from, subject)| format!("{from}: {subject}"))
            .collect();
        if self.count > self.previews.len() {
            lines.push("…".to_string());
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbox() -> FolderContext {
        FolderContext {
            account_enabled: true,
            first_sync: false,
            junk_or_trash: false,
            shown_with_focus: false,
        }
    }

    fn message(uid: u32, sender: &str, seen: bool) -> NewMessage {
        NewMessage {
            id: MessageId(i64::from(uid) + 100),
            uid,
            sender: sender.to_string(),
            subject: format!("Subject {uid}"),
            seen,
        }
    }

    #[test]
    fn one_batch_lists_newest_first_and_counts_all_unseen() {
        let found = [
            message(10, "Alice", false),
            message(12, "Bob", false),
            message(11, "Carol", true),
            message(13, "Dave", false),
            message(14, "Eve", false),
        ];
        let batch = notification_for(inbox(), &found).expect("a notification");
        assert_eq!(batch.count, 4);
        assert_eq!(batch.open, MessageId(114));
        let senders: Vec<&str> = batch.previews.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(senders, ["Eve", "Dave", "Bob"]);
        assert_eq!(
            batch.body(),
            "Eve: Subject 14\nDave: Subject 13\nBob: Subject 12\n…"
        );
    }

    #[test]
    fn nothing_when_all_seen_or_empty() {
        assert_eq!(notification_for(inbox(), &[]), None);
        assert_eq!(notification_for(inbox(), &[message(1, "Alice", true)]), None);
    }

    #[test]
    fn nothing_for_first_sync_junk_trash_focus_or_switched_off() {
        let found = [message(1, "Alice", false)];
        for context in [
            FolderContext {
                first_sync: true,
                ..inbox()
            },
            FolderContext {
                junk_or_trash: true,
                ..inbox()
            },
            FolderContext {
                shown_with_focus: true,
                ..inbox()
            },
            FolderContext {
                account_enabled: false,
                ..inbox()
            },
        ] {
            assert_eq!(notification_for(context, &found), None, "{context:?}");
        }
    }
}
