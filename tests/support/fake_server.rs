//! A scriptable, hostile IMAP server for the security tests (security-tests.md, FAKE).
//!
//! It listens on 127.0.0.1 (any free port), optionally speaks implicit TLS, and answers
//! each command line with the first matching [`Rule`], else a plain default (LOGIN and
//! AUTHENTICATE succeed, CAPABILITY lists a few capabilities, unknown commands get BAD).
//! Replies may do what no honest server does: inject data, answer STARTTLS with NO, send
//! endless nesting, announce huge literals and stall. Every byte a client sends is
//! recorded (after TLS and COMPRESS are removed) so tests can assert, for example, that
//! no LOGIN was ever sent.

use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use async_compression::tokio::bufread::DeflateDecoder;
use async_compression::tokio::write::DeflateEncoder;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{
    AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf, ReadHalf, WriteHalf,
};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// When a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// Before TLS (plain connection, STARTTLS not done yet).
    BeforeTls,
    /// Encrypted, not logged in yet.
    BeforeLogin,
    /// Logged in.
    LoggedIn,
}

/// What to do with a command.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Send these bytes; `{tag}` becomes the command's tag.
    Send(Vec<u8>),
    /// Send these bytes, then read (and record) until the client goes away.
    SendThenStall(Vec<u8>),
    /// `{tag} OK`, then a real TLS handshake (needs [`Script::starttls_cert`]).
    StartTls,
    /// `{tag} OK`, then both directions are raw DEFLATE.
    Compress,
    /// Hang up at once.
    Close,
}

impl Reply {
    pub fn send(bytes: impl AsRef<[u8]>) -> Reply {
        Reply::Send(bytes.as_ref().to_vec())
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub when: When,
    /// Matched case-insensitively against the command after its tag.
    pub prefix: String,
    pub reply: Reply,
}

/// How the server behaves.
#[derive(Clone)]
pub struct Script {
    greeting: Vec<u8>,
    implicit_tls: Option<Arc<ServerConfig>>,
    starttls: Option<Arc<ServerConfig>>,
    rules: Vec<Rule>,
}

pub fn tls_config(cert: &Path, key: &Path) -> Arc<ServerConfig> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .expect("cert file")
        .collect::<Result<_, _>>()
        .expect("certs");
    let key = PrivateKeyDer::from_pem_file(key).expect("key file");
    let config = ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server certificate");
    Arc::new(config)
}

impl Script {
    /// A server that sends `greeting` (bytes as given, include the CRLF) on connect.
    pub fn new(greeting: impl AsRef<[u8]>) -> Script {
        Script {
            greeting: greeting.as_ref().to_vec(),
            implicit_tls: None,
            starttls: None,
            rules: Vec::new(),
        }
    }

    /// Speak TLS from the first byte (port 993 style) with this certificate.
    pub fn implicit_tls(mut self, cert: &Path, key: &Path) -> Script {
        self.implicit_tls = Some(tls_config(cert, key));
        self
    }

    /// The certificate for [`Reply::StartTls`]; also makes STARTTLS work by default.
    pub fn starttls_cert(mut self, cert: &Path, key: &Path) -> Script {
        self.starttls = Some(tls_config(cert, key));
        self
    }

    /// Adds a rule; earlier rules win.
    pub fn on(mut self, when: When, prefix: &str, reply: Reply) -> Script {
        self.rules.push(Rule {
            when,
            prefix: prefix.to_string(),
            reply,
        });
        self
    }

    fn rule(&self, state: &State, command: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| {
            let when = match r.when {
                When::Always => true,
                When::BeforeTls => !state.encrypted,
                When::BeforeLogin => state.encrypted && !state.logged_in,
                When::LoggedIn => state.logged_in,
            };
            when && command
                .get(..r.prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(&r.prefix))
        })
    }
}

/// A running fake server.
pub struct FakeServer {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<u8>>>,
    handlers: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.accept.abort();
        if let Ok(handlers) = self.handlers.lock() {
            handlers.iter().for_each(|h| h.abort());
        }
    }
}

impl FakeServer {
    /// Starts listening on 127.0.0.1 with a free port.
    pub async fn start(script: Script) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let handlers: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let script = Arc::new(script);
        let accept = {
            let received = received.clone();
            let handlers = handlers.clone();
            tokio::spawn(async move {
                while let Ok((tcp, _)) = listener.accept().await {
                    let conn = Conn {
                        io: Box::new(tcp),
                        buf: Vec::new(),
                        received: received.clone(),
                        state: State::default(),
                    };
                    let task = tokio::spawn(serve(conn, script.clone()));
                    if let Ok(mut h) = handlers.lock() {
                        h.push(task);
                    }
                }
            })
        };
        FakeServer {
            addr,
            received,
            handlers,
            accept,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every byte clients sent so far (decrypted and decompressed), after the
    /// connections that were open have ended (or 10 s passed).
    pub async fn received(&self) -> Vec<u8> {
        let handlers: Vec<JoinHandle<()>> = match self.handlers.lock() {
            Ok(mut h) => h.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        for h in handlers {
            let _ = tokio::time::timeout(Duration::from_secs(10), h).await;
        }
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The received bytes as text (lossy).
    pub async fn received_text(&self) -> String {
        String::from_utf8_lossy(&self.received().await).into_owned()
    }

    /// Whether any client line contained one of these commands (case-insensitive),
    /// e.g. `["LOGIN", "AUTHENTICATE", "SELECT"]`.
    pub async fn saw_any(&self, commands: &[&str]) -> bool {
        let text = self.received_text().await.to_ascii_uppercase();
        commands
            .iter()
            .any(|c| text.contains(&format!(" {}", c.to_ascii_uppercase())))
    }
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

#[derive(Debug, Default)]
struct State {
    encrypted: bool,
    logged_in: bool,
    /// The tag of an AUTHENTICATE waiting for its SASL response line.
    auth_tag: Option<String>,
}

struct Conn {
    io: Box<dyn Io>,
    buf: Vec<u8>,
    received: Arc<Mutex<Vec<u8>>>,
    state: State,
}

impl Conn {
    /// The next line without its line end, or None at EOF.
    async fn line(&mut self) -> Option<String> {
        loop {
            if let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=pos).collect();
                let text = String::from_utf8_lossy(&line);
                return Some(text.trim_end_matches(['\r', '\n']).to_string());
            }
            let mut chunk = [0u8; 8192];
            let n = self.io.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            if let Ok(mut r) = self.received.lock() {
                r.extend_from_slice(&chunk[..n]);
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    async fn send(&mut self, bytes: &[u8], tag: &str) -> bool {
        let needle = b"{tag}";
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest = bytes;
        while let Some(pos) = rest.windows(needle.len()).position(|w| w == needle) {
            out.extend_from_slice(&rest[..pos]);
            out.extend_from_slice(tag.as_bytes());
            rest = &rest[pos + needle.len()..];
        }
        out.extend_from_slice(rest);
        self.io.write_all(&out).await.is_ok() && self.io.flush().await.is_ok()
    }

    async fn stall(&mut self) {
        while self.line().await.is_some() {}
        // Bytes without a line end are recorded by `line` too.
    }

    async fn upgrade_tls(&mut self, config: Arc<ServerConfig>) -> bool {
        let io = std::mem::replace(&mut self.io, placeholder());
        match TlsAcceptor::from(config).accept(io).await {
            Ok(tls) => {
                self.io = Box::new(tls);
                self.state.encrypted = true;
                true
            }
            Err(_) => false,
        }
    }

    fn compress(&mut self) {
        let io = std::mem::replace(&mut self.io, placeholder());
        let (r, w) = tokio::io::split(io);
        self.io = Box::new(Deflated {
            r: DeflateDecoder::new(BufReader::new(r)),
            w: DeflateEncoder::new(w),
        });
    }
}

/// Stands in for the stream while it is being wrapped.
fn placeholder() -> Box<dyn Io> {
    Box::new(tokio::io::join(tokio::io::empty(), tokio::io::sink()))
}

async fn serve(mut conn: Conn, script: Arc<Script>) {
    if let Some(config) = &script.implicit_tls
        && !conn.upgrade_tls(config.clone()).await
    {
        return;
    }
    if !conn.send(&script.greeting, "*").await {
        return;
    }
    while let Some(line) = conn.line().await {
        if let Some(tag) = conn.state.auth_tag.take() {
            // The SASL response to AUTHENTICATE's "+".
            if !conn.send(b"{tag} OK authenticated\r\n", &tag).await {
                return;
            }
            conn.state.logged_in = true;
            continue;
        }
        let (tag, command) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let tag = tag.to_string();
        let command = command.to_string();
        let reply = match script.rule(&conn.state, &command) {
            Some(rule) => rule.reply.clone(),
            None => default_reply(&conn, &script, &command),
        };
        let upper = command.to_ascii_uppercase();
        match reply {
            Reply::Send(bytes) => {
                if !conn.send(&bytes, &tag).await {
                    return;
                }
                let ok = format!("{tag} OK");
                let succeeded = String::from_utf8_lossy(&bytes)
                    .replace("{tag}", &tag)
                    .contains(&ok);
                if succeeded && upper.starts_with("LOGIN") {
                    conn.state.logged_in = true;
                }
                if upper.starts_with("AUTHENTICATE") && bytes.starts_with(b"+") {
                    conn.state.auth_tag = Some(tag.clone());
                }
                if upper.starts_with("LOGOUT") {
                    return;
                }
            }
            Reply::SendThenStall(bytes) => {
                let _ = conn.send(&bytes, &tag).await;
                conn.stall().await;
                return;
            }
            Reply::StartTls => {
                let Some(config) = script.starttls.clone() else {
                    return;
                };
                if !conn.send(b"{tag} OK begin TLS\r\n", &tag).await {
                    return;
                }
                if !conn.upgrade_tls(config).await {
                    return;
                }
            }
            Reply::Compress => {
                if !conn.send(b"{tag} OK compressing\r\n", &tag).await {
                    return;
                }
                conn.compress();
            }
            Reply::Close => return,
        }
    }
}

/// What an unremarkable server would answer.
fn default_reply(conn: &Conn, script: &Script, command: &str) -> Reply {
    let upper = command.to_ascii_uppercase();
    let word = upper.split(' ').next().unwrap_or("");
    match word {
        "CAPABILITY" => {
            let caps = if !conn.state.encrypted && script.starttls.is_some() {
                "IMAP4rev1 STARTTLS LOGINDISABLED"
            } else if !conn.state.logged_in {
                "IMAP4rev1 AUTH=PLAIN"
            } else {
                "IMAP4rev1 ID IDLE"
            };
            Reply::send(format!("* CAPABILITY {caps}\r\n{{tag}} OK done\r\n"))
        }
        "STARTTLS" if script.starttls.is_some() && !conn.state.encrypted => Reply::StartTls,
        "LOGIN" => Reply::send("{tag} OK logged in\r\n"),
        "AUTHENTICATE" => Reply::send("+ \r\n"),
        "ID" => Reply::send("* ID (\"name\" \"fake\")\r\n{tag} OK\r\n"),
        "NOOP" => Reply::send("{tag} OK\r\n"),
        "LOGOUT" => Reply::send("* BYE bye\r\n{tag} OK\r\n"),
        "COMPRESS" => Reply::Compress,
        _ => Reply::send("{tag} BAD unknown command\r\n"),
    }
}

/// Both directions through raw DEFLATE; every flush is a sync flush.
struct Deflated {
    r: DeflateDecoder<BufReader<ReadHalf<Box<dyn Io>>>>,
    w: DeflateEncoder<WriteHalf<Box<dyn Io>>>,
}

impl AsyncRead for Deflated {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().r).poll_read(cx, buf)
    }
}

impl AsyncWrite for Deflated {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().w).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().w).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().w).poll_shutdown(cx)
    }
}
