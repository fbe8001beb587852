//! Managing mail from the window (issue 7): the actions on the selected messages
//! (read/unread, star, archive, delete, move), marking an opened message read after a
//! delay, Undo for `UNDO_WINDOW` after an action, conflict notices, and the question
//! before deleting for good in Trash. Time comes in through `Message::Tick`, so tests
//! drive it with messages.

use std::time::Duration;

use iced::Task;
use iced::time::Instant;

use super::list;
use super::{Event, Mailbox, Message};
use crate::core::{AccountId, Action, Command, Flags, FolderId, FolderRole, MessageId};
use crate::engine::actions::UNDO_WINDOW;

/// How long a conflict notice stays.
pub const NOTICE_TIME: Duration = Duration::from_secs(8);

/// What a toolbar button, a shortcut or a row's menu asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Read if any selected is unread, else unread.
    ToggleRead,
    /// Star if any selected is not starred, else unstar.
    ToggleStar,
    Archive,
    Delete,
    MoveTo(FolderId),
}

/// What the last action did, for the Undo toast ("Marked as read", "3 messages archived").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Read(usize),
    Unread(usize),
    Starred(usize),
    Unstarred(usize),
    Archived(usize),
    Deleted(usize),
    Moved(usize, FolderId),
}

impl Done {
    fn of(action: &Action) -> Done {
        match action {
            Action::SetFlags { ids, add, remove } => {
                let n = ids.len();
                if add.contains(Flags::SEEN) {
                    Done::Read(n)
                } else if remove.contains(Flags::SEEN) {
                    Done::Unread(n)
                } else if add.contains(Flags::FLAGGED) {
                    Done::Starred(n)
                } else {
                    Done::Unstarred(n)
                }
            }
            Action::Archive { ids } => Done::Archived(ids.len()),
            Action::Delete { ids, .. } => Done::Deleted(ids.len()),
            Action::Move { ids, to } => Done::Moved(ids.len(), *to),
        }
    }
}

/// The state of managing mail in the window.
#[derive(Debug, Clone, Default)]
pub struct Manage {
    /// 0 = never mark read on opening.
    pub mark_read_delay: Duration,
    /// The opened message to mark read when the time comes.
    pub mark_read: Option<(AccountId, MessageId, Instant)>,
    /// Undo is offered for this account until then.
    pub undo: Option<(AccountId, Instant)>,
    /// A short notice (a conflict), shown until then.
    pub notice: Option<(String, Instant)>,
    /// Asking whether to delete these for good.
    pub confirm: Option<(AccountId, Vec<MessageId>)>,
    /// What the action Undo is offered for did.
    pub done: Option<Done>,
    /// The last action sent, named in the toast once the worker has queued it.
    last_sent: Option<(AccountId, Done)>,
    /// Asking whether to empty this Trash or Junk folder of its messages.
    pub empty: Option<(AccountId, FolderId, FolderRole, u32)>,
    /// The "Move to…" menu is open.
    pub move_open: bool,
    /// A folder dialog (New folder, Rename, Delete, the "Move to…" picker) is open.
    pub dialog: Option<super::folder_dialog::Dialog>,
    /// Bumped to close the "Move to…" menu (its widget state starts afresh).
    pub move_menu_epoch: u32,
    /// The last delete sent, in case the engine asks for confirmation.
    last_delete: Option<(AccountId, Vec<MessageId>)>,
}

impl Manage {
    /// Whether anything waits for time to pass (the window then sends ticks).
    pub fn wants_ticks(&self) -> bool {
        self.mark_read.is_some() || self.undo.is_some() || self.notice.is_some()
    }

    /// A message was opened: mark it read later, if that is on.
    pub fn opened(&mut self, account: AccountId, id: MessageId, now: Instant) {
        self.mark_read = (!self.mark_read_delay.is_zero()).then(|| (account, id, now + self.mark_read_delay));
    }

    pub fn queued(&mut self, account: AccountId, now: Instant) {
        self.undo = Some((account, now + UNDO_WINDOW));
        self.done = self
            .last_sent
            .take()
            .filter(|(a, _)| *a == account)
            .map(|(_, d)| d);
    }

    /// An action goes to `account`'s worker.
    pub(super) fn sent(&mut self, account: AccountId, action: &Action) {
        self.last_sent = Some((account, Done::of(action)));
    }

    pub fn conflict(&mut self, sentence: String, now: Instant) {
        self.notice = Some((sentence, now + NOTICE_TIME));
    }

    /// The engine asks before deleting for good: ask the user about the last delete.
    pub fn needs_confirmation(&mut self, account: AccountId) -> bool {
        match self.last_delete.take() {
            Some((a, ids)) if a == account => {
                self.confirm = Some((a, ids));
                true
            }
            _ => false,
        }
    }
}

impl Mailbox {
    /// Applies `act` to the selected messages of the open folder.
    pub(super) fn act(&mut self, act: Act, env_db: &crate::ui::db::Db) -> (Task<Message>, Vec<Event>) {
        if self.list.search.is_some() || self.list.unified.is_some() {
            return self.act_on_results(act, env_db);
        }
        let Some((account, folder)) = self.list.folder else {
            return (Task::none(), Vec::new());
        };
        let ids = self.list.targets();
        if ids.is_empty() {
            return (Task::none(), Vec::new());
        }
        let flags: Vec<Flags> = ids.iter().filter_map(|id| self.list.flags_of(*id)).collect();
        let any_without = |f: Flags| flags.iter().any(|x| !x.contains(f));
        let set = |on: bool, f: Flags| Action::SetFlags {
            ids: ids.clone(),
            add: if on { f } else { Flags::default() },
            remove: if on { Flags::default() } else { f },
        };
        let action = match act {
            Act::ToggleRead => set(any_without(Flags::SEEN), Flags::SEEN),
            Act::ToggleStar => set(any_without(Flags::FLAGGED), Flags::FLAGGED),
            // Nothing to do for messages already in Archive (the button is hidden there).
            Act::Archive if self.open_role() == Some(FolderRole::Archive) => {
                return (Task::none(), Vec::new());
            }
            Act::Archive => Action::Archive { ids: ids.clone() },
            Act::Delete => {
                let in_trash = self
                    .folders
                    .folder(account, folder)
                    .is_some_and(|f| f.role == FolderRole::Trash);
                if in_trash {
                    self.manage.confirm = Some((account, ids));
                    return (Task::none(), Vec::new());
                }
                self.manage.last_delete = Some((account, ids.clone()));
                Action::Delete {
                    ids: ids.clone(),
                    forever: false,
                }
            }
            Act::MoveTo(to) if to == folder => return (Task::none(), Vec::new()),
            Act::MoveTo(to) => Action::Move { ids: ids.clone(), to },
        };
        let removes = !matches!(action, Action::SetFlags { .. });
        let task = if removes {
            self.leave(&ids, env_db)
        } else {
            Task::none()
        };
        self.manage.sent(account, &action);
        (task, vec![Event::Command(account, Command::Act(action))])
    }

    /// `act` on search results, which may span folders and accounts: one command per
    /// account; a move takes only the messages of the target folder's account.
    fn act_on_results(&mut self, act: Act, db: &crate::ui::db::Db) -> (Task<Message>, Vec<Event>) {
        let ids = self.list.targets();
        let flags: Vec<Flags> = ids.iter().filter_map(|id| self.list.flags_of(*id)).collect();
        let any_without = |f: Flags| flags.iter().any(|x| !x.contains(f));
        let mut by_account: Vec<(AccountId, Vec<MessageId>)> = Vec::new();
        for id in &ids {
            let Some(a) = self.list.account_of(*id) else {
                continue;
            };
            match by_account.iter_mut().find(|(x, _)| *x == a) {
                Some((_, v)) => v.push(*id),
                None => by_account.push((a, vec![*id])),
            }
        }
        let (mut events, mut leaving) = (Vec::new(), Vec::new());
        for (account, ids) in by_account {
            let set = |on: bool, f: Flags| Action::SetFlags {
                ids: ids.clone(),
                add: if on { f } else { Flags::default() },
                remove: if on { Flags::default() } else { f },
            };
            let action = match act {
                Act::ToggleRead => set(any_without(Flags::SEEN), Flags::SEEN),
                Act::ToggleStar => set(any_without(Flags::FLAGGED), Flags::FLAGGED),
                Act::Archive => Action::Archive { ids: ids.clone() },
                Act::Delete => Action::Delete {
                    ids: ids.clone(),
                    forever: false,
                },
                Act::MoveTo(to) if self.folders.folder(account, to).is_some() => {
                    Action::Move { ids: ids.clone(), to }
                }
                Act::MoveTo(_) => continue,
            };
            if !matches!(action, Action::SetFlags { .. }) {
                leaving.extend(ids.iter().copied());
            }
            self.manage.sent(account, &action);
            events.push(Event::Command(account, Command::Act(action)));
        }
        let task = if leaving.is_empty() {
            Task::none()
        } else {
            self.leave(&leaving, db)
        };
        (task, events)
    }

    /// The role of the open folder.
    pub fn open_role(&self) -> Option<FolderRole> {
        let (account, folder) = self.list.folder?;
        self.folders.folder(account, folder).map(|f| f.role)
    }

    /// Escape: closes a folder dialog, the "Move to…" menu, or the question before
    /// deleting; false when none was open (then Escape clears the search).
    pub(super) fn escape(&mut self) -> bool {
        if self.manage.dialog.is_some() {
            self.manage.dialog = None;
            true
        } else if self.manage.move_open {
            self.manage.move_open = false;
            self.manage.move_menu_epoch = self.manage.move_menu_epoch.wrapping_add(1);
            true
        } else {
            let open = self.manage.confirm.is_some() || self.manage.empty.is_some();
            self.manage.confirm = None;
            self.manage.empty = None;
            open
        }
    }

    /// The user confirmed deleting for good.
    pub(super) fn confirm_delete(&mut self, db: &crate::ui::db::Db) -> (Task<Message>, Vec<Event>) {
        let Some((account, ids)) = self.manage.confirm.take() else {
            return (Task::none(), Vec::new());
        };
        let task = self.leave(&ids, db);
        let action = Action::Delete { ids, forever: true };
        self.manage.sent(account, &action);
        (task, vec![Event::Command(account, Command::Act(action))])
    }

    /// Rows `ids` leave the list: select and open the next one.
    fn leave(&mut self, ids: &[MessageId], db: &crate::ui::db::Db) -> Task<Message> {
        match self.list.advance_past(ids) {
            Some(list::Event::Open(a, id)) => {
                self.manage.opened(a, id, Instant::now());
                self.reader.show(a, id, db).map(Message::Reader)
            }
            None => {
                if self.reader.showing().is_some_and(|id| ids.contains(&id)) {
                    self.reader.close();
                }
                Task::none()
            }
        }
    }

    pub(super) fn undo(&mut self) -> Vec<Event> {
        match self.manage.undo.take() {
            Some((account, _)) => {
                self.manage.done = None;
                self.manage.last_sent = None;
                vec![Event::Command(account, Command::Undo)]
            }
            None => Vec::new(),
        }
    }

    /// Time passed: mark the opened message read, end Undo and notices that are due.
    pub(super) fn tick(&mut self, now: Instant) -> Vec<Event> {
        let mut events = Vec::new();
        if let Some((account, id, at)) = self.manage.mark_read
            && at <= now
        {
            self.manage.mark_read = None;
            let unread = self.list.flags_of(id).is_some_and(|f| !f.contains(Flags::SEEN));
            if self.list.selected == Some(id) && unread {
                let action = Action::SetFlags {
                    ids: vec![id],
                    add: Flags::SEEN,
                    remove: Flags::default(),
                };
                self.manage.sent(account, &action);
                events.push(Event::Command(account, Command::Act(action)));
            }
        }
        if self.manage.undo.is_some_and(|(_, until)| until <= now) {
            self.manage.undo = None;
            self.manage.done = None;
        }
        if self
            .manage
            .notice
            .as_ref()
            .is_some_and(|(_, until)| *until <= now)
        {
            self.manage.notice = None;
        }
        events
    }
}
