//! IMAP commands that change mailboxes, for the operation queue (issue 7): SELECT for
//! writing, STATUS, UID STORE +/-FLAGS.SILENT, UID MOVE (RFC 6851), UID COPY and UID
//! EXPUNGE (UIDPLUS, RFC 4315) with their COPYUID codes, and UID SEARCH for existing UIDs
//! and for a Message-ID.
//!
//! async-imap does not hand back response codes (COPYUID) nor tagged-response texts, so
//! these commands are sent raw and every response up to our tagged completion is read
//! here. Untagged EXPUNGE/VANISHED/FETCH seen on the way are dropped on purpose: the
//! sync engine never trusts unsolicited responses and resyncs by UID or MODSEQ.
//!
//! A bare EXPUNGE (which would also remove other clients' \Deleted messages) is never
//! sent: `expunge_uids` refuses to run without UIDPLUS (T-27, SG-SYNC-3).

use imap_proto::rfc4315::UidSetMember;
use imap_proto::{MailboxDatum, Response, ResponseCode, Status, StatusAttribute};

use super::commands::{Selected, quote};
use super::connect::{Connection, imap_error, io_error};
use crate::core::{ErrorKind, Flags, TernError};

/// RFC 2683 §3.2.1.5: keep command lines short; UID sets are split at about this size.
const MAX_SET_CHARS: usize = 900;

/// Most UIDs a COPYUID code may expand to (a hostile server cannot make us allocate
/// more than this).
const MAX_COPYUID: usize = 100_000;

/// The COPYUID code (RFC 4315 §3): where each copied UID landed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyUid {
    pub uidvalidity: u32,
    /// (source UID, destination UID).
    pub pairs: Vec<(u32, u32)>,
}

impl CopyUid {
    /// The destination UID of `source`, if reported.
    pub fn dest_of(&self, source: u32) -> Option<u32> {
        self.pairs.iter().find(|(s, _)| *s == source).map(|(_, d)| *d)
    }
}

/// What the server said while running one command.
#[derive(Debug, Default)]
pub(super) struct Reply {
    pub(super) copyuid: Option<CopyUid>,
    pub(super) uidvalidity: Option<u32>,
    pub(super) uidnext: Option<u32>,
    pub(super) exists: Option<u32>,
    pub(super) search: Vec<u32>,
}

fn expand(set: &[UidSetMember]) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for m in set {
        match m {
            UidSetMember::Uid(u) => out.push(*u),
            UidSetMember::UidRange(r) => {
                let n = (*r.end() - *r.start()) as usize + 1;
                if out.len() + n > MAX_COPYUID {
                    return None;
                }
                out.extend(r.clone());
            }
        }
        if out.len() > MAX_COPYUID {
            return None;
        }
    }
    Some(out)
}

fn note_code(reply: &mut Reply, code: Option<&ResponseCode<'_>>) {
    match code {
        Some(ResponseCode::CopyUid(validity, src, dst)) => {
            if let (Some(src), Some(dst)) = (expand(src), expand(dst))
                && src.len() == dst.len()
            {
                reply.copyuid = Some(CopyUid {
                    uidvalidity: *validity,
                    pairs: src.into_iter().zip(dst).collect(),
                });
            }
        }
        Some(ResponseCode::UidValidity(v)) => reply.uidvalidity = Some(*v),
        Some(ResponseCode::UidNext(n)) => reply.uidnext = Some(*n),
        _ => {}
    }
}

/// `uids` (any order) as IMAP UID sets of at most ~900 characters each, with ranges.
pub fn uid_sets(uids: &[u32]) -> Vec<String> {
    let mut sorted: Vec<u32> = uids.iter().copied().filter(|u| *u > 0).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut sets = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        i += 1;
        let part = if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        };
        if !current.is_empty() && current.len() + 1 + part.len() > MAX_SET_CHARS {
            sets.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(',');
        }
        current.push_str(&part);
    }
    if !current.is_empty() {
        sets.push(current);
    }
    sets
}

/// A Message-ID as an IMAP quoted string with its angle brackets, or `None` when it is
/// empty or has bytes a quoted string cannot carry.
pub(super) fn quoted_message_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    if id.is_empty() || id.len() > 900 || !id.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return None;
    }
    Some(quote(&format!("<{id}>")))
}

impl Connection {
    /// Sends `command` and reads every response up to its tagged completion. NO/BAD
    /// become `ServerRefused` (with `what` in the sentence); anything else wrong with
    /// the connection is a connection error.
    pub(super) async fn raw(&mut self, what: &str, command: &str) -> Result<Reply, TernError> {
        self.drain_unsolicited();
        let timeout = self.timeouts.command;
        let host = self.host.clone();
        let session = &mut self.session;
        let run = async {
            let tag = session
                .run_command(command)
                .await
                .map_err(|e| imap_error(e, &host))?;
            let mut reply = Reply::default();
            loop {
                let Some(resp) = session.read_response().await.map_err(|e| io_error(&e, &host))? else {
                    return Err(TernError::new(
                        ErrorKind::Disconnected,
                        format!(
                            "The connection to {host} was lost during {what}. Tern will try again later."
                        ),
                    )
                    .with_text(crate::core::Text::new("err-lost-connection").arg("host", host.to_string())));
                };
                match resp.parsed() {
                    Response::Done {
                        tag: t,
                        status,
                        outcome,
                    } if *t == tag => {
                        note_code(&mut reply, outcome.code.as_ref());
                        return match status {
                            Status::Ok => Ok(reply),
                            Status::No | Status::Bad => {
                                let why = outcome.information.as_deref().unwrap_or("").trim();
                                let why: String = why.chars().filter(|c| !c.is_control()).take(200).collect();
                                Err(TernError::new(
                                    ErrorKind::ServerRefused,
                                    if why.is_empty() {
                                        format!("The server refused {what}.")
                                    } else {
                                        format!("The server refused {what} ({why}).")
                                    },
                                )
                                .with_text(if why.is_empty() {
                                    crate::core::Text::new("err-server-refused-plain")
                                } else {
                                    crate::core::Text::new("err-server-refused").arg("said", why)
                                }))
                            }
                            _ => Err(TernError::new(
                                ErrorKind::MalformedServerData,
                                format!("{host} answered {what} with an unexpected status."),
                            )
                            .with_text(
                                crate::core::Text::new("err-server-confused").arg("host", host.to_string()),
                            )),
                        };
                    }
                    Response::Data {
                        status: Status::Ok,
                        outcome,
                    } => note_code(&mut reply, outcome.code.as_ref()),
                    Response::MailboxData(MailboxDatum::Exists(n)) => reply.exists = Some(*n),
                    Response::MailboxData(MailboxDatum::Search(uids)) => {
                        reply.search.extend(uids.iter().copied())
                    }
                    Response::MailboxData(MailboxDatum::Status { status, .. }) => {
                        for a in status {
                            match a {
                                StatusAttribute::UidNext(n) => reply.uidnext = Some(*n),
                                StatusAttribute::UidValidity(v) => reply.uidvalidity = Some(*v),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        };
        match tokio::time::timeout(timeout, run).await {
            Ok(r) => r,
            Err(_) => Err(TernError::new(
                ErrorKind::Timeout,
                format!("The server did not answer {what} in time. Tern will reconnect and try again."),
            )
            .with_text(crate::core::Text::new("err-server-slow"))),
        }
    }

    /// SELECT `raw_name` for changes; reports UIDVALIDITY and UIDNEXT.
    pub async fn select_for_update(&mut self, raw_name: &str) -> Result<Selected, TernError> {
        let reply = self
            .raw("opening the folder", &format!("SELECT {}", quote(raw_name)))
            .await?;
        let uidvalidity = reply.uidvalidity.ok_or_else(|| {
            TernError::new(
                ErrorKind::MalformedServerData,
                "The server did not report the folder's UIDVALIDITY.",
            )
            .with_text(crate::core::Text::new("err-server-incomplete"))
        })?;
        Ok(Selected {
            uidvalidity,
            uidnext: reply.uidnext,
            exists: reply.exists.unwrap_or(0),
            highestmodseq: None,
        })
    }

    /// STATUS (UIDVALIDITY UIDNEXT) of a folder other than the selected one.
    pub async fn uid_status(&mut self, raw_name: &str) -> Result<(u32, u32), TernError> {
        let reply = self
            .raw(
                "reading the folder's status",
                &format!("STATUS {} (UIDNEXT UIDVALIDITY)", quote(raw_name)),
            )
            .await?;
        match (reply.uidvalidity, reply.uidnext) {
            (Some(v), Some(n)) => Ok((v, n)),
            _ => Err(TernError::new(
                ErrorKind::MalformedServerData,
                "The server's STATUS answer was incomplete.",
            )
            .with_text(crate::core::Text::new("err-server-incomplete"))),
        }
    }

    /// Which of `uids` exist in the selected folder.
    pub async fn existing_uids(&mut self, uids: &[u32]) -> Result<Vec<u32>, TernError> {
        let mut found = Vec::new();
        for set in uid_sets(uids) {
            let reply = self.raw("the search", &format!("UID SEARCH UID {set}")).await?;
            found.extend(reply.search.into_iter().filter(|u| uids.contains(u)));
        }
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }

    /// UID STORE +FLAGS.SILENT (`on`) or -FLAGS.SILENT of the system flags in `flags`.
    pub async fn store_flags(&mut self, uids: &[u32], flags: Flags, on: bool) -> Result<(), TernError> {
        let names = flags.imap_names();
        if names.is_empty() {
            return Ok(());
        }
        let sign = if on { '+' } else { '-' };
        for set in uid_sets(uids) {
            self.raw(
                "the flag change",
                &format!("UID STORE {set} {sign}FLAGS.SILENT ({})", names.join(" ")),
            )
            .await?;
        }
        Ok(())
    }

    /// UID MOVE (RFC 6851) to `dest`; the COPYUID mapping when the server sends one.
    pub async fn move_uids(&mut self, uids: &[u32], dest: &str) -> Result<Option<CopyUid>, TernError> {
        self.copy_or_move("UID MOVE", "the move", uids, dest).await
    }

    /// UID COPY to `dest`; the COPYUID mapping when the server sends one (UIDPLUS).
    pub async fn copy_uids(&mut self, uids: &[u32], dest: &str) -> Result<Option<CopyUid>, TernError> {
        self.copy_or_move("UID COPY", "the copy", uids, dest).await
    }

    async fn copy_or_move(
        &mut self,
        command: &str,
        what: &str,
        uids: &[u32],
        dest: &str,
    ) -> Result<Option<CopyUid>, TernError> {
        let mut all: Option<CopyUid> = None;
        for set in uid_sets(uids) {
            let reply = self
                .raw(what, &format!("{command} {set} {}", quote(dest)))
                .await?;
            if let Some(c) = reply.copyuid {
                match &mut all {
                    Some(a) if a.uidvalidity == c.uidvalidity => a.pairs.extend(c.pairs),
                    Some(_) => {}
                    None => all = Some(c),
                }
            }
        }
        Ok(all)
    }

    /// UID EXPUNGE (UIDPLUS) of exactly `uids`, which must already be \Deleted. Refused
    /// without UIDPLUS: a bare EXPUNGE would also remove other clients' \Deleted mail.
    pub async fn expunge_uids(&mut self, uids: &[u32]) -> Result<(), TernError> {
        if !self.has("UIDPLUS") {
            return Err(TernError::new(
                ErrorKind::NeedsConfirmation,
                "This server cannot remove only Tern's messages (no UIDPLUS); they stay marked as deleted.",
            )
            .with_text(crate::core::Text::new("err-no-uidplus")));
        }
        for set in uid_sets(uids) {
            self.raw("the removal", &format!("UID EXPUNGE {set}")).await?;
        }
        Ok(())
    }

    /// UIDs at or above `min_uid` in the selected folder of the message with this
    /// Message-ID; without one, of messages of exactly `size` octets (a weaker match).
    /// Empty when neither is usable.
    pub async fn find_message(
        &mut self,
        message_id: &str,
        size: u32,
        min_uid: u32,
    ) -> Result<Vec<u32>, TernError> {
        let min_uid = min_uid.max(1);
        let criteria = match quoted_message_id(message_id) {
            Some(q) => format!("HEADER Message-ID {q}"),
            None if size > 0 => format!("LARGER {} SMALLER {}", size - 1, size.saturating_add(1)),
            None => return Ok(Vec::new()),
        };
        let reply = self
            .raw("the search", &format!("UID SEARCH UID {min_uid}:* {criteria}"))
            .await?;
        // "n:*" always includes the last message, even below n (RFC 9051 §6.4.8).
        let mut found: Vec<u32> = reply.search.into_iter().filter(|u| *u >= min_uid).collect();
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_use_ranges_and_stay_short() {
        assert_eq!(
            uid_sets(&[5, 1, 2, 3, 9, 10, 0, 3]),
            vec!["1:3,5,9:10".to_string()]
        );
        let many: Vec<u32> = (1..=2000).map(|i| i * 2).collect();
        let sets = uid_sets(&many);
        assert!(sets.len() > 1);
        assert!(sets.iter().all(|s| s.len() <= MAX_SET_CHARS));
        let back: usize = sets.iter().map(|s| s.split(',').count()).sum();
        assert_eq!(back, 2000);
    }

    #[test]
    fn message_ids_are_quoted_or_refused() {
        assert_eq!(quoted_message_id("abc@x").as_deref(), Some("\"<abc@x>\""));
        assert_eq!(quoted_message_id("<a\"b@x>").as_deref(), Some("\"<a\\\"b@x>\""));
        assert_eq!(quoted_message_id(""), None);
        assert_eq!(quoted_message_id("a b@x"), None);
        assert_eq!(quoted_message_id("ü@x"), None);
    }

    #[test]
    fn copyuid_ranges_expand_in_order() {
        let src = vec![UidSetMember::Uid(4), UidSetMember::UidRange(7..=8)];
        let dst = vec![UidSetMember::UidRange(100..=102)];
        let mut r = Reply::default();
        note_code(&mut r, Some(&ResponseCode::CopyUid(9, src, dst)));
        let c = r.copyuid.expect("parsed");
        assert_eq!(c.pairs, vec![(4, 100), (7, 101), (8, 102)]);
        assert_eq!(c.dest_of(8), Some(102));
        let huge = vec![UidSetMember::UidRange(1..=u32::MAX)];
        let mut r = Reply::default();
        note_code(&mut r, Some(&ResponseCode::CopyUid(9, huge.clone(), huge)));
        assert!(r.copyuid.is_none());
    }
}
