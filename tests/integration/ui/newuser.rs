//! What a new user meets (issue 17 items 3-10), at the update and simulator level over a
//! cached folder (no server): the reader recovers when the account returns, transient
//! notices do not move the list, plain wording, short attachment kinds, dead buttons.

use iced::keyboard::Modifiers;
use tern::core::{AccountEvent, Command, Connectivity, ErrorKind, Handle, MessageId, Stamped, TernError};
use tern::ui::Message;
use tern::ui::screen::mailbox::reader::Body;
use tern::ui::screen::mailbox::{self, list};

use super::{Harness, fill_cache, offline_account};

/// The app over `n` cached messages with INBOX open, and every command it sends.
pub struct Rig {
    pub h: Harness,
    commands: tokio::sync::mpsc::Receiver<Command>,
}

impl Rig {
    pub fn new(n: u32) -> Rig {
        let account = offline_account("gen");
        let mut h = Harness::with_cache(std::slice::from_ref(&account), |db| {
            fill_cache(db, "gen", n);
        });
        assert!(h.app.mailbox.list.loaded);
        let (tx, commands) = tokio::sync::mpsc::channel(10_000);
        let ready = event(&h, AccountEvent::Ready(Handle::new(tx)));
        h.send(ready);
        let mut rig = Rig { h, commands };
        rig.take();
        rig
    }

    pub fn take(&mut self) -> Vec<Command> {
        let mut out = Vec::new();
        while let Ok(c) = self.commands.try_recv() {
            if !matches!(c, Command::OpenFolder(_)) {
                out.push(c);
            }
        }
        out
    }

    pub fn mailbox(&mut self, m: mailbox::Message) {
        self.h.send(Message::Mailbox(m));
    }

    pub fn click(&mut self, index: usize) {
        let id = self.id(index);
        self.mailbox(mailbox::Message::List(list::Message::Modifiers(
            Modifiers::default(),
        )));
        self.mailbox(mailbox::Message::List(list::Message::Clicked(id, index as u32)));
    }

    pub fn id(&self, index: usize) -> MessageId {
        let l = &self.h.app.mailbox.list;
        l.rows[index - l.start as usize].id
    }

    pub fn event(&mut self, e: AccountEvent) {
        let m = event(&self.h, e);
        self.h.send(m);
    }
}

pub fn event(h: &Harness, event: AccountEvent) -> Message {
    let a = &h.app.accounts[0];
    Message::Worker(Stamped {
        account: a.id,
        generation: a.generation,
        event,
    })
}

/// Issue 17 item 5: a message that failed to download while the server was gone loads
/// when the account is back, instead of showing the old error until clicked again.
#[test]
fn the_open_message_loads_when_the_account_comes_back() {
    let mut r = Rig::new(5);
    r.click(0);
    let id = r.id(0);
    assert_eq!(r.take(), vec![Command::FetchBody(id)], "not cached: fetched");
    let lost = TernError::new(
        ErrorKind::Disconnected,
        "The server closed the connection during SELECT. Tern will try again later.",
    );
    r.event(AccountEvent::BodyFailed(id, lost));
    r.event(AccountEvent::Connectivity(Connectivity::Offline));
    let body = |r: &Rig| r.h.app.mailbox.reader.open.as_ref().map(|o| o.body.clone());
    assert!(matches!(body(&r), Some(Body::Failed(_))));
    r.event(AccountEvent::Connectivity(Connectivity::Online));
    assert_eq!(
        r.take(),
        vec![Command::FetchBody(id)],
        "asked again when back online"
    );
    assert!(matches!(body(&r), Some(Body::Fetching)), "{:?}", body(&r));
}

/// Where the text `what` is drawn in the window now.
pub fn y_of(r: &mut Rig, what: &str) -> f32 {
    r.h.ui(|ui| ui.find(what).map(|t| t.bounds().y))
        .unwrap_or_else(|e| panic!("{what} not shown: {e:?}"))
}

/// Issue 17 item 4: the Undo toast after the automatic mark-as-read names what was done
/// and does not push the rows down (a click aimed at a row still hits it).
#[test]
fn the_undo_toast_names_the_action_and_moves_no_row() {
    let mut r = Rig::new(30);
    r.click(0); // uid 30, unread: marked read after the delay
    let before = y_of(&mut r, "Generated message 28");
    r.mailbox(mailbox::Message::Tick(
        iced::time::Instant::now() + std::time::Duration::from_secs(600),
    ));
    let sent = r.take();
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Act(tern::core::Action::SetFlags { .. }))),
        "marked read: {sent:?}"
    );
    r.event(AccountEvent::ActionQueued { pending: 1 });
    assert!(r.h.app.mailbox.manage.undo.is_some(), "Undo offered");
    let said = tern::fl!("done-read", count = 1);
    assert_eq!(said, "Marked as read");
    r.h.ui(|ui| assert!(ui.find(said.as_str()).is_ok(), "the toast says what was done"));
    assert_eq!(
        y_of(&mut r, "Generated message 28"),
        before,
        "the rows did not move"
    );
    // A conflict notice on top of it moves nothing either.
    r.event(AccountEvent::Conflict(TernError::new(
        ErrorKind::NotFound,
        "“Lunch” is no longer in Inbox on the server, so it was not archived.",
    )));
    assert_eq!(y_of(&mut r, "Generated message 28"), before, "still in place");
}

/// Issue 17 item 3: after a restart an account whose password was kept for one session
/// has none. The window asks once in a small dialog (not the account form), the status
/// stays a compact line, Settings says truthfully that nothing is saved, and the typed
/// password goes to the keychain only after the server accepted it.
#[test]
fn a_session_only_password_is_asked_for_once_in_a_small_dialog() {
    let mut account = offline_account("home");
    account.imap.password_command = None;
    let mut h = Harness::with_cache(std::slice::from_ref(&account), |db| {
        fill_cache(db, "home", 3);
    });
    let id = h.app.accounts[0].id;
    let missing = TernError::new(
        ErrorKind::Secret,
        "No password is saved for account `home` (it was kept only while Tern's window was open, or never saved).",
    );
    let m = event(&h, AccountEvent::AuthRequired(missing.clone()));
    h.send(m);
    let prompt = h.app.prompts.open.clone().expect("the dialog is up");
    assert_eq!(prompt.account, id);
    h.ui(|ui| {
        assert!(ui.find(tern::fl!("password-title", name = "home")).is_ok());
        assert!(
            ui.find(tern::fl!("status-password-needed")).is_ok(),
            "compact status line"
        );
        assert!(
            ui.find(missing.message.as_str()).is_err(),
            "the long detail is not in the pane"
        );
        assert!(
            ui.find(tern::fl!("setup-password-keep")).is_err(),
            "not the account form"
        );
    });
    // "Not now", and the same event again: asked once only.
    h.send(Message::Password(tern::ui::screen::password::Message::Cancel));
    let m = event(&h, AccountEvent::AuthRequired(missing.clone()));
    h.send(m);
    assert!(h.app.prompts.open.is_none(), "asked once");
    // Settings tells the truth: not in the keychain.
    h.send(Message::Mailbox(mailbox::Message::OpenSettings));
    h.ui(|ui| {
        assert!(ui.find(tern::fl!("settings-password-not-saved")).is_ok());
        assert!(ui.find(tern::fl!("settings-password-keychain")).is_err());
    });
    h.send(Message::Settings(tern::ui::screen::settings::Message::Close));
    // "Enter password" opens the dialog again; typing and Sign in restarts the worker.
    h.send(Message::Mailbox(mailbox::Message::Status(
        mailbox::status::Action::Edit(id),
    )));
    assert!(h.app.prompts.open.is_some(), "Enter password opens the dialog");
    let generation = h.app.accounts[0].generation;
    h.ui(|ui| {
        ui.click(iced_test::selector::id(
            tern::ui::screen::password::PASSWORD_PROMPT_ID,
        ))
        .expect("field");
        ui.typewrite("s3cret");
    });
    h.ui(|ui| ui.click(tern::fl!("password-sign-in").as_str()).map(|_| ()))
        .expect("sign in");
    assert!(h.app.prompts.open.is_none());
    assert!(h.app.accounts[0].generation > generation, "worker restarted");
    assert!(h.app.env.secrets.is_session_only("home"), "in memory for now");
    use tern::config::SecretStore;
    assert_eq!(
        h.keychain.get("home").expect("keychain"),
        None,
        "not before the server said yes"
    );
    let m = event(&h, AccountEvent::Connectivity(Connectivity::Online));
    h.send(m);
    assert_eq!(
        h.keychain.get("home").expect("keychain").as_deref(),
        Some("s3cret"),
        "remembered once accepted"
    );
    assert!(!h.app.env.secrets.is_session_only("home"));
}

/// Issue 17 item 7: a subject too long for the list ends in "…" before the icons beside
/// it, instead of running under them.
#[test]
fn a_long_subject_ends_in_an_ellipsis() {
    let subject = "Quarterly planning: the complete agenda, every open question from the last \
                   three meetings, and the budget figures we still need from finance";
    let account = offline_account("gen");
    let mut h = Harness::with_cache(std::slice::from_ref(&account), |db| {
        let (_, folder) = fill_cache(db, "gen", 3);
        let mut store = tern::store::Store::open(db).expect("store");
        let mut long = super::generated(4);
        long.subject = subject.into();
        long.has_attachments = true;
        long.flags = tern::core::Flags::FLAGGED.0;
        let marks = tern::store::SyncMarks {
            uidvalidity: 1,
            uidnext: 5,
            low_uid: 1,
            highestmodseq: 1,
        };
        store.store_window(folder, 1, &[long], marks).expect("row");
    });
    assert!(h.app.mailbox.list.loaded);
    let shown = h.ui(|ui| {
        assert!(
            ui.find(subject).is_err(),
            "the whole subject does not fit a 1280 px window"
        );
        let chars: Vec<char> = subject.chars().collect();
        (10..chars.len()).rev().find_map(|k| {
            let cut: String = chars[..k].iter().collect::<String>().trim_end().to_string() + "…";
            ui.find(cut.as_str()).is_ok().then_some(cut)
        })
    });
    let shown = shown.expect("the subject is shown shortened, ending in …");
    assert!(shown.chars().count() > 20, "not cut absurdly short: {shown}");
}

/// Issue 17 item 6: Escape closes the "Move to…" menu; Archive is not offered inside
/// Archive; "Browse…" with no file dialog says to type the path.
#[test]
fn escape_closes_the_move_menu_and_archive_is_not_offered_in_archive() {
    use iced::keyboard::Key;
    use iced::keyboard::key::Named;
    let mut r = Rig::new(5);
    r.click(0);
    r.take();
    // What the pick list reports when it opens (its placeholder is not findable text).
    r.mailbox(mailbox::Message::MoveMenu(true));
    assert!(r.h.app.mailbox.manage.move_open, "menu open");
    let epoch = r.h.app.mailbox.manage.move_menu_epoch;
    r.h.ui(|ui| ui.tap_key(Key::Named(Named::Escape)));
    assert!(!r.h.app.mailbox.manage.move_open, "Escape closed it");
    assert_ne!(
        r.h.app.mailbox.manage.move_menu_epoch, epoch,
        "with fresh widget state"
    );

    // The open folder becomes the Archive: neither the button's action nor `e` archives.
    for f in &mut r.h.app.mailbox.folders.accounts[0].folders {
        if f.path == "INBOX" {
            f.role = tern::core::FolderRole::Archive;
        }
    }
    assert_eq!(r.h.app.mailbox.open_role(), Some(tern::core::FolderRole::Archive));
    r.mailbox(mailbox::Message::Act(
        tern::ui::screen::mailbox::manage::Act::Archive,
    ));
    r.h.ui(|ui| ui.tap_key(Key::Character("e".into())));
    assert_eq!(r.take(), vec![], "nothing archived inside Archive");
}

#[test]
fn browse_without_a_file_dialog_explains_what_to_do() {
    use tern::ui::app::Screen;
    use tern::ui::screen::setup;
    let mut h = Harness::new();
    let send = |h: &mut Harness, m| h.send(Message::Setup(m));
    send(&mut h, setup::Message::ToggleAdvanced);
    // No desktop portal here: the dialog answers at once with nothing.
    send(&mut h, setup::Message::BrowseCa);
    let Screen::Setup(s) = &h.app.screen else {
        panic!("setup")
    };
    assert!(s.no_file_dialog, "the form knows no dialog was shown");
    h.ui(|ui| assert!(ui.find(tern::fl!("setup-no-file-dialog")).is_ok()));
}

fn set_role(r: &mut Rig, path: &str, role: tern::core::FolderRole) {
    for f in &mut r.h.app.mailbox.folders.accounts[0].folders {
        if f.path == path {
            f.role = role;
        }
    }
}

/// Issue 17 item 10: "Empty Trash" asks first, naming the count, then deletes every
/// message of the folder for good.
#[test]
fn empty_trash_asks_with_the_count_then_deletes_everything_for_good() {
    let mut r = Rig::new(7);
    set_role(&mut r, "INBOX", tern::core::FolderRole::Trash);
    r.h.ui(|ui| ui.click(tern::fl!("empty-trash").as_str()).map(|_| ()))
        .expect("Empty Trash offered in Trash");
    let body = tern::fl!("empty-trash-body", count = 7, n = "7");
    r.h.ui(|ui| assert!(ui.find(body.as_str()).is_ok(), "the question names the count"));
    assert!(r.take().is_empty(), "nothing deleted before the answer");
    r.mailbox(mailbox::Message::ConfirmEmpty);
    match r.take().as_slice() {
        [Command::Act(tern::core::Action::Delete { ids, forever: true })] => assert_eq!(ids.len(), 7),
        other => panic!("expected one delete for good, got {other:?}"),
    }
    // Not offered outside Trash and Junk.
    set_role(&mut r, "INBOX", tern::core::FolderRole::Inbox);
    r.h.ui(|ui| assert!(ui.find(tern::fl!("empty-trash").as_str()).is_err()));
}

/// Issue 17 item 10: the window title counts the unread mail of the inboxes.
#[test]
fn the_window_title_counts_unread_mail() {
    let r = Rig::new(30); // every third generated message is unread
    let title = r.h.app.title();
    assert!(
        title.contains(&tern::fl!("app-title-unread", count = 10, n = "10")),
        "{title}"
    );
}

/// Issue 17 item 10: Settings has a General section whose changes apply at once and are
/// kept in settings.toml.
#[test]
fn general_settings_apply_at_once_and_are_kept() {
    use tern::ui::prefs::ThemeChoice;
    use tern::ui::screen::general;
    let mut r = Rig::new(3);
    r.mailbox(mailbox::Message::OpenSettings);
    r.h.ui(|ui| {
        assert!(ui.find(tern::fl!("settings-general")).is_ok());
        assert!(ui.find(tern::fl!("settings-save-folder")).is_ok());
    });
    let general = |m| Message::Settings(tern::ui::screen::settings::Message::General(m));
    r.h.send(general(general::Message::Theme(ThemeChoice::Dark)));
    assert_eq!(
        r.h.app.theme(),
        tern::ui::theme::for_mode(iced::theme::Mode::Dark)
    );
    r.h.send(general(general::Message::MarkRead(0)));
    assert!(
        r.h.app.mailbox.manage.mark_read_delay.is_zero(),
        "never mark read"
    );
    let generation = r.h.app.accounts[0].generation;
    r.h.send(general(general::Message::SyncMinutes(15)));
    assert_eq!(
        r.h.app.env.tuning.poll_interval,
        std::time::Duration::from_secs(900)
    );
    assert!(
        r.h.app.accounts[0].generation > generation,
        "workers restarted with it"
    );
    let saved = std::fs::read_to_string(r.h.paths().settings_file()).expect("settings.toml");
    assert!(saved.contains("theme = \"dark\""), "{saved}");
    assert!(saved.contains("sync_minutes = 15"), "{saved}");
}

/// Issue 17 item 7: a refused password in setup is said once, and not sent to "account
/// settings" while the user is in them.
#[test]
fn a_wrong_password_in_setup_is_said_once_and_points_here() {
    use tern::ui::app::Screen;
    use tern::ui::screen::setup::Phase;
    let mut h = Harness::new();
    let refused = TernError::new(
        ErrorKind::Auth,
        "The server imap.example.org did not accept the user name or password.",
    );
    assert!(!refused.message.contains("account settings"));
    if let Screen::Setup(s) = &mut h.app.screen {
        s.phase = Phase::Failed(refused.clone());
    }
    h.ui(|ui| {
        assert!(
            ui.find(tern::fl!("error-auth")).is_ok(),
            "the headline says what to check"
        );
        assert!(ui.find(refused.message.as_str()).is_err(), "and is not repeated");
    });
}
