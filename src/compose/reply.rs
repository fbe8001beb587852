//! The reply and forward rules: recipients, subject, threading headers and the quoted
//! or forwarded text of a new draft.

use super::address::{address_key, dedup_addresses, forward_subject, reply_subject};
use super::{Identity, Original};
use crate::core::{Draft, ReplyKind};

/// References kept in a reply: the thread's first message plus the newest ones. Long
/// threads otherwise grow the header past what servers accept (RFC 5322 §3.6.4 allows
/// trimming; keeping the root keeps threading intact for every client).
pub const MAX_REFERENCES: usize = 20;

/// The words around quoted and forwarded text. `crate::compose` has no i18n: these
/// defaults are English and the window passes translated ones (`{date}` and `{name}`
/// are replaced in `attribution`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// "On {date}, {name} wrote:"
    pub attribution: String,
    /// "---------- Forwarded message ----------"
    pub forwarded: String,
    pub from: String,
    pub date: String,
    pub subject: String,
    pub to: String,
    pub cc: String,
}

impl Default for Wording {
    fn default() -> Self {
        Wording {
            attribution: "On {date}, {name} wrote:".into(),
            forwarded: "---------- Forwarded message ----------".into(),
            from: "From".into(),
            date: "Date".into(),
            subject: "Subject".into(),
            to: "To".into(),
            cc: "Cc".into(),
        }
    }
}

/// A new draft answering or forwarding `original`, with `wording` for the texts.
pub fn respond_with(
    original: &Original,
    kind: ReplyKind,
    identity: &Identity,
    own: &[String],
    wording: &Wording,
) -> Draft {
    let mut own: Vec<String> = own.to_vec();
    own.push(identity.email.clone());
    let mut draft = Draft {
        origin: Some((original.server.clone(), kind)),
        ..Draft::default()
    };
    match kind {
        ReplyKind::Reply | ReplyKind::ReplyAll => {
            let author: Vec<String> = if original.reply_to.is_empty() {
                vec![original.from.clone()]
            } else {
                original.reply_to.clone()
            };
            let from_me = own.iter().any(|o| address_key(o) == address_key(&original.from));
            if kind == ReplyKind::Reply {
                // Answering one's own message goes to its recipients, as other clients do.
                draft.to = if from_me && !original.to.is_empty() {
                    dedup_addresses(original.to.clone(), &[])
                } else {
                    dedup_addresses(author, &[])
                };
            } else {
                let mut to = author;
                to.extend(original.to.iter().cloned());
                draft.to = dedup_addresses(to, &own);
                let mut not_cc = own.clone();
                not_cc.extend(draft.to.iter().cloned());
                draft.cc = dedup_addresses(original.cc.clone(), &not_cc);
                if draft.to.is_empty() && !draft.cc.is_empty() {
                    draft.to = std::mem::take(&mut draft.cc);
                }
            }
            draft.subject = reply_subject(&original.subject);
            if !original.message_id.is_empty() {
                draft.in_reply_to = Some(original.message_id.clone());
            }
            draft.references = references(&original.references, &original.message_id);
            let name = display_name(&original.from);
            let line = wording
                .attribution
                .replace("{date}", &format_date(original.date))
                .replace("{name}", &name);
            draft.body = format!("\n\n{line}\n{}", quote(&original.text));
        }
        ReplyKind::Forward => {
            draft.subject = forward_subject(&original.subject);
            let mut head = format!(
                "\n\n{}\n{}: {}\n{}: {}\n{}: {}\n",
                wording.forwarded,
                wording.from,
                original.from,
                wording.date,
                format_date(original.date),
                wording.subject,
                original.subject
            );
            if !original.to.is_empty() {
                head.push_str(&format!("{}: {}\n", wording.to, original.to.join(", ")));
            }
            if !original.cc.is_empty() {
                head.push_str(&format!("{}: {}\n", wording.cc, original.cc.join(", ")));
            }
            draft.body = format!("{head}\n{}", original.text);
            draft.attachments = original.attachments.clone();
            // A forward starts a new thread but keeps the link for clients that use it.
            draft.references = references(&original.references, &original.message_id);
        }
    }
    draft
}

/// The parent's References plus its Message-ID, de-duplicated, trimmed to
/// `MAX_REFERENCES` from the front (the first, the thread's root, is kept).
pub fn references(parent_refs: &[String], parent_id: &str) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for r in parent_refs
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(parent_id))
    {
        let r = r.trim().trim_start_matches('<').trim_end_matches('>');
        if !r.is_empty() && !refs.iter().any(|x| x == r) {
            refs.push(r.to_string());
        }
    }
    if refs.len() > MAX_REFERENCES {
        let drop = refs.len() - MAX_REFERENCES;
        refs.drain(1..=drop);
    }
    refs
}

/// "> " before every line (">" alone on empty ones, so no trailing space).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in text.trim_end().lines() {
        if line.is_empty() || line.starts_with('>') {
            out.push('>');
            if !line.is_empty() {
                out.push_str(line);
            }
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// "Ann Example" from "Ann Example <ann@x>", else the address.
fn display_name(from: &str) -> String {
    let from = from.trim();
    match from.rfind('<') {
        Some(i) if i > 0 => from[..i].trim().trim_matches('"').to_string(),
        _ => super::address::bare_address(from),
    }
}

/// "2025-02-03 10:04 UTC": plain, unambiguous in every language.
pub fn format_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (y, m, d) = crate::core::civil(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ServerRef;

    fn original() -> Original {
        Original {
            server: ServerRef {
                folder: "INBOX".into(),
                uidvalidity: 1,
                uid: 7,
                message_id: "p@x.org".into(),
            },
            from: "Ann Example <ann@x.org>".into(),
            reply_to: vec![],
            to: vec!["Me <me@y.org>".into(), "Bob <bob@x.org>".into()],
            cc: vec!["carol@x.org".into(), "ANN@x.org".into(), "me-too@y.org".into()],
            subject: "AW: Re: Plans".into(),
            date: 1_700_000_000,
            message_id: "p@x.org".into(),
            references: vec!["root@x.org".into(), "mid@x.org".into()],
            text: "Hello\n\n> older\nBye\n".into(),
            attachments: vec![],
        }
    }

    fn me() -> Identity {
        Identity {
            name: "Me".into(),
            email: "me@y.org".into(),
        }
    }

    #[test]
    fn reply_quotes_and_threads() {
        let d = respond_with(&original(), ReplyKind::Reply, &me(), &[], &Wording::default());
        assert_eq!(d.to, vec!["Ann Example <ann@x.org>"]);
        assert!(d.cc.is_empty());
        assert_eq!(d.subject, "Re: Plans");
        assert_eq!(d.in_reply_to.as_deref(), Some("p@x.org"));
        assert_eq!(d.references, vec!["root@x.org", "mid@x.org", "p@x.org"]);
        assert_eq!(
            d.body,
            "\n\nOn 2023-11-14 22:13 UTC, Ann Example wrote:\n> Hello\n>\n>> older\n> Bye\n"
        );
        assert_eq!(d.origin.as_ref().map(|o| o.1), Some(ReplyKind::Reply));
    }

    #[test]
    fn reply_honours_reply_to() {
        let mut o = original();
        o.reply_to = vec!["list@x.org".into()];
        let d = respond_with(&o, ReplyKind::Reply, &me(), &[], &Wording::default());
        assert_eq!(d.to, vec!["list@x.org"]);
    }

    #[test]
    fn reply_all_drops_own_addresses_and_duplicates() {
        let own = vec!["me-too@y.org".to_string()];
        let d = respond_with(&original(), ReplyKind::ReplyAll, &me(), &own, &Wording::default());
        assert_eq!(d.to, vec!["Ann Example <ann@x.org>", "Bob <bob@x.org>"]);
        assert_eq!(d.cc, vec!["carol@x.org"]);
    }

    #[test]
    fn reply_to_own_message_goes_to_its_recipients() {
        let mut o = original();
        o.from = "me@y.org".into();
        o.to = vec!["bob@x.org".into()];
        let d = respond_with(&o, ReplyKind::Reply, &me(), &[], &Wording::default());
        assert_eq!(d.to, vec!["bob@x.org"]);
    }

    #[test]
    fn references_are_trimmed_from_the_front_keeping_the_root() {
        let refs: Vec<String> = (0..40).map(|i| format!("r{i}@x")).collect();
        let out = references(&refs, "<p@x>");
        assert_eq!(out.len(), MAX_REFERENCES);
        assert_eq!(out[0], "r0@x");
        assert_eq!(out[1], "r22@x");
        assert_eq!(out.last().map(String::as_str), Some("p@x"));
        assert_eq!(references(&["a@x".into()], "a@x"), vec!["a@x"]);
    }

    #[test]
    fn forward_carries_header_block_text_and_attachments() {
        let mut o = original();
        o.attachments = vec![crate::core::DraftAttachment::Part {
            message: o.server.clone(),
            section: "2".into(),
            name: "a.pdf".into(),
            mime_type: "application/pdf".into(),
            encoding: "base64".into(),
            size: 10,
        }];
        let d = respond_with(&o, ReplyKind::Forward, &me(), &[], &Wording::default());
        assert!(d.to.is_empty());
        assert_eq!(d.subject, "Fwd: Plans");
        assert!(d.body.contains("From: Ann Example <ann@x.org>\n"), "{}", d.body);
        assert!(d.body.contains("Subject: AW: Re: Plans\n"), "{}", d.body);
        assert!(d.body.ends_with("Hello\n\n> older\nBye\n"), "{}", d.body);
        assert_eq!(d.attachments.len(), 1);
        assert_eq!(d.origin.as_ref().map(|o| o.1), Some(ReplyKind::Forward));
        let german = Wording {
            attribution: "Am {date} schrieb {name}:".into(),
            ..Wording::default()
        };
        let r = respond_with(&o, ReplyKind::Reply, &me(), &[], &german);
        assert!(
            r.body.contains("Am 2023-11-14 22:13 UTC schrieb Ann Example:"),
            "{}",
            r.body
        );
    }
}
