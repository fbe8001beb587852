//! A small OAuth2 authorization server on loopback for the sign-in tests: authorize
//! (redirects back with a code, PKCE S256 challenge required), token (code with the
//! PKCE verifier checked, and refresh), and introspect for Dovecot's oauth2 passdb.
//! The test "plays the browser" with [`AuthServer::browse`]. Knobs let a test expire
//! access tokens early or revoke refresh tokens.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use oauth2::url::{Url, form_urlencoded};
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "tern-test-client";

struct Grant {
    user: String,
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct State {
    codes: HashMap<String, Grant>,
    /// access token -> (user, still active)
    access: HashMap<String, (String, bool)>,
    /// refresh token -> (user, not revoked)
    refresh: HashMap<String, (String, bool)>,
    access_life: u64,
    access_life_for: HashMap<String, u64>,
    next: u64,
    /// per user
    counts: HashMap<String, Counts>,
}

/// How often each endpoint answered for one user.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub code_grants: u32,
    pub refresh_grants: u32,
    pub refused_grants: u32,
    pub introspections: u32,
    pub inactive_introspections: u32,
}

pub struct AuthServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl AuthServer {
    /// Starts the server on a free loopback port (a thread that lives as long as the
    /// test process).
    pub fn start() -> AuthServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind auth server");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State {
            access_life: 3600,
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &state);
                });
            }
        });
        AuthServer { port, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    /// The `expires_in` of access tokens issued to `user` from now on.
    pub fn set_access_life_for(&self, user: &str, seconds: u64) {
        self.lock().access_life_for.insert(user.to_string(), seconds);
    }

    /// The user's access tokens issued so far stop working (introspection says
    /// inactive), whatever their stated expiry.
    pub fn expire_access_tokens(&self, user: &str) {
        self.lock()
            .access
            .values_mut()
            .filter(|v| v.0 == user)
            .for_each(|v| v.1 = false);
    }

    /// The user's refresh tokens are withdrawn (the user revoked Tern's access).
    pub fn revoke_refresh_tokens(&self, user: &str) {
        self.lock()
            .refresh
            .values_mut()
            .filter(|v| v.0 == user)
            .for_each(|v| v.1 = false);
    }

    pub fn counts(&self, user: &str) -> Counts {
        self.lock().counts.get(user).copied().unwrap_or_default()
    }

    /// Every token handed out to `user` (to look for them where they must not be).
    pub fn issued_to(&self, user: &str) -> Vec<String> {
        let s = self.lock();
        let access = s.access.iter().filter(|(_, v)| v.0 == user);
        let refresh = s.refresh.iter().filter(|(_, v)| v.0 == user);
        access.chain(refresh).map(|(k, _)| k.clone()).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("auth server state")
    }
}

/// Plays the browser: opens `authorize_url` (the user is signed in at once), follows
/// the redirect to Tern's loopback listener and returns that page's body.
pub fn browse(authorize_url: &str) -> String {
    let (status, head, _) = http_get(authorize_url);
    assert_eq!(status, 302, "authorize answered {status}: {head}");
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .expect("redirect location")
        .trim()
        .to_string();
    let (status, _, body) = http_get(&location);
    assert_eq!(status, 200, "the redirect page answered {status}");
    body
}

/// A GET with a plain socket: (status, head, body).
pub fn http_get(url: &str) -> (u16, String, String) {
    let url = Url::parse(url).expect("url");
    let host = url.host_str().expect("host");
    let port = url.port_or_known_default().expect("port");
    let mut s = TcpStream::connect((host, port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn serve(mut stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(30);
    let (head, body) = loop {
        let n = stream.read(&mut buf)?;
        if n == 0 || Instant::now() > deadline {
            return Ok(());
        }
        raw.extend_from_slice(&buf[..n]);
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        if raw.len() >= end + 4 + length {
            break (head, raw[end + 4..end + 4 + length].to_vec());
        }
    };
    let line = head.lines().next().unwrap_or("");
    let mut words = line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let url = Url::parse(&format!("http://127.0.0.1{target}")).expect("target");
    let form: HashMap<String, String> = if method == "POST" {
        form_urlencoded::parse(&body).into_owned().collect()
    } else {
        url.query_pairs().into_owned().collect()
    };
    let mut state = state.lock().expect("state");
    let response = match (method, url.path()) {
        ("GET", "/authorize") => authorize(&mut state, &form),
        ("POST", "/token") => token(&mut state, &form),
        ("POST", "/introspect") => introspect(&mut state, &form),
        _ => reply(404, "text/plain", "not found".into(), ""),
    };
    drop(state);
    stream.write_all(response.as_bytes())?;
    stream.flush()
}

fn count<'a>(state: &'a mut State, user: &str) -> &'a mut Counts {
    state.counts.entry(user.to_string()).or_default()
}

fn reply(status: u16, kind: &str, body: String, extra: &str) -> String {
    format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len()
    )
}

fn error(code: &str) -> String {
    reply(400, "application/json", format!("{{\"error\":\"{code}\"}}"), "")
}

fn fresh(state: &mut State, prefix: &str) -> String {
    state.next += 1;
    let random: u64 = rand::random();
    format!("{prefix}-{}-{random:016x}", state.next)
}

fn authorize(state: &mut State, q: &HashMap<String, String>) -> String {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let redirect_uri = get("redirect_uri");
    if get("client_id") != CLIENT_ID
        || get("response_type") != "code"
        || get("code_challenge_method") != "S256"
        || get("code_challenge").len() < 43
        || !redirect_uri.starts_with("http://127.0.0.1:")
        || get("login_hint").is_empty()
    {
        return reply(400, "text/plain", format!("bad authorization request {q:?}"), "");
    }
    let code = fresh(state, "code");
    state.codes.insert(
        code.clone(),
        Grant {
            // The local part names the test user (Dovecot logs in "u3" for "u3@...").
            user: get("login_hint")
                .split('@')
                .next()
                .unwrap_or_default()
                .to_string(),
            challenge: get("code_challenge"),
            redirect_uri: redirect_uri.clone(),
        },
    );
    let mut back = Url::parse(&redirect_uri).expect("redirect uri");
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &get("state"));
    reply(302, "text/plain", String::new(), &format!("Location: {back}\r\n"))
}

fn issue(state: &mut State, user: &str, refresh: Option<String>) -> String {
    let access = fresh(state, "acc");
    state.access.insert(access.clone(), (user.to_string(), true));
    let refresh = refresh.unwrap_or_else(|| {
        let r = fresh(state, "ref");
        state.refresh.insert(r.clone(), (user.to_string(), true));
        r
    });
    serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": state.access_life_for.get(user).copied().unwrap_or(state.access_life),
        "refresh_token": refresh,
    })
    .to_string()
}

fn token(state: &mut State, f: &HashMap<String, String>) -> String {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    if get("client_id") != CLIENT_ID {
        return error("invalid_client");
    }
    match get("grant_type").as_str() {
        "authorization_code" => {
            let Some(grant) = state.codes.remove(&get("code")) else {
                return error("invalid_grant");
            };
            let digest = Sha256::digest(get("code_verifier").as_bytes());
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
            if computed != grant.challenge || get("redirect_uri") != grant.redirect_uri {
                count(state, &grant.user).refused_grants += 1;
                return error("invalid_grant");
            }
            count(state, &grant.user).code_grants += 1;
            reply(200, "application/json", issue(state, &grant.user, None), "")
        }
        "refresh_token" => {
            let refresh = get("refresh_token");
            match state.refresh.get(&refresh).cloned() {
                Some((user, true)) => {
                    count(state, &user).refresh_grants += 1;
                    reply(200, "application/json", issue(state, &user, Some(refresh)), "")
                }
                Some((user, false)) => {
                    count(state, &user).refused_grants += 1;
                    error("invalid_grant")
                }
                None => error("invalid_grant"),
            }
        }
        _ => error("unsupported_grant_type"),
    }
}

fn introspect(state: &mut State, f: &HashMap<String, String>) -> String {
    let token = f.get("token").cloned().unwrap_or_default();
    let body = match state.access.get(&token).cloned() {
        Some((user, active)) => {
            let c = count(state, &user);
            c.introspections += 1;
            if active {
                serde_json::json!({"active": true, "email": user})
            } else {
                c.inactive_introspections += 1;
                serde_json::json!({"active": false})
            }
        }
        None => serde_json::json!({"active": false}),
    };
    reply(200, "application/json", body.to_string(), "")
}
