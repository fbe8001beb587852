//! "Empty Trash" and "Empty Junk" (issue 17 item 10): a button in the list header of
//! those folders, a question that names the count, then every message of the folder is
//! deleted for good through the action queue (like deleting them in Trash by hand).

use iced::Task;
use iced::widget::text;
use iced::{Element, Length};

use super::{Event, Mailbox, Message};
use crate::core::{AccountId, Action, Command, FolderRole, MessageId, TernError};
use crate::fl;
use crate::ui::db::Db;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::{Icon, confirm_dialog, labeled_button};

impl Mailbox {
    /// The open folder, when it is Trash or Junk and holds messages.
    fn emptiable(&self) -> Option<(AccountId, FolderRole, u32)> {
        let (account, folder) = self.list.folder?;
        let f = self.folders.folder(account, folder)?;
        let total = self.list.total;
        (matches!(f.role, FolderRole::Trash | FolderRole::Junk) && total > 0)
            .then_some((account, f.role, total))
    }

    /// The "Empty Trash" / "Empty Junk" button for the list header.
    pub(super) fn empty_button(&self) -> Option<Element<'_, Message>> {
        let (_, role, _) = self.emptiable()?;
        let label = if role == FolderRole::Trash {
            fl!("empty-trash")
        } else {
            fl!("empty-junk")
        };
        Some(
            labeled_button(Icon::Trash, label, Some(Message::AskEmpty))
                .style(iced::widget::button::secondary)
                .padding([4, 10])
                .into(),
        )
    }

    pub(super) fn ask_empty(&mut self) {
        if let (Some((account, role, total)), Some((_, folder))) = (self.emptiable(), self.list.folder) {
            self.manage.empty = Some((account, folder, role, total));
        }
    }

    /// Confirmed: read the folder's message ids, then delete them for good.
    pub(super) fn confirm_empty(&mut self, db: &Db) -> Task<Message> {
        let Some((account, folder, _, _)) = self.manage.empty.take() else {
            return Task::none();
        };
        let db = db.clone();
        Task::perform(
            async move {
                db.read(move |s| {
                    Ok(s.list_messages(folder, 0, u32::MAX)?
                        .into_iter()
                        .map(|m| m.id)
                        .collect::<Vec<_>>())
                })
                .await
            },
            move |r| Message::EmptyRead(account, r),
        )
    }

    pub(super) fn emptied(
        &mut self,
        account: AccountId,
        ids: Result<Vec<MessageId>, TernError>,
    ) -> (Task<Message>, Vec<Event>) {
        match ids {
            Ok(ids) if !ids.is_empty() => {
                self.reader.close();
                let action = Action::Delete { ids, forever: true };
                self.manage.sent(account, &action);
                (Task::none(), vec![Event::Command(account, Command::Act(action))])
            }
            Ok(_) => (Task::none(), Vec::new()),
            Err(e) => {
                self.manage.notice = Some((
                    crate::ui::errors::headline(&e),
                    iced::time::Instant::now() + super::manage::NOTICE_TIME,
                ));
                (Task::none(), Vec::new())
            }
        }
    }
}

/// "Empty Trash? The 143 messages in it are deleted for good."
pub fn confirm_empty<'a>(role: FolderRole, count: u32) -> Element<'a, Message> {
    let (title, body) = if role == FolderRole::Trash {
        (
            fl!("empty-trash-title"),
            fl!(
                "empty-trash-body",
                count = count,
                n = format::count(u64::from(count))
            ),
        )
    } else {
        (
            fl!("empty-junk-title"),
            fl!(
                "empty-junk-body",
                count = count,
                n = format::count(u64::from(count))
            ),
        )
    };
    confirm_dialog(
        title,
        vec![text(body).size(theme::TEXT).width(Length::Fill).into()],
        Message::CancelEmpty,
        fl!("empty-confirm"),
        Message::ConfirmEmpty,
    )
}
