//! The message list, virtual: rows have a fixed height, only the rows in view (plus a
//! few) are built, two spacers stand for the rest, and only the window of rows around
//! the view is read from the store off the UI thread, by keyset (`list_page`): from the
//! key of a loaded row next to the window, or from the top or the bottom, so a window
//! near row 99,900 costs what one near row 0 does. Selection is kept by message id, so
//! it survives new mail and re-sorting.

use iced::widget::operation::{AbsoluteOffset, scroll_to};
use std::collections::{BTreeSet, HashMap};

use iced::keyboard::Modifiers;
use iced::widget::{Column, column, container, scrollable, space, text};
use iced::{Alignment, Element, Length, Task};

use super::Refresh;
use super::conversations::{Page, RowThread, read_page};
use super::list_row::{message_row, placeholder_row};
pub(super) use super::list_window::{Anchor, plan_anchor, plan_window};
use super::search::Results;
use crate::core::{AccountId, FolderId, MessageId, TernError};
use crate::fl;
use crate::store::MessageSummary;
use crate::ui::db::Db;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

pub const ROW_HEIGHT: f32 = 60.0;
pub const SCROLL_ID: &str = "message-list";
/// Rows built beyond the visible ones, above and below.
const OVERSCAN: u32 = 4;
/// Rows read beyond the visible ones, above and below.
const FETCH_MARGIN: u32 = 40;
/// Assumed viewport height until the scrollable reports its own.
const DEFAULT_VIEWPORT: f32 = 1200.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

#[derive(Debug, Clone)]
pub enum Message {
    Scrolled {
        offset: f32,
        height: f32,
    },
    /// A row was clicked (with the modifiers held at the time: Ctrl toggles, Shift
    /// selects a range).
    Clicked(MessageId, u32),
    /// The keyboard modifiers changed.
    Modifiers(Modifiers),
    Nav(Nav),
    /// The ids of a Shift+click range that reached beyond the rows in memory.
    RangeLoaded {
        seq: u64,
        ids: Result<Page, TernError>,
    },
    Loaded {
        seq: u64,
        folder: FolderId,
        total: Option<u32>,
        start: u32,
        rows: Result<Page, TernError>,
    },
    /// A window of a unified view (unified.rs).
    UnifiedLoaded(Box<super::unified::Page>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Open(AccountId, MessageId),
}

#[derive(Debug, Clone)]
pub struct List {
    pub folder: Option<(AccountId, FolderId)>,
    pub total: u32,
    /// Index of `rows[0]` in the folder.
    pub start: u32,
    pub rows: Vec<MessageSummary>,
    pub scroll_y: f32,
    pub viewport_h: f32,
    /// The focused row, shown in the reader.
    pub selected: Option<MessageId>,
    pub(super) selected_index: Option<u32>,
    /// Every selected row (actions apply to these), by id.
    pub selection: BTreeSet<MessageId>,
    /// Where a Shift+click range starts.
    pub(super) anchor: Option<(MessageId, u32)>,
    /// Modifiers held now (Ctrl, Shift), for clicks.
    pub modifiers: Modifiers,
    pub(super) range_seq: u64,
    /// A keyboard target whose row is still being read.
    pub(super) pending_index: Option<u32>,
    pub(super) seq: u64,
    /// The window the newest request asks for.
    pub(super) requested: Option<(u32, u32)>,
    pub loaded: bool,
    pub(super) refresh: Refresh,
    pub error: Option<TernError>,
    /// Search results shown instead of the folder's rows (search.rs).
    pub search: Option<Results>,
    /// One row per conversation (the setting; search results stay one per message).
    pub conversations: bool,
    /// The conversation of each conversation row read so far, by the row's id.
    pub(super) threads: HashMap<MessageId, RowThread>,
    /// A unified view shown instead of a folder (unified.rs).
    pub unified: Option<super::unified::Source>,
}

impl Default for List {
    fn default() -> Self {
        List {
            folder: None,
            total: 0,
            start: 0,
            rows: Vec::new(),
            scroll_y: 0.0,
            viewport_h: DEFAULT_VIEWPORT,
            selected: None,
            selected_index: None,
            selection: BTreeSet::new(),
            anchor: None,
            modifiers: Modifiers::default(),
            range_seq: 0,
            pending_index: None,
            seq: 0,
            requested: None,
            loaded: false,
            refresh: Refresh::default(),
            error: None,
            search: None,
            conversations: false,
            threads: HashMap::new(),
            unified: None,
        }
    }
}

impl List {
    /// Shows `folder` from the top, with nothing selected.
    pub fn open(&mut self, account: AccountId, folder: FolderId, total: u32, db: &Db) -> Task<Message> {
        let (viewport_h, modifiers, conversations) = (self.viewport_h, self.modifiers, self.conversations);
        *self = List {
            folder: Some((account, folder)),
            // With conversations this counts messages, an upper bound of the rows: the
            // first read brings the number of rows.
            total,
            viewport_h,
            modifiers,
            conversations,
            ..List::default()
        };
        let (first, last) = self.visible();
        Task::batch([
            self.fetch(db, first, last, true),
            scroll_to(SCROLL_ID, AbsoluteOffset { x: 0.0, y: 0.0 }),
        ])
    }

    /// Shows no folder (the setting for conversations stays).
    pub fn reset(&mut self) {
        *self = List {
            conversations: self.conversations,
            ..List::default()
        };
    }

    /// Shows search results from the top, with nothing selected (the folder stays the
    /// one to return to).
    pub fn show_results(&mut self, results: Results, db: &Db) -> Task<Message> {
        let (viewport_h, modifiers, folder) = (self.viewport_h, self.modifiers, self.folder);
        let conversations = self.conversations;
        *self = List {
            folder,
            total: results.ids.len() as u32,
            viewport_h,
            modifiers,
            conversations,
            search: Some(results),
            ..List::default()
        };
        let (first, last) = self.visible();
        Task::batch([
            self.fetch(db, first, last, true),
            scroll_to(SCROLL_ID, AbsoluteOffset { x: 0.0, y: 0.0 }),
        ])
    }

    /// Opening a row: its account (search results span accounts).
    pub(super) fn open_event(&self, id: MessageId) -> Option<Event> {
        self.account_of(id).map(|a| Event::Open(a, id))
    }

    /// The account of a listed message.
    pub fn account_of(&self, id: MessageId) -> Option<AccountId> {
        match (&self.search, &self.unified) {
            (Some(r), _) => r.accounts.get(&id).copied(),
            (None, Some(u)) => u.origins.get(&id).map(|(a, _)| *a),
            (None, None) => self.folder.map(|(a, _)| a),
        }
    }

    /// Whether the list shows anything (a folder, search results or a unified view).
    pub fn has_source(&self) -> bool {
        self.folder.is_some() || self.search.is_some() || self.unified.is_some()
    }

    /// The folder changed: re-read its size and the rows in view (coalesced).
    pub fn refresh(&mut self, db: &Db) -> Task<Message> {
        if !self.has_source() || !self.refresh.request() {
            return Task::none();
        }
        let (first, last) = self.visible();
        self.fetch(db, first, last, true)
    }

    /// Rows in view: [first, last).
    pub fn visible(&self) -> (u32, u32) {
        let first = (self.scroll_y.max(0.0) / ROW_HEIGHT).floor() as u32;
        let count = (self.viewport_h / ROW_HEIGHT).ceil() as u32 + 1;
        let first = first.min(self.total);
        (first, first.saturating_add(count).min(self.total))
    }

    pub(super) fn fetch(&mut self, db: &Db, first: u32, last: u32, with_total: bool) -> Task<Message> {
        let folder = self.folder.map(|(_, f)| f);
        if !self.has_source() {
            return Task::none();
        }
        let folder = folder.unwrap_or(FolderId(0));
        let start = first.saturating_sub(FETCH_MARGIN);
        let limit = last.saturating_sub(first) + 2 * FETCH_MARGIN;
        self.seq += 1;
        self.requested = Some((start, start + limit));
        let seq = self.seq;
        if self.unified.is_some() && self.search.is_none() {
            return self.fetch_unified(db, start, limit, seq, with_total);
        }
        // Search results: the rows of the ids in this window, in result order.
        let found: Option<(u32, Vec<MessageId>)> = self.search.as_ref().map(|r| {
            let end = (start as usize + limit as usize).min(r.ids.len());
            let ids = r.ids.get(start as usize..end).unwrap_or_default().to_vec();
            (r.ids.len() as u32, ids)
        });
        // A folder: read from the key of a loaded neighbour row (keyset paging).
        let (seek, skip, limit) = plan_window(start, limit, self.start, &self.rows, self.total);
        let conversations = self.conversations;
        let db = db.clone();
        Task::perform(
            async move {
                db.read(move |s| match found {
                    Some((total, ids)) => {
                        let rows = s.search_hits(&ids)?.into_iter().map(|h| h.summary).collect();
                        Ok((with_total.then_some(total), Page::plain(rows)))
                    }
                    None if conversations => read_page(s, folder, seek, skip, limit, with_total),
                    None => {
                        let total = if with_total {
                            s.folder(folder)?.map(|f| f.total)
                        } else {
                            None
                        };
                        Ok((total, Page::plain(s.list_page(folder, seek, skip, limit)?)))
                    }
                })
                .await
            },
            move |r| match r {
                Ok((total, rows)) => Message::Loaded {
                    seq,
                    folder,
                    total,
                    start,
                    rows: Ok(rows),
                },
                Err(e) => Message::Loaded {
                    seq,
                    folder,
                    total: None,
                    start,
                    rows: Err(e),
                },
            },
        )
    }

    /// Reads more rows when the view moved past what is loaded or asked for.
    fn ensure_window(&mut self, db: &Db) -> Task<Message> {
        let (first, last) = self.visible();
        let loaded = (self.start, self.start + self.rows.len() as u32);
        let covers = |(a, b): (u32, u32)| a <= first && last.min(self.total) <= b;
        if covers(loaded) || self.requested.is_some_and(covers) {
            return Task::none();
        }
        self.fetch(db, first, last, false)
    }

    pub(super) fn index_of(&self, id: MessageId) -> Option<u32> {
        self.rows
            .iter()
            .position(|r| r.id == id)
            .map(|i| self.start + i as u32)
    }

    pub(super) fn row_at(&self, index: u32) -> Option<&MessageSummary> {
        index
            .checked_sub(self.start)
            .and_then(|i| self.rows.get(i as usize))
    }

    pub fn update(&mut self, message: Message, db: &Db) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Scrolled { offset, height } => {
                self.scroll_y = offset;
                if height > 0.0 {
                    self.viewport_h = height;
                }
                (self.ensure_window(db), None)
            }
            Message::Clicked(id, index) => self.click(id, index, db),
            Message::Modifiers(m) => {
                self.modifiers = m;
                (Task::none(), None)
            }
            Message::RangeLoaded { seq, ids } => {
                self.range_loaded(seq, ids);
                (Task::none(), None)
            }
            Message::Nav(nav) => self.navigate(nav, db),
            Message::Loaded {
                seq,
                folder,
                total,
                start,
                rows,
            } => {
                if self.search.is_none() && self.folder.map(|(_, f)| f) != Some(folder) {
                    return (Task::none(), None);
                }
                // Conversation rows bring what each stands for.
                let rows = rows.map(|page| {
                    self.keep_threads(page.threads);
                    page.rows
                });
                self.apply_rows(seq, total, start, rows, db)
            }
            Message::UnifiedLoaded(page) => self.unified_loaded(*page, db),
        }
    }

    /// A window of rows arrived (the newest request's, or an older one's total only).
    pub(super) fn apply_rows(
        &mut self,
        seq: u64,
        total: Option<u32>,
        start: u32,
        rows: Result<Vec<MessageSummary>, TernError>,
        db: &Db,
    ) -> (Task<Message>, Option<Event>) {
        let mut task = Task::none();
        if let Some(t) = total {
            self.total = t;
            if self.refresh.done() {
                task = self.refresh(db);
            }
        }
        if seq != self.seq {
            return (task, None);
        }
        self.requested = None;
        match rows {
            Ok(rows) => {
                self.error = None;
                self.loaded = true;
                self.start = start;
                self.rows = rows;
                if let Some(id) = self.selected
                    && let Some(i) = self.index_of(id)
                {
                    self.selected_index = Some(i);
                }
                let event = self.take_pending();
                (Task::batch([task, self.ensure_window(db)]), event)
            }
            Err(e) => {
                self.error = Some(e);
                (task, None)
            }
        }
    }

    fn take_pending(&mut self) -> Option<Event> {
        let index = self.pending_index?;
        let id = self.row_at(index)?.id;
        self.select_one(id, index);
        self.open_event(id)
    }

    fn navigate(&mut self, nav: Nav, db: &Db) -> (Task<Message>, Option<Event>) {
        if self.total == 0 {
            return (Task::none(), None);
        }
        let last = self.total - 1;
        let page = ((self.viewport_h / ROW_HEIGHT).floor() as u32)
            .saturating_sub(1)
            .max(1);
        let current = self
            .selected
            .and_then(|id| self.index_of(id))
            .or(self.selected_index);
        let target = match (nav, current) {
            (Nav::Home, _) => 0,
            (Nav::End, _) => last,
            (Nav::Down | Nav::PageDown, None) | (Nav::Up | Nav::PageUp, None) => self.visible().0.min(last),
            (Nav::Down, Some(i)) => (i + 1).min(last),
            (Nav::Up, Some(i)) => i.saturating_sub(1),
            (Nav::PageDown, Some(i)) => i.saturating_add(page).min(last),
            (Nav::PageUp, Some(i)) => i.saturating_sub(page),
        };
        let scroll = self.scroll_into_view(target);
        let event = match self.row_at(target).map(|r| r.id) {
            Some(id) if self.selected == Some(id) => None,
            Some(id) => {
                self.select_one(id, target);
                self.open_event(id)
            }
            None => {
                self.pending_index = Some(target);
                self.selected_index = Some(target);
                self.selection.clear();
                None
            }
        };
        let fetch = if event.is_none() && self.pending_index.is_some() {
            let (first, last) = self.visible();
            let covers = self.requested.is_some_and(|(a, b)| a <= target && target < b);
            if covers {
                Task::none()
            } else {
                self.fetch(db, first.min(target), last.max(target + 1), false)
            }
        } else {
            self.ensure_window(db)
        };
        (Task::batch([scroll, fetch]), event)
    }

    /// Scrolls so row `index` is fully visible.
    fn scroll_into_view(&mut self, index: u32) -> Task<Message> {
        let top = index as f32 * ROW_HEIGHT;
        let bottom = top + ROW_HEIGHT;
        let y = if top < self.scroll_y {
            top
        } else if bottom > self.scroll_y + self.viewport_h {
            (bottom - self.viewport_h).max(0.0)
        } else {
            return Task::none();
        };
        self.scroll_y = y;
        scroll_to(SCROLL_ID, AbsoluteOffset { x: 0.0, y })
    }

    pub fn view(&self, now: i64) -> Element<'_, Message> {
        if !self.has_source() {
            return center(muted(fl!("list-no-folder")));
        }
        if let Some(e) = &self.error
            && self.rows.is_empty()
        {
            return center(text(crate::ui::errors::detail(e)).style(theme::danger_text));
        }
        if !self.loaded {
            return center(muted(fl!("loading")));
        }
        if self.total == 0 && self.search.is_some() {
            return center(muted(fl!("search-nothing-found")));
        }
        if self.total == 0 {
            return center(
                column![icon(Icon::Inbox, 32.0), muted(fl!("list-empty"))]
                    .spacing(8)
                    .align_x(Alignment::Center),
            );
        }
        let (first, last) = self.visible();
        let first = first.saturating_sub(OVERSCAN);
        let last = (last + OVERSCAN).min(self.total);
        let mut rows = Column::with_capacity((last - first) as usize + 2)
            .push(space().height(first as f32 * ROW_HEIGHT).width(Length::Fill));
        for index in first..last {
            rows = rows.push(match self.row_at(index) {
                Some(m) => {
                    let from_server = self
                        .search
                        .as_ref()
                        .is_some_and(|r| r.from_server.contains(&m.id));
                    let thread = self.thread_of_row(m.id);
                    let account = self.unified.as_ref().and_then(|u| u.account_name(m.id));
                    message_row(
                        m,
                        thread,
                        index,
                        self.is_selected(m.id),
                        now,
                        from_server,
                        account,
                    )
                }
                None => placeholder_row(),
            });
        }
        rows = rows.push(space().height((self.total - last) as f32 * ROW_HEIGHT));
        scrollable(rows)
            .id(SCROLL_ID)
            .on_scroll(|v| Message::Scrolled {
                offset: v.absolute_offset().y,
                height: v.bounds().height,
            })
            .height(Length::Fill)
            .width(Length::Fill)
            .into()
    }
}

fn center<'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content).center(Length::Fill).into()
}
