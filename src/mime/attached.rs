//! Attached messages (message/rfc822, "forwarded as attachment"; issue 12 item 5): each
//! becomes a card with its own headers, body and saveable parts, built the same way as
//! the message around it. Cards nest a few levels at most; deeper attached messages are
//! still listed (and saveable as .eml) in their parent's attachments.

use serde::Serialize;

use super::body;
use super::tree::{Entity, Kind};
use super::view::MessageView;

/// Levels of cards inside cards (a chain of forwards as attachments goes no deeper).
const MAX_CARD_DEPTH: usize = 3;
/// Cards one message shows at most (the rest are in the attachment list).
const MAX_CARDS: usize = 20;

/// An attached message: its section (the .eml part, for "Save as .eml") and its view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachedMessage {
    pub part: String,
    pub view: MessageView,
}

/// The attached-message entity at `section` (a message part and the root of its content
/// can share a number: the message part is the one wanted).
fn find<'e, 'a>(e: &'e Entity<'a>, section: &str) -> Option<&'e Entity<'a>> {
    if e.section == section && matches!(e.kind, Kind::Message(_)) {
        return Some(e);
    }
    match &e.kind {
        Kind::Multipart(children) => children.iter().find_map(|c| find(c, section)),
        Kind::Message(Some(nested)) => find(&nested.root, section),
        _ => None,
    }
}

/// The cards of the attached messages of `view` (those in its attachment list), whose
/// body tree is `root`; `level` counts the cards around this one.
pub(crate) fn cards(view: &MessageView, root: &Entity<'_>, level: usize) -> Vec<AttachedMessage> {
    if level >= MAX_CARD_DEPTH {
        return Vec::new();
    }
    view.attachments
        .iter()
        .filter(|a| matches!(a.content_type.as_str(), "message/rfc822" | "message/global"))
        .filter_map(|a| {
            let entity = find(root, &a.part)?;
            let Kind::Message(Some(nested)) = &entity.kind else {
                return None;
            };
            let h = &nested.headers;
            let mut inner = MessageView {
                subject: h.subject.clone(),
                from: h.from.clone(),
                to: h.to.clone(),
                cc: h.cc.clone(),
                reply_to: h.reply_to.clone(),
                date: h.date.clone(),
                timestamp: h.timestamp,
                message_id: h.message_id.clone(),
                ..MessageView::default()
            };
            body::fill_level(&mut inner, &nested.root, level + 1);
            Some(AttachedMessage {
                part: a.part.clone(),
                view: inner,
            })
        })
        .take(MAX_CARDS)
        .collect()
}
