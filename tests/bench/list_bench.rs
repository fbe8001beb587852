//! The message list at 100k (issue 15 item 6): `cargo bench --bench bench -- list`.
//!
//! A cache with a 100,000-message INBOX written through `Store::store_window` (no
//! server). Measured on a read-only connection, median of 20 reads of one 100-row
//! window: OFFSET paging (`list_messages`) against keyset paging (`list_page` from the
//! key of the row above, as the list does while scrolling, and from the bottom, as the
//! End key does), at row 0, 50,000 and 99,900; then conversation rows the same way.
//! Figures and ratios only, no pass/fail.

use std::time::{Duration, Instant};

use crate::cached;
use tern::core::{FolderId, NewMessage};
use tern::store::{ListKey, Seek, Store};

const BIG: u32 = 100_000;
const WINDOW: u32 = 100;

pub fn run() {
    println!("list: building a cache with {BIG} messages...");
    let dir = tempfile::Builder::new()
        .prefix("tern-list-bench-")
        .tempdir()
        .expect("tempdir");
    let path = dir.path().join("cache.sqlite3");
    let folder = build(&path, BIG);
    let store = Store::open_reader(&path).expect("reader");

    println!("\n== one {WINDOW}-row window of the list (median of 20) ==");
    let rows = [0, 50_000, BIG - WINDOW];
    let mut offset_times = Vec::new();
    let mut keyset_times = Vec::new();
    for &row in &rows {
        let by_offset = median(20, || {
            store.list_messages(folder, row, WINDOW).expect("rows").len()
        });
        // The key of the row just above the window, as a scrolling list has it in memory.
        let seek = if row == 0 {
            Seek::Top
        } else {
            let above = store.list_messages(folder, row - 1, 1).expect("row");
            Seek::After(ListKey::from(&above[0]))
        };
        let by_key = median(20, || {
            store.list_page(folder, seek, 0, WINDOW).expect("rows").len()
        });
        println!(
            "  row {row:>6}: OFFSET {:>7.3} ms   keyset {:>7.3} ms",
            ms(by_offset),
            ms(by_key)
        );
        offset_times.push(by_offset);
        keyset_times.push(by_key);
    }
    let bottom = median(20, || {
        store
            .list_page(folder, Seek::Bottom, 0, WINDOW)
            .expect("rows")
            .len()
    });
    println!("  End key (keyset from the bottom): {:>7.3} ms", ms(bottom));
    println!(
        "  keyset row 99,900 / row 0: {:.2}   (OFFSET row 99,900 / row 0: {:.2}; keyset vs OFFSET at row 99,900: {:.3})",
        ratio(keyset_times[2], keyset_times[0]),
        ratio(offset_times[2], offset_times[0]),
        ratio(keyset_times[2], offset_times[2]),
    );
    conversation_rows(&store, folder);
}

/// Conversation rows (issue 11 item 2) over the same folder, where every message is a
/// conversation of its own (the worst case for the per-row lookup by thread): a
/// window from the key above it at row 0 and 99,900, and the folder's row count.
fn conversation_rows(store: &Store, folder: FolderId) {
    println!("\n== one {WINDOW}-row window of conversation rows (median of 20) ==");
    let mut times = Vec::new();
    for row in [0, BIG - WINDOW] {
        let seek = if row == 0 {
            Seek::Top
        } else {
            let above = store
                .conversation_page(folder, Seek::Top, row - 1, 1)
                .expect("row");
            Seek::After(ListKey::from(&above[0].newest))
        };
        let t = median(20, || {
            store
                .conversation_page(folder, seek, 0, WINDOW)
                .expect("rows")
                .len()
        });
        println!("  row {row:>6}: keyset {:>7.3} ms", ms(t));
        times.push(t);
    }
    let count = median(5, || store.conversation_count(folder).expect("count") as usize);
    println!("  number of rows (read with each refresh): {:>7.3} ms", ms(count));
    println!(
        "  conversation rows: row 99,900 / row 0: {:.2}",
        ratio(times[1], times[0])
    );
}

/// A cache with one account and `n` messages in its INBOX; returns the folder.
pub fn build(path: &std::path::Path, n: u32) -> FolderId {
    let mut store = Store::open(path).expect("store");
    let rows: Vec<NewMessage> = (1..=n)
        .map(|uid| NewMessage {
            uid,
            modseq: 1,
            flags: u32::from(!uid.is_multiple_of(3)),
            internal_date: 1_500_000_000 + i64::from(uid) * 300,
            sent_date: 1_500_000_000 + i64::from(uid) * 300,
            size: 4000,
            subject: format!("Benchmark message number {uid}"),
            from_name: format!("Sender {}", uid % 211),
            from_addr: format!("sender{}@example.org", uid % 211),
            recipients: "bench@example.org".into(),
            message_id: format!("<{uid}@bench.tern.test>"),
            ..NewMessage::default()
        })
        .collect();
    cached::inbox(&mut store, "bench", "bench@example.org", &rows).1
}

fn median(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            assert!(f() > 0, "the window has rows");
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}
