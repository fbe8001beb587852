//! The `tern` binary as a script would use it.

use std::process::Command;

fn tern(config_dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tern"));
    c.env("TERN_CONFIG_DIR", config_dir)
        .env("TERN_DATA_DIR", config_dir.join("data"));
    c
}

#[test]
fn version_prints_the_package_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tern(dir.path()).arg("--version").output().expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn paths_names_every_place_tern_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tern(dir.path()).arg("--paths").output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let data = dir.path().join("data");
    for want in [
        dir.path().join("accounts.toml"),
        dir.path().join("settings.toml"),
        data.join("cache.sqlite3"),
        data.join("user.sqlite3"),
    ] {
        assert!(text.contains(&*want.to_string_lossy()), "{want:?} in {text}");
    }
    assert!(
        text.contains("Secret Service") && text.contains("org.tern.imap"),
        "{text}"
    );
    assert!(!data.exists(), "--paths only reports, it creates nothing");
}

#[test]
fn accounts_lists_configured_accounts_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("accounts.toml"),
        "[[account]]\nname = \"Home\"\nemail = \"me@home.example\"\n[account.imap]\nhost = \"imap.home.example\"\n",
    )
    .expect("write");
    let out = tern(dir.path())
        .args(["accounts", "--json"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["name"], "Home");
    assert_eq!(v[0]["port"], 993);
    assert_eq!(v[0]["security"], "tls");
}

#[test]
fn a_broken_config_is_one_plain_line_and_a_failure_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("accounts.toml"), "[[account]\nname = 1\n").expect("write");
    let out = tern(dir.path()).arg("accounts").output().expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("accounts.toml") && err.contains("line 1"), "{err}");
}

/// Issue 17 item 3: an account whose password was kept for a window session only has
/// none for the CLI; the error says why and what to do, in one plain message.
#[test]
fn an_account_without_a_saved_password_is_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("accounts.toml"),
        "[[account]]\nname = \"Home\"\nemail = \"me@home.example\"\n[account.imap]\nhost = \"127.0.0.1\"\nport = 9\n",
    )
    .expect("write");
    let out = tern(dir.path())
        .args(["sync", "--account", "Home"])
        // No desktop session: the keychain is either empty or unavailable here.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("password_command"), "{err}");
    assert!(
        err.contains("window"),
        "says where the password comes from: {err}"
    );
    assert!(tern::core::is_plain_sentence(&err), "{err}");
}

/// Issue 17 item 9: the CLI and the window write the same attachment's size the same way
/// (the window showed 3.2 MB where the CLI said 3.1 MB).
#[test]
fn the_cli_and_the_window_agree_on_sizes() {
    use base64::Engine as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = vec![7u8; 14_250];
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let eml = format!(
        "From: a@example.org\r\nSubject: Sizes\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; \
         boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\nContent-Type: \
         application/octet-stream; name=\"data.bin\"\r\nContent-Disposition: attachment; \
         filename=\"data.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b--\r\n"
    );
    let file = dir.path().join("m.eml");
    std::fs::write(&file, eml).expect("write");
    let out = tern(dir.path())
        .args(["read", "--eml"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(tern::core::size_en(14_250), "14 KB");
    assert!(text.contains("  14 KB"), "{text}");
    // The window's formatter gives the same figure (its unit and separator translated).
    let window = tern::ui::format::size(14_250);
    assert!(window.starts_with("14 "), "{window}");
}
