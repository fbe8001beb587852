//! The setup flow in the simulator for a provider that signs in with OAuth2: the address
//! alone, discovery finds the provider, the form offers "Sign in with <provider>" and no
//! password field, the button opens the browser (the test plays it), the refresh token
//! lands in the keychain and the inbox syncs.

use std::sync::{Arc, Mutex};

use iced_test::selector;
use tern::config::{Config, ImapAuth, SecretStore, Security};
use tern::discover::providers::{AuthMethod, OauthEntry, Provider, ServerEntry};
use tern::fl;
use tern::ui::Message;
use tern::ui::app::Screen;
use tern::ui::screen::setup::{self, oauth::Browser};

use super::servers;
use crate::support::oauth_server::{CLIENT_ID, browse};
use crate::ui::Harness;

fn test_provider(auth_base: &str, imaps: u16, submissions: u16) -> Provider {
    let server = |port| ServerEntry {
        host: "127.0.0.1".into(),
        port,
        security: Security::Tls,
        auth: AuthMethod::Oauth2,
    };
    Provider {
        id: "oauth-test".into(),
        name: "Example Identity".into(),
        domains: vec!["oauth.test".into()],
        mx: vec![],
        imap: server(imaps),
        smtp: server(submissions),
        oauth: Some(OauthEntry {
            issuer: auth_base.into(),
            auth_url: format!("{auth_base}authorize"),
            token_url: format!("{auth_base}token"),
            client_id: CLIENT_ID.into(),
            client_secret: String::new(),
            scopes: vec!["mail".into()],
        }),
    }
}

#[test]
fn setup_signs_in_with_the_browser_and_reaches_the_inbox() {
    let (auth, dovecot) = servers();
    let user = dovecot.user("oauth-setup");
    dovecot.seed(&user, "INBOX", crate::support::seed::messages(31, 0, 6));
    let address = format!("{}@oauth.test", user.name);
    let mut h = Harness::new();
    h.app.env.discover.providers = vec![test_provider(
        &auth.url(""),
        dovecot.imaps_port,
        dovecot.submissions_port,
    )];
    let opened: Arc<Mutex<Vec<String>>> = Arc::default();
    let pages: Arc<Mutex<Vec<String>>> = Arc::default();
    let (o, p) = (opened.clone(), pages.clone());
    h.app.env.browser = Browser(Arc::new(move |url: &str| {
        o.lock().expect("opened").push(url.to_string());
        let (url, pages) = (url.to_string(), p.clone());
        // The browser runs beside Tern, as a real one would.
        std::thread::spawn(move || {
            let page = browse(&url);
            pages.lock().expect("pages").push(page);
        });
        Ok(())
    }));

    h.ui(|ui| {
        ui.click(selector::id(setup::EMAIL_ID)).expect("email field");
        ui.typewrite(&address);
    });
    h.send(Message::Setup(setup::Message::CaFile(
        dovecot.ca_file.display().to_string(),
    )));

    // The provider table knows the domain: a sign-in button and no password field.
    let button = fl!("setup-oauth-sign-in", provider = "Example Identity");
    h.ui(|ui| {
        assert!(ui.find(button.as_str()).is_ok(), "the sign-in button");
        assert!(
            ui.find(selector::id(setup::PASSWORD_ID)).is_err(),
            "no password asked"
        );
    });
    assert!(
        opened.lock().expect("opened").is_empty(),
        "nothing opened before the click"
    );
    // The click looks the settings up, then opens the browser.
    // The click looks the settings up, then opens the browser.
    h.ui(|ui| ui.click(button.as_str()).map(|_| ()).expect("Sign in"));

    assert!(matches!(h.app.screen, Screen::Mailbox), "{:?}", h.app.screen);
    let urls = opened.lock().expect("opened").clone();
    assert_eq!(urls.len(), 1, "the browser was opened once");
    assert!(urls[0].starts_with(&auth.url("authorize")), "{}", urls[0]);
    let shown = pages.lock().expect("pages").clone();
    assert_eq!(shown.len(), 1);
    assert!(shown[0].contains(&fl!("oauth-page-signed-in")), "{}", shown[0]);

    let (config, _) = Config::load(&h.paths().accounts_file()).expect("accounts.toml");
    let account = &config.accounts[0];
    assert_eq!(account.imap.auth, ImapAuth::Oauth2);
    assert!(account.imap.password_command.is_none());
    let stored = h
        .keychain
        .get(&tern::auth::refresh_key(&account.name))
        .expect("keychain");
    assert!(stored.is_some(), "the refresh token is in the keychain");
    assert_eq!(
        h.keychain.get(&account.name).expect("keychain"),
        None,
        "no password"
    );

    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 6
    });
}

/// The browser stands in for a person: every address opened is signed in at once.
fn playing_browser() -> (Browser, Arc<Mutex<Vec<String>>>) {
    let opened: Arc<Mutex<Vec<String>>> = Arc::default();
    let o = opened.clone();
    let browser = Browser(Arc::new(move |url: &str| {
        o.lock().expect("opened").push(url.to_string());
        let url = url.to_string();
        std::thread::spawn(move || browse(&url));
        Ok(())
    }));
    (browser, opened)
}

#[test]
fn a_sign_in_that_stopped_working_is_renewed_from_the_status_button() {
    let (_auth, dovecot) = servers();
    let user = dovecot.user("oauth-again");
    dovecot.seed(&user, "INBOX", crate::support::seed::messages(33, 0, 4));
    // No refresh token in the keychain: the worker cannot sign in by itself.
    let account = super::oauth_account(&user, None);
    let mut h = Harness::with_accounts(std::slice::from_ref(&account));
    let (browser, opened) = playing_browser();
    h.app.env.browser = browser;
    h.start_workers();
    h.pump_until(60, "sign in again", |app| {
        app.mailbox.statuses.iter().any(|s| s.auth_required)
    });
    assert!(
        opened.lock().expect("opened").is_empty(),
        "no browser without a click"
    );
    h.ui(|ui| {
        assert!(
            ui.find(fl!("status-enter-password")).is_err(),
            "no password asked"
        );
        ui.click(fl!("status-sign-in-again"))
            .map(|_| ())
            .expect("Sign in again")
    });
    assert!(matches!(h.app.screen, Screen::Setup(_)), "{:?}", h.app.screen);
    let button = fl!("setup-oauth-sign-in", provider = "127.0.0.1");
    // The edit form is long: the button is below the fold, so its message is sent.
    h.ui(|ui| assert!(ui.find(button.as_str()).is_ok(), "the sign-in button"));
    h.send(Message::Setup(setup::Message::SignInAgain));
    assert!(matches!(h.app.screen, Screen::Mailbox), "{:?}", h.app.screen);
    assert_eq!(opened.lock().expect("opened").len(), 1);
    let stored = h
        .keychain
        .get(&tern::auth::refresh_key(&account.name))
        .expect("keychain");
    assert!(stored.is_some(), "the new refresh token is in the keychain");
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 4
    });
}
