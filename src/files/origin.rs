//! Marks a saved attachment as coming from the internet, as browsers do, so the
//! operating system warns before it runs: Windows' Zone.Identifier stream (Mark of the
//! Web, zone 3 = Internet) and macOS' quarantine attribute. Best effort: a file system
//! without alternate streams or extended attributes (FAT, network shares) keeps the
//! file unmarked, and the save still succeeds. On Linux there is no such mark.

use std::path::Path;

/// The Zone.Identifier stream's text (the format Windows' Attachment Manager reads).
pub const ZONE_IDENTIFIER: &str = "[ZoneTransfer]\r\nZoneId=3\r\n";

/// Marks `path` on the OSes that have a mark; returns whether a mark was written.
pub fn mark_from_internet(path: &Path) -> bool {
    #[cfg(windows)]
    {
        // NTFS alternate data stream "file:Zone.Identifier", written with plain std.
        let mut stream = path.as_os_str().to_owned();
        stream.push(":Zone.Identifier");
        std::fs::write(&stream, ZONE_IDENTIFIER).is_ok()
    }
    #[cfg(target_os = "macos")]
    {
        // com.apple.quarantine: flags;hex seconds;agent;no event id. Set with the
        // system's xattr tool (no unsafe FFI in this crate).
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        std::process::Command::new("/usr/bin/xattr")
            .args(["-w", "com.apple.quarantine", &format!("0081;{now:x};Tern;")])
            .arg(path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        let _ = path;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_text_names_the_internet_zone() {
        assert!(ZONE_IDENTIFIER.starts_with("[ZoneTransfer]\r\n"));
        assert!(ZONE_IDENTIFIER.contains("ZoneId=3"));
    }

    #[test]
    fn marking_never_harms_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("report.pdf");
        std::fs::write(&file, b"%PDF-1.7").expect("write");
        let marked = mark_from_internet(&file);
        assert_eq!(std::fs::read(&file).expect("read"), b"%PDF-1.7");
        // Only Windows and macOS have a mark to write.
        assert_eq!(marked, cfg!(any(windows, target_os = "macos")));
    }
}
