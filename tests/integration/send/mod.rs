//! Writing mail against a real submission chain: Dovecot submission -> the relay in
//! tests/support -> Dovecot LMTP -> the recipients' INBOXes (issue "Write mail").

mod chain;
mod cli;
mod drafts;
mod durability;
mod flows;
mod hostile;
mod sent_copy;

use std::path::{Path, PathBuf};

use tern::config::{AccountConfig, Security, SmtpConfig};

use crate::support::dovecot::{Dovecot, User};

/// An account for `user` that sends through the harness's submission service.
pub fn sending_account(server: &Dovecot, user: &User, security: Security) -> AccountConfig {
    server.submission();
    let mut a = crate::sync::account(server, user, Security::Tls);
    a.email = format!("{}@localhost", user.name);
    a.display_name = "Tern Tester".into();
    a.smtp = Some(SmtpConfig {
        host: "127.0.0.1".into(),
        port: if security == Security::Tls {
            server.submissions_port
        } else {
            server.submission_port
        },
        security,
        ..SmtpConfig::default()
    });
    a
}

/// The address that delivers to `user`'s INBOX.
pub fn address(user: &User) -> String {
    format!("{}@localhost", user.name)
}

/// The raw files of a folder (cur/ and new/), sorted by name.
pub fn folder_files(server: &Dovecot, user: &User, folder: &str) -> Vec<PathBuf> {
    let dir = server.folder_dir(user, folder);
    let mut out = Vec::new();
    for sub in ["cur", "new"] {
        if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
            out.extend(rd.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    out.sort();
    out
}

/// Waits (up to 30 s, ~100x a normal delivery) until the folder holds `n` messages;
/// returns their bytes.
pub fn wait_for_messages(server: &Dovecot, user: &User, folder: &str, n: usize) -> Vec<Vec<u8>> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let files = folder_files(server, user, folder);
        if files.len() >= n || std::time::Instant::now() > deadline {
            return files
                .iter()
                .map(|p| std::fs::read(p).expect("read message"))
                .collect();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The part of a delivered message after the headers Dovecot and the relay added
/// (Return-Path, Received, Delivered-To), with CRLF line ends (Dovecot's Maildir keeps
/// LF): the bytes as submitted.
pub fn as_submitted(delivered: &[u8]) -> Vec<u8> {
    crlf(strip_added(delivered))
}

/// LF -> CRLF (lines already ending in CRLF stay as they are).
pub fn crlf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 40);
    let mut prev = 0u8;
    for &b in data {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

fn strip_added(delivered: &[u8]) -> &[u8] {
    let mut rest = delivered;
    loop {
        let line_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        let added = [&b"Return-Path:"[..], b"Received:", b"Delivered-To:"]
            .iter()
            .any(|h| line.len() >= h.len() && line[..h.len()].eq_ignore_ascii_case(h));
        let continuation = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if !(added || continuation) {
            return rest;
        }
        rest = &rest[line_end..];
    }
}

pub fn sha256(data: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(data))
}

pub fn write_file(dir: &Path, name: &str, size: usize) -> PathBuf {
    let path = dir.join(name);
    let data: Vec<u8> = (0..size)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, data).expect("write attachment");
    path
}

/// A config dir whose accounts.toml has `account` (for the `tern` binary).
pub fn config_dir(accounts: &[&AccountConfig]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = tern::config::Config {
        accounts: accounts.iter().map(|a| (*a).clone()).collect(),
    };
    config
        .save(&dir.path().join("accounts.toml"))
        .expect("write accounts.toml");
    dir
}

/// The `tern` binary with its config and data in `dir`.
pub fn tern(dir: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tern"));
    c.env("TERN_CONFIG_DIR", dir)
        .env("TERN_DATA_DIR", dir.join("data"))
        .env_remove("TERN_TEST_PAUSE");
    c
}

/// The cache database `tern` uses with `tern(dir)`.
pub fn cache_of(dir: &Path) -> PathBuf {
    let paths = tern::config::Paths {
        config_dir: dir.to_path_buf(),
        data_dir: dir.join("data"),
    };
    paths.cache_db()
}

/// The big test message as written by `tern send` or the window: who it went to, what
/// it says and the SHA-256 of its two attachments (the first named "Übersicht 2MB.pdf").
pub struct BigMessage<'a> {
    pub submitted: &'a [u8],
    pub subject: &'a str,
    pub to: &'a User,
    pub cc: &'a User,
    pub bcc: &'a User,
    pub attachments: [String; 2],
}

/// Checks one delivered copy of `want`: the bytes as submitted, no Bcc anywhere, the
/// parsed headers and both attachments byte-exact.
pub fn check_delivered(raw: &[u8], want: &BigMessage<'_>) {
    use mail_parser::{MessageParser, MimeHeaders};
    assert_eq!(
        as_submitted(raw),
        want.submitted,
        "delivered bytes differ from the submitted ones"
    );
    let text = String::from_utf8_lossy(raw).to_lowercase();
    assert!(!text.contains("\nbcc:"), "Bcc header delivered");
    assert!(
        !text.contains(&address(want.bcc)),
        "the Bcc address is in the delivered bytes"
    );
    let m = MessageParser::default().parse(raw).expect("parse delivered");
    assert_eq!(m.subject(), Some(want.subject));
    assert_eq!(
        m.from().and_then(|a| a.first()).and_then(|a| a.name()),
        Some("Tern Tester")
    );
    assert_eq!(
        m.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some(address(want.to).as_str())
    );
    assert_eq!(
        m.cc().and_then(|a| a.first()).and_then(|a| a.address()),
        Some(address(want.cc).as_str())
    );
    let atts: Vec<_> = m.attachments().collect();
    assert_eq!(atts.len(), 2);
    assert_eq!(atts[0].attachment_name(), Some("Übersicht 2MB.pdf"));
    assert_eq!(sha256(atts[0].contents()), want.attachments[0]);
    assert_eq!(sha256(atts[1].contents()), want.attachments[1]);
}
