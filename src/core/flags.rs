//! The system flags Tern tracks, as a small bit set stored in one integer column.

use serde::{Deserialize, Serialize};

/// IMAP system flags (RFC 9051 §2.3.2). Keywords are kept separately as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Flags(pub u32);

impl Flags {
    pub const SEEN: Flags = Flags(1);
    pub const ANSWERED: Flags = Flags(1 << 1);
    pub const FLAGGED: Flags = Flags(1 << 2);
    pub const DELETED: Flags = Flags(1 << 3);
    pub const DRAFT: Flags = Flags(1 << 4);
    /// Every flag above: stored values are below `ALL.0 + 1` (the unified views list
    /// the values with a flag set or clear, to seek an index instead of scanning).
    pub const ALL: Flags = Flags((1 << 5) - 1);

    const NAMES: [(Flags, &'static str); 5] = [
        (Flags::SEEN, "\\Seen"),
        (Flags::ANSWERED, "\\Answered"),
        (Flags::FLAGGED, "\\Flagged"),
        (Flags::DELETED, "\\Deleted"),
        (Flags::DRAFT, "\\Draft"),
    ];

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn with(self, other: Flags, on: bool) -> Flags {
        if on {
            Flags(self.0 | other.0)
        } else {
            Flags(self.0 & !other.0)
        }
    }

    /// The flag for an IMAP system flag name (case-insensitive), or `None` for keywords.
    pub fn from_imap_name(name: &str) -> Option<Flags> {
        Self::NAMES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(f, _)| *f)
    }

    /// IMAP names of the set flags, e.g. `["\\Seen", "\\Flagged"]`.
    pub fn imap_names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(f, _)| self.contains(*f))
            .map(|(_, n)| *n)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_covers_every_named_flag() {
        let union = Flags::NAMES.iter().fold(0, |acc, (f, _)| acc | f.0);
        assert_eq!(union, Flags::ALL.0);
    }

    #[test]
    fn names_round_trip() {
        let f = Flags::SEEN.with(Flags::FLAGGED, true);
        assert_eq!(f.imap_names(), vec!["\\Seen", "\\Flagged"]);
        assert_eq!(Flags::from_imap_name("\\seen"), Some(Flags::SEEN));
        assert_eq!(Flags::from_imap_name("$Junk"), None);
        assert!(!f.with(Flags::SEEN, false).contains(Flags::SEEN));
    }
}
