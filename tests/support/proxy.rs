//! An in-test TCP proxy on 127.0.0.1 that can cut a connection after a number of bytes
//! from the server (T-24), or blackhole it (T-25). Each accepted connection reads the
//! current fault setting, so a test can change it between connections.
//!
//! On plain-text connections it can also cut right after the server executed a given
//! command but before its reply reaches the client (T-26: `cut_on_command`), and it
//! records the command lines the client sent (`commands`, LOGIN arguments elided).

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What to do to the next connections.
#[derive(Debug, Default)]
pub struct Faults {
    /// Close both sides after this many server->client bytes (0 = never).
    pub cut_after: AtomicU64,
    /// Connections accepted so far.
    pub connections: AtomicUsize,
    /// One-shot cuts, checked live on every connection: when the client sends a command
    /// line containing one of these (ASCII case-insensitive, tag excluded; `*` matches
    /// any run of characters, e.g. `UID MOVE * "TRASH"`), the command
    /// reaches the server, but everything the server answers from then on is swallowed
    /// and both sides are closed once its tagged completion for that command arrived.
    /// The matched entry is removed and appended to `cuts`.
    pub cut_on_command: Mutex<Vec<String>>,
    /// The command lines that triggered a cut, in order.
    pub cuts: Mutex<Vec<String>>,
    /// Client command lines (`TAG COMMAND ...`) seen on plain-text connections.
    pub commands: Mutex<Vec<String>>,
    /// One-shot injections, checked like `cut_on_command`: when the client sends a
    /// matching command, these bytes reach the client just before the server's answer
    /// (e.g. untagged chatter ahead of a VANISHED reply). Matched entries are removed.
    pub inject_on_command: Mutex<Vec<(String, Vec<u8>)>>,
    /// While set, nothing is forwarded in either direction (no RST: bytes vanish, as
    /// when a laptop sleeps or a network drops). A connection that lost bytes this way
    /// is closed once the blackhole lifts, like a NAT entry that expired.
    pub blackhole: AtomicBool,
}

impl Faults {
    /// Arms one-shot cuts (see `cut_on_command`).
    pub fn cut_when_client_sends(&self, patterns: &[&str]) {
        let mut armed = self.cut_on_command.lock().unwrap_or_else(|e| e.into_inner());
        armed.extend(patterns.iter().map(|p| p.to_string()));
    }

    /// Arms a one-shot injection (see `inject_on_command`).
    pub fn inject_before_reply_to(&self, pattern: &str, bytes: Vec<u8>) {
        let mut armed = self.inject_on_command.lock().unwrap_or_else(|e| e.into_inner());
        armed.push((pattern.to_string(), bytes));
    }

    /// The bytes to inject for a complete client command line, if one matches.
    fn injection_for(&self, line: &[u8]) -> Option<Vec<u8>> {
        let (_, command, rest) = Self::parse_command(line)?;
        let body = format!("{command} {rest}").to_ascii_uppercase();
        let mut armed = self.inject_on_command.lock().unwrap_or_else(|e| e.into_inner());
        let hit = armed
            .iter()
            .position(|(p, _)| glob_contains(&body, &p.to_ascii_uppercase()))?;
        Some(armed.remove(hit).1)
    }

    /// Cuts still armed.
    pub fn armed(&self) -> Vec<String> {
        self.cut_on_command
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Command lines that caused a cut so far.
    pub fn cut_commands(&self) -> Vec<String> {
        self.cuts.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Command lines recorded so far (tag and command, LOGIN arguments elided).
    pub fn sent_commands(&self) -> Vec<String> {
        self.commands.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Splits a client line into (tag, command, rest) if it looks like a command.
    fn parse_command(line: &[u8]) -> Option<(String, String, String)> {
        let text = String::from_utf8_lossy(line);
        let mut parts = text.splitn(3, ' ');
        let tag = parts.next().unwrap_or("");
        let command = parts.next().unwrap_or("");
        let rest = parts.next().unwrap_or("");
        let looks_like_command = !tag.is_empty()
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
            && !command.is_empty()
            && command.bytes().all(|b| b.is_ascii_alphabetic());
        looks_like_command.then(|| (tag.to_string(), command.to_string(), rest.to_string()))
    }

    /// Records one complete client line (LOGIN/AUTHENTICATE arguments elided).
    fn record(&self, line: &[u8]) {
        let Some((tag, command, rest)) = Self::parse_command(line) else {
            return;
        };
        let upper = command.to_ascii_uppercase();
        let shown = if upper == "LOGIN" || upper == "AUTHENTICATE" {
            format!("{tag} {command} ***")
        } else if rest.is_empty() {
            format!("{tag} {command}")
        } else {
            format!("{tag} {command} {rest}")
        };
        let mut log = self.commands.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() < 100_000 {
            log.push(shown);
        }
    }

    /// Checks a client line (possibly still incomplete: clients may write a command in
    /// pieces and servers may act before its CRLF) against the armed cuts; on a match
    /// the cut is consumed and the command's tag returned.
    fn arm_for(&self, line: &[u8]) -> Option<String> {
        let (tag, command, rest) = Self::parse_command(line)?;
        let upper = command.to_ascii_uppercase();
        if upper == "LOGIN" || upper == "AUTHENTICATE" {
            return None;
        }
        let body = format!("{command} {rest}").to_ascii_uppercase();
        let mut armed = self.cut_on_command.lock().unwrap_or_else(|e| e.into_inner());
        let hit = armed
            .iter()
            .position(|p| glob_contains(&body, &p.to_ascii_uppercase()))?;
        armed.remove(hit);
        self.cuts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(format!("{tag} {command} {rest}"));
        Some(tag)
    }
}

pub struct Proxy {
    pub port: u16,
    pub faults: Arc<Faults>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Starts forwarding 127.0.0.1:<port> to 127.0.0.1:`target` on the current runtime.
    pub async fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("addr").port();
        let faults = Arc::new(Faults::default());
        let f = faults.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                f.connections.fetch_add(1, Ordering::SeqCst);
                let cut = f.cut_after.load(Ordering::SeqCst);
                let faults = f.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await {
                        pipe(client, server, cut, faults).await;
                    }
                });
            }
        });
        Proxy { port, faults, task }
    }
}

/// Whether `text` contains `pattern`, where `*` in the pattern matches any run.
fn glob_contains(text: &str, pattern: &str) -> bool {
    let mut rest = text;
    for part in pattern.split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `data` holds a complete line starting with `tag ` (a tagged completion).
fn has_tagged_line(data: &[u8], tag: &str) -> bool {
    let want = format!("{tag} ");
    data.split(|b| *b == b'\n')
        .any(|l| l.len() > want.len() && l.starts_with(want.as_bytes()) && l.ends_with(b"\r"))
}

async fn pipe(client: TcpStream, server: TcpStream, cut_after: u64, faults: Arc<Faults>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    // Set by the client direction when an armed command goes out: the tag whose answer
    // is swallowed.
    let swallow: Arc<Mutex<Option<String>>> = Arc::default();
    let armed = swallow.clone();
    // Set by the client direction when an armed injection's command goes out: written
    // to the client ahead of the server's next bytes.
    let inject: Arc<Mutex<Option<Vec<u8>>>> = Arc::default();
    let inject_up = inject.clone();
    // Whether this connection lost bytes to the blackhole (then it dies when it lifts).
    let lost = Arc::new(AtomicBool::new(false));
    let (lost_up, lost_down) = (lost.clone(), lost.clone());
    let faults_down = faults.clone();
    let faults_watch = faults.clone();
    let dead_after_outage = async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if lost.load(Ordering::SeqCst) && !faults_watch.blackhole.load(Ordering::SeqCst) {
                return;
            }
        }
    };
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut pending_line: Vec<u8> = Vec::new();
        // Whether the incomplete line in `pending_line` already armed a cut.
        let mut line_checked = false;
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            pending_line.extend_from_slice(&buf[..n]);
            while let Some(pos) = pending_line.windows(2).position(|w| w == b"\r\n") {
                let line: Vec<u8> = pending_line.drain(..pos + 2).collect();
                faults.record(&line[..pos]);
                if let Some(bytes) = faults.injection_for(&line[..pos]) {
                    *inject_up.lock().unwrap_or_else(|e| e.into_inner()) = Some(bytes);
                }
                if !line_checked && let Some(tag) = faults.arm_for(&line[..pos]) {
                    *armed.lock().unwrap_or_else(|e| e.into_inner()) = Some(tag);
                }
                line_checked = false;
            }
            // A command may arrive in pieces (tag, command, CRLF): check what is there
            // before forwarding it, the server may act on it at once.
            if !line_checked
                && !pending_line.is_empty()
                && let Some(tag) = faults.arm_for(&pending_line)
            {
                *armed.lock().unwrap_or_else(|e| e.into_inner()) = Some(tag);
                line_checked = true;
            }
            if pending_line.len() > 64 * 1024 {
                pending_line.clear();
            }
            if faults.blackhole.load(Ordering::SeqCst) {
                lost_up.store(true, Ordering::SeqCst);
                continue;
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = sw.shutdown().await;
    };
    let down = async move {
        let mut sent: u64 = 0;
        let mut buf = vec![0u8; 16 * 1024];
        let mut swallowed: Vec<u8> = Vec::new();
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if faults_down.blackhole.load(Ordering::SeqCst) {
                lost_down.store(true, Ordering::SeqCst);
                continue;
            }
            let injected = inject.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(bytes) = injected
                && cw.write_all(&bytes).await.is_err()
            {
                break;
            }
            let tag = swallow.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if let Some(tag) = tag {
                // The server has executed the command; its answer never arrives.
                swallowed.extend_from_slice(&buf[..n]);
                if has_tagged_line(&swallowed, &tag) {
                    break;
                }
                continue;
            }
            let allowed = if cut_after == 0 {
                n as u64
            } else {
                (cut_after - sent).min(n as u64)
            };
            if cw.write_all(&buf[..allowed as usize]).await.is_err() {
                break;
            }
            sent += allowed;
            if cut_after != 0 && sent >= cut_after {
                break;
            }
        }
        let _ = cw.shutdown().await;
    };
    // When either direction ends (a cut), drop both halves so the client sees EOF.
    tokio::select! {
        () = up => {},
        () = down => {},
        () = dead_after_outage => {},
    }
}
