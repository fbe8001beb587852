//! The SMTP layer alone against the real chain: encryption modes, AUTH, SIZE, errors.

use tern::compose::{Identity, build};
use tern::config::Security;
use tern::core::{Draft, ErrorKind};
use tern::smtp::{SmtpEndpoint, SmtpTimeouts, Stage, connect};

use super::{address, as_submitted, sending_account, wait_for_messages};
use crate::support::dovecot::Dovecot;

fn draft(to: &[String], subject: &str) -> Draft {
    Draft {
        to: to.to_vec(),
        subject: subject.into(),
        body: "Hello through the chain.\n".into(),
        ..Draft::default()
    }
}

#[tokio::test]
async fn each_security_mode_delivers_and_reports_size() {
    let server = Dovecot::shared();
    let sender = server.user("chain-sender");
    let rcpt = server.user("chain-rcpt");
    for (i, security) in [Security::Tls, Security::Starttls, Security::Plain]
        .into_iter()
        .enumerate()
    {
        let account = sending_account(server, &sender, security);
        let endpoint = SmtpEndpoint::from_account(&account).expect("smtp");
        let mut session = connect(
            &endpoint,
            &sender.name,
            &sender.password,
            &SmtpTimeouts::default(),
        )
        .await
        .unwrap_or_else(|e| panic!("{security:?}: {e}"));
        assert!(
            session.max_size().is_none_or(|s| s > 1 << 20),
            "{:?}",
            session.max_size()
        );
        let identity = Identity {
            name: "Tern Tester".into(),
            email: address(&sender),
        };
        let built = build(
            &draft(&[address(&rcpt)], &format!("mode {i}")),
            &identity,
            1_700_000_000,
        )
        .expect("build");
        session
            .send(&built.from, &built.recipients, &built.bytes)
            .await
            .expect("sent");
        session.quit().await;
        let got = wait_for_messages(server, &rcpt, "INBOX", i + 1);
        assert_eq!(got.len(), i + 1, "{security:?}: not delivered");
        assert!(
            got.iter().any(|m| as_submitted(m) == built.bytes),
            "{security:?}: delivered bytes differ from the submitted ones"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_is_an_auth_error() {
    let server = Dovecot::shared();
    let sender = server.user("chain-badpw");
    let account = sending_account(server, &sender, Security::Tls);
    let endpoint = SmtpEndpoint::from_account(&account).expect("smtp");
    let e = connect(&endpoint, &sender.name, "wrong", &SmtpTimeouts::default())
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Auth, "{e}");
    assert!(e.message.contains("password"), "{e}");
    assert!(!e.message.contains("wrong"), "password echoed: {e}");
}

#[tokio::test]
async fn an_unreachable_server_is_transient() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let endpoint = SmtpEndpoint {
        host: "127.0.0.1".into(),
        port,
        security: Security::Tls,
        ca_file: None,
        pinned: None,
    };
    let e = connect(&endpoint, "u", "p", &SmtpTimeouts::default())
        .await
        .expect_err("down");
    assert!(e.is_transient(), "{e:?}");
    assert!(e.message.contains("outbox"), "{e}");
}

#[tokio::test]
async fn a_refused_recipient_is_named() {
    let server = Dovecot::shared();
    let sender = server.user("chain-refused");
    let account = sending_account(server, &sender, Security::Tls);
    let endpoint = SmtpEndpoint::from_account(&account).expect("smtp");
    let mut session = connect(
        &endpoint,
        &sender.name,
        &sender.password,
        &SmtpTimeouts::default(),
    )
    .await
    .expect("connect");
    let f = session
        .send(
            &address(&sender),
            &["nobody-here@localhost".to_string()],
            b"Subject: x\r\n\r\nx\r\n",
        )
        .await;
    // LMTP refuses the unknown user at RCPT; submission passes the refusal on.
    let f = f.expect_err("refused");
    assert_eq!(f.stage, Stage::NotSent);
    assert!(f.permanent, "{f:?}");
    assert!(f.error.message.contains("nobody-here@localhost"), "{f:?}");
}

#[tokio::test]
async fn the_advertised_size_is_there_for_the_composer() {
    let server = Dovecot::shared();
    let sender = server.user("chain-size");
    let account = sending_account(server, &sender, Security::Tls);
    let max = tern::engine::smtp_max_size(&account, &tern::config::KeyringStore)
        .await
        .expect("size");
    assert_eq!(max, Some(50 << 20));
}
