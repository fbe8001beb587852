//! The worker's one command handler: what each `Command` does, in every state. Online
//! it may use the server (replay, fetch, send); offline it answers from the store and
//! asks to connect for what needs the server.

use super::session::Session;
use super::spec::AccountSpec;
use crate::core::{AccountEvent, Command, ErrorKind, FolderId, TernError};
use crate::engine::account_sync::is_connection_error;
use crate::engine::actions;
use crate::store::Store;

/// Why a connected state ends.
pub enum Exit {
    Shutdown,
    Reconnect(TernError),
}

/// What a command asks of the state it arrived in.
pub(super) enum Flow {
    /// Served; carry on.
    Done,
    /// Online: sync this folder first, or (None) every folder.
    Sync(Option<FolderId>),
    /// Offline: this needs the server, connect now.
    Connect,
    Exit(Exit),
}

/// What a command can use: the store always, the server only while online.
pub(super) enum Link<'l, 'a> {
    Offline {
        spec: &'a AccountSpec,
        store: &'l mut Store,
        emit: &'a (dyn Fn(AccountEvent) + Sync),
    },
    Online(&'l mut Session<'a>),
}

impl<'a> Link<'_, 'a> {
    fn spec(&self) -> &'a AccountSpec {
        match self {
            Link::Offline { spec, .. } => spec,
            Link::Online(s) => s.spec,
        }
    }

    fn emit(&self) -> &'a (dyn Fn(AccountEvent) + Sync) {
        match self {
            Link::Offline { emit, .. } => *emit,
            Link::Online(s) => s.emit,
        }
    }

    fn store(&mut self) -> &mut Store {
        match self {
            Link::Offline { store, .. } => store,
            Link::Online(s) => s.store,
        }
    }

    /// After a change to the queue: online, take it to the server at once.
    async fn replay(&mut self) -> Flow {
        match self {
            Link::Offline { .. } => Flow::Done,
            Link::Online(s) => flow(s.replay().await),
        }
    }
}

/// Serves one command.
pub(super) async fn handle(cmd: Command, link: &mut Link<'_, '_>) -> Flow {
    let emit = link.emit();
    let account = link.spec().id;
    match cmd {
        Command::Shutdown => Flow::Exit(Exit::Shutdown),
        Command::Act(action) => {
            match actions::enqueue(link.store(), account, &action) {
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
            link.replay().await
        }
        Command::Undo => {
            match actions::undo_last(link.store(), account) {
                Ok(u) => {
                    emit(AccountEvent::PendingChanged { pending: u.pending });
                    for folder in u.folders {
                        emit(AccountEvent::MessagesChanged { folder });
                    }
                }
                Err(e) => emit(AccountEvent::Error(e)),
            }
            link.replay().await
        }
        Command::FetchBody(id) => match link {
            // Bodies already cached are served; others get a plain "offline" answer at once.
            Link::Offline { store, .. } => {
                if matches!(store.body(id), Ok(Some(_))) {
                    emit(AccountEvent::BodyReady(id));
                } else {
                    emit(AccountEvent::BodyFailed(id, offline_error()));
                }
                Flow::Done
            }
            Link::Online(s) => match s.fetch_body_once(id).await {
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
        },
        // The rest needs the server: offline, each makes the worker try to connect now.
        Command::SyncNow => match link {
            Link::Online(_) => Flow::Sync(None),
            Link::Offline { .. } => Flow::Connect,
        },
        Command::OpenFolder(f) => match link {
            Link::Online(_) => Flow::Sync(Some(f)),
            Link::Offline { .. } => Flow::Connect,
        },
        Command::ChangeFolder(change) => match link {
            Link::Online(s) => {
                match crate::engine::change_folder(&mut s.conn, s.store, account, &change).await {
                    Ok(()) => emit(AccountEvent::FoldersChanged),
                    Err(e) if is_connection_error(&e) => return Flow::Exit(Exit::Reconnect(e)),
                    Err(e) => emit(AccountEvent::Error(e)),
                }
                Flow::Done
            }
            // Not queued: the user is told at once and can try again when online.
            Link::Offline { .. } => {
                emit(AccountEvent::Error(crate::engine::offline_folder_error()));
                Flow::Done
            }
        },
        // Not queued: a search is for now. Offline, the window shows local results only.
        Command::SearchServer(ask) => match link {
            Link::Online(s) => {
                let folders = match crate::engine::folders_to_search(s.store, account, ask.folder, &ask.query)
                {
                    Ok(f) => f,
                    Err(error) => {
                        emit(AccountEvent::SearchFailed { seq: ask.seq, error });
                        return Flow::Done;
                    }
                };
                let mut sink = |e: AccountEvent| emit(e);
                let sync = s.spec.tuning.sync;
                match crate::engine::search_on_server(
                    &mut s.conn,
                    s.store,
                    &folders,
                    &ask.query,
                    sync,
                    &mut sink,
                )
                .await
                {
                    Ok(ids) => {
                        emit(AccountEvent::SearchFound { seq: ask.seq, ids });
                        Flow::Done
                    }
                    Err(error) if is_connection_error(&error) => {
                        emit(AccountEvent::SearchFailed {
                            seq: ask.seq,
                            error: error.clone(),
                        });
                        Flow::Exit(Exit::Reconnect(error))
                    }
                    Err(error) => {
                        emit(AccountEvent::SearchFailed { seq: ask.seq, error });
                        Flow::Done
                    }
                }
            }
            Link::Offline { .. } => {
                emit(AccountEvent::SearchFailed {
                    seq: ask.seq,
                    error: crate::engine::offline_search_error(),
                });
                Flow::Done
            }
        },
        // Sending (issue "Write mail", engine/send.rs).
        Command::SendOutbox => match link {
            Link::Online(s) => flow(s.send_outbox().await),
            Link::Offline { .. } => Flow::Connect,
        },
        Command::SaveDraftOnServer(id) => match link {
            Link::Online(s) => flow(s.save_draft_on_server(id).await),
            Link::Offline { .. } => Flow::Connect,
        },
        Command::DiscardDraftOnServer(id) => match link {
            Link::Online(s) => flow(s.discard_draft_on_server(id).await),
            Link::Offline { .. } => Flow::Connect,
        },
    }
}

fn flow(r: Result<(), TernError>) -> Flow {
    match r {
        Ok(()) => Flow::Done,
        Err(e) => Flow::Exit(Exit::Reconnect(e)),
    }
}

fn offline_error() -> TernError {
    TernError::new(
        ErrorKind::Disconnected,
        "This message has not been downloaded yet and the server cannot be reached. It will open when the connection is back.",
    )
    .with_text(crate::core::Text::new("err-offline-body"))
}
