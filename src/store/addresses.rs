//! Address completion for the composer: senders and recipients of cached mail (all
//! accounts), matched by prefix on the name, a word of the name, or the address, and
//! ranked by how often and how recently they occur.
//!
//! Query plan: a LIKE with a leading wildcard cannot use an index, so this is one scan
//! of `message` (SCAN message, then a sort by date of the matching rows, capped at
//! `SCAN_CAP`); parsing and ranking happen here. The UI runs it on the blocking pool
//! (`ui::db`), never on the UI thread.

use std::collections::HashMap;

use super::{Store, db_error};
use crate::core::TernError;

/// At most this many matching messages (newest first) are looked at: frequency among
/// the newest matches ranks as well as among all, and parsing stays bounded.
const SCAN_CAP: i64 = 5_000;

/// One completion.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    /// Display name, may be empty.
    pub name: String,
    pub addr: String,
    /// Messages it appears in (within the scanned ones).
    pub count: u32,
    /// Newest date it appeared, seconds since the epoch.
    pub last: i64,
}

impl Address {
    /// As typed in a To field: "Name <addr>" or "addr"; a name with characters that
    /// RFC 5322 only allows quoted ("Doe, Jo") is quoted.
    pub fn formatted(&self) -> String {
        if self.name.is_empty() {
            return self.addr.clone();
        }
        if self
            .name
            .contains([',', ';', '<', '>', '@', '"', '(', ')', '[', ']', ':', '.', '\\'])
        {
            let escaped = self.name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{escaped}\" <{}>", self.addr)
        } else {
            format!("{} <{}>", self.name, self.addr)
        }
    }

    /// Rank: frequency, halved for every 30 days since last use.
    fn score(&self, now: i64) -> f64 {
        let age_days = ((now - self.last).max(0) as f64) / 86_400.0;
        f64::from(self.count) / (1.0 + age_days / 30.0)
    }
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Splits a stored recipient list ("Ann <a@x>, Doe, Jo <j@x>, b@x") into (name, addr):
/// commas inside a display name are kept by joining pieces until one holds an address.
pub fn parse_recipients(list: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for piece in list.split(',') {
        if !pending.is_empty() {
            pending.push(',');
        }
        pending.push_str(piece);
        if !piece.contains('@') {
            continue;
        }
        let one = std::mem::take(&mut pending);
        let one = one.trim();
        match (one.rfind('<'), one.rfind('>')) {
            (Some(a), Some(b)) if a < b => {
                let name = one[..a].trim().trim_matches('"').trim().to_string();
                out.push((name, one[a + 1..b].trim().to_string()));
            }
            _ => out.push((String::new(), one.to_string())),
        }
    }
    out
}

fn matches(prefix: &str, name: &str, addr: &str) -> bool {
    let lower = |s: &str| s.to_lowercase();
    let addr = lower(addr);
    let name = lower(name);
    addr.starts_with(prefix)
        || name.starts_with(prefix)
        || name
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|w| w.starts_with(prefix))
}

impl Store {
    /// Up to `limit` addresses starting with `prefix` (name, a word of the name, or the
    /// address; case-insensitive), best first. `now` is seconds since the epoch.
    pub fn complete_address(&self, prefix: &str, limit: usize, now: i64) -> Result<Vec<Address>, TernError> {
        let prefix = prefix.trim().to_lowercase();
        if prefix.is_empty() {
            return Ok(Vec::new());
        }
        let starts = format!("{}%", escape_like(&prefix));
        let inside = format!("%{}%", escape_like(&prefix));
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT from_name, from_addr, recipients, internal_date FROM message
                 WHERE from_addr LIKE ?1 ESCAPE '\\' OR from_name LIKE ?2 ESCAPE '\\'
                    OR recipients LIKE ?2 ESCAPE '\\'
                 ORDER BY internal_date DESC LIMIT ?3",
            )
            .map_err(db_error)?;
        let rows = stmt
            .query_map((&starts, &inside, SCAN_CAP), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(db_error)?;
        let mut seen: HashMap<String, Address> = HashMap::new();
        let mut add = |name: &str, addr: &str, date: i64| {
            if addr.is_empty() || !addr.contains('@') || !matches(&prefix, name, addr) {
                return;
            }
            let e = seen.entry(addr.to_lowercase()).or_insert_with(|| Address {
                name: String::new(),
                addr: addr.to_string(),
                count: 0,
                last: date,
            });
            e.count += 1;
            // Rows come newest first: the first name seen is the newest one.
            if e.name.is_empty() {
                e.name = name.to_string();
            }
            e.last = e.last.max(date);
        };
        for row in rows {
            let (from_name, from_addr, recipients, date) = row.map_err(db_error)?;
            add(&from_name, &from_addr, date);
            if !recipients.is_empty() && recipients.to_lowercase().contains(&prefix) {
                for (name, addr) in parse_recipients(&recipients) {
                    add(&name, &addr, date);
                }
            }
        }
        let mut list: Vec<Address> = seen.into_values().collect();
        list.sort_by(|a, b| {
            b.score(now)
                .total_cmp(&a.score(now))
                .then_with(|| b.last.cmp(&a.last))
                .then_with(|| a.addr.cmp(&b.addr))
        });
        list.truncate(limit);
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipient_lists_keep_commas_in_names() {
        assert_eq!(
            parse_recipients("Ann <a@x.org>, Doe, Jo <j@x.org>, b@x.org"),
            vec![
                ("Ann".to_string(), "a@x.org".to_string()),
                ("Doe, Jo".to_string(), "j@x.org".to_string()),
                (String::new(), "b@x.org".to_string()),
            ]
        );
    }

    #[test]
    fn names_with_specials_are_quoted() {
        let a = |name: &str| Address {
            name: name.into(),
            addr: "j@x.org".into(),
            count: 1,
            last: 0,
        };
        assert_eq!(a("Jo Doe").formatted(), "Jo Doe <j@x.org>");
        assert_eq!(a("Doe, Jo").formatted(), "\"Doe, Jo\" <j@x.org>");
        assert_eq!(a("Jo \"JD\" Doe").formatted(), "\"Jo \\\"JD\\\" Doe\" <j@x.org>");
        assert_eq!(a("").formatted(), "j@x.org");
    }

    #[test]
    fn prefix_matches_name_words_and_address() {
        assert!(matches("jo", "Doe, Jo", "x@y"));
        assert!(matches("doe", "Doe, Jo", "x@y"));
        assert!(matches("x@", "", "x@y"));
        assert!(!matches("oe", "Doe", "x@y"));
    }
}
