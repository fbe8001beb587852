//! Conversation rows in the message list (issue 11): with the setting on, the list
//! shows one row per conversation in the folder, standing for its newest message there
//! (`Store::conversation_page`). The row keeps the ids of every message of the
//! conversation in the folder, so an action on the row applies to all of them.

use std::collections::BTreeSet;

use crate::core::{FolderId, MessageId, TernError};
use crate::store::{ConversationRow, MessageSummary, Seek, Store};

use super::list::List;

/// What a conversation row shows beyond its newest message, and what it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowThread {
    /// The conversation's messages in the folder, oldest first.
    pub ids: Vec<MessageId>,
    pub unread: u32,
    /// Senders, oldest first, joined for the row.
    pub participants: String,
}

/// Rows read for the list: the summaries, and the conversation of each row when the
/// list shows conversations.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub rows: Vec<MessageSummary>,
    pub threads: Vec<(MessageId, RowThread)>,
}

impl Page {
    pub fn plain(rows: Vec<MessageSummary>) -> Page {
        Page {
            rows,
            threads: Vec::new(),
        }
    }

    pub fn of_conversations(rows: Vec<ConversationRow>) -> Page {
        let mut page = Page::default();
        for r in rows {
            let id = r.newest.id;
            page.threads.push((
                id,
                RowThread {
                    ids: r.ids,
                    unread: r.unread,
                    participants: r.participants.join(", "),
                },
            ));
            page.rows.push(r.newest);
        }
        page
    }
}

/// A page of conversation rows and the folder's number of rows.
pub fn read_page(
    s: &Store,
    folder: FolderId,
    seek: Seek,
    skip: u32,
    limit: u32,
    with_total: bool,
) -> Result<(Option<u32>, Page), TernError> {
    let total = if with_total {
        Some(s.conversation_count(folder)?)
    } else {
        None
    };
    let rows = s.conversation_page(folder, seek, skip, limit)?;
    Ok((total, Page::of_conversations(rows)))
}

impl List {
    /// Remembers the conversations of rows just read.
    pub(super) fn keep_threads(&mut self, threads: Vec<(MessageId, RowThread)>) {
        self.threads.extend(threads);
    }

    /// The conversation a row stands for (none in the plain list or for a row whose
    /// conversation has one message).
    pub fn thread_of_row(&self, id: MessageId) -> Option<&RowThread> {
        self.threads.get(&id).filter(|t| t.ids.len() > 1)
    }

    /// The messages a row stands for: its conversation's in the folder, or itself.
    pub fn members(&self, id: MessageId) -> Vec<MessageId> {
        match self.threads.get(&id) {
            Some(t) if !t.ids.is_empty() => t.ids.clone(),
            _ => vec![id],
        }
    }

    /// Every message the selected rows stand for, each once.
    pub(super) fn expand(&self, rows: impl IntoIterator<Item = MessageId>) -> Vec<MessageId> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for row in rows {
            for id in self.members(row) {
                if seen.insert(id) {
                    out.push(id);
                }
            }
        }
        out
    }
}

impl super::Mailbox {
    /// The setting changed: the list shows the open folder again in the new way.
    pub fn set_conversations(&mut self, on: bool, env: &crate::ui::env::Env) -> iced::Task<super::Message> {
        self.list.conversations = on;
        self.reader.conversations = on;
        let Some((account, folder)) = self.list.folder else {
            return iced::Task::none();
        };
        if self.list.search.is_some() {
            return iced::Task::none();
        }
        let total = self.folders.folder(account, folder).map_or(0, |f| f.total);
        self.reader.close();
        self.manage.mark_read = None;
        self.list
            .open(account, folder, total, &env.db)
            .map(super::Message::List)
    }
}
