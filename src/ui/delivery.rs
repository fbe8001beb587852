//! Getting commands to account workers. A command the worker cannot take is never left
//! waiting silently: while the worker starts it waits for its Ready; when the worker's
//! queue is full it is retried shortly; when the worker is gone (its channel closed) the
//! worker is restarted and the command goes to the new one once it is ready.

use std::time::Duration;

use iced::Task;

use super::app::{App, Message};
use crate::core::{AccountId, Command};

/// How long to wait before offering commands again to a worker whose queue was full.
const RETRY_AFTER: Duration = Duration::from_millis(200);

impl App {
    /// Sends a command to an account's worker, or keeps it until the worker can take it.
    pub fn send(&mut self, account: AccountId, command: Command) -> Task<Message> {
        let Some(a) = self.accounts.iter_mut().find(|a| a.id == account) else {
            return Task::none();
        };
        if !a.queued.contains(&command) {
            a.queued.push(command);
        }
        self.flush_queued(account)
    }

    /// Offers the account's waiting commands to its worker, in order.
    pub(super) fn flush_queued(&mut self, account: AccountId) -> Task<Message> {
        let Some(index) = self.accounts.iter().position(|a| a.id == account) else {
            return Task::none();
        };
        let Some(handle) = self.accounts[index].handle.clone() else {
            // The worker is starting: its Ready flushes the queue.
            return Task::none();
        };
        let a = &mut self.accounts[index];
        while let Some(command) = a.queued.first() {
            if !handle.send(command.clone()) {
                break;
            }
            a.queued.remove(0);
        }
        if a.queued.is_empty() {
            return Task::none();
        }
        if handle.is_closed() {
            // The worker ended: start a new one; the commands wait for its Ready.
            tracing::warn!(account = account.0, "worker gone, restarting it");
            let generation = self.generation();
            let a = &mut self.accounts[index];
            a.handle = None;
            a.generation = generation;
            self.mailbox.restarted(account);
            return Task::none();
        }
        // The worker's queue is full: it is busy, offer the rest again shortly.
        // (The timer is made when the task runs, on the runtime, not here in `update`.)
        Task::future(async { tokio::time::sleep(RETRY_AFTER).await })
            .map(move |()| Message::RetryQueued(account))
    }
}
