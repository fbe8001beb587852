//! User actions on messages (issue: managing mail). They are intents: the engine
//! writes them to the durable operation queue, shows them at once in the cache, and
//! replays them on the server exactly once.

use serde::{Deserialize, Serialize};

use super::{Flags, FolderId, MessageId};

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Add and remove flags (read/unread, star/unstar).
    SetFlags {
        ids: Vec<MessageId>,
        add: Flags,
        remove: Flags,
    },
    /// Move to another folder of the same account.
    Move { ids: Vec<MessageId>, to: FolderId },
    /// To Trash; in Trash (with `forever`, after the user confirmed) delete for good.
    Delete { ids: Vec<MessageId>, forever: bool },
    /// To the Archive folder (role), or the configured one.
    Archive { ids: Vec<MessageId> },
}
