//! The boundary between the UI and an account worker (design.md, Data flow): user
//! intents go in as `Command`s, ids and progress come out as `AccountEvent`s.

use tokio::sync::mpsc;

use super::{
    AccountId, Action, DraftId, FolderChange, FolderId, MessageId, OutboxId, SearchQuery, TernError,
};

/// A user intent for one account. Never a protocol step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Sync every folder now.
    SyncNow,
    /// The user is looking at this folder: sync it first and keep it fresh.
    OpenFolder(FolderId),
    /// Fetch what is needed to show this message (no-op if cached); answers BodyReady.
    FetchBody(MessageId),
    /// A user action: queued durably, shown at once, replayed on the server.
    Act(Action),
    /// Undo the most recent action if it is still within its undo window.
    Undo,
    /// Send what waits in the outbox now (after a new message was queued, or "Send now").
    SendOutbox,
    /// Store this draft (from the user database) in the server's Drafts folder,
    /// replacing its previous copy there.
    SaveDraftOnServer(DraftId),
    /// Remove a discarded draft's copy from the server's Drafts folder.
    DiscardDraftOnServer(DraftId),
    /// Create, rename or delete a folder on the server (refused while offline).
    ChangeFolder(FolderChange),
    /// Ask the server (`UID SEARCH`) for mail whose text is not cached; answered by
    /// `SearchFound` or `SearchFailed` with the same `seq`. Not queued: offline it fails.
    SearchServer(ServerSearch),
    /// Stop the worker (account removed, app closing).
    Shutdown,
}

/// A search the server runs for the window: `seq` names the query, so answers to an
/// older one are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSearch {
    pub seq: u64,
    pub query: SearchQuery,
    /// One folder ("this folder"), or every folder of the account.
    pub folder: Option<FolderId>,
}

/// Whether the account can reach its server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    Offline,
    Connecting,
    Online,
}

/// What a worker reports. Carries ids, never rows: the UI re-reads the store.
#[derive(Debug, Clone)]
pub enum AccountEvent {
    /// The worker is running; send commands through the handle.
    Ready(Handle),
    Connectivity(Connectivity),
    FoldersChanged,
    MessagesChanged {
        folder: FolderId,
    },
    /// Mail arrived in `folder` since its previous sync (never reported for a folder's
    /// first sync): the UIDs of the new rows, for a new-mail notification.
    NewMail {
        folder: FolderId,
        uids: Vec<u32>,
    },
    /// `done` of `total` message headers of `folder` are cached.
    Progress {
        folder: FolderId,
        done: u32,
        total: u32,
    },
    /// The message's body is in the store (read it with `Store::body`).
    BodyReady(MessageId),
    /// The body could not be fetched (offline, or the message is gone).
    BodyFailed(MessageId, TernError),
    /// An action is durably queued (and already applied to the cache); `pending` is
    /// how many changes wait to reach the server.
    ActionQueued {
        pending: u32,
    },
    /// The queue changed size (replayed, undone, or failed).
    PendingChanged {
        pending: u32,
    },
    /// The server did not accept a change; it was dropped in the server's favour.
    Conflict(TernError),
    /// A full pass over all folders finished.
    SyncDone,
    /// The outbox changed; `waiting` messages of this account are not sent yet.
    OutboxChanged {
        waiting: u32,
    },
    /// The server accepted this message (its Sent copy may still be filed).
    Sent(OutboxId),
    /// This message could not be sent; it stays in the outbox (queued when the error
    /// is transient, held when the user must act).
    SendFailed(OutboxId, TernError),
    /// The server's answer to `SearchServer { seq }`: cached messages whose text is not
    /// cached yet and that the server found (their headers are in the cache).
    SearchFound {
        seq: u64,
        ids: Vec<MessageId>,
    },
    /// The server could not be searched for `seq` (offline: `ErrorKind::Disconnected`).
    SearchFailed {
        seq: u64,
        error: TernError,
    },
    /// The server refused the password; the worker waits for new settings.
    AuthRequired(TernError),
    Error(TernError),
    /// Last sync, certificate expiry and quota, for settings (issue 13 item 4).
    Health(super::AccountHealth),
}

/// An event stamped with who sent it, so events from a removed or restarted account
/// (an older generation) are dropped by the UI.
#[derive(Debug, Clone)]
pub struct Stamped {
    pub account: AccountId,
    pub generation: u64,
    pub event: AccountEvent,
}

/// Sends commands to one worker.
#[derive(Debug, Clone)]
pub struct Handle {
    sender: mpsc::Sender<Command>,
}

impl Handle {
    pub fn new(sender: mpsc::Sender<Command>) -> Handle {
        Handle { sender }
    }

    /// Queues a command without waiting; false if the worker is gone or its queue is full.
    pub fn send(&self, command: Command) -> bool {
        self.sender.try_send(command).is_ok()
    }

    /// Whether the worker is gone (it can never take a command again).
    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }
}
