//! `tern search` as a script uses it, on mail synced by `tern sync` from the real Dovecot.

use std::path::Path;
use std::process::{Command, Output};

use tern::config::{Config, Security};

use super::special_messages;
use crate::support::dovecot::Dovecot;

fn tern(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tern"))
        .args(args)
        .env("TERN_CONFIG_DIR", dir.join("config"))
        .env("TERN_DATA_DIR", dir.join("data"))
        .output()
        .expect("run tern")
}

fn json_rows(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json array")
}

#[test]
fn tern_search_finds_by_operator_with_folder_account_and_source() {
    let server = Dovecot::shared();
    let user = server.user("searchcli");
    for (folder, m) in special_messages() {
        server.seed(&user, folder, [m]);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![crate::sync::account(server, &user, Security::Tls)],
    }
    .save(&dir.path().join("config/accounts.toml"))
    .expect("accounts.toml");
    let sync = tern(dir.path(), &["sync"]);
    assert!(sync.status.success(), "{}", String::from_utf8_lossy(&sync.stderr));

    let rows = json_rows(&tern(dir.path(), &["search", "quarterly", "--json"]));
    assert_eq!(rows.len(), 2);
    // Newest first, with the fields of `tern list` and where each one lives.
    assert_eq!(rows[0]["subject"], "Re: Quarterly report");
    assert_eq!(rows[0]["folder"], "Archive");
    assert_eq!(rows[1]["folder"], "INBOX");
    assert_eq!(rows[1]["from"], "Bob <bob@example.com>");
    assert_eq!(rows[1]["has_attachments"], true);
    assert_eq!(rows[1]["flags"], serde_json::json!(["\\Flagged"]));
    for r in &rows {
        assert_eq!(r["account"], user.name.as_str());
        assert_eq!(r["source"], "local");
        assert!(r["id"].is_i64() && r["uid"].is_u64() && r["date"].is_i64() && r["size"].is_u64());
    }
    // Options narrow the scope.
    let inbox = json_rows(&tern(
        dir.path(),
        &["search", "quarterly", "--folder", "INBOX", "--json"],
    ));
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0]["subject"], "Quarterly report");
    let named = json_rows(&tern(
        dir.path(),
        &[
            "search",
            "from:jurgen after:2024-03-01",
            "--account",
            &user.name,
            "--json",
        ],
    ));
    assert_eq!(named.len(), 1);
    assert_eq!(named[0]["subject"], "Größenänderung für 東京の会議");
    // Text output: one tab-separated line per message, source last.
    let text = tern(dir.path(), &["search", "東京"]);
    assert!(text.status.success());
    let stdout = String::from_utf8_lossy(&text.stdout);
    let cols: Vec<&str> = stdout.trim_end().split('\t').collect();
    assert_eq!(cols.len(), 8, "{stdout}");
    assert_eq!(
        &cols[3..],
        [
            "Jürgen Müller",
            "Größenänderung für 東京の会議",
            "INBOX",
            user.name.as_str(),
            "local"
        ]
    );

    // --server: the server's UID SEARCH adds mail whose text is not cached (no body was
    // fetched here), marked as from the server; what the cache found is not repeated.
    let local_only = json_rows(&tern(dir.path(), &["search", "numbers", "--json"]));
    assert!(local_only.is_empty(), "bodies are not cached: {local_only:?}");
    let both = json_rows(&tern(dir.path(), &["search", "numbers", "--server", "--json"]));
    let found: Vec<(&str, &str)> = both
        .iter()
        .map(|r| {
            (
                r["subject"].as_str().unwrap_or(""),
                r["source"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("Re: Quarterly report", "server"), ("Quarterly report", "server")]
    );
    let merged = json_rows(&tern(dir.path(), &["search", "quarterly", "--server", "--json"]));
    assert_eq!(merged.len(), 2, "no duplicates: {merged:?}");
    assert!(merged.iter().all(|r| r["source"] == "local"));
    let narrowed = json_rows(&tern(
        dir.path(),
        &[
            "search",
            "numbers has:attachment",
            "--server",
            "--folder",
            "INBOX",
            "--json",
        ],
    ));
    assert_eq!(narrowed.len(), 1);
    assert_eq!(narrowed[0]["subject"], "Quarterly report");

    // Mistakes are one plain line and a failure exit.
    for (args, says) in [
        (vec!["search", "is:important"], "is:unread"),
        (vec!["search", "before:2024-02-30"], "YYYY-MM-DD"),
        (vec!["search", "x", "--folder", "Nowhere"], "Nowhere"),
        (vec!["search", "x", "--account", "Nobody"], "Nobody"),
    ] {
        let out = tern(dir.path(), &args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}
