//! Commands reach the worker or the user hears why (issue 16, item 7): a full worker
//! queue is retried, a worker that is gone is restarted and gets the command, and a
//! failure to forget a removed account's password is shown, not swallowed.

use std::sync::Arc;

use tern::config::SecretStore;
use tern::core::{AccountEvent, Command, ErrorKind, Handle, MessageId, Stamped, TernError};
use tern::ui::Message;
use tern::ui::screen::{mailbox, settings};
use tokio::sync::mpsc;

use super::Harness;
use super::screens::account;

/// A keychain that has the password but cannot delete it (a locked keychain).
struct CannotDelete;

impl SecretStore for CannotDelete {
    fn get(&self, _: &str) -> Result<Option<String>, TernError> {
        Ok(Some("pw".into()))
    }
    fn set(&self, _: &str, _: &str) -> Result<(), TernError> {
        Ok(())
    }
    fn delete(&self, _: &str) -> Result<(), TernError> {
        Err(TernError::new(ErrorKind::Secret, "The keychain is locked."))
    }
}

#[test]
fn a_failure_to_forget_a_removed_accounts_password_is_shown() {
    let mut h = Harness::with_accounts_and_keychain(&[account("a"), account("b")], Arc::new(CannotDelete));
    h.send(Message::Mailbox(mailbox::Message::OpenSettings));
    h.send(Message::Settings(settings::Message::AskRemove("a".into())));
    h.send(Message::Settings(settings::Message::ConfirmRemove));
    assert_eq!(h.app.accounts.len(), 1, "the account itself is removed");
    let notice = h.app.notice.clone().expect("the failure is shown");
    assert!(notice.contains("The keychain is locked."), "{notice}");
    assert!(notice.contains("by hand"), "says what to do: {notice}");
}

/// Points account 0 at a worker whose command queue is `tx`.
fn attach(h: &mut Harness, tx: mpsc::Sender<Command>) {
    let (id, generation) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    h.send(Message::Worker(Stamped {
        account: id,
        generation,
        event: AccountEvent::Ready(Handle::new(tx)),
    }));
}

#[test]
fn a_command_for_a_busy_worker_is_retried_until_it_is_taken() {
    let mut h = Harness::with_accounts(&[account("a")]);
    let (tx, mut rx) = mpsc::channel(1);
    attach(&mut h, tx.clone());
    // The worker's queue is full.
    assert!(tx.try_send(Command::SyncNow).is_ok());
    let id = h.app.accounts[0].id;
    let retry = h.app.send(id, Command::FetchBody(MessageId(7)));
    // The worker takes its next command; the waiting one follows on the retry.
    assert_eq!(rx.try_recv().ok(), Some(Command::SyncNow));
    h.run(retry);
    assert_eq!(rx.try_recv().ok(), Some(Command::FetchBody(MessageId(7))));
}

#[test]
fn a_command_for_a_worker_that_is_gone_restarts_it_and_reaches_the_new_one() {
    let mut h = Harness::with_accounts(&[account("a")]);
    let (tx, rx) = mpsc::channel(8);
    attach(&mut h, tx);
    drop(rx); // The worker ended.
    let (id, before) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    let task = h.app.send(id, Command::FetchBody(MessageId(9)));
    h.run(task);
    let after = h.app.accounts[0].generation;
    assert_ne!(after, before, "a new worker is started");
    assert!(h.app.accounts[0].handle.is_none());
    // The new worker's Ready delivers the command.
    let (tx, mut rx) = mpsc::channel(8);
    attach(&mut h, tx);
    let got: Vec<Command> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
    assert!(got.contains(&Command::FetchBody(MessageId(9))), "{got:?}");
}
