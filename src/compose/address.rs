//! Addresses and subjects as the reply rules need them: parsing what the user typed,
//! comparing addresses, de-duplicating, and the one "Re: " prefix.

use lettre::message::Mailbox;

use crate::core::{ErrorKind, TernError, Text};

/// The bare address of "Name <a@b>" or "a@b", lower-cased for comparison.
pub fn address_key(entry: &str) -> String {
    bare_address(entry).to_lowercase()
}

/// The bare address of "Name <a@b>" or "a@b" (case kept).
pub fn bare_address(entry: &str) -> String {
    let entry = entry.trim();
    match (entry.rfind('<'), entry.rfind('>')) {
        (Some(open), Some(close)) if open < close => entry[open + 1..close].trim().to_string(),
        _ => entry.to_string(),
    }
}

/// The domain of an address ("example.org"), for Message-IDs; "localhost" when none.
pub fn domain_of(address: &str) -> String {
    match bare_address(address).rsplit_once('@') {
        Some((_, d)) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_graphic() && b != b'>') => {
            d.to_string()
        }
        _ => "localhost".to_string(),
    }
}

/// Splits what was typed into one field: entries separated by commas or semicolons,
/// except inside quotes or angle brackets ("Doe, Ann" <ann@x>).
pub fn split_entries(field: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut angle) = (false, false);
    for c in field.chars() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                if !cur.trim().is_empty() {
                    out.push(cur.trim().to_string());
                }
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Parses each entry of each field ("Ann <ann@x>", "bob@x", "a@x, b@x") into mailboxes;
/// the first bad one is named in the error.
pub fn parse_mailboxes(fields: &[String]) -> Result<Vec<Mailbox>, TernError> {
    let mut out = Vec::new();
    for entry in fields.iter().flat_map(|f| split_entries(f)) {
        let mailbox = entry.parse::<Mailbox>().or_else(|_| {
            // "Name <addr>" where the name needs quoting (a comma, a dot) still means it.
            let addr = bare_address(&entry);
            let name = entry[..entry.rfind('<').unwrap_or(0)]
                .trim()
                .trim_matches('"')
                .trim();
            addr.parse()
                .map(|a| Mailbox::new((!name.is_empty()).then(|| name.to_string()), a))
        });
        match mailbox {
            Ok(m) => out.push(m),
            Err(_) => {
                return Err(TernError::new(
                    ErrorKind::Message,
                    format!("\"{entry}\" is not an email address. Correct it and send again."),
                )
                .with_text(Text::new("err-not-an-address").arg("who", entry.to_string())));
            }
        }
    }
    Ok(out)
}

/// Keeps the first of each address (compared without case) and drops `exclude`.
pub fn dedup_addresses(entries: Vec<String>, exclude: &[String]) -> Vec<String> {
    let mut seen: std::collections::HashSet<String> = exclude.iter().map(|e| address_key(e)).collect();
    entries
        .into_iter()
        .filter(|e| !e.trim().is_empty() && seen.insert(address_key(e)))
        .collect()
}

/// Prefixes that mean "reply" or "forward" in common clients and languages.
const PREFIXES: &[&str] = &[
    "re", "aw", "sv", "antw", "vs", "odp", "fwd", "fw", "wg", "tr", "rv",
];

/// The subject without any leading run of reply/forward prefixes ("Re: AW: Fwd: x",
/// "RE[2]: x" -> "x").
pub fn strip_prefixes(subject: &str) -> &str {
    let mut s = subject.trim_start();
    loop {
        let Some(colon) = s.find(':') else { return s };
        let head = s[..colon].trim();
        // "Re[2]" and "Re(2)" count too.
        let word = head.split(['[', '(']).next().unwrap_or("").trim();
        if !PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word)) {
            return s;
        }
        s = s[colon + 1..].trim_start();
    }
}

/// "Re: " + the subject without its prefixes.
pub fn reply_subject(subject: &str) -> String {
    format!("Re: {}", strip_prefixes(subject))
}

/// "Fwd: " + the subject without its prefixes.
pub fn forward_subject(subject: &str) -> String {
    format!("Fwd: {}", strip_prefixes(subject))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_re_however_many_prefixes() {
        assert_eq!(reply_subject("Hello"), "Re: Hello");
        assert_eq!(reply_subject("Re: Re: RE: Hello"), "Re: Hello");
        assert_eq!(reply_subject("AW: SV: Antw: Fwd: Hello"), "Re: Hello");
        assert_eq!(reply_subject("RE[2]: Hello"), "Re: Hello");
        assert_eq!(reply_subject("Meeting: agenda"), "Re: Meeting: agenda");
        assert_eq!(forward_subject("Re: Hello"), "Fwd: Hello");
        assert_eq!(reply_subject(""), "Re: ");
    }

    #[test]
    fn entries_split_outside_quotes() {
        assert_eq!(
            split_entries("\"Doe, Ann\" <ann@x.org>, bob@x.org; c@x.org"),
            vec!["\"Doe, Ann\" <ann@x.org>", "bob@x.org", "c@x.org"]
        );
        assert!(split_entries(" , ").is_empty());
    }

    #[test]
    fn mailboxes_parse_or_name_the_bad_one() {
        let m = parse_mailboxes(&["Ann Example <ann@x.org>, bob@x.org".into()]).expect("ok");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].email.to_string(), "ann@x.org");
        assert_eq!(m[0].name.as_deref(), Some("Ann Example"));
        let m = parse_mailboxes(&["Doe. Ann <ann@x.org>".into()]).expect("lenient name");
        assert_eq!(m[0].name.as_deref(), Some("Doe. Ann"));
        let e = parse_mailboxes(&["ann@x.org".into(), "not an address".into()]).expect_err("bad");
        assert!(e.message.contains("not an address"), "{}", e.message);
    }

    #[test]
    fn dedup_compares_addresses_without_case() {
        let out = dedup_addresses(
            vec![
                "Ann <ANN@x.org>".into(),
                "ann@x.org".into(),
                "me@x.org".into(),
                "b@x.org".into(),
            ],
            &["Me <me@X.org>".into()],
        );
        assert_eq!(out, vec!["Ann <ANN@x.org>", "b@x.org"]);
        assert_eq!(domain_of("Ann <ann@Example.org>"), "Example.org");
        assert_eq!(domain_of("nobody"), "localhost");
    }
}
