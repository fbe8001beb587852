//! The project stands on its own: tests/run finds each binary the tests run (not just a
//! package name) and the test data lives inside the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/run --check` with Dovecot's server directory pointed at `libexec`.
fn missing_with(libexec: &Path) -> String {
    let out = Command::new(repo().join("tests/run"))
        .arg("--check")
        .env("TERN_DOVECOT_LIBEXEC", libexec)
        .output()
        .expect("run tests/run --check");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.starts_with("missing: "), "unexpected output: {text:?}");
    text
}

#[test]
fn run_script_installs_the_dovecot_servers_when_only_dovecot_core_is_there() {
    // An empty server directory is what a machine with dovecot-core alone looks like.
    let empty = tempfile::tempdir().expect("tempdir");
    let missing = missing_with(empty.path());
    for package in ["dovecot-imapd", "dovecot-submissiond", "dovecot-lmtpd"] {
        assert!(missing.contains(package), "{package} not named: {missing}");
    }

    // With the three servers present, none of them is named.
    let full = tempfile::tempdir().expect("tempdir");
    for server in ["imap", "submission", "lmtp"] {
        let path = full.path().join(server);
        std::fs::write(&path, "#!/bin/sh\n").expect("write");
        let mut perms = std::fs::metadata(&path).expect("meta").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).expect("chmod");
    }
    let missing = missing_with(full.path());
    assert!(!missing.contains("dovecot-imapd"), "{missing}");
    assert!(!missing.contains("dovecot-submissiond"), "{missing}");
    assert!(!missing.contains("dovecot-lmtpd"), "{missing}");
}

#[test]
fn no_test_reads_data_from_outside_the_repository() {
    // A fresh clone has no sibling folders: every path a test or benchmark names must be
    // inside the project. Catches a path into a sibling folder (the shared corpus) coming back.
    let mut offenders = Vec::new();
    let mut stack = vec![repo().join("tests"), repo().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("target") && !path.ends_with("corpus") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                if text.contains(concat!("\"../", "shared")) || text.contains(concat!("join(\"..", "/")) {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "reads from outside the repository: {offenders:?}"
    );
    let manifest = repo().join("tests/corpus/MANIFEST.tsv");
    assert!(manifest.is_file(), "{} is missing", manifest.display());
}

#[test]
fn the_corpus_is_byte_exact_as_its_manifest_says() {
    use sha2::{Digest, Sha256};
    // Catches a checkout that converted line endings or dropped files (the golden
    // summaries would fail too, less clearly).
    let root = repo().join("tests/corpus");
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut checked = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, size, sha) = (cols[0], cols[1], cols[2]);
        let bytes = std::fs::read(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(bytes.len().to_string(), size, "{path}: size");
        let got: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, sha, "{path}: sha256");
        checked += 1;
    }
    assert!(checked >= 1_300, "only {checked} messages listed");
}
