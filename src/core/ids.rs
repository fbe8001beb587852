//! Typed ids so a folder id can never be passed where a message id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $inner:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Row id of an account in the store.
    AccountId, i64
);
id_type!(
    /// Row id of a folder (mailbox) in the store.
    FolderId, i64
);
id_type!(
    /// Row id of a cached message; stable for the life of the cached row.
    MessageId, i64
);
id_type!(
    /// IMAP UID of a message inside one folder and one UIDVALIDITY epoch.
    Uid, u32
);
id_type!(
    /// IMAP UIDVALIDITY of a folder: when it changes, every cached UID is meaningless.
    UidValidity, u32
);
