//! The protocol operations the sync engine needs, on a logged-in `Connection`, returned
//! as plain `core` types. Commands async-imap lacks (ENABLE, CHANGEDSINCE with VANISHED)
//! are sent raw; their untagged replies arrive through the unsolicited channel, which is
//! drained before and after each command (it silently drops when full).

use std::time::Duration;

use async_imap::types::{NameAttribute, UnsolicitedResponse};
use futures::StreamExt;
use imap_proto::Response;

use super::connect::Connection;
use super::headers::{self, HEADER_ITEMS, HEADER_ITEMS_MODSEQ, HeaderBatch, RawHeader};
use super::mutf7;
use crate::core::{ErrorKind, FlagUpdate, FolderInfo, FolderRole, TernError};

/// What SELECT told us about a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected {
    pub uidvalidity: u32,
    pub uidnext: Option<u32>,
    pub exists: u32,
    /// None when the server has no CONDSTORE or the folder has NOMODSEQ.
    pub highestmodseq: Option<u64>,
}

/// Changes since a MODSEQ (or a full flags listing), and UIDs the server reports gone.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub updates: Vec<FlagUpdate>,
    pub vanished: Vec<u32>,
    /// Every UID seen in a full listing (only for `fetch_all_flags`).
    pub seen_uids: Vec<u32>,
    /// async-imap's unsolicited channel was full after the command, so VANISHED
    /// responses may have been dropped: `vanished` cannot be trusted to be complete.
    pub vanished_maybe_lost: bool,
}

fn protocol(what: &str, e: impl std::fmt::Display) -> TernError {
    super::connect::map_imap_error(what, e)
}

/// Awaits one command with the command timeout.
pub(super) async fn timed<T>(
    timeout: Duration,
    what: &str,
    fut: impl std::future::Future<Output = Result<T, async_imap::error::Error>>,
) -> Result<T, TernError> {
    match tokio::time::timeout(timeout, fut).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(protocol(what, e)),
        Err(_) => Err(TernError::new(
            ErrorKind::Timeout,
            format!("The server did not answer {what} in time. Tern will reconnect and try again."),
        )
        .with_text(crate::core::Text::new("err-server-slow"))),
    }
}

impl Connection {
    fn command_timeout(&self) -> Duration {
        self.timeouts.command
    }

    /// Whether async-imap's unsolicited channel is full: it drops what arrives then, so
    /// whatever the last command reported there may be incomplete.
    pub(crate) fn unsolicited_full(&self) -> bool {
        let rx = &self.session.unsolicited_responses;
        rx.capacity().is_some_and(|cap| rx.len() >= cap)
    }

    /// Takes whatever unsolicited responses are waiting.
    pub(crate) fn drain_unsolicited(&mut self) -> Vec<UnsolicitedResponse> {
        let mut out = Vec::new();
        while let Ok(r) = self.session.unsolicited_responses.try_recv() {
            out.push(r);
        }
        out
    }

    /// ENABLE QRESYNC (RFC 7162 §3.2.3) when offered; returns whether it is on.
    pub async fn enable_qresync(&mut self) -> Result<bool, TernError> {
        if !self.has("QRESYNC") {
            return Ok(false);
        }
        timed(
            self.command_timeout(),
            "ENABLE",
            self.session.run_command_and_check_ok("ENABLE QRESYNC"),
        )
        .await?;
        self.drain_unsolicited();
        self.qresync = true;
        Ok(true)
    }

    /// LIST "" "*" with roles from SPECIAL-USE attributes (RFC 6154), else from names.
    pub async fn list_folders(&mut self) -> Result<Vec<FolderInfo>, TernError> {
        let timeout = self.command_timeout();
        let names = tokio::time::timeout(timeout, async {
            let stream = self.session.list(Some(""), Some("*")).await?;
            stream
                .collect::<Vec<_>>()
                .await
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|_| {
            TernError::new(ErrorKind::Timeout, "The server did not list its folders in time.")
                .with_text(crate::core::Text::new("err-server-slow"))
        })?
        .map_err(|e| protocol("LIST", e))?;
        self.drain_unsolicited();
        let mut out = Vec::with_capacity(names.len());
        for n in &names {
            let attrs = n.attributes();
            let mut role = FolderRole::None;
            let mut selectable = true;
            let mut attr_names = Vec::new();
            for a in attrs {
                let (name, r) = match a {
                    NameAttribute::NoSelect => {
                        selectable = false;
                        ("\\Noselect".to_string(), None)
                    }
                    NameAttribute::All => ("\\All".into(), Some(FolderRole::All)),
                    NameAttribute::Archive => ("\\Archive".into(), Some(FolderRole::Archive)),
                    NameAttribute::Drafts => ("\\Drafts".into(), Some(FolderRole::Drafts)),
                    NameAttribute::Junk => ("\\Junk".into(), Some(FolderRole::Junk)),
                    NameAttribute::Sent => ("\\Sent".into(), Some(FolderRole::Sent)),
                    NameAttribute::Trash => ("\\Trash".into(), Some(FolderRole::Trash)),
                    NameAttribute::Extension(e) => {
                        if e.eq_ignore_ascii_case("\\NonExistent") {
                            selectable = false;
                        }
                        (e.to_string(), None)
                    }
                    other => (format!("{other:?}"), None),
                };
                if let Some(r) = r {
                    role = r;
                }
                attr_names.push(name);
            }
            let raw = n.name().to_string();
            if raw.eq_ignore_ascii_case("INBOX") {
                role = FolderRole::Inbox;
            }
            out.push(FolderInfo {
                path: if raw.eq_ignore_ascii_case("INBOX") {
                    "INBOX".into()
                } else {
                    mutf7::decode(&raw)
                },
                raw_name: raw,
                delimiter: n.delimiter().unwrap_or("").to_string(),
                role,
                attributes: attr_names.join(" "),
                selectable,
            });
        }
        guess_roles_by_name(&mut out);
        Ok(out)
    }

    /// SELECT (with CONDSTORE when offered, so HIGHESTMODSEQ is reported).
    pub async fn select(&mut self, raw_name: &str) -> Result<Selected, TernError> {
        self.drain_unsolicited();
        let condstore = self.has("CONDSTORE") || self.qresync;
        let timeout = self.command_timeout();
        let mailbox = tokio::time::timeout(timeout, async {
            if condstore {
                // async-imap quotes (and escapes) the name itself.
                self.session.select_condstore(raw_name).await
            } else {
                self.session.select(raw_name).await
            }
        })
        .await
        .map_err(|_| {
            TernError::new(ErrorKind::Timeout, "The server did not open the folder in time.")
                .with_text(crate::core::Text::new("err-server-slow"))
        })?
        .map_err(|e| protocol("SELECT", e))?;
        self.drain_unsolicited();
        let uidvalidity = mailbox.uid_validity.ok_or_else(|| {
            TernError::new(
                ErrorKind::MalformedServerData,
                "The server did not report the folder's UIDVALIDITY.",
            )
            .with_text(crate::core::Text::new("err-server-incomplete"))
        })?;
        Ok(Selected {
            uidvalidity,
            uidnext: mailbox.uid_next,
            exists: mailbox.exists,
            highestmodseq: if condstore {
                mailbox.highest_modseq.filter(|m| *m > 0)
            } else {
                None
            },
        })
    }

    /// Runs a FETCH-like command and maps each response as it arrives (so no response
    /// buffer outlives its mapping); any error aborts the whole call so the caller never
    /// commits half a window.
    pub(super) async fn fetch_map<T>(
        &mut self,
        uid: bool,
        set: &str,
        items: &str,
        map: impl FnMut(&async_imap::types::Fetch) -> Option<T>,
    ) -> Result<Vec<T>, TernError> {
        self.fetch_map_into(uid, set, items, map, Vec::new()).await
    }

    /// `fetch_map` appending to `out` (sized by the caller when it knows the count, so a
    /// window of thousands of rows is not copied over and over as the list grows).
    pub(super) async fn fetch_map_into<T>(
        &mut self,
        uid: bool,
        set: &str,
        items: &str,
        mut map: impl FnMut(&async_imap::types::Fetch) -> Option<T>,
        mut out: Vec<T>,
    ) -> Result<Vec<T>, TernError> {
        let timeout = self.command_timeout();
        let session = &mut self.session;
        type FetchStream<'a> = std::pin::Pin<
            Box<
                dyn futures::Stream<Item = Result<async_imap::types::Fetch, async_imap::error::Error>>
                    + Send
                    + 'a,
            >,
        >;
        let mut stream: FetchStream<'_> = if uid {
            Box::pin(timed(timeout, "FETCH", session.uid_fetch(set, items)).await?)
        } else {
            Box::pin(timed(timeout, "FETCH", session.fetch(set, items)).await?)
        };
        loop {
            match tokio::time::timeout(timeout, stream.next()).await {
                Err(_) => {
                    return Err(TernError::new(
                        ErrorKind::Timeout,
                        "The server stopped sending messages. Tern will reconnect and try again.",
                    )
                    .with_text(crate::core::Text::new("err-server-slow")));
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => return Err(protocol("FETCH", e)),
                Ok(Some(Ok(fetch))) => {
                    if let Some(v) = map(&fetch) {
                        out.push(v);
                    }
                }
            }
        }
        Ok(out)
    }

    pub(super) fn header_items(&self) -> &'static str {
        if self.has("CONDSTORE") || self.qresync {
            HEADER_ITEMS_MODSEQ
        } else {
            HEADER_ITEMS
        }
    }

    /// The header responses for sequence numbers `from..=to` (parsed later, off the
    /// network task; see `HeaderBatch`).
    pub async fn fetch_header_batch_by_seq(&mut self, from: u32, to: u32) -> Result<HeaderBatch, TernError> {
        let items = self.header_items();
        let out = Vec::with_capacity(window_capacity(from, to));
        let raw = self
            .fetch_map_into(false, &format!("{from}:{to}"), items, RawHeader::from_fetch, out)
            .await?;
        Ok(HeaderBatch::new(raw, None))
    }

    /// The header responses for UIDs in `from..=to`.
    pub async fn fetch_header_batch_by_uid(&mut self, from: u32, to: u32) -> Result<HeaderBatch, TernError> {
        let items = self.header_items();
        let out = Vec::with_capacity(window_capacity(from, to));
        let raw = self
            .fetch_map_into(true, &format!("{from}:{to}"), items, RawHeader::from_fetch, out)
            .await?;
        Ok(HeaderBatch::new(raw, Some((from, to))))
    }

    /// (uid, sequence number) of every message with UID >= `from` (RFC 9051 §6.4.8:
    /// "from:*" always includes the last message, even below `from`, so filter).
    pub async fn uids_from(&mut self, from: u32) -> Result<Vec<(u32, u32)>, TernError> {
        let mut v = self
            .fetch_map(true, &format!("{from}:*"), "(UID)", |f| {
                f.uid.map(|u| (u, f.message))
            })
            .await?;
        v.retain(|(u, _)| *u >= from);
        v.sort_unstable();
        Ok(v)
    }

    /// The sequence number of `uid`, if it still exists.
    pub async fn seq_of_uid(&mut self, uid: u32) -> Result<Option<u32>, TernError> {
        let v = self
            .fetch_map(true, &uid.to_string(), "(UID)", |f| {
                (f.uid == Some(uid)).then_some(f.message)
            })
            .await?;
        Ok(v.first().copied())
    }

    /// How many messages have a UID below `uid`.
    pub async fn count_below(&mut self, uid: u32) -> Result<u32, TernError> {
        if uid <= 1 {
            return Ok(0);
        }
        let v = self
            .fetch_map(true, &format!("1:{}", uid - 1), "(UID)", |f| {
                f.uid.filter(|u| *u < uid)
            })
            .await?;
        Ok(v.len() as u32)
    }

    /// Flag changes in `from..=to` since `modseq` (CONDSTORE), plus with QRESYNC the UIDs
    /// expunged since then (VANISHED (EARLIER), RFC 7162 §3.2.6).
    pub async fn fetch_changes(&mut self, from: u32, to: u32, modseq: u64) -> Result<Changes, TernError> {
        self.drain_unsolicited();
        let vanished = if self.qresync { " VANISHED" } else { "" };
        let items = format!("(UID FLAGS) (CHANGEDSINCE {modseq}{vanished})");
        let updates = self
            .fetch_map(true, &format!("{from}:{to}"), &items, flag_update)
            .await?;
        let mut changes = Changes {
            updates,
            vanished_maybe_lost: self.unsolicited_full(),
            ..Default::default()
        };
        for r in self.drain_unsolicited() {
            if let UnsolicitedResponse::Other(data) = r
                && let Response::Vanished { uids, .. } = data.parsed()
            {
                for range in uids {
                    let (a, b) = (*range.start().max(&from), *range.end().min(&to));
                    changes.vanished.extend(a..=b);
                }
            }
        }
        Ok(changes)
    }

    /// Every message's flags in `from..=to` (servers without CONDSTORE).
    pub async fn fetch_all_flags(&mut self, from: u32, to: u32) -> Result<Changes, TernError> {
        let updates = self
            .fetch_map(true, &format!("{from}:{to}"), "(UID FLAGS)", flag_update)
            .await?;
        let seen_uids = updates
            .iter()
            .map(|u| u.uid)
            .filter(|u| (from..=to).contains(u))
            .collect();
        Ok(Changes {
            updates,
            seen_uids,
            ..Default::default()
        })
    }

    /// UIDs that exist in `from..=to`, searched in slices so no single response line
    /// grows past the guard's line limit.
    pub async fn uids_in_range(&mut self, from: u32, to: u32) -> Result<Vec<u32>, TernError> {
        const SLICE: u32 = 100_000;
        let mut out = Vec::new();
        let mut start = from;
        while start <= to {
            let end = to.min(start.saturating_add(SLICE - 1));
            let timeout = self.command_timeout();
            let found = tokio::time::timeout(timeout, self.session.uid_search(format!("UID {start}:{end}")))
                .await
                .map_err(|_| {
                    TernError::new(ErrorKind::Timeout, "The server did not answer SEARCH in time.")
                        .with_text(crate::core::Text::new("err-server-slow"))
                })?
                .map_err(|e| protocol("SEARCH", e))?;
            out.extend(found.into_iter().filter(|u| (start..=end).contains(u)));
            if end == u32::MAX {
                break;
            }
            start = end + 1;
        }
        out.sort_unstable();
        self.drain_unsolicited();
        Ok(out)
    }

    pub fn qresync_enabled(&self) -> bool {
        self.qresync
    }

    /// The highest UID in the selected folder (for servers that omit UIDNEXT).
    pub async fn last_uid(&mut self, exists: u32) -> Result<u32, TernError> {
        if exists == 0 {
            return Ok(0);
        }
        let v = self.fetch_map(false, "*", "(UID)", |f| f.uid).await?;
        Ok(v.into_iter().max().unwrap_or(0))
    }

    /// Runs a FETCH and only counts the responses (the raw protocol limit in benchmarks).
    pub async fn fetch_count(&mut self, uid_set: &str, items: &str) -> Result<u64, TernError> {
        Ok(self.fetch_map(true, uid_set, items, |_| Some(())).await?.len() as u64)
    }

    /// NOOP: a cheap liveness check that also collects pending EXISTS/EXPUNGE.
    /// async-imap's own `noop()` reports success when the server closed the connection
    /// (the end of the stream ends its loop quietly), so a server that went away looked
    /// alive; waiting for the tagged OK turns that end into an error.
    pub async fn noop(&mut self) -> Result<(), TernError> {
        timed(
            self.command_timeout(),
            "NOOP",
            self.session.run_command_and_check_ok("NOOP"),
        )
        .await?;
        Ok(())
    }
}

/// Room for the responses to a FETCH of `from..=to` (capped: a UID range may be sparse).
fn window_capacity(from: u32, to: u32) -> usize {
    to.saturating_sub(from).saturating_add(1).min(10_000) as usize
}

fn flag_update(f: &async_imap::types::Fetch) -> Option<FlagUpdate> {
    let uid = f.uid?;
    let (flags, keywords) = headers::flags_of(f);
    Some(FlagUpdate {
        uid,
        flags,
        keywords,
        modseq: f.modseq.unwrap_or(0),
    })
}

/// A mailbox name as an IMAP quoted string.
pub(crate) fn quote(name: &str) -> String {
    let mut q = String::with_capacity(name.len() + 2);
    q.push('"');
    for c in name.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

/// Servers without SPECIAL-USE: recognise the common names (first match wins per role).
fn guess_roles_by_name(folders: &mut [FolderInfo]) {
    const NAMES: &[(FolderRole, &[&str])] = &[
        (
            FolderRole::Sent,
            &["sent", "sent items", "sent mail", "sent messages", "gesendet"],
        ),
        (FolderRole::Drafts, &["drafts", "draft", "entwürfe"]),
        (
            FolderRole::Trash,
            &["trash", "deleted items", "deleted messages", "bin", "papierkorb"],
        ),
        (FolderRole::Junk, &["junk", "spam", "junk e-mail", "bulk mail"]),
        (FolderRole::Archive, &["archive", "archives", "archiv"]),
    ];
    for (role, names) in NAMES {
        if folders.iter().any(|f| f.role == *role) {
            continue;
        }
        let leaf = |f: &FolderInfo| {
            let p = f.path.to_lowercase();
            match f.delimiter.chars().next() {
                Some(d) => p.rsplit(d).next().unwrap_or("").to_string(),
                None => p,
            }
        };
        if let Some(f) = folders
            .iter_mut()
            .find(|f| f.role == FolderRole::None && f.selectable && names.contains(&leaf(f).as_str()))
        {
            f.role = *role;
        }
    }
}
