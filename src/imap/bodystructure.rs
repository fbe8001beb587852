//! BODYSTRUCTURE (imap-proto) -> our `BodyPart` tree with IMAP section numbers.
//! The guarded stream has already bounded nesting to 64, so recursion here is shallow.

use std::borrow::Cow;

use imap_proto::{BodyStructure, ContentEncoding};

use crate::core::BodyPart;

type Params<'a> = Option<Vec<(Cow<'a, str>, Cow<'a, str>)>>;

fn param(params: &Params<'_>, key: &str) -> Option<String> {
    params
        .as_ref()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.to_string())
}

/// A name from RFC 2231 (`filename*`, possibly continued) or a plain/RFC 2047 value.
fn file_name(params: &Params<'_>, key: &str) -> Option<String> {
    if let Some(v) = param(params, key) {
        return Some(decode_2047(&v));
    }
    // Most parts have no name at all: spare the RFC 2231 key lookups below (they format
    // a key per try, which a profile of a first sync showed).
    let starts_with_key =
        |k: &str| k.len() > key.len() && k.as_bytes()[..key.len()].eq_ignore_ascii_case(key.as_bytes());
    if !params.as_ref()?.iter().any(|(k, _)| starts_with_key(k)) {
        return None;
    }
    let star = param(params, &format!("{key}*"));
    let continued: String = (0..100)
        .map_while(|i| param(params, &format!("{key}*{i}*")).or_else(|| param(params, &format!("{key}*{i}"))))
        .collect();
    let raw = star.or(if continued.is_empty() {
        None
    } else {
        Some(continued)
    })?;
    Some(decode_2231(&raw))
}

/// `charset'lang'percent-encoded` -> text (UTF-8 and Latin-1 charsets; others lossy).
fn decode_2231(v: &str) -> String {
    let mut parts = v.splitn(3, '\'');
    let (charset, _lang, text) = match (parts.next(), parts.next(), parts.next()) {
        (Some(c), Some(l), Some(t)) => (c, l, t),
        _ => ("utf-8", "", v),
    };
    let mut bytes = Vec::with_capacity(text.len());
    let mut it = text.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex: Vec<u8> = it.by_ref().take(2).collect();
            match std::str::from_utf8(&hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(x) => bytes.push(x),
                None => bytes.extend_from_slice(&hex),
            }
        } else {
            bytes.push(b);
        }
    }
    if charset.eq_ignore_ascii_case("iso-8859-1") || charset.eq_ignore_ascii_case("latin1") {
        bytes.iter().map(|&b| b as char).collect()
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// RFC 2047 encoded words in a parameter (common though not standard) via mail-parser.
fn decode_2047(v: &str) -> String {
    if !v.contains("=?") {
        return v.to_string();
    }
    let header = format!("Subject: {v}\r\n\r\n");
    mail_parser::MessageParser::default()
        .parse_headers(header.as_bytes())
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or_else(|| v.to_string())
}

fn encoding(e: &ContentEncoding<'_>) -> String {
    match e {
        ContentEncoding::SevenBit => "7bit".into(),
        ContentEncoding::EightBit => "8bit".into(),
        ContentEncoding::Binary => "binary".into(),
        ContentEncoding::Base64 => "base64".into(),
        ContentEncoding::QuotedPrintable => "quoted-printable".into(),
        ContentEncoding::Other(o) => o.to_ascii_lowercase(),
    }
}

/// Lower-case "type/subtype" in one allocation.
fn mime_type(ty: &str, subtype: &str) -> String {
    let mut s = String::with_capacity(ty.len() + 1 + subtype.len());
    s.push_str(ty);
    s.push('/');
    s.push_str(subtype);
    s.make_ascii_lowercase();
    s
}

fn child_section(parent: &str, index: usize) -> String {
    if parent.is_empty() {
        index.to_string()
    } else {
        format!("{parent}.{index}")
    }
}

/// Converts the whole structure. A non-multipart message's only part is section "1".
pub fn convert(bs: &BodyStructure<'_>) -> BodyPart {
    match bs {
        BodyStructure::Multipart { .. } => convert_at(bs, String::new()),
        _ => convert_at(bs, "1".to_string()),
    }
}

fn convert_at(bs: &BodyStructure<'_>, section: String) -> BodyPart {
    match bs {
        BodyStructure::Multipart { common, bodies, .. } => BodyPart {
            mime_type: mime_type("multipart", &common.ty.subtype),
            boundary: param(&common.ty.params, "boundary"),
            children: bodies
                .iter()
                .enumerate()
                .map(|(i, b)| convert_at(b, child_section(&section, i + 1)))
                .collect(),
            section,
            ..Default::default()
        },
        BodyStructure::Basic { common, other, .. }
        | BodyStructure::Text { common, other, .. }
        | BodyStructure::Message { common, other, .. } => {
            let disposition = common.disposition.as_ref();
            let mut part = BodyPart {
                mime_type: mime_type(&common.ty.ty, &common.ty.subtype),
                charset: param(&common.ty.params, "charset"),
                name: disposition
                    .and_then(|d| file_name(&d.params, "filename"))
                    .or_else(|| file_name(&common.ty.params, "name")),
                disposition: disposition.map(|d| d.ty.to_ascii_lowercase()),
                content_id: other.id.as_ref().map(|s| s.to_string()),
                encoding: encoding(&other.transfer_encoding),
                size: other.octets,
                section: section.clone(),
                boundary: None,
                children: Vec::new(),
            };
            if let BodyStructure::Message { body, .. } = bs {
                // The encapsulated message's parts: "N.1", "N.2" ... (multipart body) or
                // "N.1" for a single-part body.
                let inner = match body.as_ref() {
                    BodyStructure::Multipart { .. } => convert_at(body, section),
                    single => convert_at(single, child_section(&section, 1)),
                };
                part.children.push(inner);
            }
            part
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&'static str, &'static str)]) -> Params<'static> {
        Some(
            pairs
                .iter()
                .map(|(k, v)| (Cow::from(*k), Cow::from(*v)))
                .collect(),
        )
    }

    #[test]
    fn file_names_come_from_plain_2231_and_continued_parameters() {
        let plain = params(&[("charset", "utf-8"), ("NAME", "a.pdf")]);
        assert_eq!(file_name(&plain, "name").as_deref(), Some("a.pdf"));
        let star = params(&[("filename*", "utf-8''%C3%A9t%C3%A9.txt")]);
        assert_eq!(file_name(&star, "filename").as_deref(), Some("été.txt"));
        let continued = params(&[("Filename*0*", "utf-8''long%20"), ("filename*1", "name.zip")]);
        assert_eq!(
            file_name(&continued, "filename").as_deref(),
            Some("long name.zip")
        );
        let none = params(&[("charset", "utf-8"), ("format", "flowed")]);
        assert_eq!(file_name(&none, "name"), None);
        assert_eq!(file_name(&None, "name"), None);
    }

    #[test]
    fn mime_types_are_lower_case() {
        assert_eq!(mime_type("TEXT", "Plain"), "text/plain");
    }
}
