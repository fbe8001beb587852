//! The app's side of account health in settings: what the workers reported, and "Sign in
//! again" (the password dialog over the mailbox).

use iced::Task;

use super::app::{App, Message, Screen};
use crate::config::AccountConfig;
use crate::core::{AccountHealth, ErrorKind};

impl App {
    /// What settings show for `account`: its health, and whether its password was refused.
    pub(super) fn health_of(&self, account: &AccountConfig) -> (Option<AccountHealth>, bool) {
        let refused = self
            .accounts
            .iter()
            .find(|a| a.config.name == account.name)
            .and_then(|a| self.mailbox.statuses.iter().find(|s| s.id == a.id))
            .is_some_and(|s| s.auth_required && s.error.as_ref().is_some_and(|e| e.kind == ErrorKind::Auth));
        (self.health.get(&account.name).cloned(), refused)
    }

    /// Asks for the password again: the small dialog over the mailbox, or the account
    /// form when the password comes from a command.
    pub(super) fn sign_in_again(&mut self, name: &str) -> Task<Message> {
        let Some(id) = self.accounts.iter().find(|a| a.config.name == name).map(|a| a.id) else {
            return Task::none();
        };
        match self.accounts.iter().find(|a| a.id == id) {
            Some(a) if a.config.imap.password_command.is_none() => {
                self.screen = Screen::Mailbox;
                self.prompts.ask(id, &a.config).map(Message::Password)
            }
            _ => self.edit_account(id),
        }
    }
}
