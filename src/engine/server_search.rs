//! The server's half of a search (issue 11 item 1), shared by the window's account
//! worker and `tern search --server`: `UID SEARCH` in each folder in scope, answered as
//! ids of cached messages whose text is not cached (the local search already covers
//! the rest). A UID the cache does not hold yet (mail that arrived since the last pass)
//! has its folder synced first, so every answer opens like any message.

use super::account_sync::sync_one_folder;
use super::folder_sync::SyncOptions;
use crate::core::{
    AccountEvent, AccountId, ErrorKind, Flags, FolderId, MessageId, SearchQuery, TernError, Text,
};
use crate::imap::Connection;
use crate::store::{Folder, MessageSummary, Store};

/// At most this many server results per folder (the highest UIDs, the newest mail).
pub const MAX_PER_FOLDER: usize = 5_000;

/// The folders of `account` a server search covers: `only`, or every selectable
/// folder, narrowed by the query's `in:` names (path or role, case-insensitive).
pub fn folders_to_search(
    store: &Store,
    account: AccountId,
    only: Option<FolderId>,
    query: &SearchQuery,
) -> Result<Vec<Folder>, TernError> {
    Ok(store
        .folders(account)?
        .into_iter()
        .filter(|f| f.selectable && only.is_none_or(|id| id == f.id))
        .filter(|f| {
            query.folders.is_empty()
                || query
                    .folders
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&f.path) || n.to_ascii_lowercase() == f.role.as_str())
        })
        .collect())
}

/// Runs `query` on the server in each of `folders`; returns the cached messages it
/// found whose text is not cached, re-checked against the cache for the operators it
/// can judge (`has:attachment` the server cannot check at all). Folder-level refusals
/// skip that folder; a connection error is returned.
pub async fn search_on_server(
    conn: &mut Connection,
    store: &mut Store,
    folders: &[Folder],
    query: &SearchQuery,
    sync: SyncOptions,
    emit: &mut (dyn FnMut(AccountEvent) + Send),
) -> Result<Vec<MessageId>, TernError> {
    let mut found = Vec::new();
    if !query.has_text() {
        // Flags, dates, attachments and folders are all in the cache: it has answered.
        return Ok(found);
    }
    for folder in folders {
        let selected = match conn.select(&folder.raw_name).await {
            Ok(s) => s,
            Err(e) if super::account_sync::is_connection_error(&e) => return Err(e),
            Err(_) => continue,
        };
        let mut uids = conn.search_uids(query).await?;
        if uids.is_empty() {
            continue;
        }
        // A word in nearly every message: the newest are what a person looks at.
        let too_many = uids.len().saturating_sub(MAX_PER_FOLDER);
        uids.drain(..too_many);
        let stale = selected.uidvalidity != folder.marks.uidvalidity
            || !store
                .missing_uids(folder.id, selected.uidvalidity, &uids)?
                .is_empty();
        if stale {
            // Headers first: the answer names only messages the cache can show.
            sync_one_folder(conn, store, folder, sync, emit).await?;
        }
        found.extend(store.uncached_ids(folder.id, selected.uidvalidity, &uids)?);
    }
    // The cache's flags carry the user's changes not yet on the server, and its dates
    // are what the local search compares: the operators the cache can check, it checks.
    Ok(store
        .search_hits(&found)?
        .into_iter()
        .filter(|h| cached_row_matches(query, &h.summary))
        .map(|h| h.summary.id)
        .collect())
}

/// Whether a cached row passes the query's non-text operators (the text ones are the
/// server's to judge: its text is not cached).
fn cached_row_matches(query: &SearchQuery, m: &MessageSummary) -> bool {
    let flags = Flags(m.flags);
    (!query.has_attachment || m.has_attachments)
        && (!query.unread || !flags.contains(Flags::SEEN))
        && (!query.starred || flags.contains(Flags::FLAGGED))
        && query.before.is_none_or(|b| m.date < b)
        && query.after.is_none_or(|a| m.date >= a)
}

/// Why server results are missing while offline (the window says it quietly).
pub fn offline_search_error() -> TernError {
    TernError::new(
        ErrorKind::Disconnected,
        "Only mail in this computer's cache was searched: searching the server needs a connection.",
    )
    .with_text(Text::new("search-server-offline"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse_query;

    fn row(flags: Flags, date: i64, has_attachments: bool) -> MessageSummary {
        MessageSummary {
            id: MessageId(1),
            uid: 1,
            date,
            from_name: String::new(),
            from_addr: String::new(),
            subject: String::new(),
            flags: flags.0,
            size: 1,
            has_attachments,
            message_id: String::new(),
        }
    }

    #[test]
    fn the_cache_judges_flags_dates_and_attachments_of_server_results() {
        let march = 1_709_251_200; // 2024-03-01 00:00 UTC
        let ok = |q: &str, m: &MessageSummary| cached_row_matches(&parse_query(q).expect("q"), m);
        let read = row(Flags::SEEN, march, false);
        let starred = row(Flags::FLAGGED, march, true);
        assert!(ok("lunch", &read), "text is the server's to judge");
        assert!(!ok("is:unread", &read), "read here, maybe not yet on the server");
        assert!(ok("is:unread is:starred has:attachment", &starred));
        assert!(!ok("is:starred", &read));
        assert!(!ok("has:attachment", &read));
        assert!(ok("after:2024-03-01", &read) && !ok("before:2024-03-01", &read));
        assert!(ok("before:2024-03-02", &read) && !ok("after:2024-03-02", &read));
    }
}
