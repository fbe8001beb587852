//! Lazy bodies: on open, fetch only what displaying needs and store the document
//! rebuilt from it (which sections, and how they are put together: `mime::rebuild`).

use std::collections::HashMap;

use crate::core::{BodyPart, ErrorKind, Section, TernError};
use crate::imap::Connection;
use crate::mime::rebuild::{build, plan};
use crate::mime::{MessageView, parse_message};
use crate::store::{MessageLocation, Store};

/// The tree stored with the message header row.
pub fn tree_of(loc: &MessageLocation) -> Result<BodyPart, TernError> {
    serde_json::from_str(&loc.bodystructure).map_err(|_| {
        TernError::new(
            ErrorKind::Message,
            "The message's structure is not cached. Sync the folder and try again.",
        )
    })
}

/// The view of a stored document, with attachment sizes from BODYSTRUCTURE (their
/// contents were left out of the document).
pub fn view_of(raw: &[u8], tree: &BodyPart) -> Result<MessageView, TernError> {
    let mut view = parse_message(raw)?;
    server_sizes(&mut view, tree);
    Ok(view)
}

/// The server's sizes for the parts (the cached copy may leave big parts out), also
/// inside attached messages.
fn server_sizes(view: &mut MessageView, tree: &BodyPart) {
    for a in &mut view.attachments {
        if let Some(p) = tree.find(&a.part).filter(|p| !p.is_multipart()) {
            a.size = p.decoded_size();
        }
    }
    for card in &mut view.attached {
        server_sizes(&mut card.view, tree);
    }
}

/// Selects the message's folder and checks it is still the same message (UIDVALIDITY).
pub async fn select_message(conn: &mut Connection, loc: &MessageLocation) -> Result<(), TernError> {
    let sel = conn.select(&loc.folder_raw_name).await?;
    if sel.uidvalidity != loc.uidvalidity {
        return Err(TernError::new(
            ErrorKind::NotFound,
            "The folder was rebuilt on the server, so this copy is out of date. Sync and open the message again.",
        ));
    }
    Ok(())
}

/// Fetches, stores and indexes the display document of a message; returns its view.
pub async fn fetch_body(
    conn: &mut Connection,
    store: &mut Store,
    loc: &MessageLocation,
) -> Result<MessageView, TernError> {
    let tree = tree_of(loc)?;
    select_message(conn, loc).await?;
    let sections = plan(&tree);
    let results = conn.fetch_sections(loc.uid, &sections).await?;
    let fetched: HashMap<Section, Vec<u8>> = sections
        .into_iter()
        .zip(results)
        .filter_map(|(s, r)| r.map(|bytes| (s, bytes)))
        .collect();
    let raw = build(&tree, &fetched);
    let view = view_of(&raw, &tree)?;
    let names: Vec<&str> = view
        .attachments
        .iter()
        .map(|a| a.safe_filename.as_str())
        .collect();
    store.store_body(loc.id, &raw, &view.text(), &names.join(" "))?;
    Ok(view)
}
