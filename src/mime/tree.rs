//! Raw bytes to an owned tree of MIME entities with IMAP section ids, within limits.
//!
//! Mail-parser does the header and MIME structure parsing; transfer decoding is switched
//! off (`Content-Transfer-Encoding` is ignored) and done by Tern (`decode.rs`), because
//! mail-parser's own handling of base64 / quoted-printable `message/rfc822` parts copies
//! the decoded buffer once per nested message (quadratic, see `limits.rs`).
//!
//! Without transfer decoding mail-parser would read an encoded `message/rfc822` body as
//! if it were a plain nested message, and its header scanner would run past the
//! enclosing boundary. So each encoded `message/*` part found is blanked (its body bytes
//! replaced by spaces in a working copy, line breaks kept) and the buffer parsed again;
//! the part's real body is then decoded from the original bytes and parsed as a message
//! of its own, one level deeper. Everything before the first such part parses identically
//! in both passes, so each pass fixes the earliest one and the loop always progresses.
//!
//! Section ids follow RFC 3501 6.4.5: children of a multipart are numbered 1, 2, ...;
//! a non-multipart message body is part 1; the parts of a `message/rfc822` at section N
//! are N.1, N.2, ... (N.1 alone when the nested body is not multipart). A message's
//! multipart body itself is listed as `TEXT` / `N.TEXT`.

use std::borrow::Cow;
use std::panic::AssertUnwindSafe;

use mail_parser::{
    Address as MpAddress, Header, HeaderName, HeaderValue, Message, MessageParser, MimeHeaders, PartType,
};

use super::display::display_safe;
use super::limits::{MAX_DEPTH, MAX_ENCODED_MESSAGES_PER_LEVEL, MAX_PARTS};
use super::prepare::{DIGEST_MARK, MESSAGE_MARK, prepare};
use super::regions::{Region, first_encoded_message, transfer_encoding};
use super::transfer::{TransferEncoding, transfer_decode};
use super::view::Address;

/// Shared limits and findings of one `parse_message` call.
pub(crate) struct Budget {
    parts_left: usize,
    bytes_left: usize,
    pub truncated: bool,
    pub warnings: Vec<String>,
}

impl Budget {
    pub(crate) fn new(bytes: usize) -> Self {
        Budget {
            parts_left: MAX_PARTS,
            bytes_left: bytes,
            truncated: false,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn warn(&mut self, w: &str) {
        if !self.warnings.iter().any(|x| x == w) {
            self.warnings.push(w.to_string());
        }
    }

    fn truncate(&mut self, why: &str) {
        self.truncated = true;
        self.warn(why);
    }
}

/// Display headers of a message (top level or nested).
#[derive(Debug, Default, Clone)]
pub(crate) struct HeaderInfo {
    pub subject: String,
    pub from: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    pub date: Option<String>,
    pub timestamp: Option<i64>,
    pub message_id: Option<String>,
}

/// What an entity contains.
pub(crate) enum Kind<'a> {
    Leaf,
    Multipart(Vec<Entity<'a>>),
    /// `message/rfc822` (or `message/global`, or a digest child). None when its content
    /// could not be parsed or was beyond the limits.
    Message(Option<Box<Nested<'a>>>),
}

/// A nested (or the top-level) message: its headers and its body entity.
pub(crate) struct Nested<'a> {
    pub headers: HeaderInfo,
    pub root: Entity<'a>,
}

/// One MIME entity, owned, with everything the view needs.
pub(crate) struct Entity<'a> {
    pub section: String,
    pub depth: usize,
    /// Lower-case `type/subtype`.
    pub content_type: String,
    pub charset: Option<String>,
    pub flowed: bool,
    pub delsp: bool,
    /// multipart/related `start` parameter.
    pub start: Option<String>,
    /// Lower-case disposition type, when declared.
    pub disposition: Option<String>,
    pub filename: Option<String>,
    pub content_id: Option<String>,
    pub content_location: Option<String>,
    pub encoding: TransferEncoding,
    /// The body as it is in the message (still transfer-encoded).
    pub body: Cow<'a, [u8]>,
    pub kind: Kind<'a>,
}

fn parser() -> MessageParser {
    MessageParser::new()
        .header_address(HeaderName::From)
        .header_address(HeaderName::To)
        .header_address(HeaderName::Cc)
        .header_address(HeaderName::ReplyTo)
        .header_date(HeaderName::Date)
        .header_text(HeaderName::Subject)
        .header_id(HeaderName::MessageId)
        .header_content_type(HeaderName::ContentType)
        .header_content_type(HeaderName::ContentDisposition)
        .header_id(HeaderName::ContentId)
        .header_text(HeaderName::ContentLocation)
        // Read from the raw bytes instead: with a parsed value mail-parser would decode.
        .ignore_header(HeaderName::ContentTransferEncoding)
        .default_header_ignore()
}

/// Drops a mail-parser tree without recursion (deep `message/rfc822` chains would
/// overflow the stack in the recursive drop, see `limits.rs`).
struct Dismantle<'x>(Option<Message<'x>>);

impl Drop for Dismantle<'_> {
    fn drop(&mut self) {
        let mut stack: Vec<Message<'_>> = self.0.take().into_iter().collect();
        while let Some(mut m) = stack.pop() {
            for part in &mut m.parts {
                if matches!(part.body, PartType::Message(_))
                    && let PartType::Message(inner) = std::mem::take(&mut part.body)
                {
                    stack.push(inner);
                }
            }
        }
    }
}

fn section_join(prefix: &str, n: usize) -> String {
    if prefix.is_empty() {
        n.to_string()
    } else {
        format!("{prefix}.{n}")
    }
}

fn text_section(prefix: &str) -> String {
    if prefix.is_empty() {
        "TEXT".to_string()
    } else {
        format!("{prefix}.TEXT")
    }
}

/// Parses one buffer (the message, or a decoded encoded message) into a `Nested`.
/// `top` is the same bytes when they live as long as the result (then bodies are
/// borrowed, not copied).
pub(crate) fn parse_level<'a>(
    raw: &[u8],
    top: Option<&'a [u8]>,
    depth: usize,
    prefix: &str,
    budget: &mut Budget,
) -> Option<Nested<'a>> {
    let mut parser = parser();
    let prepared = prepare(raw);
    if prepared.long_boundary {
        budget.warn("malformed: a MIME boundary was too long and was ignored");
    }
    let mut work: Cow<'_, [u8]> = match prepared.buf {
        Some(changed) => Cow::Owned(changed),
        None => Cow::Borrowed(raw),
    };
    let mut regions: Vec<Region> = Vec::new();
    let mut structure_ignored = false;
    loop {
        if budget.bytes_left < work.len() {
            budget.truncate("truncated: message too complex to show completely");
            return None;
        }
        budget.bytes_left -= work.len();
        let attempt = std::panic::catch_unwind(AssertUnwindSafe(|| parser.parse(&work[..])));
        let parsed = match attempt {
            Ok(parsed) => Dismantle(parsed),
            Err(_) if !structure_ignored => {
                // Mail-parser failed on this structure: show the message as one text part.
                budget.truncate("damaged: the MIME structure could not be read; shown as plain text");
                parser = parser.ignore_header(HeaderName::ContentType);
                regions.clear();
                structure_ignored = true;
                continue;
            }
            Err(_) => {
                budget.truncate("damaged: part of the message could not be read");
                return None;
            }
        };
        let msg = parsed.0.as_ref()?;
        let next = first_encoded_message(msg, &work, &regions);
        match next {
            Some(region) if regions.len() < MAX_ENCODED_MESSAGES_PER_LEVEL => {
                drop(parsed);
                let buf = work.to_mut();
                for b in &mut buf[region.start..region.end] {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
                regions.push(region);
                continue;
            }
            Some(_) => budget.truncate("truncated: too many encoded attached messages"),
            None => {}
        }
        let mut ctx = Level {
            raw,
            work: &work,
            top,
            regions: &regions,
        };
        return ctx.message(msg, depth, prefix, budget);
    }
}

/// Where a part sits: its section id, the prefix its children are numbered under (a
/// message's multipart body is `TEXT` but its children are `1`, `2`, ...), whether its
/// parent is a digest (children default to message/rfc822) and its depth.
struct Pos<'p> {
    section: String,
    child_prefix: &'p str,
    in_digest: bool,
    depth: usize,
}

/// One parse level: original bytes (bodies are read from these), the working copy
/// mail-parser saw (same offsets), and the blanked regions.
struct Level<'r, 'a> {
    raw: &'r [u8],
    work: &'r [u8],
    top: Option<&'a [u8]>,
    regions: &'r [Region],
}

impl<'a> Level<'_, 'a> {
    fn slice(&self, start: usize, end: usize) -> Cow<'a, [u8]> {
        let start = start.min(self.raw.len());
        let end = end.clamp(start, self.raw.len());
        match self.top {
            Some(top) if top.len() == self.raw.len() => Cow::Borrowed(&top[start..end]),
            _ => Cow::Owned(self.raw[start..end].to_vec()),
        }
    }

    fn message(
        &mut self,
        msg: &Message<'_>,
        depth: usize,
        prefix: &str,
        budget: &mut Budget,
    ) -> Option<Nested<'a>> {
        let headers = msg
            .parts
            .first()
            .map(|p| header_info(&p.headers))
            .unwrap_or_default();
        let root = match msg.parts.first().map(|p| &p.body) {
            // A multipart body has no number of its own: its children are prefix.1, ...
            Some(PartType::Multipart(_)) => {
                let pos = Pos {
                    section: text_section(prefix),
                    child_prefix: prefix,
                    in_digest: false,
                    depth,
                };
                self.part(msg, 0, pos, budget)
            }
            Some(_) => {
                let section = section_join(prefix, 1);
                let pos = Pos {
                    section: section.clone(),
                    child_prefix: &section,
                    in_digest: false,
                    depth,
                };
                self.part(msg, 0, pos, budget)
            }
            None => None,
        };
        Some(Nested { headers, root: root? })
    }

    fn part(
        &mut self,
        msg: &Message<'_>,
        idx: usize,
        pos: Pos<'_>,
        budget: &mut Budget,
    ) -> Option<Entity<'a>> {
        let Pos {
            section,
            child_prefix,
            in_digest,
            depth,
        } = pos;
        if depth > MAX_DEPTH {
            budget.truncate("truncated: parts nested too deeply");
            return None;
        }
        if budget.parts_left == 0 {
            budget.truncate("truncated: too many parts");
            return None;
        }
        budget.parts_left -= 1;
        let part = msg.parts.get(idx)?;
        let ct = part.content_type();
        let is_message = matches!(part.body, PartType::Message(_));
        let content_type = match ct {
            Some(ct) => {
                let sub = ct.subtype().unwrap_or("");
                let t = format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase();
                if sub.is_empty() && t == "text/" {
                    "text/plain".to_string()
                } else {
                    t
                }
            }
            None if is_message || in_digest => "message/rfc822".to_string(),
            None => "text/plain".to_string(),
        };
        let mut content_type = display_safe(&content_type).replace(' ', "");
        // Undo the renames of `prepare.rs`.
        if let Some(sub) = content_type.strip_prefix(MESSAGE_MARK) {
            content_type = format!("message/{sub}");
        } else if content_type == DIGEST_MARK {
            content_type = "multipart/digest".to_string();
        }
        let attached_message = !is_message
            && !matches!(part.body, PartType::Multipart(_))
            && matches!(content_type.as_str(), "message/rfc822" | "message/global");
        let attr = |name: &str| ct.and_then(|c| c.attribute(name)).map(str::to_string);
        let disposition = part.content_disposition().map(|d| d.ctype().to_ascii_lowercase());
        let start = (part.offset_body as usize).min(self.raw.len());
        let end = (part.offset_end as usize).clamp(start, self.raw.len());
        let mut region = self.regions.iter().find(|r| r.start == start).copied();
        if region.is_none() && attached_message {
            region = Some(Region {
                start,
                end,
                encoding: transfer_encoding(self.work, &part.headers),
            });
        }
        let encoding = region.map_or_else(|| transfer_encoding(self.work, &part.headers), |r| r.encoding);
        let mut entity = Entity {
            section: section.clone(),
            depth,
            content_type,
            charset: attr("charset"),
            flowed: attr("format").is_some_and(|f| f.eq_ignore_ascii_case("flowed")),
            delsp: attr("delsp").is_some_and(|f| f.eq_ignore_ascii_case("yes")),
            start: attr("start"),
            disposition,
            filename: part.attachment_name().map(str::to_string),
            content_id: part
                .content_id()
                .map(|id| display_safe(id.trim_matches(['<', '>', ' ']))),
            content_location: part.content_location().map(|l| display_safe(l.trim())),
            encoding,
            body: Cow::Borrowed(&[]),
            kind: Kind::Leaf,
        };
        if let Some(region) = region {
            // An attached message: decode its body and parse it as its own level.
            entity.body = self.slice(region.start, region.end);
            let decoded = transfer_decode(&self.raw[region.start..region.end], region.encoding);
            entity.kind = Kind::Message(if depth < MAX_DEPTH {
                parse_level(&decoded, None, depth + 1, &section, budget).map(Box::new)
            } else {
                budget.truncate("truncated: parts nested too deeply");
                None
            });
            return Some(entity);
        }
        match &part.body {
            PartType::Multipart(ids) => {
                let mut children = Vec::new();
                for (i, &id) in ids.iter().enumerate() {
                    let id = id as usize;
                    // Children always come after their parent; anything else is damage.
                    if id <= idx || id >= msg.parts.len() {
                        continue;
                    }
                    let child_section = section_join(child_prefix, i + 1);
                    let digest = entity.content_type == "multipart/digest";
                    let pos = Pos {
                        section: child_section.clone(),
                        child_prefix: &child_section,
                        in_digest: digest,
                        depth: depth + 1,
                    };
                    if let Some(child) = self.part(msg, id, pos, budget) {
                        children.push(child);
                    }
                    if budget.parts_left == 0 && i + 1 < ids.len() {
                        budget.truncate("truncated: too many parts");
                        break;
                    }
                }
                entity.kind = Kind::Multipart(children);
            }
            PartType::Message(nested) => {
                entity.body = self.slice(start, end);
                entity.kind = Kind::Message(if depth < MAX_DEPTH && !nested.parts.is_empty() {
                    self.message(nested, depth + 1, &section, budget).map(Box::new)
                } else {
                    if depth >= MAX_DEPTH {
                        budget.truncate("truncated: parts nested too deeply");
                    }
                    None
                });
            }
            _ => entity.body = self.slice(start, end),
        }
        Some(entity)
    }
}

fn push_addresses(out: &mut Vec<Address>, value: &HeaderValue<'_>) {
    let mut add = |name: Option<&str>, addr: Option<&str>| {
        if out.len() >= 1000 {
            return;
        }
        let name = name.map(display_safe).filter(|n| !n.is_empty());
        let email = addr.map(display_safe).unwrap_or_default();
        if name.is_some() || !email.is_empty() {
            out.push(Address { name, email });
        }
    };
    match value {
        HeaderValue::Address(MpAddress::List(list)) => {
            for a in list {
                add(a.name.as_deref(), a.address.as_deref());
            }
        }
        HeaderValue::Address(MpAddress::Group(groups)) => {
            for g in groups {
                if g.addresses.is_empty() {
                    add(g.name.as_deref(), None);
                }
                for a in &g.addresses {
                    add(a.name.as_deref(), a.address.as_deref());
                }
            }
        }
        HeaderValue::Text(t) => add(None, Some(t)),
        _ => {}
    }
}

pub(crate) fn header_info(headers: &[Header<'_>]) -> HeaderInfo {
    let mut info = HeaderInfo::default();
    let mut have_subject = false;
    for h in headers {
        match (&h.name, &h.value) {
            (HeaderName::Subject, v) if !have_subject => {
                let text = match v {
                    HeaderValue::Text(t) => t.to_string(),
                    HeaderValue::TextList(l) => l.join(" "),
                    _ => continue,
                };
                info.subject = display_safe(&text);
                have_subject = true;
            }
            (HeaderName::From, v) => push_addresses(&mut info.from, v),
            (HeaderName::To, v) => push_addresses(&mut info.to, v),
            (HeaderName::Cc, v) => push_addresses(&mut info.cc, v),
            (HeaderName::ReplyTo, v) => push_addresses(&mut info.reply_to, v),
            (HeaderName::Date, HeaderValue::DateTime(dt)) if info.date.is_none() && dt.is_valid() => {
                info.date = Some(dt.to_rfc3339());
                info.timestamp = Some(dt.to_timestamp());
            }
            (HeaderName::MessageId, HeaderValue::Text(id)) if info.message_id.is_none() => {
                info.message_id = Some(display_safe(id));
            }
            _ => {}
        }
    }
    info
}
