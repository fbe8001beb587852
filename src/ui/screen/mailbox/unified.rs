//! Unified views in the window (issue 11 item 3): "All inboxes", "Unread" and
//! "Starred" at the top of the folder pane with their counts. Opening one fills the
//! message list from `Store::unified_page` (a merge of each member folder's keyset
//! page); every listed row remembers its account and folder, so opening it and every
//! action reach that account's worker.

use std::collections::HashMap;

use iced::widget::operation::{AbsoluteOffset, scroll_to};
use iced::widget::{Column, space};
use iced::{Element, Task};

use super::list::{self, List};
use super::{Mailbox, Refresh};
use crate::core::{AccountId, FolderId, MessageId, TernError};
use crate::fl;
use crate::store::{UnifiedCounts, UnifiedKey, UnifiedRow, UnifiedSeek, UnifiedView};
use crate::ui::db::Db;
use crate::ui::widget::{Icon, tip};

#[derive(Debug, Clone)]
pub enum Message {
    Select(UnifiedView),
    Counted(Result<UnifiedCounts, TernError>),
}

/// The views' lines in the folder pane.
#[derive(Debug, Clone, Default)]
pub struct UnifiedPane {
    pub counts: Option<UnifiedCounts>,
    /// The open view (then no folder is selected).
    pub selected: Option<UnifiedView>,
    refresh: Refresh,
}

/// The message list's source while a unified view is open.
#[derive(Debug, Clone)]
pub struct Source {
    pub view: UnifiedView,
    pub accounts: Vec<AccountId>,
    /// The accounts' names, shown on each row when there are several.
    pub names: HashMap<AccountId, String>,
    /// Where each row read so far lives (its account and folder).
    pub origins: HashMap<MessageId, (AccountId, FolderId)>,
}

/// A window of rows read for a unified view.
#[derive(Debug, Clone)]
pub struct Page {
    pub seq: u64,
    pub view: UnifiedView,
    pub total: Option<u32>,
    pub start: u32,
    pub rows: Result<Vec<UnifiedRow>, TernError>,
}

pub fn name(view: UnifiedView) -> String {
    match view {
        UnifiedView::AllInboxes => fl!("unified-all-inboxes"),
        UnifiedView::Unread => fl!("unified-unread"),
        UnifiedView::Starred => fl!("unified-starred"),
    }
}

fn view_icon(view: UnifiedView) -> Icon {
    match view {
        UnifiedView::AllInboxes => Icon::Inbox,
        UnifiedView::Unread => Icon::Mail,
        UnifiedView::Starred => Icon::Star,
    }
}

impl UnifiedPane {
    /// Re-reads the counts (coalesced while a read is running).
    pub fn reload(&mut self, accounts: Vec<AccountId>, db: &Db) -> Task<Message> {
        if accounts.is_empty() || !self.refresh.request() {
            return Task::none();
        }
        let db = db.clone();
        Task::perform(
            async move { db.read(move |s| s.unified_counts(&accounts)).await },
            Message::Counted,
        )
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = Column::new().spacing(2).padding(iced::Padding {
            top: 8.0,
            right: 8.0,
            bottom: 0.0,
            left: 8.0,
        });
        for view in UnifiedView::ALL {
            let badge = self.counts.map_or(0, |c| c.badge(view));
            let line = super::folders::pane_line(
                space().width(16).into(),
                view_icon(view),
                name(view),
                badge,
                self.selected == Some(view),
            )
            .on_press(Message::Select(view));
            col = col.push(tip(line, fl!("unified-tip"), None));
        }
        col.into()
    }
}

impl Source {
    /// The name of a row's account, when the view spans several accounts.
    pub fn account_name(&self, id: MessageId) -> Option<&str> {
        if self.accounts.len() < 2 {
            return None;
        }
        let (account, _) = self.origins.get(&id)?;
        self.names.get(account).map(String::as_str)
    }
}

impl List {
    /// Shows a unified view from the top, with nothing selected.
    pub fn open_unified(
        &mut self,
        view: UnifiedView,
        accounts: Vec<(AccountId, String)>,
        total: u32,
        db: &Db,
    ) -> Task<list::Message> {
        let (viewport_h, modifiers, conversations) = (self.viewport_h, self.modifiers, self.conversations);
        *self = List {
            total,
            viewport_h,
            modifiers,
            // Kept for the folder opened next; unified views list messages.
            conversations,
            unified: Some(Source {
                view,
                accounts: accounts.iter().map(|(id, _)| *id).collect(),
                names: accounts.into_iter().collect(),
                origins: HashMap::new(),
            }),
            ..List::default()
        };
        let (first, last) = self.visible();
        Task::batch([
            self.fetch(db, first, last, true),
            scroll_to(list::SCROLL_ID, AbsoluteOffset { x: 0.0, y: 0.0 }),
        ])
    }

    /// The unified key of a loaded row.
    fn unified_key(&self, index: u32) -> Option<UnifiedKey> {
        let row = self.row_at(index)?;
        let (_, folder) = self.unified.as_ref()?.origins.get(&row.id)?;
        Some(UnifiedKey {
            date: row.date,
            folder: *folder,
            uid: row.uid,
        })
    }

    /// Reads rows `[first, last)` (plus margins) of the open unified view, by key from a
    /// loaded neighbour row as for a folder.
    pub(super) fn fetch_unified(
        &mut self,
        db: &Db,
        start: u32,
        limit: u32,
        seq: u64,
        with_total: bool,
    ) -> Task<list::Message> {
        let Some(source) = &self.unified else {
            return Task::none();
        };
        let (view, accounts) = (source.view, source.accounts.clone());
        let (anchor, skip, limit) =
            list::plan_anchor(start, limit, self.start, self.rows.len() as u32, self.total);
        let seek = match anchor {
            list::Anchor::Top => UnifiedSeek::Top,
            list::Anchor::Bottom => UnifiedSeek::Bottom,
            list::Anchor::After(i) => self.unified_key(i).map_or(UnifiedSeek::Top, UnifiedSeek::After),
            list::Anchor::Before(i) => self.unified_key(i).map_or(UnifiedSeek::Top, UnifiedSeek::Before),
        };
        // A missing key (never expected) falls back to reading from the top.
        let skip = match (anchor, seek) {
            (list::Anchor::After(_) | list::Anchor::Before(_), UnifiedSeek::Top) => start,
            _ => skip,
        };
        let db = db.clone();
        Task::perform(
            async move {
                db.read(move |s| {
                    let total = if with_total {
                        Some(s.unified_counts(&accounts)?.total(view))
                    } else {
                        None
                    };
                    Ok((total, s.unified_page(&accounts, view, seek, skip, limit)?))
                })
                .await
            },
            move |r| {
                let (total, rows) = match r {
                    Ok((total, rows)) => (total, Ok(rows)),
                    Err(e) => (None, Err(e)),
                };
                list::Message::UnifiedLoaded(Box::new(Page {
                    seq,
                    view,
                    total,
                    start,
                    rows,
                }))
            },
        )
    }

    /// A unified window arrived: remember where its rows live, then show them.
    pub(super) fn unified_loaded(
        &mut self,
        page: Page,
        db: &Db,
    ) -> (Task<list::Message>, Option<list::Event>) {
        let Some(source) = self.unified.as_mut().filter(|s| s.view == page.view) else {
            return (Task::none(), None);
        };
        // Origins are kept for rows no longer in memory too: a selection may span
        // windows, and an action must still reach each row's account.
        let rows = page.rows.map(|rows| {
            rows.into_iter()
                .map(|r| {
                    source.origins.insert(r.summary.id, (r.account, r.folder));
                    r.summary
                })
                .collect()
        });
        self.apply_rows(page.seq, page.total, page.start, rows, db)
    }
}

impl Mailbox {
    /// The configured accounts, in order.
    pub(super) fn account_ids(&self) -> Vec<AccountId> {
        self.accounts.iter().map(|(id, _)| *id).collect()
    }

    pub(super) fn on_unified(&mut self, message: Message, db: &Db) -> Task<super::Message> {
        match message {
            Message::Select(view) => self.open_unified(view, db),
            Message::Counted(result) => {
                let again = self.unified.refresh.done();
                if let Ok(counts) = result {
                    self.unified.counts = Some(counts);
                }
                if again {
                    self.reload_unified(db)
                } else {
                    Task::none()
                }
            }
        }
    }

    /// Opens a unified view in the list (ending a search, closing the reader).
    pub(super) fn open_unified(&mut self, view: UnifiedView, db: &Db) -> Task<super::Message> {
        let _ = self.search.update(super::search::Message::Clear, None, db);
        self.unified.selected = Some(view);
        self.folders.selected = None;
        self.folders.other_view = true;
        self.reader.close();
        self.manage.mark_read = None;
        let total = self.unified.counts.map_or(0, |c| c.total(view));
        let accounts = self
            .accounts
            .iter()
            .map(|(id, a)| (*id, a.name.clone()))
            .collect();
        self.list
            .open_unified(view, accounts, total, db)
            .map(super::Message::List)
    }

    /// Counts changed somewhere (folders re-read): re-read the views' counts.
    pub(super) fn reload_unified(&mut self, db: &Db) -> Task<super::Message> {
        let accounts = self.account_ids();
        self.unified.reload(accounts, db).map(super::Message::Unified)
    }

    /// Whether new mail of `folder` appears in the list now: the folder is open, or a
    /// unified view that lists its new (unread) mail is ("All inboxes", "Unread").
    pub fn shows_folder(&self, account: AccountId, folder: FolderId) -> bool {
        if self.list.folder == Some((account, folder)) {
            return true;
        }
        let Some(source) = &self.list.unified else {
            return false;
        };
        let role = self.folders.folder(account, folder).map(|f| f.role);
        source.view != UnifiedView::Starred
            && source.accounts.contains(&account)
            && role.is_some_and(|r| source.view.includes(r))
    }

    /// The account of the selected rows when they all share one (a unified view's
    /// "Move to…" offers that account's folders).
    pub(super) fn targets_account(&self) -> Option<AccountId> {
        if let Some((account, _)) = self.list.folder {
            return Some(account);
        }
        let mut accounts = self
            .list
            .targets()
            .into_iter()
            .filter_map(|id| self.list.account_of(id));
        let first = accounts.next()?;
        accounts.all(|a| a == first).then_some(first)
    }
}
