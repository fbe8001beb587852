//! New-mail notifications in the window (issue 11 item 4): the engine's `NewMail`
//! reports become one desktop notification per batch (src/notify), unless the account
//! is switched off in settings.toml or the window has focus on that folder; a click
//! opens the newest message of the batch.

use iced::{Task, window};

use super::app::{App, Message};
use super::db::Db;
use super::screen::mailbox::{self, folders};
use crate::core::{AccountId, FolderId, MessageId};
use crate::fl;
use crate::notify::{self, Notice, Shown, Viewer};

/// What the window learns about notifications and its own focus.
#[derive(Debug, Clone)]
pub enum Notifying {
    /// The window gained (true) or lost its focus.
    Focus(bool),
    /// The user clicked a notification: open this message.
    Clicked(AccountId, FolderId, MessageId),
}

impl App {
    /// Mail arrived in `folder`: read it, decide, show, and wait for a click.
    pub(super) fn on_new_mail(&self, account: AccountId, folder: FolderId, uids: Vec<u32>) -> Task<Message> {
        let Some(config) = self.accounts.iter().find(|a| a.id == account).map(|a| &a.config) else {
            return Task::none();
        };
        let viewer = Viewer {
            account_enabled: self.prefs.notifies(&config.name),
            shown_with_focus: self.window_focused && self.mailbox.shows_folder(account, folder),
        };
        if !viewer.account_enabled || viewer.shown_with_focus {
            return Task::none();
        }
        let db = self.env.db.clone();
        Task::future(async move {
            let (shown, open) = announce(&db, folder, uids, viewer).await?;
            shown.clicked().await.then_some(open)
        })
        .and_then(move |id| Task::done(Message::Notify(Notifying::Clicked(account, folder, id))))
    }

    pub(super) fn update_notifying(&mut self, message: Notifying) -> Task<Message> {
        match message {
            Notifying::Focus(focused) => {
                self.window_focused = focused;
                Task::none()
            }
            Notifying::Clicked(account, folder, id) => {
                let select = self.update(Message::Mailbox(mailbox::Message::Folders(
                    folders::Message::Select(account, folder),
                )));
                let show = self
                    .mailbox
                    .reader
                    .show(account, id, &self.env.db)
                    .map(|m| Message::Mailbox(mailbox::Message::Reader(m)));
                let raise = window::latest().and_then(window::gain_focus);
                Task::batch([select, show, raise])
            }
        }
    }
}

/// Reads the arrived rows, applies the rules and shows the notification; returns it
/// and the message a click opens, or None when nothing was shown (a failure to show
/// is logged: a missing notification is not the user's problem to solve).
pub async fn announce(
    db: &Db,
    folder: FolderId,
    uids: Vec<u32>,
    viewer: Viewer,
) -> Option<(Shown, MessageId)> {
    let batch = match db
        .read(move |store| notify::batch_for(store, folder, &uids, viewer))
        .await
    {
        Ok(batch) => batch?,
        Err(e) => {
            tracing::warn!("new-mail notification: {e}");
            return None;
        }
    };
    match notify::show(&notice_for(&batch)).await {
        Ok(shown) => Some((shown, batch.open)),
        Err(e) => {
            tracing::warn!("new-mail notification not shown: {e}");
            None
        }
    }
}

/// The translated notification: "3 new messages" and one line per message.
pub fn notice_for(batch: &notify::Batch) -> Notice {
    Notice {
        summary: fl!("notify-new-mail", count = batch.count),
        body: batch.body(),
        open_label: fl!("notify-open"),
    }
}
