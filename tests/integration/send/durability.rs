//! kill -9 of `tern send` at each pause point (TERN_TEST_PAUSE, test-only, see
//! src/smtp/pause.rs), then `tern outbox --send`: the recipient never gets a silent
//! duplicate and nothing is silently lost (deliveries counted in the INBOX).

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tern::config::Security;
use tern::core::OutboxState;
use tern::store::Store;

use super::{address, cache_of, config_dir, folder_files, sending_account, tern, write_file};
use crate::support::dovecot::Dovecot;

/// What must hold after the crash and one recovery run.
struct Expect {
    point: &'static str,
    /// Deliveries to the recipient.
    delivered: usize,
    /// The row's state after recovery (None: no row, the crash came before it).
    state: Option<OutboxState>,
    /// Copies in the sender's Sent folder.
    sent_copies: usize,
}

fn crash_at(e: &Expect) {
    let server = Dovecot::shared();
    let me = server.user("dur-me");
    let rcpt = server.user("dur-rcpt");
    let account = sending_account(server, &me, Security::Tls);
    let dir = config_dir(&[&account]);
    // 3 MB so DATA takes several writes (the during-data point pauses after 512 KiB).
    let file = write_file(dir.path(), "data.bin", 3 << 20);
    let mut child = tern(dir.path())
        .env("TERN_TEST_PAUSE", e.point)
        .args(["send", "--to", &address(&rcpt), "--subject", e.point, "--attach"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tern send");
    // Wait for the pause marker: 60 s, far above the ~1 s this takes.
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("TERN_PAUSED") {
                let _ = tx.send(line);
            }
        }
    });
    let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| {
        let _ = child.kill();
        panic!("{}: tern never reached the pause point", e.point)
    });
    assert_eq!(line, format!("TERN_PAUSED {}", e.point));
    child.kill().expect("kill -9"); // SIGKILL on Unix
    let _ = child.wait();

    // Recovery: what the app (or a script) does next.
    let out = tern(dir.path())
        .args(["outbox", "--send", "--json"])
        .output()
        .expect("outbox --send");
    assert!(
        out.status.success(),
        "{}: {}",
        e.point,
        String::from_utf8_lossy(&out.stderr)
    );
    // Settle: deliveries are synchronous to the 250, so anything sent is there now;
    // wait up to 30 s (a delivery takes milliseconds) for the expected count.
    let deadline = Instant::now() + Duration::from_secs(30);
    while folder_files(server, &rcpt, "INBOX").len() < e.delivered && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        folder_files(server, &rcpt, "INBOX").len(),
        e.delivered,
        "{}: deliveries",
        e.point
    );
    let store = Store::open(&cache_of(dir.path())).expect("store");
    let entries = store.outbox_entries().expect("entries");
    match e.state {
        None => assert!(entries.is_empty(), "{}: {entries:?}", e.point),
        Some(state) => {
            assert_eq!(entries.len(), 1, "{}: {entries:?}", e.point);
            assert_eq!(entries[0].state, state, "{}: {entries:?}", e.point);
            if state == OutboxState::Held {
                // Not silent: the row asks the user, and `tern outbox` shows it.
                assert!(
                    entries[0].error.contains("cannot tell whether it went out"),
                    "{entries:?}"
                );
            }
        }
    }
    assert_eq!(
        folder_files(server, &me, "Sent").len(),
        e.sent_copies,
        "{}: Sent copies",
        e.point
    );
}

#[test]
fn killed_before_the_outbox_write_nothing_is_queued_or_sent() {
    crash_at(&Expect {
        point: "before-outbox",
        delivered: 0,
        state: None,
        sent_copies: 0,
    });
}

#[test]
fn killed_after_the_outbox_write_it_goes_out_once() {
    crash_at(&Expect {
        point: "after-outbox",
        delivered: 1,
        state: Some(OutboxState::Filed),
        sent_copies: 1,
    });
}

#[test]
fn killed_before_data_it_is_held_not_sent_behind_the_users_back() {
    // Nothing reached the server, but Tern cannot know that after a crash: it asks.
    crash_at(&Expect {
        point: "before-data",
        delivered: 0,
        state: Some(OutboxState::Held),
        sent_copies: 0,
    });
}

#[test]
fn killed_during_data_it_is_held_with_a_question_not_resent() {
    crash_at(&Expect {
        point: "during-data",
        delivered: 0,
        state: Some(OutboxState::Held),
        sent_copies: 0,
    });
}

#[test]
fn killed_after_the_servers_250_only_the_copy_is_filed() {
    crash_at(&Expect {
        point: "after-250",
        delivered: 1,
        state: Some(OutboxState::Filed),
        sent_copies: 1,
    });
}

#[test]
fn killed_before_append_the_copy_is_filed_once() {
    crash_at(&Expect {
        point: "before-append",
        delivered: 1,
        state: Some(OutboxState::Filed),
        sent_copies: 1,
    });
}

#[test]
fn killed_after_append_no_second_copy() {
    crash_at(&Expect {
        point: "after-append",
        delivered: 1,
        state: Some(OutboxState::Filed),
        sent_copies: 1,
    });
}
