//! The decoded content of chosen leaf parts of a message (inline images for the reader).

use super::limits;
use super::transfer::transfer_decode;
use super::tree::{Budget, Entity, Kind, parse_level};

/// Decoded bytes of each leaf part whose section is in `sections` and whose content is
/// in `raw` (a lazily fetched document leaves big parts empty: those are left out).
/// Parts inside attached messages are found too.
pub fn part_contents(raw: &[u8], sections: &[&str]) -> Vec<(String, Vec<u8>)> {
    let budget_bytes = raw
        .len()
        .saturating_mul(limits::PARSE_BYTES_FACTOR)
        .saturating_add(limits::PARSE_BYTES_EXTRA);
    let found = std::panic::catch_unwind(|| {
        let mut budget = Budget::new(budget_bytes);
        let mut out = Vec::new();
        if let Some(message) = parse_level(raw, Some(raw), 0, "", &mut budget) {
            let mut stack: Vec<&Entity<'_>> = vec![&message.root];
            while let Some(e) = stack.pop() {
                match &e.kind {
                    Kind::Multipart(children) => stack.extend(children.iter().rev()),
                    Kind::Message(Some(nested)) => stack.push(&nested.root),
                    Kind::Message(None) => {}
                    Kind::Leaf => {
                        if sections.contains(&e.section.as_str())
                            && !e.body.iter().all(u8::is_ascii_whitespace)
                        {
                            out.push((e.section.clone(), transfer_decode(&e.body, e.encoding)));
                        }
                    }
                }
            }
        }
        out
    });
    found.unwrap_or_default()
}
