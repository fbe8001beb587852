//! Opening a saved attachment with the default application (T-19, T-20): only ever one
//! absolute path argument, and types that can run code need the user's confirmation,
//! which shows the real extension.

use std::path::{Path, PathBuf};

use crate::core::{ErrorKind, TernError};

/// Extensions that execute code, install software or render active content.
const DANGEROUS: &[&str] = &[
    "desktop",
    "sh",
    "bash",
    "zsh",
    "csh",
    "py",
    "pyw",
    "pl",
    "rb",
    "php",
    "exe",
    "com",
    "msi",
    "msp",
    "msix",
    "appx",
    "bat",
    "cmd",
    "ps1",
    "psm1",
    "vbs",
    "vbe",
    "js",
    "jse",
    "wsf",
    "wsh",
    "hta",
    "lnk",
    "scr",
    "pif",
    "cpl",
    "jar",
    "jnlp",
    "app",
    "command",
    "tool",
    "pkg",
    "dmg",
    "diagcab",
    "xrm-ms",
    "reg",
    "inf",
    "html",
    "htm",
    "xhtml",
    "mht",
    "mhtml",
    "svg",
    "iso",
    "img",
    "vhd",
    "vhdx",
    "appimage",
    "run",
    "deb",
    "rpm",
    "library-ms",
    "search-ms",
    "url",
    "webloc",
    // Office documents and add-ins that carry macros (VBA, XLM) or web queries.
    "xlsm",
    "xltm",
    "xlsb",
    "xlam",
    "xla",
    "xll",
    "xlm",
    "slk",
    "iqy",
    "docm",
    "dotm",
    "pptm",
    "potm",
    "ppsm",
    "ppam",
    "ppa",
    "sldm",
    "one",
    "onepkg",
    "mdb",
    "mde",
    "accdb",
    "accde",
    "accdr",
    "mam",
    "maf",
    "mda",
    // Windows: Outlook's blocked attachment list (level 1) beyond the ones above.
    "ade",
    "adp",
    "application",
    "appref-ms",
    "appcontent-ms",
    "appinstaller",
    "appxbundle",
    "msixbundle",
    "bas",
    "cab",
    "cer",
    "crt",
    "der",
    "chm",
    "cnt",
    "fxp",
    "gadget",
    "grp",
    "hlp",
    "hpj",
    "htc",
    "ins",
    "isp",
    "its",
    "job",
    "jsp",
    "ksh",
    "mcf",
    "msc",
    "msh",
    "msh1",
    "msh2",
    "mshxml",
    "msh1xml",
    "msh2xml",
    "mst",
    "msu",
    "ops",
    "osd",
    "pcd",
    "plg",
    "prf",
    "prg",
    "printerexport",
    "ps1xml",
    "ps2",
    "ps2xml",
    "psc1",
    "psc2",
    "psd1",
    "pyc",
    "pyo",
    "pyz",
    "pyzw",
    "scf",
    "sct",
    "searchconnector-ms",
    "settingcontent-ms",
    "shb",
    "shs",
    "theme",
    "vb",
    "vbp",
    "vsmacros",
    "vsw",
    "website",
    "ws",
    "wsb",
    "wsc",
    "xbap",
    "xnk",
    // macOS: scripts, bundles and files Finder runs or installs.
    "scpt",
    "scptd",
    "applescript",
    "terminal",
    "workflow",
    "action",
    "mpkg",
    "prefpane",
    "kext",
    "dylib",
    "osax",
    "fileloc",
    "inetloc",
    "shortcut",
    // Linux: more scripts, packages and installers.
    "fish",
    "snap",
    "flatpak",
    "flatpakref",
    "flatpakrepo",
    "out",
    "shtml",
    "xht",
    "so",
    "dll",
    "elf",
    "bin",
];

/// The extension as it really is (after the last dot), lower-cased.
pub fn real_extension(name: &str) -> Option<String> {
    let ext = name.rsplit_once('.')?.1.trim_end_matches(['.', ' ']);
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// True when opening the file could run code: by extension, or by content that is an
/// executable whatever its name says (ELF, PE, Mach-O, shebang).
pub fn is_dangerous(name: &str, first_bytes: &[u8]) -> bool {
    let by_name = real_extension(name).is_some_and(|e| DANGEROUS.contains(&e.as_str()));
    let by_magic = first_bytes.starts_with(b"\x7fELF")
        || first_bytes.starts_with(b"MZ")
        || first_bytes.starts_with(b"#!")
        || first_bytes.starts_with(&[0xcf, 0xfa, 0xed, 0xfe])
        || first_bytes.starts_with(&[0xca, 0xfe, 0xba, 0xbe]);
    by_name || by_magic
}

/// Hands `path` to the desktop's default application. Refuses dangerous types unless
/// `confirmed`; the error names the real extension for the confirmation dialog.
pub fn open_with_default_app(path: &Path, confirmed: bool) -> Result<(), TernError> {
    let absolute: PathBuf = std::fs::canonicalize(path).map_err(|e| {
        TernError::new(
            ErrorKind::Filesystem,
            format!("Could not find {}: {e}", path.display()),
        )
    })?;
    let name = absolute.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut head = [0u8; 4];
    let n = std::fs::File::open(&absolute)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    if !confirmed && is_dangerous(name, &head[..n]) {
        let ext = real_extension(name).unwrap_or_else(|| "(none)".into());
        return Err(TernError::new(
            ErrorKind::NeedsConfirmation,
            format!(
                "{name} is a .{ext} file, which can run programs on your computer. Open it only if you trust the sender."
            ),
        )
        .with_text(crate::core::Text::new("err-dangerous-file").arg("name", name).arg("ext", ext.as_str())));
    }
    // An absolute path always starts with "/" (or a drive), so it can never be read as
    // an option by xdg-open, gio or open (open-rs #124/#125).
    open::that_detached(&absolute).map_err(|e| {
        TernError::new(
            ErrorKind::Filesystem,
            format!(
                "No application could open {name}{}. It is saved at {}.",
                crate::core::detail_in_parens(&e.to_string()),
                absolute.display()
            ),
        )
        .with_text(
            crate::core::Text::new("err-no-app")
                .arg("name", name)
                .arg("path", absolute.display().to_string()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_real_extension_and_content() {
        for bad in [
            "x.desktop",
            "run.SH",
            "a.pdf.exe",
            "setup.msi",
            "page.html",
            "img.svg",
            "x.lnk",
            "a.diagcab",
            "addin.xlam",
            "deck.ppam",
            "console.msc",
            "explorer.scf",
            "deploy.application",
            "x.settingcontent-ms",
            "script.scpt",
            "shell.terminal",
            "book.xlsb",
            "notes.one",
            "q.iqy",
        ] {
            assert!(is_dangerous(bad, b""), "{bad}");
        }
        for ok in ["report.pdf", "photo.png", "notes.txt", "archive.zip"] {
            assert!(!is_dangerous(ok, b"%PDF"), "{ok}");
        }
        assert!(is_dangerous("invoice.pdf", b"MZ\x90\x00"), "PE inside .pdf");
        assert!(is_dangerous("invoice.pdf", b"\x7fELF"), "ELF inside .pdf");
        assert_eq!(real_extension("a.tar.GZ"), Some("gz".into()));
    }
}
