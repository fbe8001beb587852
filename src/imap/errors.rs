//! Turning I/O, guard and async-imap errors into `TernError`s people can act on, and the
//! time limit around each network step.

use std::future::Future;
use std::io;
use std::time::Duration;

use super::guard;
use super::tls;
use crate::core::{ErrorKind, TernError};

/// Server text made safe to show: printable, short, without `secret`.
pub(super) fn sanitize(text: &str, secret: &str) -> String {
    let mut s: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if !secret.is_empty() {
        s = s.replace(secret, "…");
    }
    s
}

/// Runs `fut` with a time limit.
pub(super) async fn timed<T>(
    limit: Duration,
    host: &str,
    what: &str,
    fut: impl Future<Output = Result<T, TernError>>,
) -> Result<T, TernError> {
    match tokio::time::timeout(limit, fut).await {
        Ok(result) => result,
        Err(_) => Err(TernError::new(
            ErrorKind::Timeout,
            format!(
                "{host} did not answer within {} seconds ({what}). Tern will try again later.",
                limit.as_secs_f32().ceil() as u64
            ),
        )),
    }
}

pub(super) fn connect_error(e: &io::Error, host: &str, port: u16) -> TernError {
    let msg = match e.kind() {
        io::ErrorKind::ConnectionRefused => format!(
            "{host} refused the connection on port {port}. Check the port number; the server \
             may also be down."
        ),
        _ => format!(
            "Tern could not reach {host} on port {port} ({e}). Check the server name and your \
             internet connection."
        ),
    };
    TernError::new(ErrorKind::Connect, msg)
}

pub(super) fn malformed(v: &guard::Violation) -> TernError {
    TernError::new(
        ErrorKind::MalformedServerData,
        format!(
            "The server sent data Tern cannot safely read ({v}). Tern disconnected from it and \
             will try again later."
        ),
    )
}

/// Explains an I/O error on an open connection.
pub(crate) fn io_error(e: &io::Error, host: &str) -> TernError {
    if let Some(v) = guard::violation_of(e) {
        return malformed(v);
    }
    if let Some(t) = tls::rustls_error(e) {
        return tls::tls_error(t, host);
    }
    match e.kind() {
        io::ErrorKind::TimedOut => TernError::new(
            ErrorKind::Timeout,
            format!("{host} stopped answering. Tern will try again later."),
        ),
        io::ErrorKind::InvalidData | io::ErrorKind::Other => TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "{host} sent data Tern could not understand. Tern disconnected from it and will \
                 try again later."
            ),
        ),
        kind => TernError::new(
            ErrorKind::Disconnected,
            format!("The connection to {host} was lost ({kind}). Tern will try again later."),
        ),
    }
}

/// Explains an error from an async-imap call made for `what` ("SELECT", "the header
/// fetch"), from its text alone. Prefer [`imap_error`] where the error value is at hand:
/// it can look inside I/O errors.
pub(crate) fn map_imap_error(what: &str, e: impl std::fmt::Display) -> TernError {
    let text = e.to_string();
    if let Some(pos) = text.find(guard::GUARD_MARKER) {
        let why = &text[pos + guard::GUARD_MARKER.len()..];
        return TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "The server sent data Tern cannot safely read ({why}). Tern disconnected from \
                 it and will try again later."
            ),
        );
    }
    let (kind, msg) = if text.starts_with("no response") || text.starts_with("bad response") {
        let said = server_said(&text)
            .map(|t| format!(" (it said: “{t}”)"))
            .unwrap_or_default();
        (
            ErrorKind::ServerRefused,
            format!("The server refused {what}{said}."),
        )
    } else if text.starts_with("connection lost") {
        (
            ErrorKind::Disconnected,
            format!("The connection was lost during {what}. Tern will try again later."),
        )
    } else if text.starts_with("parse") || text.contains("during parsing of") {
        (
            ErrorKind::MalformedServerData,
            format!(
                "The server's answer to {what} could not be understood. Tern disconnected \
                 from it and will try again later."
            ),
        )
    } else if let Some(io) = text.strip_prefix("io: ") {
        (
            ErrorKind::Disconnected,
            format!(
                "The connection was lost during {what} ({}). Tern will try again later.",
                sanitize(io, "")
            ),
        )
    } else {
        (
            ErrorKind::ServerRefused,
            format!("{what} failed ({}).", sanitize(&text, "")),
        )
    };
    TernError::new(kind, msg)
}

/// The server's text in async-imap's NO/BAD error text (`.. info: Some("text")` or
/// `.. information: Some("text") }`).
fn server_said(error_text: &str) -> Option<String> {
    let start = ["information: Some(\"", "info: Some(\""]
        .iter()
        .find_map(|p| error_text.find(p).map(|i| i + p.len()))?;
    let end = error_text.rfind("\")")?;
    let said = error_text.get(start..end)?.replace("\\\"", "\"");
    Some(sanitize(&said, "")).filter(|s| !s.is_empty())
}

/// Explains an async-imap error.
pub(crate) fn imap_error(e: async_imap::error::Error, host: &str) -> TernError {
    use async_imap::error::Error;
    match e {
        Error::Io(io) => io_error(&io, host),
        Error::No(text) | Error::Bad(text) => TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "{host} refused the request{}.",
                server_said(&text)
                    .map(|t| format!(" (it said: “{t}”)"))
                    .unwrap_or_default()
            ),
        ),
        Error::ConnectionLost => TernError::new(
            ErrorKind::Disconnected,
            format!("The connection to {host} was lost. Tern will try again later."),
        ),
        Error::Parse(_) => TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "{host} sent data Tern could not understand. Tern disconnected from it and will \
                 try again later."
            ),
        ),
        other => TernError::new(
            ErrorKind::ServerRefused,
            format!("{host} could not complete the request ({other})."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_extracted_from_async_imap_errors() {
        let e = async_imap::error::Error::No(
            "code: None, info: Some(\"Mailbox doesn't exist: \\\"x\\\"\")".to_string(),
        );
        let t = map_imap_error("SELECT", &e);
        assert_eq!(t.kind, ErrorKind::ServerRefused);
        assert_eq!(
            t.message,
            "The server refused SELECT (it said: “Mailbox doesn't exist: \"x\"”)."
        );
    }

    #[test]
    fn sanitize_strips_controls_and_secrets() {
        assert_eq!(sanitize("bad\r\n pw hunter2\x1b[0m", "hunter2"), "bad pw …[0m");
    }
}
