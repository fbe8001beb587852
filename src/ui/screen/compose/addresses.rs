//! The text of the address fields and the body: splitting typed address lists, the
//! address being typed (for completion), and the signature of a new message.

use iced::widget::text_editor;

use super::Composer;
use crate::config::AccountConfig;

/// Splits an address field at commas and semicolons, keeping quoted names whole
/// enough for the builder (which parses each entry).
pub fn split_addresses(field: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in field.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' | ';' if !quoted => {
                // "Doe, Jo <j@x>": a comma before the address belongs to the name.
                if current.contains('@') {
                    out.push(std::mem::take(&mut current));
                } else {
                    current.push(c);
                }
            }
            _ => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| {
            s.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// The address being typed: what follows the last separator.
pub(super) fn typed_part(field: &str) -> &str {
    field
        .rfind([',', ';'])
        .map(|i| &field[i + 1..])
        .unwrap_or(field)
        .trim_start()
}

/// The body of a new message with the signature: room to type, the signature, then
/// what the message answers or forwards (so the signature sits under the new text,
/// not under the quote).
pub(super) fn with_signature(body: &str, signature: &str) -> String {
    if signature.trim().is_empty() || body.contains(signature.trim()) {
        return body.to_string();
    }
    let sig = format!("\n\n-- \n{}", signature.trim_end());
    let quoted = body.trim_start_matches(['\n', '\r']);
    if quoted.is_empty() {
        sig
    } else {
        format!("{sig}\n\n{quoted}")
    }
}

impl Composer {
    /// Another sending account: its signature replaces the previous one's, if that is
    /// still in the text as it was added.
    pub(super) fn swap_signature(&mut self, to: &str, accounts: &[AccountConfig]) {
        let signature = |name: &str| {
            accounts
                .iter()
                .find(|a| a.name == name)
                .map(|a| a.signature.trim_end().to_string())
                .unwrap_or_default()
        };
        let (old, new) = (signature(&self.from), signature(to));
        let text = self.body.text();
        let block = |s: &str| format!("-- \n{s}");
        let swapped = match (old.is_empty(), new.is_empty()) {
            (false, false) if text.contains(&block(&old)) => text.replacen(&block(&old), &block(&new), 1),
            (false, true) if text.contains(&block(&old)) => {
                text.replacen(&format!("\n\n{}", block(&old)), "", 1)
            }
            (true, false) => with_signature(&text, &new),
            _ => return,
        };
        self.body = text_editor::Content::with_text(&swapped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_at_separators_but_not_inside_names() {
        assert_eq!(
            split_addresses("Ann <a@x.org>, Doe, Jo <j@x.org>; b@x.org, "),
            vec!["Ann <a@x.org>", "Doe, Jo <j@x.org>", "b@x.org"]
        );
        assert_eq!(split_addresses("\"A, B\" <ab@x>"), vec!["\"A, B\" <ab@x>"]);
        assert!(split_addresses(" , ").is_empty());
    }

    #[test]
    fn the_typed_part_is_after_the_last_separator() {
        assert_eq!(typed_part("a@x.org, bo"), "bo");
        assert_eq!(typed_part("an"), "an");
    }

    #[test]
    fn a_signature_is_added_once() {
        assert_eq!(with_signature("", "Ann"), "\n\n-- \nAnn");
        assert_eq!(with_signature("x\n\n-- \nAnn", "Ann"), "x\n\n-- \nAnn");
        assert_eq!(
            with_signature("\n\nOn Monday, Bo wrote:\n> hi", "Ann"),
            "\n\n-- \nAnn\n\nOn Monday, Bo wrote:\n> hi",
            "above the quote"
        );
        assert_eq!(with_signature("x", " "), "x");
    }
}
