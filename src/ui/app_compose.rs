//! The app's side of writing mail: opening the composer (new, reply, forward, a
//! reopened draft, a draft left by a crash), acting on what it reports (close, discard,
//! queued), file drops, and the outbox dialog. Every store access runs on the blocking
//! pool; commands go to the account's worker.

use super::db::blocking;
use std::path::PathBuf;

use iced::Task;

use super::app::{App, Message, Screen};
use super::screen::compose::{self, Composer};
use super::screen::mailbox::ComposeRequest;
use super::screen::outbox::{self, Outbox};
use crate::compose::{Identity, Original};
use crate::config::AccountConfig;
use crate::core::{AccountEvent, AccountId, Command, Draft, DraftId, MessageId, ReplyKind, TernError};
use crate::engine::{drafts, outbox as engine_outbox};
use crate::fl;

/// Messages of the writing side (boxed into `app::Message::Writing`).
#[derive(Debug, Clone)]
pub enum Writing {
    Compose(compose::Message),
    /// A draft to open in the composer (reopened from Drafts, or built elsewhere).
    Open(Result<Draft, TernError>),
    /// The message to answer or forward was read from the cache (None: its body is not
    /// downloaded yet, so the worker fetches it first).
    Original(
        AccountId,
        MessageId,
        ReplyKind,
        Result<Option<Original>, TernError>,
    ),
    /// Drafts still open when Tern last stopped (read at start).
    LeftOpen(Result<Vec<Draft>, TernError>),
    /// A closed or discarded draft was written; tell the worker.
    Stored(String, Command, Result<(), TernError>),
    FileDropped(PathBuf),
    Outbox(outbox::Message),
    /// The sending server of this account said how large a message may be (EHLO SIZE).
    SmtpLimit(String, Result<Option<u64>, TernError>),
}

fn wrap(m: Writing) -> Message {
    Message::Writing(Box::new(m))
}

impl App {
    fn configs(&self) -> Vec<AccountConfig> {
        self.accounts.iter().map(|a| a.config.clone()).collect()
    }

    fn account_id(&self, name: &str) -> Option<AccountId> {
        self.accounts.iter().find(|a| a.config.name == name).map(|a| a.id)
    }

    fn account_name(&self, id: AccountId) -> Option<String> {
        self.accounts
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.config.name.clone())
    }

    /// The account a new message is sent from: the one given, else the first.
    fn default_account(&self, id: Option<AccountId>) -> String {
        id.and_then(|id| self.account_name(id))
            .or_else(|| self.accounts.first().map(|a| a.config.name.clone()))
            .unwrap_or_default()
    }

    /// Shows `draft` in the composer; an open composer is closed first (its draft kept).
    pub(super) fn open_composer(&mut self, draft: Draft, default_account: String) -> Task<Message> {
        let previous = self
            .composer
            .take()
            .map(|c| self.composer_event(compose::Event::Closed(Box::new(c.draft()), c.is_blank())));
        self.outbox = None;
        let composer = Composer::new(draft, &self.configs(), &default_account);
        // A reply has its recipients: the cursor starts in the text.
        let first = if composer.to.is_empty() {
            compose::TO_ID
        } else {
            compose::BODY_ID
        };
        let mut composer = composer;
        composer.server_limits = self.smtp_limits.clone();
        self.composer = Some(composer);
        let focus = iced::widget::operation::focus(first);
        Task::batch([
            previous.unwrap_or_else(Task::none),
            focus,
            self.learn_smtp_limits(),
        ])
    }

    /// Asks each sending server not asked yet this run for its SIZE limit, in the
    /// background (one SMTP login; an account that is offline is asked next time).
    fn learn_smtp_limits(&self) -> Task<Message> {
        Task::batch(
            self.accounts
                .iter()
                .filter(|a| a.config.smtp.is_some() && !self.smtp_limits.contains_key(&a.config.name))
                .map(|a| {
                    let (config, secrets) = (a.config.clone(), self.env.secrets.clone());
                    let name = config.name.clone();
                    Task::perform(
                        async move { crate::engine::smtp_max_size(&config, &secrets).await },
                        move |r| wrap(Writing::SmtpLimit(name.clone(), r)),
                    )
                }),
        )
    }

    /// What the mailbox asked for (toolbar, reader, keyboard, a click in Drafts).
    pub(super) fn compose_request(&mut self, request: ComposeRequest) -> Task<Message> {
        let cache = self.env.paths.cache_db();
        match request {
            ComposeRequest::New(account) => {
                let from = self.default_account(account);
                self.open_composer(Draft::default(), from)
            }
            ComposeRequest::Respond(account, id, kind) => blocking(move || {
                // A reply needs the text: an uncached body is fetched first (below).
                if crate::store::Store::open_reader(&cache)?.body(id)?.is_none() {
                    return Ok(None);
                }
                engine_outbox::original(&cache, id).map(Some)
            })
            .map(move |r| wrap(Writing::Original(account, id, kind, r))),
            ComposeRequest::OpenDraft(_, id) => {
                blocking(move || engine_outbox::draft_from_message(&cache, id))
                    .map(|r| wrap(Writing::Open(r)))
            }
        }
    }

    /// A new message prefilled from a clicked `mailto:` link, from `account`.
    pub(super) fn compose_draft(&mut self, account: AccountId, draft: Draft) -> Task<Message> {
        let from = self.default_account(Some(account));
        self.open_composer(draft, from)
    }

    /// Reads drafts left open by a crash (called once the accounts are known).
    pub(super) fn check_left_open(&self) -> Task<Message> {
        let cache = self.env.paths.cache_db();
        blocking(move || drafts::left_open(&cache)).map(|r| wrap(Writing::LeftOpen(r)))
    }

    pub(super) fn update_writing(&mut self, message: Writing) -> Task<Message> {
        match message {
            Writing::Compose(m) => {
                let configs = self.configs();
                let Some(c) = self.composer.as_mut() else {
                    return Task::none();
                };
                let (task, event) = c.update(m, &self.env, &configs);
                let task = task.map(|m| wrap(Writing::Compose(m)));
                match event {
                    Some(e) => Task::batch([task, self.composer_event(e)]),
                    None => task,
                }
            }
            Writing::SmtpLimit(account, Ok(limit)) => {
                self.smtp_limits.insert(account.clone(), limit);
                if let Some(c) = self.composer.as_mut() {
                    c.server_limits.insert(account, limit);
                }
                Task::none()
            }
            // Not reachable now: the 25 MB rule stands; asked again at the next composer.
            Writing::SmtpLimit(_, Err(_)) => Task::none(),
            Writing::Open(Ok(draft)) => {
                let from = draft.account.clone();
                self.open_composer(draft, from)
            }
            Writing::Open(Err(e)) | Writing::Original(_, _, _, Err(e)) => {
                self.notice = Some(super::errors::detail(&e));
                Task::none()
            }
            Writing::Original(account, id, kind, Ok(None)) => {
                // Reply pressed on a message not downloaded yet: the composer opens as
                // soon as the worker has its body (see `after_writing_event`).
                self.pending_reply = Some((account, id, kind));
                self.send(account, Command::FetchBody(id))
            }
            Writing::Original(account, _, kind, Ok(Some(original))) => {
                let Some(config) = self
                    .accounts
                    .iter()
                    .find(|a| a.id == account)
                    .map(|a| a.config.clone())
                else {
                    return Task::none();
                };
                let identity = Identity {
                    name: config.display_name.clone(),
                    email: config.email.clone(),
                };
                let own: Vec<String> = self.accounts.iter().map(|a| a.config.email.clone()).collect();
                let mut draft = crate::compose::respond(&original, kind, &identity, &own);
                // The reply goes out from the account that received the original.
                draft.account = config.name.clone();
                self.open_composer(draft, config.name)
            }
            Writing::LeftOpen(Ok(list)) => match list.first() {
                Some(newest) if self.composer.is_none() => {
                    let (count, draft) = (list.len(), newest.clone());
                    let from = draft.account.clone();
                    let task = self.open_composer(draft, from);
                    if let Some(c) = self.composer.as_mut() {
                        c.notice = Some(fl!("compose-recovered", count = count));
                    }
                    task
                }
                _ => Task::none(),
            },
            Writing::LeftOpen(Err(e)) => {
                self.notice = Some(e.message);
                Task::none()
            }
            Writing::Stored(account, command, Ok(())) => match self.account_id(&account) {
                Some(id) => self.send(id, command),
                None => Task::none(),
            },
            Writing::Stored(_, _, Err(e)) => {
                self.notice = Some(e.message);
                Task::none()
            }
            // Files dropped on the setup or settings screens are not mail.
            Writing::FileDropped(_) if !matches!(self.screen, Screen::Mailbox) => Task::none(),
            Writing::FileDropped(path) => {
                if self.composer.is_none() {
                    let from = self.default_account(self.mailbox.list.folder.map(|(a, _)| a));
                    let open = self.open_composer(Draft::default(), from);
                    return Task::batch([
                        open,
                        self.update_writing(Writing::Compose(compose::Message::Files(vec![path]))),
                    ]);
                }
                self.update_writing(Writing::Compose(compose::Message::Files(vec![path])))
            }
            Writing::Outbox(m) => {
                let cache = self.env.paths.cache_db();
                let Some(o) = self.outbox.as_mut() else {
                    return Task::none();
                };
                let (task, event) = o.update(m, cache);
                let task = task.map(|m| wrap(Writing::Outbox(m)));
                match event {
                    Some(outbox::Event::SendNow(account)) => match self.account_id(&account) {
                        Some(id) => Task::batch([task, self.send(id, Command::SendOutbox)]),
                        None => task,
                    },
                    Some(outbox::Event::Close) => {
                        self.outbox = None;
                        task
                    }
                    None => task,
                }
            }
        }
    }

    /// Opens the outbox dialog and reads its entries.
    pub(super) fn show_outbox(&mut self) -> Task<Message> {
        self.outbox = Some(Outbox::default());
        outbox::load(self.env.paths.cache_db()).map(|m| wrap(Writing::Outbox(m)))
    }

    /// Commands waiting for an account's worker to be ready (tests look at these).
    pub fn waiting_commands(&self, account: AccountId) -> Vec<Command> {
        self.accounts
            .iter()
            .find(|a| a.id == account)
            .map(|a| a.queued.clone())
            .unwrap_or_default()
    }

    /// Re-reads the open outbox dialog after a worker event about sending.
    /// What a worker event means for writing: the outbox dialog reads again; a reply
    /// waiting for its message's body opens (or says why it cannot).
    pub(super) fn after_writing_event(&mut self, account: AccountId, event: &AccountEvent) -> Task<Message> {
        match event {
            AccountEvent::OutboxChanged { .. } | AccountEvent::Sent(_) | AccountEvent::SendFailed(..) => {
                self.refresh_outbox()
            }
            AccountEvent::BodyReady(id)
                if self.pending_reply.is_some_and(|p| p.0 == account && p.1 == *id) =>
            {
                match self.pending_reply.take() {
                    Some((a, id, kind)) => self.compose_request(ComposeRequest::Respond(a, id, kind)),
                    None => Task::none(),
                }
            }
            AccountEvent::BodyFailed(id, e)
                if self.pending_reply.is_some_and(|p| p.0 == account && p.1 == *id) =>
            {
                self.pending_reply = None;
                self.notice = Some(super::errors::detail(e));
                Task::none()
            }
            _ => Task::none(),
        }
    }

    /// The outbox changed while its dialog is open: read it again.
    pub(super) fn refresh_outbox(&self) -> Task<Message> {
        match self.outbox {
            Some(_) => outbox::load(self.env.paths.cache_db()).map(|m| wrap(Writing::Outbox(m))),
            None => Task::none(),
        }
    }

    fn composer_event(&mut self, event: compose::Event) -> Task<Message> {
        let cache = self.env.paths.cache_db();
        match event {
            compose::Event::Closed(draft, blank) => {
                self.composer = None;
                if blank {
                    return self.composer_event(compose::Event::Discarded {
                        account: draft.account.clone(),
                        id: draft.id,
                    });
                }
                // The last edits are written now, the row marked closed, then the worker
                // stores the draft in the server's Drafts folder.
                let account = draft.account.clone();
                blocking(move || {
                    let id = drafts::save_draft(&cache, &draft)?;
                    drafts::close_draft(&cache, id)?;
                    Ok(id)
                })
                .map(move |r: Result<DraftId, TernError>| match r {
                    Ok(id) => wrap(Writing::Stored(
                        account.clone(),
                        Command::SaveDraftOnServer(id),
                        Ok(()),
                    )),
                    Err(e) => wrap(Writing::Stored(account.clone(), Command::SyncNow, Err(e))),
                })
            }
            compose::Event::Discarded { account, id } => {
                self.composer = None;
                let Some(id) = id else {
                    return Task::none();
                };
                blocking(move || drafts::discard_draft(&cache, id)).map(move |r| {
                    wrap(Writing::Stored(
                        account.clone(),
                        Command::DiscardDraftOnServer(id),
                        r,
                    ))
                })
            }
            compose::Event::StoreOnServer { account, id } => match self.account_id(&account) {
                Some(a) => self.send(a, Command::SaveDraftOnServer(id)),
                None => Task::none(),
            },
            compose::Event::Queued { account, .. } => {
                self.composer = None;
                let poke = match self.account_id(&account) {
                    Some(id) => self.send(id, Command::SendOutbox),
                    None => Task::none(),
                };
                Task::batch([poke, self.refresh_outbox()])
            }
        }
    }

    /// The window is closing: the draft being written is saved now (it stays marked
    /// open, so it is offered again at the next start).
    pub(super) fn save_composer_now(&self) {
        if let Some(c) = &self.composer
            && !c.is_blank()
            && let Err(e) = drafts::save_draft(&self.env.paths.cache_db(), &c.draft())
        {
            tracing::warn!("the draft could not be saved while closing: {}", e.message);
        }
    }
}

impl App {
    /// The autosave clock, only while an edit waits to be saved. (200 ms, not the
    /// mailbox's 250: a subscription is known by its period, and both may run at once.)
    pub(super) fn composer_ticks(&self) -> iced::Subscription<Message> {
        if self.composer.as_ref().is_some_and(Composer::wants_ticks) {
            iced::time::every(std::time::Duration::from_millis(200))
                .map(|t| wrap(Writing::Compose(compose::Message::Tick(t))))
        } else {
            iced::Subscription::none()
        }
    }

    pub(super) fn composer_view(&self) -> iced::Element<'_, Message> {
        match &self.composer {
            Some(c) => super::widget::shortcuts(c.view().map(|m| wrap(Writing::Compose(m))), |k, m| {
                compose::on_key(k, m).map(|m| wrap(Writing::Compose(m)))
            })
            .into(),
            None => iced::widget::space().into(),
        }
    }

    /// The mailbox with the outbox dialog over it.
    pub(super) fn outbox_view(&self) -> iced::Element<'_, Message> {
        let mailbox = self.mailbox.view().map(Message::Mailbox);
        match &self.outbox {
            Some(o) => iced::widget::stack![mailbox, o.view().map(|m| wrap(Writing::Outbox(m)))].into(),
            None => mailbox,
        }
    }
}
