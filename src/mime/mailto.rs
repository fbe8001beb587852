//! `mailto:` links (RFC 6068) from message bodies to a new draft: addresses, and the
//! `subject`, `cc`, `bcc` and `body` fields. Other fields (`in-reply-to`, arbitrary
//! headers) are ignored: a link in a message must not forge threading or headers.

use crate::core::Draft;

/// Most addresses taken from one link.
const MAX_ADDRESSES: usize = 50;
/// Longest body text taken from one link.
const MAX_BODY_CHARS: usize = 10_000;

/// The draft a click on `url` starts, or None when it is no usable `mailto:` link.
pub fn draft(url: &str) -> Option<Draft> {
    let rest = url
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("mailto:"))
        .map(|_| &url[7..])?;
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut draft = Draft {
        to: addresses(&percent_decode(to)),
        ..Draft::default()
    };
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        match key.to_ascii_lowercase().as_str() {
            "to" => draft.to.extend(addresses(&value)),
            "cc" => draft.cc.extend(addresses(&value)),
            "bcc" => draft.bcc.extend(addresses(&value)),
            "subject" => draft.subject = super::display::display_safe(&value),
            "body" => {
                draft.body = value
                    .replace("\r\n", "\n")
                    .chars()
                    .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
                    .take(MAX_BODY_CHARS)
                    .collect();
            }
            _ => {}
        }
    }
    draft.to.truncate(MAX_ADDRESSES);
    draft.cc.truncate(MAX_ADDRESSES);
    draft.bcc.truncate(MAX_ADDRESSES);
    (!draft.to.is_empty() || !draft.cc.is_empty() || !draft.bcc.is_empty()).then_some(draft)
}

/// Comma-separated addresses, each display-safe and with an `@`.
fn addresses(list: &str) -> Vec<String> {
    list.split(',')
        .map(|a| super::display::display_safe(a.trim()))
        .filter(|a| a.contains('@') && !a.contains(char::is_whitespace))
        .collect()
}

/// `%XX` escapes decoded as UTF-8 (lossy); a bad escape stays as written. Also for
/// `cid:` URLs (RFC 2392) in `html_export`.
pub(super) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_fields() {
        let d = draft("mailto:ann@example.org,bob@example.org?subject=Hello%20there&cc=c@example.org&body=Line1%0D%0ALine2&X-Evil=1&in-reply-to=%3Cx@y%3E")
            .expect("draft");
        assert_eq!(d.to, ["ann@example.org", "bob@example.org"]);
        assert_eq!(d.cc, ["c@example.org"]);
        assert_eq!(d.subject, "Hello there");
        assert_eq!(d.body, "Line1\nLine2");
        assert_eq!(d.in_reply_to, None);
    }

    #[test]
    fn odd_links() {
        assert!(draft("mailto:").is_none());
        assert!(draft("mailto:?subject=x").is_none());
        assert!(draft("https://example.org").is_none());
        assert!(draft("mailto:no-at-sign").is_none());
        assert_eq!(draft("MAILTO:a@b.example%").expect("draft").to, ["a@b.example%"]);
        assert_eq!(
            draft("mailto:%E2%82%AC@x.example").expect("draft").to,
            ["€@x.example"]
        );
        assert!(
            draft("mailto:a@b.example?subject=%E2%80%AEevil")
                .expect("d")
                .subject
                .chars()
                .all(|c| c != '\u{202E}')
        );
    }
}
