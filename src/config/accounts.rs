//! `accounts.toml`: the list of accounts and how to reach their IMAP servers.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::{ErrorKind, TernError};

/// How the IMAP connection is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Implicit TLS (port 993). The default: nothing is ever sent unencrypted.
    #[default]
    Tls,
    /// Plain connection upgraded with STARTTLS; any failure to upgrade aborts.
    Starttls,
    /// No encryption. Only accepted for loopback hosts, and only when set explicitly.
    Plain,
}

impl Security {
    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 993,
            Security::Starttls | Security::Plain => 143,
        }
    }
}

fn default_port() -> u16 {
    993
}

/// The `[account.imap]` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ImapConfig {
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default)]
    pub security: Security,
    #[serde(default)]
    pub username: String,
    /// A command whose standard output is the password; run without a shell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_command: Option<String>,
    /// An extra trusted root certificate (PEM), e.g. a corporate or test CA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
}

/// The `[account.smtp]` table (sending). Empty fields fall back to the IMAP values
/// where that makes sense: username, password source, ca_file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SmtpConfig {
    pub host: String,
    /// 0 means the default for `security` (465 for tls, 587 for starttls).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub port: u16,
    #[serde(default)]
    pub security: Security,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

/// One `[[account]]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountConfig {
    pub name: String,
    #[serde(default)]
    pub email: String,
    /// The name shown in From ("Ann Example"); empty means the address alone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub display_name: String,
    /// Added below the text of new messages and replies (the "-- " line is added by
    /// the composer); empty means none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    pub imap: ImapConfig,
    /// Sending; an account without it can read but not send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp: Option<SmtpConfig>,
}

impl AccountConfig {
    /// The login name: the configured username, else the email address.
    pub fn login(&self) -> &str {
        if self.imap.username.is_empty() {
            &self.email
        } else {
            &self.imap.username
        }
    }
}

/// The whole `accounts.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, rename = "account")]
    pub accounts: Vec<AccountConfig>,
}

/// Something in the file that was not understood but did not stop loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning(pub String);

impl Config {
    /// Loads `path`; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<(Config, Vec<ConfigWarning>), TernError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Config::default(), vec![])),
            Err(e) => Err(TernError::new(
                ErrorKind::Config,
                format!(
                    "Could not read {}: {e}. Check the file's permissions.",
                    path.display()
                ),
            )),
        }
    }

    /// Parses the text of an `accounts.toml`; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<(Config, Vec<ConfigWarning>), TernError> {
        let mut unknown = Vec::new();
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error(text, path, &e))?;
        let config: Config = serde_ignored::deserialize(de, |key| unknown.push(key.to_string()))
            .map_err(|e| toml_error(text, path, &e))?;
        let mut warnings: Vec<ConfigWarning> = unknown
            .into_iter()
            .map(|k| ConfigWarning(format!("{}: unknown key `{k}` was ignored", path.display())))
            .collect();
        config.validate(path, &mut warnings)?;
        Ok((config, warnings))
    }

    fn validate(&self, path: &Path, warnings: &mut Vec<ConfigWarning>) -> Result<(), TernError> {
        let bad = |msg: String| {
            Err(TernError::new(
                ErrorKind::Config,
                format!("{}: {msg}", path.display()),
            ))
        };
        let mut names = std::collections::HashSet::new();
        for a in &self.accounts {
            if a.name.trim().is_empty() {
                return bad("an account has an empty `name`; give each account a name".into());
            }
            if !names.insert(a.name.as_str()) {
                return bad(format!(
                    "two accounts are named `{}`; names must be unique",
                    a.name
                ));
            }
            if a.imap.host.trim().is_empty() {
                return bad(format!("account `{}` has an empty `imap.host`", a.name));
            }
            if a.imap.security == Security::Plain && !is_loopback(&a.imap.host) {
                return bad(format!(
                    "account `{}` uses security = \"plain\" with a non-local host; \
                     unencrypted connections are only allowed to this computer. \
                     Use \"tls\" or \"starttls\"",
                    a.name
                ));
            }
            if a.login().is_empty() {
                warnings.push(ConfigWarning(format!(
                    "{}: account `{}` has neither `email` nor `imap.username`",
                    path.display(),
                    a.name
                )));
            }
        }
        Ok(())
    }

    /// Serializes the configuration back to TOML (used by the setup screen).
    pub fn to_toml(&self) -> Result<String, TernError> {
        toml::to_string_pretty(self).map_err(|e| {
            TernError::new(
                ErrorKind::Config,
                format!("Could not write the configuration: {e}"),
            )
        })
    }

    /// Writes atomically: temp file in the same folder, then rename.
    pub fn save(&self, path: &Path) -> Result<(), TernError> {
        let text = self.to_toml()?;
        let io = |e: std::io::Error| {
            TernError::new(
                ErrorKind::Config,
                format!("Could not save {}: {e}", path.display()),
            )
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(path).map_err(|e| io(e.error))?;
        Ok(())
    }

    pub fn account(&self, name: &str) -> Option<&AccountConfig> {
        self.accounts.iter().find(|a| a.name == name)
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Turns a toml error into "FILE, line L: message" so the user can find the spot.
fn toml_error(text: &str, path: &Path, e: &toml::de::Error) -> TernError {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let what = e.message().trim_end();
    let msg = match line {
        Some(l) => format!("{}, line {l}: {what}", path.display()),
        None => format!("{}: {what}", path.display()),
    };
    TernError::new(ErrorKind::Config, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_implicit_tls_993() {
        let text = "[[account]]\nname = \"A\"\nemail = \"a@b.c\"\n[account.imap]\nhost = \"imap.b.c\"\n";
        let (c, w) = Config::parse(text, Path::new("accounts.toml")).expect("parses");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(c.accounts[0].imap.security, Security::Tls);
        assert_eq!(c.accounts[0].imap.port, 993);
        assert_eq!(c.accounts[0].login(), "a@b.c");
    }
}
