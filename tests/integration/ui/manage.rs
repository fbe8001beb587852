//! Managing mail from the window (issue 7), at the update level over a cached folder
//! (no server): the commands toolbar actions, shortcuts and multi-select produce,
//! marking read after a delay (time driven by Tick messages), Undo, the pending count,
//! conflict notices and the question before deleting for good. The commands are read
//! from a handle the test gives the app as if a worker had started.

use std::collections::BTreeSet;
use std::time::Duration;

use iced::keyboard::key::Named;
use iced::keyboard::{Key, Modifiers};
use iced::time::Instant;
use tern::config::Security;
use tern::core::{
    AccountEvent, Action, Command, ErrorKind, Flags, FolderId, Handle, MessageId, Stamped, TernError,
};
use tern::fl;
use tern::ui::Message;
use tern::ui::screen::mailbox::manage::Act;
use tern::ui::screen::mailbox::{self, list};

use super::{Harness, fill_cache, offline_account};

/// The app over `n` cached messages with INBOX open, and the commands it sends.
struct Rig {
    h: Harness,
    commands: tokio::sync::mpsc::Receiver<Command>,
}

impl Rig {
    fn new(n: u32) -> Rig {
        let account = offline_account("gen");
        let mut h = Harness::with_cache(std::slice::from_ref(&account), |db| {
            fill_cache(db, "gen", n);
        });
        assert!(h.app.mailbox.list.loaded);
        let (tx, commands) = tokio::sync::mpsc::channel(10_000);
        h.send(worker_event(&h, AccountEvent::Ready(Handle::new(tx))));
        let mut rig = Rig { h, commands };
        rig.take();
        rig
    }

    /// The commands sent since the last call (body fetches for the reader left out).
    fn take(&mut self) -> Vec<Command> {
        let mut out = Vec::new();
        while let Ok(c) = self.commands.try_recv() {
            if !matches!(c, Command::FetchBody(_) | Command::OpenFolder(_)) {
                out.push(c);
            }
        }
        out
    }

    fn mailbox(&mut self, m: mailbox::Message) {
        self.h.send(Message::Mailbox(m));
    }

    fn click(&mut self, index: usize, modifiers: Modifiers) {
        let id = self.id(index);
        self.mailbox(mailbox::Message::List(list::Message::Modifiers(modifiers)));
        self.mailbox(mailbox::Message::List(list::Message::Clicked(id, index as u32)));
        self.mailbox(mailbox::Message::List(list::Message::Modifiers(
            Modifiers::default(),
        )));
    }

    fn key(&mut self, key: Key) {
        self.h.ui(|ui| ui.tap_key(key));
    }

    fn ctrl_z(&mut self) {
        // What the shortcut maps Ctrl+Z to (the simulator's tap_key has no modifiers).
        let m = mailbox::Mailbox::on_key(&Key::Character("z".into()), Modifiers::CTRL);
        assert!(matches!(m, Some(mailbox::Message::Undo)));
        self.mailbox(mailbox::Message::Undo);
    }

    fn id(&self, index: usize) -> MessageId {
        let l = &self.h.app.mailbox.list;
        l.rows[index - l.start as usize].id
    }

    fn event(&mut self, event: AccountEvent) {
        let e = worker_event(&self.h, event);
        self.h.send(e);
    }

    fn folder(&self, path: &str) -> FolderId {
        let a = &self.h.app.mailbox.folders.accounts[0];
        a.folders
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.id)
            .expect("folder")
    }
}

fn worker_event(h: &Harness, event: AccountEvent) -> Message {
    let a = &h.app.accounts[0];
    Message::Worker(Stamped {
        account: a.id,
        generation: a.generation,
        event,
    })
}

fn flags(ids: Vec<MessageId>, add: Flags, remove: Flags) -> Command {
    Command::Act(Action::SetFlags { ids, add, remove })
}

const NONE: Flags = Flags(0);

#[test]
fn toolbar_actions_and_shortcuts_send_the_right_commands() {
    // Generated rows: newest first; uid % 3 == 0 is unread, the others read.
    let mut r = Rig::new(30);
    r.click(1, Modifiers::default()); // uid 29: read, not starred
    let id = r.id(1);
    r.take();

    // Toolbar star (the button's message), then the `s` and `u` keys.
    r.mailbox(mailbox::Message::Act(Act::ToggleStar));
    assert_eq!(r.take(), vec![flags(vec![id], Flags::FLAGGED, NONE)]);
    r.key(Key::Character("u".into()));
    assert_eq!(
        r.take(),
        vec![flags(vec![id], NONE, Flags::SEEN)],
        "u on a read message marks it unread"
    );
    r.click(0, Modifiers::default()); // uid 30: unread
    r.take();
    r.key(Key::Character("u".into()));
    assert_eq!(r.take(), vec![flags(vec![r.id(0)], Flags::SEEN, NONE)]);

    // Archive with `e`: the command, and the next row is selected and shown.
    r.click(1, Modifiers::default());
    r.take();
    r.key(Key::Character("e".into()));
    assert_eq!(r.take(), vec![Command::Act(Action::Archive { ids: vec![id] })]);
    let next = r.id(2);
    assert_eq!(r.h.app.mailbox.list.selected, Some(next), "next row selected");
    assert_eq!(r.h.app.mailbox.reader.showing(), Some(next), "and shown");

    // Delete key, then Move through the folder picker's message.
    r.key(Key::Named(Named::Delete));
    assert_eq!(
        r.take(),
        vec![Command::Act(Action::Delete {
            ids: vec![next],
            forever: false
        })]
    );
    let work = r.folder("Work");
    let current = r.h.app.mailbox.list.selected.expect("selected");
    assert!(
        r.h.app.mailbox.move_targets().iter().any(|c| c.id == work),
        "Work offered"
    );
    r.mailbox(mailbox::Message::Act(Act::MoveTo(work)));
    assert_eq!(
        r.take(),
        vec![Command::Act(Action::Move {
            ids: vec![current],
            to: work
        })]
    );
}

#[test]
fn ctrl_click_toggles_and_shift_click_selects_a_range() {
    let mut r = Rig::new(30);
    r.click(2, Modifiers::default());
    r.click(5, Modifiers::CTRL);
    r.click(7, Modifiers::CTRL);
    r.click(9, Modifiers::CTRL);
    r.click(5, Modifiers::CTRL); // toggled off again
    let want: BTreeSet<_> = [2, 7, 9].iter().map(|&i| r.id(i)).collect();
    assert_eq!(r.h.app.mailbox.list.selection, want);
    r.take();
    r.mailbox(mailbox::Message::Act(Act::Archive));
    match r.take().as_slice() {
        [Command::Act(Action::Archive { ids })] => {
            assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), want)
        }
        other => panic!("{other:?}"),
    }

    // Shift+click: the range from the last plain click.
    r.click(3, Modifiers::default());
    r.click(8, Modifiers::SHIFT);
    let want: BTreeSet<_> = (3..=8).map(|i| r.id(i)).collect();
    assert_eq!(r.h.app.mailbox.list.selection, want);
    r.take();
    r.key(Key::Character("s".into()));
    match r.take().as_slice() {
        [Command::Act(Action::SetFlags { ids, add, .. })] => {
            assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), want);
            assert_eq!(*add, Flags::FLAGGED);
        }
        other => panic!("{other:?}"),
    }
    // A plain click selects one again.
    r.click(4, Modifiers::default());
    assert_eq!(r.h.app.mailbox.list.selection.len(), 1);
}

#[test]
fn shift_click_range_beyond_the_rows_in_memory_is_read_from_the_store() {
    let mut r = Rig::new(3_000);
    r.click(0, Modifiers::default());
    // Scroll far down: the rows in memory are now those around row 2,500.
    r.mailbox(mailbox::Message::List(list::Message::Scrolled {
        offset: 2_500.0 * list::ROW_HEIGHT,
        height: 700.0,
    }));
    assert!(r.h.app.mailbox.list.start > 100, "row 0 no longer in memory");
    r.click(2_500, Modifiers::SHIFT);
    let sel = &r.h.app.mailbox.list.selection;
    assert_eq!(sel.len(), 2_501, "rows 0..=2500 selected by id");
    r.take();
    r.key(Key::Character("e".into()));
    match r.take().as_slice() {
        [Command::Act(Action::Archive { ids })] => assert_eq!(ids.len(), 2_501),
        other => panic!("{} commands", other.len()),
    }
}

#[test]
fn an_opened_message_is_marked_read_after_the_delay() {
    let mut r = Rig::new(30);
    assert_eq!(
        r.h.app.mailbox.manage.mark_read_delay,
        Duration::from_millis(1500),
        "default 1.5 s"
    );
    let start = Instant::now();
    r.click(0, Modifiers::default()); // uid 30: unread
    let unread = r.id(0);
    r.take();
    r.mailbox(mailbox::Message::Tick(start + Duration::from_millis(500)));
    assert_eq!(r.take(), vec![], "not yet");
    r.mailbox(mailbox::Message::Tick(start + Duration::from_secs(2)));
    assert_eq!(r.take(), vec![flags(vec![unread], Flags::SEEN, NONE)]);
    r.mailbox(mailbox::Message::Tick(start + Duration::from_secs(3)));
    assert_eq!(r.take(), vec![], "only once");

    // Moved on before the time: nothing. A read message: nothing.
    r.click(3, Modifiers::default()); // uid 27: unread
    r.click(1, Modifiers::default()); // uid 29: read
    r.mailbox(mailbox::Message::Tick(Instant::now() + Duration::from_secs(5)));
    assert_eq!(r.take(), vec![]);

    // 0 = off.
    r.h.app.mailbox.manage.mark_read_delay = Duration::ZERO;
    r.click(3, Modifiers::default());
    r.mailbox(mailbox::Message::Tick(Instant::now() + Duration::from_secs(5)));
    assert_eq!(r.take(), vec![]);
}

#[test]
fn undo_is_offered_for_the_window_and_sends_undo() {
    let mut r = Rig::new(30);
    r.click(1, Modifiers::default());
    r.ctrl_z();
    assert_eq!(r.take(), vec![], "nothing to undo yet");
    r.key(Key::Character("s".into()));
    r.event(AccountEvent::ActionQueued { pending: 1 });
    r.take();
    // The Undo button, clicked in the window.
    r.h.ui(|ui| {
        assert!(ui.find(fl!("status-pending", count = 1, n = "1")).is_ok());
        ui.click(fl!("action-undo")).map(|_| ()).expect("Undo button")
    });
    assert_eq!(r.take(), vec![Command::Undo]);
    assert!(r.h.app.mailbox.manage.undo.is_none(), "offered once");

    // Ctrl+Z within the window.
    r.key(Key::Character("s".into()));
    r.event(AccountEvent::ActionQueued { pending: 2 });
    r.take();
    r.ctrl_z();
    assert_eq!(r.take(), vec![Command::Undo]);

    // After the window: gone.
    r.event(AccountEvent::ActionQueued { pending: 3 });
    r.mailbox(mailbox::Message::Tick(
        Instant::now() + tern::engine::actions::UNDO_WINDOW + Duration::from_secs(1),
    ));
    r.h.ui(|ui| assert!(ui.find(fl!("action-undo")).is_err()));
    r.ctrl_z();
    assert_eq!(r.take(), vec![]);

    // The pending count follows the engine.
    r.event(AccountEvent::PendingChanged { pending: 0 });
    assert_eq!(r.h.app.mailbox.statuses[0].pending, 0);
    r.h.ui(|ui| assert!(ui.find(fl!("status-pending", count = 3, n = "3")).is_err()));
}

#[test]
fn conflicts_show_briefly_and_deleting_in_trash_asks_first() {
    let mut r = Rig::new(30);
    let sentence = "The message was deleted on the server, so it could not be starred.";
    r.event(AccountEvent::Conflict(TernError::new(
        ErrorKind::NotFound,
        sentence,
    )));
    r.h.ui(|ui| assert!(ui.find(sentence).is_ok(), "conflict shown"));
    r.mailbox(mailbox::Message::Tick(Instant::now() + Duration::from_secs(30)));
    assert!(r.h.app.mailbox.manage.notice.is_none(), "and gone after a while");

    // The engine asks before deleting for good: the question, then forever.
    r.click(4, Modifiers::default());
    let id = r.id(4);
    r.key(Key::Named(Named::Delete));
    r.take();
    r.event(AccountEvent::Error(TernError::new(
        ErrorKind::NeedsConfirmation,
        "engine wording",
    )));
    assert!(
        r.h.app.mailbox.statuses[0].error.is_none(),
        "not an account error"
    );
    r.h.ui(|ui| {
        assert!(ui.find(fl!("confirm-delete-title")).is_ok());
        ui.click(fl!("confirm-delete-forever"))
            .map(|_| ())
            .expect("Delete for good")
    });
    assert_eq!(
        r.take(),
        vec![Command::Act(Action::Delete {
            ids: vec![id],
            forever: true
        })]
    );
    assert!(r.h.app.mailbox.manage.confirm.is_none());
}

/// Against the harness Dovecot: star and archive from the window reach the server, and
/// the pending count goes back to 0.
#[test]
fn star_and_archive_from_the_window_reach_the_server() {
    use crate::support::dovecot::Dovecot;
    use crate::support::seed;
    use crate::sync::{account, server_state};

    let server = Dovecot::shared();
    let user = server.user("uimanage");
    server.seed(&user, "INBOX", seed::messages(71, 0, 6));
    let mut h = Harness::with_accounts(&[account(server, &user, Security::Tls)]);
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 6
    });
    // `s` toggles: pick a message that is not starred yet (the seed stars some).
    let row = h
        .app
        .mailbox
        .list
        .rows
        .iter()
        .find(|r| !Flags(r.flags).contains(Flags::FLAGGED))
        .expect("an unstarred message")
        .clone();
    let subject = row.subject.clone();
    let message_id = row.message_id.clone();
    let bare = message_id
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    h.ui(|ui| ui.click(subject.as_str()).map(|_| ()).expect("click the message"));

    // Star with `s`: shown at once (optimistic), then on the server.
    h.ui(|ui| ui.tap_key(Key::Character("s".into())));
    h.pump_until(30, "the action queued", |app| app.mailbox.manage.undo.is_some());
    // The list re-reads the cache on MessagesChanged, which follows ActionQueued.
    h.pump_until(10, "the star shown in the list", |app| {
        app.mailbox
            .list
            .rows
            .iter()
            .any(|r| r.message_id == message_id && Flags(r.flags).contains(Flags::FLAGGED))
    });
    h.pump_until(60, "the star to reach the server", |app| {
        app.mailbox.statuses[0].pending == 0
    });
    let inbox = server_state(server, &user, "INBOX");
    assert!(
        inbox
            .values()
            .any(|(f, mid)| *mid == bare && Flags(*f).contains(Flags::FLAGGED)),
        "flagged on the server: {inbox:?}"
    );

    // Archive with `e`: gone from the list at once, then in Archive on the server.
    h.app.mailbox.manage.undo = None;
    h.ui(|ui| ui.tap_key(Key::Character("e".into())));
    h.pump_until(30, "the archive queued", |app| {
        app.mailbox.manage.undo.is_some() && app.mailbox.list.total == 5
    });
    assert!(h.app.mailbox.list.rows.iter().all(|r| r.subject != subject));
    h.pump_until(60, "the archive to reach the server", |app| {
        app.mailbox.statuses[0].pending == 0
    });
    let archive = server_state(server, &user, "Archive");
    assert!(
        archive.values().any(|(_, mid)| *mid == bare),
        "in Archive on the server: {archive:?}"
    );
    let inbox = server_state(server, &user, "INBOX");
    assert!(inbox.values().all(|(_, mid)| *mid != bare), "left INBOX");
    h.ui(|ui| assert!(ui.find(fl!("status-pending", count = 1, n = "1")).is_err()));
}

/// Issue 11 item 5: `m` opens "Move to…", typing filters the folders, Enter moves the
/// selection to the first match; New folder sends the change to the worker; the Inbox
/// cannot be deleted.
#[test]
fn move_picker_on_m_filters_and_folder_dialogs_send_changes() {
    use tern::core::FolderChange;
    use tern::ui::screen::mailbox::folder_dialog::{Dialog, Message as FolderMsg};
    let mut r = Rig::new(10);
    r.click(1, Modifiers::default());
    let current = r.h.app.mailbox.list.selected.expect("selected");
    r.take();
    r.key(Key::Character("m".into()));
    assert_eq!(
        r.h.app.mailbox.manage.dialog,
        Some(Dialog::Move {
            filter: String::new()
        })
    );
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Edit(
        "nothing-like-it".into(),
    )));
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Submit));
    assert!(r.take().is_empty(), "no folder matches: nothing moves");
    assert!(r.h.app.mailbox.manage.dialog.is_some());
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Edit("WO".into())));
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Submit));
    let work = r.folder("Work");
    assert_eq!(
        r.take(),
        vec![Command::Act(Action::Move {
            ids: vec![current],
            to: work
        })]
    );
    assert_eq!(r.h.app.mailbox.manage.dialog, None);

    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::NewFolder));
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Edit(
        "Reisen/Köln".into(),
    )));
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Submit));
    assert_eq!(
        r.take(),
        vec![Command::ChangeFolder(FolderChange::Create {
            path: "Reisen/Köln".into()
        })]
    );
    // INBOX is open: Delete and Rename offer nothing.
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Delete));
    r.mailbox(mailbox::Message::FolderDialog(FolderMsg::Rename));
    assert_eq!(r.h.app.mailbox.manage.dialog, None);
}
