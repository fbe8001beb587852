//! A private Dovecot for tests and benchmarks: started from its own temp dir on free
//! loopback ports, with a test CA, users created on demand (one per test, so tests run
//! in parallel against one server), SPECIAL-USE folders, and fast Maildir seeding.
//!
//! The master runs in the foreground under `sh`, which also waits on a pipe from this
//! process: when the test process exits for any reason the pipe closes and the shell
//! stops Dovecot, so no stray servers outlive a test run.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::certs::TestCa;
use super::dovecot_conf::{Ports, config_text};

/// Users provisioned per server (one per test that needs one).
const USER_POOL: u32 = 400;

fn pool_name(n: u32) -> String {
    format!("u{n}")
}

fn pool_password(n: u32) -> String {
    format!("pw-{}-{n}", std::process::id())
}

/// uid/gid the mail files belong to when the harness runs as root.
const MAIL_UID: u32 = 5000;

/// Variations of the server configuration (for fallback paths).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Replaces the advertised capability list (Dovecot's `imap_capability`), e.g. to
    /// hide QRESYNC or CONDSTORE. The extensions stay implemented, only unadvertised.
    pub capability: Option<String>,
    /// Enables COMPRESS=DEFLATE (imap_zlib).
    pub compress: bool,
    /// Adds XOAUTH2 and OAUTHBEARER with an oauth2 passdb that asks this introspection
    /// URL (see `oauth_server`); passwords keep working.
    pub oauth2_introspection: Option<String>,
    /// Enables the quota plugin (QUOTA, GETQUOTAROOT) with a 10 MiB storage limit.
    pub quota: bool,
}

pub struct Dovecot {
    pub dir: PathBuf,
    pub conf: PathBuf,
    pub imap_port: u16,
    pub imaps_port: u16,
    /// Dovecot's submission service: STARTTLS (plain on loopback allowed) and implicit
    /// TLS. Its processes start on the first connection; mail goes out through the
    /// relay (started by `submission()`) to LMTP and into the recipients' INBOXes.
    pub submission_port: u16,
    pub submissions_port: u16,
    pub lmtp_port: u16,
    relay: Mutex<Option<TcpListener>>,
    relay_stats: OnceLock<std::sync::Arc<super::smtp_relay::RelayStats>>,
    pub ca_file: PathBuf,
    /// The certificate and key files the configuration names (`use_certificate`).
    server_cert: (PathBuf, PathBuf),
    child: Mutex<Child>,
    next_user: AtomicU32,
    mail_uid: u32,
    _tmp: tempfile::TempDir,
}

/// A mail user on the harness server.
#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub password: String,
    pub maildir: PathBuf,
}

/// `N` free loopback ports, all different: the listeners are held until every port
/// is picked (one at a time, the system may hand out a just-released port again, and
/// Dovecot refuses a config with a duplicate listener: seen once in CI).
fn free_ports<const N: usize>() -> [u16; N] {
    let held: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("a free loopback port"))
        .collect();
    std::array::from_fn(|i| held[i].local_addr().expect("bound address").port())
}

impl Dovecot {
    /// The server most tests share (started on first use).
    pub fn shared() -> &'static Dovecot {
        static SHARED: OnceLock<Dovecot> = OnceLock::new();
        SHARED.get_or_init(|| Dovecot::start(Options::default()))
    }

    /// Starts a new private server with `options`.
    pub fn start(options: Options) -> Dovecot {
        sweep_stale_dirs();
        let tmp = tempfile::Builder::new()
            .prefix("tern-dovecot-")
            .tempdir()
            .expect("temp dir");
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join(OWNER_FILE), std::process::id().to_string()).expect("owner file");
        for d in ["run", "state", "home"] {
            std::fs::create_dir_all(dir.join(d)).expect("mkdir");
        }
        let ca = TestCa::new(&dir.join("ca"));
        let (cert, key) = ca.issue("dovecot", &["localhost", "127.0.0.1"]);
        let users_file = dir.join("users");
        let users: String = (0..USER_POOL)
            .map(|n| format!("{}:{{PLAIN}}{}::::::\n", pool_name(n), pool_password(n)))
            .collect();
        std::fs::write(&users_file, users).expect("users file");
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.starts_with(b"0\n"))
            .unwrap_or(false);
        let mail_uid = if is_root { MAIL_UID } else { current_uid() };
        if is_root {
            std::os::unix::fs::chown(dir.join("home"), Some(mail_uid), Some(mail_uid)).expect("chown home");
        }
        // The relay's port is held (bound, not yet served) from the start, so nobody
        // else takes it; tests that never send never start its thread.
        let relay = TcpListener::bind("127.0.0.1:0").expect("relay port");
        let [imap_port, imaps_port, submission, submissions, lmtp] = free_ports();
        let ports = Ports {
            imap: imap_port,
            imaps: imaps_port,
            submission,
            submissions,
            lmtp,
            relay: relay.local_addr().expect("relay addr").port(),
        };
        let conf = dir.join("dovecot.conf");
        std::fs::write(
            &conf,
            config_text(&dir, &ports, &cert, &key, mail_uid, is_root, &options),
        )
        .expect("write dovecot.conf");
        let server_cert = (cert.clone(), key.clone());
        let child = spawn_master(&conf);
        let server = Dovecot {
            ca_file: ca.ca_cert_path(),
            server_cert,
            dir,
            conf,
            imap_port,
            imaps_port,
            submission_port: ports.submission,
            submissions_port: ports.submissions,
            lmtp_port: ports.lmtp,
            relay: Mutex::new(Some(relay)),
            relay_stats: OnceLock::new(),
            child: Mutex::new(child),
            next_user: AtomicU32::new(0),
            mail_uid,
            _tmp: tmp,
        };
        server.wait_ready();
        server
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.imaps_port)).is_ok()
                && std::net::TcpStream::connect(("127.0.0.1", self.imap_port)).is_ok()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let log = std::fs::read_to_string(self.dir.join("dovecot.log")).unwrap_or_default();
        panic!("dovecot did not start listening within 20 s; log:\n{log}");
    }

    /// Starts the SMTP -> LMTP relay (once) so submitted mail is delivered; returns
    /// how many messages it relayed so far.
    pub fn submission(&self) -> u64 {
        let stats = self.relay_stats.get_or_init(|| {
            let listener = self
                .relay
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .expect("relay listener");
            super::smtp_relay::spawn(listener, self.lmtp_port)
        });
        stats.messages.load(Ordering::SeqCst)
    }

    /// Hands out a fresh user with its own password and an empty Maildir. Users are
    /// written to the passwd-file up front: Dovecot re-reads that file only when its
    /// mtime changes, which misses users added within the same second.
    pub fn user(&self, prefix: &str) -> User {
        let n = self.next_user.fetch_add(1, Ordering::Relaxed);
        assert!(
            n < USER_POOL,
            "more than {USER_POOL} users requested from one server"
        );
        let name = pool_name(n);
        let password = pool_password(n);
        let home = self.dir.join("home").join(&name);
        let maildir = home.join("Maildir");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).expect("maildir");
        }
        self.chown_tree(&home);
        let _ = prefix; // names are pooled; the prefix only documents the caller's intent
        User {
            name,
            password,
            maildir,
        }
    }

    /// Hands a tree to the mail uid (when running as root).
    pub fn chown_tree(&self, path: &Path) {
        if self.mail_uid == current_uid() {
            return;
        }
        let _ = Command::new("chown")
            .arg("-R")
            .arg(format!("{0}:{0}", self.mail_uid))
            .arg(path)
            .status();
    }

    /// Runs `doveadm -c CONF ARGS`, panicking with its output on failure.
    pub fn doveadm(&self, args: &[&str]) -> String {
        let out = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .args(args)
            .output()
            .expect("run doveadm");
        assert!(
            out.status.success(),
            "doveadm {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The on-disk Maildir++ directory of a folder ("INBOX", "Sent", "Archive/2024").
    pub fn folder_dir(&self, user: &User, folder: &str) -> PathBuf {
        if folder.eq_ignore_ascii_case("INBOX") {
            user.maildir.clone()
        } else {
            user.maildir.join(format!(".{}", folder.replace('/', ".")))
        }
    }

    /// Writes `messages` (raw bytes, flags as Maildir letters, unix internal date) into
    /// the folder's `cur/`, then lets Dovecot index them. ~10k messages in a few seconds.
    pub fn seed(&self, user: &User, folder: &str, messages: impl IntoIterator<Item = SeedMessage>) -> usize {
        let dir = self.folder_dir(user, folder);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join(sub)).expect("mkdir folder");
        }
        if !folder.eq_ignore_ascii_case("INBOX") {
            // Maildir++ marks folders with a maildirfolder file; subscribe it too.
            let _ = std::fs::write(dir.join("maildirfolder"), "");
        }
        let mut count = 0;
        let pid = std::process::id();
        for m in messages {
            let mut name = String::new();
            let _ = write!(
                name,
                "{}.M{count}P{pid}.tern,S={}:2,{}",
                m.date,
                m.raw.len(),
                m.maildir_flags
            );
            let path = dir.join("cur").join(name);
            std::fs::write(&path, &m.raw).expect("write message");
            let t = std::time::UNIX_EPOCH + Duration::from_secs(m.date.max(0) as u64);
            if let Ok(f) = std::fs::File::options().write(true).open(&path) {
                let _ = f.set_modified(t);
            }
            count += 1;
        }
        self.chown_tree(&user.maildir);
        self.doveadm(&["force-resync", "-u", &user.name, folder]);
        count
    }

    /// Delivers one message through Dovecot (assigns the next UID, like new mail).
    pub fn deliver(&self, user: &User, folder: &str, raw: &[u8]) {
        let mut child = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .args(["save", "-u", &user.name, "-m", folder])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("doveadm save");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(raw)
            .expect("pipe message");
        let out = child.wait_with_output().expect("doveadm save");
        assert!(
            out.status.success(),
            "doveadm save: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The (uid, flags) list of a folder as the server sees it, via doveadm.
    pub fn uids(&self, user: &User, folder: &str) -> Vec<u32> {
        let out = self.doveadm(&["-f", "flow", "fetch", "-u", &user.name, "uid", "mailbox", folder]);
        out.lines()
            .filter_map(|l| l.trim().strip_prefix("uid=").and_then(|v| v.trim().parse().ok()))
            .collect()
    }

    /// Stops the server now (it is also stopped when this process exits). Dovecot says
    /// BYE ("Server shutting down.") to its clients and closes their connections.
    pub fn stop(&self) {
        if let Ok(mut child) = self.child.lock() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
        // The master is gone, but its login processes may hold the listening sockets a
        // moment longer: a restart before they close would find the ports taken (and
        // `wait_ready` would be answered by the old sockets). Liveness: up to 20 s.
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline
            && (std::net::TcpStream::connect(("127.0.0.1", self.imaps_port)).is_ok()
                || std::net::TcpStream::connect(("127.0.0.1", self.imap_port)).is_ok())
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Serves `cert` and `key` (IMAP and submission) from now on: copies them over the
    /// files the configuration names and restarts the server (for a private server only).
    pub fn use_certificate(&self, cert: &Path, key: &Path) {
        std::fs::copy(cert, &self.server_cert.0).expect("copy certificate");
        std::fs::copy(key, &self.server_cert.1).expect("copy key");
        self.stop();
        self.restart();
    }

    /// Starts a stopped server again on the same ports with the same mail.
    pub fn restart(&self) {
        if let Ok(mut child) = self.child.lock() {
            *child = spawn_master(&self.conf);
        }
        self.wait_ready();
    }
}

/// Runs the Dovecot master in the foreground under a shell that stops it when our
/// end of its stdin pipe closes (so no server outlives the test process).
fn spawn_master(conf: &Path) -> Child {
    let script = format!(
        "dovecot -F -c '{conf}' & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid",
        conf = conf.display()
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dovecot (is dovecot-imapd installed? run ./tests/run)")
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One message to seed.
#[derive(Debug, Clone)]
pub struct SeedMessage {
    pub raw: Vec<u8>,
    /// Maildir info letters in ASCII order, e.g. "FS" for \Flagged \Seen.
    pub maildir_flags: String,
    pub date: i64,
}

/// Names the test process that owns a server directory.
const OWNER_FILE: &str = "owner.pid";

/// Removes server directories left by test processes that have ended. The shared server
/// lives in a static, which Rust never drops, so its directory (mail of every test that
/// used it, often hundreds of MB) would otherwise stay behind after each run.
fn sweep_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("tern-dovecot-"));
        if !is_ours {
            continue;
        }
        // Only directories that name their owner are swept: a missing file may belong to
        // a server being set up right now by another process.
        let owner: Option<u32> = std::fs::read_to_string(path.join(OWNER_FILE))
            .ok()
            .and_then(|t| t.trim().parse().ok());
        if let Some(pid) = owner
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

fn current_uid() -> u32 {
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(1000)
}
