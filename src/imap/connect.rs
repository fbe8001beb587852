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
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use async_imap::imap_proto::{Response, Status};
use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::compress::Deflate;
use super::guard::{self, GuardedStream, Scanner, Transport};
use super::tls;
use crate::config::{ImapConfig, Security};
use crate::core::{ErrorKind, TernError};

/// An authenticated async-imap session over the guarded stream.
pub type ImapSession = async_imap::Session<GuardedStream>;
type ImapClient = async_imap::Client<GuardedStream>;

/// Where and how to reach an IMAP server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// An extra trusted root certificate (PEM).
    pub ca_file: Option<PathBuf>,
}

impl Endpoint {
    pub fn from_config(c: &ImapConfig) -> Endpoint {
        Endpoint {
            host: c.host.trim().to_string(),
            port: c.port,
            security: c.security,
            ca_file: c.ca_file.clone(),
        }
    }
}

/// How long to wait. `connect` covers TCP, TLS, STARTTLS and the greeting; `command`
/// covers each command after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(20),
            command: Duration::from_secs(60),
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
}

/// Everything in a [`Connection`] but the session.
#[derive(Debug)]
pub(crate) struct ConnectionParts {
    capabilities: HashSet<String>,
    compressed: bool,
    timeouts: Timeouts,
    host: String,
    qresync: bool,
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
    fn discard_unsolicited(&mut self) {
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
        } = self;
        let parts = ConnectionParts {
            capabilities,
            compressed,
            timeouts,
            host,
            qresync,
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
        } = parts;
        Connection {
            session,
            capabilities,
            compressed,
            timeouts,
            host,
            qresync,
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
    let host = endpoint.host.trim();
    let port = endpoint.port;
    let t = *timeouts;
    if host.is_empty() {
        return Err(TernError::new(
            ErrorKind::Config,
            "The account has no IMAP server name. Add it in the account settings.",
        ));
    }
    if endpoint.security == Security::Plain && !is_loopback(host) {
        return Err(TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "Tern does not connect to {host} without encryption; unencrypted connections \
                 are only allowed to this computer. Choose TLS or STARTTLS."
            ),
        ));
    }
    let tls_config = match endpoint.security {
        Security::Plain => None,
        Security::Tls | Security::Starttls => {
            // Reads certificate files (the system's once per process): off the runtime.
            let ca_file = endpoint.ca_file.clone();
            let built = tokio::task::spawn_blocking(move || tls::client_config(ca_file.as_deref())).await;
            Some(built.map_err(|e| {
                TernError::new(
                    ErrorKind::NoEncryption,
                    format!("Tern could not set up encryption ({e})."),
                )
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

    let (transport, greeted): (Box<dyn Transport>, bool) = match (endpoint.security, tls_config) {
        (Security::Tls, Some(config)) => {
            let tls = timed(t.connect, host, "setting up encryption", async {
                tls::handshake(tcp, host, config).await
            })
            .await?;
            (Box::new(tls), false)
        }
        (Security::Starttls, Some(config)) => {
            let mut tcp = tcp;
            timed(t.connect, host, "starting encryption", starttls(&mut tcp, host)).await?;
            let tls = timed(t.connect, host, "setting up encryption", async {
                tls::handshake(tcp, host, config).await
            })
            .await?;
            // After STARTTLS there is no new greeting.
            (Box::new(tls), true)
        }
        (Security::Plain, _) => (Box::new(tcp), false),
        // Never falls back to plain text.
        (Security::Tls | Security::Starttls, None) => {
            return Err(TernError::new(
                ErrorKind::NoEncryption,
                "Tern could not set up encryption.",
            ));
        }
    };

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
        login(client, host, username, password, &before_login),
    )
    .await?;

    let mut conn = Connection {
        session,
        capabilities: HashSet::new(),
        compressed: false,
        timeouts: t,
        host: host.to_string(),
        qresync: false,
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

// ---------------------------------------------------------------------------------------
// Before TLS: STARTTLS by hand
// ---------------------------------------------------------------------------------------

const PLAIN_LINE_MAX: usize = 64 * 1024;

/// Reads CRLF lines from the raw socket, checking every byte with the guard's scanner
/// (no literals allowed).
struct PlainLines {
    buf: Vec<u8>,
    scanner: Scanner,
}

impl PlainLines {
    fn new() -> PlainLines {
        PlainLines {
            buf: Vec::new(),
            scanner: Scanner::new(0),
        }
    }

    async fn line(&mut self, tcp: &mut TcpStream, host: &str) -> Result<Vec<u8>, TernError> {
        loop {
            if let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=pos).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            if self.buf.len() > PLAIN_LINE_MAX {
                return Err(malformed(&guard::Violation::LineTooLong));
            }
            let mut chunk = [0u8; 4096];
            let n = tcp.read(&mut chunk).await.map_err(|e| io_error(&e, host))?;
            if n == 0 {
                return Err(TernError::new(
                    ErrorKind::Disconnected,
                    format!(
                        "{host} closed the connection before encryption started. Tern will \
                         try again later."
                    ),
                ));
            }
            self.scanner.check_all(&chunk[..n]).map_err(|v| malformed(&v))?;
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

fn no_starttls(host: &str) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!(
            "The server does not offer encryption (STARTTLS), so Tern did not log in to {host}. \
             Use implicit TLS (usually port 993) if the provider offers it."
        ),
    )
}

fn injected(host: &str) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!(
            "{host} sent data that was not asked for while encryption was being started. \
             That is how connections are attacked, so Tern disconnected."
        ),
    )
}

fn starts_with_ci(line: &[u8], prefix: &[u8]) -> bool {
    line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Capability names in `text` (the part after `CAPABILITY`), uppercased.
fn words_upper(text: &[u8]) -> impl Iterator<Item = String> + '_ {
    text.split(|&b| b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).to_ascii_uppercase())
}

/// The capabilities in a greeting's `[CAPABILITY ...]` code, if any.
fn greeting_capabilities(line: &[u8]) -> Option<HashSet<String>> {
    let upper = line.to_ascii_uppercase();
    let start = upper.windows(12).position(|w| w == b"[CAPABILITY ")? + 12;
    let end = upper[start..].iter().position(|&b| b == b']')? + start;
    Some(words_upper(&line[start..end]).collect())
}

/// The plaintext part of STARTTLS: greeting, capabilities, `STARTTLS`, tagged OK, and
/// nothing after it.
async fn starttls(tcp: &mut TcpStream, host: &str) -> Result<(), TernError> {
    let mut lines = PlainLines::new();
    let greeting = lines.line(tcp, host).await?;
    let mut caps = if starts_with_ci(&greeting, b"* OK") {
        greeting_capabilities(&greeting).unwrap_or_default()
    } else if starts_with_ci(&greeting, b"* PREAUTH") {
        return Err(TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "{host} tried to skip logging in and encryption (PREAUTH). Tern never works \
                 unencrypted, so it disconnected."
            ),
        ));
    } else if starts_with_ci(&greeting, b"* BYE") {
        return Err(TernError::new(
            ErrorKind::Disconnected,
            format!("{host} closed the connection right away. Tern will try again later."),
        ));
    } else {
        return Err(TernError::new(
            ErrorKind::MalformedServerData,
            format!("{host} did not greet like an IMAP server. Check the port number."),
        ));
    };

    let write = |e: io::Error| io_error(&e, host);
    if !caps.contains("STARTTLS") {
        tcp.write_all(b"T1 CAPABILITY\r\n").await.map_err(write)?;
        caps.clear();
        loop {
            let line = lines.line(tcp, host).await?;
            if starts_with_ci(&line, b"* CAPABILITY ") {
                caps.extend(words_upper(&line[13..]));
            } else if starts_with_ci(&line, b"* BYE") {
                return Err(no_starttls(host));
            } else if starts_with_ci(&line, b"T1 ") {
                break;
            } else if !line.starts_with(b"* ") {
                return Err(no_starttls(host));
            }
        }
    }
    if !caps.contains("STARTTLS") {
        return Err(no_starttls(host));
    }

    tcp.write_all(b"T2 STARTTLS\r\n").await.map_err(write)?;
    loop {
        let line = lines.line(tcp, host).await?;
        if starts_with_ci(&line, b"T2 OK") {
            break;
        }
        // Untagged chatter is ignored; NO, BAD, "+", BYE or anything else means no TLS.
        if !line.starts_with(b"* ") || starts_with_ci(&line, b"* BYE") {
            return Err(no_starttls(host));
        }
    }
    // Nothing may follow the OK before the TLS handshake: neither in our buffer nor
    // already waiting in the socket.
    if !lines.buf.is_empty() {
        return Err(injected(host));
    }
    let mut probe = [0u8; 1];
    match tcp.try_read(&mut probe) {
        Ok(0) => Err(TernError::new(
            ErrorKind::Disconnected,
            format!("{host} closed the connection before encryption started."),
        )),
        Ok(_) => Err(injected(host)),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(()),
        Err(e) => Err(io_error(&e, host)),
    }
}

// ---------------------------------------------------------------------------------------
// After encryption (or on a loopback plain connection)
// ---------------------------------------------------------------------------------------

/// The next response, or why there is none.
fn got<T>(read: io::Result<Option<T>>, host: &str) -> Result<T, TernError> {
    match read {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(TernError::new(
            ErrorKind::Disconnected,
            format!("{host} closed the connection. Tern will try again later."),
        )),
        Err(e) => Err(io_error(&e, host)),
    }
}

async fn read_greeting(client: &mut ImapClient, host: &str) -> Result<(), TernError> {
    let greeting = got(client.read_response().await, host)?;
    match greeting.parsed() {
        Response::Data {
            status: Status::Ok, ..
        } => Ok(()),
        Response::Data {
            status: Status::PreAuth,
            ..
        } => Err(TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "{host} says this connection is already logged in (PREAUTH), which Tern does \
                 not support."
            ),
        )),
        Response::Data {
            status: Status::Bye,
            outcome,
        } => Err(TernError::new(
            ErrorKind::Disconnected,
            format!(
                "{host} closed the connection right away{}. Tern will try again later.",
                outcome
                    .information
                    .as_deref()
                    .map(|t| format!(" (it said: “{}”)", sanitize(t, "")))
                    .unwrap_or_default()
            ),
        )),
        _ => Err(TernError::new(
            ErrorKind::MalformedServerData,
            format!("{host} did not greet like an IMAP server. Check the port number."),
        )),
    }
}

const CAPABILITY_TAG: &str = "T3";

/// A fresh CAPABILITY before login (async-imap has none for an unauthenticated client).
async fn raw_capability(client: &mut ImapClient, host: &str) -> Result<HashSet<String>, TernError> {
    let stream = client.get_mut();
    let sent = async {
        stream
            .write_all(format!("{CAPABILITY_TAG} CAPABILITY\r\n").as_bytes())
            .await?;
        stream.flush().await
    };
    sent.await.map_err(|e| io_error(&e, host))?;
    let mut caps = HashSet::new();
    loop {
        let response = got(client.read_response().await, host)?;
        match response.parsed() {
            Response::Capabilities(list) => caps.extend(
                list.iter()
                    .map(|c| capability_name(&async_imap::types::Capability::from(c))),
            ),
            Response::Done { tag, status, .. } if tag.0 == CAPABILITY_TAG => {
                return match status {
                    Status::Ok => Ok(caps),
                    _ => Err(TernError::new(
                        ErrorKind::ServerRefused,
                        format!("{host} refused to list its capabilities."),
                    )),
                };
            }
            Response::Data {
                status: Status::Bye, ..
            } => {
                return Err(TernError::new(
                    ErrorKind::Disconnected,
                    format!("{host} closed the connection. Tern will try again later."),
                ));
            }
            // Anything else before login is ignored.
            _ => {}
        }
    }
}

/// AUTHENTICATE PLAIN's response: a random stand-in, replaced on the way out.
struct PlainPlaceholder(Vec<u8>);

impl async_imap::Authenticator for PlainPlaceholder {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        self.0.clone()
    }
}

async fn login(
    mut client: ImapClient,
    host: &str,
    username: &str,
    password: &str,
    caps: &HashSet<String>,
) -> Result<ImapSession, TernError> {
    if password.contains(['\r', '\n', '\0']) {
        return Err(TernError::new(
            ErrorKind::Auth,
            "The password contains a line break or a NUL character, which IMAP cannot send. \
             Check the password in the account settings.",
        ));
    }
    let result = if caps.contains("LOGINDISABLED") {
        if !caps.contains("AUTH=PLAIN") {
            return Err(TernError::new(
                ErrorKind::Auth,
                format!("{host} does not accept a password login (LOGINDISABLED, and no AUTH=PLAIN)."),
            ));
        }
        let stand_in: [u8; 18] = rand::random();
        let encoded_stand_in = base64::engine::general_purpose::STANDARD.encode(stand_in);
        let mut plain = Vec::with_capacity(username.len() + password.len() + 2);
        plain.push(0);
        plain.extend_from_slice(username.as_bytes());
        plain.push(0);
        plain.extend_from_slice(password.as_bytes());
        let encoded = base64::engine::general_purpose::STANDARD.encode(&plain);
        plain.iter_mut().for_each(|b| *b = 0);
        client
            .get_mut()
            .arm_secret(encoded_stand_in.into_bytes(), encoded.into_bytes());
        client
            .authenticate("PLAIN", PlainPlaceholder(stand_in.to_vec()))
            .await
    } else {
        // async-imap quotes the placeholder; the real value is quoted the same way.
        let placeholder = format!("tern{:032x}", rand::random::<u128>());
        let quoted = password.replace('\\', "\\\\").replace('"', "\\\"");
        client
            .get_mut()
            .arm_secret(placeholder.clone().into_bytes(), quoted.into_bytes());
        client.login(username, &placeholder).await
    };
    match result {
        Ok(mut session) => {
            session.get_mut().disarm_secret();
            Ok(session)
        }
        Err((e, mut client)) => {
            client.get_mut().disarm_secret();
            Err(match e {
                async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => TernError::new(
                    ErrorKind::Auth,
                    format!(
                        "The server did not accept the user name or password for {host}. \
                             Check them in the account settings."
                    ),
                ),
                async_imap::error::Error::Validate(_) => TernError::new(
                    ErrorKind::Auth,
                    "The user name contains a line break, which IMAP cannot send. Check it in \
                     the account settings.",
                ),
                other => imap_error(other, host),
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn capability_name(c: &async_imap::types::Capability) -> String {
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

/// Server text made safe to show: printable, short, without `secret`.
fn sanitize(text: &str, secret: &str) -> String {
    let mut s: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if !secret.is_empty() {
        s = s.replace(secret, "…");
    }
    s
}

/// Runs `fut` with a time limit.
async fn timed<T>(
    limit: Duration,
    host: &str,
    what: &str,
    fut: impl Future<Output = Result<T, TernError>>,
) -> Result<T, TernError> {
    match tokio::time::timeout(limit, fut).await {
        Ok(result) => result,
        Err(_) => Err(TernError::new(
            ErrorKind::Timeout,
            format!(
                "{host} did not answer within {} seconds ({what}). Tern will try again later.",
                limit.as_secs_f32().ceil() as u64
            ),
        )),
    }
}

fn connect_error(e: &io::Error, host: &str, port: u16) -> TernError {
    let msg = match e.kind() {
        io::ErrorKind::ConnectionRefused => format!(
            "{host} refused the connection on port {port}. Check the port number; the server \
             may also be down."
        ),
        _ => format!(
            "Tern could not reach {host} on port {port} ({e}). Check the server name and your \
             internet connection."
        ),
    };
    TernError::new(ErrorKind::Connect, msg)
}

fn malformed(v: &guard::Violation) -> TernError {
    TernError::new(
        ErrorKind::MalformedServerData,
        format!(
            "The server sent data Tern cannot safely read ({v}). Tern disconnected from it and \
             will try again later."
        ),
    )
}

/// Explains an I/O error on an open connection.
pub(crate) fn io_error(e: &io::Error, host: &str) -> TernError {
    if let Some(v) = guard::violation_of(e) {
        return malformed(v);
    }
    if let Some(t) = tls::rustls_error(e) {
        return tls::tls_error(t, host);
    }
    match e.kind() {
        io::ErrorKind::TimedOut => TernError::new(
            ErrorKind::Timeout,
            format!("{host} stopped answering. Tern will try again later."),
        ),
        io::ErrorKind::InvalidData | io::ErrorKind::Other => TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "{host} sent data Tern could not understand. Tern disconnected from it and will \
                 try again later."
            ),
        ),
        kind => TernError::new(
            ErrorKind::Disconnected,
            format!("The connection to {host} was lost ({kind}). Tern will try again later."),
        ),
    }
}

/// Explains an error from an async-imap call made for `what` ("SELECT", "the header
/// fetch"), from its text alone. Prefer [`imap_error`] where the error value is at hand:
/// it can look inside I/O errors.
pub(crate) fn map_imap_error(what: &str, e: impl std::fmt::Display) -> TernError {
    let text = e.to_string();
    if let Some(pos) = text.find(guard::GUARD_MARKER) {
        let why = &text[pos + guard::GUARD_MARKER.len()..];
        return TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "The server sent data Tern cannot safely read ({why}). Tern disconnected from \
                 it and will try again later."
            ),
        );
    }
    let (kind, msg) = if text.starts_with("no response") || text.starts_with("bad response") {
        let said = server_said(&text)
            .map(|t| format!(" (it said: “{t}”)"))
            .unwrap_or_default();
        (
            ErrorKind::ServerRefused,
            format!("The server refused {what}{said}."),
        )
    } else if text.starts_with("connection lost") {
        (
            ErrorKind::Disconnected,
            format!("The connection was lost during {what}. Tern will try again later."),
        )
    } else if text.starts_with("parse") || text.contains("during parsing of") {
        (
            ErrorKind::MalformedServerData,
            format!(
                "The server's answer to {what} could not be understood. Tern disconnected \
                 from it and will try again later."
            ),
        )
    } else if let Some(io) = text.strip_prefix("io: ") {
        (
            ErrorKind::Disconnected,
            format!(
                "The connection was lost during {what} ({}). Tern will try again later.",
                sanitize(io, "")
            ),
        )
    } else {
        (
            ErrorKind::ServerRefused,
            format!("{what} failed ({}).", sanitize(&text, "")),
        )
    };
    TernError::new(kind, msg)
}

/// The server's text in async-imap's NO/BAD error text (`.. info: Some("text")` or
/// `.. information: Some("text") }`).
fn server_said(error_text: &str) -> Option<String> {
    let start = ["information: Some(\"", "info: Some(\""]
        .iter()
        .find_map(|p| error_text.find(p).map(|i| i + p.len()))?;
    let end = error_text.rfind("\")")?;
    let said = error_text.get(start..end)?.replace("\\\"", "\"");
    Some(sanitize(&said, "")).filter(|s| !s.is_empty())
}

/// Explains an async-imap error.
pub(crate) fn imap_error(e: async_imap::error::Error, host: &str) -> TernError {
    use async_imap::error::Error;
    match e {
        Error::Io(io) => io_error(&io, host),
        Error::No(text) | Error::Bad(text) => TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "{host} refused the request{}.",
                server_said(&text)
                    .map(|t| format!(" (it said: “{t}”)"))
                    .unwrap_or_default()
            ),
        ),
        Error::ConnectionLost => TernError::new(
            ErrorKind::Disconnected,
            format!("The connection to {host} was lost. Tern will try again later."),
        ),
        Error::Parse(_) => TernError::new(
            ErrorKind::MalformedServerData,
            format!(
                "{host} sent data Tern could not understand. Tern disconnected from it and will \
                 try again later."
            ),
        ),
        other => TernError::new(
            ErrorKind::ServerRefused,
            format!("{host} could not complete the request ({other})."),
        ),
    }
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

    #[test]
    fn greeting_capabilities_are_found() {
        let caps = greeting_capabilities(b"* OK [CAPABILITY IMAP4rev1 starttls] hi").expect("caps");
        assert!(caps.contains("STARTTLS") && caps.contains("IMAP4REV1"));
        assert!(greeting_capabilities(b"* OK hello").is_none());
    }

    #[test]
    fn server_text_is_extracted_from_async_imap_errors() {
        let e = async_imap::error::Error::No(
            "code: None, info: Some(\"Mailbox doesn't exist: \\\"x\\\"\")".to_string(),
        );
        let t = map_imap_error("SELECT", &e);
        assert_eq!(t.kind, ErrorKind::ServerRefused);
        assert_eq!(
            t.message,
            "The server refused SELECT (it said: “Mailbox doesn't exist: \"x\"”)."
        );
    }

    #[test]
    fn sanitize_strips_controls_and_secrets() {
        assert_eq!(sanitize("bad\r\n pw hunter2\x1b[0m", "hunter2"), "bad pw …[0m");
    }

    #[tokio::test]
    async fn plain_is_refused_for_remote_hosts() {
        let e = Endpoint {
            host: "imap.example.org".into(),
            port: 143,
            security: Security::Plain,
            ca_file: None,
        };
        let err = connect(&e, "u", "p", &Timeouts::default())
            .await
            .expect_err("refused");
        assert_eq!(err.kind, ErrorKind::NoEncryption);
    }
}
