//! Conversations in the window (issue 11 item 2) against the real Dovecot: the setting
//! turns one row per message into one row per conversation (count, senders, unread);
//! opening a row shows the conversation across folders with the others collapsed, and
//! expanding one fetches its body then; an action on the row reaches every message of
//! the conversation in the folder on the server.

use std::path::Path;

use tern::config::Security;
use tern::core::{Flags, MessageId};
use tern::store::Store;
use tern::ui::Message;
use tern::ui::screen::mailbox::manage::Act;
use tern::ui::screen::mailbox::reader::{self, Body};
use tern::ui::screen::mailbox::{self, list};
use tern::ui::screen::{general, settings};

use super::Harness;
use crate::manage::{has, on_server, server_flags};
use crate::support::dovecot::Dovecot;
use crate::support::dovecot::SeedMessage;

const HELLO: &str = "ruby-mail/rfc2822__example08.eml";
const MARY: &str = "ruby-mail/rfc2822__example06.eml";
const JOHN: &str = "ruby-mail/rfc2822__example07.eml";
const K9_START: &str =
    "thunderbird-android-k9/backend__demo__src__main__resources__mailbox__inbox__03-thread-1.eml";
const K9_REPLY: &str =
    "thunderbird-android-k9/backend__demo__src__main__resources__mailbox__inbox__04-thread-2.eml";

fn seeded(name: &str, flags: &str, date: i64) -> SeedMessage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/messages")
        .join(name);
    SeedMessage {
        raw: std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        maildir_flags: flags.into(),
        date,
    }
}

fn conversations(h: &mut Harness, on: bool) {
    h.send(Message::Settings(settings::Message::General(
        general::Message::Conversations(on),
    )));
}

fn reader(m: reader::Message) -> Message {
    Message::Mailbox(mailbox::Message::Reader(m))
}

/// Whether the app's cache holds the body of `id`.
fn body_cached(h: &Harness, id: MessageId) -> bool {
    let store = Store::open_reader(&h.paths().cache_db()).expect("cache");
    store.body(id).expect("query").is_some()
}

/// The id of a message of the reader's conversation, by Message-ID.
fn in_thread(h: &Harness, mid: &str) -> MessageId {
    h.app
        .mailbox
        .reader
        .thread
        .messages
        .iter()
        .find(|m| m.summary.message_id == mid)
        .map(|m| m.summary.id)
        .unwrap_or_else(|| panic!("{mid} in the conversation"))
}

#[test]
fn conversation_rows_expand_lazily_and_act_on_every_message() {
    let server = Dovecot::shared();
    let user = server.user("convo");
    // Mary's reply is unread; the rest read. John's answer is in Sent.
    server.seed(
        &user,
        "INBOX",
        [
            seeded(HELLO, "S", 880_000_000),
            seeded(MARY, "", 880_000_060),
            seeded(K9_START, "S", 880_000_120),
            seeded(K9_REPLY, "S", 880_000_180),
        ],
    );
    server.seed(&user, "Sent", [seeded(JOHN, "S", 880_000_240)]);
    let mut h = Harness::with_accounts(&[crate::sync::account(server, &user, Security::Tls)]);
    h.start_workers();
    // The harness starts with conversations off: one row per message.
    h.pump_until(60, "four rows", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 4 && app.mailbox.list.rows.len() == 4
    });

    conversations(&mut h, true);
    assert!(h.app.prefs.conversations);
    h.pump_until(60, "two conversation rows", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 2 && app.mailbox.list.rows.len() == 2
    });
    let l = &h.app.mailbox.list;
    // The K9 thread is newer: first. The hello thread: two messages in INBOX.
    let row = l.rows[1].clone();
    let thread = l.thread_of_row(row.id).expect("a conversation row").clone();
    assert_eq!(thread.ids.len(), 2);
    assert_eq!(thread.unread, 1);
    assert_eq!(thread.participants, "John Doe, Mary Smith");
    assert!(
        !Flags(row.flags).contains(Flags::SEEN),
        "unread while one is unread"
    );
    assert_eq!(row.subject, "Re: Saying Hello", "the row is the newest message");
    // The row is drawn with its senders and count.
    h.ui(|ui| {
        ui.find("John Doe, Mary Smith").expect("senders shown");
        ui.find(tern::fl!("list-count-conversations", count = "2"))
            .expect("the folder's count is of conversations");
    });

    // Opening it: the conversation across folders, oldest first; Mary's expanded.
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        row.id, 1,
    ))));
    h.pump_until(60, "the conversation", |app| {
        app.mailbox.reader.thread_ids().len() == 3
    });
    let hello = in_thread(&h, "1234@local.machine.example");
    let mary = in_thread(&h, "3456@example.net");
    let john = in_thread(&h, "abcd.1234@local.machine.tld");
    assert_eq!(h.app.mailbox.reader.thread_ids(), vec![hello, mary, john]);
    assert_eq!(h.app.mailbox.reader.showing(), Some(mary));
    h.pump_until(60, "Mary's body", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, Body::Ready(_)))
    });
    assert!(
        !body_cached(&h, hello) && !body_cached(&h, john),
        "collapsed bodies are not fetched"
    );

    // Expanding the first message (by its collapsed header) fetches its body now.
    h.ui(|ui| {
        ui.click("Saying Hello").expect("the collapsed header");
    });
    assert_eq!(h.app.mailbox.reader.showing(), Some(hello));
    h.pump_until(60, "the first message's body", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, Body::Ready(_)))
    });
    assert!(body_cached(&h, hello), "fetched on expand");
    // John's answer in Sent: fetched from its own folder.
    h.send(reader(reader::Message::Expand(john)));
    h.pump_until(60, "the reply in Sent", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| o.id == john && matches!(o.body, Body::Ready(_)))
    });
    assert_eq!(
        h.app.mailbox.reader.thread_ids().len(),
        3,
        "the conversation stays"
    );

    // Star and read on the row reach both INBOX messages on the server.
    h.send(Message::Mailbox(mailbox::Message::Act(Act::ToggleStar)));
    h.pump_until(60, "both starred on the server", |_| {
        ["1234@local.machine.example", "3456@example.net"]
            .iter()
            .all(|m| has(server_flags(server, &user, "INBOX", m), Flags::FLAGGED))
    });
    h.send(Message::Mailbox(mailbox::Message::Act(Act::ToggleRead)));
    h.pump_until(60, "Mary's reply read on the server", |_| {
        has(
            server_flags(server, &user, "INBOX", "3456@example.net"),
            Flags::SEEN,
        )
    });
    assert!(
        !has(
            server_flags(server, &user, "Sent", "abcd.1234@local.machine.tld"),
            Flags::FLAGGED
        ),
        "the action is on the folder's messages only"
    );

    // Archive: both leave INBOX for Archive; the other conversation stays.
    h.send(Message::Mailbox(mailbox::Message::Act(Act::Archive)));
    h.pump_until(60, "the conversation archived on the server", |_| {
        let archive = on_server(server, &user, "Archive");
        archive.contains_key("1234@local.machine.example") && archive.contains_key("3456@example.net")
    });
    let inbox = on_server(server, &user, "INBOX");
    assert_eq!(inbox.len(), 2, "{inbox:?}");
    assert!(inbox.contains_key("thread-1@example.com"));
    h.pump_until(60, "one conversation row", |app| app.mailbox.list.total == 1);

    // Off again: one row per message.
    conversations(&mut h, false);
    h.pump_until(60, "two message rows", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 2 && app.mailbox.list.rows.len() == 2
    });
    assert!(
        h.app
            .mailbox
            .list
            .thread_of_row(h.app.mailbox.list.rows[0].id)
            .is_none()
    );
}

/// 30 cached messages in ten conversations of three (each answers the one before).
fn fill_threads(db: &Path) {
    let mut store = Store::open(db).expect("store");
    let account = store.ensure_account("conv", "conv@example.org").expect("account");
    let inbox = tern::store::FolderInfo {
        raw_name: "INBOX".into(),
        path: "INBOX".into(),
        delimiter: "/".into(),
        role: tern::store::FolderRole::Inbox,
        attributes: String::new(),
        selectable: true,
    };
    store.replace_folders(account, &[inbox]).expect("folders");
    let folder = store
        .find_folder(account, "INBOX")
        .expect("query")
        .expect("inbox")
        .id;
    let rows: Vec<_> = (1..=30u32)
        .map(|uid| {
            let mut m = super::generated(uid);
            if uid % 3 != 1 {
                m.in_reply_to = format!("<{}@gen.tern.test>", uid - 1);
            }
            m
        })
        .collect();
    let marks = tern::store::SyncMarks {
        uidvalidity: 1,
        uidnext: 31,
        low_uid: 1,
        highestmodseq: 1,
    };
    store.store_window(folder, 1, &rows, marks).expect("rows");
}

#[test]
fn the_setting_in_settings_and_a_range_of_conversation_rows() {
    use iced::keyboard::Modifiers;
    use tern::core::{AccountEvent, Action, Command, Handle, Stamped};

    let account = super::offline_account("conv");
    let mut h = Harness::with_cache(std::slice::from_ref(&account), fill_threads);
    assert_eq!(
        h.app.mailbox.list.total, 30,
        "the harness starts with one row per message"
    );
    let (tx, mut commands) = tokio::sync::mpsc::channel(1000);
    let a = &h.app.accounts[0];
    let ready = Message::Worker(Stamped {
        account: a.id,
        generation: a.generation,
        event: AccountEvent::Ready(Handle::new(tx)),
    });
    h.send(ready);

    // Settings: the checkbox turns conversations on, and settings.toml keeps it.
    h.send(Message::Mailbox(mailbox::Message::OpenSettings));
    h.ui(|ui| {
        ui.click(tern::fl!("settings-conversations-hint"))
            .expect("the conversations checkbox");
    });
    assert!(h.app.prefs.conversations);
    let saved = std::fs::read_to_string(h.paths().settings_file()).expect("settings.toml");
    assert!(saved.contains("conversations = true"), "{saved}");
    assert_eq!(h.app.mailbox.list.total, 10, "ten conversation rows");

    // Shift+click from the first row to the fourth, then star: twelve messages.
    let click = |h: &mut Harness, index: usize, m: Modifiers| {
        let id = h.app.mailbox.list.rows[index].id;
        let list = |m| Message::Mailbox(mailbox::Message::List(m));
        h.send(list(list::Message::Modifiers(m)));
        h.send(list(list::Message::Clicked(id, index as u32)));
        h.send(list(list::Message::Modifiers(Modifiers::default())));
    };
    click(&mut h, 0, Modifiers::default());
    click(&mut h, 3, Modifiers::SHIFT);
    while commands.try_recv().is_ok() {}
    h.send(Message::Mailbox(mailbox::Message::Act(Act::ToggleStar)));
    let mut starred = None;
    while let Ok(c) = commands.try_recv() {
        if let Command::Act(Action::SetFlags { ids, add, .. }) = c {
            starred = Some((ids, add));
        }
    }
    let (ids, add) = starred.expect("a star command");
    assert_eq!(add, Flags::FLAGGED);
    assert_eq!(ids.len(), 12, "every message of the four conversations");
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 12);
}
