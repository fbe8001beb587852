//! The thin layer over async-imap: connect (implicit TLS, strict STARTTLS, timeouts), the
//! guarded stream (nesting and literal caps), COMPRESS, and the protocol operations the
//! engine needs, returned as plain `core` types. Only this module uses async-imap.

pub mod cert_details;
mod compress;
mod connect;
mod errors;
pub mod fuzzing;
mod guard;
mod login;
mod pinning;
mod quota;
mod starttls;
pub(crate) mod tls;

pub use crate::auth::Credential;
pub use connect::{Connection, Endpoint, Timeouts, connect, connect_with};
// Shared with src/smtp: one TLS policy (trust anchors, ca_file, handshake errors).
pub(crate) use tls::{connection_setup as tls_connection_setup, handshake as tls_handshake};
mod actions;
mod body;
mod bodystructure;
mod commands;
mod folders;
mod headers;
mod idle;
mod mutf7;
mod outgoing;
mod partial;
mod search;

pub use actions::CopyUid;
pub use body::CHUNK;
pub use commands::{Changes, Selected};
pub use headers::HeaderBatch;
pub use idle::{Arrivals, IdleOutcome};
pub use partial::{PartialChunk, PartialFetches};

/// Encodes a folder name as modified UTF-7 for the server (INBOX stays as it is).
pub fn encode_mailbox_name(name: &str) -> String {
    if name.eq_ignore_ascii_case("INBOX") {
        name.to_string()
    } else {
        mutf7::encode(name)
    }
}

/// Decodes a modified UTF-7 mailbox name (for display).
pub fn decode_mailbox_name(raw: &str) -> String {
    mutf7::decode(raw)
}
