//! New mail that the IDLE connection fetched: stored without a sync pass, so its cost
//! does not grow with the folder (no SELECT, no flag resync, no folder list). Only a
//! batch that continues the cache's covered range is taken this way; anything else
//! (a gap, a new UIDVALIDITY, flag changes or expunges seen meanwhile) asks for the
//! folder's full sync, which is correct in every case.

use super::idle::NewInInbox;
use super::session::Session;
use crate::core::{AccountEvent, FolderId, TernError};
use crate::engine::window_writer::WindowWriter;

/// Stores the arrivals in `inbox`; returns whether the folder still needs a full sync.
pub(super) async fn store_arrivals(
    session: &mut Session<'_>,
    inbox: FolderId,
    new: NewInInbox,
) -> Result<bool, TernError> {
    let Some(marks) = session.store.sync_marks(inbox)? else {
        return Ok(true);
    };
    // The cache must cover every UID below `from` (else this batch would leave a hole)
    // and be of the same UIDVALIDITY.
    let continues = marks.uidvalidity == new.uidvalidity && marks.low_uid != 0 && marks.uidnext >= new.from;
    if !continues {
        return Ok(true);
    }
    let mut batch = new.arrivals.batch;
    // A pass may have cached some of them already; its flags are the newer ones.
    batch.keep_from(marks.uidnext);
    if let Some(max) = batch.max_uid() {
        let uids = batch.uids();
        // HIGHESTMODSEQ stays: flag changes of older messages are not known yet, so the
        // next resync asks for everything changed since the mark (new rows included).
        let covered = crate::store::SyncMarks {
            uidnext: max.saturating_add(1).max(marks.uidnext),
            ..marks
        };
        let mut writer = WindowWriter::open(session.store.path())?;
        writer.submit(inbox, marks.uidvalidity, batch, covered).await?;
        writer.finish().await?;
        (session.emit)(AccountEvent::MessagesChanged { folder: inbox });
        (session.emit)(AccountEvent::NewMail { folder: inbox, uids });
        // Searchable right after the event, outside the latency that people see.
        if let Err(e) = session.store.index_all_pending() {
            (session.emit)(AccountEvent::Error(e));
        }
    }
    Ok(new.arrivals.other_changes)
}
