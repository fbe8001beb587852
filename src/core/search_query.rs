//! The search grammar shared by the window's search field and `tern search` (issue 11
//! item 1): free words, "quoted phrases", `from:` `to:` `subject:` (each with a word or
//! a quoted phrase), `has:attachment`, `is:unread`, `is:starred`, `in:FOLDER`,
//! `before:YYYY-MM-DD` (strictly before that day) and `after:YYYY-MM-DD` (that day or
//! later), days in UTC. All parts must match. A word matches any word that starts with
//! it ("meet" finds "meeting"), as people type; a quoted phrase matches whole words in
//! that order. A `word:` that is not an operator is plain text ("Re: lunch").
//! Pure: no I/O; the store turns a `SearchQuery` into SQL.

use super::{ErrorKind, TernError, Text};

/// Which header a text term must be found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    /// Subject, sender, recipients, fetched text or attachment names.
    Anywhere,
    /// Sender's name or address.
    From,
    /// To and Cc names and addresses.
    To,
    Subject,
}

/// A word or phrase to find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTerm {
    pub field: SearchField,
    pub text: String,
    /// A quoted phrase: whole words only; otherwise the last word may be a prefix.
    pub phrase: bool,
}

/// A parsed search. An empty query matches every message in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<TextTerm>,
    pub has_attachment: bool,
    pub unread: bool,
    pub starred: bool,
    /// `in:` folder names (path or role such as "inbox", "sent"; case-insensitive); a
    /// message in any of them matches.
    pub folders: Vec<String>,
    /// Unix seconds: the message's date must be earlier than this.
    pub before: Option<i64>,
    /// Unix seconds: the message's date must be this or later.
    pub after: Option<i64>,
}

impl SearchQuery {
    /// Whether the query needs the full-text index (it has words or phrases).
    pub fn has_text(&self) -> bool {
        !self.terms.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        *self == SearchQuery::default()
    }
}

/// Parses what the user typed.
pub fn parse_query(input: &str) -> Result<SearchQuery, TernError> {
    let mut query = SearchQuery::default();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (piece, after) = next_piece(rest)?;
        rest = after.trim_start();
        apply(&mut query, piece)?;
    }
    Ok(query)
}

/// One piece of a query: an operator with its value, or text.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Word(&'a str),
    Phrase(&'a str),
    Operator {
        name: &'a str,
        value: &'a str,
        quoted: bool,
    },
}

const OPERATORS: [&str; 7] = ["from", "to", "subject", "has", "is", "in", "before"];

fn is_operator(name: &str) -> bool {
    OPERATORS.iter().any(|o| o.eq_ignore_ascii_case(name)) || name.eq_ignore_ascii_case("after")
}

fn next_piece(s: &str) -> Result<(Piece<'_>, &str), TernError> {
    if let Some(inner) = s.strip_prefix('"') {
        let (phrase, after) = quoted(inner)?;
        return Ok((Piece::Phrase(phrase), after));
    }
    if let Some(colon) = s.find(':')
        && !s[..colon].contains(char::is_whitespace)
        && !s[..colon].contains('"')
        && is_operator(&s[..colon])
    {
        let name = &s[..colon];
        let value_start = &s[colon + 1..];
        if let Some(inner) = value_start.strip_prefix('"') {
            let (value, after) = quoted(inner)?;
            return Ok((
                Piece::Operator {
                    name,
                    value,
                    quoted: true,
                },
                after,
            ));
        }
        let end = value_start.find(char::is_whitespace).unwrap_or(value_start.len());
        return Ok((
            Piece::Operator {
                name,
                value: &value_start[..end],
                quoted: false,
            },
            &value_start[end..],
        ));
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    Ok((Piece::Word(&s[..end]), &s[end..]))
}

/// The text up to the closing quote, and what follows it.
fn quoted(inner: &str) -> Result<(&str, &str), TernError> {
    match inner.find('"') {
        Some(end) => Ok((&inner[..end], &inner[end + 1..])),
        None => Err(query_error(
            "The search has a quote that is never closed. Add the closing \" or remove the quote.",
            Text::new("err-search-unclosed-quote"),
        )),
    }
}

fn apply(query: &mut SearchQuery, piece: Piece<'_>) -> Result<(), TernError> {
    match piece {
        Piece::Word(w) => push_text(query, SearchField::Anywhere, w, false),
        Piece::Phrase(p) => push_text(query, SearchField::Anywhere, p, true),
        Piece::Operator { name, value, quoted } => {
            let name = name.to_ascii_lowercase();
            if value.trim().is_empty() {
                return Err(query_error(
                    format!(
                        "“{name}:” needs something after the colon, for example {name}:{}.",
                        example(&name)
                    ),
                    Text::new("err-search-empty-value")
                        .arg("operator", format!("{name}:"))
                        .arg("example", format!("{name}:{}", example(&name))),
                ));
            }
            match name.as_str() {
                "from" => push_text(query, SearchField::From, value, quoted),
                "to" => push_text(query, SearchField::To, value, quoted),
                "subject" => push_text(query, SearchField::Subject, value, quoted),
                "in" => query.folders.push(value.to_string()),
                "has" if value.eq_ignore_ascii_case("attachment") => query.has_attachment = true,
                "has" => {
                    return Err(query_error(
                        format!("“has:{value}” is not known. Use has:attachment."),
                        Text::new("err-search-bad-has").arg("value", value),
                    ));
                }
                "is" if value.eq_ignore_ascii_case("unread") => query.unread = true,
                "is" if value.eq_ignore_ascii_case("starred") => query.starred = true,
                "is" => {
                    return Err(query_error(
                        format!("“is:{value}” is not known. Use is:unread or is:starred."),
                        Text::new("err-search-bad-is").arg("value", value),
                    ));
                }
                // before / after
                _ => {
                    let day = parse_day(value).ok_or_else(|| {
                        query_error(
                            format!("“{value}” is not a date. Write dates as YYYY-MM-DD, for example {name}:2024-03-31."),
                            Text::new("err-search-bad-date")
                                .arg("value", value)
                                .arg("operator", format!("{name}:")),
                        )
                    })?;
                    let start = day * 86_400;
                    if name == "before" {
                        query.before = Some(query.before.map_or(start, |b| b.min(start)));
                    } else {
                        query.after = Some(query.after.map_or(start, |a| a.max(start)));
                    }
                }
            }
        }
    }
    Ok(())
}

fn example(operator: &str) -> &'static str {
    match operator {
        "from" | "to" => "anna@example.com",
        "subject" => "invoice",
        "has" => "attachment",
        "is" => "unread",
        "in" => "inbox",
        _ => "2024-03-31",
    }
}

fn push_text(query: &mut SearchQuery, field: SearchField, text: &str, phrase: bool) {
    // Words with nothing searchable ("-", "&") would match everything or nothing.
    if text.chars().any(char::is_alphanumeric) {
        query.terms.push(TextTerm {
            field,
            text: text.to_string(),
            phrase,
        });
    }
}

fn query_error(message: impl Into<String>, text: Text) -> TernError {
    TernError::new(ErrorKind::NotFound, message).with_text(text)
}

/// Days since 1970-01-01 of a valid `YYYY-MM-DD`.
fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    // Days from civil (the inverse of calendar::civil), then a round trip rejects 02-30.
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * i64::from(mm) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (super::civil(days) == (y, m, d)).then_some(days)
}

/// Whether the character belongs to a script written without spaces between words
/// (Han, Kana, Hangul): the index treats each such character as a word of its own, so a
/// search for a run of them finds it anywhere in the text.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F) // CJK Extensions B+
}

/// Text as the full-text index stores it: each character of an unspaced script set apart
/// by spaces (see `is_unspaced_script`); everything else unchanged.
pub fn spaced_for_index(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unspaced_script) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        if is_unspaced_script(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
#[path = "search_query_tests.rs"]
mod tests;
