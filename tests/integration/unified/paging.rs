//! The merged keyset paging of unified views: walking "All inboxes", "Unread" and
//! "Starred" of three accounts page by page, down from the top and up from the bottom,
//! yields every member row exactly once, in the same order as a brute-force sort of all
//! of them; the counts equal the sums over the accounts' folders.

use crate::support::folders::folder_info;
use tern::core::{AccountId, Flags, FolderId};
use tern::store::{
    FolderInfo, FolderRole, NewMessage, Store, SyncMarks, UnifiedKey, UnifiedSeek, UnifiedView,
};

/// Dates collide often (within a folder and across folders and accounts); flags vary.
fn row(seed: u32, uid: u32) -> NewMessage {
    let mix = seed.wrapping_mul(31).wrapping_add(uid.wrapping_mul(17));
    let mut flags = 0;
    if !mix.is_multiple_of(3) {
        flags |= Flags::SEEN.0;
    }
    if mix.is_multiple_of(5) {
        flags |= Flags::FLAGGED.0;
    }
    NewMessage {
        uid,
        flags,
        subject: format!("Message {seed}/{uid}"),
        internal_date: 1_700_000_000 + i64::from(uid / 4) * 60 - i64::from(mix % 3) * 60,
        message_id: format!("<{seed}.{uid}@unified.test>"),
        ..Default::default()
    }
}

struct Seeded {
    accounts: Vec<AccountId>,
    /// (account, folder, role, rows) of every folder.
    folders: Vec<(AccountId, FolderId, FolderRole, Vec<NewMessage>)>,
}

fn seed(store: &mut Store) -> Seeded {
    let layout = [
        ("INBOX", FolderRole::Inbox),
        ("Archive", FolderRole::Archive),
        ("Trash", FolderRole::Trash),
        ("Projekte/Ärger", FolderRole::None),
    ];
    let mut seeded = Seeded {
        accounts: Vec::new(),
        folders: Vec::new(),
    };
    for (a, sizes) in [[333u32, 120, 40, 7], [1_000, 0, 25, 60], [17, 300, 3, 0]]
        .iter()
        .enumerate()
    {
        let account = store
            .ensure_account(&format!("A{a}"), &format!("a{a}@example.org"))
            .expect("account");
        let infos: Vec<FolderInfo> = layout.iter().map(|(n, r)| folder_info(n, *r)).collect();
        store.replace_folders(account, &infos).expect("folders");
        for ((name, role), n) in layout.iter().zip(sizes) {
            let id = store
                .find_folder(account, name)
                .expect("query")
                .expect("folder")
                .id;
            let rows: Vec<NewMessage> = (1..=*n).map(|uid| row(id.0 as u32, uid)).collect();
            let marks = SyncMarks {
                uidvalidity: 7,
                uidnext: n + 1,
                low_uid: 1,
                highestmodseq: 1,
            };
            store.store_window(id, 7, &rows, marks).expect("rows");
            seeded.folders.push((account, id, *role, rows));
        }
        seeded.accounts.push(account);
    }
    seeded
}

/// Every member row of `view`, newest first, by brute force.
fn expected(seeded: &Seeded, view: UnifiedView) -> Vec<UnifiedKey> {
    let mut keys: Vec<UnifiedKey> = seeded
        .folders
        .iter()
        .filter(|(_, _, role, _)| view.includes(*role))
        .flat_map(|(_, id, _, rows)| {
            rows.iter()
                .filter(|r| match view {
                    UnifiedView::AllInboxes => true,
                    UnifiedView::Unread => r.flags & Flags::SEEN.0 == 0,
                    UnifiedView::Starred => r.flags & Flags::FLAGGED.0 != 0,
                })
                .map(|r| UnifiedKey {
                    date: r.internal_date,
                    folder: *id,
                    uid: r.uid,
                })
        })
        .collect();
    keys.sort_by(|a, b| b.cmp(a));
    keys
}

#[test]
fn unified_pages_return_every_row_once_in_order_across_three_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("c.sqlite3")).expect("open");
    let seeded = seed(&mut store);
    let accounts = &seeded.accounts;
    for view in UnifiedView::ALL {
        let all = expected(&seeded, view);
        assert!(all.len() > 100, "{view:?} has enough rows to page: {}", all.len());
        let accounts_seen: std::collections::BTreeSet<AccountId> = seeded
            .folders
            .iter()
            .filter(|(_, id, _, _)| all.iter().any(|k| k.folder == *id))
            .map(|(a, ..)| *a)
            .collect();
        assert_eq!(accounts_seen.len(), 3, "{view:?} spans all three accounts");

        // Down from the top, 50 at a time.
        let mut down = Vec::new();
        let mut seek = UnifiedSeek::Top;
        loop {
            let page = store.unified_page(accounts, view, seek, 0, 50).expect("page");
            let Some(last) = page.last() else { break };
            seek = UnifiedSeek::After(last.key());
            down.extend(page.iter().map(|r| r.key()));
        }
        assert_eq!(down, all, "{view:?} paging down");

        // Up from the bottom, 37 at a time (pages still newest first).
        let mut up: Vec<Vec<UnifiedKey>> = Vec::new();
        let mut seek = UnifiedSeek::Bottom;
        loop {
            let page = store.unified_page(accounts, view, seek, 0, 37).expect("page");
            let Some(first) = page.first() else { break };
            seek = UnifiedSeek::Before(first.key());
            up.push(page.iter().map(|r| r.key()).collect());
        }
        let up: Vec<UnifiedKey> = up.into_iter().rev().flatten().collect();
        assert_eq!(up, all, "{view:?} paging up");

        // A few rows away from a known key lands where an OFFSET would.
        let at = store
            .unified_page(accounts, view, UnifiedSeek::Top, 60, 1)
            .expect("row 60");
        assert_eq!(at[0].key(), all[60]);
        let near = store
            .unified_page(accounts, view, UnifiedSeek::After(at[0].key()), 5, 10)
            .expect("near");
        assert_eq!(near.iter().map(|r| r.key()).collect::<Vec<_>>(), all[66..76]);
        let back = store
            .unified_page(accounts, view, UnifiedSeek::Before(at[0].key()), 3, 10)
            .expect("back");
        assert_eq!(back.iter().map(|r| r.key()).collect::<Vec<_>>(), all[47..57]);

        // Every row names its own account and folder.
        for r in store
            .unified_page(accounts, view, UnifiedSeek::Top, 0, 200)
            .expect("page")
        {
            let owner = seeded
                .folders
                .iter()
                .find(|(_, id, ..)| *id == r.folder)
                .expect("folder");
            assert_eq!(r.account, owner.0);
        }

        let counts = store.unified_counts(accounts).expect("counts");
        assert_eq!(counts.total(view) as usize, all.len(), "{view:?} count");
    }

    // Both ways of reading a folder's share seek an index: the newest-first one for
    // dense rows (no sort), the flag one for sparse rows (only the matches are sorted).
    for view in UnifiedView::ALL {
        let (dense, sparse) = store.unified_page_plans(view).expect("plans");
        assert!(dense.contains("message_newest_first"), "{view:?} dense: {dense}");
        assert!(!dense.contains("TEMP B-TREE"), "{view:?} dense, no sort: {dense}");
        assert!(sparse.contains("message_counts"), "{view:?} sparse: {sparse}");
    }

    // The inbox badge counts unread inbox mail; Trash never counts.
    let counts = store.unified_counts(accounts).expect("counts");
    let inbox_unread = seeded
        .folders
        .iter()
        .filter(|(_, _, role, _)| *role == FolderRole::Inbox)
        .flat_map(|(.., rows)| rows)
        .filter(|r| r.flags & Flags::SEEN.0 == 0)
        .count();
    assert_eq!(counts.inbox_unread as usize, inbox_unread);

    // Only the accounts asked for are listed.
    let one = store
        .unified_page(
            &accounts[1..2],
            UnifiedView::AllInboxes,
            UnifiedSeek::Top,
            0,
            5_000,
        )
        .expect("one account");
    assert_eq!(one.len(), 1_000);
    assert!(one.iter().all(|r| r.account == accounts[1]));
}
