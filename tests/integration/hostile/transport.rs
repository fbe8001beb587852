//! T-01..T-06: TLS fails closed, STARTTLS stripping, PREAUTH, injection before TLS,
//! untagged tampering and the certificate matrix.

use std::path::Path;

use tern::config::{Config, Security};
use tern::core::ErrorKind;
use tern::imap::Endpoint;

use super::{LOGIN_COMMANDS, MAILBOX_COMMANDS, certs, endpoint, expect_error, try_connect};
use crate::support::certs::CertMatrix;
use crate::support::fake_server::{FakeServer, Reply, Script, When};

// ---------------------------------------------------------------------------------------
// T-01: TLS fails closed; implicit TLS by default
// ---------------------------------------------------------------------------------------

#[test]
fn t01_new_accounts_default_to_implicit_tls_on_993() {
    assert_eq!(Security::default(), Security::Tls);
    assert_eq!(Security::Tls.default_port(), 993);
    let text = "[[account]]\nname = \"A\"\nemail = \"a@example.org\"\n\
                [account.imap]\nhost = \"imap.example.org\"\n";
    let (config, _) = Config::parse(text, Path::new("accounts.toml")).expect("parses");
    let ep = Endpoint::from_config(&config.accounts[0].imap);
    assert_eq!((ep.port, ep.security), (993, Security::Tls));
}

/// Splits bytes into TLS records: (content type, first handshake byte).
fn tls_records(mut bytes: &[u8]) -> Vec<(u8, Option<u8>)> {
    let mut records = Vec::new();
    while bytes.len() >= 5 {
        assert_eq!(bytes[1], 3, "not a TLS record: {bytes:?}");
        let len = usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
        let end = (5 + len).min(bytes.len());
        records.push((bytes[0], bytes.get(5).copied()));
        bytes = &bytes[end..];
    }
    assert!(bytes.is_empty(), "trailing non-TLS bytes: {bytes:?}");
    records
}

#[tokio::test(flavor = "multi_thread")]
async fn t01_tls_required_against_a_plaintext_server_fails_before_any_imap_byte() {
    let fake = FakeServer::start(Script::new(
        "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain only\r\n",
    ))
    .await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Tls, None)).await;
    assert_eq!(err.kind, ErrorKind::NoEncryption, "{err}");

    let received = fake.received().await;
    let records = tls_records(&received);
    // A ClientHello, then at most a TLS alert: never a plaintext IMAP byte.
    assert_eq!(records.first(), Some(&(0x16, Some(0x01))), "{records:?}");
    assert!(records[1..].iter().all(|(kind, _)| *kind == 0x15), "{records:?}");
    assert!(!fake.saw_any(LOGIN_COMMANDS).await);
}

// ---------------------------------------------------------------------------------------
// T-02: STARTTLS stripping
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn t02_starttls_stripping_aborts_without_logging_in() {
    let c = certs();
    let offered = "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n";
    let cases = [
        (
            "no STARTTLS capability",
            Script::new("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n").on(
                When::BeforeTls,
                "CAPABILITY",
                Reply::send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK\r\n"),
            ),
        ),
        (
            "no STARTTLS in CAPABILITY",
            Script::new("* OK hi\r\n").on(
                When::BeforeTls,
                "CAPABILITY",
                Reply::send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK\r\n"),
            ),
        ),
        (
            "CAPABILITY hidden",
            Script::new("* OK hi\r\n").on(When::BeforeTls, "CAPABILITY", Reply::send("{tag} OK\r\n")),
        ),
        (
            "CAPABILITY refused",
            Script::new("* OK hi\r\n").on(When::BeforeTls, "CAPABILITY", Reply::send("{tag} BAD no\r\n")),
        ),
        (
            "STARTTLS answered NO",
            Script::new(offered).on(When::Always, "STARTTLS", Reply::send("{tag} NO not now\r\n")),
        ),
        (
            "STARTTLS answered BAD",
            Script::new(offered).on(When::Always, "STARTTLS", Reply::send("{tag} BAD what\r\n")),
        ),
        (
            "STARTTLS answered with a continuation",
            Script::new(offered).on(When::Always, "STARTTLS", Reply::send("+ continue\r\n")),
        ),
        (
            "STARTTLS answered with BYE",
            Script::new(offered).on(When::Always, "STARTTLS", Reply::send("* BYE no\r\n")),
        ),
    ];
    for (what, script) in cases {
        let fake = FakeServer::start(script.starttls_cert(&c.cert, &c.key)).await;
        let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Starttls, Some(&c.ca))).await;
        assert_eq!(err.kind, ErrorKind::NoEncryption, "{what}: {err}");
        assert!(err.message.contains("does not offer encryption"), "{what}: {err}");
        assert!(!fake.saw_any(LOGIN_COMMANDS).await, "{what}");
        assert!(!fake.saw_any(MAILBOX_COMMANDS).await, "{what}");
    }
}

// ---------------------------------------------------------------------------------------
// T-03: PREAUTH greeting with TLS required
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn t03_preauth_greeting_closes_without_a_command() {
    let c = certs();
    let fake = FakeServer::start(
        Script::new("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome, no need to log in\r\n")
            .starttls_cert(&c.cert, &c.key),
    )
    .await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Starttls, Some(&c.ca))).await;
    assert_eq!(err.kind, ErrorKind::NoEncryption, "{err}");
    assert_eq!(fake.received_text().await, "", "the client sent something");

    // Over implicit TLS PREAUTH is not supported either; still nothing is sent.
    let fake = FakeServer::start(Script::new("* PREAUTH welcome\r\n").implicit_tls(&c.cert, &c.key)).await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca))).await;
    assert_eq!(err.kind, ErrorKind::ServerRefused, "{err}");
    assert_eq!(fake.received_text().await, "");
}

// ---------------------------------------------------------------------------------------
// T-04: a response injected before STARTTLS completes
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn t04_bytes_after_the_starttls_ok_abort() {
    let c = certs();
    let injected = [
        "{tag} OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n2 OK done\r\n",
        "* OK [ALERT] hello\r\n{tag} OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n2 OK done\r\n",
        "{tag} OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN",
    ];
    for reply in injected {
        let fake = FakeServer::start(
            Script::new("* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n")
                .starttls_cert(&c.cert, &c.key)
                .on(When::Always, "STARTTLS", Reply::send(reply)),
        )
        .await;
        let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Starttls, Some(&c.ca))).await;
        assert_eq!(err.kind, ErrorKind::NoEncryption, "{reply:?}: {err}");
        assert!(!fake.saw_any(LOGIN_COMMANDS).await, "{reply:?}");
    }
}

// ---------------------------------------------------------------------------------------
// T-05: untagged tampering before TLS or login is ignored
// ---------------------------------------------------------------------------------------

const TAMPERING: &str = "* LIST () \"/\" Injected\r\n* 54321 EXISTS\r\n* OK [ALERT] Call 555-0100\r\n";

#[tokio::test(flavor = "multi_thread")]
async fn t05_nothing_learned_before_tls_or_login_is_kept() {
    let c = certs();
    let fake = FakeServer::start(
        Script::new(format!(
            "* OK [CAPABILITY IMAP4rev1 STARTTLS XINJECTED] hi\r\n{TAMPERING}"
        ))
        .starttls_cert(&c.cert, &c.key)
        .on(
            When::BeforeLogin,
            "CAPABILITY",
            Reply::send(format!(
                "{TAMPERING}* CAPABILITY IMAP4rev1 AUTH=PLAIN XPRELOGIN\r\n{{tag}} OK\r\n"
            )),
        )
        .on(
            When::BeforeLogin,
            "LOGIN",
            Reply::send(format!(
                "{TAMPERING}{{tag}} OK [CAPABILITY IMAP4rev1 XINJECTED] logged in\r\n{TAMPERING}"
            )),
        )
        .on(
            When::LoggedIn,
            "CAPABILITY",
            Reply::send(format!(
                "{TAMPERING}* CAPABILITY IMAP4rev1 XPOSTLOGIN\r\n{{tag}} OK\r\n"
            )),
        ),
    )
    .await;
    let conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Starttls, Some(&c.ca)))
        .await
        .expect("connects");
    assert!(conn.has("XPOSTLOGIN"), "{:?}", conn.capabilities);
    assert!(!conn.has("XINJECTED"), "{:?}", conn.capabilities);
    assert!(!conn.has("XPRELOGIN"), "{:?}", conn.capabilities);
    assert!(!conn.has("STARTTLS"), "{:?}", conn.capabilities);
    // The injected EXISTS / LIST / ALERT are not waiting for the engine to pick up.
    assert_eq!(conn.pending_unsolicited(), 0);
    conn.logout().await;
    let sent = fake.received_text().await;
    assert!(
        sent.contains("T2 STARTTLS\r\n") && sent.contains(" LOGIN "),
        "{sent}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn t05_a_literal_before_tls_fails_closed() {
    let c = certs();
    let fake = FakeServer::start(
        Script::new("* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n* 1 FETCH (BODY[] {28}\r\nFrom: x\r\nSubject: injected\r\n)\r\n")
            .starttls_cert(&c.cert, &c.key),
    )
    .await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Starttls, Some(&c.ca))).await;
    assert_eq!(err.kind, ErrorKind::MalformedServerData, "{err}");
    assert!(!fake.saw_any(LOGIN_COMMANDS).await);
}

// ---------------------------------------------------------------------------------------
// T-06: certificate matrix
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn t06_only_a_valid_certificate_connects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = CertMatrix::new(dir.path());
    for security in [Security::Tls, Security::Starttls] {
        let mut messages = Vec::new();
        for (what, (cert, key), expected) in [
            ("valid", &m.valid, None),
            (
                "self-signed",
                &m.self_signed,
                Some("not signed by an authority Tern trusts"),
            ),
            ("expired", &m.expired, Some("has expired")),
            (
                "wrong host",
                &m.wrong_host,
                Some("issued for a different server name"),
            ),
            (
                "untrusted CA",
                &m.untrusted,
                Some("not signed by an authority Tern trusts"),
            ),
        ] {
            let script = Script::new("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] hi\r\n");
            let script = match security {
                Security::Tls => script.implicit_tls(cert, key),
                _ => script.starttls_cert(cert, key),
            };
            let fake = FakeServer::start(script).await;
            let ep = endpoint(&fake, "localhost", security, Some(&m.ca.ca_cert_path()));
            match expected {
                None => {
                    let conn = try_connect(ep).await.expect("a valid certificate connects");
                    conn.logout().await;
                    assert!(fake.saw_any(&["LOGIN"]).await);
                }
                Some(text) => {
                    let err = expect_error(ep).await;
                    assert_eq!(err.kind, ErrorKind::Certificate, "{security:?} {what}: {err}");
                    assert!(err.message.contains(text), "{security:?} {what}: {err}");
                    assert!(!fake.saw_any(LOGIN_COMMANDS).await, "{what}");
                    messages.push(err.message);
                }
            }
        }
        // Expired, wrong host and unknown issuer read differently.
        messages.sort();
        messages.dedup();
        assert_eq!(messages.len(), 3, "{messages:#?}");
    }
}
