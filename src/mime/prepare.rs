//! A working copy of the bytes for mail-parser, changed in place (same length, so every
//! offset mail-parser reports is valid in the original, from which bodies are read):
//!
//! - `Content-Type: message/...` becomes `messagx/...` and `multipart/digest` becomes
//!   `multipart/digesx`, so mail-parser never builds nested messages itself. Tern parses
//!   each attached message as a level of its own (`tree.rs`). Mail-parser's own handling
//!   of nested messages is where its known trouble lies: a recursive drop that overflows
//!   the stack on deep chains, quadratic copies for encoded ones, and a `debug_assert`
//!   that fires on real messages (four of the corpus in tests/corpus) in debug builds.
//! - In Content-Type fields longer than `MAX_CONTENT_TYPE_FIELD`, `boundary` becomes
//!   `boundarx`: an over-long boundary makes mail-parser's boundary search quadratic
//!   (a 200,000-byte boundary over 1 MB took 5 s). That multipart is then one text part.
//!
//! The changes are lexical (on unfolded header fields named Content-Type, wherever they
//! are, bodies included: harmless there because bodies are read from the original).
//! A form this misses (a comment before the type, say) is still safe: mail-parser then
//! nests the message itself, and `tree.rs` takes such trees apart iteratively.

use super::limits::MAX_CONTENT_TYPE_FIELD;

/// Marks the renamed types carry (one byte changed, same length).
pub(crate) const MESSAGE_MARK: &str = "messagx/";
pub(crate) const DIGEST_MARK: &str = "multipart/digesx";

/// What [`prepare`] changed.
pub(crate) struct Prepared {
    /// The changed copy; None when nothing had to change.
    pub buf: Option<Vec<u8>>,
    /// A boundary was neutralized for being too long.
    pub long_boundary: bool,
}

/// Length of a `Content-Type` field name at the start of `line`, up to and including
/// the colon (leading whitespace and whitespace before the colon allowed).
fn content_type_name_len(line: &[u8]) -> Option<usize> {
    let lead = line.iter().position(|b| !b.is_ascii_whitespace())?;
    let name = line.get(lead..lead + 12)?;
    if !name.eq_ignore_ascii_case(b"content-type") {
        return None;
    }
    let mut i = lead + 12;
    while i < line.len() && matches!(line[i], b' ' | b'\t') {
        i += 1;
    }
    (line.get(i) == Some(&b':')).then_some(i + 1)
}

fn starts_with_ignore_case(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn is_token_end(b: Option<&u8>) -> bool {
    b.is_none_or(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'+' | b'_')))
}

/// Applies the in-place renames described in the module docs.
pub(crate) fn prepare(raw: &[u8]) -> Prepared {
    let mut out: Option<Vec<u8>> = None;
    let mut long_boundary = false;
    let mut start = 0;
    while start < raw.len() {
        // A logical line ends at a line break not followed by folding whitespace.
        let mut end = start;
        loop {
            match raw[end..].iter().position(|&b| b == b'\n') {
                Some(p) => {
                    end += p + 1;
                    if end < raw.len() && matches!(raw[end], b' ' | b'\t') {
                        continue;
                    }
                }
                None => end = raw.len(),
            }
            break;
        }
        let line = &raw[start..end];
        if let Some(name_len) = content_type_name_len(line) {
            let value_at = line[name_len..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map(|p| start + name_len + p);
            if let Some(v) = value_at {
                let value = &raw[v..end];
                if starts_with_ignore_case(value, b"message/") {
                    out.get_or_insert_with(|| raw.to_vec())[v + 6] = b'x';
                } else if starts_with_ignore_case(value, b"multipart/digest") && is_token_end(value.get(16)) {
                    out.get_or_insert_with(|| raw.to_vec())[v + 15] = b'x';
                }
            }
            if line.len() > MAX_CONTENT_TYPE_FIELD {
                let buf = out.get_or_insert_with(|| raw.to_vec());
                let mut i = start;
                while i + 8 <= end {
                    if buf[i..i + 8].eq_ignore_ascii_case(b"boundary") {
                        buf[i + 7] = b'x';
                        long_boundary = true;
                        i += 8;
                    } else {
                        i += 1;
                    }
                }
            }
        }
        start = end;
    }
    Prepared {
        buf: out,
        long_boundary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &str) -> (String, bool) {
        let p = prepare(raw.as_bytes());
        let buf = p.buf.unwrap_or_else(|| raw.as_bytes().to_vec());
        assert_eq!(buf.len(), raw.len());
        (String::from_utf8(buf).expect("utf8"), p.long_boundary)
    }

    #[test]
    fn short_fields_are_left_alone() {
        let raw = "Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abc\r\n";
        assert!(prepare(raw.as_bytes()).buf.is_none());
    }

    #[test]
    fn message_and_digest_types_are_renamed() {
        let (out, _) = run(
            "Subject: x\r\nContent-Type:\r\n MESSAGE/rfc822\r\ncontent-type : message/global\r\n\
             Content-Type: multipart/digest; boundary=d\r\nContent-Type: multipart/digestive\r\n\r\n",
        );
        assert!(out.contains("MESSAGx/rfc822"));
        assert!(out.contains("messagx/global"));
        assert!(out.contains("multipart/digesx; boundary=d"));
        assert!(out.contains("multipart/digestive"));
    }

    #[test]
    fn long_boundary_fields_are_neutralized_in_place() {
        let long = "b".repeat(600);
        let (out, long_boundary) = run(&format!(
            "Subject: x\r\nContent-Type: multipart/mixed;\r\n\tBOUNDARY=\"{long}\"\r\n\r\nbody boundary\r\n"
        ));
        assert!(long_boundary);
        assert!(out.contains("BOUNDARx="));
        assert!(out.ends_with("body boundary\r\n"), "body untouched");
    }

    #[test]
    fn long_other_fields_are_left_alone() {
        let raw = format!("Subject: boundary {}\r\n\r\n", "x".repeat(1000));
        assert!(prepare(raw.as_bytes()).buf.is_none());
    }
}
