//! The window at rest (issue 15 item 5): `cargo bench --bench bench -- idle-cost`.
//!
//! The release window (tiny-skia under Xvfb) with three synced accounts on the harness
//! Dovecot, their workers in IDLE, nobody touching anything. Once its CPU use has
//! settled (the start-up resync done), measured for TERN_IDLE_SECONDS (default 60):
//! CPU seconds (utime + stime of /proc/PID/stat, every thread), wake-ups (voluntary +
//! involuntary context switches summed over /proc/PID/task/*/status; threads that end
//! during the window are not counted) and the X server's CPU (what redraws cost it).
//! Baseline in the same run: the same window with no account (the setup screen).
//!
//! Standalone it seeds 3 x TERN_IDLE_MESSAGES (default 10,000); the `scale` case runs it
//! on its three accounts of 100,000.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tern::config::Paths;

use crate::scale_bench::{tern_home, tern_sync};
use crate::support::xvfb::{self, Display};
use crate::table::Table;

/// What the window cost at rest, and the baseline's figures.
pub struct IdleCost {
    pub secs: f64,
    pub settle_secs: f64,
    pub app: Usage,
    pub baseline: Usage,
}

/// CPU seconds and wake-ups of the app and of the X server over the window.
#[derive(Clone, Copy, Default)]
pub struct Usage {
    pub cpu_s: f64,
    pub switches: u64,
    pub xvfb_cpu_s: f64,
}

impl IdleCost {
    pub fn add_to(&self, t: &mut Table) {
        let what = format!("idle window, 3 accounts, {:.0} s", self.secs);
        let base = "window with no account";
        t.compare(
            &format!("{what}: CPU seconds"),
            self.app.cpu_s,
            base,
            self.baseline.cpu_s,
            "s",
        );
        t.compare(
            &format!("{what}: CPU share"),
            self.app.cpu_s / self.secs * 100.0,
            base,
            self.baseline.cpu_s / self.secs * 100.0,
            "%",
        );
        t.compare(
            &format!("{what}: wake-ups per second"),
            self.app.switches as f64 / self.secs,
            base,
            self.baseline.switches as f64 / self.secs,
            "/s",
        );
        t.compare(
            &format!("{what}: X server CPU seconds"),
            self.app.xvfb_cpu_s,
            base,
            self.baseline.xvfb_cpu_s,
            "s",
        );
        t.absolute(
            "idle window: time until its CPU use settled after start",
            self.settle_secs,
            "s",
        );
    }
}

pub fn run() {
    let n: u64 = std::env::var("TERN_IDLE_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    println!("== idle cost: the window with 3 accounts of {n}");
    let seeded = crate::scale_bench::seed_server(n, 3);
    let accounts = seeded
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| tern::config::AccountConfig {
            name: format!("bench{i}"),
            ..crate::sync_bench::account(&seeded.server, u)
        })
        .collect();
    let (_dir, paths) = tern_home(accounts);
    let (elapsed, _, _) = crate::sync_bench::run_measured(tern_sync(&paths));
    println!("3 accounts synced in {:.1} s", elapsed.as_secs_f64());
    let mut table = Table::new(&format!("Idle cost: the window with 3 accounts of {n} (release)"));
    match measure(&paths) {
        Some(idle) => idle.add_to(&mut table),
        None => table.missing("idle window", "needs Xvfb and xdotool"),
    }
    table.print();
}

fn have_tools() -> bool {
    ["Xvfb", "xdotool"].iter().all(|t| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {t}"))
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The window's home: `xvfb::command` takes the directory holding config/ and data/.
fn window_dir(paths: &Paths) -> &Path {
    paths.config_dir.parent().unwrap_or(Path::new("."))
}

/// Waits (liveness: 60 s) for a window whose title names an inbox ("Inbox", "All
/// inboxes"); the time since `start`.
fn wait_inbox_title(display: &Display, start: Instant) -> Option<f64> {
    while start.elapsed() < Duration::from_secs(60) {
        if !display.xdotool(&["search", "--name", "nbox"]).is_empty() {
            return Some(start.elapsed().as_secs_f64() * 1000.0);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// The release window with this cache: (ms from spawn until an inbox is open in its
/// title, peak RSS MiB three seconds later).
pub fn first_frame(paths: &Paths) -> Option<(f64, f64)> {
    if !have_tools() {
        return None;
    }
    let display = Display::start();
    let start = Instant::now();
    let app = xvfb::launch(&display, window_dir(paths), &[]);
    let open = wait_inbox_title(&display, start)?;
    std::thread::sleep(Duration::from_secs(3));
    let rss = status_kib(app.child.id(), "VmHWM:") as f64 / 1024.0;
    println!("window: inbox open after {open:.0} ms, peak RSS {rss:.0} MiB");
    Some((open, rss))
}

/// The window with `paths`' accounts at rest, against the window with no account.
pub fn measure(paths: &Paths) -> Option<IdleCost> {
    if !have_tools() {
        return None;
    }
    let secs: u64 = std::env::var("TERN_IDLE_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let (settle_secs, app) = at_rest(window_dir(paths), secs)?;
    let (empty_dir, _) = tern_home(Vec::new());
    let (_, baseline) = at_rest(empty_dir.path(), secs)?;
    println!(
        "idle over {secs} s: tern {:.2} CPU s, {} wake-ups, X server {:.2} s; no-account window {:.2} CPU s, {} wake-ups, X server {:.2} s",
        app.cpu_s, app.switches, app.xvfb_cpu_s, baseline.cpu_s, baseline.switches, baseline.xvfb_cpu_s
    );
    Some(IdleCost {
        secs: secs as f64,
        settle_secs,
        app,
        baseline,
    })
}

/// Starts the window in `dir`, waits until it has settled, then measures `secs` of rest.
fn at_rest(dir: &Path, secs: u64) -> Option<(f64, Usage)> {
    let display = Display::start();
    let start = Instant::now();
    let app = xvfb::launch(&display, dir, &[]);
    display.wait_window("Tern");
    let pid = app.child.id();
    let xvfb_pid = display.server_pid();
    // Settled: three seconds in a row with under 2 % of a core (the start-up resync
    // and the first frames are over). Liveness: allow 10 minutes for 3 x 1M.
    let tck = clock_ticks_per_second();
    let mut quiet = 0;
    let mut last = cpu_ticks(pid)?;
    while quiet < 3 && start.elapsed() < Duration::from_secs(600) {
        std::thread::sleep(Duration::from_secs(1));
        let now = cpu_ticks(pid)?;
        quiet = if ((now - last) as f64) < 0.02 * tck {
            quiet + 1
        } else {
            0
        };
        last = now;
    }
    let settle = start.elapsed().as_secs_f64();
    let before = (cpu_ticks(pid)?, switches(pid), cpu_ticks(xvfb_pid)?);
    std::thread::sleep(Duration::from_secs(secs));
    let after = (cpu_ticks(pid)?, switches(pid), cpu_ticks(xvfb_pid)?);
    drop(app);
    Some((
        settle,
        Usage {
            cpu_s: (after.0 - before.0) as f64 / tck,
            switches: after.1.saturating_sub(before.1),
            xvfb_cpu_s: (after.2 - before.2) as f64 / tck,
        },
    ))
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of a process (every thread, ended ones included), in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Voluntary + involuntary context switches over the process's living threads.
fn switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        .map(|t| {
            let status = std::fs::read_to_string(t.path().join("status")).unwrap_or_default();
            ["voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:"]
                .iter()
                .map(|k| field(&status, k))
                .sum::<u64>()
        })
        .sum()
}

fn field(status: &str, key: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn status_kib(pid: u32, key: &str) -> u64 {
    field(
        &std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default(),
        key,
    )
}
