//! IDLE (RFC 2177) on a connection of its own: wait for the server to say something
//! changed, renew well before the 29-minute limit, stop at once when interrupted.

use std::future::Future;
use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use imap_proto::{MailboxDatum, Response};

use super::connect::Connection;
use crate::core::{ErrorKind, TernError};

/// Why an IDLE wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleOutcome {
    /// The server reported new, changed or expunged messages.
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
        Response::MailboxData(MailboxDatum::Exists(_) | MailboxDatum::Recent(_))
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
                IdleResponse::NewData(data) if is_change(data.parsed()) => break IdleOutcome::Changed,
                IdleResponse::NewData(_) => continue,
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
}
