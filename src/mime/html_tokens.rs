//! A small tolerant HTML tokenizer: start tags with attributes, end tags and text.
//! Comments, doctypes and processing instructions are dropped; raw-text elements
//! (script, style, ...) are skipped to their end tag; an unterminated tag ends the input
//! (it is never completed with later text).

use super::entities::decode_entities;

/// One token of the input.
pub(crate) enum Token<'a> {
    Text(&'a str),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
}

/// Elements whose content the tokenizer reads as raw text up to the end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "textarea" | "title"
    )
}

/// Reads one tag's name starting at `i` (just after `<` or `</`).
fn read_name(b: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'/') {
        i += 1;
    }
    (String::from_utf8_lossy(&b[start..i]).to_ascii_lowercase(), i)
}

/// Parses attributes from `i` to the closing `>`. Returns None when the tag never ends
/// (an unterminated tag is dropped, never completed with later text).
/// Attribute names (lower-case) and decoded values of one tag.
type Attrs = Vec<(String, String)>;

fn read_attrs(s: &str, mut i: usize) -> Option<(Attrs, bool, usize)> {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            return Some((attrs, self_closing, i + 1));
        }
        self_closing = false;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                return None;
            }
            if b[i] == b'"' || b[i] == b'\'' {
                let quote = b[i];
                let end = b[i + 1..].iter().position(|&c| c == quote)? + i + 1;
                value = decode_entities(&s[i + 1..end]);
                i = end + 1;
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[start..i]);
            }
        }
        if attrs.len() < 64 {
            attrs.push((name, value));
        }
    }
}

/// Splits HTML into tokens; comments, doctypes and processing instructions are dropped,
/// raw-text elements (script, style, ...) are skipped to their end tag.
pub(crate) fn tokenize<'a>(html: &'a str, mut emit: impl FnMut(Token<'a>)) {
    let b = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = html[i..].find('<').map_or(b.len(), |p| i + p);
            emit(Token::Text(&html[i..end]));
            i = end;
            continue;
        }
        let rest = &lower[i..];
        if rest.starts_with("<!--") {
            i = match lower[i + 4..].find("-->") {
                Some(p) => i + 4 + p + 3,
                None => b.len(),
            };
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            i = html[i..].find('>').map_or(b.len(), |p| i + p + 1);
        } else if rest.starts_with("</") && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            let (name, after) = read_name(b, i + 2);
            i = html[after..].find('>').map_or(b.len(), |p| after + p + 1);
            emit(Token::End { name });
        } else if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let (name, after) = read_name(b, i + 1);
            let Some((attrs, self_closing, next)) = read_attrs(html, after) else {
                // Unterminated tag: drop everything from here (it is not text either).
                return;
            };
            i = next;
            let raw = is_raw_text(&name) && !self_closing;
            let raw_name = name.clone();
            emit(Token::Start {
                name,
                attrs,
                self_closing,
            });
            if raw {
                let close = format!("</{raw_name}");
                let end = lower[i..].find(&close).map_or(b.len(), |p| i + p);
                emit(Token::Text(&html[i..end]));
                i = end;
            }
        } else {
            emit(Token::Text("<"));
            i += 1;
        }
    }
}
