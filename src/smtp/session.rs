//! One SMTP submission session: connect (TLS policy), AUTH PLAIN/LOGIN or an OAuth2
//! token (XOAUTH2, OAUTHBEARER), the advertised SIZE, and sending one message's exact
//! bytes with errors in plain words.

use std::error::Error as _;
use std::path::PathBuf;
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailParameter};
use tokio::net::TcpStream;

use super::oauth::{auth_mechanisms, oauth_message, token_auth};
use super::wire::{self, Wire};
use crate::auth::Credential;
use crate::config::{AccountConfig, Security, is_loopback};
use crate::core::{ErrorKind, TernError, Text};

/// Where and how to reach the submission server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpEndpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub ca_file: Option<PathBuf>,
    /// The certificate the user trusted for this server (lower-case hex SHA-256).
    pub pinned: Option<String>,
}

impl SmtpEndpoint {
    /// The account's sending server, or None when it has no `[account.smtp]`.
    pub fn from_account(a: &AccountConfig) -> Option<SmtpEndpoint> {
        let s = a.smtp.as_ref()?;
        Some(SmtpEndpoint {
            host: s.host.trim().to_string(),
            port: s.effective_port(),
            security: s.security,
            ca_file: a.smtp_ca_file().map(PathBuf::from),
            pinned: a.pinned.smtp.clone(),
        })
    }
}

/// Time limits. DATA gets `command` plus one second per `data_rate` bytes, so a big
/// message on a slow line is not cut off while a stalled one still ends.
#[derive(Debug, Clone, Copy)]
pub struct SmtpTimeouts {
    pub connect: Duration,
    pub command: Duration,
    /// Bytes per second assumed at worst while sending DATA.
    pub data_rate: u64,
}

impl Default for SmtpTimeouts {
    fn default() -> Self {
        SmtpTimeouts {
            connect: Duration::from_secs(20),
            command: Duration::from_secs(60),
            data_rate: 32 * 1024,
        }
    }
}

/// How far a failed send got: whether the server may have the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The server did not take it (refused, or the connection failed before the end
    /// of DATA): sending again cannot duplicate it.
    NotSent,
    /// The whole message was written but no answer came: it may have gone out.
    MaybeSent,
}

/// A failed send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    pub error: TernError,
    pub stage: Stage,
    /// Retrying will not help (refused recipient, too large, wrong password).
    pub permanent: bool,
}

/// A connected, authenticated submission session.
pub struct SmtpSession {
    conn: AsyncSmtpConnection,
    host: String,
    timeouts: SmtpTimeouts,
    max_size: Option<u64>,
}

impl std::fmt::Debug for SmtpSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSession").field("host", &self.host).finish()
    }
}

async fn timed<T>(
    limit: Duration,
    host: &str,
    what: &str,
    fut: impl std::future::Future<Output = Result<T, TernError>>,
) -> Result<T, TernError> {
    tokio::time::timeout(limit, fut).await.unwrap_or_else(|_| {
        Err(TernError::new(
            ErrorKind::Timeout,
            format!("The sending server {host} did not answer in time ({what}). Tern will try again later."),
        )
        .with_text(Text::new("err-smtp-timeout").arg("host", host)))
    })
}

fn unreachable(e: &std::io::Error, host: &str, port: u16) -> TernError {
    TernError::new(
        ErrorKind::Connect,
        format!(
            "Tern could not reach the sending server {host} on port {port} ({e}). The message \
             stays in the outbox and is sent when the server can be reached."
        ),
    )
    .with_text(
        Text::new("err-smtp-unreachable")
            .arg("host", host)
            .arg("port", port.to_string()),
    )
}

/// What the server said, without control characters, at most 200 characters.
fn server_reason(e: &lettre::transport::smtp::Error) -> String {
    let text = e.source().map(|s| s.to_string()).unwrap_or_default();
    text.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Which command an error answers (for the sentence).
enum Phase<'a> {
    Auth,
    Mail,
    Rcpt(&'a str),
    Data,
}

fn smtp_error(
    e: &lettre::transport::smtp::Error,
    host: &str,
    phase: Phase<'_>,
    limit: Option<u64>,
) -> TernError {
    let reason = server_reason(e);
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    if e.is_timeout() {
        return TernError::new(
            ErrorKind::Timeout,
            format!("The sending server {host} did not answer in time. Tern will try again later."),
        )
        .with_text(Text::new("err-smtp-timeout").arg("host", host));
    }
    if e.is_tls() {
        return TernError::new(
            ErrorKind::NoEncryption,
            format!("Encryption with the sending server {host} failed. Tern did not send anything."),
        )
        .with_text(Text::new("err-smtp-tls").arg("host", host));
    }
    if e.is_transient() {
        return TernError::new(
            ErrorKind::Disconnected,
            format!(
                "The sending server {host} cannot take the message right now ({code} {reason}). \
                 It stays in the outbox and Tern will try again later."
            ),
        )
        .with_text(
            Text::new("err-smtp-busy")
                .arg("host", host)
                .arg("reason", format!("{code} {reason}")),
        );
    }
    if e.is_permanent() {
        let too_large =
            code == "552" || reason.contains("5.3.4") || reason.to_lowercase().contains("too big");
        return match phase {
            Phase::Auth => TernError::new(
                ErrorKind::Auth,
                format!(
                    "The sending server {host} refused the user name or password ({reason}). \
                     Check them in the account settings."
                ),
            )
            .with_text(
                Text::new("err-smtp-auth")
                    .arg("host", host)
                    .arg("reason", reason.clone()),
            ),
            _ if too_large => match limit {
                Some(l) => too_large_for(host, l),
                None => TernError::new(
                    ErrorKind::ServerRefused,
                    format!(
                        "The message is too large for {host} ({reason}). Remove or shrink \
                         attachments and send it again."
                    ),
                )
                .with_text(
                    Text::new("err-smtp-too-large-said")
                        .arg("host", host)
                        .arg("reason", reason.clone()),
                ),
            },
            Phase::Rcpt(who) => TernError::new(
                ErrorKind::ServerRefused,
                format!(
                    "The server refused the recipient {who}: {reason}. Correct the address \
                     and send again."
                ),
            )
            .with_text(
                Text::new("err-smtp-recipient")
                    .arg("who", who)
                    .arg("reason", reason.clone()),
            ),
            Phase::Mail | Phase::Data => TernError::new(
                ErrorKind::ServerRefused,
                format!("The sending server {host} refused the message: {reason}."),
            )
            .with_text(
                Text::new("err-smtp-refused")
                    .arg("host", host)
                    .arg("reason", reason.clone()),
            ),
        };
    }
    TernError::new(
        ErrorKind::Disconnected,
        format!(
            "The connection to the sending server {host} was lost. The message stays in the \
             outbox and Tern will try again later."
        ),
    )
    .with_text(Text::new("err-smtp-lost").arg("host", host))
}

/// "Too large": the server's limit in the units the window and the CLI use everywhere.
fn too_large_for(host: &str, limit: u64) -> TernError {
    let size = crate::core::size_en(limit);
    TernError::new(
        ErrorKind::ServerRefused,
        format!(
            "The message is too large for {host}: it accepts at most {size}. Remove or shrink \
             attachments and send it again."
        ),
    )
    .with_text(
        Text::new("err-smtp-too-large")
            .arg("host", host)
            .arg("limit", size),
    )
}

/// Connects, checks encryption and logs in. `login` empty means no AUTH.
pub async fn connect(
    endpoint: &SmtpEndpoint,
    login: &str,
    password: &str,
    timeouts: &SmtpTimeouts,
) -> Result<SmtpSession, TernError> {
    connect_with(endpoint, login, Credential::Password(password), timeouts).await
}

/// [`connect`] with a password or an OAuth2 token.
pub async fn connect_with(
    endpoint: &SmtpEndpoint,
    login: &str,
    credential: Credential<'_>,
    timeouts: &SmtpTimeouts,
) -> Result<SmtpSession, TernError> {
    let host = endpoint.host.as_str();
    let port = endpoint.port;
    let t = *timeouts;
    if host.is_empty() {
        return Err(TernError::new(
            ErrorKind::Config,
            "The account has no sending (SMTP) server. Add it in the account settings.",
        )
        .with_text(Text::new("err-no-smtp-host")));
    }
    if endpoint.security == Security::Plain && !is_loopback(host) {
        return Err(TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "Tern does not send through {host} without encryption; unencrypted connections \
                 are only allowed to this computer. Choose TLS or STARTTLS."
            ),
        )
        .with_text(Text::new("err-plain-refused").arg("host", host)));
    }
    let tls = match endpoint.security {
        Security::Plain => None,
        Security::Tls | Security::Starttls => {
            let ca = endpoint.ca_file.clone();
            let pinned = endpoint.pinned.clone();
            let built = tokio::task::spawn_blocking(move || {
                crate::imap::tls_connection_setup(ca.as_deref(), pinned.as_deref())
            })
            .await;
            Some(built.map_err(|e| {
                TernError::new(
                    ErrorKind::NoEncryption,
                    format!("Tern could not set up encryption ({e})."),
                )
                .with_text(Text::new("err-tls-setup"))
            })??)
        }
    };
    let tcp = timed(t.connect, host, "connecting", async {
        TcpStream::connect((host, port))
            .await
            .map_err(|e| unreachable(&e, host, port))
    })
    .await?;
    let _ = tcp.set_nodelay(true);
    let hello = ClientId::default();
    let wire = match (endpoint.security, tls) {
        (Security::Tls, Some(config)) => {
            let s = timed(
                t.connect,
                host,
                "setting up encryption",
                crate::imap::tls_handshake(tcp, host, port, &config),
            )
            .await?;
            Wire::tls(s, false)
        }
        (Security::Starttls, Some(config)) => {
            let mut tcp = tcp;
            timed(
                t.connect,
                host,
                "starting encryption",
                wire::starttls(&mut tcp, host, &hello.to_string()),
            )
            .await?;
            let s = timed(
                t.connect,
                host,
                "setting up encryption",
                crate::imap::tls_handshake(tcp, host, port, &config),
            )
            .await?;
            Wire::tls(s, true)
        }
        (Security::Plain, _) => Wire::plain(tcp),
        (Security::Tls | Security::Starttls, None) => {
            return Err(
                TernError::new(ErrorKind::NoEncryption, "Tern could not set up encryption.")
                    .with_text(Text::new("err-tls-setup")),
            );
        }
    };
    let lost = |e: lettre::transport::smtp::Error| smtp_error(&e, host, Phase::Mail, None);
    let mut conn = timed(t.connect, host, "greeting", async {
        AsyncSmtpConnection::connect_with_transport(Box::new(wire), &hello)
            .await
            .map_err(lost)
    })
    .await?;
    // lettre's ServerInfo has no SIZE: read it from a second EHLO's lines.
    let ehlo = timed(t.command, host, "EHLO", async {
        conn.command(Ehlo::new(hello.clone())).await.map_err(lost)
    })
    .await?;
    let max_size = ehlo.message().find_map(|l| {
        let mut words = l.split_whitespace();
        let kw = words.next()?;
        kw.eq_ignore_ascii_case("SIZE")
            .then(|| words.next().and_then(|n| n.parse::<u64>().ok()))
            .flatten()
            .filter(|n| *n > 0)
    });
    let info = conn.server_info();
    let can_auth =
        info.supports_auth_mechanism(Mechanism::Plain) || info.supports_auth_mechanism(Mechanism::Login);
    match credential {
        Credential::Password(password) if !login.is_empty() && can_auth => {
            let creds = Credentials::new(login.to_string(), password.to_string());
            timed(t.command, host, "logging in", async {
                conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds)
                    .await
                    .map_err(|e| smtp_error(&e, host, Phase::Auth, None))
            })
            .await?;
        }
        Credential::Password(_) => {}
        Credential::Token { token, mechanism } => {
            let offered = auth_mechanisms(ehlo.message());
            let message = oauth_message(login, token, mechanism, &offered, (host, port))?;
            timed(
                t.command,
                host,
                "logging in",
                token_auth(&mut conn, host, message),
            )
            .await?;
        }
    }
    Ok(SmtpSession {
        conn,
        host: host.to_string(),
        timeouts: t,
        max_size,
    })
}

impl SmtpSession {
    /// The largest message the server accepts (EHLO SIZE), if it says.
    pub fn max_size(&self) -> Option<u64> {
        self.max_size
    }

    /// Sends `bytes` exactly as given (dot-stuffing is the transport's business) from
    /// `from` to `recipients`.
    pub async fn send(&mut self, from: &str, recipients: &[String], bytes: &[u8]) -> Result<(), SendFailure> {
        let host = self.host.clone();
        let t = self.timeouts;
        let limit = self.max_size;
        let not_sent = |error: TernError| SendFailure {
            permanent: !error.is_transient(),
            error,
            stage: Stage::NotSent,
        };
        if let Some(max) = limit.filter(|m| bytes.len() as u64 > *m) {
            return Err(not_sent(too_large_for(&host, max)));
        }
        let bad_address = |a: &str| {
            not_sent(
                TernError::new(
                    ErrorKind::Message,
                    format!("\"{a}\" is not an email address. Correct it and send again."),
                )
                .with_text(Text::new("err-not-an-address").arg("who", a)),
            )
        };
        let sender: Address = from.parse().map_err(|_| bad_address(from))?;
        let mut params = Vec::new();
        if limit.is_some() {
            params.push(MailParameter::Size(bytes.len()));
        }
        let conn = &mut self.conn;
        timed(t.command, &host, "MAIL FROM", async {
            conn.command(Mail::new(Some(sender), params))
                .await
                .map_err(|e| smtp_error(&e, &host, Phase::Mail, limit))
        })
        .await
        .map_err(not_sent)?;
        for r in recipients {
            let address: Address = r.parse().map_err(|_| bad_address(r))?;
            timed(t.command, &host, "RCPT TO", async {
                conn.command(Rcpt::new(address, vec![]))
                    .await
                    .map_err(|e| smtp_error(&e, &host, Phase::Rcpt(r), limit))
            })
            .await
            .map_err(not_sent)?;
        }
        timed(t.command, &host, "DATA", async {
            conn.command(Data)
                .await
                .map_err(|e| smtp_error(&e, &host, Phase::Data, limit))
        })
        .await
        .map_err(not_sent)?;
        // The transport ends DATA with CRLF.CRLF: drop our final CRLF so the server
        // stores exactly `bytes`.
        let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
        let data_limit = t.command + Duration::from_secs(bytes.len() as u64 / t.data_rate.max(1));
        let result = tokio::time::timeout(data_limit, conn.message_iter(body.chunks(64 * 1024))).await;
        match result {
            Ok(Ok(_)) => Ok(()),
            // The server answered: it did not take the message.
            Ok(Err(e)) if e.is_permanent() || e.is_transient() => {
                Err(not_sent(smtp_error(&e, &host, Phase::Data, limit)))
            }
            // No answer after (possibly) the whole message: it may have gone out.
            Ok(Err(e)) => Err(SendFailure {
                error: TernError::new(
                    ErrorKind::Disconnected,
                    format!(
                        "The connection to {host} was lost while the message was being sent, so \
                         Tern cannot tell whether it went out ({}).",
                        server_reason(&e)
                    ),
                )
                .with_text(Text::new("err-smtp-lost-unsure").arg("host", host.as_str())),
                stage: Stage::MaybeSent,
                permanent: false,
            }),
            Err(_) => Err(SendFailure {
                error: TernError::new(
                    ErrorKind::Timeout,
                    format!(
                        "{host} did not confirm the message in time, so Tern cannot tell whether it went out."
                    ),
                )
                .with_text(Text::new("err-smtp-unconfirmed").arg("host", host.as_str())),
                stage: Stage::MaybeSent,
                permanent: false,
            }),
        }
    }

    /// Says goodbye (best effort, short time limit).
    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.conn.quit()).await;
    }
}
