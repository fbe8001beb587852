//! HTML character references: `&amp;`, `&#233;`, `&#xE9;` and the named entities that
//! mail actually uses.

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "bull" => "•",
        "middot" => "·",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "sect" => "§",
        "para" => "¶",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup1" => "¹",
        "sup2" => "²",
        "sup3" => "³",
        "micro" => "µ",
        "iexcl" => "¡",
        "iquest" => "¿",
        "shy" => "\u{AD}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200C}",
        "zwj" => "\u{200D}",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "hearts" => "♥",
        "check" => "✓",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        "eacute" => "é",
        "egrave" => "è",
        "ecirc" => "ê",
        "euml" => "ë",
        "Eacute" => "É",
        "aacute" => "á",
        "agrave" => "à",
        "acirc" => "â",
        "atilde" => "ã",
        "aring" => "å",
        "aelig" => "æ",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "iacute" => "í",
        "igrave" => "ì",
        "icirc" => "î",
        "iuml" => "ï",
        "ntilde" => "ñ",
        "Ntilde" => "Ñ",
        "oacute" => "ó",
        "ograve" => "ò",
        "ocirc" => "ô",
        "otilde" => "õ",
        "oslash" => "ø",
        "Oslash" => "Ø",
        "uacute" => "ú",
        "ugrave" => "ù",
        "ucirc" => "û",
        "yacute" => "ý",
        "yuml" => "ÿ",
        "Aring" => "Å",
        "AElig" => "Æ",
        "alpha" => "α",
        "beta" => "β",
        "pi" => "π",
        "mu" => "μ",
        _ => return None,
    })
}

/// Decodes character references (`&amp;`, `&#233;`, `&#xE9;`); unknown ones stay as
/// written. Invalid code points become U+FFFD.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let body = &rest[1..];
        let end = body
            .char_indices()
            .take(33)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map_or(body.len().min(33), |(i, _)| i);
        let name = &body[..end];
        let has_semi = body[end..].starts_with(';');
        let consumed = 1 + end + usize::from(has_semi);
        let mut consumed = consumed;
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let value = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            (!num.is_empty()).then(|| {
                let c = value
                    .filter(|&v| v != 0)
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                c.to_string()
            })
        } else {
            named_entity(name).map(str::to_string).or_else(|| {
                // Legacy references that browsers accept without a semicolon ("&ampy").
                ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]
                    .into_iter()
                    .find(|p| !has_semi && name.starts_with(p))
                    .and_then(|p| {
                        consumed = 1 + p.len();
                        named_entity(p).map(str::to_string)
                    })
            })
        };
        match decoded {
            Some(text) if !name.is_empty() => {
                out.push_str(&text);
                rest = &rest[consumed..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#233;&#xE9; &nbsp;&bogus; &"),
            "a & b <c> éé \u{A0}&bogus; &"
        );
        assert_eq!(
            decode_entities("&#0;&#xD800;&#99999999;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(decode_entities("x&ampy"), "x&y");
    }
}
