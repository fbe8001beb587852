//! The message model (`tern::mime`): real-world corpus against golden summaries, IMAP
//! section numbering, generated adversarial input (T-11, T-12), remote content and EFAIL
//! (T-14, T-15), header spoofing and hostile file names (T-13, T-17), and a replay of the
//! fuzz corpus.

mod adversarial;
mod attached;
mod corpus;
mod headers;
mod html_blocks;
mod images;
mod inline_parts;
mod remote;
mod sections;

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use tern::mime::{MessageView, Span};

/// The repository root (where Cargo.toml is).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Parses and times one message; a parse error (caught panic) fails the test.
pub(crate) fn timed_parse(raw: &[u8]) -> (MessageView, Duration) {
    let start = Instant::now();
    let view = tern::mime::parse_message(raw).expect("parse_message returned an error");
    // Rendering is part of showing a message.
    let _ = view.text();
    (view, start.elapsed())
}

/// A liveness budget, not a speed goal: 10 s per started MiB of input in debug builds,
/// over 10x the slowest normal parse (the slowest corpus message takes well under a
/// second), yet far below what a quadratic or hanging parse of these inputs would take.
/// Parse speed figures are printed by the corpus test.
pub(crate) fn budget_for(len: usize) -> Duration {
    let mib = len.div_ceil(1 << 20).max(1);
    Duration::from_secs(10 * u64::try_from(mib).unwrap_or(u64::MAX / 10))
}

/// What every view must satisfy, whatever the input.
pub(crate) fn check_invariants(view: &MessageView, what: &str) {
    assert!(
        view.parts.len() <= tern::mime::MAX_PARTS,
        "{what}: {} parts",
        view.parts.len()
    );
    for p in &view.parts {
        assert!(
            usize::from(p.depth) <= tern::mime::MAX_DEPTH,
            "{what}: depth {}",
            p.depth
        );
    }
    for a in &view.attachments {
        assert_safe_filename(&a.safe_filename, what);
        assert!(!a.part.is_empty(), "{what}: attachment without a section");
    }
    for s in [&view.subject]
        .into_iter()
        .chain(view.from.iter().map(|a| &a.email))
    {
        assert_display_safe(s, what);
    }
    for a in view.from.iter().chain(&view.to).chain(&view.cc) {
        assert_display_safe(&a.display(), what);
    }
    for block in &view.blocks {
        for span in &block.spans {
            if let Span::Link { target, .. } = span {
                let t = target.to_ascii_lowercase();
                assert!(
                    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("mailto:"),
                    "{what}: link target {target:?}"
                );
            }
        }
    }
    if view.text().trim().is_empty() {
        assert!(!view.warnings.is_empty(), "{what}: no body text and no warning");
    }
}

pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{2800}' | '\u{3164}' | '\u{115F}'
            | '\u{1160}' | '\u{FFA0}')
}

pub(crate) fn assert_display_safe(s: &str, what: &str) {
    assert!(
        !s.chars().any(is_invisible),
        "{what}: invisible character in {s:?}"
    );
    assert_eq!(s.trim(), s, "{what}: untrimmed {s:?}");
    assert!(!s.contains("  "), "{what}: double space in {s:?}");
}

pub(crate) fn assert_safe_filename(name: &str, what: &str) {
    let comps: Vec<Component<'_>> = Path::new(name).components().collect();
    assert_eq!(comps.len(), 1, "{what}: {name:?} is not one component");
    assert!(matches!(comps[0], Component::Normal(_)), "{what}: {name:?}");
    assert!(name.len() <= 255, "{what}: {name:?} too long");
    assert!(!name.starts_with('.'), "{what}: hidden file {name:?}");
    assert!(!name.ends_with(['.', ' ']), "{what}: {name:?}");
    assert!(
        !name
            .chars()
            .any(|c| is_invisible(c) || "/\\:*?\"<>|\u{FF0F}\u{FF3C}\u{2215}\u{2044}".contains(c)),
        "{what}: forbidden character in {name:?}"
    );
}
