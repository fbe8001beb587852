//! `tern thread ID [--json]`: a message's conversation across its account's folders,
//! oldest first, from the cache.

use serde_json::json;

use crate::config::Paths;
use crate::core::{ErrorKind, Flags, MessageId, TernError};
use crate::store::Store;

pub fn run(paths: &Paths, id: i64, json: bool) -> Result<String, TernError> {
    drop(Store::open(&paths.cache_db())?);
    let store = Store::open_reader(&paths.cache_db())?;
    let messages = store.thread_messages(MessageId(id))?;
    if messages.is_empty() {
        return Err(TernError::new(
            ErrorKind::NotFound,
            format!("No cached message has the id {id}. See `tern list FOLDER` for ids."),
        ));
    }
    if json {
        let list: Vec<_> = messages
            .iter()
            .map(|t| {
                let m = &t.summary;
                json!({
                    "id": m.id, "thread": t.thread, "folder": t.folder_path, "uid": m.uid, "date": m.date,
                    "from": if m.from_name.is_empty() { m.from_addr.clone() } else { format!("{} <{}>", m.from_name, m.from_addr) },
                    "subject": m.subject, "message_id": m.message_id,
                    "flags": Flags(m.flags).imap_names(),
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    let mut out = String::new();
    for t in messages {
        let m = &t.summary;
        let (unread, from) = super::browse::unread_mark_and_sender(m);
        out.push_str(&format!(
            "{}\t{unread}\t{}\t{}\t{}\t{}\n",
            m.id,
            m.date,
            crate::mime::display_safe(&t.folder_path),
            crate::mime::display_safe(from),
            crate::mime::display_safe(&m.subject)
        ));
    }
    Ok(out)
}
