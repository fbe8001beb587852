//! Connecting to hostile servers (security-tests.md T-01..T-06, T-08, T-09): a scripted
//! fake server (tests/support/fake_server.rs) does what no honest server does, and the
//! client must fail closed with the right error, never sending a password it should not.
//!
//! Connections run in `tokio::spawn` on a default multi-thread runtime, so imap-proto
//! parses on a worker thread with tokio's default 2 MiB stack, as in the app.

mod limits;
mod login;
mod transport;

use std::path::{Path, PathBuf};
use std::time::Duration;

use tern::config::Security;
use tern::core::TernError;
use tern::imap::{Connection, Endpoint, Timeouts, connect};

use crate::support::certs::TestCa;
use crate::support::fake_server::FakeServer;

const USER: &str = "user";
/// Quotes and a backslash, to check quoting; never to appear in errors or logs.
const PASSWORD: &str = "pa55\"W0rd\\x";

fn timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        command: Duration::from_secs(5),
        ..Timeouts::default()
    }
}

fn endpoint(server: &FakeServer, host: &str, security: Security, ca: Option<&Path>) -> Endpoint {
    Endpoint {
        host: host.to_string(),
        port: server.port(),
        security,
        ca_file: ca.map(Path::to_path_buf),
        pinned: None,
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
