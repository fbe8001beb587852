//! The search field above the message list (issue 11 item 1): Ctrl+F or `/` focus it,
//! Esc clears it, a toggle chooses this folder or all accounts. Each change runs the
//! query off the UI thread (catching the index up first, so nothing cached is missed);
//! the results replace the folder's rows in the same virtual list until cleared.
//! Once typing pauses, the account workers in scope ask their servers (`UID SEARCH`)
//! for mail whose text is not cached; each answer (ids only) is merged into the list in
//! date order, marked "on server". Every query has a number: answers to older ones are
//! dropped. Offline, a quiet note says the server was not searched.

use std::collections::{BTreeSet, HashMap};

use iced::widget::{button, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::core::{AccountId, FolderId, MessageId, SearchQuery, ServerSearch, TernError, parse_query};
use crate::fl;
use crate::store::{Found, SearchScope, Store};
use crate::ui::db::{Db, blocking};
use crate::ui::theme;
use crate::ui::widget::tip;

pub const INPUT_ID: &str = "search-field";
/// At most this many results are listed (newest first); more means the query is too broad.
const MAX_RESULTS: u32 = 20_000;
/// How long typing must pause before the servers are asked (each key searches the cache).
const ASK_SERVER_AFTER: std::time::Duration = std::time::Duration::from_millis(400);

/// Where the field searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Folder,
    All,
}

#[derive(Debug, Clone)]
pub enum Message {
    Changed(String),
    ToggleScope,
    Focus,
    Clear,
    Done {
        seq: u64,
        results: Result<Vec<Found>, TernError>,
    },
    /// Typing paused after query `seq`: ask the servers in scope, if it is still current.
    AskServer(u64),
    /// The rows (id, date) of what an account's server found for query `seq`.
    ServerRows {
        seq: u64,
        account: AccountId,
        rows: Result<Vec<(MessageId, i64)>, TernError>,
    },
}

/// What the list shows instead of a folder while a search is active: newest first.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub ids: Vec<MessageId>,
    /// The date of each of `ids` (same index), to merge later results in order.
    pub dates: Vec<i64>,
    pub accounts: HashMap<MessageId, AccountId>,
    /// Results the server found whose text is not cached (marked in the list).
    pub from_server: BTreeSet<MessageId>,
}

impl Results {
    pub fn new(found: Vec<Found>) -> Results {
        Results {
            ids: found.iter().map(|f| f.id).collect(),
            dates: found.iter().map(|f| f.date).collect(),
            accounts: found.iter().map(|f| (f.id, f.account)).collect(),
            from_server: BTreeSet::new(),
        }
    }

    /// Adds what `account`'s server found, each in its place by (date, id) newest
    /// first; ids already listed are skipped, so nothing shows twice. Returns how many
    /// were added. One pass over both sorted lists (an answer may hold thousands).
    pub fn merge(&mut self, account: AccountId, rows: &[(MessageId, i64)]) -> usize {
        let mut new: Vec<(i64, MessageId)> = rows
            .iter()
            .filter(|(id, _)| !self.accounts.contains_key(id))
            .map(|&(id, date)| (date, id))
            .collect();
        new.sort_unstable_by(|a, b| b.cmp(a));
        new.dedup();
        if new.is_empty() {
            return 0;
        }
        let old: Vec<(i64, MessageId)> = self.dates.iter().copied().zip(self.ids.iter().copied()).collect();
        let (mut ids, mut dates) = (Vec::with_capacity(old.len() + new.len()), Vec::new());
        dates.reserve(old.len() + new.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let take_new = j < new.len() && (i == old.len() || new[j] > old[i]);
            let (date, id) = if take_new { new[j] } else { old[i] };
            if take_new {
                j += 1;
                self.accounts.insert(id, account);
                self.from_server.insert(id);
            } else {
                i += 1;
            }
            ids.push(id);
            dates.push(date);
        }
        self.ids = ids;
        self.dates = dates;
        new.len()
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchBar {
    pub text: String,
    pub scope: Scope,
    /// The query does not parse: said under the field, the last results stay.
    pub error: Option<TernError>,
    /// Accounts whose server has not answered the current query yet.
    pub waiting: BTreeSet<AccountId>,
    /// A quiet note about the server's part (offline, or it could not search).
    pub server_note: Option<TernError>,
    /// The current query and its folder scope, for the servers once typing pauses.
    asked: Option<(SearchQuery, Option<FolderId>)>,
    seq: u64,
}

/// What the mailbox does with a finished search.
#[derive(Debug)]
pub enum Outcome {
    Show(Results),
    /// The field was emptied: back to the folder.
    Cleared,
    /// Ask the servers in scope (the mailbox picks the accounts and calls `asking`).
    AskServer(ServerSearch),
    /// Add what this account's server found to the results.
    Merge(AccountId, Vec<(MessageId, i64)>),
}

impl SearchBar {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// The number naming the current query (answers for others are dropped).
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Handles a message; `folder` is the open folder (the "this folder" scope).
    pub fn update(
        &mut self,
        message: Message,
        folder: Option<FolderId>,
        db: &Db,
    ) -> (Task<Message>, Option<Outcome>) {
        match message {
            Message::Changed(text) => {
                self.text = text;
                self.run(folder, db)
            }
            Message::ToggleScope => {
                self.scope = match self.scope {
                    Scope::Folder => Scope::All,
                    Scope::All => Scope::Folder,
                };
                self.run(folder, db)
            }
            Message::Focus => (iced::widget::operation::focus(INPUT_ID), None),
            Message::Clear => {
                let was_active = self.is_active();
                self.text.clear();
                self.error = None;
                self.forget_server();
                self.seq += 1;
                (Task::none(), was_active.then_some(Outcome::Cleared))
            }
            Message::Done { seq, results } if seq == self.seq => match results {
                Ok(found) => {
                    // The servers are asked once typing pauses, not for every key.
                    let ask = Task::future(async { tokio::time::sleep(ASK_SERVER_AFTER).await })
                        .map(move |()| Message::AskServer(seq));
                    (ask, Some(Outcome::Show(Results::new(found))))
                }
                Err(e) => {
                    self.error = Some(e);
                    (Task::none(), None)
                }
            },
            Message::AskServer(seq) if seq == self.seq => {
                // Without words the cache has answered fully (flags, dates, folders).
                let asked = self.asked.clone().filter(|(query, _)| query.has_text());
                let outcome =
                    asked.map(|(query, folder)| Outcome::AskServer(ServerSearch { seq, query, folder }));
                (Task::none(), outcome)
            }
            Message::ServerRows { seq, account, rows } if seq == self.seq => {
                self.waiting.remove(&account);
                match rows {
                    Ok(rows) => (Task::none(), Some(Outcome::Merge(account, rows))),
                    Err(e) => {
                        self.server_note = Some(e);
                        (Task::none(), None)
                    }
                }
            }
            // An answer to an older query: dropped.
            Message::Done { .. } | Message::AskServer(_) | Message::ServerRows { .. } => (Task::none(), None),
        }
    }

    /// These accounts' servers were asked the current query.
    pub fn asking(&mut self, accounts: impl IntoIterator<Item = AccountId>) {
        self.waiting = accounts.into_iter().collect();
    }

    /// An account's server found `ids` for query `seq`: reads their dates to merge them
    /// (nothing for an older query).
    pub fn server_found(&self, account: AccountId, seq: u64, ids: Vec<MessageId>, db: &Db) -> Task<Message> {
        if seq != self.seq {
            return Task::none();
        }
        let db = db.clone();
        Task::perform(
            async move {
                db.read(move |s| {
                    Ok(s.search_hits(&ids)?
                        .into_iter()
                        .map(|h| (h.summary.id, h.summary.date))
                        .collect())
                })
                .await
            },
            move |rows| Message::ServerRows { seq, account, rows },
        )
    }

    /// An account's server could not answer query `seq` (offline, or it failed).
    pub fn server_failed(&mut self, account: AccountId, seq: u64, error: TernError) {
        if seq == self.seq {
            self.waiting.remove(&account);
            self.server_note = Some(error);
        }
    }

    fn forget_server(&mut self) {
        self.waiting.clear();
        self.server_note = None;
        self.asked = None;
    }

    fn run(&mut self, folder: Option<FolderId>, db: &Db) -> (Task<Message>, Option<Outcome>) {
        self.seq += 1;
        self.forget_server();
        if !self.is_active() {
            self.error = None;
            return (Task::none(), Some(Outcome::Cleared));
        }
        let query = match parse_query(&self.text) {
            Ok(q) => q,
            Err(e) => {
                self.error = Some(e);
                return (Task::none(), None);
            }
        };
        self.error = None;
        let scope = SearchScope {
            account: None,
            folder: if self.scope == Scope::Folder { folder } else { None },
        };
        self.asked = Some((query.clone(), scope.folder));
        let (seq, path) = (self.seq, db.path().to_path_buf());
        let task = blocking(move || {
            // The writer catches the index up (sync leaves that for later), then answers.
            let mut store = Store::open(&path)?;
            store.index_all_pending()?;
            store.search_results(&query, scope, Some(MAX_RESULTS))
        })
        .map(move |results| Message::Done { seq, results });
        (task, None)
    }

    /// Under the field: why the server's results are missing (offline, or it failed).
    pub fn server_view(&self) -> Option<Element<'_, Message>> {
        let note = self.server_note.as_ref()?;
        Some(
            text(crate::ui::errors::detail(note))
                .size(theme::SMALL)
                .style(theme::muted_text)
                .into(),
        )
    }

    /// The result count, with "searching the server" while an answer is out (in the
    /// count's line, so nothing below moves when the answer comes).
    pub fn count_line(&self, count: String) -> String {
        if self.waiting.is_empty() {
            count
        } else {
            format!("{count} · {}", fl!("search-server-waiting"))
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = text_input(&fl!("search-placeholder"), &self.text)
            .id(INPUT_ID)
            .on_input(Message::Changed)
            .padding([5, 8])
            .size(theme::SMALL + 1.0)
            .width(Length::Fill);
        let scope_label = match self.scope {
            Scope::Folder => fl!("search-scope-folder"),
            Scope::All => fl!("search-scope-all"),
        };
        let toggle = tip(
            button(text(scope_label).size(theme::SMALL))
                .padding([5, 8])
                .style(theme::flat)
                .on_press(Message::ToggleScope),
            fl!("search-scope-tip"),
            None,
        );
        row![tip(input, fl!("search-tip"), Some("Ctrl+F  /")), toggle]
            .spacing(4)
            .align_y(Alignment::Center)
            .into()
    }
}

impl super::Mailbox {
    /// Runs a search message: results in the list (or the folder again), server
    /// searches for the workers.
    pub(super) fn search_update(
        &mut self,
        m: Message,
        db: &crate::ui::db::Db,
    ) -> (Task<super::Message>, Vec<super::Event>) {
        let folder = self.list.folder.map(|(_, f)| f);
        let (task, outcome) = self.search.update(m, folder, db);
        let task = task.map(super::Message::Search);
        let mut events = Vec::new();
        let list = match outcome {
            Some(Outcome::Show(results)) => self.list.show_results(results, db),
            Some(Outcome::Cleared) if self.list.search.is_some() => match self.list.folder {
                _ if self.unified.selected.is_some() => {
                    let view = self.unified.selected;
                    let unified = view.map_or(Task::none(), |v| self.open_unified(v, db));
                    return (Task::batch([task, unified]), Vec::new());
                }
                Some((account, folder)) => {
                    let total = self.folders.folder(account, folder).map_or(0, |f| f.total);
                    self.list.open(account, folder, total, db)
                }
                None => {
                    self.list.reset();
                    Task::none()
                }
            },
            Some(Outcome::AskServer(ask)) => {
                // "This folder": its account's server; else every account's.
                let accounts: Vec<AccountId> = match (ask.folder, self.list.folder) {
                    (Some(_), Some((account, _))) => vec![account],
                    _ => self.accounts.iter().map(|(id, _)| *id).collect(),
                };
                self.search.asking(accounts.iter().copied());
                events = accounts
                    .into_iter()
                    .map(|a| super::Event::Command(a, crate::core::Command::SearchServer(ask.clone())))
                    .collect();
                Task::none()
            }
            Some(Outcome::Merge(account, rows)) => {
                let added = self.list.search.as_mut().map_or(0, |r| r.merge(account, &rows));
                if added > 0 {
                    self.list.refresh(db)
                } else {
                    Task::none()
                }
            }
            _ => Task::none(),
        };
        (Task::batch([task, list.map(super::Message::List)]), events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(id: i64, date: i64) -> Found {
        Found {
            id: MessageId(id),
            account: AccountId(1),
            date,
        }
    }

    #[test]
    fn server_results_merge_in_date_order_once() {
        // 9 and 3 share a date: the larger id is first, as the store orders them.
        let mut r = Results::new(vec![found(5, 500), found(9, 300), found(3, 300), found(1, 100)]);
        let rows = [
            (MessageId(7), 400),
            (MessageId(3), 300),
            (MessageId(2), 50),
            (MessageId(8), 300),
            (MessageId(7), 400),
        ];
        assert_eq!(r.merge(AccountId(2), &rows), 3, "listed ids are skipped");
        let ids: Vec<i64> = r.ids.iter().map(|m| m.0).collect();
        assert_eq!(ids, [5, 7, 9, 8, 3, 1, 2]);
        assert_eq!(r.dates, [500, 400, 300, 300, 300, 100, 50]);
        assert_eq!(
            r.from_server,
            [7, 8, 2].into_iter().map(MessageId).collect::<BTreeSet<_>>()
        );
        assert_eq!(r.accounts.get(&MessageId(8)), Some(&AccountId(2)));
        assert_eq!(r.merge(AccountId(2), &rows), 0, "a repeated answer adds nothing");
    }
}
