//! Selection in the virtual list, by message id: a click selects one row, Ctrl+click
//! toggles a row, Shift+click selects the range from the anchor (read from the store
//! when it reaches beyond the rows in memory). After rows are moved away, the next
//! row is selected.

use iced::Task;

use super::conversations::{Page, read_page};
use super::list::{Event, List, Message};
use crate::core::{Flags, MessageId, TernError};
use crate::store::Seek;
use crate::ui::db::Db;

impl List {
    /// Selects exactly one row and makes it the focused one and the range anchor.
    pub(super) fn select_one(&mut self, id: MessageId, index: u32) {
        self.selected = Some(id);
        self.selected_index = Some(index);
        self.pending_index = None;
        self.selection.clear();
        self.selection.insert(id);
        self.anchor = Some((id, index));
    }

    pub fn is_selected(&self, id: MessageId) -> bool {
        self.selection.contains(&id)
    }

    /// The ids an action applies to: every selected row (with conversations, every
    /// message of each selected conversation in the folder).
    pub fn targets(&self) -> Vec<MessageId> {
        if self.selection.is_empty() {
            return self.expand(self.selected);
        }
        self.expand(self.selection.iter().copied())
    }

    /// The flags of a row in memory.
    pub fn flags_of(&self, id: MessageId) -> Option<Flags> {
        self.rows.iter().find(|r| r.id == id).map(|r| Flags(r.flags))
    }

    pub(super) fn click(&mut self, id: MessageId, index: u32, db: &Db) -> (Task<Message>, Option<Event>) {
        let open = self.open_event(id);
        let m = self.modifiers;
        if m.shift()
            && let Some((anchor_id, anchor_index)) = self.anchor
        {
            let from = self.index_of(anchor_id).unwrap_or(anchor_index);
            self.selected = Some(id);
            self.selected_index = Some(index);
            self.pending_index = None;
            return (self.select_range(from, index, db), open);
        }
        if m.command() {
            if self.selection.is_empty()
                && let Some(current) = self.selected
            {
                self.selection.insert(current);
            }
            if self.selection.remove(&id) {
                if self.selected == Some(id) {
                    self.selected = None;
                }
                return (Task::none(), None);
            }
            self.selection.insert(id);
            self.selected = Some(id);
            self.selected_index = Some(index);
            self.pending_index = None;
            self.anchor = Some((id, index));
            return (Task::none(), open);
        }
        self.select_one(id, index);
        (Task::none(), open)
    }

    /// Selects rows `from..=to` (either order): from memory when loaded, else read.
    fn select_range(&mut self, from: u32, to: u32, db: &Db) -> Task<Message> {
        let (lo, hi) = (from.min(to), from.max(to));
        let end = self.start + self.rows.len() as u32;
        self.range_seq += 1;
        if lo >= self.start && hi < end {
            let (a, b) = ((lo - self.start) as usize, (hi - self.start) as usize);
            self.selection = self.rows[a..=b].iter().map(|r| r.id).collect();
            return Task::none();
        }
        // Beyond the rows in memory: what is loaded now, the rest when read.
        self.selection = (lo..=hi).filter_map(|i| self.row_at(i).map(|r| r.id)).collect();
        let Some((_, folder)) = self.folder else {
            return Task::none();
        };
        let seq = self.range_seq;
        let conversations = self.conversations && self.search.is_none();
        let db = db.clone();
        Task::perform(
            async move {
                db.read(move |s| {
                    if conversations {
                        let (_, page) = read_page(s, folder, Seek::Top, lo, hi - lo + 1, false)?;
                        return Ok(page);
                    }
                    let rows = s.list_messages(folder, lo, hi - lo + 1)?;
                    Ok(Page::plain(rows))
                })
                .await
            },
            move |ids| Message::RangeLoaded { seq, ids },
        )
    }

    pub(super) fn range_loaded(&mut self, seq: u64, page: Result<Page, TernError>) {
        if seq != self.range_seq {
            return;
        }
        if let Ok(page) = page {
            self.selection = page.rows.iter().map(|r| r.id).collect();
            self.keep_threads(page.threads);
        }
    }

    /// `gone` are about to leave this folder (moved, archived, deleted): select the
    /// row after them (or before, at the end), and say which to open. `None` when
    /// nothing is left to select.
    pub fn advance_past(&mut self, gone: &[MessageId]) -> Option<Event> {
        let is_gone = |id: MessageId| gone.contains(&id);
        let positions: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| is_gone(r.id))
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
            return None;
        };
        let after = self.rows[last + 1..]
            .iter()
            .position(|r| !is_gone(r.id))
            .map(|p| last + 1 + p);
        let before = self.rows[..first].iter().rposition(|r| !is_gone(r.id));
        let Some(pos) = after.or(before) else {
            self.selected = None;
            self.selection.clear();
            self.anchor = None;
            return None;
        };
        let id = self.rows[pos].id;
        // Its index once the gone rows above it are no longer listed.
        let removed_above = positions.iter().filter(|&&p| p < pos).count() as u32;
        let index = self.start + pos as u32 - removed_above;
        self.select_one(id, index);
        self.open_event(id)
    }
}
