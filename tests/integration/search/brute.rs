//! The oracle for search: every cached message read straight from the cache tables (no
//! full-text index), each column cut into words by a tokenizer written here, and the
//! query's meaning (core/search_query.rs) applied by a full scan.

use std::path::Path;

use tern::core::{BodyPart, Flags, MessageId, SearchField, SearchQuery, is_unspaced_script};
use tern::store::SearchScope;

/// One cached message as the scan sees it.
pub struct Cached {
    pub id: i64,
    pub account: i64,
    pub folder: i64,
    pub path: String,
    pub role: String,
    pub visible: bool,
    pub flags: u32,
    pub has_attachments: bool,
    pub date: i64,
    /// Words of subject, sender, recipients, body, attachments (normalised).
    pub columns: [Vec<String>; 5],
    /// The same columns as written, for making up queries.
    pub raw: [String; 5],
}

/// Strips what SQLite's unicode61 tokenizer with remove_diacritics=2 strips from Latin
/// letters (those with a canonical decomposition into letter + accents).
fn fold(c: char) -> char {
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåāăąǎ", 'a'),
        ("çćĉċč", 'c'),
        ("ď", 'd'),
        ("èéêëēĕėęě", 'e'),
        ("ĝğġģ", 'g'),
        ("ĥ", 'h'),
        ("ìíîïĩīĭįǐ", 'i'),
        ("ĵ", 'j'),
        ("ķ", 'k'),
        ("ĺļľ", 'l'),
        ("ñńņň", 'n'),
        ("òóôõöōŏőǒ", 'o'),
        ("ŕŗř", 'r'),
        ("śŝşšș", 's'),
        ("ţťț", 't'),
        ("ùúûüũūŭůűųǔ", 'u'),
        ("ŵ", 'w'),
        ("ýÿŷ", 'y'),
        ("źżž", 'z'),
    ];
    FOLDS
        .iter()
        .find(|(set, _)| set.contains(c))
        .map_or(c, |(_, base)| *base)
}

/// Whether a word is made only of letters whose folding this oracle knows for sure.
pub fn plain_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars().all(|c| {
            c.is_ascii_alphanumeric() || is_unspaced_script(c) || (c.is_alphabetic() && fold(c) != c)
        })
}

/// Words as written: runs of letters and digits; each Han/Kana/Hangul character alone.
pub fn raw_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            // Combining accents belong to the word and fold away.
            continue;
        }
        if is_unspaced_script(c) || !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if is_unspaced_script(c) {
                out.push(c.to_string());
            }
            continue;
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn normalise(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(fold).collect()
}

fn words(text: &str) -> Vec<String> {
    raw_words(text).iter().map(|w| normalise(w)).collect()
}

/// Whether `col` holds `want` in order, the last word as a prefix unless `phrase`.
fn holds(col: &[String], want: &[String], phrase: bool) -> bool {
    let Some((last, first)) = want.split_last() else {
        return false;
    };
    col.windows(want.len()).any(|w| {
        w[..first.len()] == *first
            && if phrase {
                w[first.len()] == *last
            } else {
                w[first.len()].starts_with(last.as_str())
            }
    })
}

impl Cached {
    pub fn matches(&self, q: &SearchQuery, scope: SearchScope) -> bool {
        let in_scope = self.visible
            && scope.account.is_none_or(|a| a.0 == self.account)
            && scope.folder.is_none_or(|f| f.0 == self.folder);
        let text_ok = q.terms.iter().all(|t| {
            let want = words(&t.text);
            let cols: &[usize] = match t.field {
                SearchField::Anywhere => &[0, 1, 2, 3, 4],
                SearchField::Subject => &[0],
                SearchField::From => &[1],
                SearchField::To => &[2],
            };
            cols.iter().any(|&c| holds(&self.columns[c], &want, t.phrase))
        });
        let flags = Flags(self.flags);
        in_scope
            && text_ok
            && (!q.unread || !flags.contains(Flags::SEEN))
            && (!q.starred || flags.contains(Flags::FLAGGED))
            && (!q.has_attachment || self.has_attachments)
            && q.before.is_none_or(|b| self.date < b)
            && q.after.is_none_or(|a| self.date >= a)
            && (q.folders.is_empty()
                || q.folders
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&self.path) || f.to_ascii_lowercase() == self.role))
    }
}

/// Every message of the cache at `path`, read with plain SQL.
pub fn load(path: &Path) -> Vec<Cached> {
    let conn = rusqlite::Connection::open(path).expect("open cache");
    let mut stmt = conn
        .prepare(
            "SELECT m.id, f.account_id, m.folder_id, f.path, f.role,
                    m.hidden = 0 AND f.uidvalidity = m.uidvalidity,
                    m.flags, m.has_attachments, m.internal_date,
                    m.subject, m.from_name || ' ' || m.from_addr, m.recipients, m.bodystructure,
                    coalesce(b.text, ''), coalesce(b.attachments, '')
             FROM message m JOIN folder f ON f.id = m.folder_id
             LEFT JOIN body b ON b.message_id = m.id",
        )
        .expect("prepare");
    stmt.query_map([], |r| {
        let tree: String = r.get(12)?;
        let names: Vec<String> = serde_json::from_str::<BodyPart>(&tree)
            .map(|root| {
                root.walk()
                    .into_iter()
                    .filter(|p| p.is_attachment())
                    .filter_map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let attachments = format!("{} {}", names.join(" "), r.get::<_, String>(14)?);
        let raw: [String; 5] = [r.get(9)?, r.get(10)?, r.get(11)?, r.get(13)?, attachments];
        Ok(Cached {
            id: r.get(0)?,
            account: r.get(1)?,
            folder: r.get(2)?,
            path: r.get(3)?,
            role: r.get(4)?,
            visible: r.get(5)?,
            flags: r.get(6)?,
            has_attachments: r.get(7)?,
            date: r.get(8)?,
            columns: raw.clone().map(|c| words(&c)),
            raw,
        })
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The scan's answer, newest first (as the store orders results).
pub fn search(all: &[Cached], q: &SearchQuery, scope: SearchScope) -> Vec<MessageId> {
    let mut hits: Vec<&Cached> = all.iter().filter(|m| m.matches(q, scope)).collect();
    hits.sort_by_key(|m| std::cmp::Reverse((m.date, m.id)));
    hits.iter().map(|m| MessageId(m.id)).collect()
}
