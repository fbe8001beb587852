//! Syncing one folder: the policy per server capability, with the RFC steps as comments.
//!
//! Invariant (store, 001_accounts_folders.sql): every existing UID in [low_uid, uidnext)
//! is cached. Each step commits its rows together with the marks that cover them, so a
//! crash anywhere resumes without duplicates or holes (T-21).

use super::window_writer::WindowWriter;
use crate::core::{FolderId, TernError, Text};
use crate::imap::{Connection, Selected};
use crate::store::{Folder, Store, SyncMarks};

/// Tunables; tests shrink them to exercise more windows.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// The first window is small so the newest mail shows almost at once.
    pub first_window: u32,
    pub max_window: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            first_window: 50,
            max_window: 5000,
        }
    }
}

/// Progress of one folder: `done` of `total` messages cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderProgress {
    pub folder: FolderId,
    pub done: u32,
    pub total: u32,
}

/// What a folder sync changed (so the UI reloads only when needed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderOutcome {
    pub new_rows: usize,
    pub changed_rows: usize,
    pub uidvalidity_reset: bool,
    /// UIDs that arrived since the previous sync (empty on a folder's first sync).
    pub arrived: Vec<u32>,
}

impl FolderOutcome {
    pub fn changed(&self) -> bool {
        self.new_rows > 0 || self.changed_rows > 0 || self.uidvalidity_reset
    }
}

fn incomplete() -> TernError {
    TernError::new(
        crate::core::ErrorKind::MalformedServerData,
        "The server skipped messages while listing a folder. Tern will try again on the next sync.",
    )
    .with_text(Text::new("err-server-skipped"))
}

/// Brings one folder's cache up to date with the server.
pub async fn sync_folder(
    conn: &mut Connection,
    store: &mut Store,
    folder: &Folder,
    opts: SyncOptions,
    report: &mut (dyn FnMut(FolderProgress) + Send),
) -> Result<FolderOutcome, TernError> {
    let mut out = FolderOutcome::default();
    // RFC 9051 §6.3.2: SELECT reports UIDVALIDITY, UIDNEXT, EXISTS (and with CONDSTORE,
    // RFC 7162 §3.1.2.1, HIGHESTMODSEQ).
    let sel = conn.select(&folder.raw_name).await?;
    store.set_server_total(folder.id, sel.exists)?;
    let uidnext = match sel.uidnext {
        Some(n) => n,
        None => conn.last_uid(sel.exists).await?.saturating_add(1),
    };

    let mut marks = folder.marks;
    // RFC 9051 §2.3.1.1: a changed UIDVALIDITY invalidates every cached UID (T-23).
    if marks.uidvalidity != sel.uidvalidity {
        if marks.uidvalidity != 0 {
            store.reset_folder(folder.id, sel.uidvalidity)?;
            out.uidvalidity_reset = true;
        }
        marks = SyncMarks {
            uidvalidity: sel.uidvalidity,
            ..SyncMarks::default()
        };
    }

    let fresh = marks.low_uid == 0;
    if fresh {
        // Nothing cached: the covered range [uidnext, uidnext) is empty; windows below
        // extend it downwards, newest first.
        marks = SyncMarks {
            uidvalidity: sel.uidvalidity,
            uidnext,
            low_uid: uidnext.max(1),
            highestmodseq: sel.highestmodseq.unwrap_or(0),
        };
        store.store_window(folder.id, sel.uidvalidity, &[], marks)?;
    } else {
        // New messages first (they are what people wait for), then changes to the rest.
        let new = if uidnext > marks.uidnext {
            conn.uids_from(marks.uidnext).await?
        } else {
            Vec::new()
        };
        out.changed_rows += resync_cached(conn, store, folder.id, &sel, &mut marks, new.len() as u32).await?;
        let mut writer = WindowWriter::open(store.path())?;
        for chunk in new.chunks(opts.max_window.max(1) as usize) {
            let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
                continue;
            };
            let batch = conn.fetch_header_batch_by_uid(first.0, last.0).await?;
            marks.uidnext = last.0 + 1;
            out.new_rows += writer.submit(folder.id, sel.uidvalidity, batch, marks).await?;
        }
        out.new_rows += writer.finish().await?;
        out.arrived = new.iter().map(|u| u.0).collect();
        if uidnext > marks.uidnext {
            marks.uidnext = uidnext;
            store.store_window(folder.id, sel.uidvalidity, &[], marks)?;
        }
    }

    // Older messages below low_uid (first sync, or a first sync that was interrupted),
    // in sequence-number windows from the newest down. Sequence numbers can only shift
    // down (expunges) during the session, so a window may refetch a row, never skip one.
    if marks.low_uid > 1 {
        let mut seq_hi = if fresh {
            sel.exists
        } else {
            match conn.seq_of_uid(marks.low_uid).await? {
                Some(seq) => seq - 1,
                None => conn.count_below(marks.low_uid).await?,
            }
        };
        let total = sel.exists;
        let mut window = opts.first_window.max(1);
        let mut writer = WindowWriter::open(store.path())?;
        let mut in_flight: Option<u32> = None;
        while seq_hi >= 1 {
            let seq_lo = seq_hi.saturating_sub(window - 1).max(1);
            let batch = conn.fetch_header_batch_by_seq(seq_lo, seq_hi).await?;
            if batch.is_empty() || batch.lowest_seq() != seq_lo {
                return Err(incomplete());
            }
            let min_uid = batch.min_uid().unwrap_or(marks.low_uid);
            marks.low_uid = if seq_lo == 1 {
                1
            } else {
                min_uid.min(marks.low_uid)
            };
            out.new_rows += writer.submit(folder.id, sel.uidvalidity, batch, marks).await?;
            // Progress counts committed windows: the previous one is in the store now.
            if let Some(done) = in_flight.replace(total.saturating_sub(seq_lo - 1)) {
                report(FolderProgress {
                    folder: folder.id,
                    done,
                    total,
                });
            }
            seq_hi = seq_lo - 1;
            window = window.saturating_mul(10).min(opts.max_window.max(1));
        }
        out.new_rows += writer.finish().await?;
        if marks.low_uid != 1 {
            marks.low_uid = 1;
            store.store_window(folder.id, sel.uidvalidity, &[], marks)?;
        }
    }
    report(FolderProgress {
        folder: folder.id,
        done: sel.exists,
        total: sel.exists,
    });
    Ok(out)
}

/// Flags and expunges for the cached range [low_uid, uidnext), by the best method the
/// server offers. `new_count` is how many messages lie above uidnext (for the
/// expunge shortcut). Returns how many cached rows changed.
async fn resync_cached(
    conn: &mut Connection,
    store: &mut Store,
    folder: FolderId,
    sel: &Selected,
    marks: &mut SyncMarks,
    new_count: u32,
) -> Result<usize, TernError> {
    if marks.low_uid >= marks.uidnext {
        marks.highestmodseq = sel.highestmodseq.unwrap_or(0);
        return Ok(0);
    }
    let (from, to) = (marks.low_uid, marks.uidnext - 1);
    let server_modseq = sel.highestmodseq.unwrap_or(0);
    let (updates, removed) = match sel.highestmodseq {
        // RFC 7162 §3.2.5.2/§3.2.6: with QRESYNC, an unchanged HIGHESTMODSEQ means no
        // flag changes and no expunges at all.
        Some(m) if m == marks.highestmodseq && conn.qresync_enabled() => return Ok(0),
        // QRESYNC: UID FETCH (FLAGS) (CHANGEDSINCE m VANISHED) gives both in one go.
        Some(_) if marks.highestmodseq > 0 && conn.qresync_enabled() => {
            let c = conn.fetch_changes(from, to, marks.highestmodseq).await?;
            if c.vanished_maybe_lost {
                // Some VANISHED responses may have been dropped: compare UID sets.
                tracing::warn!(
                    folder = folder.0,
                    "unsolicited responses overflowed; full UID compare"
                );
                let cached = store.cached_uids(folder, marks.uidvalidity)?;
                let on_server = conn.uids_in_range(from, to).await?;
                (c.updates, missing(&cached, &on_server, from, to))
            } else {
                (c.updates, c.vanished)
            }
        }
        // CONDSTORE: CHANGEDSINCE for flags; expunges by comparing UID sets, skipped
        // when the message count proves nothing in the range went away.
        Some(m) if marks.highestmodseq > 0 => {
            let updates = if m == marks.highestmodseq {
                Vec::new()
            } else {
                conn.fetch_changes(from, to, marks.highestmodseq).await?.updates
            };
            let cached = store.cached_uids(folder, marks.uidvalidity)?;
            let cached_in_range = cached.iter().filter(|u| (from..=to).contains(*u)).count() as u32;
            let removed = if marks.complete() && sel.exists.saturating_sub(new_count) == cached_in_range {
                Vec::new()
            } else {
                let on_server = conn.uids_in_range(from, to).await?;
                missing(&cached, &on_server, from, to)
            };
            (updates, removed)
        }
        // No CONDSTORE (or NOMODSEQ): every flag, and the UID set from that listing.
        _ => {
            let c = conn.fetch_all_flags(from, to).await?;
            let cached = store.cached_uids(folder, marks.uidvalidity)?;
            let mut seen = c.seen_uids.clone();
            seen.sort_unstable();
            (c.updates, missing(&cached, &seen, from, to))
        }
    };
    marks.highestmodseq = server_modseq;
    let updates: Vec<_> = updates
        .into_iter()
        .filter(|u| (from..=to).contains(&u.uid))
        .collect();
    store.apply_changes(folder, marks.uidvalidity, &updates, &removed, *marks)
}

/// Cached UIDs in [from, to] that the server no longer has (both lists sorted).
fn missing(cached: &[u32], on_server: &[u32], from: u32, to: u32) -> Vec<u32> {
    cached
        .iter()
        .copied()
        .filter(|u| (from..=to).contains(u) && on_server.binary_search(u).is_err())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn missing_is_the_difference_within_range() {
        assert_eq!(super::missing(&[1, 2, 3, 5, 9], &[2, 5], 1, 8), vec![1, 3]);
    }
}
