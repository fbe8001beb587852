//! Settings: the senders whose remote images are always shown (issue 12 item 3), each
//! with "Stop showing" to take the choice back.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::core::TernError;
use crate::fl;
use crate::store::{ImageSender, Store};
use crate::ui::env::Env;
use crate::ui::theme;
use crate::ui::widget::muted;

#[derive(Debug, Clone, Default)]
pub struct ImageSenders {
    pub list: Vec<ImageSender>,
    pub error: Option<TernError>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Vec<ImageSender>, TernError>),
    /// Stop always showing images of (account, address).
    Forget(String, String),
}

impl ImageSenders {
    /// Reads the list (when settings open, and after a change).
    pub fn load(env: &Env) -> Task<Message> {
        let cache = env.paths.cache_db();
        crate::ui::db::blocking(move || Store::open(&cache)?.remote_image_senders()).map(Message::Loaded)
    }

    pub fn update(&mut self, message: Message, env: &Env) -> Task<Message> {
        match message {
            Message::Loaded(Ok(list)) => {
                self.list = list;
                self.error = None;
            }
            Message::Loaded(Err(e)) => self.error = Some(e),
            Message::Forget(account, address) => {
                self.list
                    .retain(|s| !(s.account == account && s.address == address));
                let cache = env.paths.cache_db();
                return crate::ui::db::blocking(move || {
                    let store = Store::open(&cache)?;
                    store.forget_remote_image_sender(&account, &address)?;
                    store.remote_image_senders()
                })
                .map(Message::Loaded);
            }
        }
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut list = column![text(fl!("settings-image-senders")).size(theme::HEADING)].spacing(8);
        if let Some(e) = &self.error {
            list = list.push(muted(crate::ui::errors::headline(e)));
        }
        if self.list.is_empty() {
            list = list.push(muted(fl!("settings-image-senders-none")));
        }
        for s in &self.list {
            list = list.push(
                container(
                    row![
                        column![
                            text(s.address.clone()).size(theme::TEXT),
                            muted(s.account.clone())
                        ]
                        .spacing(2)
                        .width(Length::Fill),
                        button(text(fl!("settings-image-senders-forget")).size(theme::SMALL))
                            .style(button::secondary)
                            .on_press(Message::Forget(s.account.clone(), s.address.clone())),
                    ]
                    .spacing(12)
                    .align_y(Alignment::Center),
                )
                .padding([8, 14])
                .style(theme::card),
            );
        }
        list.into()
    }
}
