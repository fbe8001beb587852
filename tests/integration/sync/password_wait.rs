//! Getting a password never blocks the runtime (issue 16, item 4): a `password_command`
//! that waits (a `pass` prompt nobody answers) runs as an async child process with a time
//! limit, so other accounts keep syncing, and at the limit it is stopped with a plain error.

use std::time::Duration;

use tern::config::{KeyringStore, Security};
use tern::core::{AccountEvent, ErrorKind};
use tern::engine::{Tuning, open_connection};
use tern::imap::Timeouts;

use super::running::Running;
use super::{Cache, account};
use crate::support::dovecot::Dovecot;
use crate::support::seed;

/// A first sync of 30 messages takes about a second here; 60 s is the liveness limit
/// (>= 10x), not a speed goal.
const LIVENESS_LIMIT: Duration = Duration::from_secs(60);

// One runtime thread on purpose: a password command run synchronously would hold it for
// its whole 600 s and no other account could make progress.
#[tokio::test(flavor = "current_thread")]
async fn a_password_command_that_waits_does_not_stall_another_accounts_sync_liveness() {
    let server = Dovecot::shared();
    let waiting_user = server.user("pwwait");
    let busy_user = server.user("pwbusy");
    server.seed(&busy_user, "INBOX", seed::messages(30, 0, 10));

    let mut waiting = account(server, &waiting_user, Security::Tls);
    waiting.imap.password_command = Some("sleep 600".into());
    let waiting_cache = Cache::new(&waiting);
    let stuck = Running::start(waiting, &waiting_cache, 1, Tuning::default()).await;

    let busy = account(server, &busy_user, Security::Tls);
    let busy_cache = Cache::new(&busy);
    let mut healthy = Running::start(busy, &busy_cache, 1, Tuning::default()).await;
    let done = healthy
        .until(LIVENESS_LIMIT, |e| matches!(e, AccountEvent::SyncDone))
        .await;
    assert!(
        done.is_some(),
        "the other account did not finish its sync while a password command waited"
    );
    healthy.stop().await;
    stuck.abort();
}

#[tokio::test(flavor = "current_thread")]
async fn a_password_command_past_its_time_limit_is_stopped_with_a_plain_error() {
    let server = Dovecot::shared();
    let user = server.user("pwlimit");
    let mut acct = account(server, &user, Security::Tls);
    let marker = tempfile::tempdir().expect("tempdir");
    let pid_file = marker.path().join("pid");
    // Writes its pid, then waits like an unanswered passphrase prompt.
    acct.imap.password_command = Some(format!(
        "sh -c 'echo $$ > {}; exec sleep 600'",
        pid_file.display()
    ));
    let timeouts = Timeouts {
        secret: Duration::from_secs(1),
        ..Timeouts::default()
    };
    let err = tokio::time::timeout(LIVENESS_LIMIT, open_connection(&acct, &KeyringStore, &timeouts))
        .await
        .expect("the time limit ends the wait")
        .expect_err("no password");
    assert_eq!(err.kind, ErrorKind::Secret);
    assert!(
        err.message.contains("did not finish within 1 seconds"),
        "{}",
        err.message
    );
    assert!(err.message.contains("password_command"), "{}", err.message);
    // The command was stopped, not left waiting.
    let pid = std::fs::read_to_string(&pid_file).expect("the command started");
    let proc_dir = std::path::Path::new("/proc").join(pid.trim());
    let mut gone = false;
    for _ in 0..100 {
        let state = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
        // Gone, or a zombie waiting to be reaped.
        if state.is_empty() || state.split(' ').nth(2) == Some("Z") {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "the password command is still running");
}
