//! A short, translated name for a file's type ("Word document", "ZIP archive") instead
//! of its MIME type, which can be 70 characters long and spilled out of the attachment
//! card (issue 17 item 7).

use crate::fl;

/// The kind of an attachment, from its MIME type and, when that is generic, its name.
pub fn file_kind(content_type: &str, filename: &str) -> String {
    let ct = content_type.trim().to_ascii_lowercase();
    let (top, sub) = ct.split_once('/').unwrap_or((ct.as_str(), ""));
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let by_ext = |e: &str| match e {
        "pdf" => Some(fl!("kind-pdf")),
        "doc" | "docx" | "odt" | "rtf" => Some(fl!("kind-document")),
        "xls" | "xlsx" | "ods" | "csv" => Some(fl!("kind-spreadsheet")),
        "ppt" | "pptx" | "odp" => Some(fl!("kind-presentation")),
        "zip" => Some(fl!("kind-zip")),
        "gz" | "tgz" | "tar" | "7z" | "rar" | "bz2" | "xz" | "zst" => Some(fl!("kind-archive")),
        "ics" => Some(fl!("kind-calendar")),
        "eml" => Some(fl!("kind-email")),
        "txt" | "md" | "log" => Some(fl!("kind-text")),
        _ => None,
    };
    let kind = match (top, sub) {
        (_, "pdf") => Some(fl!("kind-pdf")),
        (_, "msword") | (_, "rtf") => Some(fl!("kind-document")),
        (_, s) if s.contains("wordprocessingml") || s.contains("opendocument.text") => {
            Some(fl!("kind-document"))
        }
        (_, s) if s.contains("spreadsheet") || s.contains("ms-excel") || s == "csv" => {
            Some(fl!("kind-spreadsheet"))
        }
        (_, s) if s.contains("presentation") || s.contains("powerpoint") => Some(fl!("kind-presentation")),
        (_, "zip") | (_, "x-zip-compressed") => Some(fl!("kind-zip")),
        (_, "gzip" | "x-gzip" | "x-tar" | "x-7z-compressed" | "vnd.rar" | "x-rar-compressed" | "x-bzip2") => {
            Some(fl!("kind-archive"))
        }
        (_, "calendar") => Some(fl!("kind-calendar")),
        ("message", "rfc822") => Some(fl!("kind-email")),
        ("text", "html") => Some(fl!("kind-web-page")),
        ("image", s) => Some(fl!("kind-image", format = short_format(s))),
        ("audio", _) => Some(fl!("kind-audio")),
        ("video", _) => Some(fl!("kind-video")),
        ("text", _) => by_ext(&ext).or_else(|| Some(fl!("kind-text"))),
        _ => None,
    };
    kind.or_else(|| by_ext(&ext)).unwrap_or_else(|| fl!("kind-file"))
}

/// "png" -> "PNG", "svg+xml" -> "SVG", "vnd.microsoft.icon" -> "ICON" (at most 6 letters).
fn short_format(sub: &str) -> String {
    let last = sub
        .split(['+', '.', '-'])
        .find(|p| !p.is_empty() && *p != "vnd" && *p != "x");
    last.unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(6)
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_mime_types_become_short_kinds() {
        let word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        assert_eq!(file_kind(word, "report.docx"), fl!("kind-document"));
        assert_eq!(file_kind("application/zip", "a.zip"), fl!("kind-zip"));
        assert_eq!(
            file_kind("application/octet-stream", "photos.zip"),
            fl!("kind-zip")
        );
        assert_eq!(file_kind("application/octet-stream", "blob"), fl!("kind-file"));
        assert_eq!(
            file_kind("image/svg+xml", "a.svg"),
            fl!("kind-image", format = "SVG")
        );
        for ct in [
            word,
            "application/x-something-extremely-long-and-made-up-by-a-vendor",
        ] {
            assert!(file_kind(ct, "x").chars().count() <= 24, "{ct}");
        }
    }
}
