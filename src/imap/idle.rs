//! IDLE (RFC 2177) on a connection of its own: wait for the server to say something
//! changed, renew well before the 29-minute limit, stop at once when interrupted.

use std::future::Future;
use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use async_imap::types::UnsolicitedResponse;
use imap_proto::{MailboxDatum, Response};

use super::connect::Connection;
use super::headers::{HeaderBatch, RawHeader};
use crate::core::{ErrorKind, TernError};

/// Why an IDLE wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleOutcome {
    /// The server reported new messages: the folder now holds this many (EXISTS).
    Arrived(u32),
    /// The server reported changed or expunged messages.
    Changed,
    /// The renew interval passed with nothing new.
    Renew,
    /// The caller's interrupt fired.
    Interrupted,
}

/// `* BYE`: the server is about to close the connection (shutting down, or tired of us).
fn is_bye(r: &Response<'_>) -> bool {
    matches!(
        r,
        Response::Data {
            status: imap_proto::Status::Bye,
            ..
        }
    )
}

fn is_change(r: &Response<'_>) -> bool {
    matches!(
        r,
        Response::MailboxData(MailboxDatum::Recent(_))
            | Response::Expunge(_)
            | Response::Vanished { .. }
            | Response::Fetch(..)
    )
}

impl Connection {
    /// IDLEs in the selected folder until a change, `renew`, or `interrupt`. Keepalives
    /// such as Dovecot's "* OK Still here" do not end the wait. Returns the connection
    /// for reuse; any error means the connection is dead (reconnect).
    pub async fn idle(
        self,
        renew: Duration,
        interrupt: impl Future<Output = ()>,
    ) -> Result<(Connection, IdleOutcome), TernError> {
        let (session, rest) = self.into_parts();
        let timeout = rest.command_timeout();
        let dead = |what: &str| {
            TernError::new(
                ErrorKind::Disconnected,
                format!("The connection for new-mail notifications was lost ({what}). Tern will reconnect."),
            )
            .with_text(crate::core::Text::new("err-push-lost"))
        };
        let mut handle = session.idle();
        tokio::time::timeout(timeout, handle.init())
            .await
            .map_err(|_| dead("no answer to IDLE"))?
            .map_err(|e| dead(&e.to_string()))?;
        tokio::pin!(interrupt);
        let deadline = tokio::time::Instant::now() + renew;
        let outcome = loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                break IdleOutcome::Renew;
            }
            let (wait, stop) = handle.wait_with_timeout(left);
            tokio::pin!(wait);
            let got = tokio::select! {
                r = &mut wait => Some(r),
                () = &mut interrupt => None,
            };
            let r = match got {
                Some(r) => r,
                None => {
                    drop(stop);
                    let _ = wait.await;
                    break IdleOutcome::Interrupted;
                }
            };
            match r.map_err(|e| dead(&e.to_string()))? {
                IdleResponse::NewData(data) if is_bye(data.parsed()) => {
                    return Err(dead("the server said goodbye"));
                }
                IdleResponse::NewData(data) => match data.parsed() {
                    Response::MailboxData(MailboxDatum::Exists(n)) => {
                        break IdleOutcome::Arrived(*n);
                    }
                    r if is_change(r) => break IdleOutcome::Changed,
                    _ => continue,
                },
                IdleResponse::Timeout => break IdleOutcome::Renew,
                // async-imap reports the end of the stream (the server closed the
                // connection) as a manual interrupt; ours was handled above, so this one
                // is a lost connection, not a reason to stop listening for mail.
                IdleResponse::ManualInterrupt => return Err(dead("the server closed the connection")),
            }
        };
        let session = tokio::time::timeout(timeout, handle.done())
            .await
            .map_err(|_| dead("no answer to DONE"))?
            .map_err(|e| dead(&e.to_string()))?;
        Ok((Connection::from_parts(session, rest), outcome))
    }

    /// After IDLE reported new mail: the headers of every message with UID >= `from`, in
    /// one round trip on this (the IDLE) connection. Also tells whether anything besides
    /// arrivals happened meanwhile (flag changes, expunges, or responses async-imap had
    /// to drop), which the caller leaves to a full sync of the folder.
    pub async fn fetch_arrivals(&mut self, from: u32) -> Result<Arrivals, TernError> {
        let items = self.header_items();
        let mut other_changes = false;
        let raw = self
            .fetch_map(true, &format!("{from}:*"), items, |f| {
                let has_headers = f.header().is_some();
                match f.uid {
                    Some(uid) if uid >= from && has_headers => RawHeader::from_fetch(f),
                    // "n:*" also returns the last message when none is >= n (RFC 9051
                    // §6.4.8); that one comes with its headers. A response without them
                    // is another client's flag change (unsolicited, even on a new one).
                    _ => {
                        other_changes |= !has_headers;
                        None
                    }
                }
            })
            .await?;
        let lost = self.unsolicited_full();
        let mut exists = None;
        for r in self.drain_unsolicited() {
            match r {
                UnsolicitedResponse::Exists(n) => exists = Some(n),
                UnsolicitedResponse::Recent(_) | UnsolicitedResponse::Status { .. } => {}
                UnsolicitedResponse::Expunge(_) => other_changes = true,
                UnsolicitedResponse::Other(data) => other_changes |= is_change(data.parsed()),
            }
        }
        Ok(Arrivals {
            batch: HeaderBatch::new(raw, Some((from, u32::MAX))),
            other_changes: other_changes || lost,
            exists,
        })
    }
}

/// New messages fetched on the IDLE connection (see `Connection::fetch_arrivals`).
pub struct Arrivals {
    /// Headers of the messages with UID >= the `from` asked for.
    pub batch: HeaderBatch,
    /// Flags changed or messages went away too: the folder needs a full sync.
    pub other_changes: bool,
    /// The latest message count the server reported meanwhile, if it did.
    pub exists: Option<u32>,
}
