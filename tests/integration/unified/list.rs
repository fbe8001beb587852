//! "All inboxes" in the window over two cached accounts (no server): the list pages
//! by key through the merged order (scrolling deep and the End key land on the rows a
//! brute-force sort puts there, ties of date between accounts included), a search from
//! the view returns to it when cleared, folder re-reads keep it open, and choosing a
//! folder leaves it.

use std::collections::HashMap;

use tern::core::{FolderId, MessageId};
use tern::fl;
use tern::store::UnifiedView;
use tern::ui::Message;
use tern::ui::screen::mailbox::{self, list, search};

use crate::ui::{Harness, fill_cache, generated, offline_account};

/// (date, folder, uid) of every row, newest first: the order the view promises.
fn expected(folders: &[(FolderId, u32)]) -> Vec<(i64, FolderId, u32)> {
    let mut keys: Vec<(i64, FolderId, u32)> = folders
        .iter()
        .flat_map(|(f, n)| (1..=*n).map(move |uid| (generated(uid).internal_date, *f, uid)))
        .collect();
    keys.sort_by(|a, b| b.cmp(a));
    keys
}

/// The key of each row in memory, by its index in the view.
fn loaded(h: &Harness) -> Vec<(u32, (i64, FolderId, u32))> {
    let l = &h.app.mailbox.list;
    let origins: &HashMap<MessageId, _> = &l.unified.as_ref().expect("a unified view").origins;
    l.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (_, folder) = origins[&r.id];
            (l.start + i as u32, (r.date, folder, r.uid))
        })
        .collect()
}

fn list_message(h: &mut Harness, m: list::Message) {
    h.send(Message::Mailbox(mailbox::Message::List(m)));
}

#[test]
fn all_inboxes_pages_by_key_and_returns_from_search_and_to_folders() {
    let accounts = [offline_account("gen"), offline_account("other")];
    let mut made = None;
    let mut h = Harness::with_cache(&accounts, |db| {
        made = Some([fill_cache(db, "gen", 2_000), fill_cache(db, "other", 50)]);
    });
    let [(gen_account, gen_inbox), (other_account, other_inbox)] = made.expect("filled");
    let want = expected(&[(gen_inbox, 2_000), (other_inbox, 50)]);
    let counts = h.app.mailbox.unified.counts.expect("counted at start");
    assert_eq!(counts.inbox_total, 2_050);

    h.ui(|ui| {
        ui.click(fl!("unified-all-inboxes"))
            .map(|_| ())
            .expect("All inboxes")
    });
    let l = &h.app.mailbox.list;
    assert_eq!(l.total, 2_050);
    assert_eq!(l.folder, None);
    assert_eq!(h.app.mailbox.unified.selected, Some(UnifiedView::AllInboxes));
    let title = h.app.title();
    assert!(
        title.starts_with(&format!("{} – ", fl!("unified-all-inboxes"))),
        "{title}"
    );
    let first = loaded(&h);
    assert!(!first.is_empty());
    for (i, key) in &first {
        assert_eq!(*key, want[*i as usize], "row {i}");
    }

    // Scroll far down, then a little further: each window is read by key.
    for row in [1_990.0, 2_010.0, 1_200.0] {
        list_message(
            &mut h,
            list::Message::Scrolled {
                offset: row * list::ROW_HEIGHT,
                height: 800.0,
            },
        );
        let rows = loaded(&h);
        assert!(rows.iter().any(|(i, _)| *i == row as u32), "row {row} in memory");
        for (i, key) in &rows {
            assert_eq!(*key, want[*i as usize], "row {i} after scrolling to {row}");
        }
    }

    // End selects the oldest row and opens it under its own account.
    list_message(&mut h, list::Message::Nav(list::Nav::End));
    let last = *want.last().expect("rows");
    let id = h.app.mailbox.list.selected.expect("selected");
    let (account, folder) = h.app.mailbox.list.unified.as_ref().expect("view").origins[&id];
    assert_eq!(folder, last.1);
    let owner = if folder == gen_inbox {
        gen_account
    } else {
        other_account
    };
    assert_eq!(account, owner);
    let open = h.app.mailbox.reader.open.as_ref().expect("opened");
    assert_eq!((open.account, open.id), (owner, id));

    // New mail of any inbox shows in this view: no notification while it has the focus;
    // other folders still notify.
    assert!(h.app.mailbox.shows_folder(gen_account, gen_inbox));
    assert!(h.app.mailbox.shows_folder(other_account, other_inbox));
    let work = h.app.mailbox.folders.accounts[0]
        .folders
        .iter()
        .find(|f| f.path == "Work")
        .expect("Work")
        .id;
    assert!(!h.app.mailbox.shows_folder(gen_account, work));

    // Folders re-read (new mail, counts) while the view is open do not move the user
    // to an inbox.
    let folders = h.app.mailbox.folders.accounts[0].folders.clone();
    h.send(Message::Mailbox(mailbox::Message::Folders(
        mailbox::folders::Message::Loaded(gen_account, Ok(folders)),
    )));
    assert!(h.app.mailbox.list.unified.is_some(), "still in All inboxes");
    assert_eq!(h.app.mailbox.folders.selected, None);

    // A search from the view, cleared with Esc, returns to the view.
    h.send(Message::Mailbox(mailbox::Message::Search(
        search::Message::Changed("\"message 7\"".into()),
    )));
    assert!(h.app.mailbox.list.search.is_some());
    h.send(Message::Mailbox(mailbox::Message::Escape));
    assert!(h.app.mailbox.list.search.is_none());
    assert!(h.app.mailbox.list.unified.is_some(), "back in All inboxes");
    assert_eq!(h.app.mailbox.list.total, 2_050);

    // Choosing a folder leaves the view.
    h.send(Message::Mailbox(mailbox::Message::Folders(
        mailbox::folders::Message::Select(other_account, other_inbox),
    )));
    assert!(h.app.mailbox.list.unified.is_none());
    assert_eq!(h.app.mailbox.unified.selected, None);
    assert_eq!(h.app.mailbox.list.folder, Some((other_account, other_inbox)));
    assert_eq!(h.app.mailbox.list.total, 50);
}
