//! Settings: the accounts, with add, edit and remove (removal asks first), and the
//! general settings (theme, mark read, sync interval, save folder).

use iced::widget::{button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length, Task};

use super::general;
use super::image_senders::{self, ImageSenders};
use super::password::Place;
use crate::config::{AccountConfig, Config, Security};
use crate::core::AccountHealth;
use crate::fl;
use crate::ui::env::Env;
use crate::ui::prefs::Prefs;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, labeled_button, muted};

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The account whose removal waits for confirmation.
    confirm_remove: Option<String>,
    /// Senders whose remote images are always shown.
    pub senders: ImageSenders,
}

#[derive(Debug, Clone)]
pub enum Message {
    Add,
    Edit(String),
    AskRemove(String),
    ConfirmRemove,
    CancelRemove,
    Close,
    General(general::Message),
    /// "Sign in again" for the account with this name.
    SignIn(String),
    Senders(image_senders::Message),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Add,
    Edit(String),
    Remove(String),
    Close,
    General(general::Message),
    SignIn(String),
}

impl Settings {
    pub fn update(&mut self, message: Message, env: &Env) -> (Task<Message>, Option<Event>) {
        let event = match message {
            Message::Senders(m) => return (self.senders.update(m, env).map(Message::Senders), None),
            Message::Add => Some(Event::Add),
            Message::Edit(name) => Some(Event::Edit(name)),
            Message::AskRemove(name) => {
                self.confirm_remove = Some(name);
                None
            }
            Message::ConfirmRemove => self.confirm_remove.take().map(Event::Remove),
            Message::CancelRemove => {
                self.confirm_remove = None;
                None
            }
            Message::Close => Some(Event::Close),
            Message::General(m) => Some(Event::General(m)),
            Message::SignIn(name) => Some(Event::SignIn(name)),
        };
        (Task::none(), event)
    }

    /// `place(account)` tells where an account's password lives; `health(account)` what
    /// is known of its health and whether its password was refused.
    pub fn view<'a>(
        &'a self,
        config: &'a Config,
        place: impl Fn(&AccountConfig) -> Place,
        health: impl Fn(&AccountConfig) -> (Option<AccountHealth>, bool),
        prefs: &'a Prefs,
        default_dir: String,
    ) -> Element<'a, Message> {
        let mut list = column![].spacing(10);
        if config.accounts.is_empty() {
            list = list.push(muted(fl!("settings-no-accounts")));
        }
        for a in &config.accounts {
            let security = match a.imap.security {
                Security::Tls => fl!("security-tls"),
                Security::Starttls => fl!("security-starttls"),
                Security::Plain => fl!("security-plain"),
            };
            let server = format!("{}:{} · {security}", a.imap.host, a.imap.port);
            let sending = match &a.smtp {
                Some(s) => {
                    let security = match s.security {
                        Security::Tls => fl!("security-tls"),
                        Security::Starttls => fl!("security-starttls"),
                        Security::Plain => fl!("security-plain"),
                    };
                    let port = match s.port {
                        0 => super::setup::smtp_port(s.security),
                        p => p,
                    };
                    fl!(
                        "settings-smtp",
                        server = format!("{}:{port} · {security}", s.host)
                    )
                }
                None => fl!("settings-no-smtp"),
            };
            // Truthful: a session-only password is gone after a restart (issue 17 item 3).
            let password = match place(a) {
                Place::Command => fl!("settings-password-command"),
                Place::Session => fl!("settings-password-session"),
                Place::Keychain => fl!("settings-password-keychain"),
                Place::NotSaved => fl!("settings-password-not-saved"),
                Place::NoKeychain => fl!("settings-password-no-keychain"),
                Place::Unknown => fl!("settings-password-checking"),
            };
            let mut info = column![
                text(a.name.clone()).size(theme::TEXT).font(theme::SEMIBOLD),
                muted(a.email.clone()),
                muted(server),
                muted(sending),
                muted(password),
            ]
            .spacing(2);
            let (known, refused) = health(a);
            info = info.push(super::settings_health::view(
                known.as_ref(),
                refused.then(|| Message::SignIn(a.name.clone())),
            ));
            if self.confirm_remove.as_deref() == Some(a.name.as_str()) {
                info = info.push(
                    container(
                        column![
                            text(fl!("settings-remove-confirm", name = a.name.clone())).size(theme::SMALL),
                            row![
                                button(text(fl!("settings-remove")).size(theme::SMALL))
                                    .style(button::danger)
                                    .on_press(Message::ConfirmRemove),
                                button(text(fl!("cancel")).size(theme::SMALL))
                                    .style(button::secondary)
                                    .on_press(Message::CancelRemove),
                            ]
                            .spacing(8)
                        ]
                        .spacing(8),
                    )
                    .padding(10)
                    .style(theme::error_box),
                );
            }
            let actions = row![
                labeled_button(
                    Icon::Settings,
                    fl!("settings-edit"),
                    Some(Message::Edit(a.name.clone()))
                )
                .style(button::secondary),
                labeled_button(
                    Icon::Trash,
                    fl!("settings-remove"),
                    Some(Message::AskRemove(a.name.clone()))
                )
                .style(button::secondary),
            ]
            .spacing(8);
            list = list.push(
                container(
                    row![icon(Icon::User, 22.0), info.width(Length::Fill), actions]
                        .spacing(12)
                        .align_y(Alignment::Start),
                )
                .padding(14)
                .style(theme::card),
            );
        }
        let header = row![
            text(fl!("settings-title")).size(24).font(theme::SEMIBOLD),
            space::horizontal(),
            labeled_button(Icon::Plus, fl!("settings-add"), Some(Message::Add)),
            button(text(fl!("settings-done")))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        let body = column![
            header,
            text(fl!("settings-accounts")).size(theme::HEADING),
            list,
            text(fl!("settings-general")).size(theme::HEADING),
            general::view(prefs, default_dir).map(Message::General),
            self.senders.view().map(Message::Senders),
        ]
        .spacing(18);
        container(scrollable(container(body).padding(32).max_width(760)).width(Length::Fill))
            .center_x(Length::Fill)
            .height(Length::Fill)
            .style(theme::pane)
            .into()
    }
}
