//! Every part is reachable (issue 12 item 1): inline images (Apple Mail, `cid:`,
//! multipart/related) are listed with `inline`, nameless parts get names from their
//! type, and `tern read --json` reports both.

use tern::mime::{Disposition, parse_message};

use super::repo;

const PIXEL_B64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn mixed(parts: &[&str]) -> Vec<u8> {
    let mut m = String::from(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: parts\r\n\
         Content-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nHello\r\n",
    );
    for p in parts {
        m.push_str("--b\r\n");
        m.push_str(p);
        m.push_str("\r\n");
    }
    m.push_str("--b--\r\n");
    m.into_bytes()
}

#[test]
fn apple_mail_photo_is_listed_inline_and_in_read_json() {
    let file = repo().join("tests/corpus/messages/deltachat-core/apple_cid_jpg.eml");
    let raw = std::fs::read(&file).expect("corpus message");
    let view = parse_message(&raw).expect("parse");
    let inline: Vec<_> = view.inline_parts().collect();
    assert_eq!(inline.len(), 1, "{:?}", view.attachments);
    assert_eq!(inline[0].content_type, "image/jpeg");
    assert_eq!(inline[0].safe_filename, "small.jpg");
    assert_eq!(
        inline[0].content_id.as_deref(),
        Some("8AE052EF-BC90-486F-BB78-58D3590308EC@fritz.box")
    );
    assert!(inline[0].size > 500, "{}", inline[0].size);

    let json: serde_json::Value =
        serde_json::from_str(&tern::cli::read_eml::run(&file, true).expect("read")).expect("json");
    let listed = json["attachments"].as_array().expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["inline"], true);
    assert_eq!(listed[0]["safe_filename"], "small.jpg");
    let text = tern::cli::read_eml::run(&file, false).expect("read");
    assert!(
        text.contains("small.jpg  image/jpeg") && text.contains("(shown in the body)"),
        "{text}"
    );
}

#[test]
fn nameless_parts_are_named_from_their_type() {
    let image = format!("Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n{PIXEL_B64}");
    let raw = mixed(&[
        &image,
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4",
        &image,
        "Content-Type: image/jpeg\r\nContent-Disposition: attachment\r\n\r\nnot really",
    ]);
    let view = parse_message(&raw).expect("parse");
    let listed: Vec<(&str, &str, bool)> = view
        .attachments
        .iter()
        .map(|a| (a.part.as_str(), a.safe_filename.as_str(), a.inline))
        .collect();
    assert_eq!(
        listed,
        [
            ("2", "image-1.png", true),
            ("3", "part-3.pdf", false),
            ("4", "image-2.png", true),
            ("5", "image-3.jpg", false),
        ]
    );
    assert_eq!(view.attachments[0].size, 70);
    assert_eq!(view.attachments[3].disposition, Disposition::Attachment);
}

#[test]
fn related_images_by_cid_and_location_and_hidden_alternative_images_are_listed() {
    let raw = format!(
        "From: a@example.org\r\nSubject: related\r\n\
         Content-Type: multipart/alternative; boundary=alt\r\n\r\n\
         --alt\r\nContent-Type: text/plain\r\n\r\nplain\r\n\
         --alt\r\nContent-Type: multipart/related; boundary=rel\r\n\r\n\
         --rel\r\nContent-Type: text/html\r\n\r\n<p>x<img src=\"cid:logo\"><img src=\"pic.png\"></p>\r\n\
         --rel\r\nContent-Type: image/png\r\nContent-ID: logo\r\nContent-Transfer-Encoding: base64\r\n\r\n{PIXEL_B64}\r\n\
         --rel\r\nContent-Type: image/png\r\nContent-Location: pic.png\r\nContent-Transfer-Encoding: base64\r\n\r\n{PIXEL_B64}\r\n\
         --rel--\r\n\
         --alt\r\nContent-Type: image/gif; name=\"alt.gif\"\r\n\r\nGIF89a\r\n\
         --alt--\r\n"
    );
    let view = parse_message(raw.as_bytes()).expect("parse");
    let listed: Vec<(&str, Option<&str>, Option<&str>, bool)> = view
        .attachments
        .iter()
        .map(|a| {
            (
                a.part.as_str(),
                a.content_id.as_deref(),
                a.content_location.as_deref(),
                a.inline,
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("2.2", Some("logo"), None, true),
            ("2.3", None, Some("pic.png"), true),
            ("3", None, None, true),
        ]
    );
}
