//! Attached messages (issue 12 item 5): a forwarded-as-attachment message becomes a card
//! with its own headers, body and parts, and stays saveable as .eml; chains of attached
//! messages stop at a few cards, every message of the corpus keeps its cards consistent
//! with its attachment list.

use tern::mime::{MessageView, parse_message};

use super::repo;

fn corpus(path: &str) -> MessageView {
    let raw = std::fs::read(repo().join("tests/corpus/messages").join(path)).expect("corpus file");
    parse_message(&raw).expect("parse")
}

#[test]
fn a_forwarded_message_is_a_card_with_its_own_headers_and_text() {
    let view = corpus("spamassassin/nice__mime9.eml");
    assert!(!view.blocks.is_empty(), "the outer text");
    assert_eq!(view.attached.len(), 1, "{:?}", view.attachments);
    let card = &view.attached[0];
    let eml = view
        .attachments
        .iter()
        .find(|a| a.part == card.part)
        .expect("the card's message is in the attachment list");
    assert!(eml.safe_filename.ends_with(".eml"), "{}", eml.safe_filename);
    assert_eq!(card.view.subject, "Fwd: Fw: New University....");
    assert!(!card.view.from.is_empty(), "the attached message's sender");
    assert!(!card.view.blocks.is_empty(), "the attached message's text");
    assert!(
        !view.text().contains(&card.view.text()),
        "the attached text is on the card, not in the outer body"
    );
}

#[test]
fn attachments_inside_an_attached_message_are_listed_on_its_card() {
    let raw = "From: Ann <ann@example.org>\r\nTo: bob@example.org\r\nSubject: Fwd: report\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n\
        --o\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n\
        --o\r\nContent-Type: message/rfc822\r\n\r\n\
        From: Carl <carl@example.net>\r\nTo: ann@example.org\r\nSubject: Quarterly report\r\n\
        Date: Tue, 7 May 2024 09:00:00 +0000\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n\
        --i\r\nContent-Type: text/plain\r\n\r\nNumbers attached.\r\n\
        --i\r\nContent-Type: application/pdf; name=q1.pdf\r\nContent-Disposition: attachment; filename=q1.pdf\r\n\
        Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--i--\r\n\
        --o--\r\n";
    let view = parse_message(raw.as_bytes()).expect("parse");
    assert_eq!(view.attached.len(), 1);
    let card = &view.attached[0];
    assert_eq!(card.part, "2");
    assert_eq!(card.view.subject, "Quarterly report");
    assert_eq!(card.view.from_display(), "Carl <carl@example.net>");
    assert_eq!(card.view.text().trim(), "Numbers attached.");
    let pdf: Vec<_> = card
        .view
        .attachments
        .iter()
        .map(|a| (a.part.as_str(), a.safe_filename.as_str(), a.size))
        .collect();
    assert_eq!(pdf, [("2.2", "q1.pdf", 9)]);
    assert_eq!(
        view.attachments
            .iter()
            .map(|a| a.safe_filename.as_str())
            .collect::<Vec<_>>(),
        ["Quarterly report.eml"]
    );
}

fn cards_depth(view: &MessageView) -> usize {
    view.attached
        .iter()
        .map(|c| 1 + cards_depth(&c.view))
        .max()
        .unwrap_or(0)
}

#[test]
fn cards_follow_the_attachment_list_and_chains_stop() {
    let endless = corpus("flanker/enclosed-endless.eml");
    assert!(cards_depth(&endless) <= 3, "{}", cards_depth(&endless));
    let dir = repo().join("tests/corpus/messages");
    let mut with_cards = 0;
    for entry in walk(&dir) {
        let raw = std::fs::read(&entry).expect("read");
        let view = parse_message(&raw).expect("parse");
        for card in &view.attached {
            assert!(
                view.attachments.iter().any(|a| a.part == card.part
                    && matches!(a.content_type.as_str(), "message/rfc822" | "message/global")),
                "{}: card {} is not a listed message",
                entry.display(),
                card.part
            );
            with_cards += 1;
        }
    }
    assert!(with_cards >= 10, "only {with_cards} cards in the corpus");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "eml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn tern_read_shows_attached_messages() {
    let view = corpus("spamassassin/nice__mime9.eml");
    let json: serde_json::Value =
        serde_json::from_str(&tern::cli::read_eml::render(&view, true)).expect("json");
    let attached = json["attached"].as_array().expect("attached");
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0]["part"], view.attached[0].part.as_str());
    assert_eq!(attached[0]["message"]["subject"], "Fwd: Fw: New University....");
    let text = tern::cli::read_eml::render(&view, false);
    assert!(
        text.contains(&format!("Attached message (part {}):", view.attached[0].part)),
        "{text}"
    );
    assert!(text.contains("  Subject: Fwd: Fw: New University...."), "{text}");
}
