//! Simulator flows against the harness Dovecot: the few paths a person takes first.

use std::sync::Arc;

use iced::keyboard::Key;
use iced::keyboard::key::Named;
use iced_test::selector;
use tern::config::{Config, SecretStore, Security};
use tern::core::{Connectivity, ErrorKind, TernError};
use tern::fl;
use tern::ui::Message;
use tern::ui::app::Screen;
use tern::ui::screen::mailbox::reader::Body;
use tern::ui::screen::mailbox::{self, list};
use tern::ui::screen::setup::{self, Phase};

use super::Harness;
use crate::support::dovecot::{Dovecot, User};
use crate::support::seed;

const SEED: u64 = 61;

/// Pumps worker events until the open message's body is shown; returns its view.
fn wait_for_body(h: &mut Harness) -> std::sync::Arc<tern::mime::MessageView> {
    h.pump_until(60, "the body", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, Body::Ready(_) | Body::Failed(_)))
    });
    match h.app.mailbox.reader.open.as_ref().map(|o| o.body.clone()) {
        Some(Body::Ready(view)) => view,
        other => panic!("body not shown: {other:?}"),
    }
}

fn setup_message(m: setup::Message) -> Message {
    Message::Setup(m)
}

/// Types the address and password in the window, and the server settings a person
/// would find under "Advanced" (the harness listens on 127.0.0.1 with its own CA).
fn fill_form(h: &mut Harness, server: &Dovecot, user: &User, password: &str) {
    h.ui(|ui| {
        ui.click(selector::id(setup::EMAIL_ID)).expect("email field");
        ui.typewrite(&format!("{}@example.org", user.name));
        ui.click(selector::id(setup::PASSWORD_ID))
            .expect("password field");
        ui.typewrite(password);
    });
    let Screen::Setup(s) = &h.app.screen else {
        panic!("setup screen")
    };
    assert_eq!(s.email, format!("{}@example.org", user.name));
    assert_eq!(s.host, "imap.example.org", "host prefilled from the domain");
    assert_eq!((s.port.as_str(), s.security), ("993", Security::Tls));
    for m in [
        setup::Message::Host("127.0.0.1".into()),
        setup::Message::Port(server.imaps_port.to_string()),
        setup::Message::Username(user.name.clone()),
        setup::Message::CaFile(server.ca_file.display().to_string()),
    ] {
        h.send(setup_message(m));
    }
}

#[test]
fn add_account_read_mail_and_navigate() {
    let server = Dovecot::shared();
    let user = server.user("ui");
    server.seed(&user, "INBOX", seed::messages(SEED, 0, 40));
    server.seed(&user, "Sent", seed::messages(SEED + 1, 0, 3));
    let mut h = Harness::new();
    assert!(
        matches!(h.app.screen, Screen::Setup(_)),
        "first run shows the welcome screen"
    );
    h.ui(|ui| assert!(ui.find(fl!("welcome-title")).is_ok()));

    fill_form(&mut h, server, &user, &user.password);
    h.ui(|ui| ui.click(fl!("setup-connect")).map(|_| ()).expect("Connect"));

    // Saved to accounts.toml, password in the keychain, worker started at once.
    assert!(matches!(h.app.screen, Screen::Mailbox), "{:?}", h.app.screen);
    let (config, _) = Config::load(&h.paths().accounts_file()).expect("accounts.toml");
    let name = format!("{}@example.org", user.name);
    assert_eq!(config.accounts.len(), 1);
    assert_eq!(config.accounts[0].name, name);
    assert_eq!(
        h.keychain.get(&name).expect("keychain"),
        Some(user.password.clone())
    );
    assert_eq!(h.app.worker_specs().len(), 1);

    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 40
    });
    let newest = h.app.mailbox.list.rows[0].subject.clone();
    h.ui(|ui| {
        assert!(ui.find(fl!("folder-inbox")).is_ok(), "inbox in the folder pane");
        assert!(
            ui.find(newest.as_str()).is_ok(),
            "newest message in the list: {newest}"
        );
    });

    // Open the newest message by clicking it: its body is fetched and shown.
    h.ui(|ui| ui.click(newest.as_str()).map(|_| ()).expect("click the message"));
    let view = wait_for_body(&mut h);
    let paragraph = view.blocks.first().map(|b| b.text()).expect("a paragraph");
    h.ui(|ui| assert!(ui.find(paragraph.as_str()).is_ok(), "body shown: {paragraph}"));

    // Keyboard: down moves the selection, k comes back, End goes to the oldest.
    let rows: Vec<_> = h.app.mailbox.list.rows.iter().map(|r| r.id).collect();
    assert_eq!(h.app.mailbox.list.selected, Some(rows[0]));
    h.ui(|ui| ui.tap_key(Key::Named(Named::ArrowDown)));
    assert_eq!(h.app.mailbox.list.selected, Some(rows[1]));
    assert_eq!(
        h.app.mailbox.reader.showing(),
        Some(rows[1]),
        "the reader follows"
    );
    h.ui(|ui| ui.tap_key(Key::Character("k".into())));
    assert_eq!(h.app.mailbox.list.selected, Some(rows[0]));
    h.ui(|ui| ui.tap_key(Key::Named(Named::End)));
    assert_eq!(h.app.mailbox.list.selected, rows.last().copied());

    // A message with attachments shows a chip per attachment.
    let index = h
        .app
        .mailbox
        .list
        .rows
        .iter()
        .position(|r| r.has_attachments)
        .expect("a message with attachments");
    let id = h.app.mailbox.list.rows[index].id;
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        id,
        index as u32,
    ))));
    let view = wait_for_body(&mut h);
    assert!(!view.attachments.is_empty());
    h.ui(|ui| {
        for a in &view.attachments {
            assert!(
                ui.find(a.safe_filename.as_str()).is_ok(),
                "attachment chip: {}",
                a.safe_filename
            );
        }
        assert!(
            ui.find(fl!("reader-attachments", count = view.attachments.len()))
                .is_ok()
        );
    });

    // Another folder.
    h.ui(|ui| ui.click(fl!("folder-sent")).map(|_| ()).expect("Sent"));
    h.pump_until(30, "Sent", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 3
    });
    assert_eq!(
        h.app.mailbox.reader.open.as_ref().map(|o| o.id),
        None,
        "reader closed with the folder"
    );
}

#[test]
fn wrong_password_says_so_in_plain_words() {
    let server = Dovecot::shared();
    let user = server.user("ui");
    let mut h = Harness::new();
    fill_form(&mut h, server, &user, "not-the-password");
    h.send(setup_message(setup::Message::Connect));
    let Screen::Setup(s) = &h.app.screen else {
        panic!("still on setup")
    };
    assert!(
        matches!(&s.phase, Phase::Failed(e) if e.kind == ErrorKind::Auth),
        "{:?}",
        s.phase
    );
    h.ui(|ui| assert!(ui.find(fl!("error-auth")).is_ok(), "plain auth message shown"));
    assert!(!h.paths().accounts_file().exists(), "nothing saved");
}

/// A keychain that is not there (as on a machine without Secret Service).
struct NoKeychain;

impl SecretStore for NoKeychain {
    fn get(&self, _: &str) -> Result<Option<String>, TernError> {
        Err(TernError::new(
            ErrorKind::Secret,
            "The system keychain is not available.",
        ))
    }
    fn set(&self, _: &str, _: &str) -> Result<(), TernError> {
        Err(TernError::new(
            ErrorKind::Secret,
            "The system keychain is not available.",
        ))
    }
    fn delete(&self, _: &str) -> Result<(), TernError> {
        Ok(())
    }
}

#[test]
fn without_a_keychain_the_password_can_stay_for_the_session() {
    let server = Dovecot::shared();
    let user = server.user("ui");
    server.seed(&user, "INBOX", seed::messages(SEED, 0, 5));
    let mut h = Harness::with_keychain(Arc::new(NoKeychain));
    fill_form(&mut h, server, &user, &user.password);
    h.send(setup_message(setup::Message::Connect));
    let Screen::Setup(s) = &h.app.screen else {
        panic!("still on setup")
    };
    assert!(matches!(s.phase, Phase::NoKeychain(_)), "{:?}", s.phase);
    h.ui(|ui| {
        ui.click(fl!("setup-keep-session"))
            .map(|_| ())
            .expect("keep for session")
    });
    assert!(matches!(h.app.screen, Screen::Mailbox));
    h.start_workers();
    h.pump_until(60, "online with the session password", |app| {
        app.mailbox
            .statuses
            .first()
            .is_some_and(|s| s.connectivity == Connectivity::Online)
    });
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 5
    });
}

/// A message with a document and a shell script attached.
fn with_attachments() -> Vec<u8> {
    let doc = "UmVwb3J0IGZvciB0aGUgcXVhcnRlci4K".repeat(4000);
    format!(
        "From: Alice <alice@example.org>\r\nTo: ui@example.org\r\nSubject: Files for you\r\n\
         Date: Mon, 6 May 2024 10:00:00 +0000\r\nMessage-ID: <files@ui.tern.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nTwo files attached.\r\n\
         --b\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{doc}\r\n\
         --b\r\nContent-Type: application/x-sh; name=\"setup.sh\"\r\nContent-Disposition: attachment; filename=\"setup.sh\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nIyEvYmluL3NoCmVjaG8gaGkK\r\n--b--\r\n"
    )
    .into_bytes()
}

#[test]
fn attachments_save_cancel_and_ask_before_running() {
    use tern::ui::screen::mailbox::reader::{self, Notice};
    let server = Dovecot::shared();
    let user = server.user("ui");
    server.deliver(&user, "INBOX", &with_attachments());
    let mut h = Harness::with_accounts(&[crate::sync::account(server, &user, Security::Tls)]);
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 1
    });
    let id = h.app.mailbox.list.rows[0].id;
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        id, 0,
    ))));
    let view = wait_for_body(&mut h);
    let part = |name: &str| {
        view.attachments
            .iter()
            .find(|a| a.safe_filename == name)
            .map(|a| a.part.clone())
    };
    let (pdf, sh) = (part("report.pdf").expect("pdf"), part("setup.sh").expect("sh"));
    let to_reader = |m: reader::Message| Message::Mailbox(mailbox::Message::Reader(m));

    // Cancel: the download is dropped before it finishes; nothing is left behind.
    let cancelled = tempfile::tempdir().expect("tempdir");
    let task = h.app.update(to_reader(reader::Message::SaveInto {
        parts: vec![pdf.clone()],
        all: false,
        dir: cancelled.path().to_path_buf(),
    }));
    assert!(
        h.app
            .mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| o.downloads.contains_key(&pdf))
    );
    h.send(to_reader(reader::Message::Cancel(pdf.clone())));
    h.run(task);
    assert_eq!(
        std::fs::read_dir(cancelled.path()).expect("dir").count(),
        0,
        "no file, no temp file"
    );

    // Save: the file lands in the folder, and the folder is remembered for the account.
    let dir = tempfile::tempdir().expect("tempdir");
    h.send(to_reader(reader::Message::SaveInto {
        parts: vec![pdf.clone()],
        all: false,
        dir: dir.path().to_path_buf(),
    }));
    let saved = dir.path().join("report.pdf");
    assert_eq!(
        h.app.mailbox.reader.open.as_ref().and_then(|o| o.notice.clone()),
        Some(Notice::Saved(saved.clone()))
    );
    assert_eq!(std::fs::metadata(&saved).expect("saved").len(), 96_000);
    assert_eq!(
        tern::ui::prefs::Prefs::load(&h.paths()).save_dirs.get(&user.name),
        Some(&dir.path().to_path_buf())
    );

    // Save as a name typed in the dialog: the transfer ends under that name.
    let chosen = dir.path().join("Q3 numbers.pdf");
    h.send(to_reader(reader::Message::Picked(
        id,
        reader::Target::Save(pdf),
        tern::ui::screen::mailbox::download::Picked::Path(chosen.clone()),
    )));
    assert_eq!(
        h.app.mailbox.reader.open.as_ref().and_then(|o| o.notice.clone()),
        Some(Notice::Saved(chosen.clone()))
    );
    assert_eq!(std::fs::metadata(&chosen).expect("saved as chosen").len(), 96_000);
    assert!(saved.exists(), "the earlier file is untouched");

    // Open a script: Tern asks first, naming the real extension.
    h.send(to_reader(reader::Message::OpenPart(sh)));
    let confirm = h.app.mailbox.reader.open.as_ref().and_then(|o| o.confirm.clone());
    let (path, _) = confirm.expect("confirmation asked");
    assert!(
        path.starts_with(h.paths().data_dir.join("opened")),
        "{}",
        path.display()
    );
    h.ui(|ui| {
        assert!(ui.find(fl!("confirm-open-title")).is_ok());
        assert!(
            ui.find(fl!("confirm-open-body", name = "setup.sh", ext = "sh"))
                .is_ok()
        );
    });
    h.send(to_reader(reader::Message::CancelOpen));
    assert!(
        h.app
            .mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| o.confirm.is_none())
    );
}
