//! Finding the transfer-encoded `message/*` parts that `tree.rs` blanks before letting
//! mail-parser read the buffer again (see the module comment there).

use mail_parser::{Header, HeaderName, Message, MimeHeaders, PartType};

use super::transfer::TransferEncoding;

/// An encoded `message/*` body that was blanked for mail-parser.
#[derive(Clone, Copy)]
pub(super) struct Region {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) encoding: TransferEncoding,
}

fn header_bytes<'b>(buf: &'b [u8], h: &Header<'_>) -> &'b [u8] {
    let start = (h.offset_start as usize).min(buf.len());
    let end = (h.offset_end as usize).clamp(start, buf.len());
    &buf[start..end]
}

pub(super) fn transfer_encoding(buf: &[u8], headers: &[Header<'_>]) -> TransferEncoding {
    headers
        .iter()
        .find(|h| h.name == HeaderName::ContentTransferEncoding)
        .map_or(TransferEncoding::Identity, |h| {
            TransferEncoding::from_header(header_bytes(buf, h))
        })
}

fn is_message_part(body: &PartType<'_>) -> bool {
    matches!(body, PartType::Message(_))
}

/// Finds the encoded `message/*` part with the lowest body offset that is not blanked
/// yet, walking the whole mail-parser tree iteratively.
pub(super) fn first_encoded_message(msg: &Message<'_>, buf: &[u8], done: &[Region]) -> Option<Region> {
    // (message, inherited boundary)
    let mut stack: Vec<(&Message<'_>, Option<&str>)> = vec![(msg, None)];
    let mut best: Option<Region> = None;
    while let Some((m, inherited)) = stack.pop() {
        // The boundary a part's body ends at: mail-parser passes the nearest enclosing
        // multipart boundary down, also into nested messages.
        let mut parent_boundary: Vec<Option<&str>> = vec![None; m.parts.len()];
        for p in &m.parts {
            if let PartType::Multipart(ids) = &p.body {
                let b = p.content_type().and_then(|ct| ct.attribute("boundary"));
                for &id in ids {
                    if let Some(slot) = parent_boundary.get_mut(id as usize) {
                        *slot = b;
                    }
                }
            }
        }
        for (idx, part) in m.parts.iter().enumerate() {
            let boundary = parent_boundary[idx].or(inherited);
            if let PartType::Message(inner) = &part.body {
                stack.push((inner, boundary));
            }
            if !is_message_part(&part.body) {
                continue;
            }
            let encoding = transfer_encoding(buf, &part.headers);
            let start = (part.offset_body as usize).min(buf.len());
            if encoding == TransferEncoding::Identity
                || done.iter().any(|r| r.start == start)
                || best.is_some_and(|b| b.start <= start)
            {
                continue;
            }
            let end = match boundary {
                Some(b) if !b.is_empty() => {
                    let needle = format!("--{b}");
                    find(&buf[start..], needle.as_bytes()).map_or(buf.len(), |p| {
                        let mut e = start + p;
                        if e > start && buf[e - 1] == b'\n' {
                            e -= 1;
                        }
                        if e > start && buf[e - 1] == b'\r' {
                            e -= 1;
                        }
                        e
                    })
                }
                _ => buf.len(),
            };
            best = Some(Region { start, end, encoding });
        }
    }
    best
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..=hay.len() - needle.len()].iter().position(|&b| b == first) {
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
            None => return None,
        }
    }
    None
}
