//! One FETCH response (UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE + the header
//! fields threading and the list need) -> a `NewMessage` row. Headers are decoded by
//! mail-parser (encoded words, charsets), the same decoder the reader uses.

use async_imap::types::{Fetch, Flag};

use super::bodystructure;
use crate::core::{BodyPart, Flags, NewMessage};

/// The FETCH items for a header row. ENVELOPE is replaced by the raw header fields:
/// the same information, decoded consistently, and measurably faster on Dovecot.
pub const HEADER_ITEMS: &str = "(UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE \
     BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES)])";

/// The same with MODSEQ, once CONDSTORE is in use.
pub const HEADER_ITEMS_MODSEQ: &str = "(UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE MODSEQ \
     BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES)])";

/// System flags as bits plus keywords as a space-separated string.
pub fn flags_of(fetch: &Fetch) -> (u32, String) {
    let mut flags = Flags::default();
    let mut keywords: Vec<String> = Vec::new();
    for f in fetch.flags() {
        match f {
            Flag::Seen => flags = flags.with(Flags::SEEN, true),
            Flag::Answered => flags = flags.with(Flags::ANSWERED, true),
            Flag::Flagged => flags = flags.with(Flags::FLAGGED, true),
            Flag::Deleted => flags = flags.with(Flags::DELETED, true),
            Flag::Draft => flags = flags.with(Flags::DRAFT, true),
            Flag::Recent | Flag::MayCreate => {}
            Flag::Custom(k) => keywords.push(k.to_string()),
        }
    }
    keywords.sort();
    (flags.0, keywords.join(" "))
}

/// What a header row needs from one FETCH response, copied out of async-imap's
/// buffers so a window of them stays small (a response keeps its whole read buffer alive).
/// The CPU-heavy part (header decoding, JSON) happens later in `into_row`.
pub struct RawHeader {
    uid: u32,
    seq: u32,
    modseq: u64,
    flags: u32,
    keywords: String,
    internal_date: i64,
    size: u32,
    tree: Option<BodyPart>,
    header: Vec<u8>,
}

impl RawHeader {
    /// `None` when the response has no UID (a server bug we skip over) or no header
    /// section: that is another client's flag change, sent unsolicited in the middle of
    /// our FETCH (RFC 9051 §7.5.2 allows it at any time), not a message to store.
    /// Taken as a row it would be a blank message, and one above the window would move
    /// the sync mark past messages never fetched.
    pub fn from_fetch(fetch: &Fetch) -> Option<RawHeader> {
        fetch.header()?;
        let (flags, keywords) = flags_of(fetch);
        Some(RawHeader {
            uid: fetch.uid?,
            seq: fetch.message,
            modseq: fetch.modseq.unwrap_or(0),
            flags,
            keywords,
            internal_date: fetch.internal_date().map(|d| d.timestamp()).unwrap_or(0),
            size: fetch.size.unwrap_or(0),
            tree: fetch.bodystructure().map(bodystructure::convert),
            header: fetch.header().map(<[u8]>::to_vec).unwrap_or_default(),
        })
    }

    pub fn into_row(self) -> NewMessage {
        let mut row = NewMessage {
            uid: self.uid,
            modseq: self.modseq,
            flags: self.flags,
            keywords: self.keywords,
            internal_date: self.internal_date,
            size: self.size,
            ..Default::default()
        };
        if let Some(tree) = &self.tree {
            row.has_attachments = tree.has_attachments();
            row.bodystructure = serde_json::to_string(tree).unwrap_or_default();
        }
        if !self.header.is_empty() {
            fill_from_headers(&mut row, &self.header);
        }
        if row.sent_date == 0 {
            row.sent_date = row.internal_date;
        }
        if row.internal_date == 0 {
            row.internal_date = row.sent_date;
        }
        row
    }
}

fn fill_from_headers(row: &mut NewMessage, raw: &[u8]) {
    let Some(msg) = mail_parser::MessageParser::default().parse_headers(raw) else {
        return;
    };
    row.subject = msg.subject().unwrap_or("").to_string();
    if let Some(from) = msg.from().and_then(|a| a.first()) {
        row.from_name = from.name().unwrap_or("").to_string();
        row.from_addr = from.address().unwrap_or("").to_string();
    }
    // Built in one string: this runs for every message of a sync.
    let mut recipients = String::new();
    for a in [msg.to(), msg.cc()].into_iter().flatten().flat_map(|a| a.iter()) {
        let (name, addr) = (a.name(), a.address());
        if name.is_none() && addr.is_none() {
            continue;
        }
        if !recipients.is_empty() {
            recipients.push_str(", ");
        }
        match (name, addr) {
            (Some(n), Some(addr)) => {
                recipients.push_str(n);
                recipients.push_str(" <");
                recipients.push_str(addr);
                recipients.push('>');
            }
            (Some(text), None) | (None, Some(text)) => recipients.push_str(text),
            (None, None) => {}
        }
    }
    row.recipients = recipients;
    row.sent_date = msg.date().map(|d| d.to_timestamp()).unwrap_or(0);
    row.message_id = msg.message_id().unwrap_or("").to_string();
    row.in_reply_to = text_list(msg.in_reply_to());
    row.refs = text_list(msg.references());
}

fn text_list(v: &mail_parser::HeaderValue<'_>) -> String {
    match (v.as_text_list(), v.as_text()) {
        (Some(list), _) => list.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(" "),
        (None, Some(t)) => t.to_string(),
        _ => String::new(),
    }
}

/// One header window, copied out of the responses. Turning it into rows (header
/// decoding, BODYSTRUCTURE to JSON) is CPU work: the engine does it on a blocking thread
/// together with the SQLite commit, while the next window streams in.
pub struct HeaderBatch {
    items: Vec<RawHeader>,
}

impl HeaderBatch {
    /// Keeps the responses inside `uid_range` ("n:m" also matches when the server
    /// reorders).
    pub(super) fn new(mut items: Vec<RawHeader>, uid_range: Option<(u32, u32)>) -> HeaderBatch {
        if let Some((from, to)) = uid_range {
            items.retain(|h| (from..=to).contains(&h.uid));
        }
        HeaderBatch { items }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The lowest sequence number returned (0 if none), to check a window is complete.
    pub fn lowest_seq(&self) -> u32 {
        self.items.iter().map(|h| h.seq).min().unwrap_or(0)
    }

    /// The highest UID returned, if any.
    pub fn max_uid(&self) -> Option<u32> {
        self.items.iter().map(|h| h.uid).max()
    }

    /// Drops the messages below `uid` (cached already by another path).
    pub fn keep_from(&mut self, uid: u32) {
        self.items.retain(|h| h.uid >= uid);
    }

    /// The UIDs in the batch, ascending.
    pub fn uids(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.items.iter().map(|h| h.uid).collect();
        v.sort_unstable();
        v
    }

    /// The lowest UID returned, if any.
    pub fn min_uid(&self) -> Option<u32> {
        self.items.iter().map(|h| h.uid).min()
    }

    pub fn into_rows(self) -> Vec<NewMessage> {
        self.items.into_iter().map(RawHeader::into_row).collect()
    }
}
