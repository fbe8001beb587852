//! `cargo bench --bench bench -- scale` (issue 15 item 4): how Tern's costs grow with
//! the size of one folder, and with three big accounts at once.
//!
//! For each N in TERN_SCALE_SIZES (default "10000,100000"; a person runs "1000000"):
//! one INBOX of N on the harness Dovecot, then the raw protocol limit, `tern sync` from
//! empty (time, peak RSS), the no-change resync, the cache's size per message, the
//! search median (search_bench's query mix, on the synced cache), and the release
//! window under Xvfb with that cache (the INBOX open in the title, RSS). Per-message
//! costs are compared with the smallest N's, so linear growth reads as a ratio of 1.
//!
//! Then three accounts of TERN_SCALE_ACCOUNTS_N (default 100,000) on the same server,
//! synced by one `tern sync` with all three in its config (it syncs accounts
//! concurrently, as the window's workers do) against the same with one account; and
//! the idle cost of the window with those three accounts (idle_cost_bench).
//! TERN_SCALE_ACCOUNTS_N=0 leaves the three accounts out.
//!
//! Seeding: files written straight into the Maildir plus one `doveadm force-resync`
//! (support::dovecot::seed). Beyond SEED_DISTINCT messages, and for the second and
//! third account, the same files are hard-linked under new names: a million realistic
//! messages would take ~22 GB of disk, a million links take the inodes only. Those
//! copies repeat Message-IDs (threads then join copies), which the figures note.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tern::config::{AccountConfig, Config, Paths};
use tern::core::{MessageId, parse_query};
use tern::store::{SearchScope, Store};

use crate::idle_cost_bench;
use crate::support::dovecot::{Dovecot, Options, User};
use crate::support::seed;
use crate::sync_bench::{account, median, raw_limit, run_measured};
use crate::table::{Table, num};

/// Distinct generated messages per folder; beyond it, hard-linked copies.
const SEED_DISTINCT: u64 = 100_000;

/// search_bench's mix of operators, with words the seeded mail contains.
const QUERIES: [&str; 15] = [
    "quarterly",
    "invo",
    "jurgen",
    "\"quarterly report\"",
    "会议纪要",
    "from:alice",
    "to:zoe",
    "subject:contract is:unread",
    "has:attachment flight",
    "is:starred",
    "in:inbox lunch",
    "after:2023-01-01 budget",
    "before:2020-06-01 photos",
    "welcome team",
    "ubersicht anderungen",
];

fn env_list(name: &str, default: &str) -> Vec<u64> {
    std::env::var(name)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .filter_map(|v| v.trim().replace('_', "").parse().ok())
        .collect()
}

/// One server with one INBOX of `n` for `user`.
pub struct Seeded {
    pub server: Dovecot,
    pub users: Vec<User>,
    pub n: u64,
    pub seed_secs: f64,
}

/// Starts a Dovecot and seeds `accounts` users with `n` messages each in INBOX.
pub fn seed_server(n: u64, accounts: usize) -> Seeded {
    let server = Dovecot::start(Options::default());
    let users: Vec<User> = (0..accounts).map(|_| server.user("scale")).collect();
    let t = Instant::now();
    let distinct = n.min(SEED_DISTINCT);
    server.seed(&users[0], "INBOX", seed::messages(1, 0, distinct));
    if n > distinct {
        link_copies(&server, &users[0], &users[0], n - distinct);
    }
    for other in &users[1..] {
        link_copies(&server, &users[0], other, n);
    }
    let seed_secs = t.elapsed().as_secs_f64();
    println!(
        "seeded {accounts} x {n} messages in {seed_secs:.1} s ({distinct} distinct, the rest hard links)"
    );
    Seeded {
        server,
        users,
        n,
        seed_secs,
    }
}

/// Hard-links `count` of `from`'s INBOX files into `to`'s INBOX under new names (copy
/// k of a file gets the prefix "k."), then lets Dovecot index them.
fn link_copies(server: &Dovecot, from: &User, to: &User, count: u64) {
    let src = from.maildir.join("cur");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&src)
        .expect("read seeded cur/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with('c'))
        })
        .collect();
    names.sort();
    let dst = to.maildir.join("cur");
    std::fs::create_dir_all(&dst).expect("mkdir cur");
    let mut made = 0;
    'copies: for k in 1.. {
        for path in &names {
            if made == count {
                break 'copies;
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let target = dst.join(format!("c{k}.{name}"));
            if !target.exists() {
                std::fs::hard_link(path, &target).expect("hard link");
            }
            made += 1;
        }
    }
    server.chown_tree(&to.maildir);
    server.doveadm(&["force-resync", "-u", &to.name, "INBOX"]);
}

/// A config dir and data dir for `tern` with `accounts` (laid out like the window's).
pub fn tern_home(accounts: Vec<AccountConfig>) -> (tempfile::TempDir, Paths) {
    let dir = tempfile::Builder::new()
        .prefix("tern-scale-bench-")
        .tempdir()
        .expect("tempdir");
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    std::fs::create_dir_all(&paths.data_dir).expect("data dir");
    Config { accounts }
        .save(&paths.accounts_file())
        .expect("accounts.toml");
    (dir, paths)
}

pub fn tern_sync(paths: &Paths) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tern"));
    c.arg("sync")
        .env("TERN_CONFIG_DIR", &paths.config_dir)
        .env("TERN_DATA_DIR", &paths.data_dir);
    c
}

/// Every figure of one folder size.
struct SizeFigures {
    n: u64,
    seed_s: f64,
    raw_s: f64,
    first_sync_s: f64,
    resync_s: f64,
    sync_rss_mib: f64,
    cache_bytes: u64,
    index_s: f64,
    search_ms: f64,
    first_screen_ms: f64,
    window: Option<(f64, f64)>,
}

pub fn run() {
    let sizes = env_list("TERN_SCALE_SIZES", "10000,100000");
    let accounts_n = env_list("TERN_SCALE_ACCOUNTS_N", "100000")
        .first()
        .copied()
        .unwrap_or(100_000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut rows = Vec::new();
    let mut kept = None;
    for &n in &sizes {
        println!("== scale: {n} messages in one INBOX");
        let seeded = seed_server(n, if n == accounts_n { 3 } else { 1 });
        rows.push(measure_size(&rt, &seeded));
        if n == accounts_n {
            kept = Some(seeded);
        }
    }
    if accounts_n == 0 {
        // TERN_SCALE_ACCOUNTS_N=0: the folder sizes only (e.g. a run of the 1M case).
        print_sizes(&rows);
        return;
    }
    let seeded = kept.unwrap_or_else(|| {
        println!("== scale: 3 accounts of {accounts_n}");
        seed_server(accounts_n, 3)
    });
    let three = three_accounts(&seeded);
    print_sizes(&rows);
    let mut table = Table::new(&format!(
        "Scale: three accounts of {accounts_n} synced at once, against one (release)"
    ));
    table.compare(
        "3 accounts: tern sync from empty, wall time",
        three.0,
        "one account",
        three.1,
        "s",
    );
    table.compare(
        "3 accounts: peak RSS of tern sync",
        three.2,
        "one account",
        three.3,
        "MiB",
    );
    if let Some(idle) = three.4 {
        idle.add_to(&mut table);
    } else {
        table.missing("idle window", "needs Xvfb and xdotool");
    }
    table.print();
}

fn measure_size(rt: &tokio::runtime::Runtime, seeded: &Seeded) -> SizeFigures {
    let n = seeded.n;
    let acct = account(&seeded.server, &seeded.users[0]);
    let _ = rt.block_on(raw_limit(&acct)); // warms Dovecot's caches, as in `sync`
    let raw: Vec<(f64, u64)> = (0..2).map(|_| rt.block_on(raw_limit(&acct))).collect();
    if raw.iter().any(|r| r.1 != n) {
        let log = std::fs::read_to_string(seeded.server.dir.join("dovecot.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        panic!(
            "the raw fetch did not see all {n}: {raw:?}; Dovecot's log ends with:\n{}",
            tail.join("\n")
        );
    }
    let raw_s = median(raw.iter().map(|r| r.0).collect());
    let (_dir, paths) = tern_home(vec![acct]);
    let (elapsed, hwm, lines) = run_measured(tern_sync(&paths));
    for (_, l) in lines.iter().filter(|(_, l)| !l.contains(" of ")) {
        println!("  tern sync: {l}");
    }
    let first_sync_s = elapsed.as_secs_f64();
    println!(
        "{n}: raw fetch {raw_s:.2} s, tern sync from empty {first_sync_s:.2} s, peak RSS {} MiB",
        hwm / 1024
    );
    let resync_s = median(
        (0..3)
            .map(|_| run_measured(tern_sync(&paths)).0.as_secs_f64())
            .collect(),
    );
    let cache_bytes = dir_bytes(&paths.data_dir);
    let (index_s, search_ms, first_screen_ms) = search_figures(&paths.cache_db(), n);
    let window = idle_cost_bench::first_frame(&paths);
    SizeFigures {
        n,
        seed_s: seeded.seed_secs,
        raw_s,
        first_sync_s,
        resync_s,
        sync_rss_mib: hwm as f64 / 1024.0,
        cache_bytes,
        index_s,
        search_ms,
        first_screen_ms,
        window,
    }
}

/// Bytes of the cache files (database, WAL, bodies) under the data dir.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_bytes(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

/// (indexing the synced headers s, search median ms, first screen of the folder ms).
fn search_figures(db: &Path, n: u64) -> (f64, f64, f64) {
    let mut store = Store::open(db).expect("cache");
    let t = Instant::now();
    store.index_all_pending().expect("index");
    let index_s = t.elapsed().as_secs_f64();
    let mut times = Vec::new();
    let mut found = 0;
    for q in QUERIES.iter().cycle().take(50) {
        let parsed = parse_query(q).expect("query");
        let t = Instant::now();
        let ids = store
            .search_ids(&parsed, SearchScope::default(), Some(20_000))
            .expect("search");
        let page: Vec<MessageId> = ids.iter().take(50).copied().collect();
        let hits = store.search_hits(&page).expect("hits");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        found += ids.len();
        assert_eq!(hits.len(), page.len(), "every id found has its row");
    }
    let account = store.account_id("bench").expect("q").expect("account");
    let folder = store.find_folder(account, "INBOX").expect("q").expect("inbox");
    assert_eq!(u64::from(folder.total), n, "the cache holds the whole INBOX");
    let base: Vec<f64> = (0..50)
        .map(|_| {
            let t = Instant::now();
            store.list_messages(folder.id, 0, 50).expect("list");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!(
        "{n}: search median {:.2} ms ({} results per query on average), indexing after sync {index_s:.1} s",
        median(times.clone()),
        found / 50
    );
    (index_s, median(times), median(base))
}

/// (3 accounts wall s, 1 account wall s, 3 accounts RSS MiB, 1 account RSS MiB, idle).
fn three_accounts(seeded: &Seeded) -> (f64, f64, f64, f64, Option<idle_cost_bench::IdleCost>) {
    let accounts: Vec<AccountConfig> = seeded
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| AccountConfig {
            name: format!("bench{i}"),
            ..account(&seeded.server, u)
        })
        .collect();
    let (_one_dir, one) = tern_home(accounts[..1].to_vec());
    let (one_s, one_kib, _) = run_measured(tern_sync(&one));
    let (_three_dir, three) = tern_home(accounts.clone());
    let (three_s, three_kib, lines) = run_measured(tern_sync(&three));
    for (_, l) in lines.iter().filter(|(_, l)| !l.contains(" of ")) {
        println!("  tern sync: {l}");
    }
    println!(
        "3 accounts of {}: {:.2} s, peak RSS {} MiB; one account: {:.2} s, {} MiB",
        seeded.n,
        three_s.as_secs_f64(),
        three_kib / 1024,
        one_s.as_secs_f64(),
        one_kib / 1024
    );
    let store = Store::open_reader(&three.cache_db()).expect("cache");
    for a in &accounts {
        let id = store.account_id(&a.name).expect("q").expect("account");
        let inbox = store.find_folder(id, "INBOX").expect("q").expect("inbox");
        assert_eq!(u64::from(inbox.total), seeded.n, "{} fully synced", a.name);
    }
    drop(store);
    let idle = idle_cost_bench::measure(&three);
    (
        three_s.as_secs_f64(),
        one_s.as_secs_f64(),
        three_kib as f64 / 1024.0,
        one_kib as f64 / 1024.0,
        idle,
    )
}

fn print_sizes(rows: &[SizeFigures]) {
    println!();
    println!("Scale: one INBOX of N messages (release; window: tiny-skia under Xvfb)");
    println!();
    println!(
        "| N | seed s | raw fetch s | first sync s | sync / raw | no-change resync s | sync peak RSS MiB | cache bytes/msg | index after sync s | search median ms | first screen ms | window: INBOX open ms | window RSS MiB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let (frame, rss) = r
            .window
            .map(|(f, m)| (num(f), num(m)))
            .unwrap_or(("-".into(), "-".into()));
        println!(
            "| {} | {} | {} | {} | {:.2} | {} | {} | {} | {} | {} | {} | {frame} | {rss} |",
            r.n,
            num(r.seed_s),
            num(r.raw_s),
            num(r.first_sync_s),
            r.raw_s / r.first_sync_s,
            num(r.resync_s),
            num(r.sync_rss_mib),
            r.cache_bytes / r.n.max(1),
            num(r.index_s),
            num(r.search_ms),
            num(r.first_screen_ms),
        );
    }
    let (Some(small), Some(big)) = (rows.first(), rows.last()) else {
        return;
    };
    if big.n == small.n {
        return;
    }
    let mut t = Table::new(&format!(
        "Scale: growth from {} to {} messages ({}x); per-message costs, baseline the smaller folder",
        small.n,
        big.n,
        big.n / small.n.max(1)
    ));
    let per = |v: f64, n: u64| v / n as f64;
    let base = format!("{}", small.n);
    t.compare(
        "first sync, µs per message",
        per(big.first_sync_s, big.n) * 1e6,
        &base,
        per(small.first_sync_s, small.n) * 1e6,
        "µs",
    );
    t.compare(
        "raw fetch, µs per message",
        per(big.raw_s, big.n) * 1e6,
        &base,
        per(small.raw_s, small.n) * 1e6,
        "µs",
    );
    t.compare(
        "sync peak RSS, KiB per message",
        per(big.sync_rss_mib, big.n) * 1024.0,
        &base,
        per(small.sync_rss_mib, small.n) * 1024.0,
        "KiB",
    );
    t.compare(
        "cache on disk, bytes per message",
        per(big.cache_bytes as f64, big.n),
        &base,
        per(small.cache_bytes as f64, small.n),
        "B",
    );
    t.compare(
        "index after sync, µs per message",
        per(big.index_s, big.n) * 1e6,
        &base,
        per(small.index_s, small.n) * 1e6,
        "µs",
    );
    t.compare(
        "no-change resync (whole, not per message)",
        big.resync_s,
        &base,
        small.resync_s,
        "s",
    );
    t.compare(
        "search median (whole)",
        big.search_ms,
        &base,
        small.search_ms,
        "ms",
    );
    t.compare(
        "first screen of the folder (whole)",
        big.first_screen_ms,
        &base,
        small.first_screen_ms,
        "ms",
    );
    if let (Some(b), Some(s)) = (big.window, small.window) {
        t.compare("window: INBOX open (whole)", b.0, &base, s.0, "ms");
        t.compare("window RSS (whole)", b.1, &base, s.1, "MiB");
    }
    t.print();
}
