//! Content-Transfer-Encoding and charset decoding of part bodies.
//!
//! Mail-parser is run with its transfer decoding switched off (see `tree.rs` for why), so
//! part bodies are decoded here: tolerant base64 and quoted-printable decoders that never
//! fail (garbage is skipped), and charset conversion through mail-parser's own charset
//! table (encoding_rs behind it).

use mail_parser::decoders::charsets::map::charset_decoder;

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

fn base64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Tolerant base64: characters outside the alphabet are skipped, `=` ends a quantum,
/// a dangling partial quantum keeps the bytes it completes.
pub(crate) fn decode_base64(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut n = 0u8;
    for &b in input {
        if b == b'=' {
            flush_partial(&mut out, acc, n);
            acc = 0;
            n = 0;
            continue;
        }
        let Some(v) = base64_value(b) else { continue };
        acc = (acc << 6) | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    flush_partial(&mut out, acc, n);
    out
}

fn flush_partial(out: &mut Vec<u8>, acc: u32, n: u8) {
    match n {
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => {}
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Tolerant quoted-printable: `=XX` decodes, `=` before a line end joins lines, any other
/// `=` is kept literally. Line ends are kept as they are.
pub(crate) fn decode_quoted_printable(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        // Soft line break: "=" followed by optional whitespace and a line end.
        let mut j = i + 1;
        while j < input.len() && (input[j] == b' ' || input[j] == b'\t') {
            j += 1;
        }
        if j < input.len() && (input[j] == b'\n' || input[j] == b'\r') {
            if input[j] == b'\r' && input.get(j + 1) == Some(&b'\n') {
                j += 1;
            }
            i = j + 1;
            continue;
        }
        if j >= input.len() {
            // "=" at the very end: a soft break with nothing after it.
            break;
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
    out
}

/// Decodes a part body according to its transfer encoding.
pub(crate) fn transfer_decode(raw: &[u8], encoding: TransferEncoding) -> Vec<u8> {
    match encoding {
        TransferEncoding::Identity => raw.to_vec(),
        TransferEncoding::Base64 => decode_base64(raw),
        TransferEncoding::QuotedPrintable => decode_quoted_printable(raw),
    }
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
        TransferEncoding::QuotedPrintable => decode_quoted_printable(raw).len() as u64,
    }
}

fn is_utf8_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        n.as_str(),
        "utf8" | "unicode11utf8" | "unicode20utf8" | "xunicode20utf8" | "unicode20" | "utf8bom"
    )
}

/// Outcome of charset decoding: the text and, when the charset was not known, its name
/// (for a warning).
pub(crate) struct Decoded {
    pub text: String,
    pub unknown_charset: Option<String>,
}

/// Bytes to text. Declared UTF-8 (and no charset at all) decode as UTF-8, with a
/// windows-1252 fallback for undeclared 8-bit text that is not valid UTF-8 (what most
/// real mail without a charset is). Known charsets go through mail-parser's table.
/// Unknown charsets decode as UTF-8 (lossy) and are reported.
pub(crate) fn decode_charset(bytes: &[u8], charset: Option<&str>) -> Decoded {
    let charset = charset
        .map(|c| {
            let c = c.trim().trim_matches(['"', '\'']).trim();
            // A doubled parameter name ("charset=charset=us-ascii") is a common slip.
            match c.get(..8) {
                Some(p) if p.eq_ignore_ascii_case("charset=") => c[8..].trim(),
                _ => c,
            }
        })
        .filter(|c| !c.is_empty());
    let Some(name) = charset else {
        return Decoded {
            text: utf8_or_cp1252(bytes),
            unknown_charset: None,
        };
    };
    if is_utf8_name(name) {
        return Decoded {
            text: strip_bom(String::from_utf8_lossy(bytes).into_owned()),
            unknown_charset: None,
        };
    }
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "us-ascii" | "ascii" | "us_ascii" | "ansi_x3.4-1968"
    ) {
        // Declared ASCII but often really UTF-8 or Latin-1.
        return Decoded {
            text: utf8_or_cp1252(bytes),
            unknown_charset: None,
        };
    }
    // Windows code page names mail-parser's table does not know.
    let name = match lower.as_str() {
        "cp932" | "x-cp932" | "windows-932" => "windows-31j",
        "cp936" | "windows-936" => "gbk",
        "cp949" | "windows-949" | "ks_c_5601" => "euc-kr",
        "cp950" | "windows-950" => "big5",
        "latin-1" | "iso8859_1" => "iso-8859-1",
        "cp819" => "iso-8859-1",
        _ => name,
    };
    if name.len() <= 45
        && let Some(decoder) = charset_decoder(name.as_bytes())
    {
        return Decoded {
            text: decoder(bytes),
            unknown_charset: None,
        };
    }
    Decoded {
        text: utf8_or_cp1252(bytes),
        unknown_charset: Some(name.to_string()),
    }
}

fn strip_bom(s: String) -> String {
    match s.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn utf8_or_cp1252(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => strip_bom(s.to_string()),
        Err(_) => match charset_decoder(b"windows-1252") {
            Some(decoder) => decoder(bytes),
            None => String::from_utf8_lossy(bytes).into_owned(),
        },
    }
}

/// Looks for `<meta charset=...>` or `content="text/html; charset=..."` near the start of
/// an HTML body (used when the MIME header declares no charset).
pub(crate) fn html_meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &head[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(rest.len());
    let name = std::str::from_utf8(&rest[..end]).ok()?;
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn charsets() {
        assert_eq!(decode_charset(b"caf\xe9", Some("iso-8859-1")).text, "café");
        assert_eq!(decode_charset("café".as_bytes(), Some("UTF-8")).text, "café");
        assert_eq!(decode_charset(b"caf\xe9", None).text, "café");
        let d = decode_charset(b"abc", Some("x-no-such-charset"));
        assert_eq!(d.text, "abc");
        assert_eq!(d.unknown_charset.as_deref(), Some("x-no-such-charset"));
        assert_eq!(
            decode_charset(b"\xc4\xe5\xed\xfc", Some("windows-1251")).text,
            "День"
        );
        assert_eq!(decode_charset(b"\x93\xfa\x96\x7b", Some("cp932")).text, "日本");
        assert_eq!(
            decode_charset(b"caf\xe9", Some("charset=iso-8859-1")).text,
            "café"
        );
        assert!(decode_charset(b"x", Some("\"utf-8\"")).unknown_charset.is_none());
    }

    #[test]
    fn sizes() {
        assert_eq!(decoded_size(b"aGVsbG8gd29ybGQ=", TransferEncoding::Base64), 11);
        assert_eq!(decoded_size(b"caf=C3=A9", TransferEncoding::QuotedPrintable), 5);
        assert_eq!(decoded_size(b"abc", TransferEncoding::Identity), 3);
    }

    #[test]
    fn meta_charset() {
        assert_eq!(
            html_meta_charset(b"<html><meta charset=\"koi8-r\">").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(
            html_meta_charset(b"<meta http-equiv=Content-Type content='text/html; charset=iso-8859-2'>")
                .as_deref(),
            Some("iso-8859-2")
        );
        assert_eq!(html_meta_charset(b"<p>no</p>"), None);
    }
}
