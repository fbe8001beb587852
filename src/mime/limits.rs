//! Limits that keep one hostile message from hurting the process (SG-PARSE-1, T-11, T-12).
//!
//! Measured on mail-parser 0.11.9 (debug build, dependencies at opt-level 1):
//! - Multipart nesting is parsed iteratively (a heap stack of states): 5,000 levels parse
//!   in ~5 ms, 200,000 sibling parts in ~25 ms. No stack risk there.
//! - Nested `message/rfc822` parts become nested `Message` values. Parsing them is
//!   iterative, but *dropping* the tree recurses once per level: a 50,000-deep chain
//!   (~2 MB) overflowed a 2 MiB thread stack while being dropped.
//! - A base64 or quoted-printable encoded `message/rfc822` part is re-parsed by
//!   mail-parser and every message nested inside it copies the whole decoded buffer
//!   (`into_owned`): quadratic. 235 KB of input cost 685 MB and 0.9 s.
//! - Its nested-message bookkeeping also trips a `debug_assert` on real messages (four in
//!   the corpus in tests/corpus) in debug builds, which is how the tests are built.
//! - Boundaries are matched with a memcmp at every `--` in a body: a 200,000-byte boundary
//!   over 1 MB of dashes took 5 s.
//!
//! So (see `prepare.rs` and `tree.rs`): mail-parser never nests messages (their types are
//! renamed in a working copy and Tern parses each attached message as its own level,
//! bounded by the depth and part limits below), its transfer decoding is off (Tern
//! decodes), trees it still nests are taken apart iteratively, over-long boundaries are
//! neutralized, a panic inside mail-parser falls back to showing the message as plain
//! text, and the total bytes handed to mail-parser stay linear in the input. No thread
//! with a big stack is needed: the generated adversarial cases (mime integration tests)
//! all run on a 1 MiB stack, each well within 1 s per MiB in a debug build.

/// Most MIME entities kept in the model; the rest is left out and `truncated` is set.
pub const MAX_PARTS: usize = 1_000;

/// Deepest nesting kept in the model (the message itself is depth 0).
pub const MAX_DEPTH: usize = 32;

/// A Content-Type field longer than this (unfolded, in bytes) cannot declare its
/// boundary: RFC 2046 allows boundaries of at most 70 characters, and long ones make
/// boundary matching quadratic (see `prepare.rs`).
pub const MAX_CONTENT_TYPE_FIELD: usize = 512;

/// Most encoded (base64 / quoted-printable) `message/*` parts handled per parse level.
pub const MAX_ENCODED_MESSAGES_PER_LEVEL: usize = 16;

/// Most bytes handed to mail-parser for one message, as a multiple of the input size
/// plus a constant: re-parses and nested messages must stay linear in the input.
pub const PARSE_BYTES_FACTOR: usize = 8;
pub const PARSE_BYTES_EXTRA: usize = 4 << 20;
