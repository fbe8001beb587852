//! A cache filled without a server, for the benchmarks that measure reading it.

use tern::core::{AccountId, FolderId, FolderRole, NewMessage};
use tern::store::{Store, SyncMarks};

/// Adds account `name` <`email`> with an INBOX holding `rows` (UIDs from 1 up) to
/// `store`, written in windows as a first sync writes them; returns both ids.
pub fn inbox(store: &mut Store, name: &str, email: &str, rows: &[NewMessage]) -> (AccountId, FolderId) {
    let id = store.ensure_account(name, email).expect("account");
    let inbox = crate::support::folders::folder_info("INBOX", FolderRole::Inbox);
    store.replace_folders(id, &[inbox]).expect("folders");
    let folder = store.find_folder(id, "INBOX").expect("query").expect("inbox").id;
    let marks = SyncMarks {
        uidvalidity: 1,
        uidnext: rows.iter().map(|r| r.uid).max().unwrap_or(0) + 1,
        low_uid: 1,
        highestmodseq: 1,
    };
    for chunk in rows.chunks(10_000) {
        store.store_window(folder, 1, chunk, marks).expect("rows");
    }
    (id, folder)
}
