//! text/plain bodies to blocks: quote levels from `>` prefixes, RFC 3676 format=flowed
//! (with DelSp), bare URLs and e-mail addresses turned into link spans (shown, never
//! fetched; an address becomes a `mailto:` link), and text aligned with spaces (tables,
//! ASCII art) kept as preformatted so the reader shows it in a monospace font.

use super::view::{Block, BlockKind, Span};

/// Longest URL turned into a link; longer ones stay plain text.
const MAX_URL_LEN: usize = 2048;
/// Deepest quote level kept (deeper quotes are shown at this level).
const MAX_QUOTE_DEPTH: u8 = 32;

/// Removes control characters from body text, keeping line breaks and tabs.
pub(crate) fn clean_body_text(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// Counts and strips quote markers. Flowed text uses bare `>` runs (RFC 3676 4.5);
/// ordinary text also sees `> > ` as two levels.
fn split_quote(line: &str, flowed: bool) -> (u8, &str) {
    let mut depth = 0u32;
    let mut rest = line;
    loop {
        if let Some(r) = rest.strip_prefix('>') {
            depth += 1;
            rest = r;
        } else if !flowed && depth > 0 && rest.starts_with(" >") {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    if depth > 0 {
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    } else if flowed {
        // Space-stuffing (RFC 3676 4.4).
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    }
    let depth = u8::try_from(depth.min(u32::from(MAX_QUOTE_DEPTH))).unwrap_or(MAX_QUOTE_DEPTH);
    (depth, rest)
}

/// Logical lines: (quote depth, text). Flowed lines are joined here.
fn logical_lines(text: &str, flowed: bool, delsp: bool) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();
    // Whether the previous physical line was flowed (ends with a space).
    let mut open = false;
    for physical in text.split('\n') {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        let (depth, content) = split_quote(physical, flowed);
        let is_sig = content == "-- ";
        let is_flowed = flowed && !is_sig && content.ends_with(' ');
        let piece = if is_flowed && delsp {
            &content[..content.len() - 1]
        } else {
            content
        };
        match out.last_mut() {
            Some((d, line)) if open && *d == depth => line.push_str(piece),
            _ => out.push((depth, piece.to_string())),
        }
        open = is_flowed;
    }
    // A trailing empty line from the final line break is not content.
    if out.last().is_some_and(|(_, l)| l.is_empty()) {
        out.pop();
    }
    out
}

/// Converts a text/plain body into blocks: one paragraph per run of non-empty lines at
/// the same quote depth, hard line breaks kept inside the paragraph.
pub(crate) fn plain_to_blocks(text: &str, flowed: bool, delsp: bool) -> Vec<Block> {
    let text = clean_body_text(text);
    let mut blocks = Vec::new();
    let mut current: Option<(u8, Vec<String>)> = None;
    for (depth, line) in logical_lines(&text, flowed, delsp) {
        let blank = line.trim().is_empty();
        match &mut current {
            Some((d, lines)) if *d == depth && !blank => lines.push(line),
            _ => {
                if let Some((d, lines)) = current.take() {
                    blocks.push(make_block(d, &lines));
                }
                if !blank {
                    current = Some((depth, vec![line]));
                }
            }
        }
    }
    if let Some((d, lines)) = current {
        blocks.push(make_block(d, &lines));
    }
    super::quoted::mark_quoted_history(&mut blocks);
    blocks
}

fn make_block(depth: u8, lines: &[String]) -> Block {
    let joined = lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n");
    let kind = if looks_aligned(lines) {
        BlockKind::Preformatted
    } else {
        BlockKind::Paragraph
    };
    Block::new(kind, depth, linkify(&joined))
}

/// Text laid out with spaces: at least two lines, and at least half of them, have a gap
/// of two or more spaces (or a tab) between words, or are table borders (`|`, `+--`).
fn looks_aligned(lines: &[String]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let aligned = lines
        .iter()
        .filter(|line| {
            let t = line.trim();
            t.starts_with('|') || t.starts_with("+-") || t.contains("  ") || t.contains('\t')
        })
        .count();
    aligned >= 2 && aligned * 2 >= lines.len()
}

const URL_PREFIXES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Finds URL starts left to right; remembers the next hit of each prefix so the whole
/// scan stays linear however many links there are.
struct UrlFinder {
    next: [Option<usize>; 3],
    searched_from: [usize; 3],
}

impl UrlFinder {
    fn new() -> Self {
        UrlFinder {
            next: [None; 3],
            searched_from: [0; 3],
        }
    }

    fn find(&mut self, s: &str, from: usize) -> Option<usize> {
        for (i, prefix) in URL_PREFIXES.iter().enumerate() {
            let stale = self.next[i].is_none_or(|at| at < from);
            if stale && self.searched_from[i] <= s.len() {
                let mut search = from.max(self.searched_from[i]);
                self.next[i] = None;
                while let Some(hit) = s[search..].find(prefix) {
                    let at = search + hit;
                    let word_start = s[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    if word_start {
                        self.next[i] = Some(at);
                        break;
                    }
                    search = at + prefix.len();
                }
                self.searched_from[i] = match self.next[i] {
                    Some(at) => at,
                    None => s.len() + 1,
                };
            }
        }
        self.next.iter().flatten().copied().filter(|&at| at >= from).min()
    }
}

/// Splits text into plain spans and link spans for bare URLs.
pub(crate) fn linkify(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut pos = 0;
    let mut finder = UrlFinder::new();
    while let Some(start) = finder.find(text, pos) {
        let rest = &text[start..];
        let mut end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(rest.len());
        while end > 0 {
            let last = rest[..end].chars().next_back().unwrap_or(' ');
            let unbalanced_paren = last == ')' && !rest[..end].contains('(');
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}') || unbalanced_paren {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let url = &rest[..end];
        // Trimming may eat into the scheme ("mailto:'" -> "mailto"): only a whole scheme
        // with something after it is a link (found by fuzzing).
        let scheme_only = !URL_PREFIXES
            .iter()
            .any(|p| url.starts_with(p) && url.len() > p.len() && !url.ends_with("//"));
        if scheme_only || url.len() > MAX_URL_LEN {
            push_text(&mut spans, &text[pos..start + end.max(1)]);
            pos = start + end.max(1);
            continue;
        }
        push_text(&mut spans, &text[pos..start]);
        spans.push(Span::Link {
            text: url.to_string(),
            target: url.to_string(),
        });
        pos = start + end;
    }
    push_text(&mut spans, &text[pos..]);
    spans
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// Plain text with bare e-mail addresses (`name@example.org`) as `mailto:` links.
/// Each character is looked at a bounded number of times: the scans stop at `@`.
fn push_text(spans: &mut Vec<Span>, s: &str) {
    let mut pos = 0;
    let mut search = 0;
    while let Some(at) = s[search..].find('@').map(|i| search + i) {
        search = at + 1;
        let local_start = s[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local_char(*c))
            .last()
            .map_or(at, |(i, _)| i)
            .max(pos);
        let local = s[local_start..at].trim_start_matches('.');
        let local_start = at - local.len();
        let domain_len = s[at + 1..]
            .char_indices()
            .take_while(|(_, c)| is_domain_char(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let domain = s[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.chars().all(char::is_alphabetic)
        });
        if local.is_empty() || !tld_ok || local.len() + domain.len() > MAX_URL_LEN {
            continue;
        }
        let end = at + 1 + domain.len();
        push_plain(spans, &s[pos..local_start]);
        let address = &s[local_start..end];
        spans.push(Span::Link {
            text: address.to_string(),
            target: format!("mailto:{address}"),
        });
        pos = end;
        search = end;
    }
    push_plain(spans, &s[pos..]);
}

fn push_plain(spans: &mut Vec<Span>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Span::Plain { text }) = spans.last_mut() {
        text.push_str(s);
    } else {
        spans.push(Span::Plain { text: s.to_string() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::view::render_blocks;

    /// Fuzzing found: "mailto:'" lost its quote and then its colon to the trimming of
    /// trailing punctuation and became a link to "mailto", which is no URL at all.
    #[test]
    fn a_scheme_cut_by_trimming_is_no_link() {
        for text in [
            "see mailto:' x",
            "mailto:.",
            "http://.",
            "https://)",
            "(mailto:)",
            "mailto:",
        ] {
            let spans = linkify(text);
            assert!(
                !spans.iter().any(|s| matches!(s, Span::Link { .. })),
                "{text:?} -> {spans:?}"
            );
            let joined: String = spans.iter().map(Span::text).collect();
            assert_eq!(joined, text, "text is kept");
        }
        let spans = linkify("mail mailto:a@b.org.");
        assert!(spans.contains(&Span::Link {
            text: "mailto:a@b.org".into(),
            target: "mailto:a@b.org".into()
        }));
    }

    #[test]
    fn flowed_lines_join() {
        let text = "This is a long \r\nline that flows.\r\nHard break.\r\n\r\n> quoted \r\n> more\r\n";
        let blocks = plain_to_blocks(text, true, false);
        assert_eq!(
            render_blocks(&blocks),
            "This is a long line that flows.\nHard break.\n\n> quoted more"
        );
        assert_eq!(blocks[1].quote_depth, 1);
    }

    #[test]
    fn delsp_removes_the_joining_space() {
        let text = "Ger\r\nman com \r\npound\r\n";
        let blocks = plain_to_blocks(text, true, true);
        assert_eq!(render_blocks(&blocks), "Ger\nman compound");
    }

    #[test]
    fn flowed_space_stuffing_and_signature() {
        let text = " From the start \r\nof a line\r\n-- \r\nSig\r\n";
        let blocks = plain_to_blocks(text, true, false);
        assert_eq!(render_blocks(&blocks), "From the start of a line\n--\nSig");
    }

    #[test]
    fn flowed_quote_depth_change_breaks_the_join() {
        let text = ">> deep \r\n> shallow\r\n";
        let blocks = plain_to_blocks(text, true, false);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].quote_depth, 2);
        assert_eq!(blocks[1].quote_depth, 1);
    }

    #[test]
    fn plain_quotes_and_paragraphs() {
        let text = "Hi,\n\n> > nested\n> one\nreply\n";
        let blocks = plain_to_blocks(text, false, false);
        assert_eq!(blocks.len(), 4);
        assert_eq!(blocks[1].quote_depth, 2);
        assert_eq!(blocks[2].quote_depth, 1);
        assert_eq!(blocks[3].quote_depth, 0);
    }

    #[test]
    fn links_are_detected() {
        let spans = linkify("see https://example.org/a?b=1. and (http://x.example/) mailto:a@b.c");
        let links: Vec<&str> = spans
            .iter()
            .filter_map(|s| match s {
                Span::Link { target, .. } => Some(target.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            vec!["https://example.org/a?b=1", "http://x.example/", "mailto:a@b.c"]
        );
        assert_eq!(
            spans.iter().map(Span::text).collect::<String>(),
            "see https://example.org/a?b=1. and (http://x.example/) mailto:a@b.c"
        );
        assert!(matches!(&linkify("xhttp://no")[..], [Span::Plain { .. }]));
        assert!(matches!(&linkify("http://")[..], [Span::Plain { .. }]));
    }

    #[test]
    fn bare_addresses_become_mailto_links() {
        let spans =
            linkify("Write to ann.lee+news@mail.example.org. Or bob@x.example, not a@b or @c.de or x@y.z1");
        let links: Vec<(&str, &str)> = spans
            .iter()
            .filter_map(|s| match s {
                Span::Link { text, target } => Some((text.as_str(), target.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [
                (
                    "ann.lee+news@mail.example.org",
                    "mailto:ann.lee+news@mail.example.org"
                ),
                ("bob@x.example", "mailto:bob@x.example")
            ]
        );
        let text: String = spans.iter().map(Span::text).collect();
        assert!(text.starts_with("Write to ann.lee+news@mail.example.org. Or"));
        // An address inside a URL stays part of the URL.
        let spans = linkify("https://x.example/u/ann@y.example/");
        assert_eq!(spans.len(), 1);
        // Many @ signs cost linear time and make no links.
        let spans = linkify(&"a@".repeat(100_000));
        assert!(!spans.iter().any(|s| matches!(s, Span::Link { .. })));
    }

    #[test]
    fn text_aligned_with_spaces_is_preformatted() {
        let table = "Item      Qty   Price\nTea         2    4.00\nCake        1    3.50\n\nThanks!  Bye.\n";
        let blocks = plain_to_blocks(table, false, false);
        assert_eq!(blocks[0].kind, BlockKind::Preformatted);
        assert_eq!(blocks[1].kind, BlockKind::Paragraph);
        let prose = "One line.  Two spaces after a period\nis old style, and one line\nis no table.\n";
        assert_eq!(plain_to_blocks(prose, false, false)[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn control_characters_are_removed() {
        let blocks = plain_to_blocks("a\0b\u{7}c\td", false, false);
        assert_eq!(render_blocks(&blocks), "abc\td");
    }
}
