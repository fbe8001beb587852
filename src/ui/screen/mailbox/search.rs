//! The search field above the message list (issue 11 item 1): Ctrl+F or `/` focus it,
//! Esc clears it, a toggle chooses this folder or all accounts. Each change runs the
//! query off the UI thread (catching the index up first, so nothing cached is missed);
//! the results replace the folder's rows in the same virtual list until cleared.

use std::collections::{BTreeSet, HashMap};

use iced::widget::{button, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::core::{AccountId, FolderId, MessageId, TernError, parse_query};
use crate::fl;
use crate::store::{SearchScope, Store};
use crate::ui::db::{Db, blocking};
use crate::ui::theme;
use crate::ui::widget::tip;

pub const INPUT_ID: &str = "search-field";
/// At most this many results are listed (newest first); more means the query is too broad.
const MAX_RESULTS: u32 = 20_000;

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
        results: Result<Vec<(MessageId, AccountId)>, TernError>,
    },
}

/// What the list shows instead of a folder while a search is active.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub ids: Vec<MessageId>,
    pub accounts: HashMap<MessageId, AccountId>,
    /// Results the server found whose text is not cached (marked in the list).
    pub from_server: BTreeSet<MessageId>,
}

impl Results {
    pub fn new(found: Vec<(MessageId, AccountId)>) -> Results {
        Results {
            ids: found.iter().map(|(id, _)| *id).collect(),
            accounts: found.into_iter().collect(),
            from_server: BTreeSet::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchBar {
    pub text: String,
    pub scope: Scope,
    /// The query does not parse: said under the field, the last results stay.
    pub error: Option<TernError>,
    seq: u64,
}

/// What the mailbox does with a finished search.
#[derive(Debug)]
pub enum Outcome {
    Show(Results),
    /// The field was emptied: back to the folder.
    Cleared,
}

impl SearchBar {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
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
                self.seq += 1;
                (Task::none(), was_active.then_some(Outcome::Cleared))
            }
            Message::Done { seq, results } if seq == self.seq => match results {
                Ok(found) => (Task::none(), Some(Outcome::Show(Results::new(found)))),
                Err(e) => {
                    self.error = Some(e);
                    (Task::none(), None)
                }
            },
            Message::Done { .. } => (Task::none(), None),
        }
    }

    fn run(&mut self, folder: Option<FolderId>, db: &Db) -> (Task<Message>, Option<Outcome>) {
        self.seq += 1;
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
    /// Runs a search message and shows its results in the list (or the folder again).
    pub(super) fn search_update(&mut self, m: Message, db: &crate::ui::db::Db) -> Task<super::Message> {
        let folder = self.list.folder.map(|(_, f)| f);
        let (task, outcome) = self.search.update(m, folder, db);
        let task = task.map(super::Message::Search);
        let list = match outcome {
            Some(Outcome::Show(results)) => self.list.show_results(results, db),
            Some(Outcome::Cleared) if self.list.search.is_some() => match self.list.folder {
                _ if self.unified.selected.is_some() => {
                    let view = self.unified.selected;
                    return Task::batch([task, view.map_or(Task::none(), |v| self.open_unified(v, db))]);
                }
                Some((account, folder)) => {
                    let total = self.folders.folder(account, folder).map_or(0, |f| f.total);
                    self.list.open(account, folder, total, db)
                }
                None => {
                    self.list = super::list::List::default();
                    Task::none()
                }
            },
            _ => Task::none(),
        };
        Task::batch([task, list.map(super::Message::List)])
    }
}
