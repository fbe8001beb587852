//! The worker's online state: sync passes over the folders, with waiting commands
//! served between folders, so opening a message or starring it never waits for a
//! whole pass (a first sync of a big mailbox takes seconds).

use std::collections::VecDeque;

use tokio::sync::mpsc;

use super::account_sync::{folders_for_pass, is_connection_error, sync_one_folder};
use super::actions;
use super::body::fetch_body;
use super::worker::{AccountSpec, Push};
use crate::core::{AccountEvent, Command, ErrorKind, FolderId, MessageId, TernError};
use crate::imap::Connection;
use crate::store::Store;

/// Why the online state ends.
pub enum Exit {
    Shutdown,
    Reconnect(TernError),
}

/// What a command asks of the pass loop.
enum Flow {
    Done,
    Sync(Option<FolderId>),
    Exit(Exit),
}

/// One logged-in connection and what it needs; borrows the worker's store.
pub struct Online<'a> {
    pub spec: &'a AccountSpec,
    pub conn: Connection,
    pub store: &'a mut Store,
    pub emit: &'a (dyn Fn(AccountEvent) + Sync),
}

impl Online<'_> {
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

    /// Replays queued actions, then syncs `only` or every folder. Commands that arrive
    /// meanwhile are served between folders; `Some(exit)` ends the online state.
    pub async fn pass(
        &mut self,
        only: Option<FolderId>,
        commands: &mut mpsc::Receiver<Command>,
    ) -> Option<Exit> {
        // The server should see the user's changes before we read its state back.
        if let Err(e) = self.replay().await {
            return Some(Exit::Reconnect(e));
        }
        // Mail waiting in the outbox goes out first (after every reconnect, too).
        if let Err(e) = self.send_outbox().await {
            return Some(Exit::Reconnect(e));
        }
        let emit = self.emit;
        let mut sink = |e: AccountEvent| emit(e);
        let mut todo: VecDeque<_> =
            match folders_for_pass(&mut self.conn, self.store, self.spec.id, only, &mut sink).await {
                Ok(f) => f.into(),
                Err(e) => return Some(Exit::Reconnect(e)),
            };
        while let Some(folder) = todo.pop_front() {
            while let Ok(cmd) = commands.try_recv() {
                match self.handle(cmd).await {
                    Flow::Done | Flow::Sync(None) => {}
                    // The folder the user is looking at goes next.
                    Flow::Sync(Some(id)) => {
                        if let Some(f) = todo.iter().position(|f| f.id == id).and_then(|i| todo.remove(i)) {
                            todo.push_front(f);
                        }
                    }
                    Flow::Exit(exit) => return Some(exit),
                }
            }
            let mut sink = |e: AccountEvent| emit(e);
            if let Err(e) = sync_one_folder(
                &mut self.conn,
                self.store,
                &folder,
                self.spec.tuning.sync,
                &mut sink,
            )
            .await
            {
                return Some(Exit::Reconnect(e));
            }
        }
        // New headers become searchable after the pass, not inside its transactions.
        if let Err(e) = self.store.index_all_pending() {
            emit(AccountEvent::Error(e));
        }
        if only.is_none() {
            emit(AccountEvent::SyncDone);
        }
        None
    }

    /// Serves one command; returns whether (and what) to sync next.
    async fn handle(&mut self, cmd: Command) -> Flow {
        let emit = self.emit;
        match cmd {
            Command::Shutdown => Flow::Exit(Exit::Shutdown),
            Command::SyncNow => Flow::Sync(None),
            Command::OpenFolder(f) => Flow::Sync(Some(f)),
            Command::Act(action) => {
                match actions::enqueue(self.store, self.spec.id, &action) {
                    Ok(q) => {
                        emit(AccountEvent::ActionQueued { pending: q.pending });
                        for folder in q.folders {
                            emit(AccountEvent::MessagesChanged { folder });
                        }
                    }
                    Err(e) => {
                        emit(AccountEvent::Error(e));
                        return Flow::Done;
                    }
                }
                self.replay_or_exit().await
            }
            Command::Undo => {
                match actions::undo_last(self.store, self.spec.id) {
                    Ok(u) => {
                        emit(AccountEvent::PendingChanged { pending: u.pending });
                        for folder in u.folders {
                            emit(AccountEvent::MessagesChanged { folder });
                        }
                    }
                    Err(e) => emit(AccountEvent::Error(e)),
                }
                self.replay_or_exit().await
            }
            // Sending (issue "Write mail", engine/send.rs).
            Command::SendOutbox => Self::flow(self.send_outbox().await),
            Command::SaveDraftOnServer(id) => Self::flow(self.save_draft_on_server(id).await),
            Command::DiscardDraftOnServer(id) => Self::flow(self.discard_draft_on_server(id).await),
            Command::FetchBody(id) => match self.fetch_body_once(id).await {
                Ok(()) => {
                    emit(AccountEvent::BodyReady(id));
                    Flow::Done
                }
                Err(e) if is_connection_error(&e) && e.is_transient() => {
                    emit(AccountEvent::BodyFailed(id, e.clone()));
                    Flow::Exit(Exit::Reconnect(e))
                }
                Err(e) => {
                    emit(AccountEvent::BodyFailed(id, e));
                    Flow::Done
                }
            },
        }
    }

    fn flow(r: Result<(), TernError>) -> Flow {
        match r {
            Ok(()) => Flow::Done,
            Err(e) => Flow::Exit(Exit::Reconnect(e)),
        }
    }

    async fn replay_or_exit(&mut self) -> Flow {
        match self.replay().await {
            Ok(()) => Flow::Done,
            Err(e) => Flow::Exit(Exit::Reconnect(e)),
        }
    }

    /// Fetches a body unless it is cached already.
    async fn fetch_body_once(&mut self, id: MessageId) -> Result<(), TernError> {
        if self.store.body(id)?.is_some() {
            return Ok(());
        }
        let loc = self
            .store
            .message_location(id)?
            .ok_or_else(|| TernError::new(ErrorKind::NotFound, "The message is no longer in the cache."))?;
        fetch_body(&mut self.conn, self.store, &loc).await.map(|_| ())
    }

    /// Serves commands, IDLE pushes and the poll timer until the state ends.
    pub async fn serve(
        &mut self,
        commands: &mut mpsc::Receiver<Command>,
        pushes: &mut mpsc::Receiver<Push>,
        inbox: Option<FolderId>,
        events_closed: &(dyn Fn() -> bool + Sync),
    ) -> Exit {
        let mut poll = tokio::time::interval(self.spec.tuning.poll_interval);
        poll.tick().await;
        let keepalive = self.spec.tuning.keepalive;
        loop {
            if events_closed() {
                return Exit::Shutdown;
            }
            let only = tokio::select! {
                cmd = commands.recv() => match cmd {
                    None => return Exit::Shutdown,
                    Some(cmd) => match self.handle(cmd).await {
                        Flow::Done => continue,
                        Flow::Sync(only) => only,
                        Flow::Exit(exit) => return exit,
                    },
                },
                Some(push) = pushes.recv() => match push {
                    Push::Changed => inbox,
                    // The IDLE connection died: if ours is dead too, the server is gone.
                    Push::Lost => match self.conn.noop().await {
                        Ok(()) => continue,
                        Err(e) => return Exit::Reconnect(e),
                    },
                },
                _ = poll.tick() => None,
                // Nothing happened for a while: make sure the server is still there (a
                // closed connection shows only when we read from it).
                () = tokio::time::sleep(keepalive) => match self.conn.noop().await {
                    Ok(()) => continue,
                    Err(e) => return Exit::Reconnect(e),
                },
            };
            // A pass also replays actions queued by another process (the CLI).
            if let Some(exit) = self.pass(only, commands).await {
                return exit;
            }
        }
    }
}
