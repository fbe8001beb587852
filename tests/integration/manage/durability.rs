//! T-22: an action acknowledged by the CLI ("queued") survives a kill -9 that follows
//! at once, 100 times out of 100, and `tern sync` then applies all of them in order.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tern::config::Config;
use tern::core::Flags;
use tern::store::Store;

use super::{has, server_flags, setup};
use crate::support::dovecot::Dovecot;
use crate::support::seed;

fn tern(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tern"));
    c.env("TERN_CONFIG_DIR", dir)
        .env("TERN_DATA_DIR", dir)
        .stdin(Stdio::null());
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acknowledged_action_survives_kill_9_every_time() {
    let server = Dovecot::shared();
    let s = setup(server, "t22", 950, 3, 0).await;
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![s.acct.clone()],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("config");
    let out = tern(dir.path()).arg("sync").output().expect("tern sync");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = dir.path().join("cache.sqlite3");
    let mid = seed::message_id(950, 0);
    let (message, account) = {
        let store = Store::open(&db).expect("open");
        let account = store.account_id(&s.acct.name).expect("q").expect("account");
        let inbox = store.find_folder(account, "INBOX").expect("q").expect("inbox");
        let m = store
            .list_messages(inbox.id, 0, 100)
            .expect("list")
            .into_iter()
            .find(|m| format!("<{}>", m.message_id) == mid)
            .expect("cached");
        (m.id, account)
    };

    let mut took = Vec::new();
    for i in 0..100u32 {
        let flag = if i % 2 == 1 { "--star" } else { "--unstar" };
        let started = Instant::now();
        let mut child = tern(dir.path())
            .args(["flag", &message.0.to_string(), flag])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn tern flag");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read");
        // Acknowledged: kill -9 at once.
        let _ = child.kill();
        let status = child.wait().expect("wait");
        took.push(started.elapsed());
        if line.trim() != "queued" {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            panic!("run {i}: printed {line:?} ({status:?}): {err}");
        }
        let store = Store::open(&db).expect("reopen after kill");
        assert_eq!(
            store.pending_count(account).expect("count"),
            i + 1,
            "run {i}: acknowledged action lost"
        );
    }
    took.sort();
    println!(
        "tern flag until killed: median {:?}, max {:?}",
        took[50], took[99]
    );
    // Liveness: the enqueue path never waits for the server (normally ~0.1 s per run,
    // mostly process start; 10 s is far over 10x). Its speed is the `enqueue` benchmark.
    assert!(
        took[50] < Duration::from_secs(10),
        "the enqueue path waited on something: median {:?}",
        took[50]
    );

    let out = tern(dir.path()).arg("sync").output().expect("tern sync");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&db).expect("open");
    assert_eq!(store.pending_count(account).expect("count"), 0, "all 100 applied");
    assert!(
        has(server_flags(server, &s.user, "INBOX", &mid), Flags::FLAGGED),
        "the last one (star) wins"
    );
    let pending = tern(dir.path())
        .args(["pending", "--json"])
        .output()
        .expect("tern pending");
    let v: serde_json::Value = serde_json::from_slice(&pending.stdout).expect("json");
    assert_eq!(v[0]["pending"], 0);
}
