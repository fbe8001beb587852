//! Update-level tests of each screen's state machine (no server, no display).

use tern::config::{Config, SecretStore, Security};
use tern::core::{AccountEvent, Connectivity, ErrorKind, Stamped, TernError};
use tern::fl;
use tern::ui::Message;
use tern::ui::app::Screen;
use tern::ui::prefs::Prefs;
use tern::ui::screen::mailbox::{self, status};
use tern::ui::screen::settings;
use tern::ui::screen::setup::{self, Phase, SecurityChoice};

use super::{Harness, fill_cache};

pub(super) fn account(name: &str) -> tern::config::AccountConfig {
    tern::config::AccountConfig {
        signature: String::new(),
        display_name: String::new(),
        smtp: None,
        name: name.into(),
        email: format!("{name}@example.org"),
        imap: tern::config::ImapConfig {
            host: "127.0.0.1".into(),
            port: 9,
            security: Security::Tls,
            username: name.into(),
            password_command: Some("echo x".into()),
            ca_file: None,
            auth: Default::default(),
            oauth: None,
        },
        pinned: Default::default(),
    }
}

fn setup(h: &Harness) -> &setup::Setup {
    match &h.app.screen {
        Screen::Setup(s) => s,
        other => panic!("expected the setup screen, got {other:?}"),
    }
}

#[test]
fn setup_prefills_server_settings_from_the_address() {
    let mut h = Harness::new();
    h.send(Message::Setup(setup::Message::Email(
        "ann@mail.example.com".into(),
    )));
    let s = setup(&h);
    assert_eq!(s.host, "imap.mail.example.com");
    assert_eq!(s.port, "993");
    assert_eq!(s.security, Security::Tls);
    assert_eq!(s.username, "ann@mail.example.com");
    assert_eq!(s.name, "ann@mail.example.com");

    // A host typed by hand is kept when the address changes; STARTTLS moves the port.
    h.send(Message::Setup(setup::Message::Host("mx.example.net".into())));
    h.send(Message::Setup(setup::Message::Email("bob@example.com".into())));
    h.send(Message::Setup(setup::Message::Security(SecurityChoice(
        Security::Starttls,
    ))));
    let s = setup(&h);
    assert_eq!(
        (s.host.as_str(), s.port.as_str(), s.username.as_str()),
        ("mx.example.net", "143", "bob@example.com")
    );
}

#[test]
fn setup_checks_the_form_before_connecting() {
    let mut h = Harness::new();
    h.send(Message::Setup(setup::Message::Email("not-an-address".into())));
    h.send(Message::Setup(setup::Message::Connect));
    assert!(matches!(&setup(&h).phase, Phase::Failed(e) if e.message == fl!("setup-invalid-email")));
    h.send(Message::Setup(setup::Message::Email("ann@example.com".into())));
    h.send(Message::Setup(setup::Message::Connect));
    assert!(matches!(&setup(&h).phase, Phase::Failed(e) if e.message == fl!("setup-invalid-password")));
    h.ui(|ui| assert!(ui.find(fl!("setup-invalid-password")).is_ok()));
    assert!(!h.paths().accounts_file().exists());
}

#[test]
fn no_server_at_the_address_is_a_plain_connect_error() {
    let mut h = Harness::new();
    for m in [
        setup::Message::Email("ann@example.com".into()),
        setup::Message::Password("pw".into()),
        setup::Message::Host("127.0.0.1".into()),
        // Nothing listens on the discard port here.
        setup::Message::Port("9".into()),
    ] {
        h.send(Message::Setup(m));
    }
    h.send(Message::Setup(setup::Message::Connect));
    assert!(
        matches!(&setup(&h).phase, Phase::Failed(e) if e.kind == ErrorKind::Connect),
        "{:?}",
        setup(&h).phase
    );
    h.ui(|ui| assert!(ui.find(fl!("error-connect")).is_ok()));
}

#[test]
fn events_from_removed_or_restarted_workers_are_ignored() {
    let mut h = Harness::with_accounts(&[account("a"), account("b")]);
    assert!(matches!(h.app.screen, Screen::Mailbox));
    let (a, gen_a) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    let error = |m: &str| AccountEvent::Error(TernError::new(ErrorKind::Timeout, m));

    // An older generation of a live account: dropped.
    h.send(Message::Worker(Stamped {
        account: a,
        generation: gen_a - 1,
        event: error("stale"),
    }));
    assert!(
        h.app.mailbox.statuses[0].error.is_none(),
        "stale generation ignored"
    );
    // The current one: shown.
    h.send(Message::Worker(Stamped {
        account: a,
        generation: gen_a,
        event: error("fresh"),
    }));
    assert_eq!(
        h.app.mailbox.statuses[0]
            .error
            .as_ref()
            .map(|e| e.message.as_str()),
        Some("fresh")
    );

    // Remove "a" through Settings (asks first).
    h.send(Message::Mailbox(mailbox::Message::OpenSettings));
    assert!(matches!(h.app.screen, Screen::Settings));
    h.send(Message::Settings(settings::Message::AskRemove("a".into())));
    h.ui(|ui| assert!(ui.find(fl!("settings-remove-confirm", name = "a")).is_ok()));
    h.send(Message::Settings(settings::Message::ConfirmRemove));
    let (config, _) = Config::load(&h.paths().accounts_file()).expect("accounts.toml");
    assert_eq!(
        config
            .accounts
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(h.app.worker_specs().len(), 1, "its worker is gone");

    // Its late events change nothing, whatever they say.
    h.send(Message::Worker(Stamped {
        account: a,
        generation: gen_a,
        event: AccountEvent::Connectivity(Connectivity::Online),
    }));
    h.send(Message::Worker(Stamped {
        account: a,
        generation: gen_a,
        event: error("late"),
    }));
    assert_eq!(h.app.mailbox.statuses.len(), 1);
    assert!(h.app.mailbox.statuses.iter().all(|s| s.id != a));
    assert!(h.app.accounts.iter().all(|x| x.id != a));
}

#[test]
fn a_refused_password_offers_to_enter_it_again() {
    let mut h = Harness::with_accounts(&[account("a")]);
    let (a, generation) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    let refused = TernError::new(ErrorKind::Auth, "The server refused the password for a.");
    h.send(Message::Worker(Stamped {
        account: a,
        generation,
        event: AccountEvent::AuthRequired(refused),
    }));
    h.ui(|ui| {
        assert!(ui.find(fl!("error-auth")).is_ok());
        assert!(ui.find(fl!("status-enter-password")).is_ok());
    });
    h.send(Message::Mailbox(mailbox::Message::Status(status::Action::Edit(
        a,
    ))));
    assert!(matches!(&setup(&h).mode, setup::Mode::Edit(n) if n == "a"));

    // Retry sends SyncNow (queued until the worker is ready) and clears the error.
    h.send(Message::Setup(setup::Message::Cancel));
    h.send(Message::Mailbox(mailbox::Message::Status(status::Action::Retry(
        a,
    ))));
    assert!(h.app.mailbox.statuses[0].error.is_none());
}

#[test]
fn sync_progress_reads_like_a_sentence() {
    let mut h = Harness::with_cache(&[account("gen")], |db| {
        fill_cache(db, "gen", 10);
    });
    let (a, generation) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    let (_, folder) = h.app.mailbox.list.folder.expect("inbox open");
    h.send(Message::Worker(Stamped {
        account: a,
        generation,
        event: AccountEvent::Progress {
            folder,
            done: 2000,
            total: 48_113,
        },
    }));
    let line = h.app.mailbox.statuses[0].progress_line().expect("progress");
    assert_eq!(
        line,
        fl!(
            "status-syncing",
            folder = fl!("folder-inbox"),
            done = "2,000",
            total = "48,113"
        )
    );
    h.ui(|ui| assert!(ui.find(line.as_str()).is_ok()));
    h.send(Message::Worker(Stamped {
        account: a,
        generation,
        event: AccountEvent::SyncDone,
    }));
    assert!(h.app.mailbox.statuses[0].progress.is_none());
}

#[test]
fn window_size_and_panes_are_remembered() {
    let mut h = Harness::with_accounts(&[account("a")]);
    h.send(Message::WindowResized(iced::Size::new(1000.0, 700.0)));
    h.send(Message::CloseRequested(iced::window::Id::unique()));
    let prefs = Prefs::load(&h.paths());
    assert_eq!((prefs.window_width, prefs.window_height), (1000.0, 700.0));
    assert!((prefs.folders_ratio - Prefs::default().folders_ratio).abs() < 1e-6);
}

#[test]
fn adding_a_second_account_keeps_the_first() {
    let mut h = Harness::with_accounts(&[account("a")]);
    h.send(Message::Mailbox(mailbox::Message::OpenSettings));
    h.send(Message::Settings(settings::Message::Add));
    assert!(matches!(setup(&h).mode, setup::Mode::Add));
    h.send(Message::Setup(setup::Message::Cancel));
    assert!(
        matches!(h.app.screen, Screen::Settings),
        "cancel returns to settings"
    );
    h.send(Message::Settings(settings::Message::Edit("a".into())));
    let s = setup(&h);
    assert_eq!((s.host.as_str(), s.port.as_str()), ("127.0.0.1", "9"));
    assert!(h.keychain.get("a").expect("keychain").is_none());
}
