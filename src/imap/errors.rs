//! Turning I/O, guard and async-imap errors into `TernError`s people can act on, and the
//! time limit around each network step.

use std::future::Future;
use std::io;
use std::time::Duration;

use super::guard;
use super::tls;
use crate::core::{ErrorKind, TernError, Text, detail_in_parens, plain_detail};

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
        )
        .with_text(
            Text::new("err-timeout")
                .arg("host", host)
                .arg("seconds", limit.as_secs_f32().ceil() as u32),
        )),
    }
}

pub(super) fn connect_error(e: &io::Error, host: &str, port: u16) -> TernError {
    let refused = e.kind() == io::ErrorKind::ConnectionRefused;
    let text = Text::new(if refused { "err-refused" } else { "err-unreachable" })
        .arg("host", host)
        .arg("port", port.to_string());
    let msg = match e.kind() {
        io::ErrorKind::ConnectionRefused => format!(
            "{host} refused the connection on port {port}. Check the port number; the server \
             may also be down."
        ),
        _ => format!(
            "Tern could not reach {host} on port {port}{}. Check the server name and your \
             internet connection.",
            detail_in_parens(&e.to_string())
        ),
    };
    TernError::new(ErrorKind::Connect, msg).with_text(text)
}

pub(super) fn malformed(v: &guard::Violation) -> TernError {
    TernError::new(
        ErrorKind::MalformedServerData,
        format!(
            "The server sent data Tern cannot safely read ({v}). Tern disconnected from it and \
             will try again later."
        ),
    )
    .with_text(Text::new("err-unsafe-data"))
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
        )
        .with_text(Text::new("err-stopped-answering").arg("host", host)),
        io::ErrorKind::InvalidData | io::ErrorKind::Other => TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "{host} sent data Tern could not understand. Tern disconnected from it and will \
                 try again later."
            ),
        )
        .with_text(Text::new("err-garbled").arg("host", host)),
        kind => TernError::new(
            ErrorKind::Disconnected,
            format!(
                "The connection to {host} was lost{}. Tern will try again later.",
                detail_in_parens(&kind.to_string())
            ),
        )
        .with_text(Text::new("err-connection-lost").arg("host", host)),
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
        )
        .with_text(Text::new("err-unsafe-data"));
    }
    let mut localized: Option<Text> = None;
    let (kind, msg) = if text.starts_with("no response") || text.starts_with("bad response") {
        let said = server_said(&text)
            .and_then(|t| plain_detail(&t))
            .map(|t| format!(" (it said: “{t}”)"))
            .unwrap_or_default();
        (
            ErrorKind::ServerRefused,
            format!("The server refused {what}{said}."),
        )
    } else if text.starts_with("connection lost") {
        localized = Some(Text::new("err-lost"));
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
        // async-imap reports an unexpected BYE as an I/O error holding its debug text.
        if io.contains("status: Bye") {
            let said = server_said(io)
                .and_then(|t| plain_detail(&t))
                .map(|t| format!(" (it said: “{t}”)"))
                .unwrap_or_default();
            localized = Some(match server_said(io).and_then(|t| plain_detail(&t)) {
                Some(said) => Text::new("err-server-closed-said").arg("said", said),
                None => Text::new("err-server-closed"),
            });
            (
                ErrorKind::Disconnected,
                format!("The server closed the connection during {what}{said}. Tern will try again later."),
            )
        } else {
            (
                ErrorKind::Disconnected,
                format!(
                    "The connection was lost during {what}{}. Tern will try again later.",
                    detail_in_parens(&sanitize(io, ""))
                ),
            )
        }
    } else {
        (
            ErrorKind::ServerRefused,
            format!("{what} failed{}.", detail_in_parens(&sanitize(&text, ""))),
        )
    };
    let error = TernError::new(kind, msg);
    match localized {
        Some(t) => error.with_text(t),
        None => error,
    }
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
                    .and_then(|t| plain_detail(&t))
                    .map(|t| format!(" (it said: “{t}”)"))
                    .unwrap_or_default()
            ),
        ),
        Error::ConnectionLost => TernError::new(
            ErrorKind::Disconnected,
            format!("The connection to {host} was lost. Tern will try again later."),
        )
        .with_text(Text::new("err-connection-lost").arg("host", host)),
        Error::Parse(_) => TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "{host} sent data Tern could not understand. Tern disconnected from it and will \
                 try again later."
            ),
        ),
        other => TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "{host} could not complete the request{}.",
                detail_in_parens(&other.to_string())
            ),
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

    /// Every error async-imap or the network can hand us becomes sentences without
    /// program text (issue 17 item 5: "outcome: Outcome { .. Some(..) }" reached people).
    #[test]
    fn every_error_reads_as_plain_sentences() {
        use async_imap::error::Error;
        let bye =
            "status: Bye, outcome: Outcome { code: None, information: Some(\"Server shutting down.\") }";
        let texts = || {
            vec![
                Error::Io(io::Error::other(bye)),
                Error::Io(io::Error::other(
                    "status: PreAuth, code: Some(Alert), information: None",
                )),
                Error::Io(io::Error::new(io::ErrorKind::UnexpectedEof, "eof")),
                Error::Io(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "Connection reset by peer",
                )),
                Error::Io(io::Error::new(io::ErrorKind::TimedOut, "t")),
                Error::No("outcome: Outcome { code: None, information: Some(\"x\") }".into()),
                Error::No("code: None, info: None".into()),
                Error::Bad("code: Some(Parse), info: Some(\"bad {x}\")".into()),
                Error::ConnectionLost,
                Error::Parse(async_imap::error::ParseError::Invalid(b"* {".to_vec())),
                Error::Validate(async_imap::error::ValidateError('\n')),
                Error::Append,
            ]
        };
        let mut sentences = Vec::new();
        for e in texts() {
            sentences.push(map_imap_error("SELECT", &e).message);
        }
        for e in texts() {
            sentences.push(imap_error(e, "imap.example.org").message);
        }
        for kind in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::Other,
            io::ErrorKind::NotFound,
        ] {
            let e = io::Error::new(kind, "Outcome { code: None }");
            sentences.push(connect_error(&e, "imap.example.org", 993).message);
            sentences.push(io_error(&e, "imap.example.org").message);
        }
        for s in &sentences {
            assert!(
                crate::core::is_plain_sentence(s),
                "program text reaches people: {s}"
            );
        }
        let first = map_imap_error("SELECT", Error::Io(io::Error::other(bye)));
        assert_eq!(first.kind, ErrorKind::Disconnected);
        assert_eq!(
            first.message,
            "The server closed the connection during SELECT (it said: “Server shutting down”). \
             Tern will try again later."
        );
    }

    #[test]
    fn sanitize_strips_controls_and_secrets() {
        assert_eq!(sanitize("bad\r\n pw hunter2\x1b[0m", "hunter2"), "bad pw …[0m");
    }
}
