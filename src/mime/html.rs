//! HTML to safe rich text (T-14, T-15, SG-PRIV-1).
//!
//! html5ever parses the HTML as a browser would (`html_tree.rs`); a walk over its tree
//! feeds a converter that keeps only text structure: blocks (paragraphs, headings, list
//! items, quotes, preformatted text, rules, tables laid out as grids, images) of inline
//! spans (plain, emphasis, strong, code, links). Scripts, styles, forms, frames, embedded
//! objects, media and comments are dropped with their content, and no attribute that
//! names a resource survives except an image's `src` (`cid:` or `http(s)`, which the
//! reader resolves or, for remote ones, fetches only when the user asks). Link targets of
//! real `<a href>` links (http, https, mailto) are kept to be shown as text and opened
//! only by an explicit click. Each HTML part is converted on its own, so a tag left open
//! at the end of one part can never swallow the text of the next one (EFAIL, T-15).

use markup5ever_rcdom::{Handle, NodeData};

use super::html_elements::{is_block, looks_remote, skips_content};
use super::html_table::data_table;
use super::html_tree::{Step, asks_for_remote_content, attr, element_name, parse, walk};
use super::plain::clean_body_text;
use super::quoted::mark_quoted_history;
use super::view::{Block, BlockKind, Span};

/// Deepest quote and list nesting kept (deeper content is shown at this level).
const MAX_NESTING: u8 = 32;
/// Longest link target kept.
const MAX_LINK_LEN: usize = 2048;
/// How often one link target is spelled out for links without text (see `shown_targets`).
const MAX_TARGET_SHOWN: u8 = 3;

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
    /// How often each target was spelled out for a link with no text of their own: at
    /// most `MAX_TARGET_SHOWN` times, because the HTML parser re-opens an unclosed `<a>`
    /// in every following list item or block (the spec's "reconstruct the active
    /// formatting elements"), and a 2 KiB target shown in each of them made the output
    /// many times the input (found by fuzzing).
    shown_targets: std::collections::HashMap<String, u8>,
    last_space: bool,
    /// Open elements that hold quoted history (Gmail, Thunderbird, Apple quotes).
    history: u32,
    /// Everything from here on is quoted history (Outlook's reply header was seen).
    history_rest: bool,
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
            shown_targets: std::collections::HashMap::new(),
            last_space: true,
            history: 0,
            history_rest: false,
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
        let decoded = clean_body_text(raw);
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
        let mut block = Block::new(self.kind.clone(), self.quote, spans);
        block.quoted = self.in_history();
        self.blocks.push(block);
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
            && self.target_may_be_shown(&target)
        {
            // An image-only link without alt text: show where it goes.
            self.link = Some(target.clone());
            self.push_raw(target);
            self.link = None;
        }
        self.link_has_text = false;
    }

    /// Counts one more showing of `target`; false once it was shown often enough.
    fn target_may_be_shown(&mut self, target: &str) -> bool {
        let shown = self.shown_targets.entry(target.to_string()).or_insert(0);
        *shown = shown.saturating_add(1);
        *shown <= MAX_TARGET_SHOWN
    }

    fn in_history(&self) -> bool {
        self.history > 0 || self.history_rest
    }

    /// Converts the children of `root`.
    fn convert(&mut self, root: &Handle) {
        walk(root, |step| match step {
            Step::Enter(node) => match &node.data {
                NodeData::Text { contents } => {
                    self.text(&contents.borrow());
                    false
                }
                NodeData::Element { name, .. } => self.start(node, &name.local),
                _ => false,
            },
            Step::Leave(node) => {
                if let Some(name) = element_name(node) {
                    self.end(node, name);
                }
                true
            }
        });
    }

    /// Handles an element's start; returns whether its content is to be walked.
    fn start(&mut self, node: &Handle, name: &str) -> bool {
        if skips_content(name) {
            return false;
        }
        if starts_history(node, name) {
            self.flush();
            self.history += 1;
        }
        if is_outlook_reply_header(node, name) {
            self.flush();
            self.history_rest = true;
        }
        let attr = |key: &str| attr(node, key);
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
                    .as_deref()
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
                self.link = attr("href").as_deref().and_then(safe_link_target);
            }
            "img" => self.image(node),
            "table" => {
                if let Some(rows) = data_table(node) {
                    self.table(&rows);
                    return false;
                }
                self.flush();
            }
            "td" | "th" => self.flush(),
            _ if is_block(name) => self.flush(),
            _ => {}
        }
        true
    }

    fn end(&mut self, node: &Handle, name: &str) {
        if starts_history(node, name) {
            self.flush();
            self.history = self.history.saturating_sub(1);
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
            "p" | "td" | "th" => {
                self.flush();
            }
            _ if is_block(name) => self.flush(),
            _ => {}
        }
    }

    /// An `<img>`: an image block for `cid:` and `http(s)` sources, else its alt text.
    fn image(&mut self, node: &Handle) {
        let dimension = |key: &str| {
            attr(node, key).and_then(|v| v.trim().trim_end_matches("px").trim().parse::<u32>().ok())
        };
        let (width, height) = (dimension("width"), dimension("height"));
        // Spacers and tracking pixels are nothing to show (and never to fetch).
        if width.is_some_and(|w| w <= 2) || height.is_some_and(|h| h <= 2) {
            return;
        }
        let alt = attr(node, "alt")
            .map(|a| super::display::display_safe(&a))
            .filter(|a| a.chars().count() <= 200 && !looks_remote(a))
            .unwrap_or_default();
        match attr(node, "src").as_deref().and_then(safe_image_source) {
            Some(src) => {
                self.flush();
                let mut block = Block::image(src, alt, width, height);
                block.quote_depth = self.quote;
                block.quoted = self.in_history();
                self.blocks.push(block);
                // The image is the link's content: no need to spell out its target.
                if self.link.is_some() {
                    self.link_has_text = true;
                }
            }
            None if !alt.is_empty() => self.text(&format!(" [{alt}] ")),
            None => {}
        }
    }

    /// A data table as one grid block; each cell converted on its own.
    fn table(&mut self, rows: &[Vec<Option<Handle>>]) {
        self.flush();
        let grid: Vec<Vec<Vec<Span>>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| cell.as_ref().map(|c| self.cell_spans(c)).unwrap_or_default())
                    .collect()
            })
            .collect();
        let mut block = Block::new(BlockKind::Table { rows: grid }, self.quote, Vec::new());
        block.quoted = self.in_history();
        self.blocks.push(block);
    }

    /// The spans of a table cell: its blocks joined with line breaks.
    fn cell_spans(&self, cell: &Handle) -> Vec<Span> {
        let mut sub = Converter::new();
        sub.link = self.link.clone();
        sub.convert(cell);
        sub.end_link();
        sub.flush();
        let mut spans: Vec<Span> = Vec::new();
        for (i, block) in sub.blocks.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::Plain { text: "\n".into() });
            }
            spans.extend(block.spans);
        }
        spans
    }
}

/// Elements that hold quoted history: `<blockquote type=cite>` (Apple Mail, Thunderbird),
/// Gmail's `gmail_quote`, Thunderbird's attribution line `moz-cite-prefix`.
fn starts_history(node: &Handle, name: &str) -> bool {
    match name {
        "blockquote" => attr(node, "type").is_some_and(|t| t.eq_ignore_ascii_case("cite")),
        "div" => attr(node, "class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|c| matches!(c, "gmail_quote" | "moz-cite-prefix" | "yahoo_quoted"))
        }),
        _ => false,
    }
}

/// Outlook's reply header (`divRplyFwdMsg`) and the "reply above this line" anchor:
/// the rest of the message is the quoted history.
fn is_outlook_reply_header(node: &Handle, name: &str) -> bool {
    name == "div"
        && attr(node, "id").is_some_and(|id| matches!(id.as_str(), "divRplyFwdMsg" | "appendonsend"))
}

/// An image source the reader may resolve: `cid:` (a part of this message) or
/// `http(s)://` (remote, fetched only on request). Other schemes (data:, file:,
/// relative paths) are dropped.
fn safe_image_source(src: &str) -> Option<String> {
    let src: String = src
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = src.to_ascii_lowercase();
    let ok = (lower.starts_with("cid:") && src.len() > 4)
        || ((lower.starts_with("http://") || lower.starts_with("https://")) && src.len() > 8);
    (ok && src.len() <= MAX_LINK_LEN).then_some(src)
}

/// Converts one HTML document (or fragment) to blocks.
pub(crate) fn html_to_blocks(html: &str) -> HtmlText {
    let dom = parse(html);
    let remote_content = asks_for_remote_content(&dom);
    let mut conv = Converter::new();
    conv.convert(&dom.document);
    conv.end_link();
    conv.flush();
    let mut blocks = conv.blocks;
    while blocks.last().is_some_and(|b| b.kind == BlockKind::Rule) {
        blocks.pop();
    }
    mark_quoted_history(&mut blocks);
    HtmlText {
        blocks,
        remote_content,
    }
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
