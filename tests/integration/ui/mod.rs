//! The window without a display (issue 6): iced_test simulator flows against the
//! harness Dovecot, and update-level tests of each screen's state machine. The app is
//! built with injected paths and secret store; its tasks and the workers' streams run
//! on a tokio runtime here, and their messages are fed back into `update`.

mod attached_card;
mod compose;
mod compose_window;
mod compose_wiring;
mod conversations;
mod delivery;
mod flows;
mod html_window;
mod identity_window;
mod inline_images;
mod list;
mod manage;
mod new_user_window;
mod newuser;
mod remote_images;
mod repaint;
mod reply_fetch;
mod screens;
mod screenshot;
mod search;
mod search_server;
mod search_window;
mod send_simulator;
mod send_window;

use std::borrow::Cow;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{Stream, StreamExt};
use iced::Task;
use iced_test::runtime::Action;
use iced_test::runtime::task::into_stream;
use iced_test::simulator::Simulator;
use tern::config::{AccountConfig, Config, Paths, SecretStore};
use tern::core::{FolderInfo, FolderRole, NewMessage, Stamped};
use tern::store::{Store, SyncMarks};
use tern::ui::secrets::SessionSecrets;
use tern::ui::{App, Env, Message};

/// The app with temp dirs, a runtime for its tasks, and its workers' events.
pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
    pub keychain: Arc<SessionSecrets>,
    rt: tokio::runtime::Runtime,
    events: Option<tokio::sync::mpsc::UnboundedReceiver<Stamped>>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Harness {
    /// A first run (no accounts.toml) with an in-memory keychain.
    pub fn new() -> Harness {
        Harness::with_accounts(&[])
    }

    /// An app whose accounts.toml already lists `accounts`.
    pub fn with_accounts(accounts: &[AccountConfig]) -> Harness {
        Harness::with_cache(accounts, |_| {})
    }

    /// Like `with_accounts`, with `fill(cache_db)` run before the app starts.
    pub fn with_cache(accounts: &[AccountConfig], fill: impl FnOnce(&Path)) -> Harness {
        let keychain = Arc::new(SessionSecrets::default());
        Harness::with_setup(accounts, fill, keychain.clone() as Arc<dyn SecretStore>, keychain)
    }

    /// An app for `account` whose cache holds the server's headers (a first sync made
    /// here), and no message text.
    pub fn with_headers_synced(account: &AccountConfig) -> Harness {
        let synced = account.clone();
        Harness::with_cache(std::slice::from_ref(account), move |db| {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                let timeouts = tern::engine::Tuning::default().timeouts;
                let mut conn = tern::engine::open_connection(&synced, &tern::config::KeyringStore, &timeouts)
                    .await
                    .expect("connect");
                let mut store = tern::store::Store::open(db).expect("store");
                let id = store
                    .ensure_account(&synced.name, &synced.email)
                    .expect("account");
                let options = tern::engine::SyncOptions::default();
                tern::engine::sync_account(&mut conn, &mut store, id, None, options, &mut |_| {})
                    .await
                    .expect("sync");
                conn.logout().await;
            });
        })
    }

    /// Accounts in accounts.toml and a given keychain (e.g. one whose delete fails).
    pub fn with_accounts_and_keychain(accounts: &[AccountConfig], keychain: Arc<dyn SecretStore>) -> Harness {
        Harness::with_setup(accounts, |_| {}, keychain, Arc::new(SessionSecrets::default()))
    }

    fn with_setup(
        accounts: &[AccountConfig],
        fill: impl FnOnce(&Path),
        keychain: Arc<dyn SecretStore>,
        mem: Arc<SessionSecrets>,
    ) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        fill(&paths(dir.path()).cache_db());
        if !accounts.is_empty() {
            let config = Config {
                accounts: accounts.to_vec(),
            };
            config
                .save(&dir.path().join("config/accounts.toml"))
                .expect("accounts.toml");
        }
        Harness::build(dir, keychain, mem)
    }

    /// With a given keychain (e.g. one that always fails).
    pub fn with_keychain(keychain: Arc<dyn SecretStore>) -> Harness {
        Harness::build(
            tempfile::tempdir().expect("tempdir"),
            keychain,
            Arc::new(SessionSecrets::default()),
        )
    }

    fn build(dir: tempfile::TempDir, keychain: Arc<dyn SecretStore>, mem: Arc<SessionSecrets>) -> Harness {
        let paths = paths(dir.path());
        // The flows here count one row per message: conversations off unless a test
        // writes its own settings (conversation tests turn them on).
        if !paths.settings_file().exists() {
            let _ = std::fs::create_dir_all(&paths.config_dir);
            std::fs::write(paths.settings_file(), "[ui]\nconversations = false\n").expect("settings.toml");
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (app, boot) = {
            let _guard = rt.enter();
            App::new(Env::new(paths, keychain))
        };
        let mut h = Harness {
            app,
            dir,
            keychain: mem,
            rt,
            events: None,
            workers: Vec::new(),
        };
        h.run(boot);
        h
    }

    pub fn paths(&self) -> Paths {
        paths(self.dir.path())
    }

    /// Runs a task to its end, feeding every message it yields back into `update`
    /// (and the tasks those return), as the iced runtime would.
    pub fn run(&mut self, task: Task<Message>) {
        let mut queue = vec![task];
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(task) = queue.pop() {
            let Some(mut stream) = into_stream(task) else {
                continue;
            };
            let outputs: Vec<Message> = self.rt.block_on(async {
                let mut out = Vec::new();
                while let Ok(Some(action)) = tokio::time::timeout_at(deadline.into(), stream.next()).await {
                    if let Action::Output(m) = action {
                        out.push(m);
                    }
                }
                out
            });
            for m in outputs {
                let next = {
                    let _guard = self.rt.enter();
                    self.app.update(m)
                };
                queue.push(next);
            }
        }
    }

    /// `update` with a message, then runs what it returned.
    pub fn send(&mut self, message: Message) {
        let task = {
            let _guard = self.rt.enter();
            self.app.update(message)
        };
        self.run(task);
    }

    /// Starts the workers the app would run (one per account) on the runtime.
    pub fn start_workers(&mut self) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        for h in self.workers.drain(..) {
            h.abort();
        }
        for spec in self.app.worker_specs() {
            let tx = tx.clone();
            self.workers.push(self.rt.spawn(async move {
                let mut events: Pin<Box<dyn Stream<Item = Stamped> + Send>> =
                    Box::pin(tern::ui::worker::events(spec));
                while let Some(e) = events.next().await {
                    if tx.send(e).is_err() {
                        break;
                    }
                }
            }));
        }
        self.events = Some(rx);
    }

    /// Feeds worker events into the app until `done` holds (panics after `secs`).
    pub fn pump_until(&mut self, secs: u64, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !done(&self.app) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; list {:?} total {} loaded {}, folders {:?}, statuses {:?}",
                self.app.mailbox.list.folder,
                self.app.mailbox.list.total,
                self.app.mailbox.list.loaded,
                self.app
                    .mailbox
                    .folders
                    .accounts
                    .iter()
                    .map(|a| (a.loaded, a.folders.len()))
                    .collect::<Vec<_>>(),
                self.app.mailbox.statuses
            );
            let Some(rx) = self.events.as_mut() else {
                panic!("workers not started")
            };
            let next = self
                .rt
                .block_on(async { tokio::time::timeout(Duration::from_millis(200), rx.recv()).await });
            if let Ok(Some(e)) = next {
                self.send(Message::Worker(e));
            }
        }
    }

    /// Builds the current view in a simulator, runs `act` on it, and feeds the
    /// messages it produced back into the app. Returns what `act` returned.
    pub fn ui<T>(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>) -> T) -> T {
        let (result, messages) = {
            let mut ui = simulator(self.app.view());
            let r = act(&mut ui);
            (r, ui.into_messages().collect::<Vec<_>>())
        };
        for m in messages {
            self.send(m);
        }
        result
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        for h in self.workers.drain(..) {
            h.abort();
        }
    }
}

/// An account whose server is a closed port on this machine: its worker goes offline at
/// once, so a test drives the window over a cache it filled itself.
pub fn offline_account(name: &str) -> AccountConfig {
    AccountConfig {
        signature: String::new(),
        display_name: String::new(),
        smtp: None,
        name: name.into(),
        email: format!("{name}@example.org"),
        imap: tern::config::ImapConfig {
            host: "127.0.0.1".into(),
            port: 9,
            security: tern::config::Security::Tls,
            username: name.into(),
            password_command: Some("echo x".into()),
            ca_file: None,
            auth: Default::default(),
            oauth: None,
        },
        pinned: Default::default(),
    }
}

pub fn paths(dir: &Path) -> Paths {
    Paths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
    }
}

/// A window-sized simulator with Tern's fonts.
pub fn simulator<'a>(view: iced::Element<'a, Message>) -> Simulator<'a, Message> {
    let settings = iced::Settings {
        fonts: tern::ui::theme::FONT_FILES
            .iter()
            .map(|f| Cow::Borrowed(*f))
            .collect(),
        default_font: tern::ui::theme::REGULAR,
        ..iced::Settings::default()
    };
    Simulator::with_size(settings, (1280.0, 800.0), view)
}

/// A cache with one account whose INBOX holds `n` generated messages (no server).
pub fn fill_cache(db: &Path, account: &str, n: u32) -> (tern::core::AccountId, tern::core::FolderId) {
    let mut store = Store::open(db).expect("store");
    let id = store
        .ensure_account(account, &format!("{account}@example.org"))
        .expect("account");
    let inbox = FolderInfo {
        raw_name: "INBOX".into(),
        path: "INBOX".into(),
        delimiter: "/".into(),
        role: FolderRole::Inbox,
        attributes: String::new(),
        selectable: true,
    };
    let work = FolderInfo {
        raw_name: "Work".into(),
        path: "Work".into(),
        role: FolderRole::None,
        ..inbox.clone()
    };
    store.replace_folders(id, &[inbox, work]).expect("folders");
    let folder = store.find_folder(id, "INBOX").expect("query").expect("inbox").id;
    let rows: Vec<NewMessage> = (1..=n).map(generated).collect();
    for chunk in rows.chunks(5000) {
        let marks = SyncMarks {
            uidvalidity: 1,
            uidnext: n + 1,
            low_uid: 1,
            highestmodseq: 1,
        };
        store.store_window(folder, 1, chunk, marks).expect("store rows");
    }
    (id, folder)
}

/// Message `uid` of the generated folder: newer uids are newer mail.
pub fn generated(uid: u32) -> NewMessage {
    NewMessage {
        uid,
        modseq: 1,
        flags: if uid.is_multiple_of(3) { 0 } else { 1 },
        internal_date: 1_600_000_000 + i64::from(uid) * 600,
        sent_date: 1_600_000_000 + i64::from(uid) * 600,
        size: 2000,
        subject: format!("Generated message {uid}"),
        from_name: format!("Sender {}", uid % 97),
        from_addr: format!("sender{}@example.org", uid % 97),
        message_id: format!("<{uid}@gen.tern.test>"),
        has_attachments: uid.is_multiple_of(5),
        ..NewMessage::default()
    }
}
