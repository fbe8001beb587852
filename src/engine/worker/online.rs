//! The worker's online state: a sync pass over the folders, then waiting on the IDLE
//! watcher's pushes, the poll timer and the keepalive. Commands are served between
//! folders, so opening a message or starring it never waits for a whole pass (a first
//! sync of a big mailbox takes seconds).

use std::collections::VecDeque;

use tokio::sync::mpsc;

use super::command::{Exit, Flow, Link, handle};
use super::idle::{AbortOnDrop, Push, idle_loop};
use super::push::store_arrivals;
use super::session::Session;
use crate::core::{AccountEvent, Command, FolderId, FolderRole};
use crate::engine::account_sync::{folders_for_pass, sync_one_folder};

/// The online state: a full pass, then serve commands, pushes and the poll timer.
pub(super) async fn run(
    mut session: Session<'_>,
    commands: &mut mpsc::Receiver<Command>,
    events_closed: &(dyn Fn() -> bool + Sync),
) -> Exit {
    if let Some(exit) = pass(&mut session, None, commands).await {
        return exit;
    }
    let spec = session.spec;
    let inbox = session
        .store
        .folders(spec.id)
        .ok()
        .and_then(|fs| fs.into_iter().find(|f| f.role == FolderRole::Inbox));
    let (push_tx, mut pushes) = mpsc::channel::<Push>(4);
    // Aborted on drop: if the UI drops this worker's future, the IDLE task goes too.
    // IDLE only where the server offers it (RFC 2177); elsewhere the poll timer and
    // the keepalive do the work.
    let can_idle = session.conn.has("IDLE");
    let _idle_task = inbox
        .as_ref()
        .filter(|_| can_idle)
        .map(|f| AbortOnDrop(tokio::spawn(idle_loop(spec.clone(), f.raw_name.clone(), push_tx))));
    let exit = serve(
        &mut session,
        commands,
        &mut pushes,
        inbox.map(|f| f.id),
        events_closed,
    )
    .await;
    if matches!(exit, Exit::Shutdown) {
        session.conn.logout().await;
    }
    exit
}

/// Replays queued actions, then syncs `only` or every folder. Commands that arrive
/// meanwhile are served between folders; `Some(exit)` ends the online state.
async fn pass(
    session: &mut Session<'_>,
    only: Option<FolderId>,
    commands: &mut mpsc::Receiver<Command>,
) -> Option<Exit> {
    // The server should see the user's changes before we read its state back.
    if let Err(e) = session.replay().await {
        return Some(Exit::Reconnect(e));
    }
    // Mail waiting in the outbox goes out first (after every reconnect, too).
    if let Err(e) = session.send_outbox().await {
        return Some(Exit::Reconnect(e));
    }
    let emit = session.emit;
    let mut sink = |e: AccountEvent| emit(e);
    let mut todo: VecDeque<_> =
        match folders_for_pass(&mut session.conn, session.store, session.spec.id, only, &mut sink).await {
            Ok(f) => f.into(),
            Err(e) => return Some(Exit::Reconnect(e)),
        };
    while let Some(folder) = todo.pop_front() {
        while let Ok(cmd) = commands.try_recv() {
            match handle(cmd, &mut Link::Online(session)).await {
                // Online, no command asks to connect.
                Flow::Done | Flow::Sync(None) | Flow::Connect => {}
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
            &mut session.conn,
            session.store,
            &folder,
            session.spec.tuning.sync,
            &mut sink,
        )
        .await
        {
            return Some(Exit::Reconnect(e));
        }
    }
    // New headers become searchable after the pass, not inside its transactions.
    if let Err(e) = session.store.index_all_pending() {
        emit(AccountEvent::Error(e));
    }
    if only.is_none() {
        emit(AccountEvent::SyncDone);
        emit(AccountEvent::Health(crate::core::AccountHealth {
            last_sync: session.store.last_successful_sync(session.spec.id).ok().flatten(),
            ..Default::default()
        }));
    }
    None
}

/// Serves commands, IDLE pushes and the poll timer until the state ends.
async fn serve(
    session: &mut Session<'_>,
    commands: &mut mpsc::Receiver<Command>,
    pushes: &mut mpsc::Receiver<Push>,
    inbox: Option<FolderId>,
    events_closed: &(dyn Fn() -> bool + Sync),
) -> Exit {
    let mut poll = tokio::time::interval(session.spec.tuning.poll_interval);
    poll.tick().await;
    let keepalive = session.spec.tuning.keepalive;
    loop {
        if events_closed() {
            return Exit::Shutdown;
        }
        let only = tokio::select! {
            cmd = commands.recv() => match cmd {
                None => return Exit::Shutdown,
                Some(cmd) => match handle(cmd, &mut Link::Online(session)).await {
                    Flow::Done | Flow::Connect => continue,
                    Flow::Sync(only) => only,
                    Flow::Exit(exit) => return exit,
                },
            },
            Some(push) = pushes.recv() => match push {
                Push::Changed => inbox,
                Push::Arrived(new) => {
                    let Some(folder) = inbox else { continue };
                    match store_arrivals(session, folder, new).await {
                        Ok(false) => continue,
                        Ok(true) => Some(folder),
                        // Only the cache can fail here; the full sync tries again.
                        Err(e) => {
                            (session.emit)(AccountEvent::Error(e));
                            Some(folder)
                        }
                    }
                }
                // The IDLE connection died: if ours is dead too, the server is gone.
                Push::Lost => match session.conn.noop().await {
                    Ok(()) => continue,
                    Err(e) => return Exit::Reconnect(e),
                },
            },
            _ = poll.tick() => None,
            // Nothing happened for a while: make sure the server is still there (a
            // closed connection shows only when we read from it).
            () = tokio::time::sleep(keepalive) => match session.conn.noop().await {
                Ok(()) => continue,
                Err(e) => return Exit::Reconnect(e),
            },
        };
        // A pass also replays actions queued by another process (the CLI).
        if let Some(exit) = pass(session, only, commands).await {
            return exit;
        }
    }
}
