//! One logged-in connection and what it needs: the online worker's context. Its
//! sending methods are in `engine/send.rs`.

use super::spec::AccountSpec;
use crate::core::{AccountEvent, ErrorKind, MessageId, TernError, Text};
use crate::engine::actions;
use crate::engine::body::fetch_body;
use crate::imap::Connection;
use crate::store::Store;

/// One logged-in connection and what it needs; borrows the worker's store.
pub struct Session<'a> {
    pub spec: &'a AccountSpec,
    pub conn: Connection,
    pub store: &'a mut Store,
    pub emit: &'a (dyn Fn(AccountEvent) + Sync),
}

impl Session<'_> {
    /// Replays the queue and reports what happened.
    pub async fn replay(&mut self) -> Result<(), TernError> {
        let replayed = actions::replay(&mut self.conn, self.store, self.spec.id).await?;
        for c in replayed.conflicts {
            (self.emit)(AccountEvent::Conflict(c));
        }
        for folder in replayed.folders {
            (self.emit)(AccountEvent::MessagesChanged { folder });
        }
        (self.emit)(AccountEvent::PendingChanged {
            pending: replayed.pending,
        });
        Ok(())
    }

    /// Fetches a body unless it is cached already.
    pub(super) async fn fetch_body_once(&mut self, id: MessageId) -> Result<(), TernError> {
        if self.store.body(id)?.is_some() {
            return Ok(());
        }
        let loc = self.store.message_location(id)?.ok_or_else(|| {
            TernError::new(ErrorKind::NotFound, "The message is no longer in the cache.")
                .with_text(Text::new("err-message-gone"))
        })?;
        fetch_body(&mut self.conn, self.store, &loc).await.map(|_| ())
    }
}
