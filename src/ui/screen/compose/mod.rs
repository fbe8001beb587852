//! Writing a message: To / Cc / Bcc with completion from cached addresses, Subject, a
//! plain-text body with the account's signature, attachments (dialog or drop), Send
//! (Ctrl+Enter) and Discard (asks first).
//!
//! Why a pane in the main window, not a window of its own: iced 0.14 opens a second
//! window only from `iced::daemon`, which would change how the whole app starts, how
//! it quits and how every existing simulator and Xvfb test drives it; the iced_test
//! simulator also drives one view. A pane keeps the mailbox state underneath (closing
//! the composer returns to the same list and message), works the same in the
//! simulator and under Xvfb, and costs nothing when not shown.
//!
//! Drafts are never lost: every edit marks the composer dirty; the app's 250 ms tick
//! saves a dirty draft once its oldest unsaved edit is `SAVE_AFTER` old (so at most
//! ~1.3 s of typing is lost on kill -9), on the blocking pool, one save at a time.

mod addresses;
mod attach;
mod complete;
mod send;
mod view;

pub use view::on_key;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::Task;
use iced::widget::text_editor;

use crate::config::AccountConfig;
use crate::core::{Draft, DraftAttachment, DraftId, ErrorKind, OutboxId, TernError};
use crate::fl;
use crate::store::Address;
use crate::ui::env::Env;

pub use addresses::split_addresses;
use addresses::with_signature;
pub use attach::{LIMIT_BYTES, total_size};

/// An unsaved edit is written to the user database once it is this old.
pub const SAVE_AFTER: Duration = Duration::from_secs(1);
/// While writing, the server's Drafts folder gets a copy this often (and on close).
pub const SERVER_EVERY: Duration = Duration::from_secs(3 * 60);
/// Completions shown under an address field.
const COMPLETIONS: usize = 6;

/// Widget ids (focus, tests).
pub const TO_ID: &str = "compose-to";
pub const CC_ID: &str = "compose-cc";
pub const BCC_ID: &str = "compose-bcc";
pub const SUBJECT_ID: &str = "compose-subject";
pub const BODY_ID: &str = "compose-body";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    To,
    Cc,
    Bcc,
}

/// Completions offered for the address being typed in `field`.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub field: Field,
    pub prefix: String,
    pub items: Vec<Address>,
}

#[derive(Debug, Clone)]
pub enum Message {
    From(String),
    Address(Field, String),
    ShowCcBcc,
    Subject(String),
    Edit(text_editor::Action),
    Completed(Field, String, Result<Vec<Address>, TernError>),
    /// A completion was chosen: it replaces the address being typed.
    Pick(Field, String),
    /// Enter in an address field: take the first completion offered, if any.
    Accept(Field),
    Attach,
    /// Files chosen in the dialog or dropped on the window.
    Files(Vec<PathBuf>),
    NoDialog,
    Attached(Vec<Result<DraftAttachment, String>>),
    Remove(usize),
    Tick(Instant),
    Saved(Result<DraftId, TernError>),
    Send,
    Queued(Result<OutboxId, TernError>),
    Close,
    AskDiscard,
    CancelDiscard,
    ConfirmDiscard,
    DismissNotice,
}

/// What the app must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Closed, keeping the draft: mark it closed and store it on the server. The flag
    /// says it is blank (opened new and never changed): then it is thrown away instead.
    Closed(Box<Draft>, bool),
    /// Thrown away (asked first): hide the local row, remove the server copy.
    Discarded { account: String, id: Option<DraftId> },
    /// In the outbox: ask the account's worker to send.
    Queued { account: String, id: OutboxId },
    /// Saved locally and the server copy is `SERVER_EVERY` old: store it there too.
    StoreOnServer { account: String, id: DraftId },
}

/// How the composer is being left, waiting for a save in flight to finish first (so
/// no late save writes a row after it was discarded or sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaving {
    Close,
    Discard,
}

#[derive(Debug, Default, Clone, Copy)]
struct Autosave {
    /// When the oldest edit not yet saved was made.
    dirty_since: Option<Instant>,
    in_flight: bool,
}

pub struct Composer {
    /// Account names to send from (the From chooser shows when there are several).
    pub accounts: Vec<String>,
    pub from: String,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub show_cc_bcc: bool,
    pub subject: String,
    pub body: text_editor::Content,
    pub attachments: Vec<DraftAttachment>,
    /// Threading, origin and server copy of the draft, and its id once saved.
    pub base: Draft,
    pub completion: Option<Completion>,
    pub confirm_discard: bool,
    /// A problem to show in the composer (plain words).
    pub notice: Option<String>,
    /// Send was pressed and the outbox has not answered yet.
    pub sending: bool,
    /// The largest message each account's sending server accepts (EHLO SIZE), as far
    /// as known; filled in by the app in the background.
    pub server_limits: std::collections::HashMap<String, Option<u64>>,
    autosave: Autosave,
    leaving: Option<Leaving>,
    /// When the server was last asked to store a copy (None: not yet while open).
    server_copy_at: Option<Instant>,
    /// The draft as opened, when it was new (not yet stored): closing it unchanged
    /// leaves nothing behind.
    initial: Option<Draft>,
}

impl std::fmt::Debug for Composer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Composer")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("id", &self.base.id)
            .finish()
    }
}

impl Composer {
    /// A composer for `draft` (new, a reply, a reopened draft). A draft without an
    /// account gets `default_account`; a new one gets that account's signature.
    pub fn new(mut draft: Draft, accounts: &[AccountConfig], default_account: &str) -> Composer {
        if draft.account.is_empty() || !accounts.iter().any(|a| a.name == draft.account) {
            draft.account = default_account.to_string();
        }
        let signature = accounts
            .iter()
            .find(|a| a.name == draft.account)
            .map(|a| a.signature.as_str())
            .unwrap_or("");
        // Only a message started here gets the signature (not a draft reopened from the
        // server, which has its own text).
        let body = if draft.id.is_none() && draft.server_copy.is_none() {
            with_signature(&draft.body, signature)
        } else {
            draft.body.clone()
        };
        let join = |v: &[String]| v.join(", ");
        let stored = draft.id.is_some();
        let mut c = Composer {
            accounts: accounts.iter().map(|a| a.name.clone()).collect(),
            from: draft.account.clone(),
            to: join(&draft.to),
            cc: join(&draft.cc),
            bcc: join(&draft.bcc),
            show_cc_bcc: !draft.cc.is_empty() || !draft.bcc.is_empty(),
            subject: draft.subject.clone(),
            body: text_editor::Content::with_text(&body),
            attachments: draft.attachments.clone(),
            base: draft,
            completion: None,
            server_limits: Default::default(),
            confirm_discard: false,
            notice: None,
            sending: false,
            autosave: Autosave::default(),
            leaving: None,
            server_copy_at: None,
            initial: None,
        };
        if !stored {
            c.initial = Some(c.draft());
        }
        c
    }

    /// Opened new and not changed since (an id from autosave does not count).
    pub fn is_blank(&self) -> bool {
        let Some(initial) = &self.initial else {
            return false;
        };
        let mut now = self.draft();
        now.id = initial.id;
        &now == initial
    }

    /// The draft as it stands now.
    pub fn draft(&self) -> Draft {
        Draft {
            account: self.from.clone(),
            to: split_addresses(&self.to),
            cc: split_addresses(&self.cc),
            bcc: split_addresses(&self.bcc),
            subject: self.subject.clone(),
            body: self.body.text(),
            attachments: self.attachments.clone(),
            ..self.base.clone()
        }
    }

    /// The subject, or "New message" while there is none.
    pub fn title(&self) -> String {
        if self.subject.trim().is_empty() {
            fl!("compose-title")
        } else {
            self.subject.clone()
        }
    }

    /// True while an edit waits to be saved (the app ticks meanwhile).
    pub fn wants_ticks(&self) -> bool {
        self.autosave.dirty_since.is_some()
    }

    /// True when the total size of the attachments passes the limit.
    pub fn over_limit(&self) -> bool {
        total_size(&self.attachments) > self.limit()
    }

    /// The attachment total above which the composer warns: 25 MB, or less when the
    /// sending server advertises a smaller SIZE (base64 makes files a third larger).
    pub fn limit(&self) -> u64 {
        match self.server_limits.get(&self.from).copied().flatten() {
            Some(server) => LIMIT_BYTES.min(server / 4 * 3),
            None => LIMIT_BYTES,
        }
    }

    fn edited(&mut self) {
        if self.autosave.dirty_since.is_none() {
            self.autosave.dirty_since = Some(Instant::now());
        }
    }

    fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::To => &mut self.to,
            Field::Cc => &mut self.cc,
            Field::Bcc => &mut self.bcc,
        }
    }

    /// Starts saving the draft on the blocking pool (one save at a time).
    fn save(&mut self, env: &Env) -> Task<Message> {
        if self.autosave.in_flight || self.sending {
            return Task::none();
        }
        self.autosave.in_flight = true;
        self.autosave.dirty_since = None;
        let (cache, draft) = (env.paths.cache_db(), self.draft());
        Task::future(async move {
            tokio::task::spawn_blocking(move || crate::engine::drafts::save_draft(&cache, &draft))
                .await
                .unwrap_or_else(|e| Err(TernError::new(ErrorKind::Store, e.to_string())))
        })
        .map(Message::Saved)
    }

    /// Leaves now, or once the save in flight is done.
    fn leave(&mut self, how: Leaving) -> (Task<Message>, Option<Event>) {
        if self.autosave.in_flight {
            self.leaving = Some(how);
            return (Task::none(), None);
        }
        let event = match how {
            Leaving::Close => Event::Closed(Box::new(self.draft()), self.is_blank()),
            Leaving::Discard => Event::Discarded {
                account: self.from.clone(),
                id: self.base.id,
            },
        };
        (Task::none(), Some(event))
    }

    pub fn update(
        &mut self,
        message: Message,
        env: &Env,
        accounts: &[AccountConfig],
    ) -> (Task<Message>, Option<Event>) {
        let none = (Task::none(), None);
        match message {
            Message::From(name) => {
                if self.accounts.contains(&name) && name != self.from {
                    self.swap_signature(&name, accounts);
                    self.from = name;
                    self.edited();
                }
                none
            }
            Message::Address(field, value) => (self.typed(field, value, env), None),
            Message::Completed(field, prefix, result) => {
                self.completed(field, prefix, result);
                none
            }
            Message::Pick(field, address) => (self.pick(field, address), None),
            Message::Accept(field) => match &self.completion {
                Some(c) if c.field == field => {
                    let first = c.items.first().map(|a| a.formatted());
                    match first {
                        Some(address) => self.update(Message::Pick(field, address), env, accounts),
                        None => none,
                    }
                }
                _ => none,
            },
            Message::ShowCcBcc => {
                self.show_cc_bcc = true;
                none
            }
            Message::Subject(v) => {
                self.subject = v;
                self.edited();
                none
            }
            Message::Edit(action) => {
                let edit = action.is_edit();
                self.body.perform(action);
                if edit {
                    self.edited();
                }
                none
            }
            Message::Attach => (attach::pick(), None),
            Message::NoDialog => {
                self.notice = Some(fl!("compose-no-dialog"));
                none
            }
            Message::Files(paths) => (attach::read_sizes(paths), None),
            Message::Attached(results) => {
                let mut failed = Vec::new();
                for r in results {
                    match r {
                        Ok(a) if !self.attachments.contains(&a) => self.attachments.push(a),
                        Ok(_) => {}
                        Err(e) => failed.push(e),
                    }
                }
                if !failed.is_empty() {
                    self.notice = Some(failed.join(" "));
                }
                self.edited();
                none
            }
            Message::Remove(i) => {
                if i < self.attachments.len() {
                    self.attachments.remove(i);
                    self.edited();
                }
                none
            }
            Message::Tick(now) => {
                // While writing goes on, the server gets a copy every SERVER_EVERY.
                let mut event = None;
                if let (Some(id), Some(at)) = (self.base.id, self.server_copy_at)
                    && now.saturating_duration_since(at) >= SERVER_EVERY
                {
                    self.server_copy_at = Some(now);
                    event = Some(Event::StoreOnServer {
                        account: self.from.clone(),
                        id,
                    });
                }
                match self.autosave.dirty_since {
                    Some(since) if now.saturating_duration_since(since) >= SAVE_AFTER => {
                        (self.save(env), event)
                    }
                    _ => (Task::none(), event),
                }
            }
            Message::Saved(result) => {
                self.autosave.in_flight = false;
                match result {
                    Ok(id) => {
                        self.base.id = Some(id);
                        // The server copy clock starts with the first local save.
                        self.server_copy_at.get_or_insert_with(Instant::now);
                    }
                    Err(e) => {
                        self.notice = Some(fl!("compose-save-failed", reason = e.message));
                        self.edited();
                    }
                }
                match self.leaving.take() {
                    Some(how) => self.leave(how),
                    None => none,
                }
            }
            Message::Send => self.send(env, accounts),
            Message::Queued(Ok(id)) => (
                Task::none(),
                Some(Event::Queued {
                    account: self.from.clone(),
                    id,
                }),
            ),
            Message::Queued(Err(e)) => {
                self.sending = false;
                self.notice = Some(fl!("compose-send-failed", reason = e.message));
                none
            }
            // Esc with the question up answers "Cancel", not "Close".
            Message::Close if self.confirm_discard => {
                self.confirm_discard = false;
                none
            }
            Message::Close => self.leave(Leaving::Close),
            Message::AskDiscard => {
                self.confirm_discard = true;
                none
            }
            Message::CancelDiscard => {
                self.confirm_discard = false;
                none
            }
            Message::ConfirmDiscard => {
                self.confirm_discard = false;
                self.leave(Leaving::Discard)
            }
            Message::DismissNotice => {
                self.notice = None;
                none
            }
        }
    }

    pub fn view(&self) -> iced::Element<'_, Message> {
        view::view(self)
    }
}
