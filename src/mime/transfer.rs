//! Content-Transfer-Encoding decoding: the one set of rules for base64 and
//! quoted-printable, used whole (a part body while parsing) and chunk by chunk (an
//! attachment streaming to disk, a forwarded attachment streaming into a new message).
//!
//! The decoders are tolerant and never fail: base64 skips characters outside the
//! alphabet and lets `=` end a quantum; quoted-printable decodes `=XX`, joins lines at a
//! soft break (`=` before optional blanks and a line end) and keeps any other `=`
//! literally. `StreamDecoder` carries what a chunk border cut off (an unfinished base64
//! quantum, an `=` whose meaning depends on the next bytes) into the next call, so any
//! chunking gives the same bytes as decoding the whole.

/// A part's Content-Transfer-Encoding, as far as decoding is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransferEncoding {
    /// 7bit, 8bit, binary, missing or unknown: the bytes are the content.
    Identity,
    Base64,
    QuotedPrintable,
}

impl TransferEncoding {
    /// Reads the header value (`base64`, `Quoted-Printable (comment)`, ...).
    pub(crate) fn from_header(value: &[u8]) -> Self {
        let text = String::from_utf8_lossy(value);
        let word = text
            .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .trim_matches('"');
        if word.eq_ignore_ascii_case("base64") {
            TransferEncoding::Base64
        } else if word.eq_ignore_ascii_case("quoted-printable") {
            TransferEncoding::QuotedPrintable
        } else {
            TransferEncoding::Identity
        }
    }
}

/// A decoder for one part, fed chunk by chunk.
#[derive(Debug)]
pub enum StreamDecoder {
    /// 7bit, 8bit, binary and unknown encodings: bytes as they are.
    Identity,
    /// The sextets of the unfinished quantum (`acc`, `n` of them).
    Base64 { acc: u32, n: u8 },
    /// The bytes from an `=` whose meaning the chunk border cut off.
    QuotedPrintable { pending: Vec<u8> },
}

impl StreamDecoder {
    /// The decoder for an encoding as BODYSTRUCTURE or a header names it.
    pub fn for_encoding(encoding: &str) -> StreamDecoder {
        StreamDecoder::new(TransferEncoding::from_header(encoding.as_bytes()))
    }

    pub(crate) fn new(encoding: TransferEncoding) -> StreamDecoder {
        match encoding {
            TransferEncoding::Identity => StreamDecoder::Identity,
            TransferEncoding::Base64 => StreamDecoder::Base64 { acc: 0, n: 0 },
            TransferEncoding::QuotedPrintable => StreamDecoder::QuotedPrintable { pending: Vec::new() },
        }
    }

    /// Decodes `input`, appending to `out`; keeps an unfinished tail for the next call.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        match self {
            StreamDecoder::Identity => out.extend_from_slice(input),
            StreamDecoder::Base64 { acc, n } => base64_feed(acc, n, input, out),
            StreamDecoder::QuotedPrintable { pending } => {
                if pending.is_empty() {
                    let used = quoted_printable_into(input, out, false);
                    pending.extend_from_slice(&input[used..]);
                } else {
                    pending.extend_from_slice(input);
                    let used = quoted_printable_into(pending, out, false);
                    pending.drain(..used);
                }
            }
        }
    }

    /// Flushes what is left at the end of the part.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        match self {
            StreamDecoder::Identity => {}
            StreamDecoder::Base64 { acc, n } => {
                flush_partial(out, *acc, *n);
                (*acc, *n) = (0, 0);
            }
            StreamDecoder::QuotedPrintable { pending } => {
                quoted_printable_into(pending, out, true);
                pending.clear();
            }
        }
    }
}

/// Decodes a whole part body according to its transfer encoding.
pub(crate) fn transfer_decode(raw: &[u8], encoding: TransferEncoding) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut decoder = StreamDecoder::new(encoding);
    decoder.feed(raw, &mut out);
    decoder.finish(&mut out);
    out
}

/// Decoded size without decoding: exact for identity and quoted-printable, exact up to
/// padding for base64. Used for the attachment list ("size" is an estimate there).
pub(crate) fn decoded_size(raw: &[u8], encoding: TransferEncoding) -> u64 {
    match encoding {
        TransferEncoding::Identity => raw.len() as u64,
        TransferEncoding::Base64 => {
            let symbols = raw.iter().filter(|&&b| base64_value(b).is_some()).count() as u64;
            symbols * 3 / 4
        }
        TransferEncoding::QuotedPrintable => {
            transfer_decode(raw, TransferEncoding::QuotedPrintable).len() as u64
        }
    }
}

/// Each byte's base64 value, or [`NOT_BASE64`] (`=` too: the decoder treats it apart).
const BASE64_VALUES: [u8; 256] = {
    let mut table = [NOT_BASE64; 256];
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8;
        table[b'a' as usize + i] = i as u8 + 26;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        table[b'0' as usize + d] = d as u8 + 52;
        d += 1;
    }
    // The URL-safe alphabet's two characters are accepted too.
    table[b'+' as usize] = 62;
    table[b'-' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b'_' as usize] = 63;
    table
};
const NOT_BASE64: u8 = 0xff;

fn base64_value(b: u8) -> Option<u8> {
    let v = BASE64_VALUES[usize::from(b)];
    (v != NOT_BASE64).then_some(v)
}

/// Tolerant base64: characters outside the alphabet are skipped, `=` ends a quantum,
/// a dangling partial quantum keeps the bytes it completes (at `=` or in `finish`).
fn base64_feed(acc: &mut u32, n: &mut u8, input: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    // Each character yields at most 3/4 of a byte, the carried quantum included: room
    // for all of it, written in place (no capacity check per byte), cut to size below.
    out.resize(start + input.len() / 4 * 3 + 6, 0);
    let dst = &mut out[start..];
    let mut w = 0;
    let mut rest = input;
    loop {
        if *n == 0 {
            // The bulk of a body: whole lines of complete quanta, decoded 4 at a time
            // (a saved attachment spends most of its CPU time here).
            let (used, made) = whole_quanta(rest, &mut dst[w..]);
            rest = &rest[used..];
            w += made;
        }
        let Some((&b, tail)) = rest.split_first() else {
            break;
        };
        rest = tail;
        if b == b'=' {
            let (bytes, len) = partial_bytes(*acc, *n);
            dst[w..w + len].copy_from_slice(&bytes[..len]);
            w += len;
            (*acc, *n) = (0, 0);
            continue;
        }
        let Some(v) = base64_value(b) else { continue };
        *acc = (*acc << 6) | u32::from(v);
        *n += 1;
        if *n == 4 {
            dst[w..w + 3].copy_from_slice(&[(*acc >> 16) as u8, (*acc >> 8) as u8, *acc as u8]);
            w += 3;
            (*acc, *n) = (0, 0);
        }
    }
    out.truncate(start + w);
}

/// Decodes the leading groups of four alphabet characters of `input` into `dst`
/// (exactly what the byte-by-byte path would make of them); returns how many bytes it
/// used and made.
fn whole_quanta(input: &[u8], dst: &mut [u8]) -> (usize, usize) {
    let mut quanta = 0;
    for (q, o) in input.chunks_exact(4).zip(dst.chunks_exact_mut(3)) {
        let [a, b, c, d] = [q[0], q[1], q[2], q[3]].map(|x| BASE64_VALUES[usize::from(x)]);
        if (a | b | c | d) & 0xc0 != 0 {
            break;
        }
        let v = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
        o.copy_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
        quanta += 1;
    }
    (quanta * 4, quanta * 3)
}

/// The bytes an unfinished quantum of `n` sextets completes.
fn partial_bytes(acc: u32, n: u8) -> ([u8; 2], usize) {
    match n {
        2 => ([(acc >> 4) as u8, 0], 1),
        3 => ([(acc >> 10) as u8, (acc >> 2) as u8], 2),
        _ => ([0, 0], 0),
    }
}

fn flush_partial(out: &mut Vec<u8>, acc: u32, n: u8) {
    let (bytes, len) = partial_bytes(acc, n);
    out.extend_from_slice(&bytes[..len]);
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Tolerant quoted-printable into `out`; returns how many bytes of `input` it used. With
/// `at_end` false it stops before an `=` whose meaning depends on bytes not there yet
/// (the caller feeds them with the next chunk); with `at_end` true it uses everything.
/// Line ends are kept as they are.
fn quoted_printable_into(input: &[u8], out: &mut Vec<u8>, at_end: bool) -> usize {
    out.reserve(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] != b'=' {
            // Copy the run up to the next `=` at once.
            let run = input[i..]
                .iter()
                .position(|&b| b == b'=')
                .unwrap_or(input.len() - i);
            out.extend_from_slice(&input[i..i + run]);
            i += run;
            continue;
        }
        // Soft line break: "=" followed by optional whitespace and a line end.
        let mut j = i + 1;
        while j < input.len() && (input[j] == b' ' || input[j] == b'\t') {
            j += 1;
        }
        if j >= input.len() {
            if !at_end {
                return i;
            }
            // "=" (and blanks) at the very end: a soft break with nothing after it.
            return input.len();
        }
        if input[j] == b'\n' || input[j] == b'\r' {
            if input[j] == b'\r' {
                match input.get(j + 1) {
                    Some(b'\n') => j += 1,
                    None if !at_end => return i,
                    _ => {}
                }
            }
            i = j + 1;
            continue;
        }
        if !at_end && i + 2 >= input.len() {
            return i;
        }
        match (
            input.get(i + 1).copied().and_then(hex_value),
            input.get(i + 2).copied().and_then(hex_value),
        ) {
            (Some(h), Some(l)) => {
                out.push((h << 4) | l);
                i += 3;
            }
            _ => {
                out.push(b'=');
                i += 1;
            }
        }
    }
    input.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_base64(input: &[u8]) -> Vec<u8> {
        transfer_decode(input, TransferEncoding::Base64)
    }

    fn decode_quoted_printable(input: &[u8]) -> Vec<u8> {
        transfer_decode(input, TransferEncoding::QuotedPrintable)
    }

    fn decode_in_chunks(enc: &str, input: &[u8], chunk: usize) -> Vec<u8> {
        let mut d = StreamDecoder::for_encoding(enc);
        let mut out = Vec::new();
        for c in input.chunks(chunk) {
            d.feed(c, &mut out);
        }
        d.finish(&mut out);
        out
    }

    #[test]
    fn base64_is_tolerant() {
        assert_eq!(decode_base64(b"aGVsbG8gd29ybGQ="), b"hello world");
        assert_eq!(decode_base64(b"aGVs\r\nbG8g\r\nd29y\r\nbGQ="), b"hello world");
        assert_eq!(decode_base64(b"aGVsbG8*!#gd29ybGQ"), b"hello world");
        assert_eq!(decode_base64(b"aGVsbA==aGVsbA=="), b"hellhell");
        assert_eq!(decode_base64(b"!!!"), b"");
        assert_eq!(decode_base64(b"a"), b"");
    }

    #[test]
    fn quoted_printable_is_tolerant() {
        assert_eq!(decode_quoted_printable(b"caf=C3=A9"), "café".as_bytes());
        assert_eq!(decode_quoted_printable(b"soft=\r\nbreak"), b"softbreak");
        assert_eq!(decode_quoted_printable(b"soft= \nbreak"), b"softbreak");
        assert_eq!(decode_quoted_printable(b"bad=ZZ and =4"), b"bad=ZZ and =4");
        assert_eq!(decode_quoted_printable(b"end="), b"end");
        assert_eq!(decode_quoted_printable(b"a\r\nb"), b"a\r\nb");
    }

    #[test]
    fn transfer_encoding_header() {
        assert_eq!(
            TransferEncoding::from_header(b" Base64\r\n"),
            TransferEncoding::Base64
        );
        assert_eq!(
            TransferEncoding::from_header(b"quoted-printable (x)"),
            TransferEncoding::QuotedPrintable
        );
        assert_eq!(TransferEncoding::from_header(b"8bit"), TransferEncoding::Identity);
        assert_eq!(TransferEncoding::from_header(b""), TransferEncoding::Identity);
    }

    #[test]
    fn sizes() {
        assert_eq!(decoded_size(b"aGVsbG8gd29ybGQ=", TransferEncoding::Base64), 11);
        assert_eq!(decoded_size(b"caf=C3=A9", TransferEncoding::QuotedPrintable), 5);
        assert_eq!(decoded_size(b"abc", TransferEncoding::Identity), 3);
    }

    #[test]
    fn base64_any_chunking_gives_the_same_bytes() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut enc = base64_encode(&data);
        // Wrap at 76 columns like mail does.
        let wrapped: Vec<u8> = enc
            .chunks(76)
            .flat_map(|l| l.iter().copied().chain(*b"\r\n"))
            .collect();
        enc = wrapped;
        for chunk in [1, 2, 3, 5, 77, 78, 1000, enc.len()] {
            assert_eq!(decode_in_chunks("base64", &enc, chunk), data, "chunk {chunk}");
        }
    }

    /// The whole-quanta fast path gives what the standard decoder gives, whatever the
    /// line width (quanta split across lines included) and the chunking.
    #[test]
    fn base64_fast_path_matches_the_standard_decoder() {
        let data: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8)
            .collect();
        let enc = base64_encode(&data);
        for width in [76, 64, 73, 1, enc.len()] {
            let wrapped: Vec<u8> = enc
                .chunks(width)
                .flat_map(|l| l.iter().copied().chain(*b"\r\n"))
                .collect();
            for chunk in [1, 3, 4, 1000, 65_537, wrapped.len()] {
                assert_eq!(
                    decode_in_chunks("base64", &wrapped, chunk),
                    data,
                    "width {width} chunk {chunk}"
                );
            }
        }
    }

    fn base64_encode(data: &[u8]) -> Vec<u8> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .encode(data)
            .into_bytes()
    }

    #[test]
    fn quoted_printable_any_chunking_gives_the_same_bytes() {
        let enc = b"Gr=C3=BC=C3=9Fe, caf=C3=A9 =3D ok=\r\nsoft break\r\nend=\n!";
        let want = "Grüße, café = oksoft break\r\nend!".as_bytes();
        for chunk in 1..enc.len() {
            assert_eq!(
                decode_in_chunks("quoted-printable", enc, chunk),
                want,
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn any_chunking_matches_the_whole_decode_on_odd_input() {
        let inputs: &[(&str, &[u8])] = &[
            ("quoted-printable", b"a=  \r\nb= \t\nc=\rd=4=ZZ=\r\n=3d=3D= x=\r"),
            ("quoted-printable", b"end=  "),
            ("base64", b"SGVs bG8=!!!IHdv\x00cmxk=QQ-_"),
        ];
        for (enc, input) in inputs {
            let whole = decode_in_chunks(enc, input, input.len());
            for chunk in 1..input.len() {
                assert_eq!(decode_in_chunks(enc, input, chunk), whole, "{enc} chunk {chunk}");
            }
        }
    }

    #[test]
    fn garbage_is_survived() {
        let out = decode_in_chunks("base64", b"SGVs bG8=!!!IHdv\x00cmxk", 3);
        assert!(out.starts_with(b"Hello"), "{out:?}");
        // One rule for every caller: a trailing "=" is a soft break with nothing after it.
        let out = decode_in_chunks("quoted-printable", b"a=ZZb=", 2);
        assert_eq!(out, b"a=ZZb");
    }
}
