//! What the mailbox does with the account workers' events: folder lists and counts,
//! sync progress and errors, queued-action results, conflicts and outbox results.

use iced::Task;

use super::{Mailbox, Message, folders};
use crate::core::{AccountEvent, AccountId, Connectivity, ErrorKind};
use crate::fl;
use crate::ui::env::Env;

impl Mailbox {
    /// Reacts to a (current) worker event.
    pub fn on_event(&mut self, account: AccountId, event: AccountEvent, env: &Env) -> Task<Message> {
        let db = &env.db;
        let folder_name = |m: &Mailbox, f| {
            m.folders
                .folder(account, f)
                .map(folders::display_name)
                .unwrap_or_else(|| fl!("status-folder"))
        };
        match event {
            // New-mail notifications are the app's (app_notify.rs).
            AccountEvent::Ready(_) | AccountEvent::NewMail { .. } => Task::none(),
            AccountEvent::Connectivity(c) => {
                let status = self.statuses.iter_mut().find(|s| s.id == account);
                if let Some(s) = status {
                    s.connectivity = c;
                    if c == Connectivity::Online {
                        s.error = None;
                        s.auth_required = false;
                    }
                    if c == Connectivity::Offline {
                        s.progress = None;
                    }
                }
                if c == Connectivity::Online {
                    return self.reader.account_back(account, db).map(Message::Reader);
                }
                Task::none()
            }
            AccountEvent::SearchFound { seq, ids } => self
                .search
                .server_found(account, seq, ids, db)
                .map(Message::Search),
            AccountEvent::SearchFailed { seq, error } => {
                self.search.server_failed(account, seq, error);
                Task::none()
            }
            AccountEvent::FoldersChanged => self.folders.reload(account, db).map(Message::Folders),
            AccountEvent::MessagesChanged { folder } => {
                let mut tasks = vec![self.folders.reload(account, db).map(Message::Folders)];
                let unified = self
                    .list
                    .unified
                    .as_ref()
                    .is_some_and(|u| u.accounts.contains(&account));
                if self.list.folder == Some((account, folder)) || unified {
                    tasks.push(self.list.refresh(db).map(Message::List));
                }
                // A message of the open conversation may have arrived in another folder.
                tasks.push(self.reader.refresh_thread(account, db).map(Message::Reader));
                Task::batch(tasks)
            }
            AccountEvent::Progress { folder, done, total } => {
                let name = folder_name(self, folder);
                if let Some(s) = self.statuses.iter_mut().find(|s| s.id == account) {
                    s.progress = (done < total).then_some((name, done, total));
                }
                Task::none()
            }
            AccountEvent::BodyReady(id) => self.reader.body_ready(id, db).map(Message::Reader),
            AccountEvent::BodyFailed(id, e) => {
                self.reader.body_failed(id, e);
                Task::none()
            }
            AccountEvent::SyncDone => {
                if let Some(s) = self.statuses.iter_mut().find(|s| s.id == account) {
                    s.progress = None;
                }
                Task::none()
            }
            AccountEvent::AuthRequired(e) => {
                if let Some(s) = self.statuses.iter_mut().find(|s| s.id == account) {
                    s.error = Some(e);
                    s.auth_required = true;
                    s.progress = None;
                }
                Task::none()
            }
            AccountEvent::Error(e)
                if e.kind == ErrorKind::NeedsConfirmation && self.manage.needs_confirmation(account) =>
            {
                Task::none()
            }
            AccountEvent::ActionQueued { pending } => {
                self.set_pending(account, pending);
                self.manage.queued(account, iced::time::Instant::now());
                Task::none()
            }
            AccountEvent::PendingChanged { pending } => {
                self.set_pending(account, pending);
                Task::none()
            }
            AccountEvent::Conflict(e) => {
                self.manage
                    .conflict(crate::ui::errors::detail(&e), iced::time::Instant::now());
                Task::none()
            }
            AccountEvent::Error(e) => {
                if let Some(s) = self.statuses.iter_mut().find(|s| s.id == account) {
                    s.error = Some(e);
                    s.progress = None;
                }
                Task::none()
            }
            AccountEvent::OutboxChanged { waiting } => {
                if let Some(s) = self.statuses.iter_mut().find(|s| s.id == account) {
                    s.outbox = waiting;
                }
                Task::none()
            }
            // The outbox view re-reads itself (app); the status line follows OutboxChanged.
            AccountEvent::Sent(_) => Task::none(),
            // Settings keep these (app_health.rs).
            AccountEvent::Health(_) => Task::none(),
            AccountEvent::SendFailed(_, e) => {
                // Plain words from the sending side; the message stays in the outbox.
                let reason = crate::ui::errors::detail(&e);
                self.manage
                    .conflict(fl!("send-failed", reason = reason), iced::time::Instant::now());
                Task::none()
            }
        }
    }
}
