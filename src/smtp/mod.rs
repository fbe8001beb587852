//! Sending over SMTP (RFC 5321, 6409 submission, 4954 AUTH): the thin protocol layer
//! beside `src/imap`, the only module that uses lettre's transport.
//!
//! Same TLS policy as IMAP: implicit TLS by default (465), STARTTLS strict (done by
//! hand in `wire`, see there), plain text only to loopback. Every network await has a
//! timeout. Errors come by kind in plain words: wrong password, a recipient refused
//! (named, with the server's reason), too large (with the server's limit), unreachable
//! (transient: the message stays queued).

mod oauth;
pub mod pause;
mod session;
mod wire;

pub use session::{SendFailure, SmtpEndpoint, SmtpSession, SmtpTimeouts, Stage, connect, connect_with};
