//! Adding, changing and removing an account from the app: accounts.toml first (nothing
//! changes if it cannot be written), then the cache row, or the clean-up of the
//! password, cached mail and queued actions. Kept apart from the routing in app.rs.

use iced::Task;

use super::app::{App, Message, Screen};
use super::db;
use super::screen::setup::Setup;
use crate::config::{AccountConfig, SecretStore};
use crate::core::TernError;
use crate::fl;

impl App {
    /// Writes the account to accounts.toml and gets its cache row.
    pub(super) fn save_account(&mut self, account: AccountConfig) -> Task<Message> {
        if self.config_broken {
            self.notice = Some(fl!("config-broken-not-saved"));
            return Task::none();
        }
        let mut next = self.config.clone();
        match next.accounts.iter_mut().find(|a| a.name == account.name) {
            Some(a) => *a = account.clone(),
            None => next.accounts.push(account.clone()),
        }
        let previous = std::mem::replace(&mut self.config, next);
        if let Err(e) = self.save_config() {
            self.config = previous;
            self.notice = Some(super::errors::detail(&e));
            return Task::none();
        }
        Task::perform(db::prepare(self.env.paths.cache_db(), vec![account]), |r| {
            Message::AccountReady(r.and_then(|mut v| {
                v.pop().map(|(c, id)| (Box::new(c), id)).ok_or_else(|| {
                    TernError::new(crate::core::ErrorKind::Store, "The account row was not created.")
                })
            }))
        })
    }

    pub(super) fn remove_account(&mut self, name: &str) -> Task<Message> {
        if self.config_broken {
            self.notice = Some(fl!("config-broken-not-saved"));
            return Task::none();
        }
        let previous = self.config.clone();
        self.config.accounts.retain(|a| a.name != name);
        if let Err(e) = self.save_config() {
            self.config = previous;
            self.notice = Some(super::errors::detail(&e));
            return Task::none();
        }
        // Dropping the account drops its subscription, which stops the worker.
        self.accounts.retain(|a| a.config.name != name);
        let secrets = self.env.secrets.clone();
        let name = name.to_string();
        let cache = self.env.paths.cache_db();
        // The password and the account's cached mail and queued actions go with it.
        let forget = Task::future(async move {
            tokio::task::spawn_blocking(move || {
                let forgot_mail = crate::store::Store::open(&cache).and_then(|mut s| s.delete_account(&name));
                secrets.delete(&name).and(forgot_mail)
            })
            .await
            .unwrap_or_else(|_| {
                Err(TernError::new(
                    crate::core::ErrorKind::Store,
                    "The clean-up stopped unexpectedly.",
                )
                .with_text(crate::core::Text::new("err-task-stopped")))
            })
            .map_err(|e| {
                // The account is gone from accounts.toml either way; say what is left.
                TernError::new(
                    e.kind,
                    fl!(
                        "account-removed-cleanup-failed",
                        error = crate::ui::errors::detail(&e)
                    ),
                )
            })
        })
        .map(Message::Removed);
        if self.accounts.is_empty() {
            self.screen = Screen::Setup(Box::new(Setup::add(true)));
        }
        Task::batch([
            forget,
            self.mailbox
                .set_accounts(self.account_list(), &self.env)
                .map(Message::Mailbox),
        ])
    }
}
