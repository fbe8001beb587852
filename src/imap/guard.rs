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

/// Deepest paren/bracket nesting accepted in a server response.
pub const MAX_DEPTH: u32 = 64;
/// Longest line (outside literals) accepted from the server.
pub const MAX_LINE: u64 = 4 * 1024 * 1024;
/// Largest literal accepted unless [`GuardedStream::set_literal_cap`] says otherwise.
pub const DEFAULT_LITERAL_CAP: u64 = 32 * 1024 * 1024;

/// At most this many bytes of a possible literal announcement are held back.
const MAX_HOLD: usize = 24;
/// Bytes read from the transport at a time.
const READ_CHUNK: usize = 64 * 1024;
/// `BODYSTRUCTURE (` occurrences tracked at once (see the module docs).
const MAX_WATCHES: usize = 16;
const BODYSTRUCTURE: &[u8] = b"BODYSTRUCTURE (";

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

// ---------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Line,
    /// Saw CR outside a literal.
    Cr,
    Quoted,
    /// Saw a backslash inside a quoted string.
    Escape,
    /// Inside a literal; this many bytes remain.
    Literal(u64),
}

/// Recognises `{N}` / `{N+}` followed by CRLF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brace {
    Idle,
    Digits {
        len: usize,
        value: u64,
        overflow: bool,
        plus: bool,
        misplaced: bool,
    },
    Close {
        len: usize,
        value: u64,
        overflow: bool,
        misplaced: bool,
    },
    Cr {
        len: usize,
        value: u64,
        overflow: bool,
        misplaced: bool,
    },
}

/// What one step of the scanner found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Continue,
    /// The byte ended what this scanner tracks (a response, or a watched structure).
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Tracks the stream response by response.
    Primary,
    /// Tracks one `BODYSTRUCTURE (` occurrence until it closes or its line ends.
    Watch,
}

#[derive(Debug, Clone)]
pub(crate) struct Scanner {
    kind: Kind,
    mode: Mode,
    brace: Brace,
    depth: u32,
    prev: u8,
    /// Non-literal bytes since the last CRLF.
    line_len: u64,
    /// All bytes of the current response.
    response_len: u64,
    /// The first bytes of the response, to tell status responses apart.
    head: [u8; 12],
    head_len: usize,
    literal_cap: u64,
}

impl Scanner {
    pub(crate) fn new(literal_cap: u64) -> Scanner {
        Scanner {
            kind: Kind::Primary,
            mode: Mode::Line,
            brace: Brace::Idle,
            depth: 0,
            prev: b'\n',
            line_len: 0,
            response_len: 0,
            head: [0; 12],
            head_len: 0,
            literal_cap,
        }
    }

    fn watch(literal_cap: u64) -> Scanner {
        Scanner {
            kind: Kind::Watch,
            depth: 1,
            prev: b'(',
            ..Scanner::new(literal_cap)
        }
    }

    pub(crate) fn set_literal_cap(&mut self, cap: u64) {
        self.literal_cap = cap;
    }

    fn max_response(&self) -> u64 {
        self.literal_cap.saturating_mul(2).saturating_add(MAX_LINE)
    }

    /// Bytes at the end of what was scanned that may still be a literal announcement.
    fn held(&self) -> usize {
        let len = match self.brace {
            Brace::Idle => 0,
            Brace::Digits { len, .. } | Brace::Close { len, .. } | Brace::Cr { len, .. } => len,
        };
        if len > MAX_HOLD { 0 } else { len }
    }

    /// At a response boundary with nothing pending.
    fn at_boundary(&self) -> bool {
        self.mode == Mode::Line && self.brace == Brace::Idle && self.head_len == 0
    }

    fn literal_remaining(&self) -> Option<u64> {
        match self.mode {
            Mode::Literal(n) => Some(n),
            _ => None,
        }
    }

    /// Scans `data` up to and including the end of the current response. Returns how many
    /// bytes were consumed and whether a response ended there.
    fn feed(&mut self, data: &[u8]) -> Result<(usize, bool), Violation> {
        let mut i = 0;
        while i < data.len() {
            if let Mode::Literal(remaining) = self.mode {
                let n = remaining.min((data.len() - i) as u64);
                i += n as usize;
                let left = remaining - n;
                self.mode = if left == 0 {
                    Mode::Line
                } else {
                    Mode::Literal(left)
                };
                if left == 0 {
                    self.prev = b'}';
                }
                continue;
            }
            let b = data[i];
            i += 1;
            if self.step(b)? == Step::End {
                return Ok((i, true));
            }
        }
        Ok((i, false))
    }

    /// Scans everything in `data`, across response boundaries.
    pub(crate) fn check_all(&mut self, data: &[u8]) -> Result<(), Violation> {
        let mut rest = data;
        while !rest.is_empty() {
            let (n, _) = self.feed(rest)?;
            rest = &rest[n..];
        }
        Ok(())
    }

    fn step(&mut self, b: u8) -> Result<Step, Violation> {
        if let Mode::Literal(remaining) = self.mode {
            let left = remaining.saturating_sub(1);
            self.mode = if left == 0 {
                Mode::Line
            } else {
                Mode::Literal(left)
            };
            return Ok(Step::Continue);
        }
        if self.kind == Kind::Primary {
            self.line_len += 1;
            self.response_len += 1;
            if self.line_len > MAX_LINE {
                return Err(Violation::LineTooLong);
            }
            let limit = self.max_response();
            if self.response_len > limit {
                return Err(Violation::ResponseTooLarge { limit });
            }
            if self.head_len < self.head.len() {
                self.head[self.head_len] = b;
                self.head_len += 1;
            }
        }
        if self.brace_step(b)? {
            self.prev = b;
            return Ok(Step::Continue);
        }
        let step = self.mode_step(b)?;
        self.prev = b;
        Ok(step)
    }

    /// Advances the literal-announcement matcher. Returns true when `b` completed an
    /// announcement (and the scanner is now inside the literal).
    fn brace_step(&mut self, b: u8) -> Result<bool, Violation> {
        self.brace = match self.brace {
            Brace::Digits {
                len,
                value,
                overflow,
                plus,
                misplaced,
            } => match b {
                b'0'..=b'9' if !plus => {
                    let next = value
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(u64::from(b - b'0')));
                    Brace::Digits {
                        len: len + 1,
                        value: next.unwrap_or(u64::MAX),
                        overflow: overflow || next.is_none(),
                        plus,
                        misplaced,
                    }
                }
                b'+' if !plus && len > 1 => Brace::Digits {
                    len: len + 1,
                    value,
                    overflow,
                    plus: true,
                    misplaced,
                },
                b'}' if len > 1 => Brace::Close {
                    len: len + 1,
                    value,
                    overflow,
                    misplaced,
                },
                _ => self.brace_start(b),
            },
            Brace::Close {
                len,
                value,
                overflow,
                misplaced,
            } if b == b'\r' => Brace::Cr {
                len: len + 1,
                value,
                overflow,
                misplaced,
            },
            Brace::Cr {
                value,
                overflow,
                misplaced,
                ..
            } if b == b'\n' => {
                self.brace = Brace::Idle;
                self.literal(value, overflow, misplaced)?;
                return Ok(true);
            }
            Brace::Idle | Brace::Close { .. } | Brace::Cr { .. } => self.brace_start(b),
        };
        Ok(false)
    }

    fn brace_start(&self, b: u8) -> Brace {
        if b != b'{' || matches!(self.mode, Mode::Escape) {
            return Brace::Idle;
        }
        Brace::Digits {
            len: 1,
            value: 0,
            overflow: false,
            plus: false,
            misplaced: !matches!(self.prev, b' ' | b'(' | b'~'),
        }
    }

    /// A complete literal announcement.
    fn literal(&mut self, value: u64, overflow: bool, misplaced: bool) -> Result<(), Violation> {
        if overflow {
            return Err(Violation::AbsurdLiteral);
        }
        if self.kind == Kind::Primary && (misplaced || !self.literal_allowed()) {
            return Err(Violation::MisplacedLiteral);
        }
        if value > self.literal_cap {
            return Err(Violation::LiteralTooLarge {
                announced: value,
                cap: self.literal_cap,
            });
        }
        if self.kind == Kind::Primary {
            let limit = self.max_response();
            self.response_len = self.response_len.saturating_add(value);
            if self.response_len > limit {
                return Err(Violation::ResponseTooLarge { limit });
            }
        }
        self.line_len = 0;
        self.mode = if value == 0 {
            Mode::Line
        } else {
            Mode::Literal(value)
        };
        Ok(())
    }

    /// Only untagged responses that are not status responses carry literals; in tagged,
    /// continuation and `* OK/NO/BAD/BYE/PREAUTH` responses imap-proto reads `{N}` as
    /// text, so the CRLF after it would end the response for imap-proto but not for us.
    fn literal_allowed(&self) -> bool {
        let head = &self.head[..self.head_len];
        let Some(rest) = head.strip_prefix(b"*") else {
            return false;
        };
        let start = rest.iter().position(|&c| c != b' ').unwrap_or(rest.len());
        let word = &rest[start..];
        let is = |w: &[u8]| word.len() >= w.len() && word[..w.len()].eq_ignore_ascii_case(w);
        !(is(b"OK") || is(b"NO") || is(b"BAD") || is(b"BYE") || is(b"PREAUTH"))
    }

    fn mode_step(&mut self, b: u8) -> Result<Step, Violation> {
        match self.mode {
            Mode::Cr if b == b'\n' => {
                self.end_of_response();
                return Ok(Step::End);
            }
            Mode::Cr | Mode::Line => {
                self.mode = Mode::Line;
                match b {
                    b'"' => self.mode = Mode::Quoted,
                    b'(' | b'[' => {
                        self.depth += 1;
                        if self.depth > MAX_DEPTH {
                            return Err(Violation::TooDeep);
                        }
                    }
                    b')' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.kind == Kind::Watch && self.depth == 0 {
                            return Ok(Step::End);
                        }
                    }
                    b'\r' => self.mode = Mode::Cr,
                    _ => {}
                }
            }
            // A quoted string cannot hold CR or LF: leaving it there is what imap-proto
            // does too (it fails), and it keeps a stray quote from hiding the next line.
            Mode::Quoted | Mode::Escape => {
                self.mode = match (self.mode, b) {
                    (_, b'\r') => Mode::Cr,
                    (_, b'\n') => Mode::Line,
                    (Mode::Quoted, b'"') => Mode::Line,
                    (Mode::Quoted, b'\\') => Mode::Escape,
                    _ => Mode::Quoted,
                };
            }
            Mode::Literal(_) => {}
        }
        Ok(Step::Continue)
    }

    fn end_of_response(&mut self) {
        self.mode = Mode::Line;
        self.brace = Brace::Idle;
        self.depth = 0;
        self.prev = b'\n';
        self.line_len = 0;
        self.response_len = 0;
        self.head_len = 0;
    }
}

/// Searches every byte for `BODYSTRUCTURE (` and tracks each occurrence's depth.
#[derive(Debug, Clone, Default)]
struct Watcher {
    matched: usize,
    watches: Vec<Scanner>,
}

impl Watcher {
    fn feed(&mut self, data: &[u8], literal_cap: u64) -> Result<(), Violation> {
        let mut i = 0;
        while i < data.len() {
            if self.watches.is_empty() && self.matched == 0 {
                // Fast path: skip to the next possible start of the keyword.
                match data[i..].iter().position(|&c| c | 0x20 == b'b') {
                    Some(p) => i += p,
                    None => return Ok(()),
                }
            }
            let b = data[i];
            i += 1;
            let mut k = 0;
            while k < self.watches.len() {
                if self.watches[k].step(b)? == Step::End {
                    self.watches.swap_remove(k);
                } else {
                    k += 1;
                }
            }
            let expected = BODYSTRUCTURE[self.matched];
            if b.eq_ignore_ascii_case(&expected) {
                self.matched += 1;
                if self.matched == BODYSTRUCTURE.len() {
                    self.matched = 0;
                    if self.watches.len() >= MAX_WATCHES {
                        return Err(Violation::TooDeep);
                    }
                    self.watches.push(Scanner::watch(literal_cap));
                }
            } else {
                // 'B' occurs only at the start of the keyword.
                self.matched = usize::from(b | 0x20 == b'b');
            }
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

    /// A transport that returns the given chunks one read at a time, then EOF.
    #[derive(Default)]
    struct Script {
        chunks: VecDeque<Vec<u8>>,
        written: Vec<u8>,
    }

    impl fmt::Debug for Script {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "Script({:?})", String::from_utf8_lossy(&self.written))
        }
    }

    impl AsyncRead for Script {
        fn poll_read(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            let this = self.get_mut();
            if let Some(mut chunk) = this.chunks.pop_front() {
                let n = chunk.len().min(buf.remaining());
                buf.put_slice(&chunk[..n]);
                if n < chunk.len() {
                    this.chunks.push_front(chunk.split_off(n));
                }
            }
            Poll::Ready(Ok(()))
        }
    }

    impl AsyncWrite for Script {
        fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
            self.get_mut().written.extend_from_slice(buf);
            Poll::Ready(Ok(buf.len()))
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    /// Reads everything through a guard; returns what came out and the violation, if any.
    async fn pump(chunks: Vec<Vec<u8>>, read_size: usize, cap: u64) -> (Vec<u8>, Option<Violation>) {
        let script = Script {
            // An empty read would mean EOF.
            chunks: chunks.into_iter().filter(|c| !c.is_empty()).collect(),
            written: Vec::new(),
        };
        let mut guard = GuardedStream::new(Box::new(script));
        guard.set_literal_cap(cap);
        let mut out = Vec::new();
        let mut buf = vec![0u8; read_size];
        loop {
            match guard.read(&mut buf).await {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => {
                    let v = violation_of(&e).cloned();
                    assert!(v.is_some(), "not a guard error: {e}");
                    // Sticky: the next read fails the same way.
                    let again = guard.read(&mut buf).await.expect_err("sticky");
                    assert_eq!(violation_of(&again), v.as_ref());
                    return (out, v);
                }
            }
        }
    }

    /// Every way of cutting `input`: at each position into two reads, byte by byte, and
    /// with small caller buffers.
    fn splits(input: &[u8]) -> Vec<(Vec<Vec<u8>>, usize)> {
        let mut ways = Vec::new();
        for i in 0..=input.len() {
            ways.push((vec![input[..i].to_vec(), input[i..].to_vec()], 4096));
        }
        ways.push((input.iter().map(|&b| vec![b]).collect(), 4096));
        ways.push((vec![input.to_vec()], 1));
        ways.push((vec![input.to_vec()], 7));
        ways
    }

    fn valid_inputs() -> Vec<Vec<u8>> {
        let mut deep64 = b"* 1 FETCH (BODYSTRUCTURE ".to_vec();
        deep64.extend(std::iter::repeat_n(b'(', 63));
        deep64.extend(std::iter::repeat_n(b')', 64));
        deep64.extend_from_slice(b"\r\n");
        vec![
            b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n".to_vec(),
            br#"* 1 FETCH (UID 5 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "s \"(((\" j" (("A (x" NIL "a" "b")) NIL NIL NIL NIL NIL NIL "<i>") BODY[] {12}"#
                .iter()
                .chain(b"\r\n((((((((((((\r\n)\r\nA1 OK done\r\n")
                .copied()
                .collect(),
            b"* LIST () \"/\" {5}\r\nIN{OX\r\n* LIST () \"/\" {0}\r\n\r\n".to_vec(),
            b"* OK see {this} and {12} and {12}x\r\n* 2 FETCH (BINARY[1] ~{3}\r\nabc)\r\n".to_vec(),
            b"* 3 FETCH (BODY[1] {4+}\r\n\r\n\r\n)\r\n".to_vec(),
            deep64,
        ]
    }

    #[tokio::test]
    async fn valid_data_passes_unchanged_however_it_is_cut() {
        for input in valid_inputs() {
            for (chunks, read_size) in splits(&input) {
                let (out, v) = pump(chunks, read_size, DEFAULT_LITERAL_CAP).await;
                assert_eq!(v, None, "{:?}", String::from_utf8_lossy(&input));
                assert_eq!(out, input);
            }
        }
    }

    fn deep(prefix: &[u8], n: usize) -> Vec<u8> {
        let mut v = prefix.to_vec();
        v.extend(std::iter::repeat_n(b'(', n));
        v
    }

    fn max_depth(out: &[u8]) -> usize {
        let mut run = 0;
        let mut best = 0;
        for &b in out {
            run = if b == b'(' { run + 1 } else { 0 };
            best = best.max(run);
        }
        best
    }

    #[tokio::test]
    async fn violations_are_caught_however_the_input_is_cut() {
        // A literal whose contents hide what imap-proto's fallback for unknown attributes
        // (skip to the first ')') would parse.
        let mut hidden = deep(b") BODYSTRUCTURE ", 100);
        hidden.extend_from_slice(b"\r\n");
        let mut in_literal = format!("* 1 FETCH (XFOO ({{{}}}\r\n", hidden.len()).into_bytes();
        in_literal.extend_from_slice(&hidden);

        let cases: Vec<(Vec<u8>, Violation, &[u8])> = vec![
            (deep(b"* 1 FETCH (BODYSTRUCTURE ", 64), Violation::TooDeep, b""),
            (deep(b"* 1 FETCH (X [", 64), Violation::TooDeep, b""),
            (
                b"* 1 FETCH (BODY[] {33554433}\r\nxyz".to_vec(),
                Violation::LiteralTooLarge {
                    announced: 33554433,
                    cap: DEFAULT_LITERAL_CAP,
                },
                b"{33554433}\r\n",
            ),
            (
                b"* 1 FETCH (BODY[] {4294967295}\r\n".to_vec(),
                Violation::LiteralTooLarge {
                    announced: 4294967295,
                    cap: DEFAULT_LITERAL_CAP,
                },
                b"}\r\n",
            ),
            (
                b"* 1 FETCH (BODY[] {99999999999999999999}\r\n".to_vec(),
                Violation::AbsurdLiteral,
                b"}\r\n",
            ),
            (
                b"A1 OK {5}\r\nhello\r\n".to_vec(),
                Violation::MisplacedLiteral,
                b"}\r\n",
            ),
            (
                b"* OK [ALERT] {5}\r\nhello\r\n".to_vec(),
                Violation::MisplacedLiteral,
                b"}\r\n",
            ),
            (
                b"+ {5}\r\nhello\r\n".to_vec(),
                Violation::MisplacedLiteral,
                b"}\r\n",
            ),
            (
                b"* 1 FETCH (X a{5}\r\nhello\r\n".to_vec(),
                Violation::MisplacedLiteral,
                b"}\r\n",
            ),
            (
                deep(b"* 1 FETCH (XFOO (\") BODYSTRUCTURE ", 100),
                Violation::TooDeep,
                b"",
            ),
            (
                deep(b"* 1 FETCH (XFOO \"\\x BoDyStRuCtUrE ", 100),
                Violation::TooDeep,
                b"",
            ),
            (in_literal, Violation::TooDeep, b""),
        ];
        for (input, expected, never_out) in cases {
            for (chunks, read_size) in splits(&input) {
                let (out, v) = pump(chunks, read_size, DEFAULT_LITERAL_CAP).await;
                assert_eq!(
                    v.as_ref(),
                    Some(&expected),
                    "{:?}",
                    String::from_utf8_lossy(&input)
                );
                assert!(max_depth(&out) <= MAX_DEPTH as usize);
                if !never_out.is_empty() {
                    assert!(
                        !out.windows(never_out.len()).any(|w| w == never_out),
                        "announcement handed out: {:?}",
                        String::from_utf8_lossy(&out)
                    );
                }
            }
        }
    }

    #[tokio::test]
    async fn the_literal_cap_can_be_lowered() {
        let input = b"* 1 FETCH (BODY[1]<0> {101}\r\n".to_vec();
        let (_, v) = pump(vec![input.clone()], 4096, 100).await;
        assert_eq!(
            v,
            Some(Violation::LiteralTooLarge {
                announced: 101,
                cap: 100
            })
        );
        let (_, v) = pump(vec![input], 4096, 101).await;
        assert_eq!(v, None);
    }

    #[tokio::test]
    async fn lines_and_responses_are_bounded() {
        let mut long = b"* OK ".to_vec();
        long.resize(MAX_LINE as usize + 10, b'a');
        let (out, v) = pump(vec![long], 64 * 1024, DEFAULT_LITERAL_CAP).await;
        assert_eq!(v, Some(Violation::LineTooLong));
        assert!(out.len() as u64 <= MAX_LINE);

        // Literal bytes do not count as line bytes.
        let size = 5 * 1024 * 1024;
        let mut big = format!("* 1 FETCH (BODY[] {{{size}}}\r\n").into_bytes();
        big.resize(big.len() + size, b'a');
        big.extend_from_slice(b")\r\n");
        let (out, v) = pump(vec![big.clone()], 64 * 1024, DEFAULT_LITERAL_CAP).await;
        assert_eq!(v, None);
        assert_eq!(out, big);

        // Many literals in one response add up.
        let cap = 1024 * 1024;
        let mut many = b"* 1 FETCH (".to_vec();
        for i in 0..8 {
            many.extend_from_slice(format!("BODY[{i}] {{{cap}}}\r\n").as_bytes());
            many.resize(many.len() + cap as usize, b'x');
            many.push(b' ');
        }
        let (_, v) = pump(vec![many], 64 * 1024, cap).await;
        assert_eq!(
            v,
            Some(Violation::ResponseTooLarge {
                limit: 2 * cap + MAX_LINE
            })
        );
    }

    #[tokio::test]
    async fn a_read_never_crosses_the_end_of_a_response() {
        let script = Script {
            chunks: vec![b"* 1 EXISTS\r\n* 2 EXISTS\r\nleft".to_vec()].into(),
            written: Vec::new(),
        };
        let mut guard = GuardedStream::new(Box::new(script));
        let mut buf = [0u8; 100];
        let n = guard.read(&mut buf).await.expect("read");
        assert_eq!(&buf[..n], b"* 1 EXISTS\r\n");
        let n = guard.read(&mut buf).await.expect("read");
        assert_eq!(&buf[..n], b"* 2 EXISTS\r\n");
        // What follows the last response goes to the next transport (COMPRESS).
        let mut leftover = None;
        guard
            .replace_inner(|old, rest| {
                leftover = Some(rest);
                old
            })
            .expect("at a boundary");
        assert_eq!(leftover.as_deref(), Some(&b"left"[..]));
    }

    #[tokio::test]
    async fn the_secret_is_substituted_on_the_way_out_only() {
        let mut guard = GuardedStream::new(Box::new(Script::default()));
        guard.arm_secret(b"PLACEHOLDER".to_vec(), b"s3cr\\\"et".to_vec());
        assert!(!format!("{guard:?}").contains("s3cr"));
        // async-imap writes the tag, a space and the command separately.
        guard.write_all(b"A0001").await.expect("write");
        guard.write_all(b" ").await.expect("write");
        guard
            .write_all(b"LOGIN \"u\" \"PLACEHOLDER\"")
            .await
            .expect("write");
        guard.write_all(b"\r\n").await.expect("write");
        guard.flush().await.expect("flush");
        // One-shot: a second occurrence is not replaced.
        guard.write_all(b"PLACEHOLDER").await.expect("write");
        let inner = format!("{:?}", guard.inner);
        assert_eq!(
            inner,
            r#"Script("A0001 LOGIN \"u\" \"s3cr\\\"et\"\r\nPLACEHOLDER")"#
        );
    }

    /// A tiny IMAP server on the other end of a duplex pipe: for each command line it
    /// reads, it sends the next canned answer (`{tag}` is replaced by the command's tag).
    async fn scripted(server: tokio::io::DuplexStream, answers: Vec<Vec<u8>>) {
        let (r, mut w) = tokio::io::split(server);
        let mut lines = BufReader::new(r);
        for answer in answers {
            let mut line = String::new();
            if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let tag = line.split(' ').next().unwrap_or("").to_string();
            let answer = String::from_utf8_lossy(&answer).replace("{tag}", &tag);
            if w.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
        }
        // Keep the pipe open until the client is done.
        let mut rest = Vec::new();
        let _ = lines.read_to_end(&mut rest).await;
    }

    async fn session_with(answers: Vec<Vec<u8>>) -> async_imap::Session<GuardedStream> {
        let (client, server) = tokio::io::duplex(1 << 20);
        let mut all = vec![b"{tag} OK logged in\r\n".to_vec()];
        all.extend(answers);
        tokio::spawn(scripted(server, all));
        let client = async_imap::Client::new(GuardedStream::new(Box::new(client)));
        match client.login("user", "pw").await {
            Ok(s) => s,
            Err((e, _)) => panic!("login: {e}"),
        }
    }

    #[tokio::test]
    async fn async_imap_on_top_reads_valid_fetches() {
        let mut session = session_with(vec![
            b"* 1 FETCH (UID 7 BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 5 1 NIL NIL NIL NIL) BODY[] {5}\r\nhello)\r\n{tag} OK done\r\n".to_vec(),
        ])
        .await;
        let fetches: Vec<_> = {
            use futures::TryStreamExt;
            session
                .fetch("1", "(UID BODYSTRUCTURE BODY[])")
                .await
                .expect("fetch")
                .try_collect()
                .await
                .expect("fetched")
        };
        assert_eq!(fetches.len(), 1);
        assert_eq!(fetches[0].uid, Some(7));
        assert_eq!(fetches[0].body(), Some(&b"hello"[..]));
        assert!(fetches[0].bodystructure().is_some());
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn async_imap_on_top_survives_deep_nesting_and_huge_literals() {
        for answer in [
            deep(b"* 1 FETCH (BODYSTRUCTURE ", 100_000),
            b"* 1 FETCH (BODY[] {400000000}\r\nabc".to_vec(),
        ] {
            let task = tokio::spawn(async move {
                let mut session = session_with(vec![answer]).await;
                use futures::TryStreamExt;
                let result: Result<Vec<_>, _> = match session.fetch("1", "BODYSTRUCTURE").await {
                    Ok(stream) => stream.try_collect().await,
                    Err(e) => Err(e),
                };
                match result {
                    Err(async_imap::error::Error::Io(e)) => violation_of(&e).cloned(),
                    other => panic!("expected a guard error, got {other:?}"),
                }
            });
            let v = task.await.expect("task");
            assert!(v.is_some());
        }
    }
}
