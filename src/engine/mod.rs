//! The account worker and the sync engine. One worker per account (an actor): it owns
//! its IMAP connections and its store writer, takes `Command`s, and reports
//! `AccountEvent`s carrying ids. The CLI runs the same sync functions once.

mod account_sync;
pub mod actions;
mod backoff;
mod body;
mod download;
pub mod drafts;
mod folder_manage;
mod folder_sync;
pub mod outbox;
pub mod remote_images;
mod send;
mod server_search;
pub mod transfer;
mod window_writer;
mod worker;

pub use account_sync::{sync_account, sync_folder_list};
pub use backoff::Backoff;
pub use body::{fetch_body, select_message, tree_of, view_of};
pub use download::{attachment_parts, safe_name_for, save_part};
pub use folder_manage::{change_folder, offline_folder_error};
pub use folder_sync::{FolderOutcome, FolderProgress, SyncOptions, sync_folder};
pub use send::{UNSURE, discard_draft_on_server, save_draft_on_server, send_outbox, smtp_max_size};
pub use server_search::{folders_to_search, offline_search_error, search_on_server};
pub use worker::{AccountSpec, Tuning, open_connection, run_worker};
