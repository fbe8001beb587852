//! `accounts.toml`: the list of accounts and how to reach their IMAP servers.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::oauth::{ImapAuth, OauthSettings};
use crate::core::{ErrorKind, TernError, Text};

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
    /// Password or OAuth2 (sending uses the same).
    #[serde(default, skip_serializing_if = "ImapAuth::is_password")]
    pub auth: ImapAuth,
    /// Overrides of the provider table's OAuth2 entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OauthSettings>,
}

/// The `[account.smtp]` table (sending). Empty fields fall back to the IMAP values
/// where that makes sense: username, password source, ca_file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// File a copy of each sent message in the Sent folder (skipped anyway where the
    /// server does that itself, e.g. Gmail).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub save_sent: bool,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: String::new(),
            port: 0,
            security: Security::Tls,
            username: String::new(),
            password_command: None,
            ca_file: None,
            save_sent: true,
        }
    }
}

impl SmtpConfig {
    /// The port to use: the configured one, else 465 (tls), 587 (starttls), 25 (plain).
    pub fn effective_port(&self) -> u16 {
        match (self.port, self.security) {
            (0, Security::Tls) => 465,
            (0, Security::Starttls) => 587,
            (0, Security::Plain) => 25,
            (p, _) => p,
        }
    }

    /// A guess for a new account's SMTP host from its IMAP host ("imap.x" -> "smtp.x");
    /// the IMAP host itself when there is no plain guess.
    pub fn guess_host(imap_host: &str) -> String {
        match imap_host.strip_prefix("imap.") {
            Some(rest) => format!("smtp.{rest}"),
            None => imap_host.to_string(),
        }
    }
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
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
    /// Certificates the user trusted for this account's servers. Never in
    /// accounts.toml: filled from the user database (`Store::load_pins`) by whoever
    /// opens the account's store.
    #[serde(skip)]
    pub pinned: PinnedCerts,
}

/// The pinned certificate (lower-case hex SHA-256) of the IMAP and the SMTP server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PinnedCerts {
    pub imap: Option<String>,
    pub smtp: Option<String>,
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

    /// The SMTP login: `smtp.username`, else the IMAP login.
    pub fn smtp_login(&self) -> &str {
        match &self.smtp {
            Some(s) if !s.username.is_empty() => &s.username,
            _ => self.login(),
        }
    }

    /// The extra CA for SMTP: `smtp.ca_file`, else the IMAP one.
    pub fn smtp_ca_file(&self) -> Option<&Path> {
        self.smtp
            .as_ref()
            .and_then(|s| s.ca_file.as_deref())
            .or(self.imap.ca_file.as_deref())
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
            )
            .with_text(Text::new("err-config-unreadable").arg("path", path.display().to_string()))),
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
            Err(
                TernError::new(ErrorKind::Config, format!("{}: {msg}", path.display()))
                    .with_text(config_invalid(path, &msg)),
            )
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
            if let Some(smtp) = &a.smtp {
                if smtp.host.trim().is_empty() {
                    return bad(format!(
                        "account `{}` has an [account.smtp] table with an empty `host`; \
                         give the sending server's name or remove the table",
                        a.name
                    ));
                }
                if smtp.security == Security::Plain && !is_loopback(&smtp.host) {
                    return bad(format!(
                        "account `{}` uses smtp security = \"plain\" with a non-local host; \
                         unencrypted connections are only allowed to this computer. \
                         Use \"tls\" or \"starttls\"",
                        a.name
                    ));
                }
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
            .with_text(Text::new("err-config-unwritable"))
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
            .with_text(Text::new("err-settings-not-saved").arg("path", path.display().to_string()))
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

/// Whether `host` is this computer (the only place plain connections may go).
pub fn is_loopback(host: &str) -> bool {
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
    let (msg, detail) = match line {
        Some(l) => (
            format!("{}, line {l}: {what}", path.display()),
            format!("line {l}: {what}"),
        ),
        None => (format!("{}: {what}", path.display()), what.to_string()),
    };
    TernError::new(ErrorKind::Config, msg).with_text(config_invalid(path, &detail))
}

/// "The settings file PATH has a mistake: DETAIL" (the detail names the key or line).
fn config_invalid(path: &Path, detail: &str) -> Text {
    Text::new("err-config-invalid")
        .arg("path", path.display().to_string())
        .arg("detail", detail)
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
        assert!(c.accounts[0].smtp.is_none());
    }

    const SMTP: &str = "[[account]]\nname = \"A\"\nemail = \"a@b.c\"\n[account.imap]\nhost = \"imap.b.c\"\n\
                        username = \"imapuser\"\nca_file = \"/ca.pem\"\n[account.smtp]\nhost = \"smtp.b.c\"\n";

    #[test]
    fn smtp_defaults_fall_back_to_imap() {
        let (c, w) = Config::parse(SMTP, Path::new("accounts.toml")).expect("parses");
        assert!(w.is_empty(), "{w:?}");
        let a = &c.accounts[0];
        let s = a.smtp.as_ref().expect("smtp");
        assert_eq!(s.security, Security::Tls);
        assert_eq!(s.effective_port(), 465);
        assert!(s.save_sent);
        assert_eq!(a.smtp_login(), "imapuser");
        assert_eq!(a.smtp_ca_file(), Some(Path::new("/ca.pem")));
    }

    #[test]
    fn smtp_starttls_defaults_to_587_and_keys_override() {
        let text = format!(
            "{SMTP}security = \"starttls\"\nusername = \"out\"\nca_file = \"/o.pem\"\nsave_sent = false\n"
        );
        let (c, _) = Config::parse(&text, Path::new("accounts.toml")).expect("parses");
        let a = &c.accounts[0];
        let s = a.smtp.as_ref().expect("smtp");
        assert_eq!(s.effective_port(), 587);
        assert!(!s.save_sent);
        assert_eq!(a.smtp_login(), "out");
        assert_eq!(a.smtp_ca_file(), Some(Path::new("/o.pem")));
    }

    #[test]
    fn smtp_plain_only_to_loopback_and_host_required() {
        let text = format!("{SMTP}security = \"plain\"\n");
        let e = Config::parse(&text, Path::new("accounts.toml")).expect_err("refused");
        assert!(e.message.contains("plain"), "{}", e.message);
        let text = SMTP.replace("smtp.b.c", "127.0.0.1") + "security = \"plain\"\nport = 2525\n";
        let (c, _) = Config::parse(&text, Path::new("accounts.toml")).expect("loopback ok");
        assert_eq!(
            c.accounts[0].smtp.as_ref().map(SmtpConfig::effective_port),
            Some(2525)
        );
        let text = SMTP.replace("smtp.b.c", " ");
        assert!(Config::parse(&text, Path::new("accounts.toml")).is_err());
    }

    #[test]
    fn smtp_round_trips_and_guesses_host() {
        let (c, _) = Config::parse(SMTP, Path::new("accounts.toml")).expect("parses");
        let text = c.to_toml().expect("toml");
        assert!(!text.contains("save_sent"), "{text}");
        let (back, _) = Config::parse(&text, Path::new("accounts.toml")).expect("parses again");
        assert_eq!(back, c);
        assert_eq!(SmtpConfig::guess_host("imap.example.org"), "smtp.example.org");
        assert_eq!(SmtpConfig::guess_host("mail.example.org"), "mail.example.org");
    }
}
