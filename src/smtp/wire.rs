//! The byte stream lettre's SMTP client runs on: implicit TLS, STARTTLS done by hand
//! before lettre sees the connection, or plain TCP to loopback.
//!
//! Why STARTTLS by hand: lettre reads through a buffer and would silently keep (or drop)
//! bytes a man in the middle injects after the server's "220 ready" line; here every
//! byte before the handshake is ours to check, and anything unexpected aborts before a
//! credential is sent (the SMTP twin of the IMAP rules in `crate::imap::starttls`).
//! After STARTTLS the server sends no new greeting, so the stream hands lettre a
//! synthetic "220" first (lettre's connect always reads a greeting, then says EHLO).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::core::{ErrorKind, TernError, Text};

/// Longest reply line accepted before TLS (RFC 5321 says 512; some servers send more).
const PLAIN_LINE_MAX: usize = 8 * 1024;

/// Test-only pause points (read only by the `tern` binary's SMTP stream, see `pause`).
const PAUSE_DURING_DATA_AFTER: u64 = 512 * 1024;

enum Inner {
    Tls(Box<TlsStream<TcpStream>>),
    Plain(TcpStream),
}

/// The connection handed to lettre.
pub struct Wire {
    inner: Inner,
    /// Served to reads before the socket (the synthetic greeting after STARTTLS).
    prefix: Vec<u8>,
    written: u64,
    pause_during_data: bool,
}

impl std::fmt::Debug for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Wire")
    }
}

impl Wire {
    pub fn tls(stream: TlsStream<TcpStream>, greeted: bool) -> Wire {
        Wire::new(Inner::Tls(Box::new(stream)), greeted)
    }

    pub fn plain(stream: TcpStream) -> Wire {
        Wire::new(Inner::Plain(stream), false)
    }

    fn new(inner: Inner, greeted: bool) -> Wire {
        Wire {
            inner,
            prefix: if greeted {
                b"220 encrypted\r\n".to_vec()
            } else {
                Vec::new()
            },
            written: 0,
            pause_during_data: crate::smtp::pause::wanted("during-data"),
        }
    }

    fn tcp(&self) -> &TcpStream {
        match &self.inner {
            Inner::Tls(s) => s.get_ref().0,
            Inner::Plain(s) => s,
        }
    }
}

impl AsyncRead for Wire {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.remaining());
            let rest = self.prefix.split_off(n);
            buf.put_slice(&self.prefix);
            self.prefix = rest;
            return Poll::Ready(Ok(()));
        }
        match &mut self.inner {
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            Inner::Plain(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Wire {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        if self.pause_during_data && self.written > PAUSE_DURING_DATA_AFTER {
            crate::smtp::pause::announce("during-data");
            // Test only: hang here until the test kills the process.
            return Poll::Pending;
        }
        let r = match &mut self.inner {
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, data),
            Inner::Plain(s) => Pin::new(s).poll_write(cx, data),
        };
        if let Poll::Ready(Ok(n)) = &r {
            self.written += *n as u64;
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.inner {
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            Inner::Plain(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.inner {
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            Inner::Plain(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

impl lettre::transport::smtp::client::AsyncTokioStream for Wire {
    fn peer_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.tcp().peer_addr()
    }
}

fn no_starttls(host: &str) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!(
            "The sending server {host} does not offer encryption (STARTTLS), so Tern did not log \
             in. Use implicit TLS (usually port 465) if the provider offers it."
        ),
    )
    .with_text(Text::new("err-smtp-no-starttls").arg("host", host))
}

fn injected(host: &str) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!(
            "{host} sent data that was not asked for while encryption was being started. \
             That is how connections are attacked, so Tern disconnected without logging in."
        ),
    )
    .with_text(Text::new("err-tls-injection").arg("host", host))
}

fn lost(host: &str) -> TernError {
    TernError::new(
        ErrorKind::Disconnected,
        format!("{host} closed the connection before encryption started. Tern will try again later."),
    )
    .with_text(Text::new("err-closed-before-tls").arg("host", host))
}

/// Reads SMTP replies from the raw socket, keeping any extra bytes to check.
struct PlainReplies {
    buf: Vec<u8>,
}

impl PlainReplies {
    /// One whole reply (all its lines); returns (code, lines).
    async fn reply(&mut self, tcp: &mut TcpStream, host: &str) -> Result<(u16, Vec<String>), TernError> {
        let mut lines = Vec::new();
        loop {
            let line = self.line(tcp, host).await?;
            let code = line.get(..3).and_then(|c| c.parse::<u16>().ok());
            let Some(code) = code else {
                return Err(TernError::new(
                    ErrorKind::MalformedServerData,
                    format!(
                        "{host} sent something that is not an SMTP reply. Check the port and security settings."
                    ),
                )
                .with_text(Text::new("err-not-smtp").arg("host", host)));
            };
            let last = line.as_bytes().get(3) != Some(&b'-');
            lines.push(line.get(4..).unwrap_or("").to_string());
            if last {
                return Ok((code, lines));
            }
            if lines.len() > 200 {
                return Err(TernError::new(
                    ErrorKind::MalformedServerData,
                    format!("{host} sent an endless reply. Tern disconnected."),
                )
                .with_text(Text::new("err-server-confused").arg("host", host)));
            }
        }
    }

    async fn line(&mut self, tcp: &mut TcpStream, host: &str) -> Result<String, TernError> {
        loop {
            if let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=pos).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(String::from_utf8_lossy(&line).into_owned());
            }
            if self.buf.len() > PLAIN_LINE_MAX {
                return Err(TernError::new(
                    ErrorKind::MalformedServerData,
                    format!("{host} sent an overlong line. Tern disconnected."),
                )
                .with_text(Text::new("err-server-confused").arg("host", host)));
            }
            let mut chunk = [0u8; 4096];
            let n = tcp.read(&mut chunk).await.map_err(|_| lost(host))?;
            if n == 0 {
                return Err(lost(host));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

/// Greeting, EHLO, STARTTLS on the raw socket. Refuses when STARTTLS is not offered or
/// refused, and when any byte arrives that no command asked for (RFC 3207 §5 and the
/// "STARTTLS command injection" attacks: pipelined plaintext must never be trusted).
pub async fn starttls(tcp: &mut TcpStream, host: &str, hello: &str) -> Result<(), TernError> {
    let mut r = PlainReplies { buf: Vec::new() };
    let (code, _) = r.reply(tcp, host).await?;
    if code != 220 {
        return Err(TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "{host} is not accepting mail right now (it answered {code}). Tern will try again later."
            ),
        )
        .with_text(
            Text::new("err-smtp-busy")
                .arg("host", host)
                .arg("reason", code.to_string()),
        ));
    }
    if !r.buf.is_empty() {
        return Err(injected(host));
    }
    write(tcp, format!("EHLO {hello}\r\n").as_bytes(), host).await?;
    let (code, lines) = r.reply(tcp, host).await?;
    if code != 250 {
        return Err(no_starttls(host));
    }
    if !r.buf.is_empty() {
        return Err(injected(host));
    }
    if !lines.iter().any(|l| l.trim().eq_ignore_ascii_case("STARTTLS")) {
        return Err(no_starttls(host));
    }
    write(tcp, b"STARTTLS\r\n", host).await?;
    let (code, _) = r.reply(tcp, host).await?;
    if code != 220 {
        return Err(no_starttls(host));
    }
    if !r.buf.is_empty() {
        return Err(injected(host));
    }
    Ok(())
}

async fn write(tcp: &mut TcpStream, bytes: &[u8], host: &str) -> Result<(), TernError> {
    tcp.write_all(bytes).await.map_err(|_| lost(host))
}
