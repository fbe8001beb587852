//! The account worker (an actor): one per account, owning its connections and its
//! writer to the store. States: Connecting -> Online (sync, then wait for commands,
//! IDLE pushes and the poll timer) -> Offline (backoff) -> Connecting ...
//! A second connection IDLEs on INBOX and pokes the worker when mail arrives.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures::channel::mpsc::UnboundedSender;
use tokio::sync::mpsc;

use super::actions;
use super::backoff::Backoff;
use super::folder_sync::SyncOptions;
use super::online::{Exit, Online};
use crate::config::{AccountConfig, SecretStore, password_for_async};
use crate::core::{
    AccountEvent, AccountId, Command, Connectivity, ErrorKind, FolderRole, Handle, Stamped, TernError,
};
use crate::imap::{Connection, Endpoint, IdleOutcome, Timeouts, connect};
use crate::store::Store;

/// Timings; tests shorten them (T-25 runs with scaled timeouts).
#[derive(Debug, Clone)]
pub struct Tuning {
    pub timeouts: Timeouts,
    /// IDLE is ended and re-issued this often (RFC 2177 asks for < 29 min; short keeps
    /// NAT boxes and dead-peer detection honest).
    pub idle_renew: Duration,
    /// Every folder is re-synced this often (other folders have no push).
    pub poll_interval: Duration,
    /// A connection with nothing to do is checked (NOOP) this often, so a server that
    /// went away is noticed even without an IDLE connection to tell us.
    pub keepalive: Duration,
    pub backoff_max: Duration,
    pub sync: SyncOptions,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            timeouts: Timeouts::default(),
            idle_renew: Duration::from_secs(5 * 60),
            poll_interval: Duration::from_secs(3 * 60),
            keepalive: Duration::from_secs(45),
            backoff_max: Duration::from_secs(5 * 60),
            sync: SyncOptions::default(),
        }
    }
}

/// Everything a worker needs, passed in (no globals).
#[derive(Clone)]
pub struct AccountSpec {
    pub id: AccountId,
    pub generation: u64,
    pub config: AccountConfig,
    pub db_path: PathBuf,
    pub secrets: Arc<dyn SecretStore>,
    pub tuning: Tuning,
}

impl std::fmt::Debug for AccountSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSpec")
            .field("id", &self.id)
            .field("name", &self.config.name)
            .finish()
    }
}

/// Connects and logs in with the account's password.
pub async fn open_connection<S: SecretStore + Clone + 'static>(
    config: &AccountConfig,
    secrets: &S,
    timeouts: &Timeouts,
) -> Result<Connection, TernError> {
    let password = password_for_async(config, secrets, timeouts.secret).await?;
    let mut conn = connect(
        &Endpoint::from_config(&config.imap),
        config.login(),
        &password,
        timeouts,
    )
    .await?;
    conn.enable_qresync().await?;
    Ok(conn)
}

/// Runs the worker until `Shutdown` or until nobody listens to `events` any more.
pub async fn run_worker(spec: AccountSpec, events: UnboundedSender<Stamped>) {
    let (cmd_tx, mut commands) = mpsc::channel::<Command>(64);
    // The worker keeps a sender itself, so dropping every Handle does not stop it: it
    // stops on Shutdown, or when nobody listens to its events any more.
    let _keep_open = cmd_tx.clone();
    let emit = |event: AccountEvent| {
        let _ = events.unbounded_send(Stamped {
            account: spec.id,
            generation: spec.generation,
            event,
        });
    };
    emit(AccountEvent::Ready(Handle::new(cmd_tx)));
    let mut store = match Store::open(&spec.db_path) {
        Ok(s) => s,
        Err(e) => return emit(AccountEvent::Error(e)),
    };
    // "n messages waiting to be sent" from the start, even while offline.
    if let Ok(waiting @ 1..) = store.outbox_waiting(&spec.config.name) {
        emit(AccountEvent::OutboxChanged { waiting });
    }
    let mut backoff = Backoff::new(Duration::from_secs(1), spec.tuning.backoff_max);
    loop {
        if events.is_closed() {
            return;
        }
        emit(AccountEvent::Connectivity(Connectivity::Connecting));
        let wait = match open_connection(&spec.config, &spec.secrets, &spec.tuning.timeouts).await {
            Ok(conn) => {
                backoff.reset();
                emit(AccountEvent::Connectivity(Connectivity::Online));
                match online(&spec, conn, &mut store, &mut commands, &emit, &|| {
                    events.is_closed()
                })
                .await
                {
                    Exit::Shutdown => return,
                    Exit::Reconnect(e) => {
                        emit(AccountEvent::Error(e));
                        backoff.next_delay()
                    }
                }
            }
            Err(e) if matches!(e.kind, ErrorKind::Auth | ErrorKind::Secret) => {
                // Retrying a refused password only locks the account: wait for the user.
                emit(AccountEvent::Connectivity(Connectivity::Offline));
                emit(AccountEvent::AuthRequired(e));
                Duration::MAX
            }
            Err(e) => {
                emit(AccountEvent::Connectivity(Connectivity::Offline));
                emit(AccountEvent::Error(e));
                backoff.next_delay()
            }
        };
        emit(AccountEvent::Connectivity(Connectivity::Offline));
        // Offline: wait for the backoff, or a command (SyncNow retries at once). Bodies
        // already cached are served; others get a plain "offline" answer at once.
        let deadline = tokio::time::Instant::now() + wait.min(Duration::from_secs(86_400));
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => break,
                cmd = commands.recv() => match cmd {
                    None | Some(Command::Shutdown) => return,
                    Some(Command::Act(action)) => match actions::enqueue(&mut store, spec.id, &action) {
                        Ok(q) => {
                            emit(AccountEvent::ActionQueued { pending: q.pending });
                            for folder in q.folders {
                                emit(AccountEvent::MessagesChanged { folder });
                            }
                        }
                        Err(e) => emit(AccountEvent::Error(e)),
                    },
                    Some(Command::Undo) => match actions::undo_last(&mut store, spec.id) {
                        Ok(u) => {
                            emit(AccountEvent::PendingChanged { pending: u.pending });
                            for folder in u.folders {
                                emit(AccountEvent::MessagesChanged { folder });
                            }
                        }
                        Err(e) => emit(AccountEvent::Error(e)),
                    },
                    Some(Command::FetchBody(id)) => {
                        if matches!(store.body(id), Ok(Some(_))) {
                            emit(AccountEvent::BodyReady(id));
                        } else {
                            emit(AccountEvent::BodyFailed(id, offline_error()));
                        }
                    }
                    Some(_) => {
                        backoff.reset();
                        break;
                    }
                },
            }
        }
    }
}

fn offline_error() -> TernError {
    TernError::new(
        ErrorKind::Disconnected,
        "This message has not been downloaded yet and the server cannot be reached. It will open when the connection is back.",
    )
    .with_text(crate::core::Text::new("err-offline-body"))
}

/// The online state: a full pass, then serve commands, pushes and the poll timer.
async fn online(
    spec: &AccountSpec,
    conn: Connection,
    store: &mut Store,
    commands: &mut mpsc::Receiver<Command>,
    emit: &(dyn Fn(AccountEvent) + Sync),
    events_closed: &(dyn Fn() -> bool + Sync),
) -> Exit {
    let mut online = Online {
        spec,
        conn,
        store,
        emit,
    };
    if let Some(exit) = online.pass(None, commands).await {
        return exit;
    }
    let inbox = online
        .store
        .folders(spec.id)
        .ok()
        .and_then(|fs| fs.into_iter().find(|f| f.role == FolderRole::Inbox));
    let (push_tx, mut pushes) = mpsc::channel::<Push>(4);
    // Aborted on drop: if the UI drops this worker's future, the IDLE task goes too.
    // IDLE only where the server offers it (RFC 2177); elsewhere the poll timer and
    // the keepalive do the work.
    let can_idle = online.conn.has("IDLE");
    let _idle_task = inbox
        .as_ref()
        .filter(|_| can_idle)
        .map(|f| AbortOnDrop(tokio::spawn(idle_loop(spec.clone(), f.raw_name.clone(), push_tx))));
    let exit = online
        .serve(commands, &mut pushes, inbox.map(|f| f.id), events_closed)
        .await;
    if matches!(exit, Exit::Shutdown) {
        online.conn.logout().await;
    }
    exit
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

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
async fn idle_loop(spec: AccountSpec, inbox: String, pokes: mpsc::Sender<Push>) {
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
