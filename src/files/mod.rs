//! Files the user sees: saving an attachment into the folder they chose (temp file,
//! rename-without-replace, never overwriting) and opening a saved file with the default
//! application (one absolute path, confirmation for types that can run code).
//!
//! A top-level module rather than part of `engine`: it is plain local filesystem and
//! process work with no network and no account, used alike by the engine (downloads
//! stream into a `PendingFile`), the UI and the CLI. Like everything below `ui`, it is
//! blocking code: callers on the UI side run it off the UI thread.

mod open;
mod origin;
mod save;

pub use open::{is_dangerous, open_with_default_app, real_extension};
pub use origin::{ZONE_IDENTIFIER, mark_from_internet};
pub use save::{PendingDir, PendingFile};
