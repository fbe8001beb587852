//! The folder pane: each account with its folders, roles first (with icons), the rest
//! as a tree by the server's delimiter, collapsible, with unread counts.

use std::collections::{HashMap, HashSet};

use iced::widget::{Column, button, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length, Task};

use super::Refresh;
use crate::core::{AccountId, FolderId, FolderRole, TernError};
use crate::fl;
use crate::mime::display_safe;
use crate::store::Folder;
use crate::ui::db::Db;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

#[derive(Debug, Clone)]
pub struct AccountFolders {
    pub id: AccountId,
    pub name: String,
    pub folders: Vec<Folder>,
    pub loaded: bool,
    refresh: Refresh,
}

#[derive(Debug, Clone, Default)]
pub struct Folders {
    pub accounts: Vec<AccountFolders>,
    pub selected: Option<(AccountId, FolderId)>,
    /// A view outside the tree (a unified view) is open: no folder is chosen for the
    /// user when folders load.
    pub other_view: bool,
    collapsed: HashSet<(AccountId, String)>,
    collapsed_accounts: HashSet<AccountId>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Select(AccountId, FolderId),
    Toggle(AccountId, String),
    ToggleAccount(AccountId),
    Loaded(AccountId, Result<Vec<Folder>, TernError>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The user (or the first load) picked a folder.
    Selected(AccountId, Folder),
    /// An account's folders were re-read; `selected` is the fresh row of the open folder.
    Refreshed { selected: Option<Folder> },
}

/// One visible line of the tree.
struct Line<'a> {
    folder: &'a Folder,
    depth: usize,
    has_children: bool,
    collapsed: bool,
}

/// The display name: the role's name, else the last path component.
pub fn display_name(f: &Folder) -> String {
    match f.role {
        FolderRole::Inbox => fl!("folder-inbox"),
        FolderRole::Sent => fl!("folder-sent"),
        FolderRole::Drafts => fl!("folder-drafts"),
        FolderRole::Trash => fl!("folder-trash"),
        FolderRole::Junk => fl!("folder-junk"),
        FolderRole::Archive => fl!("folder-archive"),
        FolderRole::All => fl!("folder-all"),
        FolderRole::None => {
            let leaf = if f.delimiter.is_empty() {
                &f.path
            } else {
                f.path.rsplit(f.delimiter.as_str()).next().unwrap_or(&f.path)
            };
            display_safe(leaf)
        }
    }
}

/// The parent's path of each folder that has a listed parent.
fn parent_of(f: &Folder, by_path: &HashMap<&str, usize>) -> Option<usize> {
    if f.delimiter.is_empty() {
        return None;
    }
    let mut path = f.path.as_str();
    while let Some((head, _)) = path.rsplit_once(f.delimiter.as_str()) {
        if let Some(&i) = by_path.get(head) {
            return Some(i);
        }
        path = head;
    }
    None
}

impl Folders {
    /// Keeps the accounts in this order, adding and dropping as needed.
    pub fn set_accounts(&mut self, accounts: &[(AccountId, String)]) {
        let mut old: HashMap<AccountId, AccountFolders> =
            self.accounts.drain(..).map(|a| (a.id, a)).collect();
        self.accounts = accounts
            .iter()
            .map(|(id, name)| {
                let mut a = old.remove(id).unwrap_or(AccountFolders {
                    id: *id,
                    name: name.clone(),
                    folders: Vec::new(),
                    loaded: false,
                    refresh: Refresh::default(),
                });
                a.name = name.clone();
                a
            })
            .collect();
        if let Some((a, _)) = self.selected
            && !self.accounts.iter().any(|x| x.id == a)
        {
            self.selected = None;
        }
    }

    pub fn folder(&self, account: AccountId, id: FolderId) -> Option<&Folder> {
        self.accounts
            .iter()
            .find(|a| a.id == account)?
            .folders
            .iter()
            .find(|f| f.id == id)
    }

    /// Re-reads an account's folders (coalesced while a read is running).
    pub fn reload(&mut self, account: AccountId, db: &Db) -> Task<Message> {
        let Some(a) = self.accounts.iter_mut().find(|a| a.id == account) else {
            return Task::none();
        };
        if !a.refresh.request() {
            return Task::none();
        }
        let db = db.clone();
        Task::perform(
            async move { db.read(move |s| s.folders(account)).await },
            move |r| Message::Loaded(account, r),
        )
    }

    pub fn update(&mut self, message: Message, db: &Db) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Select(account, id) => {
                let folder = self.folder(account, id).cloned();
                match folder {
                    Some(f) if f.selectable => {
                        self.selected = Some((account, id));
                        self.other_view = false;
                        (Task::none(), Some(Event::Selected(account, f)))
                    }
                    _ => (Task::none(), None),
                }
            }
            Message::Toggle(account, path) => {
                let key = (account, path);
                if !self.collapsed.remove(&key) {
                    self.collapsed.insert(key);
                }
                (Task::none(), None)
            }
            Message::ToggleAccount(account) => {
                if !self.collapsed_accounts.remove(&account) {
                    self.collapsed_accounts.insert(account);
                }
                (Task::none(), None)
            }
            Message::Loaded(account, result) => {
                let Some(a) = self.accounts.iter_mut().find(|a| a.id == account) else {
                    return (Task::none(), None);
                };
                let again = a.refresh.done();
                if let Ok(folders) = result {
                    a.folders = folders;
                    a.loaded = true;
                }
                let task = if again {
                    self.reload(account, db)
                } else {
                    Task::none()
                };
                // First folders anywhere: open the first account's inbox.
                if self.selected.is_none()
                    && !self.other_view
                    && let Some(inbox) = self
                        .accounts
                        .iter()
                        .find(|a| a.id == account)
                        .and_then(|a| {
                            a.folders
                                .iter()
                                .find(|f| f.role == FolderRole::Inbox && f.selectable)
                        })
                        .cloned()
                {
                    self.selected = Some((account, inbox.id));
                    return (task, Some(Event::Selected(account, inbox)));
                }
                let selected = match self.selected {
                    Some((a, f)) if a == account => self.folder(a, f).cloned(),
                    _ => None,
                };
                (task, Some(Event::Refreshed { selected }))
            }
        }
    }

    fn lines<'a>(&'a self, a: &'a AccountFolders) -> Vec<Line<'a>> {
        let by_path: HashMap<&str, usize> = a
            .folders
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); a.folders.len()];
        let mut roots = Vec::new();
        for (i, f) in a.folders.iter().enumerate() {
            match parent_of(f, &by_path) {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let key = |i: &usize| {
            let f = &a.folders[*i];
            (f.role.rank(), display_name(f).to_lowercase())
        };
        roots.sort_by_key(key);
        for c in &mut children {
            c.sort_by_key(key);
        }
        let mut out = Vec::with_capacity(a.folders.len());
        let mut stack: Vec<(usize, usize)> = roots.into_iter().rev().map(|i| (i, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            let f = &a.folders[i];
            let collapsed = self.collapsed.contains(&(a.id, f.path.clone()));
            out.push(Line {
                folder: f,
                depth,
                has_children: !children[i].is_empty(),
                collapsed,
            });
            if !collapsed {
                stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
            }
        }
        out
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = Column::new().spacing(2).padding([8, 8]);
        for a in &self.accounts {
            let collapsed = self.collapsed_accounts.contains(&a.id);
            let header = button(
                row![
                    icon(
                        if collapsed {
                            Icon::ChevronRight
                        } else {
                            Icon::ChevronDown
                        },
                        12.0
                    ),
                    text(a.name.clone())
                        .size(theme::SMALL)
                        .font(theme::SEMIBOLD)
                        .wrapping(text::Wrapping::None),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            )
            .width(Length::Fill)
            .padding([6, 6])
            .style(theme::flat)
            .on_press(Message::ToggleAccount(a.id));
            col = col.push(header);
            if collapsed {
                continue;
            }
            if !a.loaded {
                col = col.push(container(muted(fl!("loading"))).padding([4, 28]));
                continue;
            }
            if a.folders.is_empty() {
                col = col.push(container(muted(fl!("folders-none"))).padding([4, 28]));
            }
            for line in self.lines(a) {
                col = col.push(self.folder_line(a.id, line));
            }
            col = col.push(space().height(8));
        }
        scrollable(col).height(Length::Fill).width(Length::Fill).into()
    }

    fn folder_line<'a>(&self, account: AccountId, line: Line<'a>) -> Element<'a, Message> {
        let f = line.folder;
        let selected = self.selected == Some((account, f.id));
        let expander: Element<'a, Message> = if line.has_children {
            button(icon(
                if line.collapsed {
                    Icon::ChevronRight
                } else {
                    Icon::ChevronDown
                },
                12.0,
            ))
            .padding(2)
            .style(theme::flat)
            .on_press(Message::Toggle(account, f.path.clone()))
            .into()
        } else {
            space().width(16).into()
        };
        let lead = row![space().width(line.depth as f32 * 14.0), expander].spacing(6);
        let b = pane_line(
            lead.into(),
            Icon::for_role(f.role),
            display_name(f),
            f.unread,
            selected,
        );
        if f.selectable {
            b.on_press(Message::Select(account, f.id)).into()
        } else {
            b.into()
        }
    }
}

/// One line of the folder pane (a folder, or a unified view above the accounts): what
/// leads it (indent, expander), its icon and name, bold with a count while `badge` > 0.
pub(super) fn pane_line<'a, M: Clone + 'a>(
    lead: Element<'a, M>,
    glyph: Icon,
    label: String,
    badge: u32,
    selected: bool,
) -> iced::widget::Button<'a, M> {
    let weight = if badge > 0 {
        theme::SEMIBOLD
    } else {
        theme::REGULAR
    };
    let mut content = row![
        lead,
        icon(glyph, 16.0),
        text(label)
            .size(theme::TEXT)
            .font(weight)
            .wrapping(text::Wrapping::None)
            .width(Length::Fill),
    ]
    .spacing(6)
    .align_y(Alignment::Center);
    if badge > 0 {
        content = content.push(
            text(format::count(u64::from(badge)))
                .size(theme::SMALL)
                .font(theme::SEMIBOLD)
                .style(theme::primary_text),
        );
    }
    button(container(content).clip(true))
        .width(Length::Fill)
        .padding([5, 6])
        .style(theme::row(selected))
}
