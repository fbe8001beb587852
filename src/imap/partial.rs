//! Pipelined partial fetches for attachment downloads: several
//! `UID FETCH uid (BODY.PEEK[part]<offset.len>)` commands are on the wire at once, so the
//! server is already sending the next chunk while the caller decodes and writes the
//! previous one. Answers are matched to their command by the origin offset the server
//! echoes (`BODY[part]<origin>`); a command's chunk is complete at its tagged OK. Other
//! untagged responses (flag updates, EXISTS) are skipped: a download connection has no
//! use for them.

use std::collections::VecDeque;

use async_imap::error::Error as ImapError;
use imap_proto::{AttributeValue, RequestId, Response, SectionPath, Status};

use super::connect::{Connection, map_imap_error};
use crate::core::{ErrorKind, Section, TernError, Text};

/// Slack above the requested length that the guard allows a chunk's literal.
const LITERAL_SLACK: u64 = 64 * 1024;

/// One partial fetch on the wire.
struct Pending {
    tag: RequestId,
    offset: u64,
    len: u32,
    /// The section's bytes, once they arrived (NIL counts as none).
    data: Option<Vec<u8>>,
    /// Whether any FETCH response for the message arrived while this was on the wire.
    message_seen: bool,
    /// The tagged OK arrived.
    done: bool,
}

/// The answer to one partial fetch.
#[derive(Debug)]
pub struct PartialChunk {
    /// Where the bytes start in the section.
    pub offset: u64,
    /// How many bytes were asked for.
    pub asked: u32,
    pub data: Vec<u8>,
}

impl PartialChunk {
    /// Fewer bytes than asked: the section ends here.
    pub fn is_last(&self) -> bool {
        self.data.len() < self.asked as usize
    }
}

/// The partial fetches of one section of one message, in the order they were sent.
pub struct PartialFetches {
    uid: u32,
    part: String,
    path: SectionPath,
    queue: VecDeque<Pending>,
    literal_cap: u64,
}

impl PartialFetches {
    /// Fetches of section `part` (e.g. "2" or "1.3") of message `uid`.
    pub fn new(uid: u32, part: &str) -> Result<PartialFetches, TernError> {
        let path = Section::Part(part.to_string()).path().ok_or_else(|| {
            TernError::new(ErrorKind::NotFound, "That part does not exist.")
                .with_text(Text::new("err-part-gone"))
        })?;
        Ok(PartialFetches {
            uid,
            part: part.to_string(),
            path,
            queue: VecDeque::new(),
            literal_cap: 0,
        })
    }

    /// How many fetches are sent and not yet handed out by [`PartialFetches::next`].
    pub fn in_flight(&self) -> usize {
        self.queue.len()
    }

    /// Sends a fetch of up to `len` bytes from `offset` without waiting for the answer.
    pub async fn request(&mut self, conn: &mut Connection, offset: u64, len: u32) -> Result<(), TernError> {
        // The guard must let the biggest chunk on the wire through, and no more.
        let cap = u64::from(len) + LITERAL_SLACK;
        if self.queue.is_empty() || cap > self.literal_cap {
            self.literal_cap = if self.queue.is_empty() {
                cap
            } else {
                cap.max(self.literal_cap)
            };
            conn.set_literal_cap(self.literal_cap);
        }
        let command = format!(
            "UID FETCH {} (UID BODY.PEEK[{}]<{offset}.{len}>)",
            self.uid, self.part
        );
        let timeout = conn.timeouts.command;
        let tag = match tokio::time::timeout(timeout, conn.session.run_command(&command)).await {
            Ok(Ok(tag)) => tag,
            Ok(Err(e)) => return Err(map_imap_error("FETCH", e)),
            Err(_) => return Err(server_slow()),
        };
        self.queue.push_back(Pending {
            tag,
            offset,
            len,
            data: None,
            message_seen: false,
            done: false,
        });
        Ok(())
    }

    /// The oldest fetch's answer, or `None`
    /// when nothing is on the wire. Waits at most the command timeout for each response.
    pub async fn next(&mut self, conn: &mut Connection) -> Result<Option<PartialChunk>, TernError> {
        loop {
            let Some(front) = self.queue.front() else {
                return Ok(None);
            };
            if front.done {
                let Some(done) = self.queue.pop_front() else {
                    return Ok(None);
                };
                if self.queue.is_empty() {
                    conn.set_literal_cap(super::guard::DEFAULT_LITERAL_CAP);
                }
                let data = match done.data {
                    Some(data) => data,
                    // No section and no FETCH for the message at all: it is gone.
                    None if !done.message_seen => return Err(message_gone()),
                    // A FETCH without the section (NIL, or past the end): no bytes.
                    None => Vec::new(),
                };
                return Ok(Some(PartialChunk {
                    offset: done.offset,
                    asked: done.len,
                    data,
                }));
            }
            let timeout = conn.timeouts.command;
            let response = match tokio::time::timeout(timeout, conn.session.read_response()).await {
                Err(_) => return Err(server_slow()),
                Ok(Err(io)) => return Err(map_imap_error("FETCH", ImapError::Io(io))),
                Ok(Ok(None)) => return Err(map_imap_error("FETCH", ImapError::ConnectionLost)),
                Ok(Ok(Some(response))) => response,
            };
            self.take(response.parsed())?;
        }
    }

    /// Files one response under the fetch it answers.
    fn take(&mut self, response: &Response<'_>) -> Result<(), TernError> {
        match response {
            Response::Fetch(_, attrs) => {
                let ours = attrs
                    .iter()
                    .any(|a| matches!(a, AttributeValue::Uid(u) if *u == self.uid));
                if !ours {
                    return Ok(());
                }
                for pending in &mut self.queue {
                    pending.message_seen = true;
                }
                for attr in attrs {
                    if let AttributeValue::BodySection {
                        section: Some(section),
                        index,
                        data,
                    } = attr
                        && *section == self.path
                    {
                        self.file_section(index.map(u64::from), data.as_deref());
                    }
                }
                Ok(())
            }
            Response::Done { tag, status, outcome } => {
                let Some(pending) = self.queue.iter_mut().find(|p| p.tag == *tag) else {
                    // The tag of a command this download never sent: ignore it.
                    return Ok(());
                };
                match status {
                    Status::Ok => {
                        pending.done = true;
                        Ok(())
                    }
                    Status::No => Err(map_imap_error(
                        "FETCH",
                        ImapError::No(format!("outcome: {outcome:?}")),
                    )),
                    _ => Err(map_imap_error(
                        "FETCH",
                        ImapError::Bad(format!("outcome: {outcome:?}")),
                    )),
                }
            }
            _ => Ok(()),
        }
    }

    /// Gives section bytes to the fetch that asked for them: the one with that origin,
    /// or without an origin (a server that does not echo it) the oldest still waiting.
    fn file_section(&mut self, origin: Option<u64>, data: Option<&[u8]>) {
        let target = match origin {
            Some(origin) => self.queue.iter_mut().find(|p| p.offset == origin && !p.done),
            None => self.queue.iter_mut().find(|p| p.data.is_none() && !p.done),
        };
        if let (Some(pending), Some(data)) = (target, data) {
            pending.data = Some(data.to_vec());
        }
    }
}

fn server_slow() -> TernError {
    TernError::new(
        ErrorKind::Timeout,
        "The server stopped sending the attachment. Tern will reconnect and try again.",
    )
    .with_text(Text::new("err-server-slow"))
}

fn message_gone() -> TernError {
    TernError::new(
        ErrorKind::NotFound,
        "The message is no longer on the server (it was moved or deleted elsewhere).",
    )
    .with_text(Text::new("err-message-gone-from-server"))
}
