//! The enqueue benchmark: how long `tern flag` takes to durably queue an action (T-22's
//! speed half; the test only checks that it never waits on the server), against
//! `tern accounts` (process start and config load, no database) in the same run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use tern::config::Config;

use crate::support::dovecot::{Dovecot, Options};
use crate::support::seed;
use crate::sync_bench::{account, median};

const RUNS: usize = 41;

fn time_runs(mut make: impl FnMut(usize) -> Command) -> f64 {
    let mut secs = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let mut cmd = make(i);
        let start = Instant::now();
        let status = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run tern");
        secs.push(start.elapsed().as_secs_f64());
        assert!(status.success(), "run {i} failed");
    }
    median(secs)
}

pub fn run() {
    println!("== enqueue benchmark: {RUNS} runs each");
    let server = Dovecot::start(Options::default());
    let user = server.user("enqueue");
    server.seed(&user, "INBOX", seed::messages(3, 0, 20));
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![account(&server, &user)],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("config");
    // The release build; else a `tern` on PATH (e.g. a debug build, for a dry run).
    let release = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tern");
    let exe = if release.exists() { release } else { "tern".into() };
    let tern = |args: &[&str]| {
        let mut c = Command::new(&exe);
        c.args(args)
            .env("TERN_CONFIG_DIR", dir.path())
            .env("TERN_DATA_DIR", dir.path())
            .stdin(Stdio::null());
        c
    };
    assert!(
        tern(&["sync"]).status().map(|s| s.success()).unwrap_or(false),
        "tern sync (build with --release first)"
    );
    let baseline = time_runs(|_| tern(&["accounts"]));
    let enqueue = time_runs(|i| tern(&["flag", "1", if i % 2 == 0 { "--star" } else { "--unstar" }]));
    println!(
        "tern accounts (process start, baseline): median {:.1} ms",
        baseline * 1e3
    );
    println!("tern flag (durably queued): median {:.1} ms", enqueue * 1e3);
    println!(
        "enqueue / baseline: {:.2} (the extra is opening the cache and one fsync'd insert)",
        enqueue / baseline
    );
}
