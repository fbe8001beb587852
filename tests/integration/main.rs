//! The one integration-test binary (design.md: one binary keeps link time low).
//! Each module is one area; `support` holds the private Dovecot harness, the hostile
//! fake server, certificates and the fault-injecting proxy.

#[path = "../support/mod.rs"]
mod support;

mod bodies;
mod boundaries;
mod cli;
mod config;
mod discover;
mod drafts;
mod folders;
mod fuzz_replay;
mod hostile;
mod manage;
mod mime;
mod notify;
mod saving;
mod search;
mod send;
mod setup;
mod store;
mod sync;
mod threads;
mod ui;
mod unified;
