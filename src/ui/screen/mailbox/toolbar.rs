//! The message list pane with its toolbar (read/unread, star, archive, delete, move to
//! a folder, with their shortcuts in the tooltips), the Undo bar and conflict notices,
//! and the question before deleting for good.

use iced::widget::{button, column, container, pick_list, row, rule, space, text};
use iced::{Alignment, Element, Length};

use super::manage::{Act, Done};
use super::{Mailbox, Message, folders, unified};
use crate::core::{FolderId, FolderRole, ReplyKind};
use crate::fl;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::{Icon, confirm_dialog, icon_button, muted, notice_strip, tip, toast};

/// A folder in the "Move to" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderChoice {
    pub id: FolderId,
    pub name: String,
}

impl std::fmt::Display for FolderChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl Mailbox {
    /// The folders the selection can be moved to (selectable, not the open one).
    pub fn move_targets(&self) -> Vec<FolderChoice> {
        let Some(account) = self.targets_account() else {
            return Vec::new();
        };
        let open = self.list.folder.map_or(FolderId(0), |(_, f)| f);
        self.folders
            .accounts
            .iter()
            .filter(|a| a.id == account)
            .flat_map(|a| a.folders.iter())
            .filter(|f| f.selectable && f.id != open)
            .map(|f| FolderChoice {
                id: f.id,
                name: folders::display_name(f),
            })
            .collect()
    }

    fn toolbar(&self) -> Element<'_, Message> {
        let some = !self.list.targets().is_empty();
        let on = |act| some.then_some(Message::Act(act));
        // Answering works on the message shown in the reader.
        let open = self.reader.open.is_some();
        let respond = |kind| open.then_some(Message::Compose(Some(kind)));
        let moves = pick_list(self.move_targets(), None::<FolderChoice>, |c| {
            Message::Act(Act::MoveTo(c.id))
        })
        .placeholder(fl!("action-move"))
        .text_size(theme::SMALL)
        .padding([4, 8])
        .on_open(Message::MoveMenu(true))
        .on_close(Message::MoveMenu(false));
        // Escape bumps the epoch. iced keeps a widget's state while its place and kind
        // of state stay the same, so the list sits in a one-item row on odd epochs: a
        // different kind of state there starts afresh, with the menu closed. (A
        // container would not do: it passes its content's state through.)
        let moves: Element<'_, Message> = if self.manage.move_menu_epoch.is_multiple_of(2) {
            moves.into()
        } else {
            row![moves].into()
        };
        let mut bar = row![
            icon_button(
                Icon::Mail,
                fl!("action-toggle-read"),
                Some("U"),
                on(Act::ToggleRead)
            ),
            icon_button(
                Icon::Star,
                fl!("action-toggle-star"),
                Some("S"),
                on(Act::ToggleStar)
            ),
        ]
        .spacing(2)
        .align_y(Alignment::Center);
        // No Archive inside Archive.
        if self.open_role() != Some(FolderRole::Archive) {
            bar = bar.push(icon_button(
                Icon::Archive,
                fl!("action-archive"),
                Some("E"),
                on(Act::Archive),
            ));
        }
        bar = bar
            .push(icon_button(
                Icon::Trash,
                fl!("action-delete"),
                Some("Delete"),
                on(Act::Delete),
            ))
            .push(space().width(8))
            .push(icon_button(
                Icon::Reply,
                fl!("compose-reply"),
                Some("R"),
                respond(ReplyKind::Reply),
            ))
            .push(icon_button(
                Icon::ReplyAll,
                fl!("compose-reply-all"),
                Some("Shift+R"),
                respond(ReplyKind::ReplyAll),
            ))
            .push(icon_button(
                Icon::Forward,
                fl!("compose-forward"),
                Some("F"),
                respond(ReplyKind::Forward),
            ));
        if some {
            bar = bar.push(moves);
        }
        let selected = self.list.selection.len();
        if selected > 1 {
            bar = bar.push(space::horizontal()).push(muted(fl!(
                "list-selected",
                count = format::count(selected as u64)
            )));
        }
        container(bar).padding([0, 10]).into()
    }

    /// What the last action did, in words ("Marked as read", "3 messages archived").
    fn done_text(&self) -> String {
        let n = |c: usize| c as i64;
        match self.manage.done {
            Some(Done::Read(c)) => fl!("done-read", count = n(c)),
            Some(Done::Unread(c)) => fl!("done-unread", count = n(c)),
            Some(Done::Starred(c)) => fl!("done-starred", count = n(c)),
            Some(Done::Unstarred(c)) => fl!("done-unstarred", count = n(c)),
            Some(Done::Archived(c)) => fl!("done-archived", count = n(c)),
            Some(Done::Deleted(c)) => fl!("done-deleted", count = n(c)),
            Some(Done::Moved(c, to)) => {
                let folder = self
                    .targets_account()
                    .and_then(|a| self.folders.folder(a, to))
                    .map(folders::display_name)
                    .unwrap_or_default();
                fl!("done-moved", count = n(c), folder = folder)
            }
            None => fl!("action-done"),
        }
    }

    /// "Marked as read · Undo" after an action, and conflict notices: drawn over the
    /// bottom of the list so no row moves (issue 17 item 4).
    fn notices(&self) -> Option<Element<'_, Message>> {
        let mut col = column![].spacing(6);
        let mut any = false;
        if let Some((sentence, _)) = &self.manage.notice {
            any = true;
            col = col.push(notice_strip(sentence.clone(), Message::DismissNotice));
        }
        if self.manage.undo.is_some() {
            any = true;
            let undo = button(text(fl!("action-undo")).size(theme::SMALL))
                .padding([3, 10])
                .on_press(Message::Undo);
            col = col.push(
                container(
                    row![
                        text(self.done_text()).size(theme::SMALL).width(Length::Fill),
                        tip(undo, fl!("action-undo"), Some("Ctrl+Z")),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                )
                .padding([6, 10])
                .width(Length::Fill)
                .style(theme::notice),
            );
        }
        any.then(|| col.into())
    }

    pub(super) fn list_pane(&self) -> Element<'_, Message> {
        let title = match self.list.folder {
            Some((a, f)) => self
                .folders
                .folder(a, f)
                .map(folders::display_name)
                .unwrap_or_default(),
            None => self
                .list
                .unified
                .as_ref()
                .map(|u| unified::name(u.view))
                .unwrap_or_default(),
        };
        let count = if self.list.search.is_some() && self.list.loaded {
            fl!("search-count", count = format::count(u64::from(self.list.total)))
        } else if (self.list.folder.is_some() || self.list.unified.is_some()) && self.list.loaded {
            fl!("list-count", count = format::count(u64::from(self.list.total)))
        } else {
            String::new()
        };
        let header = row![
            container(tip(
                column![
                    text(title).size(theme::HEADING).font(theme::SEMIBOLD),
                    muted(count)
                ]
                .spacing(2),
                fl!("list-keys"),
                Some("↑ ↓  j k  PgUp PgDn  Home End"),
            ))
            .width(Length::FillPortion(2)),
            container(self.search.view().map(Message::Search)).width(Length::FillPortion(3)),
        ]
        .push(icon_button(
            Icon::Plus,
            fl!("compose-new"),
            Some("Ctrl+N"),
            Some(Message::Compose(None)),
        ))
        .push(self.empty_button())
        .push(icon_button(
            Icon::Refresh,
            fl!("list-refresh"),
            Some("F5"),
            Some(Message::SyncNow),
        ))
        .spacing(8)
        .align_y(Alignment::Center)
        .padding([10, 14]);
        let mut col = column![header];
        if let Some(e) = &self.search.error {
            col = col.push(
                container(
                    text(crate::ui::errors::detail(e))
                        .size(theme::SMALL)
                        .style(theme::danger_text),
                )
                .padding([0, 14]),
            );
        }
        if self.list.has_source() {
            col = col.push(self.toolbar()).push(space().height(6));
        }
        col = col.push(rule::horizontal(1));
        let rows = toast::over_bottom(self.list.view(format::now()).map(Message::List), self.notices());
        container(col.push(rows))
            .style(theme::pane)
            .height(Length::Fill)
            .width(Length::Fill)
            .into()
    }
}

/// Asks before deleting `count` messages for good (in Trash).
pub fn confirm_delete<'a>(count: usize) -> Element<'a, Message> {
    confirm_dialog(
        fl!("confirm-delete-title"),
        vec![
            text(fl!("confirm-delete-body", count = count))
                .size(theme::TEXT)
                .into(),
        ],
        Message::CancelDelete,
        fl!("confirm-delete-forever"),
        Message::ConfirmDelete,
    )
}
