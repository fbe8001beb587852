//! The guarded stream: every byte the server sends passes a small scanner before
//! async-imap (and imap-proto, its parser) sees it.
//!
//! Why: imap-proto parses nested lists recursively with no depth limit (a few hundred
//! levels of BODYSTRUCTURE overflow a 2 MiB tokio worker stack, which aborts the whole
//! process), and async-imap allocates a literal's announced size before the data arrives.
//! The scanner therefore enforces, across reads:
//!
//! - paren/bracket nesting outside quoted strings and literals: at most [`MAX_DEPTH`];
//! - literal announcements (`{N}` / `{N+}` followed by CRLF): N at most the current cap
//!   (default [`DEFAULT_LITERAL_CAP`], see [`GuardedStream::set_literal_cap`]), checked
//!   before the line feed that completes the announcement is handed out; numbers that do
//!   not fit in 64 bits are refused; literals are only accepted where IMAP puts them
//!   (after a space, `(` or `~`, in an untagged response that is not a status response);
//! - status text (tagged, continuation and `* OK/NO/BAD/BYE/PREAUTH` responses): no
//!   non-ASCII byte right after a response code's `]` (it crashes imap-proto 0.17);
//! - `INTERNALDATE NIL` outside literals (it crashes imap-proto 0.17 too; inside a
//!   literal it is message text, and refusing it would make that message unreadable);
//! - lines outside literals: at most [`MAX_LINE`] bytes; a whole response (lines plus
//!   literals): at most twice the literal cap plus [`MAX_LINE`].
//!
//! A violation becomes an `io::Error` carrying a [`Violation`] (see [`violation_of`]); it is
//! sticky, so the connection is unusable afterwards and must be dropped.
//!
//! One more check covers a quirk of imap-proto: when it cannot parse a FETCH attribute it
//! falls back to skipping `NAME (...)` up to the first `)` byte, whatever quotes or
//! literals lie in between. A hostile server can use that to make imap-proto parse bytes
//! that this scanner took for the inside of a quoted string or literal. imap-proto only
//! recurses deeply inside `BODYSTRUCTURE (`, so every byte (literal contents included) is
//! also searched for that keyword and each occurrence gets its own depth count until its
//! line ends. Other bytes hidden that way may still reach async-imap's own 512 MiB buffer
//! limit through a hidden literal announcement; closing that needs imap-proto to stop
//! skipping blindly (worth an upstream report).
//!
//! Reads never cross the end of a response (the CRLF that ends it), so async-imap's
//! buffer holds no bytes beyond the response it is parsing. That keeps its buffer small
//! and lets [`GuardedStream::replace_inner`] switch to COMPRESS without losing bytes.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

#[cfg(test)]
mod bulk_tests;
mod scanner;
#[cfg(test)]
mod tests;
mod watcher;

pub(crate) use scanner::Scanner;
use watcher::Watcher;

/// Deepest paren/bracket nesting accepted in a server response.
pub const MAX_DEPTH: u32 = 64;
/// Longest line (outside literals) accepted from the server.
pub const MAX_LINE: u64 = 4 * 1024 * 1024;
/// Largest literal accepted unless [`GuardedStream::set_literal_cap`] says otherwise.
pub const DEFAULT_LITERAL_CAP: u64 = 32 * 1024 * 1024;

/// Bytes read from the transport at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Anything the connection can run over: TCP, TLS, or a compressed stream.
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug> Transport for T {}

/// Why the guard refused the server's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// Lists nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A literal larger than the current cap.
    LiteralTooLarge { announced: u64, cap: u64 },
    /// A literal size that does not fit in 64 bits.
    AbsurdLiteral,
    /// A literal where IMAP never puts one (status responses, mid-word).
    MisplacedLiteral,
    /// A line longer than [`MAX_LINE`].
    LineTooLong,
    /// A single response (lines plus literals) above the limit.
    ResponseTooLarge { limit: u64 },
    /// Status text that imap-proto cannot read without crashing (a non-ASCII byte right
    /// after a response code's `]`).
    UnreadableStatusText,
    /// `INTERNALDATE NIL` outside a literal (crashes imap-proto 0.17).
    NilInternalDate,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::TooDeep => write!(f, "lists nested more than {MAX_DEPTH} levels deep"),
            Violation::LiteralTooLarge { announced, cap } => write!(
                f,
                "a block of {} where at most {} was expected",
                human_bytes(*announced),
                human_bytes(*cap)
            ),
            Violation::AbsurdLiteral => f.write_str("a block with an impossible size"),
            Violation::MisplacedLiteral => f.write_str("a data block where none belongs"),
            Violation::LineTooLong => {
                write!(f, "a line longer than {}", human_bytes(MAX_LINE))
            }
            Violation::ResponseTooLarge { limit } => {
                write!(f, "a response larger than {}", human_bytes(*limit))
            }
            Violation::UnreadableStatusText => f.write_str("a status message in a form IMAP does not allow"),
            Violation::NilInternalDate => f.write_str("a message without its arrival date"),
        }
    }
}

fn human_bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

/// The payload of the `io::Error` the guard returns.
#[derive(Debug)]
pub struct GuardError(pub Violation);

/// How a guard error's text begins; the violation follows (for code that only has the
/// error's text).
pub(crate) const GUARD_MARKER: &str = "server data refused by Tern's guard: ";

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{GUARD_MARKER}{}", self.0)
    }
}

impl std::error::Error for GuardError {}

impl Violation {
    fn to_io(&self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, GuardError(self.clone()))
    }
}

/// The guard's verdict inside an `io::Error`, if it came from the guard.
pub fn violation_of(e: &io::Error) -> Option<&Violation> {
    e.get_ref()?.downcast_ref::<GuardError>().map(|g| &g.0)
}

/// Feeds `pieces` to a primary scanner and a watcher as the stream does, with the bulk
/// path for plain runs on or off: the state after each piece, and the verdict.
fn scan_pieces(pieces: &[&[u8]], cap: u64, bulk: bool) -> (Vec<(Scanner, Watcher)>, Option<Violation>) {
    let mut scanner = Scanner::new(cap);
    let mut watcher = Watcher::default();
    let mut states = Vec::new();
    for piece in pieces {
        let mut rest = *piece;
        while !rest.is_empty() {
            let checked = scanner.feed_with(rest, bulk).and_then(|(n, _)| {
                watcher.feed_with(&rest[..n], cap, bulk)?;
                Ok(n)
            });
            match checked {
                Ok(n) => rest = &rest[n..],
                Err(v) => return (states, Some(v)),
            }
        }
        states.push((scanner.clone(), watcher.clone()));
    }
    (states, None)
}

/// For fuzzing (T-10): whether the bulk path decides exactly as stepping byte by byte
/// does on `data`, cut where its own bytes say, with the default and a tiny literal cap.
pub(crate) fn bulk_path_agrees(data: &[u8]) -> bool {
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let len = (1 + usize::from(data[at]) % 61).min(data.len() - at);
        pieces.push(&data[at..at + len]);
        at += len;
    }
    [DEFAULT_LITERAL_CAP, 16]
        .into_iter()
        .all(|cap| scan_pieces(&pieces, cap, true) == scan_pieces(&pieces, cap, false))
}

// ---------------------------------------------------------------------------------------
// The stream
// ---------------------------------------------------------------------------------------

/// A secret substituted into the outgoing bytes at the last moment, so that async-imap
/// (which logs commands at trace level) only ever sees a random placeholder.
struct Secret {
    placeholder: Vec<u8>,
    value: Vec<u8>,
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.value.iter_mut().for_each(|b| *b = 0);
    }
}

/// The stream async-imap runs on: the guard around a replaceable transport.
pub struct GuardedStream {
    inner: Box<dyn Transport>,
    /// Bytes read from `inner` and not yet handed out; `raw[start..]` is live.
    raw: Vec<u8>,
    start: usize,
    /// `raw[..scanned]` went through the scanner.
    scanned: usize,
    /// `raw[..ready]` passed every check and may be handed out.
    ready: usize,
    scanner: Scanner,
    watcher: Watcher,
    failed: Option<Violation>,
    secret: Option<Secret>,
    /// Outgoing bytes accepted but not yet written (only used around the secret).
    out: Vec<u8>,
}

impl fmt::Debug for GuardedStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardedStream")
            .field("inner", &self.inner)
            .field("buffered", &(self.raw.len() - self.start))
            .field("literal_cap", &self.scanner.literal_cap)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl GuardedStream {
    pub fn new(inner: Box<dyn Transport>) -> GuardedStream {
        GuardedStream {
            inner,
            raw: Vec::new(),
            start: 0,
            scanned: 0,
            ready: 0,
            scanner: Scanner::new(DEFAULT_LITERAL_CAP),
            watcher: Watcher::default(),
            failed: None,
            secret: None,
            out: Vec::new(),
        }
    }

    /// The largest literal accepted from now on.
    pub fn set_literal_cap(&mut self, bytes: u64) {
        self.scanner.set_literal_cap(bytes);
    }

    /// Replaces the transport under the guard (COMPRESS). Bytes already read from the old
    /// transport but not yet scanned are handed to `wrap` so it can feed them first.
    /// Refused unless the guard stands exactly between two responses.
    pub(crate) fn replace_inner(
        &mut self,
        wrap: impl FnOnce(Box<dyn Transport>, Vec<u8>) -> Box<dyn Transport>,
    ) -> io::Result<()> {
        if let Some(v) = &self.failed {
            return Err(v.to_io());
        }
        if self.ready != self.start || self.scanned != self.start || !self.scanner.at_boundary() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the stream is not between two responses",
            ));
        }
        let leftover = self.raw.split_off(self.start);
        self.raw.clear();
        self.start = 0;
        self.scanned = 0;
        self.ready = 0;
        self.watcher = Watcher::default();
        let old = std::mem::replace(&mut self.inner, Box::new(Detached));
        self.inner = wrap(old, leftover);
        Ok(())
    }

    /// Arms a one-shot substitution: the next write containing `placeholder` goes out with
    /// `value` in its place.
    pub(crate) fn arm_secret(&mut self, placeholder: Vec<u8>, value: Vec<u8>) {
        self.secret = Some(Secret { placeholder, value });
    }

    pub(crate) fn disarm_secret(&mut self) {
        self.secret = None;
    }

    /// Checks `raw[ready..end]` with the watcher and makes it available.
    fn release(&mut self, end: usize) -> Result<(), Violation> {
        if end > self.ready {
            let cap = self.scanner.literal_cap;
            self.watcher.feed(&self.raw[self.ready..end], cap)?;
            self.ready = end;
        }
        Ok(())
    }

    /// Scans buffered bytes up to the end of the current response.
    fn advance(&mut self) -> Result<(), Violation> {
        let (n, _) = self.scanner.feed(&self.raw[self.scanned..])?;
        self.scanned += n;
        let end = self.scanned - self.scanner.held();
        self.release(end)
    }

    fn fail(&mut self, v: Violation) -> io::Error {
        tracing::warn!("refusing server data: {v}");
        let e = v.to_io();
        self.failed = Some(v);
        e
    }

    fn compact(&mut self) {
        if self.start > 0 {
            self.raw.drain(..self.start);
            self.scanned -= self.start;
            self.ready -= self.start;
            self.start = 0;
        }
    }

    fn poll_write_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.out.is_empty() {
            let n = match Pin::new(&mut self.inner).poll_write(cx, &self.out) {
                Poll::Ready(Ok(n)) => n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.out.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for GuardedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if let Some(v) = &this.failed {
                return Poll::Ready(Err(v.to_io()));
            }
            if this.ready > this.start {
                let n = (this.ready - this.start).min(buf.remaining());
                buf.put_slice(&this.raw[this.start..this.start + n]);
                this.start += n;
                return Poll::Ready(Ok(()));
            }
            if buf.remaining() == 0 {
                return Poll::Ready(Ok(()));
            }
            if this.scanned < this.raw.len() {
                if let Err(v) = this.advance() {
                    return Poll::Ready(Err(this.fail(v)));
                }
                if this.ready > this.start || this.scanned < this.raw.len() {
                    continue;
                }
            }
            // Everything buffered is handed out or held back: read more.
            if this.start == this.raw.len()
                && let Some(remaining) = this.scanner.literal_remaining()
            {
                // Literal contents go straight into the caller's buffer.
                let want = usize::try_from(remaining)
                    .unwrap_or(usize::MAX)
                    .min(buf.remaining());
                let dst = buf.initialize_unfilled_to(want);
                let mut rb = ReadBuf::new(dst);
                match Pin::new(&mut this.inner).poll_read(cx, &mut rb) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Ready(Ok(())) => {}
                }
                let n = rb.filled().len();
                if n > 0 {
                    let cap = this.scanner.literal_cap;
                    let checked = this
                        .scanner
                        .feed(rb.filled())
                        .and_then(|_| this.watcher.feed(rb.filled(), cap));
                    if let Err(v) = checked {
                        return Poll::Ready(Err(this.fail(v)));
                    }
                }
                buf.advance(n);
                return Poll::Ready(Ok(()));
            }
            if this.start == this.raw.len() || this.start > READ_CHUNK {
                this.compact();
            }
            let len = this.raw.len();
            this.raw.resize(len + READ_CHUNK, 0);
            let mut rb = ReadBuf::new(&mut this.raw[len..]);
            let polled = Pin::new(&mut this.inner).poll_read(cx, &mut rb);
            let n = rb.filled().len();
            this.raw.truncate(len + n);
            match polled {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) if n > 0 => continue,
                Poll::Ready(Ok(())) => {
                    // End of stream: hand out what was held back, then report EOF.
                    if this.scanned > this.ready {
                        if let Err(v) = this.release(this.scanned) {
                            return Poll::Ready(Err(this.fail(v)));
                        }
                        continue;
                    }
                    return Poll::Ready(Ok(()));
                }
            }
        }
    }
}

impl AsyncWrite for GuardedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match this.poll_write_out(cx) {
            Poll::Ready(Ok(())) => {}
            other => return other.map(|r| r.map(|()| 0)),
        }
        let hit = this.secret.as_ref().and_then(|s| {
            buf.windows(s.placeholder.len().max(1))
                .position(|w| w == s.placeholder.as_slice())
        });
        if let Some(pos) = hit
            && let Some(secret) = this.secret.take()
        {
            let mut out = Vec::with_capacity(buf.len() + secret.value.len());
            out.extend_from_slice(&buf[..pos]);
            out.extend_from_slice(&secret.value);
            out.extend_from_slice(&buf[pos + secret.placeholder.len()..]);
            this.out = out;
            // The bytes are accepted; `poll_flush` (which async-imap calls after every
            // command) pushes them out. Try now as well.
            if let Poll::Ready(Err(e)) = this.poll_write_out(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.poll_write_out(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_flush(cx),
            other => other,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.poll_write_out(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_shutdown(cx),
            other => other,
        }
    }
}

/// Stands in for the transport while it is being replaced.
#[derive(Debug)]
struct Detached;

fn detached() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "transport detached")
}

impl AsyncRead for Detached {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Err(detached()))
    }
}

impl AsyncWrite for Detached {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, _: &[u8]) -> Poll<io::Result<usize>> {
        Poll::Ready(Err(detached()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Err(detached()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
