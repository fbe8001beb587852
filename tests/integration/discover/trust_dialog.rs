//! The certificate dialog in the simulator (issue 13 item 3): in setup, a self-signed
//! server shows host, fingerprint, subject and issuer, and "trust" reaches the inbox with
//! the pin stored; over the mailbox, a certificate that differs from the pinned one shows
//! both fingerprints, and trusting the new one lets the worker connect again.

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tern::config::Security;
use tern::core::{CertDetails, CertProblem, CertReason, fingerprint_for_people};
use tern::fl;
use tern::imap::cert_details::sha256_hex;
use tern::store::Store;
use tern::ui::Message;
use tern::ui::app::Screen;
use tern::ui::screen::setup::{self, Phase};

use crate::support::certs::self_signed;
use crate::support::dovecot::{Dovecot, Options};
use crate::support::seed;
use crate::ui::Harness;

fn der(pem: &std::path::Path) -> Vec<u8> {
    CertificateDer::from_pem_file(pem).expect("PEM").as_ref().to_vec()
}

#[test]
fn setup_shows_the_certificate_and_trusting_it_reaches_the_inbox() {
    let server = Dovecot::start(Options::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, key) = self_signed(dir.path(), "own-server", &["localhost", "127.0.0.1"]);
    server.use_certificate(&cert, &key);
    let user = server.user("trust");
    server.seed(&user, "INBOX", seed::messages(7, 0, 3));
    let mut h = Harness::new();
    for m in [
        setup::Message::Email(format!("{}@example.org", user.name)),
        setup::Message::Password(user.password.clone()),
        setup::Message::Host("127.0.0.1".into()),
        setup::Message::Port(server.imaps_port.to_string()),
        setup::Message::Username(user.name.clone()),
        setup::Message::Connect,
    ] {
        h.send(Message::Setup(m));
    }
    let Screen::Setup(s) = &h.app.screen else {
        panic!("still in setup: {:?}", h.app.screen)
    };
    let Phase::Failed(e) = &s.phase else {
        panic!("refused first: {:?}", s.phase)
    };
    assert!(e.certificate.is_some(), "{e}");
    let sha = sha256_hex(&der(&cert));
    h.ui(|ui| {
        for shown in [
            fl!("cert-title"),
            fingerprint_for_people(&sha),
            format!("127.0.0.1:{}", server.imaps_port),
            "CN=own-server".to_string(),
        ] {
            assert!(ui.find(shown.as_str()).is_ok(), "dialog shows {shown}");
        }
        ui.click(fl!("cert-trust").as_str()).map(|_| ()).expect("trust");
    });

    assert!(matches!(h.app.screen, Screen::Mailbox), "{:?}", h.app.screen);
    let store = Store::open(&h.paths().cache_db()).expect("store");
    let name = h.app.accounts[0].config.name.clone();
    let pin = store
        .pinned_certificate(&name, "127.0.0.1", server.imaps_port)
        .expect("read")
        .expect("pinned");
    assert_eq!(pin.sha256, sha);
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 3
    });
}

#[test]
fn a_changed_certificate_names_both_fingerprints_and_can_be_trusted_again() {
    let server = Dovecot::start(Options::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, _) = self_signed(dir.path(), "old", &["localhost", "127.0.0.1"]);
    let (new, new_key) = self_signed(dir.path(), "new", &["localhost", "127.0.0.1"]);
    server.use_certificate(&new, &new_key);
    let user = server.user("swap");
    server.seed(&user, "INBOX", seed::messages(9, 0, 2));
    let mut account = crate::sync::account(&server, &user, Security::Tls);
    account.imap.ca_file = None;
    let old_der = der(&old);
    let old_sha = sha256_hex(&old_der);
    let name = account.name.clone();
    let mut h = Harness::with_cache(&[account], |db| {
        let store = Store::open(db).expect("store");
        let trusted_before = CertProblem {
            host: "127.0.0.1".into(),
            port: server.imaps_port,
            reason: CertReason::UnknownIssuer,
            details: CertDetails::from_der(&old_der).expect("details"),
            der: old_der.clone(),
        };
        store.pin_certificate(&name, &trusted_before).expect("pin");
    });
    h.start_workers();
    h.pump_until(60, "the certificate dialog", |app| app.certs.open.is_some());
    let new_sha = sha256_hex(&der(&new));
    h.ui(|ui| {
        for sha in [&old_sha, &new_sha] {
            let shown = fingerprint_for_people(sha);
            assert!(ui.find(shown.as_str()).is_ok(), "dialog names {shown}");
        }
        ui.click(fl!("cancel").as_str()).map(|_| ()).expect("cancel");
    });
    assert!(h.app.certs.open.is_none(), "cancelled");
    // Retry from the status line: the worker meets the same certificate, the dialog is back.
    let id = h.app.accounts[0].id;
    h.send(Message::Mailbox(tern::ui::screen::mailbox::Message::Status(
        tern::ui::screen::mailbox::status::Action::Retry(id),
    )));
    h.pump_until(60, "the dialog again", |app| app.certs.open.is_some());
    h.ui(|ui| ui.click(fl!("cert-trust").as_str()).map(|_| ()).expect("trust"));
    assert!(h.app.certs.open.is_none());
    let store = Store::open(&h.paths().cache_db()).expect("store");
    let pin = store
        .pinned_certificate(&name, "127.0.0.1", server.imaps_port)
        .expect("read")
        .expect("pinned");
    assert_eq!(pin.sha256, new_sha, "the new certificate replaced the old pin");
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 2
    });
}

#[test]
fn a_refused_sending_certificate_asks_too_and_the_message_goes_out_once_trusted() {
    let server = Dovecot::start(Options::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, key) = self_signed(dir.path(), "both", &["localhost", "127.0.0.1"]);
    server.use_certificate(&cert, &key);
    let user = server.user("smtppin");
    let mut account = crate::send::sending_account(&server, &user, Security::Tls);
    account.imap.ca_file = None;
    let name = account.name.clone();
    let cert_der = der(&cert);
    let imaps_port = server.imaps_port;
    let to = crate::send::address(&user);
    let mut h = Harness::with_cache(&[account], |db| {
        let store = Store::open(db).expect("store");
        // IMAP is trusted already; the sending server (another port) is not.
        let imap = CertProblem {
            host: "127.0.0.1".into(),
            port: imaps_port,
            reason: CertReason::UnknownIssuer,
            details: CertDetails::from_der(&cert_der).expect("details"),
            der: cert_der.clone(),
        };
        store.pin_certificate(&name, &imap).expect("pin");
        let bytes = format!(
            "From: {to}\r\nTo: {to}\r\nSubject: pinned send\r\nMessage-ID: <pinned-send@tern.test>\r\n\r\nhello\r\n"
        );
        store
            .outbox_insert(&tern::store::NewOutbox {
                account: name.clone(),
                subject: "pinned send".into(),
                message_id: "<pinned-send@tern.test>".into(),
                sender: to.clone(),
                recipients: vec![to.clone()],
                bytes: bytes.into_bytes(),
                draft: String::new(),
            })
            .expect("outbox");
    });
    h.start_workers();
    h.pump_until(60, "the certificate dialog for sending", |app| {
        app.certs
            .open
            .as_ref()
            .and_then(|p| p.error.certificate.as_ref())
            .is_some_and(|c| c.port == server.submissions_port)
    });
    h.ui(|ui| ui.click(fl!("cert-trust").as_str()).map(|_| ()).expect("trust"));
    h.start_workers();
    let store = Store::open(&h.paths().cache_db()).expect("store");
    h.pump_until(60, "the message sent", |_| {
        store.outbox_entries().is_ok_and(|rows| {
            rows.iter().all(|r| {
                matches!(
                    r.state,
                    tern::core::OutboxState::Sent | tern::core::OutboxState::Filed
                )
            })
        })
    });
    assert!(
        store
            .pinned_certificate(
                &h.app.accounts[0].config.name,
                "127.0.0.1",
                server.submissions_port
            )
            .expect("read")
            .is_some()
    );
}
