//! Hostile SMTP servers (the SMTP twin of T-01..T-05): STARTTLS not offered, refused,
//! or plaintext injected after "220 ready". Tern must abort before any credential is
//! sent and say why in plain words. A tiny scripted server records every byte.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tern::config::Security;
use tern::core::ErrorKind;
use tern::smtp::{SmtpEndpoint, SmtpTimeouts, connect};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PASSWORD: &str = "s3cret-never-sent";

/// Answers EHLO with `ehlo` and STARTTLS with `starttls` (bytes as given); records
/// what the client sent. Returns (port, recording).
async fn fake(ehlo: &'static str, starttls: &'static [u8]) -> (u16, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        let Ok((mut tcp, _)) = listener.accept().await else {
            return;
        };
        let _ = tcp.write_all(b"220 fake ESMTP\r\n").await;
        let mut buf = vec![0u8; 4096];
        let mut pending = Vec::new();
        loop {
            let n = match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            record.lock().expect("lock").extend_from_slice(&buf[..n]);
            pending.extend_from_slice(&buf[..n]);
            while let Some(i) = pending.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = pending.drain(..=i).collect();
                let upper = String::from_utf8_lossy(&line).to_ascii_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") {
                    ehlo.as_bytes()
                } else if upper.starts_with("STARTTLS") {
                    starttls
                } else if upper.starts_with("AUTH") {
                    b"235 ok\r\n"
                } else {
                    b"250 ok\r\n"
                };
                let _ = tcp.write_all(reply).await;
            }
        }
    });
    (port, seen)
}

async fn try_starttls(port: u16) -> tern::core::TernError {
    let endpoint = SmtpEndpoint {
        host: "127.0.0.1".into(),
        port,
        security: Security::Starttls,
        ca_file: None,
        pinned: None,
    };
    let timeouts = SmtpTimeouts {
        connect: Duration::from_secs(10),
        command: Duration::from_secs(10),
        ..SmtpTimeouts::default()
    };
    connect(&endpoint, "user", PASSWORD, &timeouts)
        .await
        .expect_err("must refuse")
}

fn assert_no_credentials(seen: &Arc<Mutex<Vec<u8>>>) {
    // Let the server task record the last bytes.
    std::thread::sleep(Duration::from_millis(100));
    let seen = String::from_utf8_lossy(&seen.lock().expect("lock")).to_ascii_uppercase();
    assert!(!seen.contains("AUTH"), "credentials were offered: {seen}");
    assert!(!seen.contains(&PASSWORD.to_ascii_uppercase()));
}

#[tokio::test]
async fn starttls_not_offered_aborts_before_auth() {
    let (port, seen) = fake("250-fake\r\n250 AUTH PLAIN LOGIN\r\n", b"").await;
    let e = try_starttls(port).await;
    assert_eq!(e.kind, ErrorKind::NoEncryption, "{e}");
    assert!(e.message.contains("does not offer encryption"), "{e}");
    assert!(!e.message.contains(PASSWORD));
    assert_no_credentials(&seen);
}

#[tokio::test]
async fn starttls_refused_aborts_before_auth() {
    let (port, seen) = fake(
        "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n",
        b"454 4.7.0 TLS not available\r\n",
    )
    .await;
    let e = try_starttls(port).await;
    assert_eq!(e.kind, ErrorKind::NoEncryption, "{e}");
    assert_no_credentials(&seen);
}

#[tokio::test]
async fn bytes_injected_after_the_220_abort_before_the_handshake() {
    let (port, seen) = fake(
        "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n",
        b"220 2.0.0 ready\r\n250-injected\r\n250 AUTH PLAIN\r\n",
    )
    .await;
    let e = try_starttls(port).await;
    assert_eq!(e.kind, ErrorKind::NoEncryption, "{e}");
    assert!(e.message.contains("not asked for"), "{e}");
    assert_no_credentials(&seen);
}

#[tokio::test]
async fn bytes_injected_into_the_ehlo_reply_abort_too() {
    let (port, seen) = fake("250-fake\r\n250 STARTTLS\r\n220 pipelined\r\n", b"220 ready\r\n").await;
    let e = try_starttls(port).await;
    assert_eq!(e.kind, ErrorKind::NoEncryption, "{e}");
    assert_no_credentials(&seen);
}

#[tokio::test]
async fn implicit_tls_to_a_plaintext_server_never_sends_credentials() {
    let (port, seen) = fake("250-fake\r\n250 AUTH PLAIN\r\n", b"").await;
    let endpoint = SmtpEndpoint {
        host: "127.0.0.1".into(),
        port,
        security: Security::Tls,
        ca_file: None,
        pinned: None,
    };
    let e = connect(&endpoint, "user", PASSWORD, &SmtpTimeouts::default())
        .await
        .expect_err("no TLS");
    assert!(
        matches!(
            e.kind,
            ErrorKind::NoEncryption | ErrorKind::Certificate | ErrorKind::Disconnected
        ),
        "{e:?}"
    );
    assert_no_credentials(&seen);
}

#[tokio::test]
async fn plain_text_to_another_host_is_refused_before_connecting() {
    let endpoint = SmtpEndpoint {
        host: "smtp.example.org".into(),
        port: 25,
        security: Security::Plain,
        ca_file: None,
        pinned: None,
    };
    let e = connect(&endpoint, "user", PASSWORD, &SmtpTimeouts::default())
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ErrorKind::NoEncryption);
}

#[tokio::test]
async fn too_large_for_the_advertised_size_is_refused_before_data() {
    let (port, seen) = fake("250-fake\r\n250-SIZE 1000\r\n250 AUTH PLAIN\r\n", b"").await;
    let endpoint = SmtpEndpoint {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        ca_file: None,
        pinned: None,
    };
    let mut session = connect(&endpoint, "user", PASSWORD, &SmtpTimeouts::default())
        .await
        .expect("plain to loopback");
    assert_eq!(session.max_size(), Some(1000));
    let big = vec![b'a'; 2000];
    let f = session
        .send("me@localhost", &["you@localhost".to_string()], &big)
        .await
        .expect_err("too large");
    assert!(f.permanent);
    assert!(
        f.error.message.contains("too large") && f.error.message.contains(&tern::core::size_en(1000)),
        "{}",
        f.error
    );
    std::thread::sleep(Duration::from_millis(100));
    let seen = String::from_utf8_lossy(&seen.lock().expect("lock")).to_ascii_uppercase();
    assert!(!seen.contains("DATA"), "{seen}");
    assert!(!seen.contains("MAIL FROM"), "{seen}");
}
