//! Connecting to hostile servers (security-tests.md T-01..T-06, T-08, T-09): a scripted
//! fake server (tests/support/fake_server.rs) does what no honest server does, and the
//! client must fail closed with the right error, never sending a password it should not.
//!
//! Connections run in `tokio::spawn` on a default multi-thread runtime, so imap-proto
//! parses on a worker thread with tokio's default 2 MiB stack, as in the app.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use tern::config::{Config, Security};
use tern::core::{ErrorKind, TernError};
use tern::imap::{Connection, Endpoint, Timeouts, connect};

use crate::support::certs::{CertMatrix, TestCa};
use crate::support::fake_server::{FakeServer, Reply, Script, When};

const USER: &str = "user";
/// Quotes and a backslash, to check quoting; never to appear in errors or logs.
const PASSWORD: &str = "pa55\"W0rd\\x";

fn timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        command: Duration::from_secs(5),
    }
}

fn endpoint(server: &FakeServer, host: &str, security: Security, ca: Option<&Path>) -> Endpoint {
    Endpoint {
        host: host.to_string(),
        port: server.port(),
        security,
        ca_file: ca.map(Path::to_path_buf),
    }
}

/// Connects from a runtime worker thread.
async fn try_connect(ep: Endpoint) -> Result<Connection, TernError> {
    tokio::spawn(async move { connect(&ep, USER, PASSWORD, &timeouts()).await })
        .await
        .expect("the connect task must not panic")
}

async fn expect_error(ep: Endpoint) -> TernError {
    let err = match try_connect(ep).await {
        Ok(conn) => panic!("connected, but should not have: {conn:?}"),
        Err(e) => e,
    };
    assert!(!err.message.contains(PASSWORD), "password in error: {err}");
    err
}

/// A test CA and a server certificate for localhost / 127.0.0.1.
struct Certs {
    _dir: tempfile::TempDir,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn certs() -> Certs {
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = TestCa::new(dir.path());
    let (cert, key) = ca.issue("server", &["localhost", "127.0.0.1"]);
    Certs {
        ca: ca.ca_cert_path(),
        _dir: dir,
        cert,
        key,
    }
}

const LOGIN_COMMANDS: &[&str] = &["LOGIN", "AUTHENTICATE"];
const MAILBOX_COMMANDS: &[&str] = &["SELECT", "EXAMINE", "LIST", "APPEND", "LSUB"];

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

// ---------------------------------------------------------------------------------------
// T-08: deep nesting
// ---------------------------------------------------------------------------------------

fn deep(depth: usize) -> String {
    format!("* 1 FETCH (BODYSTRUCTURE {}", "(".repeat(depth))
}

#[tokio::test(flavor = "multi_thread")]
async fn t08_deep_nesting_closes_the_connection_not_the_process() {
    let c = certs();
    for depth in [400, 2_000, 100_000] {
        let nested = deep(depth);
        let cases = [
            (
                "answer to a command",
                Security::Tls,
                Script::new("* OK hi\r\n").on(
                    When::LoggedIn,
                    "CAPABILITY",
                    Reply::send(format!("{nested}\r\n{{tag}} OK\r\n")),
                ),
            ),
            (
                "unsolicited after login",
                Security::Tls,
                Script::new("* OK hi\r\n").on(
                    When::Always,
                    "LOGIN",
                    Reply::send(format!("{{tag}} OK logged in\r\n{nested}")),
                ),
            ),
            (
                "before STARTTLS",
                Security::Starttls,
                Script::new(format!("* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n{nested}\r\n")),
            ),
        ];
        for (what, security, script) in cases {
            let script = match security {
                Security::Tls => script.implicit_tls(&c.cert, &c.key),
                _ => script.starttls_cert(&c.cert, &c.key),
            };
            let hostile = FakeServer::start(script).await;
            let honest = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key)).await;
            // Another account connecting at the same time is not affected.
            let other = tokio::spawn(try_connect(endpoint(
                &honest,
                "127.0.0.1",
                Security::Tls,
                Some(&c.ca),
            )));
            let err = expect_error(endpoint(&hostile, "127.0.0.1", security, Some(&c.ca))).await;
            assert_eq!(err.kind, ErrorKind::MalformedServerData, "{depth} {what}: {err}");
            assert!(err.message.contains("cannot safely read"), "{err}");
            other.await.expect("task").expect("the other account connects");
            // The hostile connection was closed by the client.
            let _ = hostile.received().await;
        }
    }
}

// ---------------------------------------------------------------------------------------
// T-09: huge literal announcements, in a child process so peak RSS is our own
// ---------------------------------------------------------------------------------------

const T09_PORT: &str = "TERN_T09_PORT";
const T09_CA: &str = "TERN_T09_CA";

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs in the child only (does nothing in a normal test run). VmHWM is the peak RSS of
/// the whole process, and other tests run in parallel threads of the same process, so
/// it is measured in a process that runs nothing else: the parent re-runs this test
/// binary with `--exact` for this one test and passes the fake server's port in the
/// environment. The fake server stays in the parent, so its buffers do not count. The
/// growth is taken as peak-after minus RSS-before, which can only over-state it.
#[test]
fn t09_child() {
    let (Ok(port), Ok(ca)) = (std::env::var(T09_PORT), std::env::var(T09_CA)) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ep = Endpoint {
        host: "127.0.0.1".into(),
        port: port.parse().expect("port"),
        security: Security::Tls,
        ca_file: Some(PathBuf::from(ca)),
    };
    let limits = Timeouts {
        connect: Duration::from_secs(10),
        command: Duration::from_secs(20),
    };
    // Load what every process loads once (the system's trust anchors) before measuring:
    // connect to a port nobody listens on.
    let closed = Endpoint {
        port: 1,
        ..ep.clone()
    };
    let _ = runtime.block_on(connect(&closed, USER, PASSWORD, &limits));

    let rss_before = status_kib("VmRSS:");
    let started = Instant::now();
    let result = runtime.block_on(async move {
        tokio::spawn(async move { connect(&ep, USER, PASSWORD, &limits).await })
            .await
            .expect("the connect task must not panic")
    });
    let elapsed = started.elapsed();
    let grew = status_kib("VmHWM:").saturating_sub(rss_before);
    let kind = result.as_ref().err().map(|e| e.kind);
    println!(
        "T09 kind={kind:?} grew_kib={grew} elapsed_ms={}",
        elapsed.as_millis()
    );
    assert_eq!(kind, Some(ErrorKind::MalformedServerData), "{result:?}");
    assert!(grew < 32 * 1024, "peak RSS grew by {grew} KiB");
    assert!(elapsed < limits.command, "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn t09_huge_literal_announcements_are_bounded() {
    let c = certs();
    let mut long_line = b"* OK ".to_vec();
    long_line.resize(10 * 1024 * 1024, b'a');
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "{400000000} then stall",
            b"* 1 FETCH (BODY[] {400000000}\r\nabc".to_vec(),
        ),
        ("{4294967295}", b"* 1 FETCH (BODY[] {4294967295}\r\n".to_vec()),
        (
            "{99999999999999999999}",
            b"* 1 FETCH (BODY[] {99999999999999999999}\r\n".to_vec(),
        ),
        ("a 10 MB line without CRLF", long_line),
    ];
    let exe = std::env::current_exe().expect("test binary");
    for (what, reply) in cases {
        let fake = FakeServer::start(Script::new("* OK hi\r\n").implicit_tls(&c.cert, &c.key).on(
            When::LoggedIn,
            "CAPABILITY",
            Reply::SendThenStall(reply),
        ))
        .await;
        let out = tokio::process::Command::new(&exe)
            .args(["--exact", "hostile::t09_child", "--nocapture", "--test-threads=1"])
            .env(T09_PORT, fake.port().to_string())
            .env(T09_CA, &c.ca)
            .output()
            .await
            .expect("run the child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{what}:\n{stdout}\n{stderr}");
        assert!(
            stdout.contains("T09 kind=Some(MalformedServerData)"),
            "{what}: the child did not run the case:\n{stdout}\n{stderr}"
        );
        let line = stdout
            .lines()
            .find_map(|l| l.find("T09 ").map(|i| &l[i..]))
            .unwrap_or("");
        eprintln!("{what}: {line}");
    }
}

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
    };
    let started = Instant::now();
    let err = connect(&ep, USER, PASSWORD, &quick).await.expect_err("times out");
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));

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
