//! The sync benchmark (issue: account worker). See main.rs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tern::config::{AccountConfig, Config, ImapConfig, KeyringStore, Security};
use tern::core::{AccountEvent, Stamped};
use tern::engine::{AccountSpec, Tuning, run_worker};
use tern::store::Store;

use crate::support::dovecot::{Dovecot, Options, User};
use crate::support::seed;
use crate::table::Table;

pub fn account(server: &Dovecot, user: &User) -> AccountConfig {
    AccountConfig {
        signature: String::new(),
        display_name: String::new(),
        smtp: None,
        name: "bench".into(),
        email: "bench@example.org".into(),
        imap: ImapConfig {
            host: "127.0.0.1".into(),
            port: server.imaps_port,
            security: Security::Tls,
            username: user.name.clone(),
            password_command: Some(format!("echo {}", user.password)),
            ca_file: Some(server.ca_file.clone()),
            auth: Default::default(),
            oauth: None,
        },
        pinned: Default::default(),
    }
}

/// Peak RSS (VmHWM, KiB) of a running child, sampled until it exits.
pub fn run_measured(mut cmd: Command) -> (Duration, u64, Vec<(Duration, String)>) {
    let start = Instant::now();
    let mut child = cmd
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let stderr = child.stderr.take().expect("stderr");
    let lines = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .map(|l| (start.elapsed(), l))
            .collect::<Vec<_>>()
    });
    let mut hwm = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kb) = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            hwm = hwm.max(kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = start.elapsed();
    (elapsed, hwm, lines.join().unwrap_or_default())
}

/// The release `tern` with its config and data in `dir`.
fn tern(dir: &Path, args: &[&str]) -> Command {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tern");
    let mut c = Command::new(if exe.exists() { exe } else { "tern".into() });
    c.args(args).env("TERN_CONFIG_DIR", dir).env("TERN_DATA_DIR", dir);
    c
}

fn tern_sync(dir: &Path) -> Command {
    tern(dir, &["sync"])
}

/// The folder size: TERN_BENCH_MESSAGES, else `default`.
fn bench_messages(default: u64) -> u64 {
    std::env::var("TERN_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

pub async fn raw_limit(acct: &AccountConfig) -> (f64, u64) {
    let mut conn = tern::engine::open_connection(acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    conn.select("INBOX").await.expect("select");
    let start = Instant::now();
    let n = conn
        .fetch_count(
            "1:*",
            "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)",
        )
        .await
        .expect("raw fetch");
    let secs = start.elapsed().as_secs_f64();
    conn.logout().await;
    (secs, n)
}

pub fn run() {
    let n = bench_messages(100_000);
    println!("== sync benchmark: {n} messages in INBOX");
    let server = Dovecot::start(Options::default());
    let user = server.user("bench");
    let t = Instant::now();
    server.seed(&user, "INBOX", seed::messages(1, 0, n));
    println!("seeded {n} in {:.1} s", t.elapsed().as_secs_f64());
    let acct = account(&server, &user);
    let rt = tokio::runtime::Runtime::new().expect("runtime");

    // Warm Dovecot's index cache once so raw and tern see the same server state.
    let _ = rt.block_on(raw_limit(&acct));
    let mut raw = Vec::new();
    let mut p1 = Vec::new();
    let mut p2 = Vec::new();
    let mut rss = 0;
    let mut p3_figures = (0.0, None);
    for round in 0..3 {
        let (secs, got) = rt.block_on(raw_limit(&acct));
        raw.push(secs);
        println!("round {round}: raw UID FETCH 1:* ENVELOPE BODYSTRUCTURE: {got} msgs in {secs:.2} s");
        let dir = tempfile::tempdir().expect("tempdir");
        Config {
            accounts: vec![acct.clone()],
        }
        .save(&dir.path().join("accounts.toml"))
        .expect("config");
        let (elapsed, hwm, lines) = run_measured(tern_sync(dir.path()));
        let first = lines
            .iter()
            .find(|(_, l)| l.contains("INBOX"))
            .map(|(t, _)| t.as_secs_f64());
        println!(
            "round {round}: tern sync from empty: {:.2} s, first INBOX window at {first:?} s, peak RSS {} MiB",
            elapsed.as_secs_f64(),
            hwm / 1024
        );
        p1.push(elapsed.as_secs_f64());
        if let Some(f) = first {
            p2.push(f);
        }
        rss = rss.max(hwm);
        if round == 2 {
            // P3: no-change resync on the same cache, five times.
            let p3: Vec<f64> = (0..5)
                .map(|_| run_measured(tern_sync(dir.path())).0.as_secs_f64())
                .collect();
            let p3m = median(p3);
            let store = Store::open(&dir.path().join("cache.sqlite3")).expect("cache");
            let id = store.account_id("bench").expect("q").expect("row");
            let inbox = store.find_folder(id, "INBOX").expect("q").expect("inbox");
            println!("cached INBOX rows: {}", inbox.total);
            drop(store);
            // Header indexing for search happens after sync; the first search catches up.
            for label in ["first search (indexes the new headers first)", "second search"] {
                let t = Instant::now();
                let ok = tern(dir.path(), &["search", "quarterly"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .map(|s| s.success());
                println!("{label}: {:.3} s ({ok:?})", t.elapsed().as_secs_f64());
            }
            println!(
                "P3 no-change resync (process start to exit, median of 5): {:.3} s",
                p3m
            );
            let mbsync = mbsync_resync(&server, &user);
            p3_figures = (p3m, mbsync);
            if let Some(m) = mbsync {
                println!(
                    "P3 baseline mbsync no-change resync (median of 5): {m:.3} s; ratio tern/mbsync {:.2}",
                    p3m / m
                );
            } else {
                println!(
                    "P3 baseline: no mbsync figure (not installed, failed as shown above, or TERN_BENCH_MBSYNC=0)"
                );
            }
        }
    }
    let rawm = median(raw);
    let p1m = median(p1);
    println!("--");
    println!("raw limit: {:.0} msg/s ({rawm:.2} s)", n as f64 / rawm);
    println!(
        "P1 tern sync from empty: {:.0} msg/s ({p1m:.2} s incl. process start, folder list, commit); ratio to raw {:.2} (target >= 0.8)",
        n as f64 / p1m,
        rawm / p1m
    );
    if !p2.is_empty() {
        println!(
            "P2 newest 50 in the store after {:.3} s (target < 1 s)",
            median(p2.clone())
        );
    }
    println!("peak RSS of tern sync: {} MiB", rss / 1024);
    let (p7_line, p7) = rt.block_on(idle_latency(&server, &user, &acct));
    println!("P7 IDLE latency: {p7_line}");

    let mut table = Table::new(&format!("Sync benchmark, {n} messages in INBOX (release)"));
    table.compare(
        "P1 first sync (tern sync from empty)",
        n as f64 / p1m,
        "raw UID FETCH 1:*",
        n as f64 / rawm,
        "msg/s",
    );
    if !p2.is_empty() {
        table.compare("P2 newest 50 in the store", median(p2), "target", 1.0, "s");
    }
    match p3_figures {
        (p3m, Some(m)) => table.compare("P3 no-change resync", p3m, "mbsync", m, "s"),
        (p3m, None) => table.absolute("P3 no-change resync (no mbsync figure)", p3m, "s"),
    }
    table.absolute("peak RSS of tern sync", rss as f64 / 1024.0, "MiB");
    match p7 {
        Some((tern_ms, server_ms)) => table.compare(
            "P7 IDLE latency (median)",
            tern_ms,
            "server's own delay",
            server_ms,
            "ms",
        ),
        None => table.missing("P7 IDLE latency", "no sample"),
    }
    table.print();
}

/// P7 alone on a small INBOX (`cargo bench --bench bench -- idle`): quick to repeat
/// while working on push latency.
/// The folder size comes from TERN_BENCH_MESSAGES (default 200), so the cost of a push
/// can be watched at 20k or 100k without the whole sync benchmark.
pub fn idle_only() {
    let n = bench_messages(200);
    let server = Dovecot::start(Options::default());
    let user = server.user("bench");
    let t = Instant::now();
    server.seed(&user, "INBOX", seed::messages(1, 0, n));
    println!("seeded {n} in {:.1} s", t.elapsed().as_secs_f64());
    let acct = account(&server, &user);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    println!("== IDLE latency, {n} messages in INBOX");
    println!(
        "P7 IDLE latency: {}",
        rt.block_on(idle_latency(&server, &user, &acct)).0
    );
}

/// The summary text, and (tern's median, the server's own median) in ms when measured.
async fn idle_latency(server: &Dovecot, user: &User, acct: &AccountConfig) -> (String, Option<(f64, f64)>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cache.sqlite3");
    let store = Store::open(&db).expect("store");
    let id = store.ensure_account(&acct.name, &acct.email).expect("row");
    drop(store);
    // A small separate folder keeps the first sync short; IDLE watches INBOX.
    let spec = AccountSpec {
        id,
        generation: 1,
        config: acct.clone(),
        db_path: db.clone(),
        secrets: Arc::new(KeyringStore),
        tuning: Tuning {
            poll_interval: Duration::from_secs(3600),
            ..Tuning::default()
        },
    };
    let (tx, mut rx) = futures::channel::mpsc::unbounded::<Stamped>();
    let worker = tokio::spawn(run_worker(spec, tx));
    use futures::StreamExt;
    let mut handle = None;
    while let Some(e) = rx.next().await {
        match e.event {
            AccountEvent::Ready(h) => handle = Some(h),
            AccountEvent::SyncDone => break,
            _ => {}
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let reader = Store::open_reader(&db).expect("reader");
    let inbox = reader.find_folder(id, "INBOX").expect("q").expect("inbox");
    let mut samples = Vec::new();
    let mut server_own = Vec::new();
    let mut extra = Vec::new();
    for i in 0..5 {
        // The row and the folder's UIDNEXT mark commit in one transaction; reading the
        // mark costs the same at any folder size (counting the rows grew with it and
        // added up to ~45 ms per look at 100k to the figure).
        let uidnext = || reader.sync_marks(inbox.id).expect("q").map_or(0, |m| m.uidnext);
        let before = uidnext();
        // The baseline: a bare IDLE connection (no cache, no sync) sees the same delivery.
        let bare = bare_idle(acct).await;
        let start = Instant::now();
        server.deliver(user, "INBOX", &seed::message(77, i).raw);
        let mut tern_ms = None;
        while start.elapsed() < Duration::from_secs(10) {
            if uidnext() > before {
                tern_ms = Some(start.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let bare_ms = match tokio::time::timeout(Duration::from_secs(10), bare).await {
            Ok(Ok(at)) => Some(at.duration_since(start).as_secs_f64() * 1000.0),
            _ => None,
        };
        if let Some(t) = tern_ms {
            samples.push(t);
        }
        if let (Some(t), Some(b)) = (tern_ms, bare_ms) {
            server_own.push(b);
            extra.push(t - b);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(10), rx.next()).await {
            if std::env::var("TERN_BENCH_DEBUG").is_ok() {
                println!("  event: {:?}", e.event);
            }
        }
    }
    if let Some(h) = handle {
        h.send(tern::core::Command::Shutdown);
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), worker).await;
    if samples.is_empty() {
        return ("no sample (push did not arrive within 10 s)".into(), None);
    }
    let mut out = format!(
        "median {:.0} ms over {} deliveries",
        median(samples.clone()),
        samples.len()
    );
    let mut figures = None;
    if !extra.is_empty() {
        figures = Some((median(samples.clone()), median(server_own.clone())));
        out.push_str(&format!(
            "; the server's own delay (a bare IDLE connection, same deliveries): median {:.0} ms; \
             tern's extra: median {:.0} ms, max {:.0} ms (target <= 100)",
            median(server_own),
            median(extra.clone()),
            extra.iter().cloned().fold(f64::MIN, f64::max)
        ));
    }
    (out, figures)
}

/// A bare IDLE connection on INBOX, already waiting; resolves to when it saw a change.
async fn bare_idle(acct: &AccountConfig) -> tokio::sync::oneshot::Receiver<Instant> {
    let mut conn = tern::engine::open_connection(acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    conn.select("INBOX").await.expect("select");
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        if let Ok((c, _)) = conn
            .idle(Duration::from_secs(60), std::future::pending::<()>())
            .await
        {
            let _ = tx.send(Instant::now());
            c.logout().await;
        }
    });
    // IDLE is sent inside the task: give it time to be in place before the delivery.
    tokio::time::sleep(Duration::from_millis(300)).await;
    rx
}

fn mbsync_resync(server: &Dovecot, user: &User) -> Option<f64> {
    if std::env::var("TERN_BENCH_MBSYNC").as_deref() == Ok("0")
        || Command::new("mbsync").arg("-v").output().is_err()
    {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let maildir = dir.path().join("mail");
    std::fs::create_dir_all(&maildir).ok()?;
    let rc = dir.path().join("mbsyncrc");
    std::fs::write(
        &rc,
        format!(
            "IMAPAccount b\nHost localhost\nPort {}\nUser {}\nPass {}\nSSLType IMAPS\nCertificateFile {}\n\n\
             IMAPStore remote\nAccount b\n\nMaildirStore local\nPath {}/\nInbox {}/INBOX\n\n\
             Channel c\nFar :remote:\nNear :local:\nPatterns INBOX\nCreate Near\nSyncState *\n",
            server.imaps_port,
            user.name,
            user.password,
            server.ca_file.display(),
            maildir.display(),
            maildir.display()
        ),
    )
    .ok()?;
    let t = Instant::now();
    let out = Command::new("mbsync")
        .args(["-c"])
        .arg(&rc)
        .arg("-a")
        .output()
        .ok()?;
    let ok = out.status.success();
    if !ok {
        let err = String::from_utf8_lossy(&out.stderr);
        println!(
            "mbsync failed: {}",
            err.lines().take(4).collect::<Vec<_>>().join(" / ")
        );
        return None;
    }
    println!(
        "mbsync first full sync (with bodies): {:.1} s ({})",
        t.elapsed().as_secs_f64(),
        if ok { "ok" } else { "failed" }
    );
    let samples: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ = Command::new("mbsync")
                .args(["-c"])
                .arg(&rc)
                .arg("-a")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            t.elapsed().as_secs_f64()
        })
        .collect();
    Some(median(samples))
}

/// `threads`: `tern sync` from empty with threading on and off (TERN_THREADING=off),
/// alternating, `ROUNDS` rounds each, same server and messages (a third of them replies), for
/// two shapes of reply: conversations as mail clients write them (the whole References
/// chain) and the stress case of replies joining unrelated threads. Prints the median
/// of each and the ratio on/off (target <= 1.10).
pub fn threading_on_off() {
    const ROUNDS: usize = 5;
    let n = bench_messages(100_000);
    let server = Dovecot::start(Options::default());
    let mut results = Vec::new();
    for (name, replies) in [
        ("conversations", seed::Replies::Conversations),
        ("stress: replies join unrelated threads", seed::Replies::Random),
    ] {
        println!("== threading cost in first sync: {n} messages in INBOX, replies: {name}");
        let user = server.user(if replies == seed::Replies::Random {
            "bench"
        } else {
            "conv"
        });
        server.seed(&user, "INBOX", seed::messages_shaped(1, 0, n, replies));
        let acct = account(&server, &user);
        let sync = |threading: bool| {
            let dir = tempfile::tempdir().expect("tempdir");
            Config {
                accounts: vec![acct.clone()],
            }
            .save(&dir.path().join("accounts.toml"))
            .expect("config");
            let mut cmd = tern_sync(dir.path());
            if !threading {
                cmd.env("TERN_THREADING", "off");
            }
            run_measured(cmd).0.as_secs_f64()
        };
        // Warm Dovecot with the very fetch the rounds make, twice: after a raw fetch of
        // other fields, and still after one sync, the next sync took 0.4-2 s longer than
        // the rest (Dovecot still building its cache). The order alternates per round.
        for _ in 0..2 {
            println!("warm-up (not counted): {:.2} s", sync(false));
        }
        let (mut on, mut off) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let order = if round % 2 == 0 {
                [true, false]
            } else {
                [false, true]
            };
            for threading in order {
                let secs = sync(threading);
                println!(
                    "round {round}: threading {}: {secs:.2} s",
                    if threading { "on " } else { "off" }
                );
                if threading { on.push(secs) } else { off.push(secs) }
            }
        }
        let (on, off) = (median(on), median(off));
        println!(
            "threading in first sync ({name}): on {on:.2} s, off {off:.2} s; ratio on/off {:.3} (target <= 1.10)",
            on / off
        );
        results.push((name, on, off));
    }
    println!("--");
    let mut table = Table::new(&format!(
        "**Threading's cost in a first sync of {n} messages** (release, medians of {ROUNDS})"
    ));
    for (name, on, off) in results {
        table.compare(
            &format!("tern sync from empty, threading on ({name})"),
            on,
            "threading off",
            off,
            "s",
        );
    }
    table.print();
}

/// `serve`: the sync benchmark's server and INBOX, kept up for profiling by hand.
pub fn serve() {
    let n = bench_messages(100_000);
    let dir = std::path::PathBuf::from(
        std::env::var_os("TERN_BENCH_SERVE_DIR").expect("TERN_BENCH_SERVE_DIR: where accounts.toml goes"),
    );
    // TERN_BENCH_REPLIES=conversations serves the threading benchmark's realistic shape.
    let replies = match std::env::var("TERN_BENCH_REPLIES").as_deref() {
        Ok("conversations") => seed::Replies::Conversations,
        _ => seed::Replies::Random,
    };
    let server = Dovecot::start(Options::default());
    let user = server.user("bench");
    server.seed(&user, "INBOX", seed::messages_shaped(1, 0, n, replies));
    let acct = account(&server, &user);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let _ = rt.block_on(raw_limit(&acct));
    std::fs::create_dir_all(&dir).expect("serve dir");
    Config { accounts: vec![acct] }
        .save(&dir.join("accounts.toml"))
        .expect("config");
    println!(
        "serving {n} messages; run: TERN_CONFIG_DIR={0} TERN_DATA_DIR={0} target/release/tern sync (remove {0}/cache.sqlite3* between runs); close stdin to stop",
        dir.display()
    );
    let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
    drop(server);
}
