//! Built messages, read back with mail-parser as a receiving client would.

use mail_parser::{MessageParser, MimeHeaders};

use super::*;

fn me() -> Identity {
    Identity {
        name: "Jörg Müller".into(),
        email: "joerg@example.org".into(),
    }
}

fn draft() -> Draft {
    Draft {
        to: vec!["Ann <ann@x.org>, bob@x.org".into()],
        cc: vec!["carol@x.org".into()],
        bcc: vec!["secret@x.org".into(), "BOB@x.org".into()],
        subject: "Grüße aus Köln — 東京".into(),
        body: "Hällo,\nthis line is plain.\n.\nA dot line above.\n".into(),
        in_reply_to: Some("parent@x.org".into()),
        references: vec!["root@x.org".into(), "parent@x.org".into()],
        ..Draft::default()
    }
}

fn no_files(_: &DraftAttachment) -> Result<Vec<u8>, TernError> {
    panic!("no attachments expected")
}

#[test]
fn headers_are_rfc5322_with_encoded_words_and_no_bcc() {
    let built = build_with(&draft(), &me(), 1_700_000_000, &mut no_files).expect("builds");
    let text = String::from_utf8(built.bytes.clone()).expect("ASCII on the wire");
    assert!(built.bytes.is_ascii(), "non-ASCII bytes in the message");
    assert!(!text.to_lowercase().contains("bcc"), "{text}");
    assert!(!text.contains("secret@x.org"), "{text}");
    assert!(text.contains("=?utf-8?"), "subject/name not encoded: {text}");
    assert!(
        text.contains("Content-Transfer-Encoding: quoted-printable"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.len() <= 998));
    assert!(text.contains("\r\n"));
    let m = MessageParser::default().parse(&built.bytes).expect("parses");
    assert_eq!(m.subject(), Some("Grüße aus Köln — 東京"));
    assert_eq!(
        m.from().and_then(|a| a.first()).and_then(|a| a.name()),
        Some("Jörg Müller")
    );
    assert_eq!(m.message_id(), Some(built.message_id.as_str()));
    assert!(built.message_id.ends_with("@example.org"), "{}", built.message_id);
    assert_eq!(m.in_reply_to().as_text(), Some("parent@x.org"));
    let refs: Vec<String> = m
        .references()
        .as_text_list()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .unwrap_or_default();
    assert_eq!(refs, vec!["root@x.org", "parent@x.org"]);
    assert_eq!(m.date().map(|d| d.to_timestamp()), Some(1_700_000_000));
    assert_eq!(m.to().map(|a| a.iter().count()), Some(2));
    let body = m.body_text(0).unwrap_or_default().replace("\r\n", "\n");
    assert_eq!(
        body.trim_end(),
        "Hällo,\nthis line is plain.\n.\nA dot line above."
    );
    assert_eq!(built.from, "joerg@example.org");
    assert_eq!(
        built.recipients,
        vec!["ann@x.org", "bob@x.org", "carol@x.org", "secret@x.org"]
    );
}

#[test]
fn ascii_text_is_7bit_and_message_ids_differ() {
    let mut d = draft();
    d.body = "plain words\n".into();
    d.subject = "Hi".into();
    let a = build_with(&d, &me(), 1, &mut no_files).expect("builds");
    let b = build_with(&d, &me(), 1, &mut no_files).expect("builds");
    let text = String::from_utf8_lossy(&a.bytes);
    assert!(text.contains("Content-Transfer-Encoding: 7bit"), "{text}");
    assert_ne!(a.message_id, b.message_id);
}

#[test]
fn attachments_are_base64_with_rfc2231_names_and_types() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("Bericht März.pdf");
    let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &data).expect("write");
    let mut d = draft();
    d.attachments = vec![DraftAttachment::File {
        path: path.clone(),
        name: "Bericht März.pdf".into(),
        size: data.len() as u64,
    }];
    let built = build(&d, &me(), 1_700_000_000).expect("builds");
    let text = String::from_utf8_lossy(&built.bytes);
    assert!(
        text.contains("filename*"),
        "no RFC 2231 name: {}",
        &text[..text.len().min(3000)]
    );
    assert!(text.contains("Content-Transfer-Encoding: base64"));
    assert!(text.contains("application/pdf"));
    let m = MessageParser::default().parse(&built.bytes).expect("parses");
    let att = m.attachments().next().expect("one attachment");
    assert_eq!(att.attachment_name(), Some("Bericht März.pdf"));
    assert_eq!(att.contents(), &data[..]);
    // A file that went away gives a clear error naming it.
    std::fs::remove_file(&path).expect("rm");
    let e = build(&d, &me(), 1).expect_err("missing file");
    assert!(e.message.contains("Bericht März.pdf"), "{}", e.message);
}

#[test]
fn bad_addresses_and_no_recipients_are_clear_errors() {
    let mut d = draft();
    d.to = vec!["ann at x".into()];
    let e = build(&d, &me(), 1).expect_err("bad");
    assert!(e.message.contains("ann at x"), "{}", e.message);
    let d = Draft::default();
    let e = build(&d, &me(), 1).expect_err("none");
    assert!(e.message.contains("recipient"), "{}", e.message);
}

#[test]
fn content_types_from_extensions() {
    assert_eq!(mime_type_for("a.PDF"), "application/pdf");
    assert_eq!(mime_type_for("photo.jpeg"), "image/jpeg");
    assert_eq!(mime_type_for("noext"), "application/octet-stream");
}

#[test]
fn a_draft_copy_keeps_bcc_and_needs_no_recipient() {
    let mut d = draft();
    let copy = build_draft_copy(&d, &me(), 1, "d1@example.org", &mut no_files).expect("builds");
    let text = String::from_utf8_lossy(&copy.bytes);
    assert!(text.contains("secret@x.org"), "{text}");
    d.to.clear();
    d.cc.clear();
    d.bcc.clear();
    let copy = build_draft_copy(&d, &me(), 1, "d2@example.org", &mut no_files).expect("no recipient is fine");
    assert!(String::from_utf8_lossy(&copy.bytes).contains("Message-ID: <d2@example.org>"));
    assert!(build_with_id(&d, &me(), 1, "d3@example.org", &mut no_files).is_err());
}
