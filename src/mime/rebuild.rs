//! Lazy bodies, the MIME side: which sections of a message to fetch for display (the
//! headers, each part's MIME header, the content of the text parts (also of attached
//! messages, a few levels deep, for their cards) and of the top message's small inline
//! images),
//! and the MIME document rebuilt from them with the original structure and the
//! attachment contents left out. Parsed, it gives the same view as the full message;
//! attachments are fetched when asked for. The fetching itself is `engine::body`.

use std::collections::HashMap;

use crate::core::{BodyPart, Section};
use crate::images::{EAGER_MAX_PART, EAGER_MAX_TOTAL};

/// Report parts that the reader shows as text (bounce and read-receipt details).
const REPORT_TYPES: &[&str] = &[
    "message/delivery-status",
    "message/global-delivery-status",
    "message/disposition-notification",
    "message/global-disposition-notification",
    "message/feedback-report",
];

/// Parts whose content is needed to show the message: text parts and delivery reports
/// that are not attachments.
fn displayable(p: &BodyPart) -> bool {
    (p.mime_type.starts_with("text/") || REPORT_TYPES.contains(&p.mime_type.as_str()))
        && !p
            .disposition
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("attachment"))
}

/// An image shown in the body, small enough to come with the body; `left` is what the
/// budget for all such images still allows (bigger ones load on demand).
fn eager_image(p: &BodyPart, left: &mut u64) -> bool {
    let size = p.decoded_size();
    let inline = p.mime_type.starts_with("image/")
        && !p
            .disposition
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("attachment"));
    if inline && size <= EAGER_MAX_PART && size <= *left {
        *left -= size;
        true
    } else {
        false
    }
}

/// A message that is a single part is fetched whole when it is text, a forwarded
/// message (shown inline), or small; a lone big file waits to be saved.
fn fetch_single_part(p: &BodyPart) -> bool {
    displayable(p) || p.mime_type == "message/rfc822" || p.size <= 256 * 1024
}

/// The sections to fetch for display, in document order.
pub fn plan(tree: &BodyPart) -> Vec<Section> {
    let mut out = vec![Section::Header];
    let mut eager_left = EAGER_MAX_TOTAL;
    if tree.is_multipart() {
        for c in &tree.children {
            plan_entity(c, 0, &mut eager_left, &mut out);
        }
    } else if fetch_single_part(tree) {
        out.push(Section::Part(tree.section.clone()));
    }
    out
}

/// Levels of attached messages whose text comes with the body (the reader shows them as
/// cards, `mime::attached`); deeper ones are only listed.
const ATTACHED_TEXT_DEPTH: usize = 3;

/// Where a part is: `nesting` counts the attached messages around it (0 = the message
/// itself, whose small inline images also come with the body).
fn plan_entity(p: &BodyPart, nesting: usize, eager_left: &mut u64, out: &mut Vec<Section>) {
    out.push(Section::Mime(p.section.clone()));
    plan_content(p, nesting, eager_left, out);
}

fn plan_content(p: &BodyPart, nesting: usize, eager_left: &mut u64, out: &mut Vec<Section>) {
    if p.is_multipart() {
        for c in &p.children {
            plan_entity(c, nesting, eager_left, out);
        }
    } else if p.mime_type == "message/rfc822" {
        out.push(Section::HeaderOf(p.section.clone()));
        match p.children.first() {
            Some(inner) if inner.is_multipart() => plan_content(inner, nesting + 1, eager_left, out),
            Some(inner) if nesting < ATTACHED_TEXT_DEPTH && displayable(inner) => {
                out.push(Section::Part(inner.section.clone()));
            }
            _ => {}
        }
    } else if (nesting <= ATTACHED_TEXT_DEPTH && displayable(p))
        || (nesting == 0 && eager_image(p, eager_left))
    {
        out.push(Section::Part(p.section.clone()));
    }
}

/// Rebuilds the document from the fetched sections.
pub fn build(tree: &BodyPart, fetched: &HashMap<Section, Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(header_or(fetched.get(&Section::Header)));
    if tree.is_multipart() {
        build_multipart(tree, fetched, &mut out);
    } else if let Some(content) = fetched.get(&Section::Part(tree.section.clone())) {
        out.extend_from_slice(content);
    }
    out
}

/// A header block; if the server sent none, a minimal one so the structure still parses.
fn header_or(h: Option<&Vec<u8>>) -> &[u8] {
    match h {
        Some(h) if !h.is_empty() => h,
        _ => b"Content-Type: application/octet-stream\r\n\r\n",
    }
}

fn build_multipart(p: &BodyPart, fetched: &HashMap<Section, Vec<u8>>, out: &mut Vec<u8>) {
    let boundary = p
        .boundary
        .clone()
        .unwrap_or_else(|| format!("tern-rebuilt-{}", p.section));
    for c in &p.children {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(header_or(fetched.get(&Section::Mime(c.section.clone()))));
        build_content(c, fetched, out);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
}

fn build_content(p: &BodyPart, fetched: &HashMap<Section, Vec<u8>>, out: &mut Vec<u8>) {
    if p.is_multipart() {
        build_multipart(p, fetched, out);
    } else if p.mime_type == "message/rfc822" {
        if let Some(h) = fetched.get(&Section::HeaderOf(p.section.clone())) {
            out.extend_from_slice(h);
        }
        match p.children.first() {
            Some(inner) if inner.is_multipart() => build_multipart(inner, fetched, out),
            Some(inner) => {
                if let Some(content) = fetched.get(&Section::Part(inner.section.clone())) {
                    out.extend_from_slice(content);
                }
            }
            None => {}
        }
    } else if let Some(content) = fetched.get(&Section::Part(p.section.clone())) {
        out.extend_from_slice(content);
    }
}
