//! Adding or editing an account: the address and password, server settings prefilled
//! from the address's domain, a login test off the UI thread, then the password goes to
//! the keychain (or, if there is none and the user agrees, to memory for this session).

mod cert;
mod discover;
pub mod oauth;
mod smtp;
mod view;

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;

use super::mailbox::download::{Picked, certificate_dialog};
use crate::config::{AccountConfig, Config, ImapConfig, SecretStore, Security};
use crate::core::{ErrorKind, TernError};
use crate::engine::{Tuning, open_connection};
use crate::fl;
use crate::ui::env::Env;
use crate::ui::secrets::{OneSecret, Secrets};

pub const EMAIL_ID: &str = "setup-email";
pub const PASSWORD_ID: &str = "setup-password";
pub const CA_FILE_ID: &str = "setup-ca-file";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Add,
    /// Editing the account with this name (the name stays: it keys the keychain entry
    /// and the cache).
    Edit(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Editing,
    /// Looking the server settings up from the address (before the login test).
    Discovering,
    Testing,
    Failed(TernError),
    /// Login worked but the keychain refused the password.
    NoKeychain(TernError),
}

#[derive(Debug, Clone)]
pub struct Setup {
    pub mode: Mode,
    pub first_run: bool,
    pub email: String,
    pub password: String,
    pub name: String,
    pub host: String,
    pub port: String,
    pub security: Security,
    pub username: String,
    pub ca_file: String,
    pub password_command: Option<String>,
    /// The From name ("Ann Example").
    pub display_name: String,
    /// The sending server; empty means the account does not send.
    pub smtp_host: String,
    /// Empty means the default port for `smtp_security`.
    pub smtp_port: String,
    pub smtp_security: Security,
    /// The account being edited, so settings this form does not show (signature, the
    /// SMTP user name, password command and certificate) are kept.
    kept: Option<Box<AccountConfig>>,
    /// Added below new messages and replies (several lines).
    pub signature: iced::widget::text_editor::Content,
    pub advanced: bool,
    pub phase: Phase,
    /// "Browse…" found no file dialog to show: the form says to type the path.
    pub no_file_dialog: bool,
    edited: Edited,
    /// The tested account, waiting for the user's choice when the keychain failed.
    tested: Option<AccountConfig>,
    /// What discovery found for the address (and from where).
    pub discovery: Option<discover::Found>,
    discovery_step: Option<crate::discover::Step>,
    /// Set when discovery found a provider that signs in with OAuth2 in the browser.
    pub oauth: Option<oauth::OauthChoice>,
    /// A certificate the user chose to trust in this form (pinned once the login works).
    trusting: Option<Box<crate::core::CertProblem>>,
}

#[derive(Debug, Clone, Default)]
struct Edited {
    name: bool,
    host: bool,
    username: bool,
    port: bool,
    smtp_host: bool,
    smtp_port: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Email(String),
    Password(String),
    Name(String),
    Host(String),
    Port(String),
    Security(SecurityChoice),
    Username(String),
    CaFile(String),
    Signature(iced::widget::text_editor::Action),
    DisplayName(String),
    SmtpHost(String),
    SmtpPort(String),
    SmtpSecurity(SecurityChoice),
    BrowseCa,
    CaPicked(Picked),
    ToggleAdvanced,
    Connect,
    /// Editing an OAuth2 account: the browser sign-in again (the token stopped working).
    SignInAgain,
    Tested(Result<Stored, TernError>),
    KeepForSession,
    Cancel,
    Discovery(discover::Discovery),
    /// The certificate dialog's answer.
    Cert(super::cert_trust::Choice),
}

/// Where the password ended up after a successful login test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Keychain,
    /// Not asked to store anything (editing with the password left empty, or a
    /// password command).
    Unchanged,
    KeychainFailed(TernError),
}

/// What the parent must do.
#[derive(Debug, Clone)]
pub enum Event {
    /// Save this account (replacing `Mode::Edit`'s one) and start its worker.
    Saved {
        account: Box<AccountConfig>,
        session_only: bool,
    },
    Cancelled,
}

/// The security options, shown by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityChoice(pub Security);

impl std::fmt::Display for SecurityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            Security::Tls => fl!("security-tls"),
            Security::Starttls => fl!("security-starttls"),
            Security::Plain => fl!("security-plain"),
        })
    }
}

pub use smtp::smtp_port;

const CHOICES: [SecurityChoice; 3] = [
    SecurityChoice(Security::Tls),
    SecurityChoice(Security::Starttls),
    SecurityChoice(Security::Plain),
];

impl Setup {
    pub fn add(first_run: bool) -> Setup {
        Setup {
            mode: Mode::Add,
            first_run,
            email: String::new(),
            password: String::new(),
            name: String::new(),
            host: String::new(),
            port: "993".into(),
            security: Security::Tls,
            username: String::new(),
            ca_file: String::new(),
            password_command: None,
            display_name: String::new(),
            smtp_host: String::new(),
            smtp_port: smtp_port(Security::Tls).to_string(),
            smtp_security: Security::Tls,
            kept: None,
            signature: iced::widget::text_editor::Content::new(),
            advanced: false,
            phase: Phase::Editing,
            no_file_dialog: false,
            edited: Edited::default(),
            tested: None,
            discovery: None,
            discovery_step: None,
            oauth: None,
            trusting: None,
        }
    }

    pub fn edit(account: &AccountConfig) -> Setup {
        let all = Edited {
            name: true,
            host: true,
            username: true,
            port: true,
            smtp_host: true,
            smtp_port: true,
        };
        let smtp = account.smtp.clone().unwrap_or_default();
        Setup {
            mode: Mode::Edit(account.name.clone()),
            first_run: false,
            email: account.email.clone(),
            password: String::new(),
            name: account.name.clone(),
            host: account.imap.host.clone(),
            port: account.imap.port.to_string(),
            security: account.imap.security,
            username: account.imap.username.clone(),
            ca_file: account
                .imap
                .ca_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            password_command: account.imap.password_command.clone(),
            display_name: account.display_name.clone(),
            smtp_host: smtp.host.clone(),
            smtp_port: match smtp.port {
                0 => smtp_port(smtp.security).to_string(),
                p => p.to_string(),
            },
            smtp_security: smtp.security,
            kept: Some(Box::new(account.clone())),
            signature: iced::widget::text_editor::Content::with_text(&account.signature),
            advanced: true,
            phase: Phase::Editing,
            no_file_dialog: false,
            edited: all,
            tested: None,
            discovery: None,
            discovery_step: None,
            oauth: oauth::OauthChoice::of_account(account),
            trusting: None,
        }
    }

    fn prefill(&mut self) {
        let email = self.email.trim();
        let domain = email.rsplit_once('@').map(|(_, d)| d.trim()).unwrap_or("");
        if !self.edited.host {
            self.host = if domain.is_empty() {
                String::new()
            } else {
                format!("imap.{domain}")
            };
        }
        if !self.edited.username {
            self.username = email.to_string();
        }
        if !self.edited.name && matches!(self.mode, Mode::Add) {
            self.name = email.to_string();
        }
        self.prefill_smtp();
    }

    /// The account the form describes, or what is wrong with it.
    pub fn account(&self, existing: &Config) -> Result<AccountConfig, String> {
        let email = self.email.trim();
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(fl!("setup-invalid-email"));
        }
        let host = self.host.trim();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(fl!("setup-invalid-host"));
        }
        let port: u16 = match self.port.trim().parse() {
            Ok(p) if p > 0 => p,
            _ => return Err(fl!("setup-invalid-port")),
        };
        let name = match &self.mode {
            Mode::Edit(name) => name.clone(),
            Mode::Add => {
                let base = if self.name.trim().is_empty() {
                    email
                } else {
                    self.name.trim()
                };
                unique_name(base, existing)
            }
        };
        // A provider with a browser sign-in needs no password.
        if matches!(self.mode, Mode::Add) && self.password.is_empty() && self.oauth.is_none() {
            return Err(fl!("setup-invalid-password"));
        }
        let account = AccountConfig {
            signature: self.signature.text().trim_end().to_string(),
            display_name: self.display_name.trim().to_string(),
            smtp: self.smtp()?,
            name,
            email: email.to_string(),
            imap: ImapConfig {
                host: host.to_string(),
                port,
                security: self.security,
                username: self.username.trim().to_string(),
                password_command: self.password_command.clone(),
                ca_file: (!self.ca_file.trim().is_empty()).then(|| PathBuf::from(self.ca_file.trim())),
                auth: match self.oauth {
                    Some(_) => crate::config::ImapAuth::Oauth2,
                    None => crate::config::ImapAuth::Password,
                },
                oauth: self.oauth.as_ref().map(|o| o.settings.clone()),
            },
            pinned: Default::default(),
        };
        let mut check = existing.clone();
        check.accounts.retain(|a| a.name != account.name);
        check.accounts.push(account.clone());
        Config::parse(
            &check.to_toml().map_err(|e| e.message)?,
            std::path::Path::new("accounts.toml"),
        )
        .map_err(|e| e.message)?;
        Ok(account)
    }

    pub fn update(&mut self, message: Message, env: &Env, config: &Config) -> (Task<Message>, Option<Event>) {
        let message = match message {
            Message::Discovery(d) => match self.discovered(d) {
                true => Message::Connect,
                false => return (Task::none(), None),
            },
            Message::Cert(choice) => match self.on_cert_choice(choice) {
                true => Message::Connect,
                false => return (Task::none(), None),
            },
            other => other,
        };
        let editable = matches!(self.phase, Phase::Editing | Phase::Failed(_));
        match message {
            Message::Email(v) if editable => {
                self.email = v;
                if matches!(self.mode, Mode::Add) {
                    // Known at once from the provider table: the form shows the
                    // browser sign-in instead of the password field as the address is typed.
                    self.oauth = oauth::OauthChoice::from_table(&env.discover.providers, &self.email);
                }
                self.prefill();
            }
            Message::Password(v) if editable => self.password = v,
            Message::Name(v) if editable && matches!(self.mode, Mode::Add) => {
                self.name = v;
                self.edited.name = true;
            }
            Message::Host(v) if editable => {
                self.host = v;
                self.edited.host = true;
                self.prefill_smtp();
            }
            Message::DisplayName(v) if editable => self.display_name = v,
            Message::SmtpHost(v) if editable => {
                self.smtp_host = v;
                self.edited.smtp_host = true;
            }
            Message::SmtpPort(v) if editable => {
                self.smtp_port = v.chars().filter(char::is_ascii_digit).take(5).collect();
                self.edited.smtp_port = true;
            }
            Message::SmtpSecurity(SecurityChoice(s)) if editable => {
                if !self.edited.smtp_port || self.smtp_port == smtp_port(self.smtp_security).to_string() {
                    self.smtp_port = smtp_port(s).to_string();
                }
                self.smtp_security = s;
            }
            Message::Port(v) if editable => {
                self.port = v.chars().filter(char::is_ascii_digit).take(5).collect();
                self.edited.port = true;
            }
            Message::Security(SecurityChoice(s)) if editable => {
                if !self.edited.port || self.port == self.security.default_port().to_string() {
                    self.port = s.default_port().to_string();
                }
                self.security = s;
            }
            Message::Username(v) if editable => {
                self.username = v;
                self.edited.username = true;
            }
            Message::CaFile(v) if editable => self.ca_file = v,
            Message::Signature(action) if editable || !action.is_edit() => self.signature.perform(action),
            Message::BrowseCa => {
                self.no_file_dialog = false;
                return (Task::perform(certificate_dialog(), Message::CaPicked), None);
            }
            Message::CaPicked(Picked::Path(p)) => self.ca_file = p.display().to_string(),
            Message::CaPicked(Picked::Cancelled) => {}
            // Say so, and put the cursor where the path can be typed (issue 17 item 6).
            Message::CaPicked(Picked::NoDialog) => {
                self.no_file_dialog = true;
                return (iced::widget::operation::focus(CA_FILE_ID), None);
            }
            Message::ToggleAdvanced => self.advanced = !self.advanced,
            Message::Connect if editable => match self.account(config) {
                Ok(_) if self.needs_discovery() => return (self.start_discovery(env.discover.clone()), None),
                Ok(account) if self.oauth.is_some() && matches!(self.mode, Mode::Add) => {
                    return (self.sign_in(account, env), None);
                }
                Ok(account) => {
                    self.phase = Phase::Testing;
                    self.tested = Some(account.clone());
                    let password = (!self.password.is_empty()).then(|| self.password.clone());
                    let cache_db = env.paths.cache_db();
                    let test = self.test_login(
                        account,
                        password,
                        env.secrets.clone(),
                        env.tuning.clone(),
                        cache_db,
                    );
                    return (test, None);
                }
                Err(why) => self.phase = Phase::Failed(TernError::new(ErrorKind::Config, why)),
            },
            Message::SignInAgain if editable && self.oauth.is_some() => match self.account(config) {
                Ok(account) => return (self.sign_in(account, env), None),
                Err(why) => self.phase = Phase::Failed(TernError::new(ErrorKind::Config, why)),
            },
            Message::Tested(result) if self.phase == Phase::Testing => {
                let Some(account) = self.tested.clone() else {
                    return (Task::none(), None);
                };
                match result {
                    Ok(Stored::Keychain | Stored::Unchanged) => {
                        self.phase = Phase::Editing;
                        self.password.clear();
                        return (
                            Task::none(),
                            Some(Event::Saved {
                                account: Box::new(account),
                                session_only: false,
                            }),
                        );
                    }
                    Ok(Stored::KeychainFailed(e)) => self.phase = Phase::NoKeychain(e),
                    Err(e) => {
                        self.phase = Phase::Failed(e);
                        self.tested = None;
                    }
                }
            }
            Message::KeepForSession => {
                if let (Phase::NoKeychain(_), Some(account)) = (&self.phase, self.tested.clone()) {
                    env.secrets.keep_for_session(&account.name, &self.password);
                    self.password.clear();
                    self.phase = Phase::Editing;
                    return (
                        Task::none(),
                        Some(Event::Saved {
                            account: Box::new(account),
                            session_only: true,
                        }),
                    );
                }
            }
            Message::Cancel => {
                self.phase = Phase::Editing;
                self.tested = None;
                return (Task::none(), Some(Event::Cancelled));
            }
            _ => {}
        }
        (Task::none(), None)
    }
}

/// `base`, or `base (2)`, ... so names stay unique.
fn unique_name(base: &str, existing: &Config) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while existing.account(&name).is_some() {
        name = format!("{base} ({n})");
        n += 1;
    }
    name
}

/// Tests the login with `password` (or the stored one when `None`), then stores the
/// password in the keychain. Runs off the UI thread.
pub async fn connect_and_store(
    account: AccountConfig,
    password: Option<String>,
    secrets: Arc<Secrets>,
    tuning: Tuning,
) -> Result<Stored, TernError> {
    let conn = match &password {
        Some(p) if account.imap.password_command.is_none() => {
            open_connection(&account, &OneSecret(p.clone()), &tuning.timeouts).await?
        }
        _ => open_connection(&account, &secrets, &tuning.timeouts).await?,
    };
    conn.logout().await;
    let Some(password) = password.filter(|_| account.imap.password_command.is_none()) else {
        return Ok(Stored::Unchanged);
    };
    let name = account.name.clone();
    let stored = tokio::task::spawn_blocking(move || secrets.set(&name, &password))
        .await
        .map_err(|e| TernError::new(ErrorKind::Secret, e.to_string()))
        .and_then(|r| r);
    Ok(match stored {
        Ok(()) => Stored::Keychain,
        Err(e) => Stored::KeychainFailed(e),
    })
}
