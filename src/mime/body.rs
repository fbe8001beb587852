//! Choosing what to show: the body (text/plain when present, else HTML as safe rich
//! text), the attachment list, inline images and the part tree.

use super::decode::{decode_charset, html_meta_charset};
use super::display::{display_safe, truncate_chars};
use super::filename::{extension_for, sanitize_filename};
use super::html::html_to_blocks;
use super::plain::plain_to_blocks;
use super::transfer::{decoded_size, transfer_decode};
use super::tree::{Entity, Kind};
use super::view::{Attachment, Block, BlockKind, BodyFormat, Disposition, MessageView, PartInfo};

/// How a subtree is being visited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Text parts here are part of the body.
    Normal,
    /// A multipart/alternative choice that is not shown: its text is hidden, other
    /// content (a calendar invite, say) is still offered as an attachment.
    Hidden,
    /// Non-root parts of a multipart/related: images of the HTML body.
    Related,
}

#[derive(Default)]
struct Collected<'e, 'a> {
    body: Vec<&'e Entity<'a>>,
    /// Every part a person can save, in document order, with whether it is shown in
    /// the body (an image of the HTML, or an Apple-style inline image after the text).
    saveable: Vec<(&'e Entity<'a>, bool)>,
    /// First HTML part seen (shown or hidden), for "open in browser".
    html: Option<&'e Entity<'a>>,
}

fn subtype<'e>(e: &'e Entity<'_>) -> &'e str {
    e.content_type.split('/').nth(1).unwrap_or("")
}

fn declared_attachment(e: &Entity<'_>) -> bool {
    e.disposition.as_deref() == Some("attachment") || e.filename.is_some()
}

fn texty_type(ct: &str) -> bool {
    matches!(ct, "text/plain" | "text/html" | "text/enriched" | "text/richtext") || is_report_text(ct)
}

/// Machine-readable report parts that are plain text a person can read (bounces, read
/// receipts); shown in the body like mail clients do.
fn is_report_text(ct: &str) -> bool {
    matches!(
        ct,
        "message/delivery-status"
            | "message/global-delivery-status"
            | "message/disposition-notification"
            | "text/rfc822-headers"
    )
}

/// A text leaf that belongs to the body (not a text file attached to the message).
fn is_body_text(e: &Entity<'_>) -> bool {
    matches!(e.kind, Kind::Leaf) && texty_type(&e.content_type) && !declared_attachment(e)
}

/// The kind of text a subtree would show: "plain", "html" (includes enriched) or None.
fn best_text(e: &Entity<'_>) -> Option<&'static str> {
    match &e.kind {
        Kind::Leaf if is_body_text(e) => Some(if plain_like(&e.content_type) {
            "plain"
        } else {
            "html"
        }),
        Kind::Leaf | Kind::Message(_) => None,
        Kind::Multipart(children) => match subtype(e) {
            "alternative" => {
                let kinds: Vec<_> = children.iter().filter_map(best_text).collect();
                if kinds.contains(&"plain") {
                    Some("plain")
                } else {
                    kinds.first().copied()
                }
            }
            "related" => related_root(e, children).and_then(best_text),
            _ => children.iter().find_map(best_text),
        },
    }
}

fn related_root<'e, 'a>(e: &Entity<'a>, children: &'e [Entity<'a>]) -> Option<&'e Entity<'a>> {
    let start = e
        .start
        .as_deref()
        .map(|s| s.trim_matches(['<', '>', ' ']).to_string());
    start
        .and_then(|s| {
            children
                .iter()
                .find(|c| c.content_id.as_deref() == Some(s.as_str()))
        })
        .or_else(|| children.first())
}

fn visit<'e, 'a>(e: &'e Entity<'a>, mode: Mode, top: bool, out: &mut Collected<'e, 'a>) {
    match &e.kind {
        Kind::Leaf => {
            if is_body_text(e) {
                if e.content_type == "text/html" && out.html.is_none() {
                    out.html = Some(e);
                }
                match mode {
                    Mode::Normal => out.body.push(e),
                    Mode::Hidden => {}
                    Mode::Related => out.saveable.push((e, false)),
                }
            } else {
                let not_attached = e.disposition.as_deref() != Some("attachment");
                let inline = not_attached
                    && (e.content_type.starts_with("image/")
                        || (mode == Mode::Related && e.content_id.is_some()));
                out.saveable.push((e, inline));
            }
        }
        Kind::Message(inner) => match inner {
            // A message that is nothing but an attached message: show that message.
            Some(nested) if top => visit(&nested.root, mode, true, out),
            _ => out.saveable.push((e, false)),
        },
        Kind::Multipart(children) => match subtype(e) {
            "alternative" => {
                let chosen = children
                    .iter()
                    .position(|c| best_text(c) == Some("plain"))
                    .or_else(|| children.iter().rposition(|c| best_text(c).is_some()));
                for (i, c) in children.iter().enumerate() {
                    let m = if chosen.is_none_or(|ch| ch == i) {
                        mode
                    } else {
                        Mode::Hidden
                    };
                    visit(c, m, false, out);
                }
            }
            "related" => {
                let root = related_root(e, children);
                for c in children {
                    let is_root = root.is_some_and(|r| std::ptr::eq(r, c));
                    // Images of the HTML are listed as inline parts even when the plain
                    // alternative is shown.
                    let m = if is_root { mode } else { Mode::Related };
                    visit(c, m, false, out);
                }
            }
            _ => {
                for c in children {
                    visit(c, mode, false, out);
                }
            }
        },
    }
}

/// Decoded text of a text leaf, with a warning for an unknown charset.
fn part_text(e: &Entity<'_>, view: &mut MessageView) -> String {
    let bytes = transfer_decode(&e.body, e.encoding);
    let mut charset = e.charset.clone();
    if charset.is_none() && e.content_type == "text/html" {
        charset = html_meta_charset(&bytes);
    }
    let decoded = decode_charset(&bytes, charset.as_deref());
    if let Some(name) = decoded.unknown_charset {
        view.warn(format!(
            "unknown charset {}",
            truncate_chars(&display_safe(&name), 40)
        ));
    }
    decoded.text
}

fn plain_like(ct: &str) -> bool {
    ct == "text/plain" || is_report_text(ct)
}

fn render_part(e: &Entity<'_>, view: &mut MessageView) -> (Vec<Block>, BodyFormat) {
    let text = part_text(e, view);
    if plain_like(&e.content_type) {
        (plain_to_blocks(&text, e.flowed, e.delsp), BodyFormat::Plain)
    } else {
        let converted = html_to_blocks(&text);
        if converted.remote_content {
            view.remote_content_blocked = true;
        }
        (converted.blocks, BodyFormat::Html)
    }
}

/// A file name for a part that has none: "image.jpg" for an image (numbered when there
/// are several nameless images), else "part-3.pdf" after its section.
fn generated_name(e: &Entity<'_>, image_number: Option<usize>) -> String {
    let ext = extension_for(&e.content_type);
    let name = if e.content_type.starts_with("image/") {
        match image_number {
            Some(n) => format!("image-{n}{ext}"),
            None => format!("image{ext}"),
        }
    } else {
        format!("part-{}{ext}", e.section)
    };
    sanitize_filename(Some(&name), &e.content_type)
}

fn nameless(e: &Entity<'_>) -> bool {
    e.filename.as_deref().is_none_or(|n| n.trim().is_empty())
}

fn attachment(e: &Entity<'_>, inline: bool, image_number: Option<usize>) -> Attachment {
    let mut safe = if nameless(e) {
        generated_name(e, image_number)
    } else {
        sanitize_filename(e.filename.as_deref(), &e.content_type)
    };
    if is_message_type(&e.content_type) {
        if e.filename.is_none()
            && let Kind::Message(Some(nested)) = &e.kind
            && !nested.headers.subject.is_empty()
        {
            let subject = truncate_chars(&nested.headers.subject, 100);
            let from_subject = sanitize_filename(Some(&subject), &e.content_type);
            // A subject of only dots or slashes gives the fallback name: keep "part-N".
            if !from_subject.starts_with("attachment.") {
                safe = from_subject;
            }
        }
        if !safe.to_ascii_lowercase().ends_with(".eml") {
            safe = sanitize_filename(Some(&format!("{safe}.eml")), &e.content_type);
        }
    }
    let disposition = match e.disposition.as_deref() {
        Some("inline") => Disposition::Inline,
        Some("attachment") => Disposition::Attachment,
        _ if inline => Disposition::Inline,
        _ => Disposition::Attachment,
    };
    Attachment {
        part: e.section.clone(),
        filename: e.filename.clone(),
        safe_filename: safe,
        content_type: e.content_type.clone(),
        size: decoded_size(&e.body, e.encoding),
        disposition,
        content_id: e.content_id.clone(),
        content_location: e.content_location.clone(),
        inline,
    }
}

fn is_message_type(ct: &str) -> bool {
    matches!(ct, "message/rfc822" | "message/global")
}

fn collect_parts(e: &Entity<'_>, out: &mut Vec<PartInfo>) {
    let size = match e.kind {
        Kind::Multipart(_) => 0,
        _ => decoded_size(&e.body, e.encoding),
    };
    out.push(PartInfo {
        section: e.section.clone(),
        content_type: e.content_type.clone(),
        depth: u8::try_from(e.depth).unwrap_or(u8::MAX),
        size,
        filename: e.filename.clone(),
    });
    match &e.kind {
        Kind::Multipart(children) => {
            for c in children {
                collect_parts(c, out);
            }
        }
        Kind::Message(Some(nested)) => collect_parts(&nested.root, out),
        _ => {}
    }
}

/// Encryption and opaque signatures Tern cannot open yet: say so instead of "no body".
fn note_protection(e: &Entity<'_>, view: &mut MessageView) {
    let ct = e.content_type.as_str();
    if matches!(ct, "application/pkcs7-mime" | "application/x-pkcs7-mime") {
        view.warn("S/MIME encrypted or signed content: Tern cannot show it yet");
    } else if ct == "multipart/encrypted" {
        view.warn("OpenPGP encrypted message: Tern cannot decrypt it yet");
    }
    match &e.kind {
        Kind::Multipart(children) => children.iter().for_each(|c| note_protection(c, view)),
        Kind::Message(Some(nested)) if e.depth == 0 => note_protection(&nested.root, view),
        _ => {}
    }
}

/// Fills body, attachments, inline parts and the part tree of `view` from `root`.
pub(crate) fn fill(view: &mut MessageView, root: &Entity<'_>) {
    fill_level(view, root, 0);
}

/// `fill` for a message inside `level` cards of attached messages.
pub(crate) fn fill_level(view: &mut MessageView, root: &Entity<'_>, level: usize) {
    let mut out = Collected::default();
    visit(root, Mode::Normal, true, &mut out);
    collect_parts(root, &mut view.parts);

    for part in out.body.iter().copied() {
        let (blocks, format) = render_part(part, view);
        if blocks.is_empty() {
            continue;
        }
        if view.body_format == BodyFormat::None {
            view.body_format = format;
        } else {
            // Parts are rendered independently, separated by a rule (T-15).
            view.blocks.push(Block::new(BlockKind::Rule, 0, Vec::new()));
        }
        view.blocks.extend(blocks);
    }
    if let Some(html) = out.html {
        let text = part_text(html, view);
        if view.body_format != BodyFormat::Html {
            // Still note remote content of the HTML alternative (for the indicator).
            if html_to_blocks(&text).remote_content {
                view.remote_content_blocked = true;
            }
        }
        view.html = Some(text);
    }
    let nameless_images = out
        .saveable
        .iter()
        .filter(|(e, _)| nameless(e) && e.content_type.starts_with("image/"))
        .count();
    let mut image_number = 0;
    view.attachments = out
        .saveable
        .iter()
        .map(|&(e, inline)| {
            let number = if nameless_images > 1 && nameless(e) && e.content_type.starts_with("image/") {
                image_number += 1;
                Some(image_number)
            } else {
                None
            };
            attachment(e, inline, number)
        })
        .collect();
    if view.blocks.is_empty() {
        note_protection(root, view);
    }
    view.attached = super::attached::cards(view, root, level);
}
