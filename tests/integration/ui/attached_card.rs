//! Attached messages in the reader (issue 12 item 5), against the harness Dovecot: the
//! card shows the attached message's headers, text and attachment; its header folds it;
//! "Save as .eml" and the attachment inside save from the server by their sections.

use tern::config::Security;
use tern::fl;
use tern::ui::Message;
use tern::ui::screen::mailbox::reader::{self, Body, Notice};
use tern::ui::screen::mailbox::{self, list};

use super::Harness;
use crate::support::dovecot::Dovecot;

pub(crate) fn forwarded() -> Vec<u8> {
    "From: Ann <ann@example.org>\r\nTo: ui@example.org\r\nSubject: Fwd: Quarterly report\r\n\
     Date: Wed, 8 May 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
     Content-Type: multipart/mixed; boundary=o\r\n\r\n\
     --o\r\nContent-Type: text/plain\r\n\r\nSee Carl's mail below.\r\n\
     --o\r\nContent-Type: message/rfc822\r\n\r\n\
     From: Carl <carl@example.net>\r\nTo: ann@example.org\r\nSubject: Quarterly report\r\n\
     Date: Tue, 7 May 2024 09:00:00 +0000\r\n\
     MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n\
     --i\r\nContent-Type: text/plain\r\n\r\nThe numbers are in the attached file.\r\n\
     --i\r\nContent-Type: application/pdf; name=q1.pdf\r\nContent-Disposition: attachment; filename=q1.pdf\r\n\
     Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJSBxMQo=\r\n--i--\r\n\
     --o--\r\n"
        .as_bytes()
        .to_vec()
}

#[test]
fn an_attached_message_is_a_card_that_folds_and_saves() {
    let server = Dovecot::shared();
    let user = server.user("uicard");
    server.deliver(&user, "INBOX", &forwarded());
    let mut h = Harness::with_accounts(&[crate::sync::account(server, &user, Security::Tls)]);
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 1
    });
    let id = h.app.mailbox.list.rows[0].id;
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        id, 0,
    ))));
    h.pump_until(60, "the body", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, Body::Ready(_)))
    });
    let inner_text = "The numbers are in the attached file.";
    h.ui(|ui| {
        assert!(ui.find("See Carl's mail below.").is_ok(), "the outer text");
        assert!(ui.find("Quarterly report").is_ok(), "the card's subject");
        assert!(
            ui.find(fl!("reader-attached-from", from = "Carl <carl@example.net>").as_str())
                .is_ok(),
            "the card's sender"
        );
        assert!(ui.find(inner_text).is_ok(), "the attached message's text");
        assert!(ui.find("q1.pdf").is_ok(), "its attachment");
        assert!(ui.find(fl!("reader-save-eml").as_str()).is_ok());
        ui.click("Quarterly report").expect("the card's header folds it");
    });
    h.ui(|ui| {
        assert!(ui.find(inner_text).is_err(), "folded");
        assert!(ui.find("q1.pdf").is_err(), "folded");
        ui.click("Quarterly report").expect("and unfolds it");
    });
    h.ui(|ui| assert!(ui.find(inner_text).is_ok(), "unfolded"));

    // Both the .eml and the file inside it save from the server.
    let to_reader = |m: reader::Message| Message::Mailbox(mailbox::Message::Reader(m));
    let dir = tempfile::tempdir().expect("tempdir");
    for part in ["2", "2.2"] {
        h.send(to_reader(reader::Message::SaveInto {
            parts: vec![part.into()],
            all: false,
            dir: dir.path().to_path_buf(),
        }));
        let notice = h.app.mailbox.reader.open.as_ref().and_then(|o| o.notice.clone());
        assert!(matches!(notice, Some(Notice::Saved(_))), "{part}: {notice:?}");
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Without a dialog the engine names the file from the server's structure (the save
    // dialog offers "Quarterly report.eml", the name in the attachment list).
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].ends_with(".eml") && names[1] == "q1.pdf", "{names:?}");
    let eml = std::fs::read_to_string(dir.path().join(&names[0])).expect("eml");
    assert!(eml.starts_with("From: Carl <carl@example.net>"), "{eml}");
    assert!(eml.contains(inner_text));
    assert_eq!(
        std::fs::read(dir.path().join("q1.pdf")).expect("pdf"),
        b"%PDF-1.4\n% q1\n"
    );
}
