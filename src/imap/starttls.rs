//! STARTTLS by hand on the raw socket, before anything is trusted (see the `connect`
//! module docs).

use std::collections::HashSet;
use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::errors::{io_error, malformed};
use super::guard::{self, Scanner};
use crate::core::{ErrorKind, TernError};

// ---------------------------------------------------------------------------------------
// Before TLS: STARTTLS by hand
// ---------------------------------------------------------------------------------------

const PLAIN_LINE_MAX: usize = 64 * 1024;

/// Reads CRLF lines from the raw socket, checking every byte with the guard's scanner
/// (no literals allowed).
struct PlainLines {
    buf: Vec<u8>,
    scanner: Scanner,
}

impl PlainLines {
    fn new() -> PlainLines {
        PlainLines {
            buf: Vec::new(),
            scanner: Scanner::new(0),
        }
    }

    async fn line(&mut self, tcp: &mut TcpStream, host: &str) -> Result<Vec<u8>, TernError> {
        loop {
            if let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=pos).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            if self.buf.len() > PLAIN_LINE_MAX {
                return Err(malformed(&guard::Violation::LineTooLong));
            }
            let mut chunk = [0u8; 4096];
            let n = tcp.read(&mut chunk).await.map_err(|e| io_error(&e, host))?;
            if n == 0 {
                return Err(TernError::new(
                    ErrorKind::Disconnected,
                    format!(
                        "{host} closed the connection before encryption started. Tern will \
                         try again later."
                    ),
                )
                .with_text(crate::core::Text::new("err-closed-before-tls").arg("host", host)));
            }
            self.scanner.check_all(&chunk[..n]).map_err(|v| malformed(&v))?;
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

fn no_starttls(host: &str) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!(
            "The server does not offer encryption (STARTTLS), so Tern did not log in to {host}. \
             Use implicit TLS (usually port 993) if the provider offers it."
        ),
    )
    .with_text(crate::core::Text::new("err-no-starttls").arg("host", host))
}

fn injected(host: &str) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!(
            "{host} sent data that was not asked for while encryption was being started. \
             That is how connections are attacked, so Tern disconnected."
        ),
    )
    .with_text(crate::core::Text::new("err-tls-injection").arg("host", host))
}

fn starts_with_ci(line: &[u8], prefix: &[u8]) -> bool {
    line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Capability names in `text` (the part after `CAPABILITY`), uppercased.
fn words_upper(text: &[u8]) -> impl Iterator<Item = String> + '_ {
    text.split(|&b| b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).to_ascii_uppercase())
}

/// The capabilities in a greeting's `[CAPABILITY ...]` code, if any.
fn greeting_capabilities(line: &[u8]) -> Option<HashSet<String>> {
    let upper = line.to_ascii_uppercase();
    let start = upper.windows(12).position(|w| w == b"[CAPABILITY ")? + 12;
    let end = upper[start..].iter().position(|&b| b == b']')? + start;
    Some(words_upper(&line[start..end]).collect())
}

/// The plaintext part of STARTTLS: greeting, capabilities, `STARTTLS`, tagged OK, and
/// nothing after it.
pub(super) async fn starttls(tcp: &mut TcpStream, host: &str) -> Result<(), TernError> {
    let mut lines = PlainLines::new();
    let greeting = lines.line(tcp, host).await?;
    let mut caps = if starts_with_ci(&greeting, b"* OK") {
        greeting_capabilities(&greeting).unwrap_or_default()
    } else if starts_with_ci(&greeting, b"* PREAUTH") {
        return Err(TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "{host} tried to skip logging in and encryption (PREAUTH). Tern never works \
                 unencrypted, so it disconnected."
            ),
        )
        .with_text(crate::core::Text::new("err-preauth").arg("host", host)));
    } else if starts_with_ci(&greeting, b"* BYE") {
        return Err(TernError::new(
            ErrorKind::Disconnected,
            format!("{host} closed the connection right away. Tern will try again later."),
        )
        .with_text(crate::core::Text::new("err-closed-at-once").arg("host", host)));
    } else {
        return Err(TernError::new(
            ErrorKind::MalformedServerData,
            format!("{host} did not greet like an IMAP server. Check the port number."),
        )
        .with_text(crate::core::Text::new("err-not-imap").arg("host", host)));
    };

    let write = |e: io::Error| io_error(&e, host);
    if !caps.contains("STARTTLS") {
        tcp.write_all(b"T1 CAPABILITY\r\n").await.map_err(write)?;
        caps.clear();
        loop {
            let line = lines.line(tcp, host).await?;
            if starts_with_ci(&line, b"* CAPABILITY ") {
                caps.extend(words_upper(&line[13..]));
            } else if starts_with_ci(&line, b"* BYE") {
                return Err(no_starttls(host));
            } else if starts_with_ci(&line, b"T1 ") {
                break;
            } else if !line.starts_with(b"* ") {
                return Err(no_starttls(host));
            }
        }
    }
    if !caps.contains("STARTTLS") {
        return Err(no_starttls(host));
    }

    tcp.write_all(b"T2 STARTTLS\r\n").await.map_err(write)?;
    loop {
        let line = lines.line(tcp, host).await?;
        if starts_with_ci(&line, b"T2 OK") {
            break;
        }
        // Untagged chatter is ignored; NO, BAD, "+", BYE or anything else means no TLS.
        if !line.starts_with(b"* ") || starts_with_ci(&line, b"* BYE") {
            return Err(no_starttls(host));
        }
    }
    // Nothing may follow the OK before the TLS handshake: neither in our buffer nor
    // already waiting in the socket.
    if !lines.buf.is_empty() {
        return Err(injected(host));
    }
    let mut probe = [0u8; 1];
    match tcp.try_read(&mut probe) {
        Ok(0) => Err(TernError::new(
            ErrorKind::Disconnected,
            format!("{host} closed the connection before encryption started."),
        )
        .with_text(crate::core::Text::new("err-closed-before-tls").arg("host", host))),
        Ok(_) => Err(injected(host)),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(()),
        Err(e) => Err(io_error(&e, host)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_capabilities_are_found() {
        let caps = greeting_capabilities(b"* OK [CAPABILITY IMAP4rev1 starttls] hi").expect("caps");
        assert!(caps.contains("STARTTLS") && caps.contains("IMAP4REV1"));
        assert!(greeting_capabilities(b"* OK hello").is_none());
    }
}
