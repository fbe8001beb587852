//! Charset decoding of part bodies, through mail-parser's own charset table
//! (encoding_rs behind it). Transfer decoding (base64, quoted-printable) is in
//! `transfer.rs`: mail-parser runs with its own switched off (see `tree.rs` for why).

use mail_parser::decoders::charsets::map::charset_decoder;

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
