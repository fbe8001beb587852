//! The app's window title, Settings view, and its handling of the small password
//! dialog and the general settings (issue 17 items 3 and 10), kept apart from the
//! routing in app.rs.

use super::app::{App, Message, Screen};
use super::screen::general;
use super::screen::mailbox;
use super::screen::password;
use super::screen::settings;
use super::screen::setup::Setup;
use iced::{Element, Task};

use crate::core::{AccountId, Command, ErrorKind};
use crate::fl;

impl App {
    /// "Inbox – Tern (3 unread)": the open folder, and the unread mail of every inbox.
    pub fn title(&self) -> String {
        let unread: u32 = self
            .mailbox
            .folders
            .accounts
            .iter()
            .flat_map(|a| a.folders.iter())
            .filter(|f| f.role == crate::core::FolderRole::Inbox)
            .map(|f| f.unread)
            .sum();
        let app = if unread > 0 {
            fl!(
                "app-title-unread",
                count = unread,
                n = super::format::count(u64::from(unread))
            )
        } else {
            fl!("app-title")
        };
        if let (Screen::Mailbox, Some(c)) = (&self.screen, &self.composer) {
            return format!("{} – {app}", c.title());
        }
        match (&self.screen, self.mailbox.list.folder) {
            (Screen::Mailbox, Some((a, f))) => match self.mailbox.folders.folder(a, f) {
                Some(folder) => format!("{} – {app}", mailbox::folders::display_name(folder)),
                None => app,
            },
            (Screen::Mailbox, None) => match &self.mailbox.list.unified {
                Some(u) => format!("{} – {app}", mailbox::unified::name(u.view)),
                None => app,
            },
            _ => app,
        }
    }

    /// A general setting changed: apply it now and keep it.
    pub(super) fn on_general(&mut self, m: general::Message) -> Task<Message> {
        let (task, changed) = general::update(&mut self.prefs, m);
        let task = task.map(|m| Message::Settings(settings::Message::General(m)));
        match changed {
            None => return task,
            Some(general::Changed::Theme) => {}
            Some(general::Changed::MarkRead) => {
                self.mailbox.manage.mark_read_delay = self.prefs.mark_read_delay();
            }
            Some(general::Changed::Conversations) => {
                let reopen = self
                    .mailbox
                    .set_conversations(self.prefs.conversations, &self.env);
                return Task::batch([task, self.save_prefs(), reopen.map(Message::Mailbox)]);
            }
            Some(general::Changed::SaveFolder) => {
                self.mailbox.reader.default_dir = self.prefs.default_save_dir();
            }
            Some(general::Changed::SyncInterval) => {
                // Workers take the interval when they start: restart them with it.
                self.env.tuning.poll_interval = self.prefs.sync_interval();
                let ids: Vec<AccountId> = self.accounts.iter().map(|a| a.id).collect();
                for id in ids {
                    let generation = self.generation();
                    if let Some(a) = self.accounts.iter_mut().find(|a| a.id == id) {
                        if let Some(h) = &a.handle {
                            h.send(Command::Shutdown);
                        }
                        a.generation = generation;
                        a.handle = None;
                    }
                }
            }
        }
        Task::batch([task, self.save_prefs()])
    }

    /// Reads what the keychain holds for every account (Settings says where passwords are).
    pub(super) fn check_keychain(&self) -> Task<Message> {
        // Accounts with a password command never use the keychain: do not touch it for
        // them (a locked keychain may ask the user to unlock it).
        let names = self
            .accounts
            .iter()
            .filter(|a| a.config.imap.password_command.is_none())
            .map(|a| a.config.name.clone())
            .collect();
        password::check(&self.env.secrets, names).map(Message::Password)
    }

    pub(super) fn on_password(&mut self, m: password::Message) -> Task<Message> {
        let (task, event) = self.prompts.update(m, &self.env.secrets);
        if let Some(password::Event::Restart(id)) = event {
            // A new worker logs in with the password now in memory.
            let generation = self.generation();
            if let Some(a) = self.accounts.iter_mut().find(|a| a.id == id) {
                a.generation = generation;
                a.handle = None;
                self.mailbox.restarted(id);
            }
        }
        let next = match self.prompts.next_waiting() {
            Some(id) => match self.accounts.iter().find(|a| a.id == id) {
                Some(a) => self.prompts.ask(id, &a.config),
                None => Task::none(),
            },
            None => Task::none(),
        };
        Task::batch([task, next]).map(Message::Password)
    }

    /// "Enter password" or "Edit": with no password at all, the small dialog; else the
    /// account form.
    pub(super) fn edit_account(&mut self, id: AccountId) -> Task<Message> {
        let missing = self
            .mailbox
            .statuses
            .iter()
            .any(|s| s.id == id && s.error.as_ref().is_some_and(|e| e.kind == ErrorKind::Secret));
        match self.accounts.iter().find(|a| a.id == id) {
            Some(a) if missing && a.config.imap.password_command.is_none() => {
                self.prompts.ask(id, &a.config).map(Message::Password)
            }
            Some(a) => {
                self.screen = Screen::Setup(Box::new(Setup::edit(&a.config)));
                Task::none()
            }
            None => Task::none(),
        }
    }

    /// Settings, with where each password lives and the general settings.
    pub(super) fn settings_view(&self) -> Element<'_, Message> {
        let default_dir = self
            .mailbox
            .reader
            .default_dir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        self.settings
            .view(
                &self.config,
                |a| self.prompts.place(a, &self.env.secrets),
                |a| self.health_of(a),
                &self.prefs,
                default_dir,
            )
            .map(Message::Settings)
    }
}
