//! Login, AUTHENTICATE, ID, COMPRESS, timeouts and greetings, and the same code against
//! an honest server (the private Dovecot).

use std::time::Duration;

use base64::Engine as _;
use tern::config::Security;
use tern::core::ErrorKind;
use tern::imap::{Endpoint, Timeouts, connect};

use super::limits::deep;
use super::{Certs, PASSWORD, USER, certs, endpoint, expect_error, timeouts, try_connect};
use crate::support::fake_server::{FakeServer, Reply, Script, When};

// ---------------------------------------------------------------------------------------
// Login, ID, COMPRESS, timeouts
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn login_quotes_the_password_and_never_shows_it() {
    let c = certs();
    let fake = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key)).await;
    let conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca)))
        .await
        .expect("connects");
    assert!(!format!("{conn:?}").contains(PASSWORD));
    conn.logout().await;
    let sent = fake.received_text().await;
    assert!(sent.contains(r#" LOGIN "user" "pa55\"W0rd\\x""#), "{sent}");

    // A refused login says so, without the password, even when the server echoes it.
    let fake = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key).on(
        When::Always,
        "LOGIN",
        Reply::send(format!("{{tag}} NO [AUTHENTICATIONFAILED] wrong: {PASSWORD}\r\n")),
    ))
    .await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca))).await;
    assert_eq!(err.kind, ErrorKind::Auth, "{err}");
    assert!(
        err.message.contains("did not accept the user name or password"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn authenticate_plain_is_used_when_login_is_disabled() {
    let c = certs();
    let fake = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key).on(
        When::BeforeLogin,
        "CAPABILITY",
        Reply::send("* CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN\r\n{tag} OK\r\n"),
    ))
    .await;
    let conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca)))
        .await
        .expect("connects");
    conn.logout().await;
    let sent = fake.received_text().await;
    assert!(!sent.contains(" LOGIN "), "{sent}");
    let response = sent
        .lines()
        .skip_while(|l| !l.contains("AUTHENTICATE PLAIN"))
        .nth(1)
        .expect("a SASL response line");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(response.trim())
        .expect("base64");
    assert_eq!(decoded, format!("\0{USER}\0{PASSWORD}").as_bytes());
}

#[tokio::test(flavor = "multi_thread")]
async fn id_is_sent_when_offered_and_its_refusal_ignored() {
    let c = certs();
    let fake = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key).on(
        When::Always,
        "ID",
        Reply::send("{tag} NO not today\r\n"),
    ))
    .await;
    let conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca)))
        .await
        .expect("connects");
    assert!(conn.has("ID") && conn.has("idle") && !conn.compressed);
    conn.logout().await;
    let sent = fake.received_text().await;
    assert!(sent.contains(r#" ID ("name" "Tern" "version" ""#), "{sent}");
}

fn compressing(c: &Certs) -> Script {
    Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key).on(
        When::LoggedIn,
        "CAPABILITY",
        Reply::send("* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\r\n{tag} OK\r\n"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn compress_deflate_is_used_when_offered() {
    let c = certs();
    let fake = FakeServer::start(compressing(&c).on(
        When::LoggedIn,
        "NOOP",
        Reply::send("* 3 EXISTS\r\n{tag} OK done\r\n"),
    ))
    .await;
    let mut conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca)))
        .await
        .expect("connects");
    assert!(conn.compressed);
    conn.noop().await.expect("a command over the compressed stream");
    conn.noop().await.expect("and another");
    conn.logout().await;
    let sent = fake.received_text().await;
    let after = sent.split("COMPRESS DEFLATE\r\n").nth(1).expect("COMPRESS sent");
    assert_eq!(after.matches(" NOOP\r\n").count(), 2, "{sent}");
    assert!(after.contains(" LOGOUT\r\n"), "{sent}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guard_reads_the_inflated_stream() {
    let c = certs();
    let fake = FakeServer::start(compressing(&c).on(
        When::LoggedIn,
        "NOOP",
        Reply::SendThenStall(deep(100_000).into_bytes()),
    ))
    .await;
    let mut conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca)))
        .await
        .expect("connects");
    assert!(conn.compressed);
    let err = tokio::spawn(async move { conn.noop().await })
        .await
        .expect("no panic")
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::MalformedServerData, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_server_times_out() {
    let c = certs();
    let fake = FakeServer::start(Script::new("").implicit_tls(&c.cert, &c.key)).await;
    let ep = endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca));
    let quick = Timeouts {
        connect: Duration::from_millis(500),
        command: Duration::from_millis(500),
        ..Timeouts::default()
    };
    // Liveness: the 0.5 s timeout must fire at all; 10 s (20x) allows for a loaded machine.
    let err = tokio::time::timeout(Duration::from_secs(10), connect(&ep, USER, PASSWORD, &quick))
        .await
        .expect("the connect timeout fired")
        .expect_err("times out");
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");

    // A command that is never answered.
    let fake = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key).on(
        When::Always,
        "LOGIN",
        Reply::SendThenStall(Vec::new()),
    ))
    .await;
    let ep = endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca));
    let err = connect(&ep, USER, PASSWORD, &quick).await.expect_err("times out");
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn greetings_other_than_ok() {
    let c = certs();
    let fake = FakeServer::start(Script::new("* BYE too busy\r\n").implicit_tls(&c.cert, &c.key)).await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Tls, Some(&c.ca))).await;
    assert_eq!(err.kind, ErrorKind::Disconnected, "{err}");
    assert!(err.message.contains("too busy"), "{err}");

    // Before TLS the server's words are not repeated to the user.
    let fake = FakeServer::start(Script::new("* BYE Call 555-0100\r\n").starttls_cert(&c.cert, &c.key)).await;
    let err = expect_error(endpoint(&fake, "127.0.0.1", Security::Starttls, Some(&c.ca))).await;
    assert_eq!(err.kind, ErrorKind::Disconnected, "{err}");
    assert!(!err.message.contains("555-0100"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_works_only_on_loopback() {
    let fake = FakeServer::start(Script::new("* OK hi\r\n")).await;
    let conn = try_connect(endpoint(&fake, "127.0.0.1", Security::Plain, None))
        .await
        .expect("plain to loopback");
    conn.logout().await;

    let ep = Endpoint {
        host: "imap.example.org".into(),
        port: 143,
        security: Security::Plain,
        ca_file: None,
        pinned: None,
    };
    let err = expect_error(ep).await;
    assert_eq!(err.kind, ErrorKind::NoEncryption, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_then_a_normal_session() {
    let c = certs();
    let fake = FakeServer::start(Script::new("* OK hi\r\n").starttls_cert(&c.cert, &c.key)).await;
    let conn = try_connect(endpoint(&fake, "localhost", Security::Starttls, Some(&c.ca)))
        .await
        .expect("connects");
    assert!(conn.has("IMAP4rev1"));
    conn.logout().await;
    let sent = fake.received_text().await;
    assert!(
        sent.starts_with("T1 CAPABILITY\r\nT2 STARTTLS\r\nT3 CAPABILITY\r\n"),
        "{sent}"
    );
}

// ---------------------------------------------------------------------------------------
// The same code against an honest server (the private Dovecot)
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn dovecot_implicit_tls_starttls_and_compress() {
    use crate::support::dovecot::{Dovecot, Options};
    let server = tokio::task::spawn_blocking(|| {
        Dovecot::start(Options {
            compress: true,
            ..Options::default()
        })
    })
    .await
    .expect("dovecot");
    let user = server.user("hostile");
    for (security, port) in [
        (Security::Tls, server.imaps_port),
        (Security::Starttls, server.imap_port),
    ] {
        let ep = Endpoint {
            host: "localhost".into(),
            port,
            security,
            ca_file: Some(server.ca_file.clone()),
            pinned: None,
        };
        let (name, password) = (user.name.clone(), user.password.clone());
        let mut conn = tokio::spawn(async move { connect(&ep, &name, &password, &timeouts()).await })
            .await
            .expect("task")
            .unwrap_or_else(|e| panic!("{security:?}: {e}"));
        assert!(
            conn.has("IMAP4rev1") && conn.has("IDLE"),
            "{:?}",
            conn.capabilities
        );
        assert!(!conn.has("STARTTLS") && !conn.has("LOGINDISABLED"));
        assert!(
            conn.compressed,
            "Dovecot offers COMPRESS=DEFLATE: {:?}",
            conn.capabilities
        );
        conn.noop().await.expect("NOOP over the compressed stream");
        conn.logout().await;
    }
    // A wrong password.
    let ep = Endpoint {
        host: "127.0.0.1".into(),
        port: server.imaps_port,
        security: Security::Tls,
        ca_file: Some(server.ca_file.clone()),
        pinned: None,
    };
    let name = user.name.clone();
    let err = tokio::spawn(async move { connect(&ep, &name, "wrong", &timeouts()).await })
        .await
        .expect("task")
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Auth, "{err}");
    tokio::task::spawn_blocking(move || server.stop())
        .await
        .expect("stop");
}
