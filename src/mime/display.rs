//! Display-safe strings for names, subjects and addresses (T-13, SG-UI-1).
//!
//! Everything a sender controls and that ends up in a single-line label goes through
//! [`display_safe`]: control characters, bidi overrides, zero-width and blank-lookalike
//! characters are removed or turned into plain spaces, and whitespace is collapsed.
//! [`display_sender`] always shows the real addr-spec next to a display name, so a name
//! such as `ceo@bank.com` cannot hide the address the mail really came from.

/// Longest display name kept before it is cut with an ellipsis: a very long name must
/// not push the real address out of sight.
const MAX_NAME_CHARS: usize = 128;

/// What to do with one character of untrusted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// Keep as is.
    Keep,
    /// Replace by a plain space (line breaks, tabs, odd spaces, blank lookalikes).
    Space,
    /// Remove (controls, bidi controls, zero-width and other invisible characters).
    Drop,
}

/// Classifies a character for display. Shared with the file name sanitizer.
pub(crate) fn classify(c: char) -> CharClass {
    match c {
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' => CharClass::Space,
        c if c.is_control() => CharClass::Drop,
        // Bidi controls: embeddings, overrides, isolates, marks.
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            CharClass::Drop
        }
        // Zero-width and other invisible format characters.
        '\u{00AD}'
        | '\u{034F}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}' => CharClass::Drop,
        // Tag characters (invisible) and the private "language tag" block.
        '\u{E0000}'..='\u{E007F}' => CharClass::Drop,
        // Blank lookalikes: Braille blank, Hangul fillers.
        '\u{2800}' | '\u{3164}' | '\u{115F}' | '\u{1160}' | '\u{FFA0}' => CharClass::Space,
        // Unicode spaces and separators.
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => CharClass::Space,
        _ => CharClass::Keep,
    }
}

/// Makes untrusted text safe to show on one line: CR, LF and tabs become spaces, other
/// control characters, bidi controls and zero-width characters are removed, blank
/// lookalikes (U+2800, U+3164, U+115F, U+1160, U+FFA0) become spaces, runs of whitespace
/// collapse to one space and the result is trimmed.
pub fn display_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        match classify(c) {
            CharClass::Drop => {}
            CharClass::Space => pending_space = true,
            CharClass::Keep if c == ' ' => pending_space = true,
            CharClass::Keep => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Cuts `s` to at most `max` characters, ending with an ellipsis when it was cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The sender as a person should see it: `Name <addr>`, always with the real addr-spec
/// unless the name is empty or is exactly the address. Both parts are made display-safe
/// first, so a name like `"ceo@bank.com\0"` (Mailsploit) still shows the real address.
pub fn display_sender(name: Option<&str>, addr: &str) -> String {
    let addr = display_safe(addr);
    let name = truncate_chars(&display_safe(name.unwrap_or("")), MAX_NAME_CHARS);
    if name.is_empty() || name.eq_ignore_ascii_case(&addr) {
        if addr.is_empty() {
            return name;
        }
        return addr;
    }
    if addr.is_empty() {
        // A group name or an address the parser could not read: say so rather than
        // presenting the name as if it were a verified sender.
        return format!("{name} <no address>");
    }
    format!("{name} <{addr}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_safe_table() {
        let cases: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("  many   spaces\t\there ", "many spaces here"),
            ("line\r\nbreak", "line break"),
            ("nul\0byte", "nulbyte"),
            ("bell\u{7}", "bell"),
            ("del\u{7F}c1\u{85}x", "delc1 x"),
            ("abc\u{202E}fdp.exe", "abcfdp.exe"),
            ("\u{200E}ltr\u{200F}rtl\u{061C}", "ltrrtl"),
            ("\u{2066}iso\u{2069}\u{2067}\u{2068}", "iso"),
            ("zero\u{200B}width\u{200C}\u{200D}\u{FEFF}\u{2060}", "zerowidth"),
            ("braille\u{2800}\u{2800}blank", "braille blank"),
            ("\u{3164}\u{115F}\u{1160}\u{FFA0}", ""),
            ("nb\u{00A0}sp\u{3000}ideo", "nb sp ideo"),
            ("soft\u{00AD}hyphen", "softhyphen"),
            ("tag\u{E0041}chars", "tagchars"),
            ("Zoë – ümlaut 日本", "Zoë – ümlaut 日本"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(display_safe(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn display_safe_output_has_no_invisible_characters() {
        let nasty: String = (0u32..0x3000)
            .filter_map(char::from_u32)
            .chain("\u{FEFF}\u{FFA0}\u{E0001}".chars())
            .collect();
        let out = display_safe(&nasty);
        for c in out.chars() {
            assert_eq!(classify(c), CharClass::Keep, "{c:?} survived");
            assert!(!c.is_control());
        }
        assert!(!out.contains("  "));
    }

    #[test]
    fn display_sender_table() {
        let cases: &[(Option<&str>, &str, &str)] = &[
            (Some("Alice"), "alice@example.org", "Alice <alice@example.org>"),
            (None, "bob@example.org", "bob@example.org"),
            (Some(""), "bob@example.org", "bob@example.org"),
            (Some("  "), "bob@example.org", "bob@example.org"),
            (Some("BOB@example.org"), "bob@example.org", "bob@example.org"),
            (
                Some("ceo@bank.com\0"),
                "attacker@evil.example",
                "ceo@bank.com <attacker@evil.example>",
            ),
            (
                Some("ceo@bank.com\r\nReply-To: x"),
                "attacker@evil.example",
                "ceo@bank.com Reply-To: x <attacker@evil.example>",
            ),
            (
                Some("Support\u{202E}moc.knab"),
                "attacker@evil.example",
                "Supportmoc.knab <attacker@evil.example>",
            ),
            (
                Some("\u{2800}\u{2800}"),
                "attacker@evil.example",
                "attacker@evil.example",
            ),
            (Some("Undisclosed"), "", "Undisclosed <no address>"),
            (None, "", ""),
        ];
        for (name, addr, want) in cases {
            assert_eq!(display_sender(*name, addr), *want, "{name:?} {addr:?}");
        }
    }

    #[test]
    fn long_names_are_cut_and_the_address_stays_visible() {
        let name = "x".repeat(10_000);
        let shown = display_sender(Some(&name), "real@example.org");
        assert!(shown.ends_with("<real@example.org>"));
        assert!(shown.chars().count() < 200);
    }
}
