//! Unified views in the window against the harness Dovecot with three accounts: the
//! counts beside "All inboxes", "Unread" and "Starred" equal the sums over the accounts'
//! folders (on the server and in the folder pane) before and after starring and marking
//! unread from the window; a message opened from "All inboxes" is shown under its own
//! account; star and archive from a unified view reach that account's server only.

use iced::keyboard::Key;
use tern::config::Security;
use tern::core::{AccountId, Flags, FolderRole};
use tern::fl;
use tern::store::{UnifiedCounts, UnifiedView};
use tern::ui::App;
use tern::ui::Message;
use tern::ui::screen::mailbox::reader::Body;
use tern::ui::screen::mailbox::{self, list};

use crate::support::dovecot::{Dovecot, User};
use crate::support::seed;
use crate::sync::{account, server_state};
use crate::ui::Harness;

/// Seeded folders: (user index, folder, seed, count). Archive counts in "Unread" and
/// "Starred" but not in "All inboxes".
const SEEDED: [(usize, &str, u64, u64); 4] = [
    (0, "INBOX", 301, 9),
    (1, "INBOX", 302, 12),
    (2, "INBOX", 303, 7),
    (1, "Archive", 304, 6),
];
const FOLDERS: [&str; 2] = ["INBOX", "Archive"];

/// The counts the views should show, from what the server holds.
fn expected(server: &Dovecot, users: &[User]) -> UnifiedCounts {
    let mut c = UnifiedCounts::default();
    for user in users {
        for folder in FOLDERS {
            for (flags, _) in server_state(server, user, folder).values() {
                let flags = Flags(*flags);
                let unread = !flags.contains(Flags::SEEN) as u32;
                if folder == "INBOX" {
                    c.inbox_total += 1;
                    c.inbox_unread += unread;
                }
                c.unread += unread;
                c.starred += flags.contains(Flags::FLAGGED) as u32;
            }
        }
    }
    c
}

/// The sums over the folder pane's own counts (unread per folder).
fn pane_unread(app: &App) -> (u32, u32) {
    let folders = app.mailbox.folders.accounts.iter().flat_map(|a| a.folders.iter());
    let (mut inbox, mut all) = (0, 0);
    for f in folders {
        if f.role == FolderRole::Inbox {
            inbox += f.unread;
        }
        if UnifiedView::Unread.includes(f.role) {
            all += f.unread;
        }
    }
    (inbox, all)
}

fn pending(app: &App) -> u32 {
    app.mailbox.statuses.iter().map(|s| s.pending).sum()
}

fn bare(message_id: &str) -> String {
    message_id
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// Clicks row `index` of the list, as a person does.
fn click_row(h: &mut Harness, index: usize) {
    let id = h.app.mailbox.list.rows[index].id;
    let start = h.app.mailbox.list.start;
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        id,
        start + index as u32,
    ))));
}

#[test]
fn unified_views_count_open_and_act_across_three_accounts() {
    let server = Dovecot::shared();
    let users: Vec<User> = ["unified-a", "unified-b", "unified-c"]
        .iter()
        .map(|n| server.user(n))
        .collect();
    for (u, folder, s, n) in SEEDED {
        server.seed(&users[u], folder, seed::messages(s, 0, n));
    }
    let configs: Vec<_> = users.iter().map(|u| account(server, u, Security::Tls)).collect();
    let mut h = Harness::with_accounts(&configs);
    h.start_workers();
    let want = expected(server, &users);
    assert!(want.starred > 0 && want.unread > 0, "the seed has both: {want:?}");
    h.pump_until(120, "every account synced and counted", |app| {
        app.mailbox.unified.counts == Some(want) && pane_unread(app) == (want.inbox_unread, want.unread)
    });
    let ids: Vec<AccountId> = h.app.mailbox.folders.accounts.iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), 3);

    // The views are at the top of the folder pane with their numbers.
    h.ui(|ui| {
        assert!(ui.find(fl!("unified-unread")).is_ok());
        assert!(ui.find(fl!("unified-starred")).is_ok());
        ui.click(fl!("unified-all-inboxes"))
            .map(|_| ())
            .expect("All inboxes")
    });
    h.pump_until(30, "All inboxes listed", |app| {
        app.mailbox.list.unified.is_some() && app.mailbox.list.loaded
    });
    let l = &h.app.mailbox.list;
    assert_eq!(l.total, 28, "every inbox, no Archive");
    assert_eq!(l.rows.len(), 28);
    assert!(l.rows.windows(2).all(|w| w[0].date >= w[1].date), "newest first");
    let owners: std::collections::BTreeSet<AccountId> =
        l.rows.iter().filter_map(|r| l.account_of(r.id)).collect();
    assert_eq!(
        owners,
        ids.iter().copied().collect(),
        "rows of all three accounts"
    );
    assert!(h.app.mailbox.folders.selected.is_none(), "no folder is selected");

    // A message of the second account opens under that account, with its body.
    let index = l
        .rows
        .iter()
        .position(|r| l.account_of(r.id) == Some(ids[1]))
        .expect("a row of B");
    let row = l.rows[index].clone();
    click_row(&mut h, index);
    h.pump_until(60, "the body", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, Body::Ready(_) | Body::Failed(_)))
    });
    let open = h.app.mailbox.reader.open.as_ref().expect("opened");
    assert_eq!((open.account, open.id), (ids[1], row.id));
    match &open.body {
        Body::Ready(view) => assert_eq!(view.message_id.as_deref().map(bare), Some(bare(&row.message_id))),
        other => panic!("body not shown: {other:?}"),
    }

    // Star a message of the third account with `s`: only its server changes.
    let l = &h.app.mailbox.list;
    let index = l
        .rows
        .iter()
        .position(|r| l.account_of(r.id) == Some(ids[2]) && !Flags(r.flags).contains(Flags::FLAGGED))
        .expect("an unstarred row of C");
    let starred = l.rows[index].clone();
    click_row(&mut h, index);
    let before: Vec<_> = users.iter().map(|u| server_state(server, u, "INBOX")).collect();
    h.ui(|ui| ui.tap_key(Key::Character("s".into())));
    h.pump_until(60, "the star on the server", |app| {
        app.mailbox.manage.undo.is_some() && pending(app) == 0
    });
    let after: Vec<_> = users.iter().map(|u| server_state(server, u, "INBOX")).collect();
    assert_eq!(after[0], before[0], "A untouched");
    assert_eq!(after[1], before[1], "B untouched");
    assert!(
        after[2]
            .values()
            .any(|(f, mid)| *mid == bare(&starred.message_id) && Flags(*f).contains(Flags::FLAGGED)),
        "flagged on C's server"
    );
    let want = expected(server, &users);
    h.pump_until(30, "Starred counted", |app| {
        app.mailbox.unified.counts == Some(want)
    });

    // Mark a read message of the first account unread with `u`: the counts follow.
    h.app.mailbox.manage.undo = None;
    let l = &h.app.mailbox.list;
    let index = l
        .rows
        .iter()
        .position(|r| l.account_of(r.id) == Some(ids[0]) && Flags(r.flags).contains(Flags::SEEN))
        .expect("a read row of A");
    let unread = l.rows[index].clone();
    click_row(&mut h, index);
    h.ui(|ui| ui.tap_key(Key::Character("u".into())));
    h.pump_until(60, "unread on the server", |app| {
        app.mailbox.manage.undo.is_some() && pending(app) == 0
    });
    assert!(
        server_state(server, &users[0], "INBOX")
            .values()
            .any(|(f, mid)| *mid == bare(&unread.message_id) && !Flags(*f).contains(Flags::SEEN)),
        "unread on A's server"
    );
    let want = expected(server, &users);
    h.pump_until(30, "counts after marking unread", |app| {
        app.mailbox.unified.counts == Some(want) && pane_unread(app) == (want.inbox_unread, want.unread)
    });

    // "Starred" lists exactly the starred mail of every account, the new star included.
    h.ui(|ui| ui.click(fl!("unified-starred")).map(|_| ()).expect("Starred"));
    h.pump_until(30, "Starred listed", |app| {
        app.mailbox
            .list
            .unified
            .as_ref()
            .is_some_and(|u| u.view == UnifiedView::Starred)
            && app.mailbox.list.loaded
            && app.mailbox.list.total == want.starred
    });
    let l = &h.app.mailbox.list;
    assert!(l.rows.iter().all(|r| Flags(r.flags).contains(Flags::FLAGGED)));
    assert!(l.rows.iter().any(|r| r.message_id == starred.message_id));

    // Archive from the unified view with `e`: into the third account's Archive only.
    h.app.mailbox.manage.undo = None;
    let index = l
        .rows
        .iter()
        .position(|r| l.account_of(r.id) == Some(ids[2]))
        .expect("C's star");
    let archived = l.rows[index].clone();
    click_row(&mut h, index);
    h.ui(|ui| ui.tap_key(Key::Character("e".into())));
    h.pump_until(60, "the archive on the server", |app| {
        app.mailbox.manage.undo.is_some() && pending(app) == 0
    });
    let mid = bare(&archived.message_id);
    assert!(
        server_state(server, &users[2], "Archive")
            .values()
            .any(|(_, m)| *m == mid),
        "in C's Archive"
    );
    assert!(
        server_state(server, &users[2], "INBOX")
            .values()
            .all(|(_, m)| *m != mid),
        "left C's INBOX"
    );
    // The moved copy is cached when Archive is next synced: check for new mail (F5).
    h.send(Message::Mailbox(mailbox::Message::SyncNow));
    let want = expected(server, &users);
    h.pump_until(60, "counts after archiving", |app| {
        let counted = app.mailbox.unified.counts == Some(want);
        counted && app.mailbox.list.total == want.starred
    });
    let c = h.app.mailbox.unified.counts;
    assert_eq!(c.map(|c| c.inbox_total), Some(27), "one left the inboxes");
}
