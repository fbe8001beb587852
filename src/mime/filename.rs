//! Attachment file names that are safe to create inside a folder the user chose (T-17,
//! SG-FS-1).
//!
//! Mail-parser hands back names exactly as the sender wrote them (`../../.bashrc`,
//! `/etc/passwd`, names with an RTL override, NUL, `CON`). [`sanitize_filename`] reduces
//! any of them to exactly one ordinary path component on Linux, macOS and Windows.

use super::display::{CharClass, classify};

/// Longest file name most file systems accept, in bytes of UTF-8.
pub const MAX_FILENAME_BYTES: usize = 255;

/// Longest extension kept when a long name is shortened (".tar.gz" fits; a "." 200 bytes
/// from the end is not an extension).
const MAX_EXTENSION_BYTES: usize = 16;

/// Characters that separate path components somewhere, or look like they do.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '/' | '\\'
            | '\u{FF0F}' // fullwidth solidus
            | '\u{FF3C}' // fullwidth reverse solidus
            | '\u{2215}' // division slash
            | '\u{2044}' // fraction slash
            | '\u{29F8}' // big solidus
            | '\u{29F9}' // big reverse solidus
            | '\u{2216}' // set minus
            | '\u{FE68}' // small reverse solidus
    )
}

/// Characters Windows does not allow in file names.
fn is_windows_forbidden(c: char) -> bool {
    matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|')
}

/// Windows device names, reserved with any extension and in any case.
fn is_reserved_device_name(stem: &str) -> bool {
    let stem = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" | "CLOCK$" => true,
        _ => {
            let Some(rest) = stem.strip_prefix("COM").or_else(|| stem.strip_prefix("LPT")) else {
                return false;
            };
            let mut chars = rest.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        }
    }
}

/// The extension (with its dot) a file of this MIME type usually has; `.bin` when unknown.
pub fn extension_for(content_type: &str) -> &'static str {
    let ct = content_type.trim().to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    match ct {
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/html" => ".html",
        "text/csv" => ".csv",
        "text/calendar" => ".ics",
        "text/vcard" | "text/x-vcard" => ".vcf",
        "text/markdown" => ".md",
        "text/xml" | "application/xml" => ".xml",
        "text/rfc822-headers" => ".txt",
        "message/rfc822" | "message/global" => ".eml",
        "message/delivery-status" | "message/global-delivery-status" => ".txt",
        "message/disposition-notification" => ".txt",
        "image/png" => ".png",
        "image/jpeg" | "image/jpg" | "image/pjpeg" => ".jpg",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "image/bmp" => ".bmp",
        "image/tiff" => ".tif",
        "image/svg+xml" => ".svg",
        "audio/mpeg" => ".mp3",
        "audio/ogg" => ".ogg",
        "audio/wav" | "audio/x-wav" => ".wav",
        "video/mp4" => ".mp4",
        "video/mpeg" => ".mpeg",
        "application/zip" | "application/x-zip-compressed" => ".zip",
        "application/gzip" | "application/x-gzip" => ".gz",
        "application/json" => ".json",
        "application/ms-tnef" | "application/vnd.ms-tnef" => ".dat",
        "application/pkcs7-signature" | "application/x-pkcs7-signature" => ".p7s",
        "application/pkcs7-mime" | "application/x-pkcs7-mime" => ".p7m",
        "application/pgp-signature" | "application/pgp-keys" | "application/pgp-encrypted" => ".asc",
        "application/msword" => ".doc",
        "application/vnd.ms-excel" => ".xls",
        "application/vnd.ms-powerpoint" => ".ppt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => ".pptx",
        "application/vnd.oasis.opendocument.text" => ".odt",
        "application/vnd.oasis.opendocument.spreadsheet" => ".ods",
        "application/rtf" | "text/rtf" => ".rtf",
        _ => ".bin",
    }
}

/// Cuts `s` to at most `max` bytes at a character boundary.
fn cut_at_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Removes what Windows and shells treat specially at the ends of a name: leading dots
/// (hidden files) and spaces, trailing dots and spaces.
fn trim_ends(s: &str) -> &str {
    s.trim_start_matches(['.', ' ']).trim_end_matches(['.', ' '])
}

/// Shortens a name to [`MAX_FILENAME_BYTES`], keeping a short extension visible.
fn limit_length(name: &str) -> String {
    if name.len() <= MAX_FILENAME_BYTES {
        return name.to_string();
    }
    let ext = name
        .rfind('.')
        .map(|i| &name[i..])
        .filter(|e| e.len() > 1 && e.len() <= MAX_EXTENSION_BYTES && e.len() < name.len());
    match ext {
        Some(ext) => {
            let stem = &name[..name.len() - ext.len()];
            let stem = cut_at_char_boundary(stem, MAX_FILENAME_BYTES - ext.len());
            format!("{}{ext}", stem.trim_end_matches(['.', ' ']))
        }
        None => trim_ends(cut_at_char_boundary(name, MAX_FILENAME_BYTES)).to_string(),
    }
}

/// Reduces an attachment's declared name to one safe path component (T-17):
/// - only the last component of any path survives (`/`, `\` and lookalikes such as
///   U+FF0F, U+FF3C, U+2215, U+2044 separate components), so `../../.bashrc` becomes
///   `bashrc` and `C:\Windows\x` becomes `x`;
/// - control characters, NUL, bidi controls and zero-width characters are removed;
/// - the Windows-forbidden characters `:*?"<>|` become `_`;
/// - leading dots (hidden files) and trailing dots and spaces are removed;
/// - Windows device names (`CON`, `nul.txt`, `com1`, …) get a `_` prefix;
/// - at most 255 bytes, keeping the extension;
/// - nothing left: `attachment` plus an extension from `content_type` (`attachment.bin`
///   when the type is unknown).
///
/// The extension is never hidden or changed: a `.desktop` name stays `.desktop`
/// (dangerous-type warnings happen when the file is opened).
pub fn sanitize_filename(name: Option<&str>, content_type: &str) -> String {
    let raw = name.unwrap_or("");
    // 1. Drop invisible characters, turn odd whitespace into spaces.
    let mut cleaned = String::with_capacity(raw.len());
    for c in raw.chars() {
        match classify(c) {
            CharClass::Drop => {}
            CharClass::Space if cleaned.ends_with(' ') => {}
            CharClass::Space => cleaned.push(' '),
            CharClass::Keep => cleaned.push(c),
        }
    }
    // 2. Keep only the last real path component.
    let last = cleaned
        .split(is_separator)
        .map(|part| part.trim())
        .rfind(|part| !trim_ends(part).is_empty())
        .unwrap_or("");
    // 3. Replace characters Windows forbids.
    let replaced: String = last
        .chars()
        .map(|c| if is_windows_forbidden(c) { '_' } else { c })
        .collect();
    // 4. No hidden files, no trailing dots or spaces.
    let trimmed = trim_ends(&replaced);
    // 5. Length, keeping the extension.
    let mut result = limit_length(trimmed);
    // 6. Windows device names.
    if !result.is_empty() {
        let stem = result.split('.').next().unwrap_or("");
        if is_reserved_device_name(stem) {
            result.insert(0, '_');
            if result.len() > MAX_FILENAME_BYTES {
                result = limit_length(&result);
            }
        }
    }
    if result.is_empty() {
        return format!("attachment{}", extension_for(content_type));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Component, Path};

    fn assert_safe(out: &str, input: &str) {
        let path = Path::new(out);
        let comps: Vec<Component<'_>> = path.components().collect();
        assert_eq!(comps.len(), 1, "{input:?} -> {out:?} is not one component");
        assert!(
            matches!(comps[0], Component::Normal(_)),
            "{input:?} -> {out:?} is not a normal component"
        );
        assert!(!out.is_empty());
        assert!(
            out.len() <= MAX_FILENAME_BYTES,
            "{input:?} -> {} bytes",
            out.len()
        );
        assert!(!out.starts_with('.'), "{input:?} -> {out:?} is hidden");
        assert!(!out.ends_with(['.', ' ']), "{input:?} -> {out:?}");
        for c in out.chars() {
            assert!(!c.is_control(), "{input:?} -> control {c:?}");
            assert!(!is_separator(c), "{input:?} -> separator {c:?}");
            assert!(!is_windows_forbidden(c), "{input:?} -> forbidden {c:?}");
            assert_eq!(classify(c), CharClass::Keep, "{input:?} -> invisible {c:?}");
        }
        let stem = out.split('.').next().unwrap_or("");
        assert!(!is_reserved_device_name(stem), "{input:?} -> reserved {out:?}");
    }

    #[test]
    fn t17_table() {
        let long = format!("{}.pdf", "a".repeat(296));
        let long_cut = format!("{}.pdf", "a".repeat(251));
        let cases: Vec<(Option<&str>, &str, String)> = vec![
            (Some("../../.bashrc"), "text/plain", "bashrc".into()),
            (Some("..\\..\\x.lnk"), "application/octet-stream", "x.lnk".into()),
            (Some("/etc/passwd"), "text/plain", "passwd".into()),
            (Some("C:\\Windows\\x"), "application/octet-stream", "x".into()),
            (
                Some("\\\\server\\share\\x"),
                "application/octet-stream",
                "x".into(),
            ),
            (Some("C:x.txt"), "text/plain", "C_x.txt".into()),
            (Some("a\0b.txt"), "text/plain", "ab.txt".into()),
            (Some("evil\r\nname.txt"), "text/plain", "evil name.txt".into()),
            (
                Some("invoice\u{202E}fdp.exe"),
                "application/pdf",
                "invoicefdp.exe".into(),
            ),
            (
                Some("\u{200E}report\u{2066}.pdf"),
                "application/pdf",
                "report.pdf".into(),
            ),
            (
                Some("zero\u{200B}\u{FEFF}width.txt"),
                "text/plain",
                "zerowidth.txt".into(),
            ),
            (Some("trailing. . ."), "text/plain", "trailing".into()),
            (Some("trailing.txt  "), "text/plain", "trailing.txt".into()),
            (Some("CON"), "text/plain", "_CON".into()),
            (Some("nul.txt"), "text/plain", "_nul.txt".into()),
            (Some("com1"), "text/plain", "_com1".into()),
            (Some("LpT9.tar.gz"), "text/plain", "_LpT9.tar.gz".into()),
            (Some("con .txt"), "text/plain", "_con .txt".into()),
            (Some("aux "), "text/plain", "_aux".into()),
            (Some("com10"), "text/plain", "com10".into()),
            (Some("console.txt"), "text/plain", "console.txt".into()),
            (Some("."), "application/pdf", "attachment.pdf".into()),
            (Some(".."), "text/plain", "attachment.txt".into()),
            (Some(""), "application/octet-stream", "attachment.bin".into()),
            (None, "message/rfc822", "attachment.eml".into()),
            (None, "weird/type", "attachment.bin".into()),
            (Some("...."), "image/png", "attachment.png".into()),
            (Some(long.as_str()), "application/pdf", long_cut),
            (Some("a\u{FF0F}b\u{FF0F}passwd"), "text/plain", "passwd".into()),
            (Some("a\u{FF3C}b"), "text/plain", "b".into()),
            (Some("x\u{2215}y\u{2044}z"), "text/plain", "z".into()),
            (Some("x.desktop"), "application/octet-stream", "x.desktop".into()),
            (
                Some("what?<is>|this*\".txt"),
                "text/plain",
                "what__is__this__.txt".into(),
            ),
            (Some("dir/"), "text/plain", "dir".into()),
            (Some("/"), "text/plain", "attachment.txt".into()),
            (
                Some("Résumé 2024.pdf"),
                "application/pdf",
                "Résumé 2024.pdf".into(),
            ),
            (Some("\u{2800}"), "text/plain", "attachment.txt".into()),
        ];
        for (input, ct, want) in &cases {
            let out = sanitize_filename(*input, ct);
            assert_eq!(&out, want, "input {input:?}");
            assert_safe(&out, input.unwrap_or(""));
        }
    }

    #[test]
    fn long_names_keep_extension_and_char_boundaries() {
        let name = format!("{}.pdf", "é".repeat(200)); // 400 bytes + 4
        let out = sanitize_filename(Some(&name), "application/pdf");
        assert!(out.len() <= MAX_FILENAME_BYTES);
        assert!(out.ends_with(".pdf"));
        assert_safe(&out, &name);

        let no_ext = "日".repeat(200);
        let out = sanitize_filename(Some(&no_ext), "application/pdf");
        assert!(out.len() <= MAX_FILENAME_BYTES && out.len() > 250);
        assert_safe(&out, &no_ext);

        // A long "extension" is not kept as one.
        let odd = format!("a.{}", "b".repeat(300));
        let out = sanitize_filename(Some(&odd), "text/plain");
        assert!(out.len() <= MAX_FILENAME_BYTES);
        assert_safe(&out, &odd);

        let reserved_long = format!("nul.{}", "x".repeat(300));
        let out = sanitize_filename(Some(&reserved_long), "text/plain");
        assert!(out.starts_with("_nul"));
        assert_safe(&out, &reserved_long);
    }

    #[test]
    fn every_single_char_name_is_safe() {
        for cp in 0u32..0x3100 {
            let Some(c) = char::from_u32(cp) else { continue };
            for name in [c.to_string(), format!("a{c}b"), format!("{c}{c}.txt")] {
                let out = sanitize_filename(Some(&name), "text/plain");
                assert_safe(&out, &name);
            }
        }
    }
}
