//! The virtual message list over a large cached folder (no server): only visible rows
//! are built and read, keyboard selection, and live updates that keep the selection.

use iced::keyboard::Key;
use iced::keyboard::key::Named;
use tern::core::{AccountEvent, Stamped};
use tern::store::{Store, SyncMarks};
use tern::ui::Message;
use tern::ui::screen::mailbox::list::{self, ROW_HEIGHT};
use tern::ui::screen::mailbox::{self};

use super::{Harness, fill_cache, generated, offline_account};

const N: u32 = 20_000;

/// An app over a cache holding `n` messages in INBOX, with INBOX open.
fn big_inbox(n: u32) -> Harness {
    let account = offline_account("gen");
    let h = Harness::with_cache(std::slice::from_ref(&account), |db| {
        fill_cache(db, "gen", n);
    });
    assert!(h.app.mailbox.list.loaded, "inbox opened at start");
    h
}

#[test]
fn a_large_folder_builds_and_reads_only_the_rows_in_view() {
    let mut h = big_inbox(N);
    let list = &h.app.mailbox.list;
    assert_eq!(list.total, N);
    assert!(
        list.rows.len() < 200,
        "read {} rows for one screen",
        list.rows.len()
    );
    assert_eq!(
        list.rows[0].subject,
        format!("Generated message {N}"),
        "newest first"
    );
    h.ui(|ui| {
        assert!(ui.find(format!("Generated message {N}")).is_ok(), "top row built");
        assert!(
            ui.find("Generated message 1").is_err(),
            "the oldest row is not built"
        );
    });

    // Scroll to the middle: the window there is read, and its rows are built.
    let offset = 10_000.0 * ROW_HEIGHT;
    h.send(Message::Mailbox(mailbox::Message::List(
        list::Message::Scrolled {
            offset,
            height: 700.0,
        },
    )));
    let list = &h.app.mailbox.list;
    let (first, _) = list.visible();
    assert_eq!(first, 10_000);
    assert!(
        list.start <= first && first < list.start + list.rows.len() as u32,
        "window covers the view"
    );
    let subject = format!("Generated message {}", N - first);
    h.ui(|ui| {
        assert!(
            ui.find(subject.as_str()).is_ok(),
            "{subject} built after scrolling"
        )
    });
}

#[test]
fn keys_move_the_selection_and_scroll_it_into_view() {
    let mut h = big_inbox(2_000);
    let key = |h: &mut Harness, k: Key| {
        h.ui(|ui| ui.tap_key(k));
    };
    let index_of_selected = |h: &Harness| {
        let l = &h.app.mailbox.list;
        l.rows
            .iter()
            .position(|r| Some(r.id) == l.selected)
            .map(|i| l.start + i as u32)
    };
    key(&mut h, Key::Named(Named::ArrowDown));
    assert_eq!(index_of_selected(&h), Some(0), "first press selects the top row");
    key(&mut h, Key::Character("j".into()));
    key(&mut h, Key::Character("j".into()));
    assert_eq!(index_of_selected(&h), Some(2));
    key(&mut h, Key::Character("k".into()));
    assert_eq!(index_of_selected(&h), Some(1));
    key(&mut h, Key::Named(Named::PageDown));
    let page = index_of_selected(&h).expect("selected");
    assert!(page > 5, "page down moves a screenful: {page}");
    key(&mut h, Key::Named(Named::End));
    assert_eq!(index_of_selected(&h), Some(1_999), "End selects the oldest");
    assert_eq!(
        h.app.mailbox.list.rows.last().map(|r| r.subject.as_str()),
        Some("Generated message 1")
    );
    let l = &h.app.mailbox.list;
    assert!(
        l.scroll_y + l.viewport_h >= 2_000.0 * ROW_HEIGHT - 1.0,
        "scrolled to the end"
    );
    key(&mut h, Key::Named(Named::Home));
    assert_eq!(index_of_selected(&h), Some(0));
    assert_eq!(h.app.mailbox.list.scroll_y, 0.0);
    // The reader follows the selection.
    assert_eq!(h.app.mailbox.reader.showing(), h.app.mailbox.list.selected);
}

#[test]
fn new_mail_keeps_the_selection_and_the_scroll_position() {
    let mut h = big_inbox(500);
    let offset = 3.0 * ROW_HEIGHT;
    h.send(Message::Mailbox(mailbox::Message::List(
        list::Message::Scrolled {
            offset,
            height: 600.0,
        },
    )));
    let target = h.app.mailbox.list.rows[5].clone();
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        target.id, 5,
    ))));

    // Three newer messages arrive; the worker says the folder changed.
    let (account, folder) = h.app.mailbox.list.folder.expect("open folder");
    {
        let mut store = Store::open(&h.paths().cache_db()).expect("writer");
        let rows: Vec<_> = (501..=503).map(generated).collect();
        let marks = SyncMarks {
            uidvalidity: 1,
            uidnext: 504,
            low_uid: 1,
            highestmodseq: 2,
        };
        store.store_window(folder, 1, &rows, marks).expect("new rows");
    }
    let generation = h.app.accounts[0].generation;
    h.send(Message::Worker(Stamped {
        account,
        generation,
        event: AccountEvent::MessagesChanged { folder },
    }));

    let l = &h.app.mailbox.list;
    assert_eq!(l.total, 503);
    assert_eq!(l.selected, Some(target.id), "selection kept by message id");
    assert_eq!(l.scroll_y, offset, "scroll position kept");
    let now_at = l
        .rows
        .iter()
        .position(|r| r.id == target.id)
        .map(|i| l.start + i as u32);
    assert_eq!(
        now_at,
        Some(8),
        "the selected row moved down by the three new ones"
    );
}
