//! Account health in settings (issue 13 item 4) against the real Dovecot with its quota
//! plugin: the last sync, the certificate's expiry and the quota bar; and "Sign in
//! again" after a refused password, which the engine never retried by itself.

use std::sync::OnceLock;

use tern::config::{SecretStore, Security};
use tern::core::ErrorKind;
use tern::fl;
use tern::ui::Message;
use tern::ui::app::Screen;
use tern::ui::format::{full_date, size};
use tern::ui::screen::password;

use crate::support::dovecot::{Dovecot, Options};
use crate::support::seed;
use crate::ui::Harness;

fn quota_server() -> &'static Dovecot {
    static S: OnceLock<Dovecot> = OnceLock::new();
    S.get_or_init(|| {
        Dovecot::start(Options {
            quota: true,
            ..Options::default()
        })
    })
}

#[test]
fn the_quota_comes_from_getquotaroot() {
    let server = quota_server();
    let user = server.user("quota");
    server.seed(&user, "INBOX", seed::messages(3, 0, 5));
    let account = crate::sync::account(server, &user, Security::Tls);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (quota, certificate) = runtime.block_on(async {
        let mut conn = tern::engine::open_connection(
            &account,
            &tern::config::KeyringStore,
            &tern::engine::Tuning::default().timeouts,
        )
        .await
        .expect("connect");
        let quota = conn.storage_quota().await.expect("GETQUOTAROOT");
        let certificate = conn.certificate.clone();
        conn.logout().await;
        (quota, certificate)
    });
    let quota = quota.expect("the quota plugin sets a storage limit");
    assert_eq!(quota.limit_kib, 10 * 1024);
    assert!(quota.used_kib > 0, "five messages use space: {quota:?}");
    let certificate = certificate.expect("TLS: the certificate is kept");
    assert!(certificate.subject.contains("dovecot"), "{}", certificate.subject);
}

#[test]
fn settings_show_last_sync_certificate_expiry_and_quota() {
    let server = quota_server();
    let user = server.user("health");
    server.seed(&user, "INBOX", seed::messages(4, 0, 6));
    let account = crate::sync::account(server, &user, Security::Tls);
    let name = account.name.clone();
    let mut h = Harness::with_accounts(&[account]);
    h.start_workers();
    h.pump_until(60, "health with quota, expiry and last sync", |app| {
        app.health
            .get(&name)
            .is_some_and(|x| x.quota.is_some() && x.certificate_expires.is_some() && x.last_sync.is_some())
    });
    let health = h.app.health[&name].clone();
    let quota = health.quota.expect("quota");
    h.app.screen = Screen::Settings;
    let share = quota.used_kib as f64 / quota.limit_kib as f64 * 100.0;
    let expected = [
        fl!(
            "health-last-sync",
            when = full_date(health.last_sync.expect("synced"))
        ),
        fl!(
            "health-cert-expires",
            when = full_date(health.certificate_expires.expect("expiry"))
        ),
        fl!(
            "health-quota",
            used = size(quota.used_kib * 1024),
            limit = size(quota.limit_kib * 1024),
            percent = format!("{share:.0}")
        ),
    ];
    h.ui(|ui| {
        for line in &expected {
            assert!(ui.find(line.as_str()).is_ok(), "settings show {line}");
        }
        assert!(
            ui.find(fl!("health-sign-in").as_str()).is_err(),
            "no sign-in needed"
        );
    });
}

#[test]
fn a_refused_password_waits_for_sign_in_again() {
    let server = Dovecot::shared();
    let user = server.user("signin");
    server.seed(&user, "INBOX", seed::messages(5, 0, 2));
    let mut account = crate::sync::account(server, &user, Security::Tls);
    account.imap.password_command = None;
    let name = account.name.clone();
    let mut h = Harness::with_accounts(&[account]);
    h.keychain.set(&name, "not the password").expect("session secret");
    h.start_workers();
    h.pump_until(60, "the refused password", |app| {
        app.mailbox
            .statuses
            .iter()
            .any(|s| s.auth_required && s.error.as_ref().is_some_and(|e| e.kind == ErrorKind::Auth))
    });
    h.app.screen = Screen::Settings;
    h.ui(|ui| {
        ui.click(fl!("health-sign-in").as_str())
            .map(|_| ())
            .expect("Sign in again")
    });
    assert!(matches!(h.app.screen, Screen::Mailbox), "{:?}", h.app.screen);
    assert!(h.app.prompts.open.is_some(), "the password dialog is open");
    h.send(Message::Password(password::Message::Password(
        user.password.clone(),
    )));
    h.send(Message::Password(password::Message::Submit));
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 2
    });
    // One refused login in all: the worker waited for the person instead of retrying.
    let log = std::fs::read_to_string(server.dir.join("dovecot.log")).unwrap_or_default();
    let refused = log
        .lines()
        .filter(|l| l.contains("auth failed") && l.contains(&format!("user=<{}>", user.name)))
        .count();
    assert_eq!(refused, 1, "refused logins for {}:\n{log}", user.name);
}
