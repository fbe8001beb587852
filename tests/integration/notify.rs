//! New-mail notifications (issue 11 item 4) against the real Dovecot and a recording
//! org.freedesktop.Notifications service (tests/support/fake_notifications.py) on a
//! private session bus. notify-rust talks to the session bus of the process's
//! environment, so the outer test runs this test binary again inside
//! `dbus-run-session` with the fake service started first; the inner test does the
//! work and is ignored in ordinary runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tern::config::Security;
use tern::core::{AccountEvent, Command as WorkerCommand, FolderId};
use tern::engine::Tuning;
use tern::notify::Viewer;
use tern::ui::app_notify::announce;
use tern::ui::db::Db;
use tern::ui::prefs::Prefs;

use crate::support::dovecot::Dovecot;
use crate::support::seed;
use crate::sync::running::Running;
use crate::sync::{Cache, account};

/// Where the inner test finds the fake service's record of Notify calls.
const LOG_ENV: &str = "TERN_NOTIFY_CALLS";
const INNER: &str = "notify::one_notification_per_batch_on_the_session_bus";

/// Starts the fake service, waits until it owns its bus name, then runs the command.
const SESSION_SCRIPT: &str = r#"
fake=$1; log=$2; shift 2
"$fake" "$log" > "$log.ready" 2>&1 &
service=$!
tries=0
until grep -q ready "$log.ready"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then cat "$log.ready"; exit 90; fi
  sleep 0.1
done
"$@"; status=$?
kill "$service"
exit $status
"#;

#[test]
fn notifications_on_a_private_session_bus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("calls.jsonl");
    let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fake_notifications.py");
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", SESSION_SCRIPT, "sh"])
        .arg(&fake)
        .arg(&log)
        .arg(&exe)
        .args([
            "--exact",
            INNER,
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(LOG_ENV, &log)
        // English texts whatever the machine's locale.
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run dbus-run-session (package dbus-daemon)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "inner test failed:\n{stdout}\n{stderr}");
    // The filter matched and the inner test really ran (not zero tests).
    assert!(
        stdout.contains("1 passed"),
        "inner test did not run:\n{stdout}\n{stderr}"
    );
}

/// One recorded Notify call.
#[derive(Debug, serde::Deserialize)]
struct Call {
    app_name: String,
    summary: String,
    body: String,
    actions: Vec<String>,
}

fn calls(log: &Path) -> Vec<Call> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line per call"))
        .collect()
}

fn mail(n: u32, from: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: me@example.org\r\nSubject: {subject}\r\nDate: Sun, 6 Dec 2026 12:{n:02}:00 +0000\r\n\
         Message-ID: <notify.{n}@tern.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello {n}\r\n"
    )
    .into_bytes()
}

/// Asks for a full pass (polling) and announces every arrival it reports, as the
/// window does; returns the folders that reported new mail.
async fn poll_and_announce(worker: &mut Running, db: &Db, viewer: Viewer) -> Vec<FolderId> {
    assert!(worker.handle.send(WorkerCommand::SyncNow));
    let mut reported = Vec::new();
    loop {
        let event = worker
            .until(Duration::from_secs(60), |e| {
                matches!(e, AccountEvent::NewMail { .. } | AccountEvent::SyncDone)
            })
            .await
            .expect("the pass ends");
        match event.event {
            AccountEvent::NewMail { folder, uids } => {
                reported.push(folder);
                announce(db, folder, uids, viewer).await;
            }
            _ => return reported,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs inside dbus-run-session, started by notifications_on_a_private_session_bus"]
async fn one_notification_per_batch_on_the_session_bus() {
    let Some(log) = std::env::var_os(LOG_ENV).map(PathBuf::from) else {
        println!("{LOG_ENV} is not set: run notifications_on_a_private_session_bus instead");
        return;
    };
    let server = Dovecot::shared();
    let user = server.user("notify");
    server.seed(&user, "INBOX", seed::messages(60, 0, 5));
    server.seed(&user, "Projects", seed::messages(61, 0, 2));
    server.seed(&user, "Junk", seed::messages(62, 0, 2));
    let acct = account(server, &user, Security::Tls);
    let cache = Cache::new(&acct);
    let tuning = Tuning {
        poll_interval: Duration::from_secs(3600),
        ..Tuning::default()
    };
    let mut worker = Running::start(acct.clone(), &cache, 1, tuning).await;
    let db = Db::new(cache.path());
    let on = Viewer {
        account_enabled: Prefs::default().notifies(&acct.name),
        shown_with_focus: false,
    };
    assert!(on.account_enabled);

    // The first sync caches 9 messages and reports none of them as new.
    let mut first = Vec::new();
    loop {
        let e = worker
            .until(Duration::from_secs(60), |e| {
                matches!(e, AccountEvent::NewMail { .. } | AccountEvent::SyncDone)
            })
            .await
            .expect("first sync ends");
        match e.event {
            AccountEvent::SyncDone => break,
            other => first.push(other),
        }
    }
    assert!(first.is_empty(), "first sync reported new mail: {first:?}");
    assert_eq!(calls(&log).len(), 0);

    // Three messages in a polled folder: one pass, one notification for all three.
    server.deliver(&user, "Projects", &mail(1, "Alice <alice@example.org>", "Lunch?"));
    server.deliver(&user, "Projects", &mail(2, "Bob <bob@example.org>", "Slides"));
    server.deliver(&user, "Projects", &mail(3, "carol@example.org", "Budget 2027"));
    let folders = poll_and_announce(&mut worker, &db, on).await;
    assert_eq!(folders.len(), 1, "{folders:?}");
    let recorded = calls(&log);
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0].app_name, "Tern");
    assert_eq!(recorded[0].summary, "3 new messages");
    assert_eq!(
        recorded[0].body,
        "carol@example.org: Budget 2027\nBob: Slides\nAlice: Lunch?"
    );
    assert!(
        recorded[0].actions.iter().any(|a| a == "default"),
        "{:?}",
        recorded[0].actions
    );

    // Already read elsewhere, and Junk: reported by the engine, not shown.
    server.deliver(
        &user,
        "Projects",
        &mail(4, "Dave <dave@example.org>", "Seen already"),
    );
    server.doveadm(&[
        "flags",
        "add",
        "-u",
        &user.name,
        "\\Seen",
        "mailbox",
        "Projects",
        "header",
        "Message-ID",
        "notify.4@tern.test",
    ]);
    server.deliver(&user, "Junk", &mail(5, "Spam <spam@example.org>", "You won"));
    let folders = poll_and_announce(&mut worker, &db, on).await;
    assert_eq!(folders.len(), 2, "both arrivals reported: {folders:?}");
    assert_eq!(calls(&log).len(), 1, "no notification for \\Seen or Junk mail");

    // The account switched off in settings.toml: nothing.
    let mut quiet = Prefs::default();
    quiet.quiet_accounts.insert(acct.name.clone());
    let off = Viewer {
        account_enabled: quiet.notifies(&acct.name),
        shown_with_focus: false,
    };
    server.deliver(
        &user,
        "Projects",
        &mail(6, "Erin <erin@example.org>", "Quiet please"),
    );
    let folders = poll_and_announce(&mut worker, &db, off).await;
    assert_eq!(folders.len(), 1);
    assert_eq!(calls(&log).len(), 1, "no notification while switched off");

    // IDLE on INBOX: one message, one notification, without a poll.
    server.deliver(&user, "INBOX", &mail(7, "Frank <frank@example.org>", "Pushed"));
    let pushed = worker
        .until(Duration::from_secs(30), |e| {
            matches!(e, AccountEvent::NewMail { .. })
        })
        .await
        .expect("IDLE reports the new mail");
    let AccountEvent::NewMail { folder, uids } = pushed.event else {
        unreachable!()
    };
    announce(&db, folder, uids, on).await;
    let recorded = calls(&log);
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert_eq!(recorded[1].summary, "1 new message");
    assert_eq!(recorded[1].body, "Frank: Pushed");
    worker.stop().await;
}
