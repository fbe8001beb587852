//! Which saveable part an image of the body means.

use crate::mime::{Attachment, Block, BlockKind};

/// Lower-case, angle brackets and spaces trimmed, `%XX` decoded: how two Content-IDs
/// (or a `cid:` URL and a Content-ID) are compared (RFC 2392 URLs are percent-encoded,
/// Content-ID headers are not; some senders keep the brackets in one of them).
fn normalized_id(id: &str) -> String {
    let trimmed = id.trim().trim_matches(['<', '>']).trim();
    percent_decoded(trimmed).to_ascii_lowercase()
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The inline part an image's `src` refers to: `cid:` by Content-ID (with or without
/// angle brackets, percent-encoded or not), anything else by Content-Location.
pub fn part_for_src<'a>(src: &str, parts: &'a [Attachment]) -> Option<&'a Attachment> {
    let src = src.trim();
    let scheme_cid = src.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("cid:"));
    if scheme_cid {
        let wanted = normalized_id(&src[4..]);
        if wanted.is_empty() {
            return None;
        }
        return parts.iter().find(|a| {
            a.content_id
                .as_deref()
                .is_some_and(|id| normalized_id(id) == wanted)
        });
    }
    parts.iter().find(|a| {
        a.content_location
            .as_deref()
            .is_some_and(|l| !l.is_empty() && l.trim() == src)
    })
}

/// Inline images no image block refers to (Apple Mail's photos, images of an HTML
/// alternative while the plain text is shown): the reader draws them after the text.
pub fn after_text<'a>(blocks: &[Block], parts: &'a [Attachment]) -> Vec<&'a Attachment> {
    let referenced: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Image { src, .. } => part_for_src(src, parts).map(|a| a.part.as_str()),
            _ => None,
        })
        .collect();
    parts
        .iter()
        .filter(|a| {
            a.inline && a.content_type.starts_with("image/") && !referenced.contains(&a.part.as_str())
        })
        .collect()
}
