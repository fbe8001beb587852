//! The byte scanner behind the guarded stream: a state machine fed one byte at a time
//! (see the `guard` module docs for what it enforces), with a bulk path for runs of
//! bytes that can only be counted (see [`plain_run`]).

use super::{MAX_DEPTH, MAX_LINE, Violation};

/// At most this many bytes of a possible literal announcement are held back.
const MAX_HOLD: usize = 24;
pub(super) const BODYSTRUCTURE: &[u8] = b"BODYSTRUCTURE (";
/// imap-proto 0.17 unwraps INTERNALDATE's value, so NIL there panics (found by fuzzing).
const NIL_DATE: &[u8] = b"INTERNALDATE NIL";

/// Bytes that may change a scanner's state beyond counting: quotes, escapes, brackets,
/// CR/LF, a literal's `{`, the first letter of [`NIL_DATE`] and of [`BODYSTRUCTURE`]. Every
/// other byte, outside a literal, a CR, an escape or a half-seen announcement, only moves
/// the line and response counters and `prev` (a profile of a first sync had the guard
/// stepping through such bytes one by one as its largest cost).
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\"()[]\r\n\\{IiBb";
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// How many bytes at the start of `data` are not [`SPECIAL`].
pub(super) fn plain_run(data: &[u8]) -> usize {
    data.iter()
        .position(|&c| SPECIAL[usize::from(c)])
        .unwrap_or(data.len())
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
pub(super) enum Step {
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

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Bytes of [`NIL_DATE`] matched so far (outside literals).
    nil_date: usize,
    pub(super) literal_cap: u64,
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
            nil_date: 0,
            literal_cap,
        }
    }

    pub(super) fn watch(literal_cap: u64) -> Scanner {
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
    pub(super) fn held(&self) -> usize {
        let len = match self.brace {
            Brace::Idle => 0,
            Brace::Digits { len, .. } | Brace::Close { len, .. } | Brace::Cr { len, .. } => len,
        };
        if len > MAX_HOLD { 0 } else { len }
    }

    /// At a response boundary with nothing pending.
    pub(super) fn at_boundary(&self) -> bool {
        self.mode == Mode::Line && self.brace == Brace::Idle && self.head_len == 0
    }

    pub(super) fn literal_remaining(&self) -> Option<u64> {
        match self.mode {
            Mode::Literal(n) => Some(n),
            _ => None,
        }
    }

    /// Scans `data` up to and including the end of the current response. Returns how many
    /// bytes were consumed and whether a response ended there.
    pub(super) fn feed(&mut self, data: &[u8]) -> Result<(usize, bool), Violation> {
        self.feed_with(data, true)
    }

    /// `feed`, with the bulk path for plain runs on or off (off: the reference the tests
    /// compare the bulk path against).
    pub(super) fn feed_with(&mut self, data: &[u8], bulk: bool) -> Result<(usize, bool), Violation> {
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
            if bulk && self.can_skip_plain() {
                // Up to the limits, so that stepping finds a violation at its byte.
                let room = self.plain_room().min((data.len() - i) as u64) as usize;
                let run = plain_run(&data[i..i + room]);
                if run > 0 {
                    self.skip_plain(&data[i..i + run]);
                    i += run;
                    continue;
                }
            }
            let b = data[i];
            i += 1;
            if self.step(b)? == Step::End {
                return Ok((i, true));
            }
        }
        Ok((i, false))
    }

    /// Whether `step` on a non-[`SPECIAL`] byte would only count it (up to the limits of
    /// [`Scanner::plain_room`]): not inside a CR, an escape or a half-seen announcement,
    /// and for the primary scanner not while the head is recorded, after a `]` (which
    /// decides about the next byte) or with NIL_DATE half matched. Each of these states
    /// ends at the next byte, so stepping through them costs no more than before.
    pub(super) fn can_skip_plain(&self) -> bool {
        if self.brace != Brace::Idle {
            return false;
        }
        match self.kind {
            Kind::Primary => {
                matches!(self.mode, Mode::Line | Mode::Quoted)
                    && self.head_len == self.head.len()
                    && self.prev != b']'
                    && self.nil_date == 0
            }
            Kind::Watch => matches!(self.mode, Mode::Line | Mode::Quoted | Mode::Literal(_)),
        }
    }

    /// How many plain bytes fit before the line or response limit (no limit for a watch).
    pub(super) fn plain_room(&self) -> u64 {
        match self.kind {
            Kind::Primary => (MAX_LINE.saturating_sub(self.line_len))
                .min(self.max_response().saturating_sub(self.response_len)),
            Kind::Watch => u64::MAX,
        }
    }

    /// The effect of `step` on each byte of `run` (non-[`SPECIAL`], `can_skip_plain` true,
    /// within `plain_room`).
    pub(super) fn skip_plain(&mut self, run: &[u8]) {
        let Some(&last) = run.last() else {
            return;
        };
        let k = run.len() as u64;
        match self.mode {
            // `step` inside a literal counts down and leaves `prev` alone; bytes after
            // its end are plain line bytes.
            Mode::Literal(remaining) if k < remaining => self.mode = Mode::Literal(remaining - k),
            Mode::Literal(remaining) => {
                self.mode = Mode::Line;
                if k > remaining {
                    self.prev = last;
                }
            }
            _ => {
                if self.kind == Kind::Primary {
                    self.line_len += k;
                    self.response_len += k;
                }
                self.prev = last;
            }
        }
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

    pub(super) fn step(&mut self, b: u8) -> Result<Step, Violation> {
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
            // imap-proto 0.17 drops the first character after a response code's `]` by
            // slicing one byte off the text, which panics when that character takes more
            // than one byte (found by fuzzing). RFC 9051 puts a space there; a non-ASCII
            // byte in that place is refused in every response that imap-proto reads as
            // status text (tagged, continuation, `* OK/NO/BAD/BYE/PREAUTH`).
            if self.prev == b']' && b >= 0x80 && !self.literal_allowed() {
                return Err(Violation::UnreadableStatusText);
            }
            // Quoted strings count too: imap-proto's fallback for unknown attributes can
            // parse what this scanner took for the inside of one (see the module docs).
            if b.eq_ignore_ascii_case(&NIL_DATE[self.nil_date]) {
                self.nil_date += 1;
                if self.nil_date == NIL_DATE.len() {
                    return Err(Violation::NilInternalDate);
                }
            } else {
                self.nil_date = usize::from(b.eq_ignore_ascii_case(&NIL_DATE[0]));
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
        self.nil_date = 0;
    }
}
