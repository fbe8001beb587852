//! `tern send` end to end: two recipients and a Bcc, a non-ASCII subject, a 2 MB and a
//! 20 MB attachment; delivered bytes, the Sent copy and where the password must not be.

use mail_parser::MessageParser;
use tern::config::Security;
use tern::core::OutboxState;
use tern::store::Store;

use super::{
    BigMessage, address, cache_of, check_delivered, config_dir, crlf, folder_files, sending_account, sha256,
    tern, wait_for_messages, write_file,
};
use crate::support::dovecot::Dovecot;

#[test]
fn a_big_message_reaches_both_inboxes_and_its_sent_copy_is_identical() {
    let server = Dovecot::shared();
    let sender = server.user("cli-sender");
    let (ann, bob, hidden) = (
        server.user("cli-ann"),
        server.user("cli-bob"),
        server.user("cli-hidden"),
    );
    let account = sending_account(server, &sender, Security::Starttls);
    let dir = config_dir(&[&account]);
    let small = write_file(dir.path(), "Übersicht 2MB.pdf", 2 << 20);
    let big = write_file(dir.path(), "big.bin", 20 << 20);
    let body = dir.path().join("body.txt");
    std::fs::write(&body, "Grüße,\nhere are the files.\n").expect("body");
    let subject = "Bericht für Jürgen — 東京 ✓";
    let out = tern(dir.path())
        .env("TERN_LOG", "trace")
        .args([
            "send",
            "--to",
            &address(&ann),
            "--cc",
            &address(&bob),
            "--bcc",
            &address(&hidden),
        ])
        .args(["--subject", subject, "--body-file"])
        .arg(&body)
        .arg("--attach")
        .arg(&small)
        .arg("--attach")
        .arg(&big)
        .output()
        .expect("run tern send");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "tern send failed: {stderr}");
    let message_id = stdout.trim().to_string();
    assert!(message_id.ends_with("@localhost"), "{stdout}");

    // The exact bytes Tern submitted, as kept in the outbox.
    let store = Store::open(&cache_of(dir.path())).expect("store");
    let entries = store.outbox_entries().expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].state, OutboxState::Filed, "{entries:?}");
    let row = store.outbox_row(entries[0].id).expect("row").expect("exists");
    let submitted = row.bytes.clone();
    assert_eq!(row.entry.message_id, message_id);

    let want = BigMessage {
        submitted: &submitted,
        subject,
        to: &ann,
        cc: &bob,
        bcc: &hidden,
        attachments: [
            sha256(&std::fs::read(&small).expect("read")),
            sha256(&std::fs::read(&big).expect("read")),
        ],
    };
    for user in [&ann, &bob, &hidden] {
        let got = wait_for_messages(server, user, "INBOX", 1);
        assert_eq!(got.len(), 1, "{} did not get exactly one copy", user.name);
        check_delivered(&got[0], &want);
        let m = MessageParser::default().parse(&got[0]).expect("parse delivered");
        assert_eq!(m.message_id(), Some(message_id.as_str()));
    }

    // The Sent copy: exactly one, byte for byte what was submitted, marked \Seen.
    let sent = folder_files(server, &sender, "Sent");
    assert_eq!(sent.len(), 1, "{sent:?}");
    let copy = std::fs::read(&sent[0]).expect("read copy");
    assert_eq!(
        crlf(&copy),
        submitted,
        "Sent copy differs from the submitted bytes"
    );
    assert!(
        sent[0].to_string_lossy().ends_with(",S") || sent[0].to_string_lossy().contains(":2,S"),
        "{sent:?}"
    );

    // The password is nowhere: not in the logs, the user database, the cache, the copy.
    let password = sender.password.as_bytes();
    assert!(
        !stderr.as_bytes().windows(password.len()).any(|w| w == password),
        "password in the log"
    );
    assert!(!stdout.contains(&sender.password));
    for entry in std::fs::read_dir(dir.path().join("data")).expect("data dir") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read db file");
        assert!(
            !data.windows(password.len()).any(|w| w == password),
            "password stored in {}",
            path.display()
        );
    }
    assert!(!copy.windows(password.len()).any(|w| w == password));
}

#[test]
fn outbox_lists_and_errors_are_plain() {
    let server = Dovecot::shared();
    let sender = server.user("cli-outbox");
    let account = sending_account(server, &sender, Security::Tls);
    let dir = config_dir(&[&account]);
    let out = tern(dir.path())
        .args([
            "send",
            "--queue-only",
            "--to",
            "someone@localhost",
            "--subject",
            "later",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = tern(dir.path()).args(["outbox", "--json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["state"], "queued");
    assert_eq!(v[0]["subject"], "later");
    assert_eq!(v[0]["account"], account.name.as_str());
    // A bad address: one plain line, non-zero exit, nothing queued.
    let out = tern(dir.path())
        .args(["send", "--to", "not an address", "--subject", "x"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an address"));
    let out = tern(dir.path()).args(["outbox", "--json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    // Cancel makes it a draft again.
    let out = tern(dir.path())
        .args(["outbox", "--cancel", "1"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let drafts = tern::engine::drafts::drafts(&cache_of(dir.path())).expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].subject, "later");
}

#[test]
fn accounts_json_shows_the_sending_server_with_its_fallbacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("accounts.toml"),
        "[[account]]\nname = \"Home\"\nemail = \"me@home.example\"\ndisplay_name = \"Me\"\n\
         [account.imap]\nhost = \"imap.home.example\"\nusername = \"me\"\n\
         [account.smtp]\nhost = \"smtp.home.example\"\nsecurity = \"starttls\"\n",
    )
    .expect("write");
    let out = tern(dir.path())
        .args(["accounts", "--json"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["smtp"]["host"], "smtp.home.example");
    assert_eq!(v[0]["smtp"]["port"], 587);
    assert_eq!(v[0]["smtp"]["username"], "me");
    assert_eq!(v[0]["smtp"]["save_sent"], true);
    // A plain-text sending server that is not this computer is refused at load.
    std::fs::write(
        dir.path().join("accounts.toml"),
        "[[account]]\nname = \"Home\"\n[account.imap]\nhost = \"imap.home.example\"\n\
         [account.smtp]\nhost = \"smtp.home.example\"\nsecurity = \"plain\"\n",
    )
    .expect("write");
    let out = tern(dir.path()).args(["accounts"]).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("plain"));
}
