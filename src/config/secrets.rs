//! Passwords: the OS keychain (through the `SecretStore` trait, so tests can record what
//! was stored), or an account's `password_command` for scripts and machines without one.
//! A password is never logged, written to the database, or put in an error message.

use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use super::AccountConfig;
use crate::core::{ErrorKind, TernError};

/// A place passwords live. The real one is the OS keychain.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, TernError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), TernError>;
    fn delete(&self, account: &str) -> Result<(), TernError>;
}

/// A shared store is a store (the worker holds its keychain as `Arc<dyn SecretStore>`).
impl<T: SecretStore + ?Sized> SecretStore for Arc<T> {
    fn get(&self, account: &str) -> Result<Option<String>, TernError> {
        (**self).get(account)
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), TernError> {
        (**self).set(account, secret)
    }
    fn delete(&self, account: &str) -> Result<(), TernError> {
        (**self).delete(account)
    }
}

/// The OS keychain via the `keyring` crate (Secret Service, macOS Keychain, Windows
/// Credential Manager). There is no in-memory fallback: a machine without a keychain gets
/// a clear error and the UI offers to keep the password for this session only.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyringStore;

/// The keychain service name every password is stored under (shown by `tern --paths`).
pub const KEYCHAIN_SERVICE: &str = "org.tern.imap";
const SERVICE: &str = KEYCHAIN_SERVICE;

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
/// Blocking: async code uses [`password_for_async`].
pub fn password_for(account: &AccountConfig, store: &dyn SecretStore) -> Result<String, TernError> {
    if let Some(cmd) = &account.imap.password_command {
        let (program, args) = command_words(&account.name, cmd)?;
        let out = Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .map_err(|e| command_failed(&account.name, format!("could not be started ({e})")))?;
        return password_from_output(&account.name, out);
    }
    stored_password(&account.name, store.get(&account.name)?)
}

/// [`password_for`] without blocking the async threads: the command runs as an async
/// child process, the keychain lookup on the blocking pool. Either may wait for a person
/// (a `pass` passphrase prompt, a keychain unlock dialog), so each gets `limit`; after it
/// the command is killed and the error says what to do.
pub async fn password_for_async<S>(
    account: &AccountConfig,
    store: &S,
    limit: Duration,
) -> Result<String, TernError>
where
    S: SecretStore + Clone + 'static,
{
    let name = account.name.clone();
    if let Some(cmd) = &account.imap.password_command {
        return command_password(&name, cmd, limit).await;
    }
    let store = store.clone();
    let key = name.clone();
    let lookup = tokio::task::spawn_blocking(move || store.get(&key));
    match tokio::time::timeout(limit, lookup).await {
        Ok(Ok(found)) => stored_password(&name, found?),
        Ok(Err(_)) => Err(TernError::new(
            ErrorKind::Secret,
            "Reading the system keychain failed unexpectedly. Try again, or set `password_command` for this account.",
        )),
        // The lookup cannot be cancelled; its thread finishes on its own.
        Err(_) => Err(TernError::new(
            ErrorKind::Secret,
            format!(
                "The system keychain did not answer within {} seconds. Unlock it (for example GNOME \
                 Keyring or KWallet) and try again, or set `password_command` for account `{name}`.",
                limit.as_secs()
            ),
        )),
    }
}

/// The SMTP password: `smtp.password_command` if set, else the IMAP password source
/// (most providers use one password for both). Never blocks the async threads.
pub async fn smtp_password_for<S>(
    account: &AccountConfig,
    store: &S,
    limit: Duration,
) -> Result<String, TernError>
where
    S: SecretStore + Clone + 'static,
{
    match account.smtp.as_ref().and_then(|s| s.password_command.as_deref()) {
        Some(cmd) => command_password(&account.name, cmd, limit).await,
        None => password_for_async(account, store, limit).await,
    }
}

/// Runs a password command as an async child process, killed after `limit`.
async fn command_password(name: &str, cmd: &str, limit: Duration) -> Result<String, TernError> {
    let (program, args) = command_words(name, cmd)?;
    let child = tokio::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        // Dropped at the time limit, the future takes the child down with it.
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| command_failed(name, format!("could not be started ({e})")))?;
    match tokio::time::timeout(limit, child.wait_with_output()).await {
        Ok(Ok(out)) => password_from_output(name, out),
        Ok(Err(e)) => Err(command_failed(name, format!("could not be read ({e})"))),
        Err(_) => Err(command_failed(
            name,
            format!(
                "did not finish within {} seconds, so Tern stopped it (a command that asks for a \
                 passphrase needs an agent or a graphical prompt)",
                limit.as_secs()
            ),
        )),
    }
}

fn stored_password(account: &str, found: Option<String>) -> Result<String, TernError> {
    match found {
        Some(p) if !p.is_empty() => Ok(p),
        _ => Err(TernError::new(
            ErrorKind::Secret,
            format!(
                "No password is saved for account `{account}` (it was kept only while Tern's window was \
                 open, or never saved). Open Tern, type the password when asked and tick \
                 “Remember it in the system keychain”, or set `password_command` for this account \
                 in accounts.toml."
            ),
        )
        .with_text(crate::core::Text::new("err-no-password").arg("account", account))),
    }
}

fn command_failed(account: &str, why: String) -> TernError {
    TernError::new(
        ErrorKind::Secret,
        format!(
            "The password command for account `{account}` {why}. Check `password_command` in accounts.toml."
        ),
    )
}

/// The program and its arguments (no shell).
fn command_words(account: &str, cmd: &str) -> Result<(String, Vec<String>), TernError> {
    let mut argv = split_command(cmd).map_err(|e| command_failed(account, e.to_string()))?;
    if argv.is_empty() {
        return Err(command_failed(account, "is empty".into()));
    }
    let program = argv.remove(0);
    Ok((program, argv))
}

/// The first line of the command's output, trimmed.
fn password_from_output(account: &str, out: Output) -> Result<String, TernError> {
    let fail = |why: String| command_failed(account, why);
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
