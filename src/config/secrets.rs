//! Passwords: the OS keychain (through the `SecretStore` trait, so tests can record what
//! was stored), or an account's `password_command` for scripts and machines without one.
//! A password is never logged, written to the database, or put in an error message.

use std::process::Command;

use super::AccountConfig;
use crate::core::{ErrorKind, TernError};

/// A place passwords live. The real one is the OS keychain.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, TernError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), TernError>;
    fn delete(&self, account: &str) -> Result<(), TernError>;
}

/// The OS keychain via the `keyring` crate (Secret Service, macOS Keychain, Windows
/// Credential Manager). There is no in-memory fallback: a machine without a keychain gets
/// a clear error and the UI offers to keep the password for this session only.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyringStore;

const SERVICE: &str = "org.tern.imap";

fn keyring_error(e: keyring::Error) -> TernError {
    TernError::new(
        ErrorKind::Secret,
        format!(
            "The system keychain is not available{}. Unlock or install a keychain \
             (for example GNOME Keyring or KWallet), or set `password_command` for this account \
             in accounts.toml; without either, Tern's window asks for the password each time it \
             starts and the command line cannot use the account.",
            crate::core::detail_in_parens(&e.to_string())
        ),
    )
    .with_text(crate::core::Text::new("err-no-keychain"))
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<String>, TernError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(keyring_error)?;
        match entry.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), TernError> {
        keyring::Entry::new(SERVICE, account)
            .and_then(|e| e.set_password(secret))
            .map_err(keyring_error)
    }

    fn delete(&self, account: &str) -> Result<(), TernError> {
        match keyring::Entry::new(SERVICE, account).and_then(|e| e.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

/// The password for `account`: its `password_command` if set, else the keychain.
pub fn password_for(account: &AccountConfig, store: &dyn SecretStore) -> Result<String, TernError> {
    if let Some(cmd) = &account.imap.password_command {
        return run_password_command(&account.name, cmd);
    }
    match store.get(&account.name)? {
        Some(p) if !p.is_empty() => Ok(p),
        _ => Err(TernError::new(
            ErrorKind::Secret,
            format!(
                "No password is saved for account `{}` (it was kept only while Tern's window was \
                 open, or never saved). Open Tern, type the password when asked and tick \
                 “Remember it in the system keychain”, or set `password_command` for this account \
                 in accounts.toml.",
                account.name
            ),
        )
        .with_text(crate::core::Text::new("err-no-password").arg("account", account.name.as_str()))),
    }
}

/// Runs the command without a shell and returns its first line of output, trimmed.
fn run_password_command(account: &str, cmd: &str) -> Result<String, TernError> {
    let fail = |why: String| {
        TernError::new(
            ErrorKind::Secret,
            format!(
                "The password command for account `{account}` {why}. Check `password_command` in accounts.toml."
            ),
        )
    };
    let argv = split_command(cmd).map_err(|e| fail(e.to_string()))?;
    let (program, args) = argv.split_first().ok_or_else(|| fail("is empty".into()))?;
    let out = Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .map_err(|e| fail(format!("could not be started ({e})")))?;
    if !out.status.success() {
        let code = out
            .status
            .code()
            .map(|c| format!(" with code {c}"))
            .unwrap_or_default();
        return Err(fail(format!("failed{code}")));
    }
    // Deliberately not echoing stdout anywhere: it is the secret.
    let text =
        String::from_utf8(out.stdout).map_err(|_| fail("printed something that is not text".into()))?;
    let password = text.lines().next().unwrap_or("").trim().to_string();
    if password.is_empty() {
        return Err(fail("printed nothing".into()));
    }
    Ok(password)
}

/// Splits a command line into words: whitespace separates, single and double quotes group,
/// backslash escapes the next character outside single quotes. No shell features.
fn split_command(cmd: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("has an unclosed quote"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => cur.push(chars.next().ok_or("ends with a backslash")?),
                        Some(ch) => cur.push(ch),
                        None => return Err("has an unclosed quote"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.push(chars.next().ok_or("ends with a backslash")?);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split_command;

    #[test]
    fn splits_like_a_shell_without_one() {
        assert_eq!(split_command("pass show work").unwrap(), ["pass", "show", "work"]);
        assert_eq!(
            split_command("echo 'a b' \"c\\\"d\"").unwrap(),
            ["echo", "a b", "c\"d"]
        );
        assert!(split_command("echo 'oops").is_err());
        assert!(split_command("   ").unwrap().is_empty());
    }
}
