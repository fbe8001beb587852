//! Send: checks a person can fix in the composer, then the outbox write on the
//! blocking pool (the app pokes the worker once the message is stored).

use iced::Task;

use super::{Composer, Event, Message};
use crate::config::AccountConfig;
use crate::core::{ErrorKind, TernError};
use crate::fl;
use crate::ui::env::Env;

impl Composer {
    /// Checks what a person can fix here, then writes the message to the outbox on the
    /// blocking pool (the worker is poked once it is stored).
    pub(super) fn send(&mut self, env: &Env, accounts: &[AccountConfig]) -> (Task<Message>, Option<Event>) {
        if self.sending {
            return (Task::none(), None);
        }
        let draft = self.draft();
        if draft.to.is_empty() && draft.cc.is_empty() && draft.bcc.is_empty() {
            self.notice = Some(fl!("compose-no-recipient"));
            return (Task::none(), None);
        }
        let Some(account) = accounts.iter().find(|a| a.name == self.from).cloned() else {
            self.notice = Some(fl!("compose-no-account"));
            return (Task::none(), None);
        };
        if account.smtp.is_none() {
            self.notice = Some(fl!("compose-no-smtp", account = account.name.clone()));
            return (Task::none(), None);
        }
        if self.autosave.in_flight {
            // The save's answer comes first; Send is pressed again by then if wanted.
            self.notice = Some(fl!("compose-still-saving"));
            return (Task::none(), None);
        }
        self.sending = true;
        self.completion = None;
        let cache = env.paths.cache_db();
        let task = Task::future(async move {
            tokio::task::spawn_blocking(move || crate::engine::outbox::queue(&cache, &account, &draft))
                .await
                .unwrap_or_else(|e| Err(TernError::new(ErrorKind::Store, e.to_string())))
        })
        .map(Message::Queued);
        (task, None)
    }
}
