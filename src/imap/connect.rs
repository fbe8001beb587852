//! Opening an IMAP connection: TCP, encryption (implicit TLS, or strict STARTTLS), the
//! greeting, login, capabilities, ID and COMPRESS. Every network await has a timeout.
//!
//! STARTTLS is done by hand on the raw socket, never through async-imap: before TLS
//! nothing the server says is trusted or kept. Only the STARTTLS capability is looked
//! for; untagged lines are skipped (after the guard's scanner has checked them); any
//! reply to STARTTLS other than a tagged OK, and any byte after that OK line, aborts.
//! Capabilities are asked for again after TLS and once more after login; those are the
//! only ones kept.
//!
//! The password never reaches async-imap (which logs commands at trace level): it sees a
//! random placeholder, and the guarded stream substitutes the real value as the bytes go
//! out. Errors never contain it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use tokio::net::TcpStream;

use super::compress::Deflate;
use super::errors::{connect_error, timed};
pub(crate) use super::errors::{imap_error, io_error, map_imap_error};
use super::guard::{GuardedStream, Transport};
use super::login::{authenticate_token, login, raw_capability, read_greeting};
use super::starttls::starttls;
use super::tls;
use crate::auth::{Credential, sasl};
use crate::config::{ImapConfig, OauthMechanism, Security};
use crate::core::{ErrorKind, TernError};

/// An authenticated async-imap session over the guarded stream.
pub type ImapSession = async_imap::Session<GuardedStream>;
pub(super) type ImapClient = async_imap::Client<GuardedStream>;

/// Where and how to reach an IMAP server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// An extra trusted root certificate (PEM).
    pub ca_file: Option<PathBuf>,
    /// The certificate the user trusted for this server (lower-case hex SHA-256): then
    /// only that one is accepted.
    pub pinned: Option<String>,
}

impl Endpoint {
    pub fn from_config(c: &ImapConfig) -> Endpoint {
        Endpoint {
            host: c.host.trim().to_string(),
            port: c.port,
            security: c.security,
            ca_file: c.ca_file.clone(),
            pinned: None,
        }
    }
}

/// How long to wait. `connect` covers TCP, TLS, STARTTLS and the greeting; `command`
/// covers each command after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub command: Duration,
    /// Getting the password before connecting: a `password_command` or keychain that
    /// may wait for a person to type a passphrase or unlock it.
    pub secret: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(20),
            command: Duration::from_secs(60),
            secret: Duration::from_secs(60),
        }
    }
}

/// A logged-in connection.
#[derive(Debug)]
pub struct Connection {
    pub(crate) session: ImapSession,
    /// What the server offers after login, uppercased (`IMAP4REV1`, `AUTH=PLAIN`, `IDLE`).
    pub capabilities: HashSet<String>,
    /// Whether COMPRESS=DEFLATE is active.
    pub compressed: bool,
    pub(crate) timeouts: Timeouts,
    pub(crate) host: String,
    /// Whether ENABLE QRESYNC succeeded (set by the sync operations).
    pub(crate) qresync: bool,
    /// The server's certificate (None without TLS), for its expiry in settings.
    pub certificate: Option<crate::core::CertDetails>,
}

/// Everything in a [`Connection`] but the session.
#[derive(Debug)]
pub(crate) struct ConnectionParts {
    capabilities: HashSet<String>,
    compressed: bool,
    timeouts: Timeouts,
    host: String,
    qresync: bool,
    certificate: Option<crate::core::CertDetails>,
}

impl ConnectionParts {
    pub(crate) fn command_timeout(&self) -> Duration {
        self.timeouts.command
    }
}

impl Connection {
    /// Whether the server offers `cap` (case-insensitive).
    pub fn has(&self, cap: &str) -> bool {
        self.capabilities.contains(&cap.to_ascii_uppercase())
    }

    /// Max literal size the guard accepts from now on (e.g. partial-fetch chunk + 64 KiB);
    /// default 32 MiB.
    pub fn set_literal_cap(&mut self, bytes: u64) {
        self.session.get_mut().set_literal_cap(bytes);
    }

    /// Says goodbye politely; errors and timeouts are ignored.
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(self.timeouts.command, self.session.logout()).await;
    }

    /// Unsolicited responses waiting in async-imap's channel (for tests).
    #[doc(hidden)]
    pub fn pending_unsolicited(&self) -> usize {
        self.session.unsolicited_responses.len()
    }

    /// Drops everything waiting in the unsolicited channel.
    pub(super) fn discard_unsolicited(&mut self) {
        while self.session.unsolicited_responses.try_recv().is_ok() {}
    }

    /// Splits off the session (IDLE consumes and returns it).
    pub(crate) fn into_parts(self) -> (ImapSession, ConnectionParts) {
        let Connection {
            session,
            capabilities,
            compressed,
            timeouts,
            host,
            qresync,
            certificate,
        } = self;
        let parts = ConnectionParts {
            capabilities,
            compressed,
            timeouts,
            host,
            qresync,
            certificate,
        };
        (session, parts)
    }

    /// Puts a session and its parts back together.
    pub(crate) fn from_parts(session: ImapSession, parts: ConnectionParts) -> Connection {
        let ConnectionParts {
            capabilities,
            compressed,
            timeouts,
            host,
            qresync,
            certificate,
        } = parts;
        Connection {
            session,
            capabilities,
            compressed,
            timeouts,
            host,
            qresync,
            certificate,
        }
    }

    async fn read_capabilities(&mut self) -> Result<HashSet<String>, TernError> {
        let host = self.host.clone();
        let session = &mut self.session;
        timed(self.timeouts.command, &host, "listing capabilities", async {
            let caps = session.capabilities().await.map_err(|e| imap_error(e, &host))?;
            Ok(caps.iter().map(capability_name).collect())
        })
        .await
    }

    /// RFC 2971 ID; the server's refusal does not matter.
    async fn identify(&mut self) -> Result<(), TernError> {
        let host = self.host.clone();
        let session = &mut self.session;
        let result = timed(self.timeouts.command, &host, "answering ID", async {
            let id = [
                ("name", Some("Tern")),
                ("version", Some(env!("CARGO_PKG_VERSION"))),
            ];
            Ok(session.id(id).await.map_err(|e| match e {
                async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => None,
                other => Some(imap_error(other, &host)),
            }))
        })
        .await;
        match result {
            Ok(Ok(_)) | Ok(Err(None)) => Ok(()),
            Ok(Err(Some(e))) | Err(e) => Err(e),
        }
    }

    /// COMPRESS DEFLATE, then the transport under the guard is swapped for a deflating one.
    async fn start_compress(&mut self) -> Result<(), TernError> {
        let host = self.host.clone();
        let session = &mut self.session;
        let accepted = timed(self.timeouts.command, &host, "starting compression", async {
            match session.run_command_and_check_ok("COMPRESS DEFLATE").await {
                Ok(()) => Ok(true),
                Err(async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_)) => Ok(false),
                Err(e) => Err(imap_error(e, &host)),
            }
        })
        .await?;
        if !accepted {
            tracing::debug!("{host} refused COMPRESS; continuing without it");
            return Ok(());
        }
        self.session
            .get_mut()
            .replace_inner(|transport, already_read| Box::new(Deflate::new(transport, already_read)))
            .map_err(|e| io_error(&e, &host))?;
        self.compressed = true;
        Ok(())
    }
}

/// Connects, encrypts, logs in and negotiates extensions.
pub async fn connect(
    endpoint: &Endpoint,
    username: &str,
    password: &str,
    timeouts: &Timeouts,
) -> Result<Connection, TernError> {
    connect_with(endpoint, username, Credential::Password(password), timeouts).await
}

/// [`connect`] with a password or an OAuth2 token.
pub async fn connect_with(
    endpoint: &Endpoint,
    username: &str,
    credential: Credential<'_>,
    timeouts: &Timeouts,
) -> Result<Connection, TernError> {
    let host = endpoint.host.trim();
    let port = endpoint.port;
    let t = *timeouts;
    if host.is_empty() {
        return Err(TernError::new(
            ErrorKind::Config,
            "The account has no IMAP server name. Add it in the account settings.",
        )
        .with_text(crate::core::Text::new("err-no-host")));
    }
    if endpoint.security == Security::Plain && !is_loopback(host) {
        return Err(TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "Tern does not connect to {host} without encryption; unencrypted connections \
                 are only allowed to this computer. Choose TLS or STARTTLS."
            ),
        )
        .with_text(crate::core::Text::new("err-plain-refused").arg("host", host)));
    }
    let tls_config = match endpoint.security {
        Security::Plain => None,
        Security::Tls | Security::Starttls => {
            // Reads certificate files (the system's once per process): off the runtime.
            let ca_file = endpoint.ca_file.clone();
            let pinned = endpoint.pinned.clone();
            let built = tokio::task::spawn_blocking(move || {
                tls::connection_setup(ca_file.as_deref(), pinned.as_deref())
            })
            .await;
            Some(built.map_err(|e| {
                TernError::new(
                    ErrorKind::NoEncryption,
                    format!("Tern could not set up encryption ({e})."),
                )
                .with_text(crate::core::Text::new("err-tls-setup"))
            })??)
        }
    };

    tracing::debug!(host, port, security = ?endpoint.security, "connecting");
    let tcp = timed(t.connect, host, "connecting", async {
        TcpStream::connect((host, port))
            .await
            .map_err(|e| connect_error(&e, host, port))
    })
    .await?;
    let _ = tcp.set_nodelay(true);

    let verified = tls_config.clone();
    let (transport, greeted): (Box<dyn Transport>, bool) = match (endpoint.security, tls_config) {
        (Security::Tls, Some(config)) => {
            let tls = timed(t.connect, host, "setting up encryption", async {
                tls::handshake(tcp, host, port, &config).await
            })
            .await?;
            (Box::new(tls), false)
        }
        (Security::Starttls, Some(config)) => {
            let mut tcp = tcp;
            timed(t.connect, host, "starting encryption", starttls(&mut tcp, host)).await?;
            let tls = timed(t.connect, host, "setting up encryption", async {
                tls::handshake(tcp, host, port, &config).await
            })
            .await?;
            // After STARTTLS there is no new greeting.
            (Box::new(tls), true)
        }
        (Security::Plain, _) => (Box::new(tcp), false),
        // Never falls back to plain text.
        (Security::Tls | Security::Starttls, None) => {
            return Err(
                TernError::new(ErrorKind::NoEncryption, "Tern could not set up encryption.")
                    .with_text(crate::core::Text::new("err-tls-setup")),
            );
        }
    };

    let mut conn = establish(transport, greeted, (host, port), username, credential, t).await?;
    conn.certificate = verified
        .and_then(|v| v.presented())
        .and_then(|der| crate::core::CertDetails::from_der(&der));
    Ok(conn)
}

/// Everything after the transport exists: greeting (unless `greeted`), CAPABILITY, login,
/// capabilities again, ID and COMPRESS, all through the guard. Shared by [`connect`] and
/// the fuzzing entry point (`super::fuzzing`), which runs it over scripted bytes.
pub(super) async fn establish(
    transport: Box<dyn Transport>,
    greeted: bool,
    (host, port): (&str, u16),
    username: &str,
    credential: Credential<'_>,
    t: Timeouts,
) -> Result<Connection, TernError> {
    let mut client = async_imap::Client::new(GuardedStream::new(transport));
    if !greeted {
        timed(t.connect, host, "greeting", read_greeting(&mut client, host)).await?;
    }
    let before_login = timed(
        t.command,
        host,
        "listing capabilities",
        raw_capability(&mut client, host),
    )
    .await?;
    let session = timed(
        t.command,
        host,
        "logging in",
        log_in(client, (host, port), username, credential, &before_login),
    )
    .await?;

    let mut conn = Connection {
        session,
        capabilities: HashSet::new(),
        compressed: false,
        timeouts: t,
        host: host.to_string(),
        qresync: false,
        certificate: None,
    };
    // Whatever arrived before or during login describes no selected mailbox.
    conn.discard_unsolicited();
    conn.capabilities = conn.read_capabilities().await?;
    if conn.has("ID") {
        conn.identify().await?;
    }
    if conn.has("COMPRESS=DEFLATE") {
        conn.start_compress().await?;
    }
    conn.discard_unsolicited();
    tracing::debug!(host, compressed = conn.compressed, "logged in");
    Ok(conn)
}

/// A password login, or AUTHENTICATE with a token in the mechanism asked for (else
/// XOAUTH2 where offered, else OAUTHBEARER).
async fn log_in(
    client: ImapClient,
    (host, port): (&str, u16),
    username: &str,
    credential: Credential<'_>,
    caps: &HashSet<String>,
) -> Result<ImapSession, TernError> {
    let (token, mechanism) = match credential {
        Credential::Password(password) => return login(client, host, username, password, caps).await,
        Credential::Token { token, mechanism } => (token, mechanism),
    };
    if !sasl::sendable(token) || !sasl::sendable(username) {
        return Err(TernError::new(
            ErrorKind::Auth,
            "The user name or the sign-in token contains a character IMAP cannot send.",
        )
        .with_text(crate::core::Text::new("err-username-unsendable")));
    }
    let mechanism = mechanism.unwrap_or(
        if caps.contains("AUTH=XOAUTH2") || !caps.contains("AUTH=OAUTHBEARER") {
            OauthMechanism::Xoauth2
        } else {
            OauthMechanism::Oauthbearer
        },
    );
    let (name, message) = match mechanism {
        OauthMechanism::Xoauth2 => ("XOAUTH2", sasl::xoauth2(username, token)),
        OauthMechanism::Oauthbearer => ("OAUTHBEARER", sasl::oauthbearer(username, host, port, token)),
    };
    authenticate_token(client, host, name, &message, caps).await
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

pub(super) fn capability_name(c: &async_imap::types::Capability) -> String {
    use async_imap::types::Capability;
    match c {
        Capability::Imap4rev1 => "IMAP4REV1".to_string(),
        Capability::Auth(s) => format!("AUTH={}", s.to_ascii_uppercase()),
        Capability::Atom(s) => s.to_ascii_uppercase(),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_defaults_follow_the_config() {
        let c = ImapConfig {
            host: " imap.example.org ".into(),
            port: 993,
            security: Security::default(),
            username: String::new(),
            password_command: None,
            ca_file: None,
            auth: Default::default(),
            oauth: None,
        };
        let e = Endpoint::from_config(&c);
        assert_eq!(e.host, "imap.example.org");
        assert_eq!((e.port, e.security), (993, Security::Tls));
        let t = Timeouts::default();
        assert_eq!((t.connect.as_secs(), t.command.as_secs()), (20, 60));
    }

    #[test]
    fn loopback_hosts() {
        for h in ["localhost", "127.0.0.1", "::1", "[::1]", "LOCALHOST"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["example.org", "10.0.0.1", "localhost.example.org"] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[tokio::test]
    async fn plain_is_refused_for_remote_hosts() {
        let e = Endpoint {
            host: "imap.example.org".into(),
            port: 143,
            security: Security::Plain,
            ca_file: None,
            pinned: None,
        };
        let err = connect(&e, "u", "p", &Timeouts::default())
            .await
            .expect_err("refused");
        assert_eq!(err.kind, ErrorKind::NoEncryption);
    }
}
