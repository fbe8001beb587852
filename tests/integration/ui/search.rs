//! The search field in the window (issue 11 item 1), in the simulator over a filled
//! cache of two accounts: typing searches the open folder, the toggle widens it to all
//! accounts, a result opens in the reader under its own account, Esc returns to the
//! folder, and a malformed operator is explained.

use iced::keyboard::key::Named;
use iced::keyboard::{Key, Modifiers};
use iced_test::selector;
use tern::ui::Message;
use tern::ui::screen::mailbox::{self, Mailbox, search};

use super::{Harness, fill_cache, offline_account};

/// The app over two accounts' inboxes (2,000 and 50 messages); returns both ids.
fn two_accounts() -> (Harness, [tern::core::AccountId; 2]) {
    let accounts = [offline_account("gen"), offline_account("other")];
    let mut ids = None;
    let h = Harness::with_cache(&accounts, |db| {
        ids = Some([fill_cache(db, "gen", 2_000).0, fill_cache(db, "other", 50).0]);
    });
    assert!(h.app.mailbox.list.loaded, "an inbox opened at start");
    (h, ids.expect("filled"))
}

fn subjects(h: &Harness) -> Vec<String> {
    h.app
        .mailbox
        .list
        .rows
        .iter()
        .map(|r| r.subject.clone())
        .collect()
}

#[test]
fn the_search_field_finds_opens_widens_and_clears() {
    let (mut h, both) = two_accounts();
    // Either inbox may be the one open at start.
    let opened = h.app.mailbox.list.folder.expect("a folder is open");
    let before = h.app.mailbox.list.total;
    assert!(before == 2_000 || before == 50, "{before}");

    // Click into the field and type, as a person does: each change searches.
    h.ui(|ui| {
        ui.click(selector::id(search::INPUT_ID))
            .expect("the search field is shown");
        ui.typewrite("\"message 7\"");
    });
    let list = &h.app.mailbox.list;
    assert!(list.search.is_some(), "results replace the folder's rows");
    assert_eq!(list.total, 1, "this folder only: {:?}", subjects(&h));
    assert_eq!(subjects(&h), ["Generated message 7"]);
    h.ui(|ui| {
        assert!(
            ui.find("Generated message 7").is_ok(),
            "the result is in the list"
        );
        // No worker runs here: the servers' answers stay out, and the count says so.
        assert!(
            ui.find("1 found · Searching the server…").is_ok(),
            "the count says what was found"
        );
    });

    // The toggle widens the search to every account; results stay newest first.
    h.ui(|ui| ui.click("This folder").map(|_| ()).expect("scope toggle"));
    assert_eq!(h.app.mailbox.search.scope, search::Scope::All);
    assert_eq!(h.app.mailbox.list.total, 2, "both accounts: {:?}", subjects(&h));

    // Each result opens under its own account.
    let rows = h.app.mailbox.list.rows.clone();
    for (i, row) in rows.iter().enumerate() {
        h.send(Message::Mailbox(mailbox::Message::List(
            mailbox::list::Message::Clicked(row.id, i as u32),
        )));
        let open = h.app.mailbox.reader.open.as_ref().expect("opened in the reader");
        assert_eq!(open.id, row.id);
        let account = h.app.mailbox.list.account_of(row.id).expect("account of the row");
        assert_eq!(open.account, account);
    }
    let accounts: std::collections::BTreeSet<_> = rows
        .iter()
        .filter_map(|r| h.app.mailbox.list.account_of(r.id))
        .collect();
    assert_eq!(accounts, both.into_iter().collect());

    // Operators work from the field too.
    h.send(Message::Mailbox(mailbox::Message::Search(
        search::Message::Changed("has:attachment is:unread subject:\"message 15\"".into()),
    )));
    assert_eq!(h.app.mailbox.list.total, 2, "{:?}", subjects(&h));

    // A malformed operator is explained; the last results stay.
    h.send(Message::Mailbox(mailbox::Message::Search(
        search::Message::Changed("is:important".into()),
    )));
    let error = h.app.mailbox.search.error.clone().expect("explained");
    assert_eq!(error.text.expect("Fluent text").id, "err-search-bad-is");
    assert_eq!(h.app.mailbox.list.total, 2);

    // Esc clears the search and shows the folder again.
    h.send(Message::Mailbox(mailbox::Message::Escape));
    assert!(h.app.mailbox.search.text.is_empty());
    assert!(h.app.mailbox.list.search.is_none());
    assert_eq!(h.app.mailbox.list.total, before);
    assert_eq!(h.app.mailbox.list.folder, Some(opened));
}

#[test]
fn ctrl_f_slash_and_escape_reach_the_search() {
    let focus = |key: Key, m: Modifiers| {
        matches!(
            Mailbox::on_key(&key, m),
            Some(mailbox::Message::Search(search::Message::Focus))
        )
    };
    assert!(focus(Key::Character("f".into()), Modifiers::CTRL));
    assert!(focus(Key::Character("/".into()), Modifiers::default()));
    assert!(
        !focus(Key::Character("f".into()), Modifiers::default()),
        "plain f still forwards"
    );
    assert!(matches!(
        Mailbox::on_key(&Key::Named(Named::Escape), Modifiers::default()),
        Some(mailbox::Message::Escape)
    ));
    // Esc while the field has the focus (the field keeps the key) clears too.
    let (mut h, _) = two_accounts();
    let before = h.app.mailbox.list.total;
    h.send(Message::Mailbox(mailbox::Message::Search(
        search::Message::Changed("message".into()),
    )));
    assert!(h.app.mailbox.list.search.is_some());
    h.send(Message::Mailbox(mailbox::Message::Search(search::Message::Clear)));
    assert!(h.app.mailbox.list.search.is_none());
    assert_eq!(h.app.mailbox.list.total, before);
}
