//! T-08 (deep nesting) and T-09 (huge literal announcements, measured in a child process).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tern::config::Security;
use tern::core::ErrorKind;
use tern::imap::{Endpoint, Timeouts, connect};

use super::{PASSWORD, USER, certs, endpoint, expect_error, try_connect};
use crate::support::fake_server::{FakeServer, Reply, Script, When};

// ---------------------------------------------------------------------------------------
// T-08: deep nesting
// ---------------------------------------------------------------------------------------

pub(super) fn deep(depth: usize) -> String {
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
        pinned: None,
    };
    let limits = Timeouts {
        connect: Duration::from_secs(10),
        command: Duration::from_secs(20),
        ..Timeouts::default()
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
    // Liveness: the guard refuses within milliseconds; a refusal only by the 20 s
    // command timeout would mean the bytes were read to the end.
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
            .args([
                "--exact",
                "hostile::limits::t09_child",
                "--nocapture",
                "--test-threads=1",
            ])
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
// Another client's flag change arriving in the middle of a header FETCH
// ---------------------------------------------------------------------------------------

/// RFC 9051 lets a server send a flag change at any time, also in the middle of the
/// answer to our header FETCH (Dovecot does when another client stores flags at that
/// moment). No honest server does it on cue, hence the script. Such a response carries
/// no header section: it must not become a message row (a blank one, and one above the
/// window would move the sync mark past messages never fetched).
/// A header response for `seq`/`uid` with a subject.
fn header_fetch(seq: u32, uid: u32, subject: &str) -> String {
    let header = format!("From: Ann <ann@example.org>\r\nSubject: {subject}\r\n\r\n");
    format!(
        "* {seq} FETCH (UID {uid} FLAGS () INTERNALDATE \"01-Jan-2024 10:00:00 +0000\" \
         RFC822.SIZE 100 BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1 NIL NIL NIL NIL) \
         BODY[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES)] {{{}}}\r\n{header})\r\n",
        header.len()
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flag_change_inside_a_header_fetch_is_not_taken_for_a_message() {
    let c = certs();
    // Windows by sequence number (the first sync's newest-first windows): a change to a
    // message outside the window.
    let by_seq = format!(
        "{}* 9 FETCH (UID 9 FLAGS (\\Seen))\r\n{{tag}} OK done\r\n",
        header_fetch(1, 1, "Hello")
    );
    // Windows by UID: a change to a message of the window before its own answer.
    let by_uid = format!(
        "{}* 2 FETCH (FLAGS (\\Flagged) UID 2)\r\n{}{{tag}} OK done\r\n",
        header_fetch(1, 1, "Hello"),
        header_fetch(2, 2, "Again")
    );
    let script = Script::new("* OK hi\r\n")
        .implicit_tls(&c.cert, &c.key)
        .on(
            When::LoggedIn,
            "SELECT",
            Reply::send("* 9 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 10] n\r\n{tag} OK [READ-WRITE] selected\r\n"),
        )
        .on(When::LoggedIn, "UID FETCH", Reply::send(by_uid))
        .on(When::LoggedIn, "FETCH", Reply::send(by_seq));
    let server = FakeServer::start(script).await;
    let ep = endpoint(&server, "127.0.0.1", Security::Tls, Some(&c.ca));
    let mut conn = try_connect(ep).await.expect("connect");
    conn.select("INBOX").await.expect("select");

    let batch = conn.fetch_header_batch_by_seq(1, 1).await.expect("fetch by seq");
    assert_eq!(batch.uids(), vec![1], "only the message with its headers");
    assert_eq!(
        batch.max_uid(),
        Some(1),
        "the window's mark stays at what was fetched"
    );

    let batch = conn.fetch_header_batch_by_uid(1, 2).await.expect("fetch by uid");
    assert_eq!(batch.uids(), vec![1, 2], "each message once, with its headers");
    let subjects: Vec<String> = batch.into_rows().into_iter().map(|r| r.subject).collect();
    assert_eq!(subjects, vec!["Hello".to_string(), "Again".to_string()]);
}
