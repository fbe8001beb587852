//! Raw RFC 5322 bytes -> `MessageView`: display-safe headers, text, safe rich text from
//! HTML, attachments with sanitized file names. (Owned by the message-model work.)
//!
//! Entry point: [`parse_message`]. Parsing never aborts the process: a panic anywhere
//! below becomes a per-message [`TernError`], limits (`limits.rs`) cap parts, depth and
//! work, and the stack use is bounded whatever the nesting of the input.

mod attached;
mod body;
mod contents;
mod decode;
pub mod display;
pub mod filename;
mod html;
mod html_elements;
mod html_export;
mod html_table;
mod html_tree;
pub mod limits;
pub mod mailto;
mod plain;
mod prepare;
mod quoted;
pub mod rebuild;
mod regions;
mod transfer;
mod tree;
pub mod view;

pub use attached::AttachedMessage;
pub use contents::part_contents;
pub use display::{display_safe, display_sender};
pub use filename::{extension_for, sanitize_filename};
pub use html_export::sanitized_html;
pub use limits::{MAX_DEPTH, MAX_PARTS};
pub use transfer::StreamDecoder;
pub use view::{
    Address, Attachment, Block, BlockKind, BodyFormat, Disposition, MessageView, PartInfo, Span,
    join_addresses, render_blocks,
};

use crate::core::{ErrorKind, TernError, Text};

/// For fuzzing and tests only: the HTML-to-blocks converter the reader uses for a
/// `text/html` part, on its own. Returns the blocks and whether the HTML asked for remote
/// content (which is never loaded).
pub fn html_to_blocks(html: &str) -> (Vec<Block>, bool) {
    let converted = html::html_to_blocks(html);
    (converted.blocks, converted.remote_content)
}

/// The first bytes of an OLE compound file (Outlook `.msg`).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Parses raw message bytes into the model the reader shows.
///
/// Damaged, truncated and hostile input still gives a view (with `warnings` and maybe
/// `truncated`); an error is returned only when the parser itself failed (a panic in a
/// dependency, caught here so that one message cannot take the process down).
pub fn parse_message(raw: &[u8]) -> Result<MessageView, TernError> {
    std::panic::catch_unwind(|| build_view(raw)).map_err(|_| {
        TernError::new(
            ErrorKind::Message,
            "This message could not be read: it is damaged in a way Tern cannot handle. \
             Other messages are not affected.",
        )
        .with_text(Text::new("err-message-damaged"))
    })
}

fn build_view(raw: &[u8]) -> MessageView {
    let mut view = MessageView::default();
    if raw.starts_with(CFB_MAGIC) {
        view.warn("not an email message: this is an Outlook .msg file, which Tern cannot show");
        return view;
    }
    let budget_bytes = raw
        .len()
        .saturating_mul(limits::PARSE_BYTES_FACTOR)
        .saturating_add(limits::PARSE_BYTES_EXTRA);
    let mut budget = tree::Budget::new(budget_bytes);
    match tree::parse_level(raw, Some(raw), 0, "", &mut budget) {
        Some(message) => {
            let h = &message.headers;
            view.subject = h.subject.clone();
            view.from = h.from.clone();
            view.to = h.to.clone();
            view.cc = h.cc.clone();
            view.reply_to = h.reply_to.clone();
            view.date = h.date.clone();
            view.timestamp = h.timestamp;
            view.message_id = h.message_id.clone();
            body::fill(&mut view, &message.root);
        }
        None if raw.iter().all(u8::is_ascii_whitespace) => view.warn("message had no body"),
        None => view.warn("not an email message: no header fields found"),
    }
    view.truncated = budget.truncated;
    for w in &budget.warnings {
        view.warn(w.as_str());
    }
    if view.blocks.is_empty() && !view.warnings.iter().any(|w| w.starts_with("not an email")) {
        view.warn("message had no body");
    }
    view
}
