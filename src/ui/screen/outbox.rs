//! The outbox as a dialog over the mailbox: what waits to be sent, its state and last
//! error in plain words, with Cancel (back to the drafts) and Send now.

use iced::widget::{button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length, Task};

use crate::core::{DraftId, OutboxEntry, OutboxId, OutboxState, TernError};
use crate::fl;
use crate::ui::db::blocking;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

#[derive(Debug, Clone, Default)]
pub struct Outbox {
    pub entries: Vec<OutboxEntry>,
    pub loaded: bool,
    /// The outbox could not be read: say so instead of "nothing waiting".
    pub failed: bool,
    /// A problem reading or changing the outbox, or a confirmation ("back among drafts").
    pub notice: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Vec<OutboxEntry>, TernError>),
    Cancel(OutboxId),
    Cancelled(Result<Option<DraftId>, TernError>),
    SendNow(String),
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Ask this account's worker to send now.
    SendNow(String),
    Close,
}

/// Reads the outbox on the blocking pool.
pub fn load(cache: std::path::PathBuf) -> Task<Message> {
    blocking(move || crate::engine::outbox::entries(&cache)).map(Message::Loaded)
}

impl Outbox {
    pub fn update(&mut self, message: Message, cache: std::path::PathBuf) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(Ok(entries)) => {
                self.loaded = true;
                self.failed = false;
                self.entries = entries
                    .into_iter()
                    .filter(|e| e.state != OutboxState::Filed)
                    .collect();
                (Task::none(), None)
            }
            Message::Loaded(Err(e)) => {
                self.loaded = true;
                self.failed = true;
                self.notice = Some(e.message);
                (Task::none(), None)
            }
            Message::Cancel(id) => {
                let c = cache.clone();
                let task = blocking(move || crate::engine::outbox::cancel(&c, id)).map(Message::Cancelled);
                (task, None)
            }
            Message::Cancelled(result) => {
                self.notice = Some(match result {
                    Ok(_) => fl!("outbox-cancelled"),
                    Err(e) => e.message,
                });
                (load(cache), None)
            }
            Message::SendNow(account) => (Task::none(), Some(Event::SendNow(account))),
            Message::Close => (Task::none(), Some(Event::Close)),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut list = column![].spacing(10);
        if self.loaded && !self.failed && self.entries.is_empty() {
            list = list.push(muted(fl!("outbox-empty")));
        }
        for e in &self.entries {
            let state = match e.state {
                OutboxState::Queued => fl!("outbox-state-queued"),
                OutboxState::Sending => fl!("outbox-state-sending"),
                OutboxState::Sent => fl!("outbox-state-sent"),
                OutboxState::Filed => fl!("outbox-state-filed"),
                OutboxState::Held => fl!("outbox-state-held"),
            };
            let subject = if e.subject.trim().is_empty() {
                fl!("outbox-no-subject")
            } else {
                e.subject.clone()
            };
            let waiting = matches!(e.state, OutboxState::Queued | OutboxState::Held);
            let mut info = column![
                text(subject).size(theme::TEXT).font(theme::SEMIBOLD),
                muted(format!("{} · {state}", e.account)),
            ]
            .spacing(2);
            if !e.error.is_empty() {
                let said = crate::ui::errors::stored(&e.error, e.error_text.as_ref());
                info = info.push(text(said).size(theme::SMALL).style(theme::danger_text));
            }
            let mut actions = row![].spacing(6);
            if waiting {
                actions = actions
                    .push(
                        button(text(fl!("outbox-send-now")).size(theme::SMALL))
                            .padding([4, 10])
                            .on_press(Message::SendNow(e.account.clone())),
                    )
                    .push(
                        button(text(fl!("outbox-cancel")).size(theme::SMALL))
                            .padding([4, 10])
                            .style(button::secondary)
                            .on_press(Message::Cancel(e.id)),
                    );
            }
            list = list.push(
                row![container(info).width(Length::Fill), actions]
                    .spacing(10)
                    .align_y(Alignment::Center),
            );
        }
        let mut content = column![
            row![
                icon(Icon::Sent, 22.0),
                text(fl!("outbox-title"))
                    .size(theme::HEADING)
                    .font(theme::SEMIBOLD)
            ]
            .spacing(10)
            .align_y(Alignment::Center)
        ]
        .spacing(14);
        if let Some(n) = &self.notice {
            content = content.push(
                container(text(n.clone()).size(theme::SMALL))
                    .padding([6, 10])
                    .width(Length::Fill)
                    .style(theme::notice),
            );
        }
        content = content.push(scrollable(list).height(Length::Shrink)).push(row![
            space::horizontal(),
            button(text(fl!("outbox-close")))
                .style(button::secondary)
                .on_press(Message::Close)
        ]);
        let dialog = container(content)
            .padding(20)
            .max_width(560)
            .max_height(520)
            .style(theme::dialog);
        container(dialog).center(Length::Fill).style(theme::scrim).into()
    }
}
