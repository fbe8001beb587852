//! The composer's wiring into the rest of the window (issue "Write mail"): the outbox
//! in the status line and its dialog, sending failures, setup's sending server, drafts
//! opened from the Drafts folder, and preview images of all of it.

use tern::config::{Security, SmtpConfig};
use tern::core::{AccountEvent, Command, OutboxEntry, OutboxId, OutboxState, Stamped};
use tern::fl;
use tern::ui::Message;
use tern::ui::app_compose::Writing;
use tern::ui::screen::compose;
use tern::ui::screen::mailbox;
use tern::ui::screen::outbox;

use super::Harness;
use super::compose::{account, compose_msg, two_accounts};

#[test]
fn the_status_line_counts_waiting_messages_and_opens_the_outbox() {
    let mut h = two_accounts();
    let (a, generation) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    h.send(Message::Worker(Stamped {
        account: a,
        generation,
        event: AccountEvent::OutboxChanged { waiting: 1 },
    }));
    let line = fl!("outbox-waiting", count = 1);
    assert_eq!(line, "1 message waiting to be sent");
    h.ui(|ui| {
        ui.click(line.as_str()).expect("the status line shows the outbox");
    });
    let o = h.app.outbox.as_ref().expect("outbox open");
    assert!(o.loaded);
    assert!(
        !h.app.title().contains(&fl!("compose-title")),
        "{}",
        h.app.title()
    );
    h.ui(|ui| assert!(ui.find(fl!("outbox-title")).is_ok()));
    h.ui(|ui| {
        ui.click(fl!("outbox-close")).expect("Close");
    });
    assert!(h.app.outbox.is_none());

    // A waiting message with its last error; "Send now" pokes the account's worker.
    h.send(Message::Mailbox(mailbox::Message::ShowOutbox));
    let entry = OutboxEntry {
        id: OutboxId(7),
        account: "A".into(),
        subject: "Quarterly numbers".into(),
        message_id: "q@example.org".into(),
        state: OutboxState::Queued,
        error: "The server could not be reached; Tern tries again when it is back.".into(),
        error_text: None,
        created_ms: 1,
    };
    // A row whose error was stored with its Fluent form shows that form (translated).
    let held = OutboxEntry {
        id: OutboxId(8),
        subject: "Held one".into(),
        state: OutboxState::Held,
        error: "English words stored for the CLI".into(),
        error_text: Some(tern::core::Text::new("err-send-unsure")),
        ..entry.clone()
    };
    h.send(Message::Writing(Box::new(Writing::Outbox(
        outbox::Message::Loaded(Ok(vec![entry, held])),
    ))));
    h.ui(|ui| {
        assert!(ui.find("Quarterly numbers").is_ok());
        assert!(ui.find(format!("A · {}", fl!("outbox-state-queued"))).is_ok());
        assert!(
            ui.find("The server could not be reached; Tern tries again when it is back.")
                .is_ok()
        );
        assert!(ui.find(fl!("err-send-unsure")).is_ok());
        assert!(ui.find("English words stored for the CLI").is_err());
        ui.click(fl!("outbox-send-now")).expect("Send now");
    });
    assert!(h.app.waiting_commands(a).contains(&Command::SendOutbox));

    // A failure is told in plain words with what happens next.
    h.send(Message::Worker(Stamped {
        account: a,
        generation,
        event: AccountEvent::SendFailed(
            tern::core::OutboxId(1),
            tern::core::TernError::new(tern::core::ErrorKind::Connect, "The server could not be reached."),
        ),
    }));
    let notice = h.app.mailbox.manage.notice.clone().expect("notice").0;
    assert!(notice.contains("The server could not be reached."), "{notice}");
    assert!(notice.contains("outbox"), "{notice}");
}

#[test]
fn setup_prefills_the_sending_server_and_editing_keeps_what_it_does_not_show() {
    use tern::config::Config;
    use tern::ui::screen::setup::{self, SecurityChoice, Setup};
    let mut h = Harness::new();
    let form = |h: &Harness| match &h.app.screen {
        tern::ui::app::Screen::Setup(s) => (**s).clone(),
        other => panic!("setup expected, got {other:?}"),
    };
    h.send(Message::Setup(setup::Message::Email("ann@example.com".into())));
    let s = form(&h);
    assert_eq!(
        (s.smtp_host.as_str(), s.smtp_port.as_str()),
        ("smtp.example.com", "465")
    );
    // Only a plain guess: another IMAP host name leaves the field for the person.
    h.send(Message::Setup(setup::Message::Host("mail.example.net".into())));
    assert_eq!(form(&h).smtp_host, "");
    h.send(Message::Setup(setup::Message::Host("imap.example.net".into())));
    assert_eq!(form(&h).smtp_host, "smtp.example.net");
    h.send(Message::Setup(setup::Message::SmtpSecurity(SecurityChoice(
        Security::Starttls,
    ))));
    h.send(Message::Setup(setup::Message::DisplayName(
        " Ann Example ".into(),
    )));
    h.send(Message::Setup(setup::Message::Password("pw".into())));
    let s = form(&h);
    assert_eq!(s.smtp_port, "587");
    let account = s.account(&Config::default()).expect("valid");
    assert_eq!(account.display_name, "Ann Example");
    let smtp = account.smtp.clone().expect("smtp");
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("smtp.example.net", 0, Security::Starttls)
    );

    // Editing keeps the signature and the SMTP settings the form does not show.
    let mut stored = account.clone();
    stored.signature = "Ann\nExample Ltd".into();
    stored.smtp = Some(SmtpConfig {
        username: "ann-smtp".into(),
        port: 2525,
        ..smtp
    });
    let edit = Setup::edit(&stored);
    assert_eq!(edit.smtp_port, "2525");
    let again = edit
        .account(&Config {
            accounts: vec![stored.clone()],
        })
        .expect("valid");
    assert_eq!(again, stored, "nothing lost by editing");
    // No host: the account reads mail only.
    let mut none = Setup::edit(&stored);
    none.smtp_host.clear();
    assert_eq!(none.account(&Config::default()).expect("valid").smtp, None);
}

#[test]
fn clicking_a_message_in_drafts_opens_it_for_writing() {
    use tern::core::{FolderInfo, FolderRole, NewMessage};
    use tern::store::{Store, SyncMarks};
    use tern::ui::screen::mailbox::{folders, list};
    let mut h = Harness::with_cache(&[account("A")], |db| {
        let mut store = Store::open(db).expect("store");
        let id = store.ensure_account("A", "A@example.org").expect("account");
        let folder = |raw: &str, role| FolderInfo {
            raw_name: raw.into(),
            path: raw.into(),
            delimiter: "/".into(),
            role,
            attributes: String::new(),
            selectable: true,
        };
        store
            .replace_folders(
                id,
                &[
                    folder("INBOX", FolderRole::Inbox),
                    folder("Drafts", FolderRole::Drafts),
                ],
            )
            .expect("folders");
        let drafts_folder = store.find_folder(id, "Drafts").expect("q").expect("drafts").id;
        let row = NewMessage {
            uid: 1,
            modseq: 1,
            subject: "Unfinished".into(),
            from_addr: "A@example.org".into(),
            message_id: "<d1@example.org>".into(),
            ..NewMessage::default()
        };
        let marks = SyncMarks {
            uidvalidity: 1,
            uidnext: 2,
            low_uid: 1,
            highestmodseq: 1,
        };
        store.store_window(drafts_folder, 1, &[row], marks).expect("row");
    });
    let a = h.app.accounts[0].id;
    let drafts_id = h
        .app
        .mailbox
        .folders
        .accounts
        .iter()
        .flat_map(|acc| acc.folders.iter())
        .find(|f| f.path == "Drafts")
        .expect("Drafts listed")
        .id;
    h.send(Message::Mailbox(mailbox::Message::Folders(
        folders::Message::Select(a, drafts_id),
    )));
    assert!(h.app.mailbox.list.loaded && h.app.mailbox.list.total == 1);
    let row = h.app.mailbox.list.rows[0].id;
    // Arrowing through Drafts only reads; a click opens the draft for writing.
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Nav(
        list::Nav::Home,
    ))));
    assert!(h.app.composer.is_none());
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        row, 0,
    ))));
    match h.app.composer.as_ref() {
        // With engine::outbox::draft_from_message in place the draft is shown.
        Some(c) => assert_eq!(c.subject, "Unfinished"),
        // Without it the reason is shown in plain words instead of nothing happening.
        None => assert!(h.app.notice.is_some(), "no composer and no notice"),
    }
}

/// A quick look without a display: the composer with completions and attachments, and
/// the outbox dialog, drawn by the simulator into $TERN_PREVIEW's folder.
#[test]
#[ignore = "writes preview images; for people tuning the look"]
fn compose_preview() {
    let Some(out) = std::env::var_os("TERN_PREVIEW").map(std::path::PathBuf::from) else {
        return;
    };
    let shoot = |h: &Harness, name: &str| {
        let path = out.with_file_name(name);
        let _ = std::fs::remove_file(path.with_file_name(format!("{name}-tiny-skia.png")));
        let mut ui = super::simulator(h.app.view());
        let shot = ui.snapshot(&h.app.theme()).expect("snapshot");
        assert!(shot.matches_image(&path).expect("write"));
    };
    let mut h = two_accounts();
    h.send(Message::Mailbox(mailbox::Message::Compose(None)));
    h.send(compose_msg(compose::Message::ShowCcBcc));
    h.send(compose_msg(compose::Message::Subject("Lunch on Friday".into())));
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("holiday video.mp4");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(26_000_000))
        .expect("sparse file");
    let small = dir.path().join("menu.pdf");
    std::fs::write(&small, vec![b'x'; 48_000]).expect("file");
    h.send(compose_msg(compose::Message::Files(vec![small, big])));
    h.send(compose_msg(compose::Message::Address(
        compose::Field::Cc,
        "sender1".into(),
    )));
    shoot(&h, "preview-compose");
    h.send(compose_msg(compose::Message::AskDiscard));
    shoot(&h, "preview-compose-discard");
    h.send(compose_msg(compose::Message::Close));
    h.send(compose_msg(compose::Message::Close));
    let (a, generation) = (h.app.accounts[0].id, h.app.accounts[0].generation);
    h.send(Message::Worker(Stamped {
        account: a,
        generation,
        event: AccountEvent::OutboxChanged { waiting: 2 },
    }));
    shoot(&h, "preview-mailbox-outbox-line");
    h.send(Message::Mailbox(mailbox::Message::ShowOutbox));
    shoot(&h, "preview-outbox");
}
