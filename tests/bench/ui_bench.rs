//! The window benchmark (issue 6): `cargo bench --bench bench -- ui`.
//!
//! A cache with a 100,000-message INBOX is written directly through
//! `Store::store_window` (no server; the account points at a closed port, so its
//! worker just goes offline). Measured:
//!
//! 1. Start-up, two ways. In-process with the iced_test simulator (tiny-skia, no
//!    display): `App::new` -> boot tasks -> INBOX rows read -> view built, laid out
//!    and drawn into pixels. And, when Xvfb and xdotool are installed, the release
//!    `tern` binary under Xvfb: from spawn until the window's title names the open
//!    folder (set when the INBOX is opened and its first rows are requested), with
//!    the process's peak RSS (VmHWM) a few seconds later.
//! 2. Rebuilding the list view after a one-page scroll, 1,000 vs 100,000 messages:
//!    `view()` + layout in the simulator, and the row query of the new window (which
//!    runs on the blocking pool, not the UI thread). Both should not grow with the
//!    folder's size; the query does grow with the offset (SQLite OFFSET), printed.
//!
//! Figures and ratios only, no pass/fail.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cached;
use futures::StreamExt;
use iced::Task;
use iced_test::runtime::Action;
use iced_test::runtime::task::into_stream;
use iced_test::simulator::Simulator;
use tern::config::{AccountConfig, Config, ImapConfig, KeyringStore, Paths, Security};
use tern::core::NewMessage;
use tern::store::Store;
use tern::ui::screen::mailbox::{self, list};
use tern::ui::{App, Env, Message};

const BIG: u32 = 100_000;
const SMALL: u32 = 1_000;

pub fn run() {
    println!("ui: building caches ({SMALL} and {BIG} messages)...");
    let small = Fixture::new(SMALL);
    let big = Fixture::new(BIG);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("\n== first frame in-process (simulator, tiny-skia; after one warm-up run) ==");
    let _ = first_frame(&rt, &small);
    let (s_boot, _) = first_frame(&rt, &small);
    let (b_boot, mut app) = first_frame(&rt, &big);
    println!("  {SMALL:>7} messages: {:>7.1} ms", ms(s_boot));
    println!(
        "  {BIG:>7} messages: {:>7.1} ms   (ratio {:.2})",
        ms(b_boot),
        ratio(b_boot, s_boot)
    );

    println!("\n== list view rebuild after a one-page scroll (view + layout, median of 40 pages) ==");
    let (_, mut small_app) = first_frame(&rt, &small);
    let s = scroll_pages(&rt, &mut small_app, 40, 0.0);
    let b = scroll_pages(&rt, &mut app, 40, 0.0);
    let b_deep = scroll_pages(&rt, &mut app, 40, 60_000.0 * list::ROW_HEIGHT);
    println!("  {SMALL:>7} messages, from the top:     {:>6.2} ms", ms(s));
    println!(
        "  {BIG:>7} messages, from the top:     {:>6.2} ms   (ratio to 1k {:.2})",
        ms(b),
        ratio(b, s)
    );
    println!(
        "  {BIG:>7} messages, from row 60,000: {:>6.2} ms   (ratio to 1k {:.2})",
        ms(b_deep),
        ratio(b_deep, s)
    );

    println!(
        "\n== the row query of one window (100 rows; blocking pool, not the UI thread; median of 20) =="
    );
    let sq = query(&small, &[0, 900]);
    let bq = query(&big, &[0, 50_000, 99_900]);
    println!(
        "  {SMALL:>7} messages: offset 0 {:>6.2} ms, offset 900 {:>6.2} ms",
        ms(sq[0]),
        ms(sq[1])
    );
    println!(
        "  {BIG:>7} messages: offset 0 {:>6.2} ms, offset 50,000 {:>6.2} ms, offset 99,900 {:>6.2} ms",
        ms(bq[0]),
        ms(bq[1]),
        ms(bq[2])
    );
    println!(
        "  ratio 100k/1k at the top {:.2}; deepest/top in 100k {:.2}",
        ratio(bq[0], sq[0]),
        ratio(bq[2], bq[0])
    );

    println!("\n== release binary under Xvfb ==");
    match window_start(&big) {
        Some((window, listed, rss)) => {
            println!("  window mapped:        {:>7.1} ms", ms(window));
            println!("  INBOX open (title):   {:>7.1} ms", ms(listed));
            println!("  peak RSS:             {:>7.1} MB", rss as f64 / 1024.0);
        }
        None => println!("  skipped (needs Xvfb, xdotool and target/release/tern: cargo build --release)"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// A config dir + cache with one offline account and `n` messages in INBOX.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(n: u32) -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("tern-ui-bench-")
            .tempdir()
            .expect("tempdir");
        let paths = paths(dir.path());
        let account = AccountConfig {
            signature: String::new(),
            display_name: String::new(),
            smtp: None,
            name: "bench".into(),
            email: "bench@example.org".into(),
            imap: ImapConfig {
                host: "127.0.0.1".into(),
                port: 9,
                security: Security::Tls,
                username: "bench".into(),
                password_command: Some("echo x".into()),
                ca_file: None,
                auth: Default::default(),
                oauth: None,
            },
            pinned: Default::default(),
        };
        Config {
            accounts: vec![account],
        }
        .save(&paths.accounts_file())
        .expect("accounts.toml");
        let mut store = Store::open(&paths.cache_db()).expect("store");
        let rows: Vec<NewMessage> = (1..=n).map(row).collect();
        cached::inbox(&mut store, "bench", "bench@example.org", &rows);
        Fixture { dir }
    }

    fn paths(&self) -> Paths {
        paths(self.dir.path())
    }
}

fn paths(dir: &Path) -> Paths {
    Paths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
    }
}

fn row(uid: u32) -> NewMessage {
    NewMessage {
        uid,
        modseq: 1,
        flags: if uid.is_multiple_of(3) { 0 } else { 1 },
        internal_date: 1_500_000_000 + i64::from(uid) * 300,
        sent_date: 1_500_000_000 + i64::from(uid) * 300,
        size: 4000,
        subject: format!("Benchmark message number {uid} about the quarterly numbers"),
        from_name: format!("Sender {}", uid % 211),
        from_addr: format!("sender{}@example.org", uid % 211),
        recipients: "bench@example.org".into(),
        message_id: format!("<{uid}@bench.tern.test>"),
        has_attachments: uid.is_multiple_of(7),
        ..NewMessage::default()
    }
}

/// Runs a task and what its messages lead to, like the iced runtime.
fn drive(rt: &tokio::runtime::Runtime, app: &mut App, task: Task<Message>) {
    let mut queue = vec![task];
    while let Some(task) = queue.pop() {
        let Some(mut stream) = into_stream(task) else {
            continue;
        };
        let out: Vec<Message> = rt.block_on(async {
            let mut out = Vec::new();
            while let Some(action) = stream.next().await {
                if let Action::Output(m) = action {
                    out.push(m);
                }
            }
            out
        });
        for m in out {
            let _g = rt.enter();
            queue.push(app.update(m));
        }
    }
}

fn simulator(app: &App) -> Simulator<'_, Message> {
    let settings = iced::Settings {
        fonts: tern::ui::theme::FONT_FILES
            .iter()
            .map(|f| Cow::Borrowed(*f))
            .collect(),
        default_font: tern::ui::theme::REGULAR,
        ..iced::Settings::default()
    };
    Simulator::with_size(settings, (1280.0, 800.0), app.view())
}

/// App::new -> rows of INBOX loaded -> first frame drawn.
fn first_frame(rt: &tokio::runtime::Runtime, f: &Fixture) -> (Duration, App) {
    let start = Instant::now();
    let (mut app, boot) = {
        let _g = rt.enter();
        App::new(Env::new(f.paths(), std::sync::Arc::new(KeyringStore)))
    };
    drive(rt, &mut app, boot);
    assert!(
        app.mailbox.list.loaded && !app.mailbox.list.rows.is_empty(),
        "INBOX shown"
    );
    let theme = app.theme();
    let mut ui = simulator(&app);
    let _ = ui.snapshot(&theme).expect("frame");
    drop(ui);
    (start.elapsed(), app)
}

/// Scrolls down one page at a time from `from` (reading rows as the app does), and
/// times rebuilding the view afterwards: `view()` and its layout.
fn scroll_pages(rt: &tokio::runtime::Runtime, app: &mut App, pages: usize, from: f32) -> Duration {
    let height = 700.0;
    let mut views = Vec::with_capacity(pages);
    for i in 0..pages {
        let offset = from + i as f32 * height;
        let scroll = Message::Mailbox(mailbox::Message::List(list::Message::Scrolled { offset, height }));
        let task = {
            let _g = rt.enter();
            app.update(scroll)
        };
        drive(rt, app, task);
        let v = Instant::now();
        let ui = simulator(app);
        drop(ui);
        views.push(v.elapsed());
    }
    median(views)
}

/// Median time of `list_messages(INBOX, offset, 100)` on a read-only connection.
fn query(f: &Fixture, offsets: &[u32]) -> Vec<Duration> {
    let store = Store::open_reader(&f.paths().cache_db()).expect("reader");
    let account = store.account_id("bench").expect("query").expect("account");
    let folder = store
        .find_folder(account, "INBOX")
        .expect("query")
        .expect("inbox")
        .id;
    offsets
        .iter()
        .map(|&offset| {
            let runs: Vec<Duration> = (0..20)
                .map(|_| {
                    let t = Instant::now();
                    let rows = store.list_messages(folder, offset, 100).expect("rows");
                    assert!(!rows.is_empty());
                    t.elapsed()
                })
                .collect();
            median(runs)
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn tern_binary() -> Option<PathBuf> {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tern");
    exe.exists().then_some(exe)
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// (window mapped, folder open, peak RSS KiB) of the release binary under Xvfb.
fn window_start(f: &Fixture) -> Option<(Duration, Duration, u64)> {
    let exe = tern_binary()?;
    if !have("Xvfb") || !have("xdotool") {
        return None;
    }
    let display = (90..120).find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())?;
    let mut xvfb = Command::new("Xvfb")
        .arg(format!(":{display}"))
        .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Path::new(&format!("/tmp/.X11-unix/X{display}")).exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let paths = f.paths();
    let start = Instant::now();
    let mut tern = Command::new(exe)
        .env("DISPLAY", format!(":{display}"))
        .env("ICED_BACKEND", "tiny-skia")
        .env("TERN_CONFIG_DIR", &paths.config_dir)
        .env("TERN_DATA_DIR", &paths.data_dir)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let search = |name: &str| {
        Command::new("xdotool")
            .args(["search", "--name", name])
            .env("DISPLAY", format!(":{display}"))
            .output()
            .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
    };
    let wait = |name: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if search(name) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    };
    let window = wait("Tern");
    let listed = wait("Inbox");
    std::thread::sleep(Duration::from_secs(3));
    let rss = std::fs::read_to_string(format!("/proc/{}/status", tern.id()))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:")
                    .map(|v| v.trim().trim_end_matches("kB").trim().to_string())
            })
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let _ = tern.kill();
    let _ = tern.wait();
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    Some((window?, listed?, rss))
}
