//! Server-side search (issue 11 item 1) for mail whose text is not cached: `UID SEARCH`
//! with the criteria the server can check. Never `RETURN (...)`: imap-proto cannot parse
//! ESEARCH replies. `has:` and `in:` are not sent (the caller picks folders and checks
//! attachments against the cache).

use super::commands::quote;
use super::connect::Connection;
use crate::core::{SearchField, SearchQuery, TernError};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An IMAP date (RFC 9051 date: d-Mon-yyyy) of a unix day start.
fn imap_date(seconds: i64) -> String {
    let (y, m, d) = crate::core::civil(seconds.div_euclid(86_400));
    format!("{d}-{}-{y}", MONTHS[(m as usize).saturating_sub(1).min(11)])
}

/// A search string: quoted when ASCII, else a non-synchronizing literal (LITERAL+).
fn astring(s: &str) -> String {
    if s.is_ascii() && !s.contains(['\r', '\n']) {
        quote(s)
    } else {
        let clean: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        format!("{{{}+}}\r\n{clean}", clean.len())
    }
}

/// The UID SEARCH arguments for `query` (ALL when nothing narrows it).
pub fn search_criteria(query: &SearchQuery) -> String {
    let mut parts = Vec::new();
    for t in &query.terms {
        let v = astring(&t.text);
        parts.push(match t.field {
            SearchField::Anywhere => format!("TEXT {v}"),
            SearchField::From => format!("FROM {v}"),
            SearchField::To => format!("OR TO {v} CC {v}"),
            SearchField::Subject => format!("SUBJECT {v}"),
        });
    }
    if query.unread {
        parts.push("UNSEEN".into());
    }
    if query.starred {
        parts.push("FLAGGED".into());
    }
    if let Some(b) = query.before {
        parts.push(format!("BEFORE {}", imap_date(b)));
    }
    if let Some(a) = query.after {
        parts.push(format!("SINCE {}", imap_date(a)));
    }
    let charset = if query.terms.iter().any(|t| !t.text.is_ascii()) {
        "CHARSET UTF-8 "
    } else {
        ""
    };
    if parts.is_empty() {
        "ALL".into()
    } else {
        format!("{charset}{}", parts.join(" "))
    }
}

impl Connection {
    /// UIDs in the selected folder that the server finds for `query`, ascending.
    pub async fn search_uids(&mut self, query: &SearchQuery) -> Result<Vec<u32>, TernError> {
        let reply = self
            .raw("the search", &format!("UID SEARCH {}", search_criteria(query)))
            .await?;
        let mut uids = reply.search;
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse_query;

    #[test]
    fn criteria_for_every_server_side_operator() {
        let q = parse_query("lunch from:anna to:\"Bob J\" subject:x is:unread is:starred after:2024-01-31 before:2024-03-01 has:attachment in:inbox").expect("q");
        assert_eq!(
            search_criteria(&q),
            "TEXT \"lunch\" FROM \"anna\" OR TO \"Bob J\" CC \"Bob J\" SUBJECT \"x\" UNSEEN FLAGGED BEFORE 1-Mar-2024 SINCE 31-Jan-2024"
        );
        assert_eq!(search_criteria(&parse_query("").expect("q")), "ALL");
        let q = parse_query("Jürgen").expect("q");
        assert_eq!(search_criteria(&q), "CHARSET UTF-8 TEXT {7+}\r\nJürgen");
    }
}
