//! The reader's conversation (issue 11): with conversations on, the reader lists the
//! other messages of the open message's conversation, across the folders of its
//! account and oldest first, each collapsed to a one-line header. Clicking one expands
//! it: it becomes the open message, whose body is read from the cache or fetched by the
//! worker (the reader's usual path), so bodies are fetched only when asked for.

use iced::widget::{Column, button, container, row, rule, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::reader::{Message, Reader};
use crate::core::{AccountId, Flags, MessageId, TernError};
use crate::fl;
use crate::mime::display_safe;
use crate::store::ThreadMessage;
use crate::ui::db::Db;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::ellipsis::{one_line, plain};

/// Collapsed headers above or below the open message take at most this height.
const HEADERS_MAX_HEIGHT: f32 = 200.0;

/// The open message's conversation.
#[derive(Debug, Clone, Default)]
pub struct Thread {
    /// The message the conversation was read for.
    pub of: Option<MessageId>,
    /// Every message of it, oldest first (empty while reading or when alone).
    pub messages: Vec<ThreadMessage>,
}

/// Reads the conversation of `id`.
pub(super) fn load(id: MessageId, db: &Db) -> Task<Message> {
    let db = db.clone();
    Task::perform(
        async move { db.read(move |s| s.thread_messages(id)).await },
        move |r| Message::Thread(id, r),
    )
}

impl Reader {
    /// A list row was opened: read its conversation (with conversations on).
    pub(super) fn start_thread(&mut self, id: MessageId, db: &Db) -> Task<Message> {
        self.thread = Thread {
            of: Some(id),
            messages: Vec::new(),
        };
        if self.conversations {
            load(id, db)
        } else {
            Task::none()
        }
    }

    /// Messages of `account` changed: read the open conversation again.
    pub fn refresh_thread(&mut self, account: AccountId, db: &Db) -> Task<Message> {
        match (&self.open, self.thread.of) {
            (Some(o), Some(of)) if self.conversations && o.account == account => load(of, db),
            _ => Task::none(),
        }
    }

    pub(super) fn thread_loaded(&mut self, of: MessageId, result: Result<Vec<ThreadMessage>, TernError>) {
        if self.thread.of != Some(of) {
            return;
        }
        // Without a conversation there is nothing to list; a failed read leaves the
        // message alone on screen, as with conversations off.
        self.thread.messages = result.ok().filter(|m| m.len() > 1).unwrap_or_default();
    }

    /// A collapsed message was clicked: it becomes the open one (its body is read or
    /// fetched now); the conversation stays.
    pub(super) fn expand(&mut self, id: MessageId, db: &Db) -> Task<Message> {
        let Some(account) = self.open.as_ref().map(|o| o.account) else {
            return Task::none();
        };
        if !self.thread.messages.iter().any(|m| m.summary.id == id) {
            return Task::none();
        }
        self.open_message(account, id, db)
    }

    /// The ids of the conversation's messages (for tests and the window).
    pub fn thread_ids(&self) -> Vec<MessageId> {
        self.thread.messages.iter().map(|m| m.summary.id).collect()
    }
}

/// The open message with its conversation's other messages as collapsed headers:
/// older ones above, newer ones below.
pub fn with_thread<'a>(
    reader: &'a Reader,
    open: MessageId,
    content: Element<'a, Message>,
) -> Element<'a, Message> {
    let messages = &reader.thread.messages;
    let Some(at) = messages.iter().position(|m| m.summary.id == open) else {
        return content;
    };
    let older = headers(&messages[..at]);
    let newer = headers(&messages[at + 1..]);
    let mut page = Column::new().height(Length::Fill);
    if let Some(h) = older {
        page = page.push(h).push(rule::horizontal(1));
    }
    page = page.push(container(content).height(Length::Fill));
    if let Some(h) = newer {
        page = page.push(rule::horizontal(1)).push(h);
    }
    page.into()
}

fn headers(messages: &[ThreadMessage]) -> Option<Element<'_, Message>> {
    if messages.is_empty() {
        return None;
    }
    let now = format::now();
    let list = Column::with_children(messages.iter().map(|m| header(m, now))).spacing(1);
    Some(
        container(scrollable(list).anchor_bottom())
            .max_height(HEADERS_MAX_HEIGHT)
            .width(Length::Fill)
            .into(),
    )
}

/// One collapsed message: sender, folder, a bit of the subject, date.
fn header(m: &ThreadMessage, now: i64) -> Element<'_, Message> {
    let s = &m.summary;
    let unread = !Flags(s.flags).contains(Flags::SEEN);
    let weight = if unread { theme::SEMIBOLD } else { theme::REGULAR };
    let who = if s.from_name.trim().is_empty() {
        &s.from_addr
    } else {
        &s.from_name
    };
    let subject = display_safe(&s.subject);
    let subject = if subject.is_empty() {
        fl!("list-no-subject")
    } else {
        subject
    };
    let line = row![
        container(one_line(display_safe(who), theme::SMALL + 1.0, weight, plain))
            .width(Length::FillPortion(2)),
        container(one_line(subject, theme::SMALL, theme::REGULAR, plain)).width(Length::FillPortion(3)),
        text(display_safe(&m.folder_path))
            .size(theme::SMALL)
            .style(theme::muted_text),
        text(format::list_date(s.date, now))
            .size(theme::SMALL)
            .style(theme::muted_text),
    ]
    .spacing(10)
    .align_y(Alignment::Center);
    button(line)
        .width(Length::Fill)
        .padding([6, 14])
        .style(theme::row(false))
        .on_press(Message::Expand(s.id))
        .into()
}
