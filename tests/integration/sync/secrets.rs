//! T-07 (the automatable part): after a full sync with tracing at its most verbose, the
//! password appears in no log line, no database file (cache, WAL, queue) and no config.

use std::process::Command;

use tern::config::{Config, Security};

use super::account;
use crate::support::dovecot::Dovecot;
use crate::support::seed;

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("ls").flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn the_password_is_in_no_log_database_or_config_file() {
    let server = Dovecot::shared();
    let user = server.user("secret");
    server.seed(&user, "INBOX", seed::messages(90, 0, 40));
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let config_dir = home.path().join("config");
    std::fs::create_dir_all(&config_dir).expect("mkdir");
    // The password lives in a file outside both dirs; the config only names the command.
    let pw_file = home.path().join("pw");
    std::fs::write(&pw_file, &user.password).expect("pw file");
    let mut acct = account(server, &user, Security::Tls);
    acct.imap.password_command = Some(format!("cat {}", pw_file.display()));
    Config { accounts: vec![acct] }
        .save(&config_dir.join("accounts.toml"))
        .expect("config");

    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tern"))
            .args(args)
            .env("TERN_CONFIG_DIR", &config_dir)
            .env("TERN_DATA_DIR", &data)
            .env("TERN_LOG", "trace")
            .output()
            .expect("run tern")
    };
    let sync = run(&["sync"]);
    assert!(sync.status.success(), "{}", String::from_utf8_lossy(&sync.stderr));
    let read = run(&["read", "1"]);
    assert!(read.status.success());
    let mut logs = sync.stderr.clone();
    logs.extend_from_slice(&read.stderr);
    assert!(logs.len() > 1000, "trace logging produced output to check");
    let needle = user.password.as_bytes();
    let contains = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(&logs), "password in the trace log");

    let mut files = Vec::new();
    files_under(&data, &mut files);
    files_under(&config_dir, &mut files);
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().ends_with("cache.sqlite3"))
    );
    for f in files {
        let bytes = std::fs::read(&f).expect("read");
        assert!(!contains(&bytes), "password found in {}", f.display());
    }
}
