//! The attachment benchmark (issue: lazy bodies): saving a 100 MiB attachment with
//! `tern save` against a raw partial-fetch loop over the same part, same server, same
//! run. Prints throughput, the ratio (target >= 0.85) and the saving process's peak RSS
//! against the same command saving a few bytes.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use base64::Engine as _;
use tern::config::{Config, KeyringStore};
use tern::engine::{Tuning, open_connection};

use crate::support::dovecot::{Dovecot, Options, SeedMessage};
use crate::support::seed::Rng;
use crate::sync_bench::{account, median, run_measured};

fn message_with(data: &[u8]) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let mut m = String::with_capacity(b64.len() + b64.len() / 38 + 512);
    m.push_str(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbig file\r\n\
         --b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=\"big.bin\"\r\n\r\n",
    );
    for line in b64.as_bytes().chunks(76) {
        m.push_str(std::str::from_utf8(line).unwrap_or(""));
        m.push_str("\r\n");
    }
    m.push_str("--b--\r\n");
    m.into_bytes()
}

pub fn run() {
    let mib: usize = std::env::var("TERN_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    println!("== attachment benchmark: {mib} MiB attachment (base64 on the server)");
    let server = Dovecot::start(Options::default());
    let user = server.user("save");
    let data = Rng::new(5).bytes(mib << 20);
    server.seed(
        &user,
        "INBOX",
        [SeedMessage {
            raw: message_with(&data),
            maildir_flags: String::new(),
            date: 1_700_000_000,
        }],
    );
    let acct = account(&server, &user);
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![acct.clone()],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("config");
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/tern");
    let tern = |args: &[&str]| {
        let mut c = Command::new(&exe);
        c.args(args)
            .env("TERN_CONFIG_DIR", dir.path())
            .env("TERN_DATA_DIR", dir.path());
        c
    };
    assert!(
        tern(&["sync"]).status().map(|s| s.success()).unwrap_or(false),
        "tern sync (build with --release first)"
    );
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let encoded = rt.block_on(async {
        let mut conn = open_connection(&acct, &KeyringStore, &Tuning::default().timeouts)
            .await
            .expect("connect");
        conn.select("INBOX").await.expect("select");
        conn
    });
    let mut conn = encoded;
    // The RSS baseline: the same command saving the message's few-byte text part.
    let small = dir.path().join("small");
    std::fs::create_dir(&small).expect("mkdir");
    let (_, base_rss, _) = run_measured(tern(&[
        "save",
        "1",
        "--part",
        "1",
        "--to",
        small.to_str().unwrap_or("."),
    ]));
    let mut raw_secs = Vec::new();
    let mut tern_secs = Vec::new();
    let mut peak = 0;
    // The machine is shared and noisy: the medians of several rounds.
    let rounds: usize = std::env::var("TERN_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    for round in 0..rounds {
        // Raw: the same partial fetches, bytes discarded, no decoding, no disk.
        let start = Instant::now();
        let mut offset = 0u64;
        loop {
            let chunk = rt
                .block_on(conn.fetch_partial(1, "2", offset, tern::imap::CHUNK))
                .expect("partial fetch");
            offset += chunk.len() as u64;
            if chunk.len() < tern::imap::CHUNK as usize {
                break;
            }
        }
        raw_secs.push(start.elapsed().as_secs_f64());
        let out = dir.path().join(format!("out{round}"));
        std::fs::create_dir(&out).expect("mkdir");
        let (elapsed, hwm, _) = run_measured(tern(&[
            "save",
            "1",
            "--part",
            "2",
            "--to",
            out.to_str().unwrap_or("."),
        ]));
        tern_secs.push(elapsed.as_secs_f64());
        peak = peak.max(hwm);
        println!(
            "round {round}: raw {:.2} s ({} MiB encoded), tern save {:.2} s, peak RSS {} MiB",
            raw_secs[round],
            offset >> 20,
            elapsed.as_secs_f64(),
            hwm / 1024
        );
    }
    // Each round's raw loop and save run back to back: their ratio cancels most of what
    // other work on the machine does to both (a second view of the same figure).
    let per_round = median(raw_secs.iter().zip(&tern_secs).map(|(r, t)| r / t).collect());
    let (raw, t) = (median(raw_secs), median(tern_secs));
    let mb = (mib << 20) as f64 / 1e6;
    println!("--");
    println!("raw partial-fetch loop: {:.0} MB/s of attachment", mb / raw);
    println!(
        "tern save: {:.0} MB/s (process start, login, fetch, decode, write, fsync)",
        mb / t
    );
    println!("throughput ratio tern/raw: {:.2} (target >= 0.8)", raw / t);
    println!(
        "peak RSS of tern save: {} MiB (target: growth < 64 MiB)",
        peak / 1024
    );
    println!();
    println!("| figure | tern | baseline | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| save {mib} MiB attachment, MB/s (target ratio >= 0.85) | {:.0} | {:.0} (raw partial-fetch loop) | {:.2} |",
        mb / t,
        mb / raw,
        raw / t
    );
    println!("| save ratio, median of per-round ratios | | | {per_round:.2} |");
    println!(
        "| peak RSS of tern save, MiB (target growth < 64) | {} | {} (saving a few bytes) | +{} MiB |",
        peak / 1024,
        base_rss / 1024,
        peak.saturating_sub(base_rss) / 1024
    );
    rt.block_on(conn.logout());
}
