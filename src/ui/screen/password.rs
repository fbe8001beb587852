//! The small "password for this account" dialog (issue 17 item 3). An account whose
//! password was kept for one session only has none after a restart: instead of two big
//! error boxes and the full account form, Tern asks once, in a dialog over the window,
//! and offers to remember it in the system keychain when there is one. A password is
//! moved to the keychain only after the server accepted it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use iced::widget::{button, checkbox, column, container, row, space, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::config::{AccountConfig, SecretStore};
use crate::core::{AccountEvent, AccountId, ErrorKind};
use crate::fl;
use crate::ui::secrets::{KeychainState, Secrets};
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

pub const PASSWORD_PROMPT_ID: &str = "password-prompt";

/// The dialog while it is up.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub account: AccountId,
    pub name: String,
    pub email: String,
    pub host: String,
    pub password: String,
    pub remember: bool,
    /// The server refused the last password typed here.
    pub refused: bool,
}

/// Where an account's password lives, as Settings says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Command,
    Session,
    Keychain,
    NotSaved,
    NoKeychain,
    Unknown,
}

/// The dialog, the accounts waiting for it, and what is known about the keychain.
#[derive(Debug, Default)]
pub struct Prompts {
    pub open: Option<Prompt>,
    /// Accounts that need a password after the open one.
    waiting: Vec<AccountId>,
    /// Accounts asked once already this run (the dialog does not pop up again by itself).
    asked: BTreeSet<AccountId>,
    /// A password typed here waits for the server's yes before it goes to the keychain.
    remember_after_login: BTreeSet<AccountId>,
    /// Typed here and sent to the worker: a refusal reopens the dialog.
    tried: BTreeSet<AccountId>,
    /// Account name -> what the keychain holds (read off the UI thread).
    pub keychain: BTreeMap<String, KeychainState>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Password(String),
    Remember(bool),
    Submit,
    Cancel,
    /// What the keychain holds for each account.
    Checked(Vec<(String, KeychainState)>),
    /// The password went to the keychain (or could not).
    Remembered(String, KeychainState),
}

/// What the app does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The password is in memory: restart the account's worker with it.
    Restart(AccountId),
}

/// Reads what the keychain holds for `names`, on the blocking pool.
pub fn check(secrets: &Arc<Secrets>, names: Vec<String>) -> Task<Message> {
    let secrets = secrets.clone();
    Task::future(async move {
        tokio::task::spawn_blocking(move || {
            names
                .into_iter()
                .map(|n| {
                    let state = secrets.keychain_state(&n);
                    (n, state)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default()
    })
    .map(Message::Checked)
}

impl Prompts {
    /// Where `account`'s password lives now.
    pub fn place(&self, account: &AccountConfig, secrets: &Secrets) -> Place {
        if account.imap.password_command.is_some() {
            Place::Command
        } else if secrets.is_session_only(&account.name) {
            Place::Session
        } else {
            match self.keychain.get(&account.name) {
                Some(KeychainState::Has) => Place::Keychain,
                Some(KeychainState::Empty) => Place::NotSaved,
                Some(KeychainState::Unavailable) => Place::NoKeychain,
                None => Place::Unknown,
            }
        }
    }

    /// Opens the dialog for `account` (or queues it behind the open one).
    pub fn ask(&mut self, id: AccountId, account: &AccountConfig) -> Task<Message> {
        self.asked.insert(id);
        if self.open.as_ref().is_some_and(|p| p.account == id) || self.waiting.contains(&id) {
            return Task::none();
        }
        if self.open.is_some() {
            self.waiting.push(id);
            return Task::none();
        }
        let remember = !matches!(self.keychain.get(&account.name), Some(KeychainState::Unavailable));
        self.open = Some(Prompt {
            account: id,
            name: account.name.clone(),
            email: account.email.clone(),
            host: account.imap.host.clone(),
            password: String::new(),
            remember,
            refused: self.tried.remove(&id),
        });
        iced::widget::operation::focus(PASSWORD_PROMPT_ID)
    }

    /// Watches worker events: asks once for a missing password, again after a refused
    /// one typed here, and moves a remembered password to the keychain once accepted.
    pub fn on_event(
        &mut self,
        id: AccountId,
        event: &AccountEvent,
        account: Option<&AccountConfig>,
        secrets: &Arc<Secrets>,
    ) -> Task<Message> {
        // OAuth2 accounts have no password to ask for (they sign in again in the browser).
        let Some(account) = account.filter(|a| {
            a.imap.password_command.is_none() && a.imap.auth == crate::config::ImapAuth::Password
        }) else {
            return Task::none();
        };
        match event {
            AccountEvent::AuthRequired(e) => {
                let missing = e.kind == ErrorKind::Secret && !self.asked.contains(&id);
                let refused = e.kind == ErrorKind::Auth && self.tried.contains(&id);
                self.remember_after_login.remove(&id);
                if missing || refused {
                    return self.ask(id, account);
                }
                Task::none()
            }
            AccountEvent::Connectivity(crate::core::Connectivity::Online) => {
                self.tried.remove(&id);
                if !self.remember_after_login.remove(&id) {
                    return Task::none();
                }
                let (secrets, name) = (secrets.clone(), account.name.clone());
                Task::future(async move {
                    let n = name.clone();
                    let state = tokio::task::spawn_blocking(move || {
                        let moved = secrets
                            .get(&n)
                            .ok()
                            .flatten()
                            .is_some_and(|pw| secrets.set(&n, &pw).is_ok());
                        if moved {
                            KeychainState::Has
                        } else {
                            KeychainState::Unavailable
                        }
                    })
                    .await
                    .unwrap_or(KeychainState::Unavailable);
                    Message::Remembered(name, state)
                })
            }
            _ => Task::none(),
        }
    }

    pub fn update(&mut self, message: Message, secrets: &Secrets) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Checked(states) => self.keychain.extend(states),
            Message::Remembered(name, state) => {
                self.keychain.insert(name, state);
            }
            Message::Password(p) => {
                if let Some(o) = &mut self.open {
                    o.password = p;
                }
            }
            Message::Remember(on) => {
                if let Some(o) = &mut self.open {
                    o.remember = on;
                }
            }
            Message::Submit => {
                let Some(o) = self.open.take_if(|o| !o.password.is_empty()) else {
                    return (Task::none(), None);
                };
                // In memory first; the keychain gets it once the server said yes.
                secrets.keep_for_session(&o.name, &o.password);
                if o.remember {
                    self.remember_after_login.insert(o.account);
                }
                self.tried.insert(o.account);
                return (Task::none(), Some(Event::Restart(o.account)));
            }
            Message::Cancel => {
                self.open = None;
            }
        }
        (Task::none(), None)
    }

    /// The next account waiting for the dialog, once the open one is closed.
    pub fn next_waiting(&mut self) -> Option<AccountId> {
        if self.open.is_some() || self.waiting.is_empty() {
            return None;
        }
        Some(self.waiting.remove(0))
    }

    pub fn view(&self) -> Option<Element<'_, Message>> {
        let o = self.open.as_ref()?;
        let keychain = !matches!(self.keychain.get(&o.name), Some(KeychainState::Unavailable));
        let mut content = column![
            row![
                icon(Icon::User, 22.0),
                text(fl!("password-title", name = o.name.clone()))
                    .size(theme::HEADING)
                    .font(theme::SEMIBOLD)
            ]
            .spacing(10)
            .align_y(Alignment::Center),
            muted(fl!(
                "password-body",
                email = o.email.clone(),
                host = o.host.clone()
            )),
        ]
        .spacing(12);
        if o.refused {
            content = content.push(
                container(text(fl!("password-refused")).size(theme::SMALL))
                    .padding([6, 10])
                    .width(Length::Fill)
                    .style(theme::error_box),
            );
        }
        content = content.push(
            text_input(&fl!("setup-password-placeholder"), &o.password)
                .id(PASSWORD_PROMPT_ID)
                .secure(true)
                .padding(8)
                .size(theme::TEXT)
                .on_input(Message::Password)
                .on_submit(Message::Submit),
        );
        content = content.push(if keychain {
            Element::from(
                checkbox(o.remember)
                    .label(fl!("password-remember"))
                    .text_size(theme::SMALL)
                    .on_toggle(Message::Remember),
            )
        } else {
            muted(fl!("password-no-keychain")).into()
        });
        content = content.push(
            row![
                space::horizontal(),
                button(text(fl!("password-later")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
                button(text(fl!("password-sign-in")))
                    .on_press_maybe((!o.password.is_empty()).then_some(Message::Submit)),
            ]
            .spacing(8),
        );
        let dialog = container(content).padding(20).max_width(440).style(theme::dialog);
        Some(container(dialog).center(Length::Fill).style(theme::scrim).into())
    }
}
