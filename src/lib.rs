//! Tern: a desktop email client. The binary (`src/main.rs`) is a thin CLI over this library.
//!
//! Module boundaries (checked by `tests/integration/boundaries.rs`): only `ui` uses iced,
//! only `imap` uses async-imap, only `store` uses rusqlite. Everything else speaks the
//! plain types of `core`.

pub mod auth;
pub mod cli;
pub mod compose;
pub mod config;
pub mod core;
pub mod discover;
pub mod engine;
pub mod files;
pub mod images;
pub mod imap;
pub mod mime;
pub mod notify;
pub mod smtp;
pub mod store;
pub mod ui;
