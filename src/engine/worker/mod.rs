//! The account worker (an actor): one per account, owning its connections and its
//! writer to the store. Its states are one enum, `State`: Connecting -> Online (a sync
//! pass, then idle: waiting for commands, IDLE pushes and the poll timer) -> Offline
//! (backoff) -> Connecting ... Every command goes through one handler (`command.rs`)
//! whatever the state. A second connection IDLEs on INBOX and pokes the worker when
//! mail arrives (`idle.rs`).
//!
//! Parts, each depending only on those before it: `spec` (what a worker is given, how
//! it logs in), `session` (a logged-in connection and the store), `command` (the
//! handler), `idle` (the IDLE watcher, which also fetches new mail's headers), `push`
//! (storing those without a pass), `online` (the online state's loops), and here
//! the state machine.

mod command;
mod idle;
mod online;
mod push;
mod session;
mod spec;

use std::time::Duration;

use futures::channel::mpsc::UnboundedSender;
use tokio::sync::mpsc;

use super::backoff::Backoff;
use crate::core::{AccountEvent, AccountHealth, Command, Connectivity, ErrorKind, Handle, Stamped};
use crate::imap::Connection;
use crate::store::Store;
use command::{Exit, Flow, Link, handle};
pub use session::Session;
pub use spec::{AccountSpec, Tuning, open_connection};

/// Where the worker is.
enum State {
    /// Logging in (at start, after the backoff, or at once on a command while offline).
    Connecting,
    /// Logged in: a sync pass, then idle until a command, a push or the timer asks for
    /// the next pass; ends on shutdown or a lost connection.
    Online(Box<Connection>),
    /// No connection: waiting `wait` (`Duration::MAX`: for the user, after a refused
    /// password), serving what the store can answer.
    Offline { wait: Duration },
}

/// Runs the worker until `Shutdown` or until nobody listens to `events` any more.
pub async fn run_worker(mut spec: AccountSpec, events: UnboundedSender<Stamped>) {
    let (cmd_tx, mut commands) = mpsc::channel::<Command>(64);
    // The worker keeps a sender itself, so dropping every Handle does not stop it: it
    // stops on Shutdown, or when nobody listens to its events any more.
    let _keep_open = cmd_tx.clone();
    let (account, generation) = (spec.id, spec.generation);
    let emit = |event: AccountEvent| {
        let _ = events.unbounded_send(Stamped {
            account,
            generation,
            event,
        });
    };
    emit(AccountEvent::Ready(Handle::new(cmd_tx)));
    let mut store = match Store::open(&spec.db_path) {
        Ok(s) => s,
        Err(e) => return emit(AccountEvent::Error(e)),
    };
    // Certificates the user trusted for this account: then only those are accepted.
    if let Err(e) = store.load_pins(&mut spec.config) {
        emit(AccountEvent::Error(e));
    }
    emit(AccountEvent::Health(AccountHealth {
        last_sync: store.last_successful_sync(spec.id).ok().flatten(),
        ..AccountHealth::default()
    }));
    // "n messages waiting to be sent" from the start, even while offline.
    if let Ok(waiting @ 1..) = store.outbox_waiting(&spec.config.name) {
        emit(AccountEvent::OutboxChanged { waiting });
    }
    let mut backoff = Backoff::new(Duration::from_secs(1), spec.tuning.backoff_max);
    let mut state = State::Connecting;
    loop {
        state = match state {
            State::Connecting => {
                if events.is_closed() {
                    return;
                }
                emit(AccountEvent::Connectivity(Connectivity::Connecting));
                match open_connection(&spec.config, &spec.secrets, &spec.tuning.timeouts).await {
                    Ok(mut conn) => {
                        backoff.reset();
                        emit(AccountEvent::Connectivity(Connectivity::Online));
                        emit(AccountEvent::Health(health_of(&mut conn).await));
                        State::Online(Box::new(conn))
                    }
                    Err(e) if matches!(e.kind, ErrorKind::Auth | ErrorKind::Secret) => {
                        // Retrying a refused password only locks the account: wait for the user.
                        emit(AccountEvent::Connectivity(Connectivity::Offline));
                        emit(AccountEvent::AuthRequired(e));
                        State::Offline { wait: Duration::MAX }
                    }
                    Err(e) if e.certificate.is_some() => {
                        // The same certificate will be refused again: wait until the user
                        // trusts it (a new worker then loads the pin) or asks to retry.
                        emit(AccountEvent::Connectivity(Connectivity::Offline));
                        emit(AccountEvent::Error(e));
                        State::Offline { wait: Duration::MAX }
                    }
                    Err(e) => {
                        emit(AccountEvent::Connectivity(Connectivity::Offline));
                        emit(AccountEvent::Error(e));
                        State::Offline {
                            wait: backoff.next_delay(),
                        }
                    }
                }
            }
            State::Online(conn) => {
                let session = Session {
                    spec: &spec,
                    conn: *conn,
                    store: &mut store,
                    emit: &emit,
                };
                match online::run(session, &mut commands, &|| events.is_closed()).await {
                    Exit::Shutdown => return,
                    Exit::Reconnect(e) => {
                        emit(AccountEvent::Error(e));
                        State::Offline {
                            wait: backoff.next_delay(),
                        }
                    }
                }
            }
            State::Offline { wait } => {
                emit(AccountEvent::Connectivity(Connectivity::Offline));
                // Wait for the backoff, or a command that needs the server (SyncNow
                // retries at once).
                let deadline = tokio::time::Instant::now() + wait.min(Duration::from_secs(86_400));
                let mut link = Link::Offline {
                    spec: &spec,
                    store: &mut store,
                    emit: &emit,
                };
                loop {
                    tokio::select! {
                        () = tokio::time::sleep_until(deadline) => break,
                        cmd = commands.recv() => match cmd {
                            None => return,
                            Some(cmd) => match handle(cmd, &mut link).await {
                                Flow::Exit(_) => return,
                                Flow::Connect | Flow::Sync(_) => {
                                    backoff.reset();
                                    break;
                                }
                                Flow::Done => {}
                            },
                        },
                    }
                }
                State::Connecting
            }
        };
    }
}

/// The certificate's expiry and the quota of a new connection (a failed quota question
/// only leaves the quota unknown).
async fn health_of(conn: &mut crate::imap::Connection) -> AccountHealth {
    let quota = match conn.storage_quota().await {
        Ok(q) => q,
        Err(e) => {
            tracing::debug!("quota not read: {e}");
            None
        }
    };
    AccountHealth {
        last_sync: None,
        certificate_expires: conn.certificate.as_ref().map(|c| c.not_after),
        quota,
    }
}
