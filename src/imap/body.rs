//! Fetching parts of a message: several sections in one command (for display), and
//! byte ranges of one section (attachments, in partial fetches whose literal size the
//! guard caps at the requested length + 64 KiB).

use imap_proto::{MessageSection, SectionPath};

use super::connect::Connection;
use crate::core::{ErrorKind, Section, TernError};

// The wire form of a section lives here, with the rest of the IMAP syntax.
impl Section {
    fn spec(&self) -> String {
        match self {
            Section::Header => "HEADER".into(),
            Section::Mime(n) => format!("{n}.MIME"),
            Section::HeaderOf(n) => format!("{n}.HEADER"),
            Section::Part(n) => n.clone(),
        }
    }

    pub(super) fn path(&self) -> Option<SectionPath> {
        let nums = |n: &str| {
            n.split('.')
                .map(|p| p.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()
        };
        Some(match self {
            Section::Header => SectionPath::Full(MessageSection::Header),
            Section::Mime(n) => SectionPath::Part(nums(n)?, Some(MessageSection::Mime)),
            Section::HeaderOf(n) => SectionPath::Part(nums(n)?, Some(MessageSection::Header)),
            Section::Part(n) => SectionPath::Part(nums(n)?, None),
        })
    }
}

/// The ~1 MiB chunk used for attachment downloads.
pub const CHUNK: u32 = 1 << 20;
const DEFAULT_LITERAL_CAP: u64 = 32 << 20;

impl Connection {
    /// Fetches `sections` of message `uid` with BODY.PEEK (never sets \Seen). Each result
    /// is `None` if the server sent nothing for it.
    pub async fn fetch_sections(
        &mut self,
        uid: u32,
        sections: &[Section],
    ) -> Result<Vec<Option<Vec<u8>>>, TernError> {
        if sections.is_empty() {
            return Ok(Vec::new());
        }
        let items: Vec<String> = sections
            .iter()
            .map(|s| format!("BODY.PEEK[{}]", s.spec()))
            .collect();
        let query = format!("(UID {})", items.join(" "));
        let paths: Vec<Option<SectionPath>> = sections.iter().map(Section::path).collect();
        // A FETCH for this UID without any of the sections is a flags update the server
        // slipped in (before or after the data): it is not the answer.
        let mut found = self
            .fetch_map(true, &uid.to_string(), &query, |f| {
                if f.uid != Some(uid) {
                    return None;
                }
                let got: Vec<Option<Vec<u8>>> = paths
                    .iter()
                    .map(|p| p.as_ref().and_then(|p| f.section(p)).map(<[u8]>::to_vec))
                    .collect();
                got.iter().any(Option::is_some).then_some(got)
            })
            .await?;
        found.pop().ok_or_else(|| {
            TernError::new(
                ErrorKind::NotFound,
                "The message is no longer on the server (it was moved or deleted elsewhere).",
            )
            .with_text(crate::core::Text::new("err-message-gone-from-server"))
        })
    }

    /// Up to `len` bytes of section `part` from `offset` (RFC 9051 §6.4.5 partial fetch).
    /// Fewer bytes than asked means the end of the part. Untagged FETCH responses for
    /// the same message without the section (flag updates) are never taken for an empty
    /// chunk when the data came too; with no data at all the chunk is empty, and the
    /// caller compares what it got with the part's size.
    pub async fn fetch_partial(
        &mut self,
        uid: u32,
        part: &str,
        offset: u64,
        len: u32,
    ) -> Result<Vec<u8>, TernError> {
        let section = Section::Part(part.to_string());
        let path = section.path().ok_or_else(|| {
            TernError::new(ErrorKind::NotFound, "That part does not exist.")
                .with_text(crate::core::Text::new("err-part-gone"))
        })?;
        let query = format!("(UID BODY.PEEK[{part}]<{offset}.{len}>)");
        self.set_literal_cap(u64::from(len) + 64 * 1024);
        let result = self
            .fetch_map(true, &uid.to_string(), &query, |f| {
                (f.uid == Some(uid)).then(|| f.section(&path).map(<[u8]>::to_vec))
            })
            .await;
        self.set_literal_cap(DEFAULT_LITERAL_CAP);
        let answers = result?;
        if answers.is_empty() {
            return Err(TernError::new(
                ErrorKind::NotFound,
                "The message is no longer on the server (it was moved or deleted elsewhere).",
            )
            .with_text(crate::core::Text::new("err-message-gone-from-server")));
        }
        // The answer with the section, wherever a flags update fell; none (NIL, or a
        // server past the end that sends no section) is an empty chunk.
        Ok(answers.into_iter().flatten().next_back().unwrap_or_default())
    }
}
