//! `tern read --eml FILE [--json]`: parse a message file and print what the reader
//! would show. Useful for scripts, tests and bug reports without a mail account.

use std::path::Path;

use serde_json::json;

use crate::core::{ErrorKind, TernError};
use crate::mime::{self, MessageView};

fn addresses(list: &[mime::Address]) -> Vec<String> {
    list.iter().map(mime::Address::display).collect()
}

fn text_output(view: &MessageView) -> String {
    let mut out = String::new();
    out.push_str(&format!("From: {}\n", view.from_display()));
    out.push_str(&format!("To: {}\n", addresses(&view.to).join(", ")));
    out.push_str(&format!("Cc: {}\n", addresses(&view.cc).join(", ")));
    out.push_str(&format!("Date: {}\n", view.date.as_deref().unwrap_or("")));
    out.push_str(&format!("Subject: {}\n", view.subject));
    out.push('\n');
    let text = view.text();
    if !text.is_empty() {
        out.push_str(&text);
        out.push('\n');
    }
    if !view.attachments.is_empty() {
        out.push_str("\nAttachments:\n");
        for a in &view.attachments {
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                a.part,
                a.safe_filename,
                a.content_type,
                crate::core::size_en(a.size)
            ));
            if a.inline {
                out.pop();
                out.push_str("  (shown in the body)\n");
            }
        }
    }
    for card in &view.attached {
        out.push_str(&format!("\nAttached message (part {}):\n", card.part));
        for line in text_output(&card.view).lines() {
            out.push_str(format!("  {line}").trim_end());
            out.push('\n');
        }
    }
    if !view.warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for w in &view.warnings {
            out.push_str(&format!("  {w}\n"));
        }
    }
    out
}

fn json_output(view: &MessageView) -> String {
    let value = message_json(view);
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    s.push('\n');
    s
}

/// One message as JSON; attached messages (forwarded as attachment) nest under
/// `attached`, each with its `part` (the .eml) and its own `message`.
fn message_json(view: &MessageView) -> serde_json::Value {
    let attachments: Vec<_> = view
        .attachments
        .iter()
        .map(|a| {
            json!({
                "part": a.part,
                "filename": a.filename,
                "safe_filename": a.safe_filename,
                "content_type": a.content_type,
                "size": a.size,
                "inline": a.inline,
                "content_id": a.content_id,
            })
        })
        .collect();
    let mut value = json!({
        "subject": view.subject,
        "from": view.from_display(),
        "to": addresses(&view.to),
        "cc": addresses(&view.cc),
        "date": view.date,
        "text": view.text(),
        "attachments": attachments,
        "warnings": view.warnings,
        "truncated": view.truncated,
    });
    if !view.attached.is_empty()
        && let Some(object) = value.as_object_mut()
    {
        let cards: Vec<_> = view
            .attached
            .iter()
            .map(|c| json!({ "part": c.part, "message": message_json(&c.view) }))
            .collect();
        object.insert("attached".into(), serde_json::Value::Array(cards));
    }
    value
}

/// The text `tern read` prints for a parsed message: headers, body text and the
/// attachment list, or (with `json`) the JSON object described at [`run`].
pub fn render(view: &MessageView, json: bool) -> String {
    if json {
        json_output(view)
    } else {
        text_output(view)
    }
}

/// Reads the message file at `path` and returns the full text to print on stdout: the
/// headers, the body text and the attachment list, or (with `json`) one JSON object
/// with `subject`, `from`, `to`, `cc`, `date`, `text`, `attachments`, `warnings`,
/// `truncated` and, when there are attached messages, `attached`.
pub fn run(path: &Path, json: bool) -> Result<String, TernError> {
    let raw = std::fs::read(path).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "the file does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission was denied".to_string(),
            std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
            _ => e.to_string(),
        };
        TernError::new(
            ErrorKind::Filesystem,
            format!("Could not read the message file {}: {reason}.", path.display()),
        )
    })?;
    let view = mime::parse_message(&raw)?;
    Ok(render(&view, json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_a_filesystem_error() {
        let err = run(Path::new("/nonexistent/dir/message.eml"), false).expect_err("must fail");
        assert_eq!(err.kind, ErrorKind::Filesystem);
        assert!(err.message.contains("Could not read"));
    }

    #[test]
    fn text_and_json_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("m.eml");
        std::fs::write(
            &path,
            "From: Ann <ann@example.org>\r\nTo: bob@example.org\r\nSubject: Hi\r\n\
             Date: Tue, 1 Jul 2025 10:00:00 +0200\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nHello Bob\r\n--b\r\n\
             Content-Type: application/pdf; name=\"../r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
             aGVsbG8=\r\n--b--\r\n",
        )
        .expect("ok");
        let text = run(&path, false).expect("ok");
        assert!(text.starts_with("From: Ann <ann@example.org>\nTo: bob@example.org\n"));
        assert!(text.contains("Date: 2025-07-01T10:00:00+02:00\n"));
        assert!(text.contains("\n\nHello Bob\n"));
        assert!(text.contains("Attachments:\n  2  r.pdf  application/pdf  5 B\n"));
        let json: serde_json::Value = serde_json::from_str(&run(&path, true).expect("json")).expect("ok");
        let obj = json.as_object().expect("ok");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "attachments",
                "cc",
                "date",
                "from",
                "subject",
                "text",
                "to",
                "truncated",
                "warnings"
            ]
        );
        assert_eq!(obj["attachments"][0]["filename"], "../r.pdf");
        assert_eq!(obj["attachments"][0]["safe_filename"], "r.pdf");
        assert_eq!(obj["attachments"][0]["part"], "2");
        assert_eq!(obj["date"], "2025-07-01T10:00:00+02:00");
    }
}
