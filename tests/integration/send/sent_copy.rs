//! The Sent copy switches (save_sent, servers that file sent mail themselves) and the
//! crash rule for rows left in `sending` (see src/engine/send.rs).

use tern::config::Security;
use tern::core::{Draft, OutboxState};
use tern::engine::outbox::{entries, queue, send_again};

use super::flows::run_outbox;
use super::{address, folder_files, sending_account, wait_for_messages};
use crate::support::dovecot::{Dovecot, Options};
use crate::sync::Cache;

fn note(to: &str, subject: &str) -> Draft {
    Draft {
        to: vec![to.to_string()],
        subject: subject.into(),
        body: "text\n".into(),
        ..Draft::default()
    }
}

#[tokio::test]
async fn save_sent_false_files_no_copy() {
    let server = Dovecot::shared();
    let me = server.user("nosave-me");
    let rcpt = server.user("nosave-rcpt");
    let mut account = sending_account(server, &me, Security::Tls);
    if let Some(s) = account.smtp.as_mut() {
        s.save_sent = false;
    }
    let mut cache = Cache::new(&account);
    let id = queue(&cache.path(), &account, &note(&address(&rcpt), "no copy")).expect("queue");
    run_outbox(&account, &mut cache).await;
    assert_eq!(wait_for_messages(server, &rcpt, "INBOX", 1).len(), 1);
    assert!(folder_files(server, &me, "Sent").is_empty());
    let row = cache.store.outbox_row(id).expect("row").expect("exists");
    assert_eq!(row.entry.state, OutboxState::Filed);
}

#[tokio::test]
async fn a_server_that_files_sent_mail_itself_gets_no_second_copy() {
    let caps = format!("{} X-GM-EXT-1", crate::manage::DOVECOT_CAPS);
    let server = Dovecot::start(Options {
        capability: Some(caps),
        ..Options::default()
    });
    let me = server.user("gm-me");
    let rcpt = server.user("gm-rcpt");
    let account = sending_account(&server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    queue(&cache.path(), &account, &note(&address(&rcpt), "gmail-like")).expect("queue");
    run_outbox(&account, &mut cache).await;
    assert_eq!(wait_for_messages(&server, &rcpt, "INBOX", 1).len(), 1);
    assert!(
        folder_files(&server, &me, "Sent").is_empty(),
        "Tern filed a copy the server files itself"
    );
}

#[tokio::test]
async fn a_row_left_in_sending_is_filed_when_sent_holds_it_else_held_until_the_user_says() {
    let server = Dovecot::shared();
    let me = server.user("crash-me");
    let rcpt = server.user("crash-rcpt");
    let account = sending_account(server, &me, Security::Tls);
    let mut cache = Cache::new(&account);
    // Two rows "interrupted while sending": one whose copy the server filed, one not.
    let filed = queue(&cache.path(), &account, &note(&address(&rcpt), "went out")).expect("queue");
    let unsure = queue(&cache.path(), &account, &note(&address(&rcpt), "unsure")).expect("queue");
    for id in [filed, unsure] {
        cache
            .store
            .outbox_set_state(id, OutboxState::Sending)
            .expect("state");
    }
    let copy = cache.store.outbox_row(filed).expect("row").expect("exists").bytes;
    server.deliver(&me, "Sent", &copy);
    run_outbox(&account, &mut cache).await;
    let state = |id| cache.store.outbox_row(id).expect("row").expect("exists").entry;
    assert_eq!(state(filed).state, OutboxState::Filed);
    let held = state(unsure);
    assert_eq!(held.state, OutboxState::Held);
    assert!(
        held.error.contains("cannot tell whether it went out"),
        "{}",
        held.error
    );
    // Nothing was sent again on its own.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(folder_files(server, &rcpt, "INBOX").is_empty());
    // The user checked: send it again. It goes out once.
    assert!(send_again(&cache.path(), unsure).expect("send again"));
    run_outbox(&account, &mut cache).await;
    assert_eq!(wait_for_messages(server, &rcpt, "INBOX", 1).len(), 1);
    let listed = entries(&cache.path()).expect("entries");
    assert!(listed.iter().all(|e| e.state == OutboxState::Filed), "{listed:?}");
    assert_eq!(folder_files(server, &me, "Sent").len(), 2);
}
