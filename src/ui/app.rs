//! The application: which screen is up, the running accounts and their workers, and
//! the routing of worker events (stale ones dropped) and screen events.

use std::sync::Arc;

use iced::theme::Mode;
use iced::widget::{button, column, container, row, text};
use iced::{Element, Length, Size, Subscription, Task, Theme, window};

use super::app_notify::Notifying;
use super::db;
use super::env::Env;
use super::prefs::{Prefs, ThemeChoice};
use super::screen::mailbox::{self, Mailbox};
use super::screen::password::{self, Prompts};
use super::screen::settings::{self, Settings};
use super::screen::setup::{self, Setup};
use super::theme;
use super::widget::{muted, shortcuts};
use super::worker;
use crate::config::{AccountConfig, Config, SecretStore};
use crate::core::{AccountId, Command, Handle, Stamped, TernError};
use crate::engine::AccountSpec;
use crate::fl;

/// A configured account while the window runs.
#[derive(Debug, Clone)]
pub struct Account {
    pub config: AccountConfig,
    pub id: AccountId,
    /// Bumped when the worker is restarted; older events are dropped.
    pub generation: u64,
    pub handle: Option<Handle>,
    /// Commands waiting for the worker to take them (see delivery.rs).
    pub(super) queued: Vec<Command>,
}

#[derive(Debug)]
pub enum Screen {
    Loading,
    Setup(Box<Setup>),
    Mailbox,
    Settings,
}

#[derive(Debug, Clone)]
pub enum Message {
    Booted(Result<Vec<(AccountConfig, AccountId)>, TernError>),
    Worker(Stamped),
    Setup(setup::Message),
    Settings(settings::Message),
    Mailbox(mailbox::Message),
    Password(password::Message),
    /// A saved account has its cache row; start (or restart) its worker.
    AccountReady(Result<(Box<AccountConfig>, AccountId), TernError>),
    Removed(Result<(), TernError>),
    /// Offer an account's waiting commands to its worker again (its queue was full).
    RetryQueued(AccountId),
    ThemeChanged(Mode),
    WindowResized(Size),
    CloseRequested(window::Id),
    Dismiss,
    /// Tab (or Shift+Tab, `true`) that no widget took: move to the next field.
    MoveFocus(bool),
    /// Writing mail: the composer and the outbox (app_compose.rs).
    Writing(Box<super::app_compose::Writing>),
    /// New-mail notifications and the window's focus (app_notify.rs).
    Notify(super::app_notify::Notifying),
    /// The certificate dialog over the mailbox (app_cert.rs).
    Cert(super::screen::cert_trust::Message),
}

pub struct App {
    pub env: Env,
    pub config: Config,
    pub accounts: Vec<Account>,
    next_generation: u64,
    pub screen: Screen,
    pub mailbox: Mailbox,
    pub(super) settings: Settings,
    pub prefs: Prefs,
    mode: Mode,
    /// A problem to show above everything (unreadable accounts.toml, failed save).
    pub notice: Option<String>,
    /// accounts.toml could not be read: never overwrite it.
    pub(super) config_broken: bool,
    /// The message being written, shown instead of the mailbox (see screen::compose).
    pub composer: Option<super::screen::compose::Composer>,
    /// The outbox dialog, over the mailbox.
    pub outbox: Option<super::screen::outbox::Outbox>,
    /// Reply or forward asked for a message whose body is being fetched first.
    pub(super) pending_reply: Option<(AccountId, crate::core::MessageId, crate::core::ReplyKind)>,
    /// Each account's sending-server SIZE limit once learned (for the composer).
    pub(super) smtp_limits: std::collections::HashMap<String, Option<u64>>,
    /// The small password dialog and where each password lives.
    pub prompts: Prompts,
    /// Whether the window has the keyboard focus (no notification for the shown folder).
    pub(super) window_focused: bool,
    /// The certificate dialog (a refused certificate while syncing or sending).
    pub certs: super::screen::cert_trust::CertPrompts,
    /// What each account's worker reported of its health, by account name (settings).
    pub health: std::collections::BTreeMap<String, crate::core::AccountHealth>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("screen", &self.screen)
            .field("accounts", &self.accounts.len())
            .finish()
    }
}

impl App {
    /// Reads accounts.toml and the window settings, and starts opening the cache.
    pub fn new(env: Env) -> (App, Task<Message>) {
        let prefs = Prefs::load(&env.paths);
        App::with_prefs(env, prefs)
    }

    /// As `new`, with the window settings already read (at start-up, by `ui::Startup`).
    pub fn with_prefs(env: Env, prefs: Prefs) -> (App, Task<Message>) {
        let (config, notice, broken) = match Config::load(&env.paths.accounts_file()) {
            Ok((config, _warnings)) => (config, None, false),
            Err(e) => (Config::default(), Some(super::errors::detail(&e)), true),
        };
        let mut mailbox = Mailbox::new(prefs.folders_ratio, prefs.list_ratio, prefs.text_size);
        mailbox.reader.save_dirs = prefs.save_dirs.clone();
        mailbox.reader.default_dir = prefs.default_save_dir();
        let mut env = env;
        env.tuning.poll_interval = prefs.sync_interval();
        mailbox.manage.mark_read_delay = prefs.mark_read_delay();
        mailbox.list.conversations = prefs.conversations;
        mailbox.reader.conversations = prefs.conversations;
        let screen = if config.accounts.is_empty() && !broken {
            Screen::Setup(Box::new(Setup::add(true)))
        } else {
            Screen::Loading
        };
        let boot = Task::perform(
            db::prepare(env.paths.cache_db(), config.accounts.clone()),
            Message::Booted,
        );
        let app = App {
            env,
            config,
            accounts: Vec::new(),
            next_generation: 1,
            screen,
            mailbox,
            settings: Settings::default(),
            prefs,
            mode: Mode::Light,
            notice,
            config_broken: broken,
            composer: None,
            outbox: None,
            pending_reply: None,
            window_focused: false,
            smtp_limits: Default::default(),
            prompts: Prompts::default(),
            certs: Default::default(),
            health: Default::default(),
        };
        // A new user starts typing their address at once (and a cursor shows where).
        let focus = if matches!(app.screen, Screen::Setup(_)) {
            iced::widget::operation::focus(setup::EMAIL_ID)
        } else {
            Task::none()
        };
        (
            app,
            Task::batch([boot, focus, iced::system::theme().map(Message::ThemeChanged)]),
        )
    }

    pub fn theme(&self) -> Theme {
        theme::for_mode(match self.prefs.theme {
            ThemeChoice::System => self.mode,
            ThemeChoice::Light => Mode::Light,
            ThemeChoice::Dark => Mode::Dark,
        })
    }

    /// What each running worker is started with (tests run these themselves).
    pub fn worker_specs(&self) -> Vec<AccountSpec> {
        self.accounts
            .iter()
            .map(|a| AccountSpec {
                id: a.id,
                generation: a.generation,
                config: a.config.clone(),
                db_path: self.env.paths.cache_db(),
                secrets: self.env.secrets.clone() as Arc<dyn SecretStore>,
                tuning: self.env.tuning.clone(),
            })
            .collect()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let workers = self
            .worker_specs()
            .into_iter()
            .map(|spec| worker::subscription(spec).map(Message::Worker));
        // Ticks only while something waits for time (mark read, Undo, a notice).
        let ticks = if self.mailbox.manage.wants_ticks() {
            iced::time::every(std::time::Duration::from_millis(250))
                .map(|t| Message::Mailbox(mailbox::Message::Tick(t)))
        } else {
            Subscription::none()
        };
        Subscription::batch(workers.chain([
            ticks,
            self.composer_ticks(),
            iced::system::theme_changes().map(Message::ThemeChanged),
            window::resize_events().map(|(_, size)| Message::WindowResized(size)),
            window::close_requests().map(Message::CloseRequested),
            iced::event::listen_with(|event, status, _| match event {
                iced::Event::Window(window::Event::Focused) => Some(Message::Notify(Notifying::Focus(true))),
                iced::Event::Window(window::Event::Unfocused) => {
                    Some(Message::Notify(Notifying::Focus(false)))
                }
                iced::Event::Window(window::Event::FileDropped(path)) => Some(Message::Writing(Box::new(
                    super::app_compose::Writing::FileDropped(path),
                ))),
                // Tab moves between the fields of a form (setup, composer, dialogs), as
                // in every desktop app; a widget that uses Tab itself keeps it.
                iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
                    key: iced::keyboard::Key::Named(iced::keyboard::key::Named::Tab),
                    modifiers,
                    ..
                }) if status == iced::event::Status::Ignored => Some(Message::MoveFocus(modifiers.shift())),
                // Esc in the focused search field (which keeps the key) clears the search.
                iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
                    key: iced::keyboard::Key::Named(iced::keyboard::key::Named::Escape),
                    ..
                }) if status == iced::event::Status::Captured => Some(Message::Mailbox(
                    mailbox::Message::Search(mailbox::search::Message::Clear),
                )),
                _ => None,
            }),
        ]))
    }

    pub(super) fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    pub(super) fn account_list(&self) -> Vec<(AccountId, AccountConfig)> {
        self.accounts.iter().map(|a| (a.id, a.config.clone())).collect()
    }

    pub(super) fn save_prefs(&self) -> Task<Message> {
        let (prefs, paths) = (self.prefs.clone(), self.env.paths.clone());
        Task::future(async move { tokio::task::spawn_blocking(move || prefs.save(&paths)).await }).map(|r| {
            match r {
                Ok(Err(e)) => Message::Removed(Err(e)),
                _ => Message::Removed(Ok(())),
            }
        })
    }

    pub(super) fn save_config(&mut self) -> Result<(), TernError> {
        self.config.save(&self.env.paths.accounts_file())
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Booted(Ok(list)) => {
                for (config, id) in list {
                    let generation = self.generation();
                    self.accounts.push(Account {
                        config,
                        id,
                        generation,
                        handle: None,
                        queued: Vec::new(),
                    });
                }
                if matches!(self.screen, Screen::Loading) {
                    self.screen = Screen::Mailbox;
                }
                Task::batch([
                    self.check_keychain(),
                    self.mailbox
                        .set_accounts(self.account_list(), &self.env)
                        .map(Message::Mailbox),
                    self.check_left_open(),
                ])
            }
            Message::Booted(Err(e)) => {
                self.notice = Some(super::errors::detail(&e));
                if matches!(self.screen, Screen::Loading) {
                    self.screen = Screen::Mailbox;
                }
                Task::none()
            }
            Message::Worker(stamped) => self.on_worker(stamped),
            Message::Setup(m) => {
                let Screen::Setup(setup) = &mut self.screen else {
                    return Task::none();
                };
                let (task, event) = setup.update(m, &self.env, &self.config);
                let task = task.map(Message::Setup);
                match event {
                    Some(setup::Event::Saved { account, .. }) => {
                        Task::batch([task, self.save_account(*account)])
                    }
                    Some(setup::Event::Cancelled) => {
                        self.screen = if self.accounts.is_empty() {
                            Screen::Setup(Box::new(Setup::add(true)))
                        } else {
                            Screen::Settings
                        };
                        task
                    }
                    None => task,
                }
            }
            Message::Settings(m) => {
                let (task, event) = self.settings.update(m, &self.env);
                let task = task.map(Message::Settings);
                match event {
                    Some(settings::Event::Add) => {
                        self.screen = Screen::Setup(Box::new(Setup::add(false)));
                        return Task::batch([task, iced::widget::operation::focus(setup::EMAIL_ID)]);
                    }
                    Some(settings::Event::Edit(name)) => {
                        if let Some(a) = self.config.account(&name) {
                            self.screen = Screen::Setup(Box::new(Setup::edit(a)));
                        }
                    }
                    Some(settings::Event::Remove(name)) => {
                        return Task::batch([task, self.remove_account(&name)]);
                    }
                    Some(settings::Event::Close) => self.screen = Screen::Mailbox,
                    Some(settings::Event::General(m)) => return Task::batch([task, self.on_general(m)]),
                    Some(settings::Event::SignIn(name)) => {
                        return Task::batch([task, self.sign_in_again(&name)]);
                    }
                    None => {}
                }
                task
            }
            Message::Mailbox(m) => {
                let (task, events) = self.mailbox.update(m, &self.env);
                let mut tasks = vec![task.map(Message::Mailbox)];
                for e in events {
                    match e {
                        mailbox::Event::Command(a, c) => {
                            if c == Command::SyncNow {
                                self.certs.retrying();
                            }
                            tasks.push(self.send(a, c));
                        }
                        mailbox::Event::EditAccount(id) => tasks.push(self.edit_account(id)),
                        mailbox::Event::OpenSettings => {
                            self.screen = Screen::Settings;
                            let load = super::screen::image_senders::ImageSenders::load(&self.env);
                            tasks.push(load.map(|m| Message::Settings(settings::Message::Senders(m))));
                        }
                        mailbox::Event::Ratios(a, b) => {
                            self.prefs.folders_ratio = a;
                            self.prefs.list_ratio = b;
                        }
                        mailbox::Event::RememberDir(name, dir) => {
                            self.prefs.save_dirs.insert(name, dir);
                            tasks.push(self.save_prefs());
                        }
                        mailbox::Event::Compose(request) => tasks.push(self.compose_request(request)),
                        mailbox::Event::ComposeDraft(account, draft) => {
                            tasks.push(self.compose_draft(account, *draft));
                        }
                        mailbox::Event::ShowOutbox => tasks.push(self.show_outbox()),
                    }
                }
                Task::batch(tasks)
            }
            Message::Password(m) => self.on_password(m),
            Message::Cert(m) => self.on_cert(m),
            Message::AccountReady(Ok((config, id))) => {
                let config = *config;
                let generation = self.generation();
                match self.accounts.iter_mut().find(|a| a.id == id) {
                    Some(a) => {
                        // Edited: restart the worker with the new settings.
                        a.config = config;
                        a.generation = generation;
                        a.handle = None;
                        self.mailbox.restarted(id);
                    }
                    None => self.accounts.push(Account {
                        config,
                        id,
                        generation,
                        handle: None,
                        queued: Vec::new(),
                    }),
                }
                self.screen = Screen::Mailbox;
                Task::batch([
                    self.check_keychain(),
                    self.mailbox
                        .set_accounts(self.account_list(), &self.env)
                        .map(Message::Mailbox),
                ])
            }
            Message::AccountReady(Err(e)) | Message::Removed(Err(e)) => {
                self.notice = Some(super::errors::detail(&e));
                Task::none()
            }
            Message::Removed(Ok(())) => Task::none(),
            Message::RetryQueued(account) => self.flush_queued(account),
            Message::ThemeChanged(mode) => {
                self.mode = mode;
                Task::none()
            }
            Message::WindowResized(size) => {
                self.prefs.window_width = size.width;
                self.prefs.window_height = size.height;
                Task::none()
            }
            Message::CloseRequested(_) => {
                let _ = self.prefs.save(&self.env.paths);
                self.save_composer_now();
                for a in &self.accounts {
                    if let Some(h) = &a.handle {
                        h.send(Command::Shutdown);
                    }
                }
                iced::exit()
            }
            Message::MoveFocus(back) => {
                if back {
                    iced::widget::operation::focus_previous()
                } else {
                    iced::widget::operation::focus_next()
                }
            }
            Message::Dismiss => {
                self.notice = None;
                Task::none()
            }
            Message::Writing(m) => self.update_writing(*m),
            Message::Notify(m) => self.update_notifying(m),
        }
    }

    fn on_worker(&mut self, stamped: Stamped) -> Task<Message> {
        let Stamped {
            account,
            generation,
            event,
        } = stamped;
        let Some(a) = self
            .accounts
            .iter_mut()
            .find(|a| a.id == account && a.generation == generation)
        else {
            // From a removed account or a worker that was replaced: ignore.
            return Task::none();
        };
        let mut flushed = Task::none();
        if let crate::core::AccountEvent::Ready(handle) = &event {
            a.handle = Some(handle.clone());
            if let Some((acc, folder)) = self.mailbox.list.folder
                && acc == account
                && !a.queued.contains(&Command::OpenFolder(folder))
            {
                a.queued.push(Command::OpenFolder(folder));
            }
            flushed = self.flush_queued(account);
        }
        let outbox = self.after_writing_event(account, &event);
        let notified = match &event {
            crate::core::AccountEvent::NewMail { folder, uids } => {
                self.on_new_mail(account, *folder, uids.clone())
            }
            _ => Task::none(),
        };
        let config = self.accounts.iter().find(|a| a.id == account).map(|a| &a.config);
        if let Some(c) = config {
            self.certs.on_event(account, &c.name, &event);
            if let crate::core::AccountEvent::Health(h) = &event {
                self.health.entry(c.name.clone()).or_default().merge(h);
            }
        }
        let ask = self
            .prompts
            .on_event(account, &event, config, &self.env.secrets)
            .map(Message::Password);
        let shown = self
            .mailbox
            .on_event(account, event, &self.env)
            .map(Message::Mailbox);
        Task::batch([flushed, ask, shown, outbox, notified])
    }

    pub fn view(&self) -> Element<'_, Message> {
        let content: Element<'_, Message> = match &self.screen {
            Screen::Loading => container(muted(fl!("loading")))
                .center(Length::Fill)
                .style(theme::pane)
                .into(),
            Screen::Setup(s) => s.view(!self.accounts.is_empty()).map(Message::Setup),
            Screen::Settings => self.settings_view(),
            Screen::Mailbox if self.composer.is_some() => self.composer_view(),
            Screen::Mailbox if self.outbox.is_some() => self.outbox_view(),
            Screen::Mailbox if self.certs.open.is_some() => {
                let ask = self.certs.view().map(|v| v.map(Message::Cert));
                super::widget::toast::over_all(self.mailbox.view().map(Message::Mailbox), ask)
            }
            Screen::Mailbox if self.prompts.open.is_some() => {
                let ask = self.prompts.view().map(|v| v.map(Message::Password));
                super::widget::toast::over_all(self.mailbox.view().map(Message::Mailbox), ask)
            }
            Screen::Mailbox => shortcuts(self.mailbox.view().map(Message::Mailbox), |k, m| {
                mailbox::Mailbox::on_key(k, m).map(Message::Mailbox)
            })
            .on_modifiers(|m| {
                Some(Message::Mailbox(mailbox::Message::List(
                    mailbox::list::Message::Modifiers(m),
                )))
            })
            .into(),
        };
        match &self.notice {
            Some(n) => column![
                container(
                    row![
                        text(n.clone()).size(theme::SMALL).width(Length::Fill),
                        button(text(fl!("dismiss")).size(theme::SMALL)).on_press(Message::Dismiss)
                    ]
                    .spacing(10)
                    .align_y(iced::Alignment::Center)
                )
                .padding([6, 12])
                .width(Length::Fill)
                .style(theme::notice),
                content
            ]
            .into(),
            None => content,
        }
    }
}
