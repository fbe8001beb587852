//! The main window: folders | message list | reader, in resizable panes, with each
//! account's status under the folders. Reacts to worker events by re-reading the store.

mod browser;
pub mod conversations;
pub mod download;
pub mod empty;
mod events;
pub mod folder_dialog;
pub mod folders;
pub mod list;
pub mod list_row;
mod list_window;
pub mod manage;
pub mod reader;
pub mod reader_attached;
pub mod reader_blocks;
pub mod reader_images;
pub mod reader_remote;
pub mod reader_thread;
pub mod reader_view;
pub mod search;
pub mod selection;
pub mod status;
pub mod toolbar;
pub mod unified;

use std::path::PathBuf;

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{column, container, pane_grid, row, rule, space};
use iced::{Alignment, Element, Length, Task};

use crate::config::AccountConfig;
use crate::core::{AccountId, Command, Connectivity, FolderRole, MessageId, ReplyKind, TernError};
use crate::ui::env::Env;
use crate::ui::theme;
use manage::{Act, Manage};
use status::AccountStatus;

/// Coalesces re-reads: at most one in flight, and one more if asked meanwhile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Refresh {
    in_flight: bool,
    dirty: bool,
}

impl Refresh {
    /// True when a read should start now.
    pub fn request(&mut self) -> bool {
        if self.in_flight {
            self.dirty = true;
            false
        } else {
            self.in_flight = true;
            true
        }
    }

    /// The read finished; true when another one was asked for meanwhile.
    pub fn done(&mut self) -> bool {
        self.in_flight = false;
        std::mem::take(&mut self.dirty)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Folders,
    List,
    Reader,
}

#[derive(Debug, Clone)]
pub enum Message {
    Folders(folders::Message),
    List(list::Message),
    Reader(reader::Message),
    Resized(pane_grid::ResizeEvent),
    Status(status::Action),
    SyncNow,
    OpenSettings,
    /// An action on the selected messages (toolbar, shortcut).
    Act(Act),
    Undo,
    ConfirmDelete,
    CancelDelete,
    DismissNotice,
    AskEmpty,
    ConfirmEmpty,
    CancelEmpty,
    /// The ids of the folder being emptied were read.
    EmptyRead(AccountId, Result<Vec<MessageId>, TernError>),
    /// The "Move to…" menu opened (true) or closed.
    MoveMenu(bool),
    Escape,
    /// Time passed (mark read after a delay, Undo and notices ending).
    Tick(iced::time::Instant),
    /// Changes of an account waiting for the server, read at start.
    Pending(AccountId, u32),
    /// Start writing: new, or answering / forwarding the open message.
    Compose(Option<ReplyKind>),
    /// Open the outbox list.
    ShowOutbox,
    /// New folder, Rename, Delete and "Move to…" (folder_dialog.rs).
    FolderDialog(folder_dialog::Message),
    Search(search::Message),
    /// "All inboxes", "Unread", "Starred" (unified.rs).
    Unified(unified::Message),
}

/// What the composer is asked to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposeRequest {
    /// A new message, from this account when one is open.
    New(Option<AccountId>),
    Respond(AccountId, MessageId, ReplyKind),
    /// A message in a Drafts folder: reopen it in the composer.
    OpenDraft(AccountId, MessageId),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Command(AccountId, Command),
    /// Open the composer with this draft (a clicked `mailto:` link), from this account.
    ComposeDraft(AccountId, Box<crate::core::Draft>),
    EditAccount(AccountId),
    OpenSettings,
    /// Pane widths changed: (folders share, list share of the rest).
    Ratios(f32, f32),
    RememberDir(String, PathBuf),
    Compose(ComposeRequest),
    ShowOutbox,
}

pub struct Mailbox {
    pub folders: folders::Folders,
    pub list: list::List,
    pub reader: reader::Reader,
    pub statuses: Vec<AccountStatus>,
    pub manage: Manage,
    pub search: search::SearchBar,
    pub unified: unified::UnifiedPane,
    accounts: Vec<(AccountId, AccountConfig)>,
    panes: pane_grid::State<Pane>,
    pub text_size: f32,
}

impl std::fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailbox")
            .field("folders", &self.folders.selected)
            .field("list", &self.list.folder)
            .finish()
    }
}

impl Mailbox {
    pub fn new(folders_ratio: f32, list_ratio: f32, text_size: f32) -> Mailbox {
        let config = pane_grid::Configuration::Split {
            axis: pane_grid::Axis::Vertical,
            ratio: folders_ratio,
            a: Box::new(pane_grid::Configuration::Pane(Pane::Folders)),
            b: Box::new(pane_grid::Configuration::Split {
                axis: pane_grid::Axis::Vertical,
                ratio: list_ratio,
                a: Box::new(pane_grid::Configuration::Pane(Pane::List)),
                b: Box::new(pane_grid::Configuration::Pane(Pane::Reader)),
            }),
        };
        Mailbox {
            folders: folders::Folders::default(),
            list: list::List::default(),
            reader: reader::Reader::default(),
            statuses: Vec::new(),
            manage: Manage::default(),
            search: search::SearchBar::default(),
            unified: unified::UnifiedPane::default(),
            accounts: Vec::new(),
            panes: pane_grid::State::with_configuration(config),
            text_size,
        }
    }

    /// The accounts changed (added, edited, removed): keep what still applies and load
    /// the folders of new ones.
    pub fn set_accounts(&mut self, accounts: Vec<(AccountId, AccountConfig)>, env: &Env) -> Task<Message> {
        let names: Vec<(AccountId, String)> = accounts.iter().map(|(id, a)| (*id, a.name.clone())).collect();
        self.folders.set_accounts(&names);
        let mut statuses = Vec::with_capacity(accounts.len());
        let mut tasks = Vec::new();
        for (id, a) in &accounts {
            if !self.statuses.iter().any(|s| s.id == *id) {
                tasks.push(status::read_pending(*id, &env.db));
            }
            let mut s = self
                .statuses
                .iter()
                .find(|s| s.id == *id)
                .cloned()
                .unwrap_or_else(|| AccountStatus::new(*id, a.name.clone()));
            s.name = a.name.clone();
            statuses.push(s);
        }
        self.statuses = statuses;
        if let Some((account, _)) = self.list.folder
            && !accounts.iter().any(|(id, _)| *id == account)
        {
            self.list.reset();
            self.reader.close();
        }
        tasks.extend(
            names
                .iter()
                .map(|(id, _)| self.folders.reload(*id, &env.db).map(Message::Folders)),
        );
        self.accounts = accounts;
        if let Some(source) = &mut self.list.unified {
            source.accounts = self.accounts.iter().map(|(id, _)| *id).collect();
            source.names = self
                .accounts
                .iter()
                .map(|(id, a)| (*id, a.name.clone()))
                .collect();
            tasks.push(self.list.refresh(&env.db).map(Message::List));
        }
        tasks.push(self.reload_unified(&env.db));
        Task::batch(tasks)
    }

    pub fn account(&self, id: AccountId) -> Option<&AccountConfig> {
        self.accounts.iter().find(|(a, _)| *a == id).map(|(_, c)| c)
    }

    /// The worker was restarted (settings changed): forget its old error.
    pub fn restarted(&mut self, id: AccountId) {
        if let Some(s) = self.statuses.iter_mut().find(|s| s.id == id) {
            s.error = None;
            s.auth_required = false;
            s.connectivity = Connectivity::Connecting;
        }
    }

    fn set_pending(&mut self, account: AccountId, pending: u32) {
        if let Some(s) = self.statuses.iter_mut().find(|s| s.id == account) {
            s.pending = pending;
        }
    }

    pub fn update(&mut self, message: Message, env: &Env) -> (Task<Message>, Vec<Event>) {
        let db = &env.db;
        match message {
            Message::Folders(m) => {
                // Folder counts were re-read: the unified views' counts follow.
                let counted = matches!(m, folders::Message::Loaded(..));
                let (task, event) = self.folders.update(m, db);
                let mut tasks = vec![task.map(Message::Folders)];
                if counted {
                    tasks.push(self.reload_unified(db));
                }
                let mut events = Vec::new();
                if let Some(folders::Event::Selected(account, folder)) = event {
                    self.unified.selected = None;
                    // Choosing a folder ends a search.
                    let searching = self.list.search.is_some();
                    let _ = self.search.update(search::Message::Clear, None, db);
                    if searching
                        || self.list.folder != Some((account, folder.id))
                        || self.list.unified.is_some()
                    {
                        self.reader.close();
                        self.manage.mark_read = None;
                        tasks.push(
                            self.list
                                .open(account, folder.id, folder.total, db)
                                .map(Message::List),
                        );
                    }
                    events.push(Event::Command(account, Command::OpenFolder(folder.id)));
                }
                (Task::batch(tasks), events)
            }
            Message::List(m) => {
                // A click (not arrowing through the list) on a draft reopens it for writing.
                let clicked = matches!(m, list::Message::Clicked(..));
                let (task, event) = self.list.update(m, db);
                let mut tasks = vec![task.map(Message::List)];
                let mut events = Vec::new();
                if let Some(list::Event::Open(account, id)) = event {
                    self.manage.opened(account, id, iced::time::Instant::now());
                    tasks.push(self.reader.show(account, id, db).map(Message::Reader));
                    if clicked && self.in_drafts() {
                        events.push(Event::Compose(ComposeRequest::OpenDraft(account, id)));
                    }
                }
                (Task::batch(tasks), events)
            }
            Message::Reader(m) => {
                let account = self
                    .reader
                    .open
                    .as_ref()
                    .and_then(|o| self.account(o.account))
                    .cloned();
                let (task, event) = self.reader.update(m, env, account.as_ref());
                let events = match event {
                    Some(reader::Event::FetchBody(a, id)) => vec![Event::Command(a, Command::FetchBody(id))],
                    Some(reader::Event::RememberDir(name, dir)) => vec![Event::RememberDir(name, dir)],
                    Some(reader::Event::Respond(a, id, kind)) => {
                        vec![Event::Compose(ComposeRequest::Respond(a, id, kind))]
                    }
                    Some(reader::Event::Mailto(a, draft)) => vec![Event::ComposeDraft(a, draft)],
                    None => Vec::new(),
                };
                (task.map(Message::Reader), events)
            }
            Message::Resized(pane_grid::ResizeEvent { split, ratio }) => {
                self.panes.resize(split, ratio);
                let (a, b) = self.ratios();
                (Task::none(), vec![Event::Ratios(a, b)])
            }
            Message::Status(status::Action::Retry(id)) => {
                if let Some(s) = self.statuses.iter_mut().find(|s| s.id == id) {
                    s.error = None;
                }
                (Task::none(), vec![Event::Command(id, Command::SyncNow)])
            }
            Message::Status(status::Action::Edit(id)) => (Task::none(), vec![Event::EditAccount(id)]),
            Message::Status(status::Action::ShowOutbox) => (Task::none(), vec![Event::ShowOutbox]),
            Message::SyncNow => (
                Task::none(),
                self.accounts
                    .iter()
                    .map(|(id, _)| Event::Command(*id, Command::SyncNow))
                    .collect(),
            ),
            Message::OpenSettings => (Task::none(), vec![Event::OpenSettings]),
            Message::Act(act) => self.act(act, db),
            Message::Undo => (Task::none(), self.undo()),
            Message::ConfirmDelete => self.confirm_delete(db),
            Message::CancelDelete => {
                self.manage.confirm = None;
                (Task::none(), Vec::new())
            }
            Message::DismissNotice => {
                self.manage.notice = None;
                (Task::none(), Vec::new())
            }
            Message::MoveMenu(open) => {
                self.manage.move_open = open;
                (Task::none(), Vec::new())
            }
            Message::AskEmpty => {
                self.ask_empty();
                (Task::none(), Vec::new())
            }
            Message::ConfirmEmpty => (self.confirm_empty(db), Vec::new()),
            Message::CancelEmpty => {
                self.manage.empty = None;
                (Task::none(), Vec::new())
            }
            Message::EmptyRead(account, ids) => self.emptied(account, ids),
            Message::FolderDialog(m) => self.on_folder_dialog(m, db),
            Message::Escape => {
                if self.escape() {
                    return (Task::none(), Vec::new());
                }
                self.search_update(search::Message::Clear, db)
            }
            Message::Tick(now) => (Task::none(), self.tick(now)),
            Message::Pending(account, pending) => {
                self.set_pending(account, pending);
                (Task::none(), Vec::new())
            }
            Message::Compose(None) => (
                Task::none(),
                vec![Event::Compose(ComposeRequest::New(
                    self.list.folder.map(|(a, _)| a),
                ))],
            ),
            Message::Compose(Some(kind)) => match &self.reader.open {
                Some(o) => (
                    Task::none(),
                    vec![Event::Compose(ComposeRequest::Respond(o.account, o.id, kind))],
                ),
                None => (Task::none(), Vec::new()),
            },
            Message::ShowOutbox => (Task::none(), vec![Event::ShowOutbox]),
            Message::Search(m) => self.search_update(m, db),
            Message::Unified(m) => (self.on_unified(m, db), Vec::new()),
        }
    }

    /// True when the open folder is a Drafts folder.
    fn in_drafts(&self) -> bool {
        self.list
            .folder
            .and_then(|(a, f)| self.folders.folder(a, f))
            .is_some_and(|f| f.role == FolderRole::Drafts)
    }

    /// (folders share, list share of the rest) as the panes are now.
    pub fn ratios(&self) -> (f32, f32) {
        match self.panes.layout() {
            pane_grid::Node::Split { ratio, b, .. } => match b.as_ref() {
                pane_grid::Node::Split { ratio: r2, .. } => (*ratio, *r2),
                _ => (*ratio, 0.5),
            },
            _ => (0.2, 0.42),
        }
    }

    /// The keyboard shortcuts of the main window.
    pub fn on_key(key: &Key, modifiers: Modifiers) -> Option<Message> {
        use list::Nav;
        let nav = |n| Some(Message::List(list::Message::Nav(n)));
        if modifiers.command() {
            return match key.as_ref() {
                Key::Character(",") => Some(Message::OpenSettings),
                Key::Character("n") | Key::Character("N") => Some(Message::Compose(None)),
                Key::Character("z") => Some(Message::Undo),
                Key::Character("f") | Key::Character("F") => Some(Message::Search(search::Message::Focus)),
                _ => None,
            };
        }
        match key.as_ref() {
            Key::Named(Named::ArrowDown) | Key::Character("j") => nav(Nav::Down),
            Key::Named(Named::ArrowUp) | Key::Character("k") => nav(Nav::Up),
            Key::Named(Named::PageDown) => nav(Nav::PageDown),
            Key::Named(Named::PageUp) => nav(Nav::PageUp),
            Key::Named(Named::Home) => nav(Nav::Home),
            Key::Named(Named::End) => nav(Nav::End),
            Key::Named(Named::F5) => Some(Message::SyncNow),
            Key::Named(Named::Escape) => Some(Message::Escape),
            Key::Named(Named::Delete) => Some(Message::Act(Act::Delete)),
            Key::Character("/") => Some(Message::Search(search::Message::Focus)),
            Key::Character("e") => Some(Message::Act(Act::Archive)),
            Key::Character("m") => Some(Message::FolderDialog(folder_dialog::Message::Move)),
            Key::Character("s") => Some(Message::Act(Act::ToggleStar)),
            Key::Character("u") => Some(Message::Act(Act::ToggleRead)),
            Key::Character("r") | Key::Character("R") if modifiers.shift() => {
                Some(Message::Compose(Some(ReplyKind::ReplyAll)))
            }
            Key::Character("R") => Some(Message::Compose(Some(ReplyKind::ReplyAll))),
            Key::Character("r") => Some(Message::Compose(Some(ReplyKind::Reply))),
            Key::Character("f") => Some(Message::Compose(Some(ReplyKind::Forward))),
            _ => None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let grid = pane_grid(&self.panes, |_, pane, _| {
            pane_grid::Content::new(match pane {
                Pane::Folders => self.folders_pane(),
                Pane::List => self.list_pane(),
                Pane::Reader => {
                    container(reader_view::view(&self.reader, self.text_size).map(Message::Reader))
                        .style(theme::pane)
                        .height(Length::Fill)
                        .width(Length::Fill)
                        .into()
                }
            })
        })
        .spacing(1)
        .min_size(160)
        .on_resize(8, Message::Resized)
        .style(|t: &iced::Theme| pane_grid::Style {
            hovered_region: pane_grid::default(t).hovered_region,
            picked_split: pane_grid::Line {
                color: t.palette().primary,
                width: 2.0,
            },
            hovered_split: pane_grid::Line {
                color: t.palette().primary,
                width: 2.0,
            },
        });
        let main = container(grid).style(theme::divider);
        if let Some(dialog) = self.folder_dialog_view() {
            return iced::widget::stack![main, dialog].into();
        }
        match (&self.manage.confirm, self.manage.empty) {
            (Some((_, ids)), _) => iced::widget::stack![main, toolbar::confirm_delete(ids.len())].into(),
            (None, Some((_, _, role, count))) => {
                iced::widget::stack![main, empty::confirm_empty(role, count)].into()
            }
            (None, None) => main.into(),
        }
    }

    fn folders_pane(&self) -> Element<'_, Message> {
        let foot = column![
            rule::horizontal(1),
            self.folder_buttons(),
            status::view(&self.statuses, Message::Status),
            row![
                space::horizontal(),
                status::settings_button(Message::OpenSettings)
            ]
            .align_y(Alignment::Center),
        ]
        .spacing(8);
        container(
            column![
                self.unified.view().map(Message::Unified),
                self.folders.view().map(Message::Folders),
                container(foot).padding([0, 10])
            ]
            .spacing(4),
        )
        .padding(iced::Padding {
            bottom: 8.0,
            ..Default::default()
        })
        .style(theme::sidebar)
        .height(Length::Fill)
        .width(Length::Fill)
        .into()
    }
}
