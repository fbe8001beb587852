//! Module boundaries (design.md): only `ui` uses iced, only `imap` uses async-imap, only
//! `store` uses rusqlite, only `smtp` uses lettre's transport. Checked on the source text so a violation fails CI at once.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (crate path prefix as written in code, the only module allowed to use it)
const RULES: &[(&str, &str)] = &[
    ("iced", "ui"),
    ("async_imap", "imap"),
    ("imap_proto", "imap"),
    ("rusqlite", "store"),
    // Sending: lettre's message builder is fine in compose, its transport only in smtp.
    ("lettre::transport", "smtp"),
    ("AsyncSmtpConnection", "smtp"),
];

fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        let module = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("");
        let text = std::fs::read_to_string(&file).expect("read file");
        for (krate, owner) in RULES {
            if module == *owner {
                continue;
            }
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let uses = code.contains(&format!("{krate}::"))
                    || code.contains(&format!("use {krate}"))
                    || code.contains(&format!("extern crate {krate}"));
                if uses {
                    found.push(format!(
                        "{}:{}: uses {krate} (only src/{owner}/ may)",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn only_the_owning_module_uses_each_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "module boundary violations:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_a_violation() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("engine")).expect("mkdir");
    std::fs::write(dir.path().join("engine/bad.rs"), "use rusqlite::Connection;\n").expect("write");
    std::fs::create_dir_all(dir.path().join("store")).expect("mkdir");
    std::fs::write(dir.path().join("store/ok.rs"), "use rusqlite::Connection;\n").expect("write");
    let found = violations(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("engine/bad.rs"));
}

#[test]
fn open_is_recent_and_without_the_insecure_feature() {
    // T-20: open >= 5.4 and never its `insecure` feature.
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .expect("Cargo.toml");
    let open_line = manifest
        .lines()
        .find(|l| l.starts_with("open "))
        .expect("open dependency");
    assert!(!open_line.contains("insecure"), "{open_line}");
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"open\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("open in Cargo.lock");
    let parts: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    assert!(parts >= vec![5, 4, 0], "open {version} is older than 5.4.0");
}

/// Paths in src/ say where a thing lives (`crate::ui::theme`), not how many levels up
/// it is: a `super::super` chain breaks silently when a file moves.
fn super_chains(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("super::super") {
                let rel = file.strip_prefix(src).expect("under src");
                found.push(format!("{}:{}", rel.display(), n + 1));
            }
        }
    }
    found
}

#[test]
fn src_uses_crate_paths_instead_of_super_chains() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = super_chains(&src);
    assert!(
        found.is_empty(),
        "use crate:: paths instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_super_chain_check_catches_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("ui/screen")).expect("mkdir");
    std::fs::write(dir.path().join("ui/screen/bad.rs"), "use super::super::theme;\n").expect("write");
    std::fs::write(dir.path().join("ui/screen/ok.rs"), "use crate::ui::theme;\n").expect("write");
    let found = super_chains(dir.path());
    assert_eq!(
        found,
        vec![format!("{}:1", Path::new("ui/screen/bad.rs").display())]
    );
}
