//! Folder management in the window (issue 11 item 5): New folder, Rename and Delete
//! under the folder list, each a small dialog (Delete says how many messages go with
//! the folder); and "Move to…" on `m`, a list of the account's folders filtered as the
//! user types (iced 0.14 has no drag and drop between widgets). The worker does the
//! work (`Command::ChangeFolder`, refused in plain words while offline).

use iced::widget::{button, column, container, row, scrollable, space, text, text_input};
use iced::{Alignment, Element, Length, Task};

use super::manage::Act;
use super::{Event, Mailbox, Message as MailboxMessage};
use crate::core::{AccountId, Command, FolderChange, FolderId, FolderRole};
use crate::fl;
use crate::ui::theme;
use crate::ui::widget::{Icon, confirm_dialog, labeled_button};

/// The dialog's text field (focused when it opens).
pub const INPUT_ID: &str = "folder-dialog-input";

/// The open dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Create {
        account: AccountId,
        name: String,
    },
    Rename {
        account: AccountId,
        folder: FolderId,
        name: String,
    },
    Delete {
        account: AccountId,
        folder: FolderId,
        path: String,
        count: u32,
    },
    /// "Move to…": the selected messages go to the folder picked from the filtered list.
    Move {
        filter: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    NewFolder,
    Rename,
    Delete,
    Move,
    Edit(String),
    /// Enter or the dialog's main button.
    Submit,
    /// A folder picked in "Move to…".
    Pick(FolderId),
    Cancel,
}

impl Mailbox {
    pub(super) fn on_folder_dialog(
        &mut self,
        message: Message,
        db: &crate::ui::db::Db,
    ) -> (Task<MailboxMessage>, Vec<Event>) {
        let focus = || iced::widget::operation::focus(INPUT_ID);
        let open = self
            .list
            .folder
            .and_then(|(a, f)| Some((a, self.folders.folder(a, f)?.clone())));
        match message {
            Message::NewFolder => {
                let Some(account) = self
                    .list
                    .folder
                    .map(|(a, _)| a)
                    .or_else(|| self.accounts.first().map(|(a, _)| *a))
                else {
                    return none();
                };
                self.manage.dialog = Some(Dialog::Create {
                    account,
                    name: String::new(),
                });
                (focus(), Vec::new())
            }
            Message::Rename => match open {
                Some((account, f)) if f.role != FolderRole::Inbox => {
                    self.manage.dialog = Some(Dialog::Rename {
                        account,
                        folder: f.id,
                        name: f.path.clone(),
                    });
                    (focus(), Vec::new())
                }
                _ => none(),
            },
            Message::Delete => match open {
                Some((account, f)) if f.role != FolderRole::Inbox => {
                    self.manage.dialog = Some(Dialog::Delete {
                        account,
                        folder: f.id,
                        path: f.path.clone(),
                        count: f.total.max(f.server_total),
                    });
                    none()
                }
                _ => none(),
            },
            Message::Move => {
                if self.list.targets().is_empty() || self.move_targets().is_empty() {
                    return none();
                }
                self.manage.dialog = Some(Dialog::Move {
                    filter: String::new(),
                });
                (focus(), Vec::new())
            }
            Message::Edit(value) => {
                match &mut self.manage.dialog {
                    Some(Dialog::Create { name, .. } | Dialog::Rename { name, .. }) => *name = value,
                    Some(Dialog::Move { filter }) => *filter = value,
                    _ => {}
                }
                none()
            }
            Message::Pick(folder) => {
                self.manage.dialog = None;
                self.act(Act::MoveTo(folder), db)
            }
            Message::Cancel => {
                self.manage.dialog = None;
                none()
            }
            Message::Submit => match self.manage.dialog.take() {
                Some(Dialog::Create { account, name }) if !name.trim().is_empty() => {
                    let change = FolderChange::Create {
                        path: name.trim().to_string(),
                    };
                    (
                        Task::none(),
                        vec![Event::Command(account, Command::ChangeFolder(change))],
                    )
                }
                Some(Dialog::Rename {
                    account,
                    folder,
                    name,
                }) if !name.trim().is_empty() => {
                    let change = FolderChange::Rename {
                        folder,
                        to: name.trim().to_string(),
                    };
                    (
                        Task::none(),
                        vec![Event::Command(account, Command::ChangeFolder(change))],
                    )
                }
                Some(Dialog::Delete { account, folder, .. }) => {
                    if self.list.folder == Some((account, folder)) {
                        self.reader.close();
                    }
                    let change = FolderChange::Delete { folder };
                    (
                        Task::none(),
                        vec![Event::Command(account, Command::ChangeFolder(change))],
                    )
                }
                Some(Dialog::Move { filter }) => match self.matching_targets(&filter).first() {
                    Some((id, _)) => {
                        let id = *id;
                        self.act(Act::MoveTo(id), db)
                    }
                    None => {
                        self.manage.dialog = Some(Dialog::Move { filter });
                        none()
                    }
                },
                // An empty name: keep the dialog open.
                other => {
                    self.manage.dialog = other;
                    none()
                }
            },
        }
    }

    /// The move targets whose name contains `filter` (any case).
    fn matching_targets(&self, filter: &str) -> Vec<(FolderId, String)> {
        let wanted = filter.trim().to_lowercase();
        let account = self.targets_account();
        // The whole path counts too: "proj" finds "Offsite" below "Projects".
        let path = |id| {
            account
                .and_then(|a| self.folders.folder(a, id))
                .map(|f| f.path.to_lowercase())
                .unwrap_or_default()
        };
        self.move_targets()
            .into_iter()
            .filter(|c| c.name.to_lowercase().contains(&wanted) || path(c.id).contains(&wanted))
            .map(|c| (c.id, c.name))
            .collect()
    }

    /// New folder, Rename, Delete: under the folder list.
    pub(super) fn folder_buttons(&self) -> Element<'_, MailboxMessage> {
        let changeable = self
            .list
            .folder
            .and_then(|(a, f)| self.folders.folder(a, f))
            .is_some_and(|f| f.role != FolderRole::Inbox);
        let on = |m: Message, ok: bool| ok.then_some(MailboxMessage::FolderDialog(m));
        let small = |icon, label, m| labeled_button(icon, label, m).style(button::text).padding([2, 6]);
        row![
            small(
                Icon::Plus,
                fl!("folder-new"),
                on(Message::NewFolder, !self.accounts.is_empty())
            ),
            small(
                Icon::Folder,
                fl!("folder-rename"),
                on(Message::Rename, changeable)
            ),
            small(Icon::Trash, fl!("folder-delete"), on(Message::Delete, changeable)),
        ]
        .spacing(2)
        .align_y(Alignment::Center)
        .into()
    }

    /// The open dialog over the window, if any.
    pub(super) fn folder_dialog_view(&self) -> Option<Element<'_, MailboxMessage>> {
        let wrap = |m: Message| MailboxMessage::FolderDialog(m);
        let dialog = self.manage.dialog.as_ref()?;
        let field = |value: &str, placeholder: String| {
            text_input(&placeholder, value)
                .id(INPUT_ID)
                .on_input(|v| MailboxMessage::FolderDialog(Message::Edit(v)))
                .on_submit(wrap(Message::Submit))
                .padding(8)
                .size(theme::TEXT)
        };
        let (title, body, action): (String, Element<'_, MailboxMessage>, String) = match dialog {
            Dialog::Delete { path, count, .. } => {
                let count = *count;
                let body = text(fl!("folder-delete-body", count = count))
                    .size(theme::TEXT)
                    .width(Length::Fill);
                return Some(confirm_dialog(
                    fl!("folder-delete-title", name = path.clone()),
                    vec![body.into()],
                    wrap(Message::Cancel),
                    fl!("folder-delete"),
                    wrap(Message::Submit),
                ));
            }
            Dialog::Create { name, .. } => (
                fl!("folder-new-title"),
                field(name, fl!("folder-name-hint")).into(),
                fl!("folder-create"),
            ),
            Dialog::Rename { name, .. } => (
                fl!("folder-rename-title"),
                field(name, fl!("folder-name-hint")).into(),
                fl!("folder-rename"),
            ),
            Dialog::Move { filter } => {
                let mut list = column![].spacing(2);
                for (id, name) in self.matching_targets(filter) {
                    list = list.push(
                        button(text(name).size(theme::TEXT))
                            .style(button::text)
                            .width(Length::Fill)
                            .on_press(wrap(Message::Pick(id))),
                    );
                }
                let body = column![
                    field(filter, fl!("move-filter-hint")),
                    scrollable(list).height(Length::Fixed(240.0)),
                ]
                .spacing(8);
                (fl!("move-title"), body.into(), fl!("action-move"))
            }
        };
        let content = column![
            text(title).size(theme::HEADING).font(theme::SEMIBOLD),
            body,
            row![
                space::horizontal(),
                button(text(fl!("cancel")))
                    .style(button::secondary)
                    .on_press(wrap(Message::Cancel)),
                button(text(action)).on_press(wrap(Message::Submit)),
            ]
            .spacing(8),
        ]
        .spacing(12);
        let dialog = container(content).padding(20).max_width(460).style(theme::dialog);
        Some(container(dialog).center(Length::Fill).style(theme::scrim).into())
    }
}

fn none() -> (Task<MailboxMessage>, Vec<Event>) {
    (Task::none(), Vec::new())
}
