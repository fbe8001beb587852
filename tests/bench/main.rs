//! Benchmarks a person runs: `cargo bench --bench bench -- sync`. Each prints figures
//! and ratios against a baseline measured in the same run on the same server (these
//! machines are shared and noisy), never a pass/fail on time.
//!
//! `sync`: a harness Dovecot with N messages in INBOX (TERN_BENCH_MESSAGES, default
//! 100,000): the raw protocol limit, `tern sync` from empty (P1), newest 50 visible (P2),
//! no-change resync (P3) against mbsync when installed, IDLE latency (P7), peak RSS.
//! `send`: `tern send` with a 20 MiB attachment against Python's smtplib (same bytes).
//! `enqueue`: `tern flag` (a durably queued action) against `tern accounts`.
//! `compose`: address completion over 1k and 100k cached messages.
//! `search`: the search grammar over 100k cached messages, median and p95 of 50 queries.
//! `images`: body ready -> first frame with 10 inline images, and peak RSS.
//! `threads`: `tern sync` from empty with threading on vs off (TERN_THREADING=off).
//! `idle`: P7 alone (INBOX of TERN_BENCH_MESSAGES, default 200), with the server's own delay as its baseline.
//! `list`: one list window at row 0 vs 99,900 of 100k, OFFSET against keyset paging, and conversation rows.
//! `unified`: All inboxes, Unread and Starred first pages over 3 x 100k vs one folder.
//! `scale` (not in the default run): 10k/100k (TERN_SCALE_SIZES) in one INBOX, and 3
//! accounts of 100k at once: first sync, resync, RSS, cache per message, search, window.
//! `idle-cost` (not in the default run): the window with 3 synced accounts at rest, CPU
//! seconds and wake-ups over 60 s against the window with no account.
//! `serve` (not in the default run): seeds the sync benchmark's INBOX and keeps the
//! server up with an accounts.toml in TERN_BENCH_SERVE_DIR, so a person can profile
//! `tern sync` by hand (`perf record`); ends when standard input closes.

#[path = "../support/mod.rs"]
mod support;

mod cached;
mod compose_bench;
mod enqueue_bench;
mod idle_cost_bench;
mod images_bench;
mod list_bench;
mod reader_bench;
mod save_bench;
mod scale_bench;
mod search_bench;
mod send_bench;
mod sync_bench;
mod table;
mod ui_bench;
mod unified_bench;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let all = args.is_empty();
    if all || args.iter().any(|a| a == "sync") {
        sync_bench::run();
    }
    if args.iter().any(|a| a == "idle") {
        sync_bench::idle_only();
    }
    if all || args.iter().any(|a| a == "save") {
        save_bench::run();
    }
    if all || args.iter().any(|a| a == "enqueue") {
        enqueue_bench::run();
    }
    if all || args.iter().any(|a| a == "reader") {
        reader_bench::run();
    }
    if all || args.iter().any(|a| a == "ui") {
        ui_bench::run();
    }
    if all || args.iter().any(|a| a == "send") {
        send_bench::run();
    }
    if all || args.iter().any(|a| a == "compose") {
        compose_bench::run();
    }
    if all || args.iter().any(|a| a == "search") {
        search_bench::run();
    }
    if all || args.iter().any(|a| a == "images") {
        images_bench::run();
    }
    if all || args.iter().any(|a| a == "threads") {
        sync_bench::threading_on_off();
    }
    if all || args.iter().any(|a| a == "list") {
        list_bench::run();
    }
    if all || args.iter().any(|a| a == "unified") {
        unified_bench::run();
    }
    // Long (seeds 100,000s of messages): only when asked for.
    if args.iter().any(|a| a == "scale") {
        scale_bench::run();
    }
    if args.iter().any(|a| a == "idle-cost") {
        idle_cost_bench::run();
    }
    if args.iter().any(|a| a == "serve") {
        sync_bench::serve();
    }
}
