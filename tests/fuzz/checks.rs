//! The bodies of Tern's fuzz targets (T-10, T-11), shared by the libFuzzer targets in
//! `fuzz_targets/` and the corpus replay in the integration tests
//! (`tests/integration/fuzz_replay.rs`), both through `#[path]`, so the two cannot drift.
//!
//! Each function feeds one input through the library's real code and panics when an
//! invariant does not hold: under libFuzzer that is a crash to fix, in the replay a
//! failing test. Only `tern` and `std` are used here.

#![allow(dead_code)] // each fuzz target uses one of these

use std::path::{Component, Path};

use tern::mime::{Block, MAX_DEPTH, MAX_PARTS, MessageView, Span};

/// Longest file name the sanitiser may return, in bytes.
const MAX_FILENAME_BYTES: usize = 255;
/// The guard's nesting limit (`src/imap/guard`): no part tree mapped from a
/// BODYSTRUCTURE can be deeper.
const IMAP_MAX_DEPTH: usize = 64;
/// Longest link target the HTML converter keeps.
const MAX_LINK_LEN: usize = 2048;
/// Deepest quote nesting the HTML converter keeps.
const MAX_QUOTE_DEPTH: u8 = 32;

/// Bytes the alphabet-restricted copy of a MIME input is made of (mail-parser's trick:
/// reaches boundaries, headers and encoded words far more often than random bytes).
const MIME_ALPHABET: &[u8] = b"\r\n\t -:;=\"'<>/?_.*%abcdefqBQXYZ0123456789";

// ---------------------------------------------------------------------------------------
// imap_response (T-10)
// ---------------------------------------------------------------------------------------

/// Bytes as an IMAP server's stream: through the guard, async-imap/imap-proto and the
/// response-to-model mapping, once as a raw response stream and once as a session.
pub fn imap_response(data: &[u8]) {
    let report = tern::imap::fuzzing::replay_server_bytes(data);
    assert!(
        report.deepest_parts <= IMAP_MAX_DEPTH,
        "a part tree {} deep got past the guard",
        report.deepest_parts
    );
    assert!(report.responses <= data.len(), "more responses than bytes");
    assert!(
        tern::imap::fuzzing::guard_bulk_path_agrees(data),
        "the guard's bulk path decided otherwise than stepping byte by byte"
    );
}

// ---------------------------------------------------------------------------------------
// mime_ingest (T-11)
// ---------------------------------------------------------------------------------------

/// Raw message bytes to the reader's `MessageView`, and the same for an
/// alphabet-restricted copy.
pub fn mime_ingest(data: &[u8]) {
    check_message(data);
    let restricted: Vec<u8> = data
        .iter()
        .map(|b| MIME_ALPHABET[usize::from(*b) % MIME_ALPHABET.len()])
        .collect();
    check_message(&restricted);
}

fn check_message(raw: &[u8]) {
    // An error means a panic inside parsing was caught: a bug libFuzzer must see (the
    // panic hook aborts first under libFuzzer; the replay fails here).
    let view = tern::mime::parse_message(raw).expect("parse_message caught a panic");
    check_view(&view);
}

fn check_view(view: &MessageView) {
    assert!(view.parts.len() <= MAX_PARTS, "{} parts", view.parts.len());
    assert!(view.parts.iter().all(|p| usize::from(p.depth) <= MAX_DEPTH));
    for a in &view.attachments {
        assert_safe_file_name(&a.safe_filename, "attachment");
        assert!(!a.part.is_empty(), "attachment without a section");
    }
    assert_display_safe(&view.subject);
    for a in view.from.iter().chain(&view.to).chain(&view.cc) {
        assert_display_safe(&a.display());
    }
    check_blocks(&view.blocks);
    if view.text().trim().is_empty() {
        assert!(!view.warnings.is_empty(), "no body text and no warning");
    }
}

/// Characters that must never reach the screen unseen (controls, bidi and zero-width
/// characters, blank lookalikes).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{2800}' | '\u{3164}' | '\u{115F}'
            | '\u{1160}' | '\u{FFA0}')
}

fn assert_display_safe(s: &str) {
    assert!(!s.chars().any(is_invisible), "invisible character in {s:?}");
    assert_eq!(s.trim(), s, "untrimmed {s:?}");
    assert!(!s.contains("  "), "double space in {s:?}");
}

// ---------------------------------------------------------------------------------------
// html_blocks (T-14, T-15 at the converter)
// ---------------------------------------------------------------------------------------

/// Bytes (as lossy UTF-8) through the HTML-to-blocks converter.
pub fn html_blocks(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    let (blocks, _remote) = tern::mime::html_to_blocks(&html);
    check_blocks(&blocks);
    // Every visible character comes from the input (or is a marker, space or line
    // break), so the output cannot grow without bound.
    let out: usize = blocks.iter().map(|b| b.text().len()).sum();
    assert!(
        out <= 4 * html.len() + 64,
        "{out} bytes of text from {} bytes of HTML",
        html.len()
    );
}

fn check_blocks(blocks: &[Block]) {
    for block in blocks {
        assert!(
            block.quote_depth <= MAX_QUOTE_DEPTH,
            "quote depth {}",
            block.quote_depth
        );
        for span in &block.spans {
            if let Span::Link { target, .. } = span {
                let t = target.to_ascii_lowercase();
                assert!(
                    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("mailto:"),
                    "link target {target:?}"
                );
                assert!(
                    target.len() <= MAX_LINK_LEN,
                    "link target of {} bytes",
                    target.len()
                );
                assert!(!target.chars().any(|c| c.is_control() || c.is_whitespace()));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// file_name (T-17)
// ---------------------------------------------------------------------------------------

/// Bytes as an attachment's declared name (everything after a 0xFF byte is the declared
/// content type instead) through the file-name sanitiser, read twice: as lossy UTF-8, and
/// as UTF-16LE, which reaches any character of the Basic Multilingual Plane (bidi
/// controls, lookalike separators, odd blanks) from two random bytes.
pub fn file_name(data: &[u8]) {
    let (name, content_type) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        None => (data, "application/octet-stream".to_string()),
    };
    let utf8 = String::from_utf8_lossy(name);
    let declared = (!data.is_empty()).then_some(utf8.as_ref());
    let out = tern::mime::sanitize_filename(declared, &content_type);
    assert_safe_file_name(&out, &utf8);

    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let utf16 = String::from_utf16_lossy(&units);
    let out = tern::mime::sanitize_filename(Some(&utf16), &content_type);
    assert_safe_file_name(&out, &utf16);
}

/// Windows device names, reserved with any extension, in any case, with trailing dots
/// or spaces (written out here independently of the sanitiser's own list).
fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"].contains(&stem.as_str()) {
        return true;
    }
    let Some(rest) = stem.strip_prefix("COM").or_else(|| stem.strip_prefix("LPT")) else {
        return false;
    };
    let mut chars = rest.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('0'..='9' | '¹' | '²' | '³'), None)
    )
}

/// The file name is exactly one ordinary path component on every platform.
fn assert_safe_file_name(out: &str, input: &str) {
    assert!(!out.is_empty(), "{input:?} -> empty name");
    assert!(
        out.len() <= MAX_FILENAME_BYTES,
        "{input:?} -> {} bytes",
        out.len()
    );
    let comps: Vec<Component<'_>> = Path::new(out).components().collect();
    assert_eq!(comps.len(), 1, "{input:?} -> {out:?} is not one component");
    assert!(
        matches!(comps[0], Component::Normal(_)),
        "{input:?} -> {out:?} is not an ordinary component"
    );
    assert!(out != "." && out != "..", "{input:?} -> {out:?}");
    assert!(!out.starts_with('.'), "{input:?} -> hidden file {out:?}");
    assert!(
        !out.ends_with(['.', ' ']),
        "{input:?} -> {out:?} ends in a dot or space"
    );
    for c in out.chars() {
        assert!(!is_invisible(c), "{input:?} -> invisible {c:?} in {out:?}");
        assert!(
            !"/\\:*?\"<>|\u{FF0F}\u{FF3C}\u{2215}\u{2044}\u{29F8}\u{29F9}\u{2216}\u{FE68}".contains(c),
            "{input:?} -> separator or forbidden {c:?} in {out:?}"
        );
    }
    assert!(!is_windows_reserved(out), "{input:?} -> reserved {out:?}");
}
