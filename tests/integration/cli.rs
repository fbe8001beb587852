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
