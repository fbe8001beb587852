//! accounts.toml: defaults, clear errors naming file/line/key, password_command.

use std::path::Path;

use tern::config::{AccountConfig, Config, KeyringStore, Security, password_for};
use tern::core::ErrorKind;

fn parse(text: &str) -> Result<Config, tern::core::TernError> {
    Config::parse(text, Path::new("/cfg/accounts.toml")).map(|(c, _)| c)
}

const GOOD: &str = r#"
[[account]]
name = "Work"
email = "me@example.org"
[account.imap]
host = "imap.example.org"
port = 993
security = "tls"
username = "me@example.org"
password_command = "echo secret"
"#;

#[test]
fn a_full_account_loads() {
    let c = parse(GOOD).expect("valid");
    assert_eq!(c.accounts.len(), 1);
    assert_eq!(c.accounts[0].imap.security, Security::Tls);
    assert_eq!(
        c.accounts[0].imap.password_command.as_deref(),
        Some("echo secret")
    );
}

#[test]
fn bad_toml_names_file_and_line() {
    let err = parse("[[account]]\nname = \"A\"\nemail = \n").expect_err("invalid");
    assert_eq!(err.kind, ErrorKind::Config);
    assert!(err.message.contains("/cfg/accounts.toml"), "{}", err.message);
    assert!(err.message.contains("line 3"), "{}", err.message);
}

#[test]
fn missing_host_is_named() {
    let err = parse("[[account]]\nname = \"A\"\n[account.imap]\nport = 993\n").expect_err("no host");
    assert!(err.message.contains("host"), "{}", err.message);
    assert!(err.message.contains("line"), "{}", err.message);
}

#[test]
fn unknown_security_value_is_named() {
    let text = GOOD.replace("security = \"tls\"", "security = \"ssl3\"");
    let err = parse(&text).expect_err("bad enum");
    assert!(err.message.contains("ssl3"), "{}", err.message);
    assert!(err.message.contains("line 8"), "{}", err.message);
}

#[test]
fn unknown_keys_warn_but_load() {
    let text = GOOD.replace("port = 993", "port = 993\ncolour = \"blue\"");
    let (c, warnings) = Config::parse(&text, Path::new("a.toml")).expect("loads");
    assert_eq!(c.accounts.len(), 1);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].0.contains("colour"), "{warnings:?}");
}

#[test]
fn plain_is_refused_for_remote_hosts_and_allowed_on_loopback() {
    let remote = GOOD.replace("security = \"tls\"", "security = \"plain\"");
    assert!(
        parse(&remote)
            .expect_err("remote plain")
            .message
            .contains("plain")
    );
    let local = remote.replace("imap.example.org", "127.0.0.1");
    assert_eq!(
        parse(&local).expect("loopback plain").accounts[0].imap.security,
        Security::Plain
    );
}

#[test]
fn duplicate_names_are_refused() {
    let text = format!("{GOOD}\n{}", GOOD.replace("me@example.org", "other@example.org"));
    assert!(parse(&text).expect_err("dup").message.contains("unique"));
}

#[test]
fn old_minimal_files_keep_loading() {
    let (c, w) = Config::parse("", Path::new("a.toml")).expect("empty file");
    assert!(c.accounts.is_empty() && w.is_empty());
    let missing = Config::load(Path::new("/nonexistent/tern/accounts.toml")).expect("missing file is empty");
    assert!(missing.0.accounts.is_empty());
}

#[test]
fn save_then_load_round_trips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub/accounts.toml");
    let c = parse(GOOD).expect("valid");
    c.save(&path).expect("save");
    let (back, _) = Config::load(&path).expect("load");
    assert_eq!(back, c);
}

fn account_with_command(cmd: &str) -> AccountConfig {
    let mut a = parse(GOOD).expect("valid").accounts.remove(0);
    a.imap.password_command = Some(cmd.to_string());
    a
}

#[test]
fn password_command_output_is_trimmed() {
    let a = account_with_command("printf '  hunter2  \\n'");
    assert_eq!(password_for(&a, &KeyringStore).expect("password"), "hunter2");
}

#[test]
fn failing_or_silent_password_commands_give_clear_errors() {
    for (cmd, expect) in [
        ("false", "failed"),
        ("true", "printed nothing"),
        ("/nonexistent/tern-pass", "could not be started"),
        ("echo 'unclosed", "unclosed quote"),
    ] {
        let err = password_for(&account_with_command(cmd), &KeyringStore).expect_err(cmd);
        assert_eq!(err.kind, ErrorKind::Secret);
        assert!(err.message.contains(expect), "{cmd}: {}", err.message);
        assert!(err.message.contains("Work"), "{}", err.message);
    }
}

#[test]
fn password_command_runs_without_a_shell() {
    // With a shell this would print "secret" and run the second command.
    let a = account_with_command("echo secret; touch /tmp/tern-should-not-exist");
    let got = password_for(&a, &KeyringStore).expect("password");
    assert_eq!(got, "secret; touch /tmp/tern-should-not-exist");
    assert!(!Path::new("/tmp/tern-should-not-exist").exists());
}
