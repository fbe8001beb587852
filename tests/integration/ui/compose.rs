//! The composer in the simulator (issue "Write mail", item 2): Ctrl+N, completion from
//! cached addresses, attachments and the size warning, autosave to the user database,
//! Discard asks, crash leftovers reopen, replies keep the receiving account, Send.

use std::time::{Duration, Instant};

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced_test::selector;
use tern::compose::Original;
use tern::config::{AccountConfig, Security, SmtpConfig};
use tern::core::{Command, Draft, DraftAttachment, ReplyKind, ServerRef};
use tern::engine::{drafts, outbox};
use tern::fl;
use tern::ui::Message;
use tern::ui::app_compose::Writing;
use tern::ui::screen::compose::{self, Composer};
use tern::ui::screen::mailbox;

use super::{Harness, fill_cache};

pub(super) fn account(name: &str) -> AccountConfig {
    AccountConfig {
        signature: format!("{name} at work"),
        display_name: format!("User {name}"),
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: 9,
            security: Security::Tls,
            ..SmtpConfig::default()
        }),
        ..super::offline_account(name)
    }
}

pub(super) fn writing(m: Writing) -> Message {
    Message::Writing(Box::new(m))
}

pub(super) fn compose_msg(m: compose::Message) -> Message {
    writing(Writing::Compose(m))
}

pub(super) fn composer(h: &Harness) -> &Composer {
    h.app.composer.as_ref().expect("the composer is open")
}

/// A key press with modifiers, as the window delivers it.
fn chord(key: Key, modifiers: Modifiers) -> Vec<iced::Event> {
    vec![iced::Event::Keyboard(keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified),
        location: keyboard::Location::Standard,
        modifiers,
        repeat: false,
        text: None,
    })]
}

/// The autosave tick, as if `SAVE_AFTER` had passed since the first unsaved edit.
fn autosave(h: &mut Harness) {
    assert!(composer(h).wants_ticks(), "an edit waits to be saved");
    h.send(compose_msg(compose::Message::Tick(
        Instant::now() + compose::SAVE_AFTER + Duration::from_millis(10),
    )));
    assert!(!composer(h).wants_ticks(), "saved");
}

pub(super) fn two_accounts() -> Harness {
    Harness::with_cache(&[account("A"), account("B")], |db| {
        fill_cache(db, "A", 120);
    })
}

#[test]
fn ctrl_n_writes_a_new_message_with_completion_and_autosave() {
    let mut h = two_accounts();
    assert!(h.app.composer.is_none(), "no leftover draft at a clean start");
    h.ui(|ui| {
        ui.simulate(chord(Key::Character("n".into()), Modifiers::CTRL));
    });
    let c = composer(&h);
    assert_eq!(c.from, "A", "the first account when no folder is open");
    // "New message – Tern" (the app part may carry the unread count).
    assert!(
        h.app.title().starts_with(&format!("{} – ", fl!("compose-title"))),
        "title: {}",
        h.app.title()
    );
    assert!(
        c.body.text().contains("-- \nA at work"),
        "signature: {:?}",
        c.body.text()
    );
    h.ui(|ui| {
        assert!(
            ui.find(fl!("compose-from")).is_ok(),
            "From chooser with two accounts"
        );
        assert!(ui.find(fl!("compose-send")).is_ok());
    });
    // Another account: its signature replaces the first one's; and back.
    h.send(compose_msg(compose::Message::From("B".into())));
    assert_eq!(composer(&h).body.text(), "\n\n-- \nB at work");
    h.send(compose_msg(compose::Message::From("A".into())));
    assert_eq!(composer(&h).body.text(), "\n\n-- \nA at work");

    // Completion offers a cached sender; choosing it fills the field.
    h.ui(|ui| {
        ui.click(selector::id(compose::TO_ID)).expect("To field");
        ui.typewrite("sender4");
    });
    let completion = composer(&h).completion.clone().expect("completions offered");
    assert_eq!(completion.field, compose::Field::To);
    assert!(
        completion.items.iter().any(|a| a.addr == "sender4@example.org"),
        "{completion:?}"
    );
    h.ui(|ui| {
        ui.click("sender4@example.org").expect("the completion is shown");
    });
    assert_eq!(composer(&h).to, "Sender 4 <sender4@example.org>, ");
    assert!(composer(&h).completion.is_none());
    // Enter takes the best completion.
    h.ui(|ui| {
        ui.click(selector::id(compose::TO_ID)).expect("To field");
        ui.typewrite("sender7");
    });
    let best = composer(&h).completion.clone().expect("offered").items[0].formatted();
    h.ui(|ui| {
        // (Each h.ui builds a fresh simulator: focus the field again first.)
        ui.click(selector::id(compose::TO_ID)).expect("To field");
        ui.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(
        composer(&h).to,
        format!("Sender 4 <sender4@example.org>, {best}, ")
    );
    h.send(compose_msg(compose::Message::Address(
        compose::Field::To,
        "Sender 4 <sender4@example.org>, ".into(),
    )));

    h.ui(|ui| {
        ui.click(selector::id(compose::SUBJECT_ID)).expect("subject");
        ui.typewrite("Lunch on Friday");
        ui.click(selector::id(compose::BODY_ID)).expect("body");
        ui.typewrite("Shall we? ");
    });
    assert_eq!(composer(&h).subject, "Lunch on Friday");
    assert!(
        composer(&h).body.text().contains("Shall we? "),
        "{:?}",
        composer(&h).body.text()
    );

    // Autosave: the draft is in the user database, marked open (a crash would reopen it).
    autosave(&mut h);
    let id = composer(&h).base.id.expect("saved with an id");
    let cache = h.paths().cache_db();
    let saved = drafts::load_draft(&cache, id).expect("load").expect("stored");
    assert_eq!(saved.account, "A");
    assert_eq!(saved.to, vec!["Sender 4 <sender4@example.org>".to_string()]);
    assert_eq!(saved.subject, "Lunch on Friday");
    assert!(saved.body.contains("Shall we? "));
    assert_eq!(drafts::left_open(&cache).expect("open").len(), 1);

    // Later edits go to the same row.
    h.ui(|ui| {
        ui.click(selector::id(compose::SUBJECT_ID)).expect("subject");
        ui.typewrite("!");
    });
    autosave(&mut h);
    assert_eq!(composer(&h).base.id, Some(id));
    assert_eq!(
        drafts::load_draft(&cache, id).expect("load").map(|d| d.subject),
        Some("Lunch on Friday!".to_string())
    );

    // Closing keeps it: marked closed, and the worker is asked to store it on the server.
    h.ui(|ui| {
        ui.click(fl!("compose-close")).expect("Close");
    });
    assert!(h.app.composer.is_none());
    assert!(drafts::left_open(&cache).expect("open").is_empty());
    assert_eq!(drafts::drafts(&cache).expect("drafts").len(), 1);
    let a = h.app.accounts[0].id;
    assert!(
        h.app
            .waiting_commands(a)
            .contains(&Command::SaveDraftOnServer(id)),
        "{:?}",
        h.app.waiting_commands(a)
    );
}

#[test]
fn attachments_show_name_and_size_and_warn_over_25_mb() {
    let mut h = two_accounts();
    h.send(Message::Mailbox(mailbox::Message::Compose(None)));
    let dir = tempfile::tempdir().expect("tempdir");
    let small = dir.path().join("notes.txt");
    std::fs::write(&small, vec![b'x'; 1200]).expect("small file");
    let big = dir.path().join("video.mp4");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(26_000_000))
        .expect("sparse 26 MB file");

    // What the dialog or a drop on the window produces.
    h.send(compose_msg(compose::Message::Files(vec![small.clone()])));
    h.send(writing(Writing::FileDropped(big.clone())));
    let c = composer(&h);
    assert_eq!(c.attachments.len(), 2);
    assert!(
        matches!(&c.attachments[0], DraftAttachment::File { name, size: 1200, .. } if name == "notes.txt")
    );
    assert!(c.over_limit());
    let warning = fl!(
        "compose-too-large",
        limit = tern::ui::format::size(compose::LIMIT_BYTES)
    );
    h.ui(|ui| {
        assert!(ui.find("notes.txt").is_ok());
        assert!(ui.find(tern::ui::format::size(1200)).is_ok(), "size shown");
        assert!(ui.find("video.mp4").is_ok());
        assert!(ui.find(warning.as_str()).is_ok(), "size warning shown");
    });

    // Removing the big one ends the warning; a folder is refused in plain words.
    h.send(compose_msg(compose::Message::Remove(1)));
    assert_eq!(composer(&h).attachments.len(), 1);
    assert!(!composer(&h).over_limit());
    h.ui(|ui| assert!(ui.find(warning.as_str()).is_err()));
    h.send(compose_msg(compose::Message::Files(vec![
        dir.path().to_path_buf(),
    ])));
    assert_eq!(composer(&h).attachments.len(), 1);
    let notice = composer(&h).notice.clone().expect("notice");
    assert!(notice.contains("folder"), "{notice}");

    // The attachment list is part of the saved draft.
    autosave(&mut h);
    let id = composer(&h).base.id.expect("saved");
    let saved = drafts::load_draft(&h.paths().cache_db(), id)
        .expect("load")
        .expect("stored");
    assert_eq!(saved.attachments, composer(&h).attachments);
}

#[test]
fn discard_asks_first_and_then_forgets_the_draft() {
    let mut h = two_accounts();
    h.send(Message::Mailbox(mailbox::Message::Compose(None)));
    h.send(compose_msg(compose::Message::Subject("Not this one".into())));
    autosave(&mut h);
    let id = composer(&h).base.id.expect("saved");
    // While writing goes on, the server gets a copy every few minutes.
    let a = h.app.accounts[0].id;
    assert!(
        !h.app
            .waiting_commands(a)
            .contains(&Command::SaveDraftOnServer(id))
    );
    h.send(compose_msg(compose::Message::Tick(
        Instant::now() + compose::SERVER_EVERY + Duration::from_secs(1),
    )));
    assert!(
        h.app
            .waiting_commands(a)
            .contains(&Command::SaveDraftOnServer(id)),
        "{:?}",
        h.app.waiting_commands(a)
    );

    h.ui(|ui| {
        ui.click(fl!("compose-discard")).expect("Discard");
    });
    assert!(composer(&h).confirm_discard, "asks first");
    h.ui(|ui| {
        assert!(ui.find(fl!("compose-discard-title")).is_ok());
        ui.click(fl!("cancel")).expect("Cancel");
    });
    assert!(!composer(&h).confirm_discard);
    assert!(h.app.composer.is_some(), "cancel keeps writing");
    // Esc with the question up answers "Cancel" too.
    h.send(compose_msg(compose::Message::AskDiscard));
    h.ui(|ui| {
        ui.tap_key(Key::Named(Named::Escape));
    });
    assert!(!composer(&h).confirm_discard);
    assert!(h.app.composer.is_some(), "Esc did not close the composer");

    h.send(compose_msg(compose::Message::AskDiscard));
    h.send(compose_msg(compose::Message::ConfirmDiscard));
    assert!(h.app.composer.is_none());
    let cache = h.paths().cache_db();
    assert!(drafts::drafts(&cache).expect("drafts").is_empty());
    assert!(drafts::left_open(&cache).expect("open").is_empty());
    assert!(
        h.app
            .waiting_commands(a)
            .contains(&Command::DiscardDraftOnServer(id))
    );
}

#[test]
fn closing_an_untouched_new_message_leaves_nothing() {
    let mut h = two_accounts();
    h.send(Message::Mailbox(mailbox::Message::Compose(None)));
    h.send(compose_msg(compose::Message::Close));
    assert!(h.app.composer.is_none());
    assert!(drafts::drafts(&h.paths().cache_db()).expect("drafts").is_empty());
}

#[test]
fn a_draft_left_by_a_crash_is_reopened_at_start() {
    let left = Draft {
        account: "B".into(),
        to: vec!["ann@example.org".into()],
        subject: "Half written".into(),
        body: "Where were w".into(),
        ..Draft::default()
    };
    let mut id = None;
    let h = Harness::with_cache(&[account("A"), account("B")], |db| {
        id = Some(drafts::save_draft(db, &left).expect("save before start"));
    });
    let c = composer(&h);
    assert_eq!(c.base.id, id);
    assert_eq!((c.from.as_str(), c.subject.as_str()), ("B", "Half written"));
    assert_eq!(
        c.body.text(),
        "Where were w",
        "no second signature on a reopened draft"
    );
    assert_eq!(c.notice, Some(fl!("compose-recovered", count = 1)));
}

#[test]
fn a_reply_is_sent_from_the_account_that_received_the_original() {
    let mut h = two_accounts();
    let b = h.app.accounts[1].id;
    assert_eq!(h.app.accounts[1].config.name, "B");
    let original = Original {
        server: ServerRef {
            folder: "INBOX".into(),
            uidvalidity: 1,
            uid: 7,
            message_id: "orig@example.org".into(),
        },
        from: "Carol <carol@example.org>".into(),
        to: vec!["B@example.org".into()],
        subject: "Plans".into(),
        message_id: "orig@example.org".into(),
        text: "See you".into(),
        ..Original::default()
    };
    h.send(writing(Writing::Original(
        b,
        tern::core::MessageId(1),
        ReplyKind::Reply,
        Ok(Some(original)),
    )));
    let c = composer(&h);
    assert_eq!(c.from, "B", "the receiving account, not the first one");
    // With the reply rules in place the recipient and subject are prefilled too.
    if !c.to.is_empty() {
        assert!(c.to.contains("carol@example.org"), "{}", c.to);
        assert!(c.subject.contains("Plans"), "{}", c.subject);
    }

    // The keys and the toolbar ask for the same things.
    let key = |k: &str, m| mailbox::Mailbox::on_key(&Key::Character(k.into()), m);
    assert!(matches!(
        key("r", Modifiers::empty()),
        Some(mailbox::Message::Compose(Some(ReplyKind::Reply)))
    ));
    assert!(matches!(
        key("r", Modifiers::SHIFT),
        Some(mailbox::Message::Compose(Some(ReplyKind::ReplyAll)))
    ));
    assert!(matches!(
        key("f", Modifiers::empty()),
        Some(mailbox::Message::Compose(Some(ReplyKind::Forward)))
    ));
    assert!(matches!(
        key("n", Modifiers::CTRL),
        Some(mailbox::Message::Compose(None))
    ));
}

#[test]
fn send_checks_recipients_then_queues_and_pokes_the_worker() {
    let mut h = two_accounts();
    h.send(Message::Mailbox(mailbox::Message::Compose(None)));
    h.ui(|ui| {
        ui.click(selector::id(compose::BODY_ID)).expect("body");
        ui.typewrite("Hi");
        ui.simulate(chord(Key::Named(Named::Enter), Modifiers::CTRL));
    });
    assert_eq!(composer(&h).notice, Some(fl!("compose-no-recipient")));
    let body = composer(&h).body.text();
    assert!(
        body.ends_with("Hi") && !body.contains("Hi\n"),
        "Ctrl+Enter adds no line: {body:?}"
    );

    h.send(compose_msg(compose::Message::Address(
        compose::Field::To,
        "dan@example.org".into(),
    )));
    h.send(compose_msg(compose::Message::Subject("Ready".into())));
    h.ui(|ui| {
        ui.click(selector::id(compose::BODY_ID)).expect("body");
        ui.simulate(chord(Key::Named(Named::Enter), Modifiers::CTRL));
    });
    let cache = h.paths().cache_db();
    let a = h.app.accounts[0].id;
    match outbox::entries(&cache) {
        Ok(entries) => {
            // The outbox exists: the message is stored and the worker asked to send.
            assert!(h.app.composer.is_none(), "closed once queued");
            assert_eq!(entries.len(), 1, "{entries:?}");
            assert_eq!(entries[0].subject, "Ready");
            assert!(h.app.waiting_commands(a).contains(&Command::SendOutbox));
        }
        Err(_) => {
            // Without the outbox the composer says so and keeps everything.
            let c = composer(&h);
            assert!(!c.sending);
            assert!(
                c.notice
                    .as_deref()
                    .is_some_and(|n| n.contains("Your draft is kept")),
                "{:?}",
                c.notice
            );
            assert_eq!(c.draft().to, vec!["dan@example.org".to_string()]);
            assert!(!h.app.waiting_commands(a).contains(&Command::SendOutbox));
        }
    }
}
