//! T-11: MIME ingest fuzzing. Feeds bytes through `tern::mime::parse_message` (mail-parser,
//! part tree with IMAP sections, attachment listing, file name sanitizer, charset and
//! transfer decoding, HTML to text) and checks the model's invariants. Like mail-parser's
//! own fuzzing, every input is also run through an alphabet-restricted copy, which
//! reaches MIME structure (boundaries, headers, encoded words) far more often than
//! random bytes do.
//!
//! Budget (T-11): no panic (also with panic=abort), <= 1 s per input <= 1 MiB,
//! memory <= 20 x input + 16 MiB: run with `-timeout=1 -rss_limit_mb=64 -max_len=1048576`.

#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use tern::mime::{MAX_DEPTH, MAX_PARTS, Span, parse_message};

const ALPHABET: &[u8] = b"\r\n\t -:;=\"'<>/?_.*%abcdefqBQXYZ0123456789";

fn check(data: &[u8]) {
    // Err means a caught panic inside a dependency: allowed (per-message error), but with
    // panic=abort it aborts and libFuzzer reports it, which is what we want to see.
    let Ok(view) = parse_message(data) else { return };
    let text = view.text();
    assert!(view.parts.len() <= MAX_PARTS);
    assert!(view.parts.iter().all(|p| usize::from(p.depth) <= MAX_DEPTH));
    for a in view.attachments.iter().chain(&view.inline_parts) {
        let comps: Vec<_> = Path::new(&a.safe_filename).components().collect();
        assert_eq!(comps.len(), 1);
        assert!(matches!(comps[0], Component::Normal(_)));
        assert!(a.safe_filename.len() <= 255);
        assert!(
            !a.safe_filename
                .chars()
                .any(|c| c.is_control() || "/\\".contains(c))
        );
    }
    for span in view.blocks.iter().flat_map(|b| &b.spans) {
        if let Span::Link { target, .. } = span {
            let t = target.to_ascii_lowercase();
            assert!(t.starts_with("http://") || t.starts_with("https://") || t.starts_with("mailto:"));
        }
    }
    assert!(!view.subject.chars().any(char::is_control));
    if text.trim().is_empty() {
        assert!(!view.warnings.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let restricted: Vec<u8> = data
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()])
        .collect();
    check(&restricted);
});
