//! Server results in the window (issue 11 item 1), in the simulator with the real
//! workers and the real Dovecot: a body word the cache cannot find (no text fetched)
//! comes back from the account's `UID SEARCH`, is listed exactly once and marked as
//! from the server, opens like any message; an answer to an older query is dropped;
//! offline, the local results stay and a quiet note says why the server was not asked.

use iced_test::selector;
use tern::config::Security;
use tern::core::{AccountEvent, Connectivity, MessageId, Stamped};
use tern::ui::screen::mailbox::reader::Body;
use tern::ui::screen::mailbox::{self, list, search};
use tern::ui::{App, Message};

use super::{Harness, fill_cache, offline_account};
use crate::support::dovecot::Dovecot;

fn found_event(h: &Harness, seq: u64, ids: Vec<MessageId>) -> Message {
    let a = &h.app.accounts[0];
    Message::Worker(Stamped {
        account: a.id,
        generation: a.generation,
        event: AccountEvent::SearchFound { seq, ids },
    })
}

fn listed(app: &App) -> Vec<MessageId> {
    app.mailbox
        .list
        .search
        .as_ref()
        .map(|r| r.ids.clone())
        .unwrap_or_default()
}

fn type_query(h: &mut Harness, text: &str) {
    h.send(Message::Mailbox(mailbox::Message::Search(
        search::Message::Changed(text.into()),
    )));
}

fn online(app: &App) -> bool {
    app.mailbox
        .statuses
        .iter()
        .all(|s| s.connectivity == Connectivity::Online)
}

#[test]
fn a_server_result_arrives_once_opens_and_stale_answers_are_dropped() {
    let server = Dovecot::shared();
    let user = server.user("searchsrvwin");
    for (folder, m) in crate::search::special_messages() {
        server.seed(&user, folder, [m]);
    }
    let acct = crate::sync::account(server, &user, Security::Tls);
    // Headers only in the cache (as after a first sync): no text is downloaded.
    let mut h = Harness::with_headers_synced(&acct);
    assert!(
        h.app.mailbox.list.loaded && h.app.mailbox.list.total == 2,
        "INBOX listed from the cache"
    );
    h.start_workers();
    h.pump_until(60, "the account online", online);

    // Typed as a person does: each key searches the cache; the server is asked once
    // typing pauses. "numbers" is only in a body, and no body is cached.
    h.ui(|ui| {
        ui.click(selector::id(search::INPUT_ID))
            .expect("the search field is shown");
        ui.typewrite("numbers");
    });
    assert!(h.app.mailbox.list.search.is_some(), "searching");
    assert!(listed(&h.app).is_empty(), "the cache cannot find a body word");
    assert!(!h.app.mailbox.search.waiting.is_empty(), "the server was asked");

    h.pump_until(60, "the server's result in the list", |app| {
        app.mailbox.search.waiting.is_empty() && app.mailbox.list.total == 1
    });
    let ids = listed(&h.app);
    assert_eq!(ids.len(), 1, "exactly once: {ids:?}");
    let bob = ids[0];
    let results = h.app.mailbox.list.search.as_ref().expect("results");
    assert!(results.from_server.contains(&bob), "marked as from the server");
    assert!(h.app.mailbox.search.server_note.is_none());
    let subjects: Vec<_> = h
        .app
        .mailbox
        .list
        .rows
        .iter()
        .map(|r| r.subject.clone())
        .collect();
    assert_eq!(subjects, ["Quarterly report"]);
    h.ui(|ui| {
        assert!(ui.find("on server").is_ok(), "the row says where it was found");
        assert!(ui.find("1 found").is_ok());
    });

    // The same answer again (a second account, a retry) adds nothing.
    let seq = h.app.mailbox.search.seq();
    h.send(found_event(&h, seq, vec![bob]));
    assert_eq!(listed(&h.app), [bob], "still exactly once");

    // The result opens like any message: its text is fetched and shown.
    h.send(Message::Mailbox(mailbox::Message::List(list::Message::Clicked(
        bob, 0,
    ))));
    h.pump_until(60, "the server result's text", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| o.id == bob && matches!(o.body, Body::Ready(_)))
    });

    // A newer query: the older query's answer, arriving late, never shows.
    type_query(&mut h, "numbers zzqqxx");
    assert_ne!(h.app.mailbox.search.seq(), seq);
    h.send(found_event(&h, seq, vec![bob]));
    assert!(
        listed(&h.app).is_empty(),
        "stale answer dropped: {:?}",
        listed(&h.app)
    );
    h.pump_until(60, "the newer query's answer", |app| {
        app.mailbox.search.waiting.is_empty()
    });
    assert!(listed(&h.app).is_empty(), "nothing matches the newer query");

    // Flags alone: the cache holds every flag, so no server is asked.
    type_query(&mut h, "is:starred");
    assert_eq!(h.app.mailbox.list.total, 1, "Bob's starred message");
    assert!(h.app.mailbox.search.waiting.is_empty(), "no server asked");
}

#[test]
fn offline_the_local_results_stay_and_a_note_says_why() {
    let account = offline_account("offsearch");
    let mut h = Harness::with_cache(std::slice::from_ref(&account), |db| {
        fill_cache(db, "offsearch", 40);
    });
    h.start_workers();
    h.pump_until(60, "the account offline", |app| {
        app.mailbox
            .statuses
            .iter()
            .all(|s| s.connectivity == Connectivity::Offline)
    });
    type_query(&mut h, "\"message 7\"");
    assert_eq!(h.app.mailbox.list.total, 1, "local results at once");
    h.pump_until(60, "the note", |app| app.mailbox.search.server_note.is_some());
    let note = h.app.mailbox.search.server_note.clone().expect("note");
    assert_eq!(note.text.expect("Fluent text").id, "search-server-offline");
    assert!(h.app.mailbox.search.waiting.is_empty());
    assert_eq!(h.app.mailbox.list.total, 1, "the local results stay");
    h.ui(|ui| {
        assert!(
            ui.find(
                "Only mail in this computer's cache was searched: searching the server needs a connection."
            )
            .is_ok(),
            "the note is shown under the field"
        );
    });
}
