//! The message model the reader shows: display-safe headers, the body as safe rich text
//! (blocks of inline spans), attachments and the full part tree with IMAP section ids.
//!
//! Nothing in this model is a URL that gets loaded: the only URLs are link targets, kept
//! to be shown as text and opened by an explicit click.

use serde::Serialize;

use super::display::display_sender;

/// One mailbox of an address header, both fields already display-safe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub name: Option<String>,
    /// The addr-spec; empty when the header had a name but no readable address.
    pub email: String,
}

impl Address {
    /// `Name <addr>`, always with the real address (see [`display_sender`]).
    pub fn display(&self) -> String {
        display_sender(self.name.as_deref(), &self.email)
    }
}

/// Inline text with one style. Link targets are shown as text and never fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Span {
    Plain {
        text: String,
    },
    Emphasis {
        text: String,
    },
    Strong {
        text: String,
    },
    Code {
        text: String,
    },
    /// A link a person can click. Only `http`, `https` and `mailto` targets are kept.
    Link {
        text: String,
        target: String,
    },
}

impl Span {
    /// The visible text of this span.
    pub fn text(&self) -> &str {
        match self {
            Span::Plain { text }
            | Span::Emphasis { text }
            | Span::Strong { text }
            | Span::Code { text }
            | Span::Link { text, .. } => text,
        }
    }

    pub(crate) fn text_mut(&mut self) -> &mut String {
        match self {
            Span::Plain { text }
            | Span::Emphasis { text }
            | Span::Strong { text }
            | Span::Code { text }
            | Span::Link { text, .. } => text,
        }
    }

    /// Same kind (and, for links, same target): adjacent spans of one kind merge.
    pub(crate) fn same_style(&self, other: &Span) -> bool {
        match (self, other) {
            (Span::Plain { .. }, Span::Plain { .. })
            | (Span::Emphasis { .. }, Span::Emphasis { .. })
            | (Span::Strong { .. }, Span::Strong { .. })
            | (Span::Code { .. }, Span::Code { .. }) => true,
            (Span::Link { target: a, .. }, Span::Link { target: b, .. }) => a == b,
            _ => false,
        }
    }

    /// Plain-text rendering: a link shows its target when its text differs from it.
    pub fn render(&self) -> String {
        match self {
            Span::Link { text, target } => {
                let bare = target.strip_prefix("mailto:").unwrap_or(target);
                if text.trim().is_empty() {
                    target.clone()
                } else if text.trim() == target || text.trim() == bare {
                    text.clone()
                } else {
                    format!("{text} <{target}>")
                }
            }
            other => other.text().to_string(),
        }
    }
}

/// What kind of block this is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    /// h1 to h6.
    Heading {
        level: u8,
    },
    /// A list item; `depth` starts at 1, `marker` is "•" or "3." and so on.
    ListItem {
        depth: u8,
        marker: String,
    },
    /// Text whose line breaks and spaces matter.
    Preformatted,
    /// A horizontal rule (also separates independently rendered body parts).
    Rule,
    /// An image where an `<img>` stood in the HTML. `src` is exactly as in the HTML and
    /// only `cid:` (a part of this message) or `http(s)://` (remote: never fetched unless
    /// the user asks); other schemes are dropped. The reader resolves and draws it, or
    /// shows `alt` / a placeholder. Nothing here is ever fetched by the converter.
    Image {
        src: String,
        alt: String,
        width: Option<u32>,
        height: Option<u32>,
    },
    /// A table laid out as a grid: rows of cells, each cell a run of spans (line breaks
    /// inside a cell are kept as `\n`). Layout tables with one column or one cell never
    /// become a `Table`: their content is ordinary blocks.
    Table {
        rows: Vec<Vec<Vec<Span>>>,
    },
}

/// A block of the body. `quote_depth` counts enclosing quotes (`>` or `<blockquote>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub quote_depth: u8,
    pub spans: Vec<Span>,
    /// Part of the quoted history of a reply ("On … wrote:" and what follows, Outlook's
    /// "From:" block): the reader folds it behind "Show quoted text".
    pub quoted: bool,
}

impl Block {
    /// A block that is not part of the quoted history.
    pub fn new(kind: BlockKind, quote_depth: u8, spans: Vec<Span>) -> Self {
        Block {
            kind,
            quote_depth,
            spans,
            quoted: false,
        }
    }

    /// An image block (see [`BlockKind::Image`]).
    pub fn image(src: String, alt: String, width: Option<u32>, height: Option<u32>) -> Self {
        Block::new(
            BlockKind::Image {
                src,
                alt,
                width,
                height,
            },
            0,
            Vec::new(),
        )
    }

    /// The visible text of the block (line breaks inside are kept).
    pub fn text(&self) -> String {
        self.spans.iter().map(Span::render).collect()
    }
}

/// Where the shown body came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BodyFormat {
    Plain,
    Html,
    #[default]
    None,
}

/// Content-Disposition of a part, as declared (or implied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Attachment,
    Inline,
}

/// Something a person would call an attachment (or an inline image of the HTML body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// IMAP section id (RFC 3501), e.g. "2" or "1.2": fetch alone with BODY.PEEK[part].
    pub part: String,
    /// The declared name (RFC 2231/2047 decoded) exactly as sent: not safe for paths or
    /// display; use `safe_filename` for both.
    pub filename: Option<String>,
    /// One safe path component (see `sanitize_filename`).
    pub safe_filename: String,
    /// Lower-case `type/subtype`.
    pub content_type: String,
    /// Decoded size in bytes (estimate from the encoded body).
    pub size: u64,
    pub disposition: Disposition,
    /// Content-ID without angle brackets.
    pub content_id: Option<String>,
    /// Content-Location, as sent (HTML may refer to a part by it instead of `cid:`).
    pub content_location: Option<String>,
    /// Shown in the body: an image of the HTML (`cid:`, multipart/related) or an
    /// Apple-style inline image drawn after the text. Listed and saveable either way.
    pub inline: bool,
}

/// One MIME entity of the part tree, in pre-order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartInfo {
    /// IMAP section id; a message's multipart body is `TEXT` / `2.TEXT`.
    pub section: String,
    pub content_type: String,
    /// 0 for the message itself, +1 per multipart child or nested message.
    pub depth: u8,
    pub size: u64,
    pub filename: Option<String>,
}

/// A parsed message ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct MessageView {
    /// Display-safe subject.
    pub subject: String,
    pub from: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    /// The Date header as RFC 3339, when it could be read.
    pub date: Option<String>,
    /// Seconds since the Unix epoch of `date`.
    pub timestamp: Option<i64>,
    pub message_id: Option<String>,
    /// The body to show.
    pub blocks: Vec<Block>,
    pub body_format: BodyFormat,
    /// The raw HTML body, for an explicit "open in browser" action only.
    pub html: Option<String>,
    /// The HTML referred to remote content (images, styles, frames...) that was not loaded.
    pub remote_content_blocked: bool,
    /// Every part a person can save (files, attached messages, inline images), in
    /// document order; `inline` marks those shown in the body.
    pub attachments: Vec<Attachment>,
    /// Every MIME entity (up to the limits), in pre-order.
    pub parts: Vec<PartInfo>,
    pub warnings: Vec<String>,
    /// Part of the message was left out (limits, or damage).
    pub truncated: bool,
    /// Attached messages (also in `attachments`), shown as cards after the body.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attached: Vec<super::attached::AttachedMessage>,
}

impl MessageView {
    /// The displayed sender(s), each as `Name <addr>`.
    pub fn from_display(&self) -> String {
        join_addresses(&self.from)
    }

    /// The parts shown in the body (images), also listed in `attachments`.
    pub fn inline_parts(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments.iter().filter(|a| a.inline)
    }

    /// Plain-text rendering of the body blocks.
    pub fn text(&self) -> String {
        render_blocks(&self.blocks)
    }

    pub(crate) fn warn(&mut self, warning: impl Into<String>) {
        let warning = warning.into();
        if !self.warnings.contains(&warning) && self.warnings.len() < 50 {
            self.warnings.push(warning);
        }
    }
}

/// `A <a@x>, B <b@y>`.
pub fn join_addresses(list: &[Address]) -> String {
    list.iter().map(Address::display).collect::<Vec<_>>().join(", ")
}

/// Plain text of a list of blocks: blank lines between blocks, `> ` per quote level,
/// list markers, a line of dashes for rules.
pub fn render_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_was_item = false;
    for block in blocks {
        let is_item = matches!(block.kind, BlockKind::ListItem { .. });
        if !out.is_empty() {
            out.push_str(if is_item && prev_was_item { "\n" } else { "\n\n" });
        }
        prev_was_item = is_item;
        let body = match &block.kind {
            BlockKind::Rule => "----------".to_string(),
            BlockKind::Image { alt, .. } if alt.is_empty() => "[image]".to_string(),
            BlockKind::Image { alt, .. } => format!("[{alt}]"),
            BlockKind::Table { rows } => render_table(rows),
            BlockKind::ListItem { depth, marker } => {
                let indent = "  ".repeat(usize::from(depth.saturating_sub(1)));
                let text = block.text();
                let lead = if marker.is_empty() {
                    "  ".to_string()
                } else {
                    format!("{marker} ")
                };
                let continuation = format!("\n{indent}{}", " ".repeat(lead.chars().count()));
                format!("{indent}{lead}{}", text.replace('\n', &continuation))
            }
            _ => block.text(),
        };
        if block.quote_depth == 0 {
            out.push_str(&body);
        } else {
            let prefix = "> ".repeat(usize::from(block.quote_depth));
            let quoted: Vec<String> = body
                .split('\n')
                .map(|line| format!("{prefix}{line}").trim_end().to_string())
                .collect();
            out.push_str(&quoted.join("\n"));
        }
    }
    out
}

/// A table as text: cells of a row separated by " | ", one line per row.
fn render_table(rows: &[Vec<Vec<Span>>]) -> String {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    cell.iter()
                        .map(Span::render)
                        .collect::<String>()
                        .replace('\n', " ")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
