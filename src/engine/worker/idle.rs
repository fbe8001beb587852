//! The IDLE watcher: a second connection IDLEs on INBOX and pokes the online worker
//! when mail arrives, or when it lost its connection.

use std::time::Duration;

use tokio::sync::mpsc;

use super::spec::{AccountSpec, open_connection};
use crate::core::TernError;
use crate::engine::backoff::Backoff;
use crate::imap::{Arrivals, Connection, IdleOutcome};

/// Aborts the task on drop: if the UI drops the worker's future, the IDLE task goes too.
pub(super) struct AbortOnDrop(pub(super) tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What the IDLE connection tells the worker.
pub enum Push {
    /// Something changed in INBOX (or may have, after a reconnect): sync it.
    Changed,
    /// New mail, its headers already fetched on the IDLE connection (no SELECT, no
    /// resync of the rest of the folder: that cost grows with the folder).
    Arrived(NewInInbox),
    /// The IDLE connection was lost (EOF, BYE, error): the server may be gone, so the
    /// worker checks its own connection at once instead of showing "Online" for minutes.
    Lost,
}

/// The messages with UID >= `from` in INBOX as the IDLE connection saw them.
pub struct NewInInbox {
    pub uidvalidity: u32,
    pub from: u32,
    pub arrivals: Arrivals,
}

/// More new messages than this at once (a bulk move into INBOX) are left to the full
/// sync, which fetches them in bounded windows.
const PUSH_MAX: u32 = 1000;

/// Where the IDLE connection stands in INBOX.
struct Position {
    uidvalidity: u32,
    /// Every message below this UID has been reported to the worker.
    next_uid: u32,
    /// The last message count the server reported.
    exists: u32,
}

/// Keeps an IDLE connection on INBOX, reconnecting with backoff, and pokes the worker
/// on every change. Ends when the worker drops the receiver (the task is also aborted).
pub(super) async fn idle_loop(spec: AccountSpec, inbox: String, pokes: mpsc::Sender<Push>) {
    let mut backoff = Backoff::new(Duration::from_secs(1), spec.tuning.backoff_max);
    while !pokes.is_closed() {
        let Some((conn, mut at)) = connect(&spec, &inbox).await else {
            tokio::time::sleep(backoff.next_delay()).await;
            continue;
        };
        backoff.reset();
        // Mail may have arrived while we were connecting: let the worker check.
        let _ = pokes.try_send(Push::Changed);
        let mut conn = conn;
        loop {
            let outcome = match conn.idle(spec.tuning.idle_renew, pokes.closed()).await {
                Ok((c, outcome)) => {
                    conn = c;
                    outcome
                }
                Err(_) => break,
            };
            let push = match outcome {
                IdleOutcome::Arrived(n) => match arrived(&mut conn, &mut at, n).await {
                    Ok(push) => push,
                    Err(_) => break,
                },
                IdleOutcome::Changed => {
                    // The worker's full sync covers whatever else came with this change;
                    // left queued, it would make the next arrival look like a change too.
                    conn.drain_unsolicited();
                    Push::Changed
                }
                IdleOutcome::Renew => continue,
                IdleOutcome::Interrupted => {
                    conn.logout().await;
                    return;
                }
            };
            // Waits while the worker is busy (a long pass): a dropped push would leave
            // new mail unseen until the poll timer.
            if pokes.send(push).await.is_err() {
                return;
            }
        }
        let _ = pokes.try_send(Push::Lost);
        tokio::time::sleep(backoff.next_delay()).await;
    }
}

/// Logs in and selects INBOX; `None` on any failure (the caller backs off).
async fn connect(spec: &AccountSpec, inbox: &str) -> Option<(Connection, Position)> {
    let mut conn = open_connection(&spec.config, &spec.secrets, &spec.tuning.timeouts)
        .await
        .ok()?;
    let sel = conn.select(inbox).await.ok()?;
    let next_uid = match sel.uidnext {
        Some(n) => n,
        None => conn.last_uid(sel.exists).await.ok()?.saturating_add(1),
    };
    let at = Position {
        uidvalidity: sel.uidvalidity,
        next_uid,
        exists: sel.exists,
    };
    Some((conn, at))
}

/// IDLE said INBOX holds `exists` messages: fetch the new ones' headers here, or leave a
/// bulk arrival to the worker's full sync. An error means the connection is dead.
async fn arrived(conn: &mut Connection, at: &mut Position, exists: u32) -> Result<Push, TernError> {
    let from = at.next_uid;
    if exists > at.exists.saturating_add(PUSH_MAX) {
        let newest = conn.uids_from(from).await?.last().map(|(uid, _)| *uid);
        at.next_uid = newest.map_or(from, |u| u.saturating_add(1)).max(from);
        at.exists = exists;
        return Ok(Push::Changed);
    }
    let arrivals = conn.fetch_arrivals(from).await?;
    at.exists = arrivals.exists.unwrap_or(exists);
    at.next_uid = arrivals
        .batch
        .max_uid()
        .map_or(from, |u| u.saturating_add(1))
        .max(from);
    Ok(Push::Arrived(NewInInbox {
        uidvalidity: at.uidvalidity,
        from,
        arrivals,
    }))
}
