//! Plain types shared by every module: ids, flags, commands and events, error kinds.
//! No I/O lives here.

mod action;
mod calendar;
mod certificate;
mod compose;
mod error;
mod events;
mod flags;
mod folder;
mod ids;
mod message;
mod search_query;
mod size;
mod text;
pub mod threading;

pub use action::Action;
pub use calendar::civil;
pub use certificate::{
    AccountHealth, CertDetails, CertProblem, CertReason, StorageQuota, fingerprint_for_people,
};
pub use compose::{
    Draft, DraftAttachment, DraftId, OutboxEntry, OutboxId, OutboxState, ReplyKind, ServerRef,
};
pub use error::{ErrorKind, TernError, detail_in_parens, is_plain_sentence, plain_detail};
pub use events::{AccountEvent, Command, Connectivity, Handle, ServerSearch, Stamped};
pub use flags::Flags;
pub use folder::{FolderChange, FolderInfo, FolderRole};
pub use ids::{AccountId, FolderId, MessageId, Uid, UidValidity};
pub use message::{BodyPart, FlagUpdate, NewMessage, Section};
pub use search_query::{
    SearchField, SearchQuery, TextTerm, is_unspaced_script, parse_query, spaced_for_index,
};
pub use size::{SizeUnit, size_en, size_parts};
pub use text::{Arg, Text};
