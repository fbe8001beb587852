//! IMAP section numbering (RFC 3501 6.4.5) on nested multiparts and nested
//! message/rfc822, computed from mail-parser's flat part list.

use base64::Engine as _;
use tern::mime::{Disposition, MessageView, parse_message};

fn sections(view: &MessageView) -> Vec<String> {
    view.parts
        .iter()
        .map(|p| format!("{} {}", p.section, p.content_type))
        .collect()
}

const INNER_ENCODED: &str = "From: inner@example.org\r\nSubject: Encoded inner\r\n\
Content-Type: multipart/mixed; boundary=\"enc\"\r\n\r\n\
--enc\r\nContent-Type: text/plain\r\n\r\nencoded inner text\r\n\
--enc\r\nContent-Type: application/zip; name=\"a.zip\"\r\n\r\nPK\r\n\
--enc--\r\n";

fn nested_message() -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(INNER_ENCODED);
    let wrapped: Vec<String> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!(
        "From: Outer <outer@example.org>\r\nTo: you@example.org\r\nSubject: Sections\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"top\"\r\n\r\n\
preamble\r\n\
--top\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain body\r\n\
--alt\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n\
--rel\r\nContent-Type: text/html\r\n\r\n<p>html body <img src=\"cid:logo@x\"></p>\r\n\
--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
--rel--\r\n\
--alt--\r\n\
--top\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n\
--top\r\nContent-Type: message/rfc822\r\n\r\n\
From: mid@example.org\r\nSubject: Middle\r\nContent-Type: multipart/mixed; boundary=\"mid\"\r\n\r\n\
--mid\r\nContent-Type: text/plain\r\n\r\nmiddle text\r\n\
--mid\r\nContent-Type: message/rfc822\r\n\r\n\
From: deep@example.org\r\nSubject: Deep\r\n\r\ndeep body, not multipart\r\n\
--mid\r\nContent-Type: image/gif; name=\"x.gif\"\r\n\r\nGIF89a\r\n\
--mid--\r\n\
--top\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
--top\r\nContent-Type: text/plain; name=\"notes.txt\"\r\nContent-Disposition: attachment\r\n\r\nnotes\r\n\
--top--\r\nepilogue\r\n",
        wrapped.join("\r\n")
    )
}

#[test]
fn nested_multiparts_and_messages_get_imap_section_ids() {
    let view = parse_message(nested_message().as_bytes()).expect("parse");
    assert_eq!(
        sections(&view),
        [
            "TEXT multipart/mixed",
            "1 multipart/alternative",
            "1.1 text/plain",
            "1.2 multipart/related",
            "1.2.1 text/html",
            "1.2.2 image/png",
            "2 application/pdf",
            "3 message/rfc822",
            "3.TEXT multipart/mixed",
            "3.1 text/plain",
            "3.2 message/rfc822",
            "3.2.1 text/plain",
            "3.3 image/gif",
            "4 message/rfc822",
            "4.TEXT multipart/mixed",
            "4.1 text/plain",
            "4.2 application/zip",
            "5 text/plain",
        ]
    );
    let depths: Vec<u8> = view.parts.iter().map(|p| p.depth).collect();
    assert_eq!(depths, [0, 1, 2, 2, 3, 3, 1, 1, 2, 3, 3, 4, 3, 1, 2, 3, 3, 1]);

    assert_eq!(view.text(), "plain body");
    assert!(view.html.as_deref().is_some_and(|h| h.contains("html body")));

    let attachments: Vec<(&str, &str, &str)> = view
        .attachments
        .iter()
        .filter(|a| !a.inline)
        .map(|a| (a.part.as_str(), a.safe_filename.as_str(), a.content_type.as_str()))
        .collect();
    assert_eq!(
        attachments,
        [
            ("2", "report.pdf", "application/pdf"),
            ("3", "Middle.eml", "message/rfc822"),
            ("4", "Encoded inner.eml", "message/rfc822"),
            ("5", "notes.txt", "text/plain"),
        ]
    );
    let report = view
        .attachments
        .iter()
        .find(|a| a.part == "2")
        .expect("report.pdf");
    assert_eq!(report.size, 9);
    assert_eq!(report.disposition, Disposition::Attachment);
    let inline: Vec<_> = view.inline_parts().collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].part, "1.2.2");
    assert_eq!(inline[0].content_id.as_deref(), Some("logo@x"));
    assert_eq!(inline[0].disposition, Disposition::Inline);
    assert!(!view.truncated, "{:?}", view.warnings);
}

#[test]
fn single_part_message_body_is_part_1() {
    let view = parse_message(b"From: a@example.org\r\nSubject: s\r\n\r\nhello\r\n").expect("parse");
    assert_eq!(sections(&view), ["1 text/plain"]);
    assert_eq!(view.text(), "hello");
}

#[test]
fn top_level_message_rfc822_is_shown_and_numbered_below_1() {
    let raw = "From: fwd@example.org\r\nSubject: Fwd\r\nContent-Type: message/rfc822\r\n\r\n\
From: orig@example.org\r\nSubject: Original\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\noriginal text\r\n--b\r\nContent-Type: image/png; name=a.png\r\n\r\nx\r\n--b--\r\n";
    let view = parse_message(raw.as_bytes()).expect("parse");
    assert_eq!(
        sections(&view),
        [
            "1 message/rfc822",
            "1.TEXT multipart/mixed",
            "1.1 text/plain",
            "1.2 image/png"
        ]
    );
    assert_eq!(view.subject, "Fwd");
    assert_eq!(view.text(), "original text");
    assert_eq!(view.attachments.len(), 1);
    assert_eq!(view.attachments[0].part, "1.2");
}

#[test]
fn digest_children_are_messages() {
    let raw = "From: list@example.org\r\nSubject: Digest\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n\
--o\r\nContent-Type: text/plain\r\n\r\nToday's digest\r\n\
--o\r\nContent-Type: multipart/digest; boundary=d\r\n\r\n\
--d\r\n\r\nFrom: one@example.org\r\nSubject: One\r\n\r\nfirst\r\n\
--d\r\n\r\nFrom: two@example.org\r\nSubject: Two\r\n\r\nsecond\r\n\
--d--\r\n--o--\r\n";
    let view = parse_message(raw.as_bytes()).expect("parse");
    assert_eq!(
        sections(&view),
        [
            "TEXT multipart/mixed",
            "1 text/plain",
            "2 multipart/digest",
            "2.1 message/rfc822",
            "2.1.1 text/plain",
            "2.2 message/rfc822",
            "2.2.1 text/plain",
        ]
    );
    let names: Vec<&str> = view
        .attachments
        .iter()
        .map(|a| a.safe_filename.as_str())
        .collect();
    assert_eq!(names, ["One.eml", "Two.eml"]);
}
