//! The IDLE watcher: a second connection IDLEs on INBOX and pokes the online worker
//! when mail arrives, or when it lost its connection.

use std::time::Duration;

use tokio::sync::mpsc;

use super::spec::{AccountSpec, open_connection};
use crate::engine::backoff::Backoff;
use crate::imap::IdleOutcome;

/// Aborts the task on drop: if the UI drops the worker's future, the IDLE task goes too.
pub(super) struct AbortOnDrop(pub(super) tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What the IDLE connection tells the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Push {
    /// Something changed in INBOX (or may have, after a reconnect).
    Changed,
    /// The IDLE connection was lost (EOF, BYE, error): the server may be gone, so the
    /// worker checks its own connection at once instead of showing "Online" for minutes.
    Lost,
}

/// Keeps an IDLE connection on INBOX, reconnecting with backoff, and pokes the worker
/// on every change. Ends when the worker drops the receiver (the task is also aborted).
pub(super) async fn idle_loop(spec: AccountSpec, inbox: String, pokes: mpsc::Sender<Push>) {
    let mut backoff = Backoff::new(Duration::from_secs(1), spec.tuning.backoff_max);
    while !pokes.is_closed() {
        let conn = match open_connection(&spec.config, &spec.secrets, &spec.tuning.timeouts).await {
            Ok(mut c) => match c.select(&inbox).await {
                Ok(_) => c,
                Err(_) => {
                    tokio::time::sleep(backoff.next_delay()).await;
                    continue;
                }
            },
            Err(_) => {
                tokio::time::sleep(backoff.next_delay()).await;
                continue;
            }
        };
        backoff.reset();
        // Mail may have arrived while we were connecting: let the worker check.
        let _ = pokes.try_send(Push::Changed);
        let mut conn = conn;
        loop {
            match conn.idle(spec.tuning.idle_renew, pokes.closed()).await {
                Ok((c, IdleOutcome::Changed)) => {
                    let _ = pokes.try_send(Push::Changed);
                    conn = c;
                }
                Ok((c, IdleOutcome::Renew)) => conn = c,
                Ok((c, IdleOutcome::Interrupted)) => {
                    c.logout().await;
                    return;
                }
                Err(_) => {
                    let _ = pokes.try_send(Push::Lost);
                    break;
                }
            }
        }
        tokio::time::sleep(backoff.next_delay()).await;
    }
}
