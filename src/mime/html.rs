//! HTML to safe rich text (T-14, T-15, SG-PRIV-1).
//!
//! A small tolerant tokenizer feeds a converter that keeps only text structure: blocks
//! (paragraphs, headings, list items, quotes, preformatted text, rules) of inline spans
//! (plain, emphasis, strong, code, links). Scripts, styles, forms, frames, embedded
//! objects, media and comments are dropped with their content, and no attribute that
//! names a resource survives: the result contains no URL to load, only the targets of
//! real `<a href>` links (http, https, mailto), kept to be shown as text and opened only
//! by an explicit click. Each HTML part is converted on its own, so a tag left open at the
//! end of one part can never swallow the text of the next one (EFAIL, T-15).

use super::entities::decode_entities;
use super::html_elements::{is_block, is_resource_attr, is_void, looks_remote, skips_content};
use super::html_tokens::{Token, tokenize};
use super::plain::clean_body_text;
use super::view::{Block, BlockKind, Span};

/// Deepest quote and list nesting kept (deeper content is shown at this level).
const MAX_NESTING: u8 = 32;
/// Longest link target kept.
const MAX_LINK_LEN: usize = 2048;

/// Result of converting one HTML document.
pub(crate) struct HtmlText {
    pub blocks: Vec<Block>,
    /// The HTML asked for remote content (images, styles, frames, ...): not loaded.
    pub remote_content: bool,
}

/// The inline style text is added with.
#[derive(Default)]
struct Style {
    em: u32,
    strong: u32,
    code: u32,
}

struct Converter {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    kind: BlockKind,
    quote: u8,
    quote_opened: Vec<bool>,
    lists: Vec<(bool, u32)>,
    pre: u32,
    style: Style,
    link: Option<String>,
    link_has_text: bool,
    /// Skipping the content of this element (name, nesting of the same name).
    skip: Option<(String, u32)>,
    last_space: bool,
    remote: bool,
}

fn safe_link_target(href: &str) -> Option<String> {
    let target: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = target.to_ascii_lowercase();
    let ok = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:");
    (ok && target.len() <= MAX_LINK_LEN && target.len() > 7).then_some(target)
}

impl Converter {
    fn new() -> Self {
        Converter {
            blocks: Vec::new(),
            spans: Vec::new(),
            kind: BlockKind::Paragraph,
            quote: 0,
            quote_opened: Vec::new(),
            lists: Vec::new(),
            pre: 0,
            style: Style::default(),
            link: None,
            link_has_text: false,
            skip: None,
            last_space: true,
            remote: false,
        }
    }

    fn current_span(&self, text: String) -> Span {
        if let Some(target) = &self.link {
            Span::Link {
                text,
                target: target.clone(),
            }
        } else if self.style.code > 0 {
            Span::Code { text }
        } else if self.style.strong > 0 {
            Span::Strong { text }
        } else if self.style.em > 0 {
            Span::Emphasis { text }
        } else {
            Span::Plain { text }
        }
    }

    fn push_raw(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        if self.link.is_some() && !text.trim().is_empty() {
            self.link_has_text = true;
        }
        let span = self.current_span(text);
        match self.spans.last_mut() {
            Some(last) if last.same_style(&span) => {
                let add = span.text().to_string();
                last.text_mut().push_str(&add);
            }
            _ => self.spans.push(span),
        }
    }

    fn text(&mut self, raw: &str) {
        let decoded = clean_body_text(&decode_entities(raw));
        if self.pre > 0 {
            let t = decoded.replace('\r', "");
            self.last_space = t.ends_with(char::is_whitespace);
            self.push_raw(t);
            return;
        }
        let mut out = String::with_capacity(decoded.len());
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !self.last_space {
                    out.push(' ');
                    self.last_space = true;
                }
            } else {
                out.push(c);
                self.last_space = false;
            }
        }
        self.push_raw(out);
    }

    fn line_break(&mut self) {
        // Drop the space before the break, then break.
        if let Some(last) = self.spans.last_mut() {
            let t = last.text_mut();
            while t.ends_with(' ') {
                t.pop();
            }
        }
        self.push_raw("\n".to_string());
        self.last_space = true;
    }

    fn flush(&mut self) {
        let mut spans = std::mem::take(&mut self.spans);
        self.last_space = true;
        if self.kind != BlockKind::Preformatted {
            let keep = |s: &Span| !s.text().trim().is_empty() || matches!(s, Span::Link { .. });
            let first = spans.iter().position(keep).unwrap_or(spans.len());
            let last = spans.iter().rposition(keep).map_or(first, |i| i + 1);
            spans.truncate(last.max(first));
            spans.drain(..first);
            if let Some(span) = spans.first_mut() {
                let t = span.text().trim_start().to_string();
                *span.text_mut() = t;
            }
            if let Some(span) = spans.last_mut() {
                let t = span.text().trim_end().to_string();
                *span.text_mut() = t;
            }
        } else if let Some(last) = spans.last_mut() {
            let t = last.text().trim_end_matches('\n').to_string();
            *last.text_mut() = t;
        }
        if spans.iter().all(|s| s.text().trim().is_empty()) {
            return;
        }
        self.blocks.push(Block::new(self.kind.clone(), self.quote, spans));
        // A link that got its text ends with the block: carried on, every later block
        // would copy its target (up to 2 KiB) again, so `<a href=LONG>` followed by many
        // `<p>x` made hundreds of times more output than input (found by fuzzing).
        if self.link_has_text {
            self.link = None;
            self.link_has_text = false;
        }
        // More text in the same list item continues it without a second marker.
        if let BlockKind::ListItem { depth, .. } = self.kind {
            self.kind = BlockKind::ListItem {
                depth,
                marker: String::new(),
            };
        }
    }

    fn rule(&mut self) {
        self.flush();
        if self.blocks.last().is_some_and(|b| b.kind == BlockKind::Rule) {
            return;
        }
        self.blocks
            .push(Block::new(BlockKind::Rule, self.quote, Vec::new()));
    }

    fn end_link(&mut self) {
        if let Some(target) = self.link.take()
            && !self.link_has_text
        {
            // An image-only link without alt text: show where it goes.
            self.link = Some(target.clone());
            self.push_raw(target);
            self.link = None;
        }
        self.link_has_text = false;
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool) {
        for (attr, value) in attrs {
            let tag_loads_href = matches!(name, "link" | "image" | "use" | "feimage" | "base");
            if (is_resource_attr(attr) || (attr == "href" && tag_loads_href) || attr == "style")
                && looks_remote(value)
            {
                self.remote = true;
            }
            if name == "meta" && attr == "http-equiv" && value.trim().eq_ignore_ascii_case("refresh") {
                self.remote = true;
            }
        }
        if let Some((skipping, depth)) = &mut self.skip {
            if skipping == name && !self_closing && !is_void(name) {
                *depth += 1;
            } else if skipping == "head" && name == "body" {
                self.skip = None;
            }
            return;
        }
        if skips_content(name) {
            if !self_closing && !is_void(name) {
                self.skip = Some((name.to_string(), 1));
            }
            return;
        }
        let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        match name {
            "br" => self.line_break(),
            "hr" => self.rule(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name.as_bytes()[1] - b'0';
                self.kind = BlockKind::Heading { level };
            }
            "ul" | "ol" => {
                self.flush();
                let start = attr("start")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(1);
                if self.lists.len() < usize::from(MAX_NESTING) {
                    self.lists.push((name == "ol", start));
                }
                self.kind = BlockKind::Paragraph;
            }
            "li" => {
                self.flush();
                let depth = u8::try_from(self.lists.len().max(1)).unwrap_or(MAX_NESTING);
                let marker = match self.lists.last_mut() {
                    Some((true, next)) => {
                        let m = format!("{next}.");
                        *next = next.saturating_add(1);
                        m
                    }
                    _ => "•".to_string(),
                };
                self.kind = BlockKind::ListItem { depth, marker };
            }
            "blockquote" => {
                self.flush();
                let opened = self.quote < MAX_NESTING;
                if opened {
                    self.quote += 1;
                }
                self.quote_opened.push(opened);
            }
            "pre" | "listing" | "plaintext" | "xmp" => {
                self.flush();
                self.pre += 1;
                self.kind = BlockKind::Preformatted;
            }
            "em" | "i" | "cite" | "dfn" | "var" => self.style.em += 1,
            "strong" | "b" => self.style.strong += 1,
            "code" | "tt" | "kbd" | "samp" => self.style.code += 1,
            "a" => {
                self.end_link();
                self.link = attr("href").and_then(safe_link_target);
            }
            "img" => {
                if let Some(alt) = attr("alt") {
                    let alt = super::display::display_safe(alt);
                    if !alt.is_empty() && alt.chars().count() <= 200 && !looks_remote(&alt) {
                        self.text(&format!(" [{alt}] "));
                    }
                }
            }
            "td" | "th" if !self.last_space => self.text(" "),
            _ if is_block(name) => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if let Some((skipping, depth)) = &mut self.skip {
            if skipping == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "dt" => {
                self.flush();
                self.kind = BlockKind::Paragraph;
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
                self.kind = BlockKind::Paragraph;
            }
            "blockquote" => {
                self.flush();
                if self.quote_opened.pop().unwrap_or(false) {
                    self.quote = self.quote.saturating_sub(1);
                }
            }
            "pre" | "listing" | "xmp" => {
                self.flush();
                self.pre = self.pre.saturating_sub(1);
                if self.pre == 0 {
                    self.kind = BlockKind::Paragraph;
                }
            }
            "em" | "i" | "cite" | "dfn" | "var" => {
                self.style.em = self.style.em.saturating_sub(1);
            }
            "strong" | "b" => self.style.strong = self.style.strong.saturating_sub(1),
            "code" | "tt" | "kbd" | "samp" => self.style.code = self.style.code.saturating_sub(1),
            "a" => self.end_link(),
            "p" => {
                self.flush();
            }
            _ if is_block(name) => self.flush(),
            _ => {}
        }
    }
}

/// Converts one HTML document (or fragment) to blocks.
pub(crate) fn html_to_blocks(html: &str) -> HtmlText {
    let mut conv = Converter::new();
    let mut skip_text_remote_check = false;
    tokenize(html, |token| match token {
        Token::Text(t) => {
            if conv.skip.is_some() {
                // Remote references inside <style> (url(), @import, @font-face).
                if skip_text_remote_check && looks_remote(t) {
                    conv.remote = true;
                }
                return;
            }
            conv.text(t);
        }
        Token::Start {
            name,
            attrs,
            self_closing,
        } => {
            skip_text_remote_check = name == "style";
            conv.start(&name, &attrs, self_closing);
        }
        Token::End { name } => conv.end(&name),
    });
    conv.end_link();
    conv.flush();
    while conv.blocks.last().is_some_and(|b| b.kind == BlockKind::Rule) {
        conv.blocks.pop();
    }
    HtmlText {
        blocks: conv.blocks,
        remote_content: conv.remote,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::view::render_blocks;

    fn text_of(html: &str) -> String {
        render_blocks(&html_to_blocks(html).blocks)
    }

    #[test]
    fn structure() {
        let html = "<html><head><title>T</title><style>p{color:red}</style></head><body>\
            <h1>Title</h1><p>Hello <b>bold</b> and <i>it</i> and <code>x()</code>.</p>\
            <ul><li>one</li><li>two</li></ul><ol start=3><li>three</li></ol>\
            <blockquote><p>quoted</p><blockquote>deeper</blockquote></blockquote>\
            <pre>  a\n   b</pre><hr><p>end<br>line</p></body></html>";
        let view = html_to_blocks(html);
        assert_eq!(
            render_blocks(&view.blocks),
            "Title\n\nHello bold and it and x().\n\n• one\n• two\n3. three\n\n> quoted\n\n\
             > > deeper\n\n  a\n   b\n\n----------\n\nend\nline"
        );
        assert!(matches!(view.blocks[0].kind, BlockKind::Heading { level: 1 }));
        assert!(
            view.blocks[1]
                .spans
                .contains(&Span::Strong { text: "bold".into() })
        );
        assert!(
            view.blocks[1]
                .spans
                .contains(&Span::Emphasis { text: "it".into() })
        );
        assert!(view.blocks[1].spans.contains(&Span::Code { text: "x()".into() }));
        assert!(!view.remote_content);
    }

    /// Fuzzing found: a link left open across blocks copied its target into every
    /// block, so the output grew hundreds of times larger than the HTML.
    #[test]
    fn an_open_link_does_not_copy_its_target_into_every_block() {
        let target = format!("https://example.org/{}", "x".repeat(2000));
        let html = format!("<a href=\"{target}\">{}", "<p>a".repeat(1000));
        let converted = html_to_blocks(&html);
        let rendered = render_blocks(&converted.blocks);
        assert!(
            rendered.len() <= 2 * html.len(),
            "{} bytes rendered from {} bytes of HTML",
            rendered.len(),
            html.len()
        );
        // The first block is still the link, the rest is plain text.
        let first = &converted.blocks[0].spans[0];
        assert!(matches!(first, Span::Link { target: t, .. } if *t == target));
        assert_eq!(converted.blocks.len(), 1000);
        // A link whose text comes after a block start keeps working.
        let converted = html_to_blocks("<a href=\"https://x.org/\"><div>Click</div></a>");
        assert!(matches!(&converted.blocks[0].spans[0], Span::Link { text, .. } if text == "Click"));
    }

    #[test]
    fn links_show_targets_and_unsafe_schemes_are_dropped() {
        let view = html_to_blocks(
            "<a href='https://example.org/x'>site</a> <a href='javascript:alert(1)'>js</a> \
             <a href=\"mailto:a@b.example\">mail</a><a href='http://i.example/'><img src=cid:x></a>",
        );
        let spans: Vec<&Span> = view.blocks.iter().flat_map(|b| &b.spans).collect();
        assert!(spans.contains(&&Span::Link {
            text: "site".into(),
            target: "https://example.org/x".into()
        }));
        assert!(
            !spans
                .iter()
                .any(|s| matches!(s, Span::Link { target, .. } if target.contains("javascript")))
        );
        assert_eq!(
            render_blocks(&view.blocks),
            "site <https://example.org/x> js mail <mailto:a@b.example>http://i.example/"
        );
    }

    #[test]
    fn comments_scripts_forms_are_dropped() {
        let t = text_of(
            "a<!-- secret --> b<script>var s='</p>';</script> c<style>x</style>\
             <form action=x>d<input value=v><select><option>o</option></select>\
             <textarea>t</textarea><button>btn</button></form>e<!-- unterminated",
        );
        assert_eq!(t, "a b c\n\nd\n\ne");
    }

    #[test]
    fn unterminated_tag_swallows_nothing() {
        let v = html_to_blocks("before <img src=\"http://127.0.0.1:9/");
        assert_eq!(render_blocks(&v.blocks), "before");
        assert!(v.remote_content || v.blocks.len() == 1);
        let v = html_to_blocks("\">after");
        assert_eq!(render_blocks(&v.blocks), "\">after");
    }

    #[test]
    fn alt_text_is_shown_without_urls() {
        assert_eq!(text_of("<img alt='Logo' src='cid:1'>"), "[Logo]");
        assert_eq!(text_of("<img alt='http://evil.example/x'>"), "");
    }

    #[test]
    fn tolerant_of_garbage() {
        for html in [
            "<",
            "<<<>>>",
            "</",
            "<a",
            "<a href=",
            "<a href='x",
            "</b></b></ul></li>",
            "&#",
            "<p<p<p>",
            "<!",
            "<!--",
            "<?x",
            "<ul><li><ul><li>x",
        ] {
            let _ = html_to_blocks(html);
        }
        let deep = "<blockquote>".repeat(10_000) + "x";
        let v = html_to_blocks(&deep);
        assert_eq!(v.blocks[0].quote_depth, MAX_NESTING);
    }
}
