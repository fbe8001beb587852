//! Unified views at 3 x 100k (issue 11 item 3): `cargo bench --bench bench -- unified`.
//!
//! A cache with three accounts of 100,000 INBOX messages each (a third unread, one in
//! 97 starred), written through `Store::store_window` (no server). Median of 20 reads
//! on a read-only connection: one folder's first 100-row page (`list_page`, the
//! baseline) against "All inboxes", "Unread" and "Starred" first pages
//! (`unified_page`), a deep "All inboxes" page (from the key of row 150,000, as the
//! list has it while scrolling) and the views' counts. Figures and ratios only.

use std::time::{Duration, Instant};

use crate::cached;
use tern::core::{AccountId, NewMessage};
use tern::store::{Seek, Store, UnifiedSeek, UnifiedView};

const PER_ACCOUNT: u32 = 100_000;
const WINDOW: u32 = 100;

pub fn run() {
    println!("unified: building a cache with 3 x {PER_ACCOUNT} messages...");
    let dir = tempfile::Builder::new()
        .prefix("tern-unified-bench-")
        .tempdir()
        .expect("tempdir");
    let path = dir.path().join("cache.sqlite3");
    let accounts = build(&path);
    let store = Store::open_reader(&path).expect("reader");
    let inbox = store
        .find_folder(accounts[0], "INBOX")
        .expect("query")
        .expect("inbox")
        .id;

    println!("\n== first {WINDOW}-row page (median of 20) ==");
    let one = median(|| store.list_page(inbox, Seek::Top, 0, WINDOW).expect("rows").len());
    println!("  one folder (baseline):   {:>8.3} ms", ms(one));
    let mut first = Vec::new();
    for view in UnifiedView::ALL {
        let t = median(|| {
            store
                .unified_page(&accounts, view, UnifiedSeek::Top, 0, WINDOW)
                .expect("rows")
                .len()
        });
        println!(
            "  {:<24} {:>8.3} ms   x{:.2} of one folder",
            format!("{view:?}:"),
            ms(t),
            ratio(t, one)
        );
        first.push(t);
    }
    // Row 150,000 of 300,000: the key of the row above, as a scrolling list has it.
    let mut key = None;
    let mut seek = UnifiedSeek::Top;
    let mut seen = 0;
    while seen < 150_000 {
        let page = store
            .unified_page(&accounts, UnifiedView::AllInboxes, seek, 0, 5_000)
            .expect("rows");
        seen += page.len();
        key = page.last().map(|r| r.key());
        seek = UnifiedSeek::After(key.expect("rows"));
    }
    let deep = median(|| {
        store
            .unified_page(
                &accounts,
                UnifiedView::AllInboxes,
                UnifiedSeek::After(key.expect("key")),
                0,
                WINDOW,
            )
            .expect("rows")
            .len()
    });
    println!(
        "  AllInboxes at row 150,000: {:>6.3} ms   x{:.2} of its first page",
        ms(deep),
        ratio(deep, first[0])
    );
    let counts = median(|| {
        store
            .unified_counts(&accounts)
            .map(|c| c.inbox_total as usize)
            .expect("counts")
    });
    println!("  counts of all three views: {:>6.3} ms", ms(counts));
}

/// Three accounts, each with `PER_ACCOUNT` INBOX messages interleaved in time.
fn build(path: &std::path::Path) -> Vec<AccountId> {
    let mut store = Store::open(path).expect("store");
    let mut accounts = Vec::new();
    for a in 0..3u32 {
        let rows: Vec<NewMessage> = (1..=PER_ACCOUNT)
            .map(|uid| NewMessage {
                uid,
                modseq: 1,
                flags: u32::from(!uid.is_multiple_of(3)) | if uid.is_multiple_of(97) { 4 } else { 0 },
                internal_date: 1_500_000_000 + i64::from(uid) * 300 + i64::from(a) * 100,
                size: 4000,
                subject: format!("Benchmark message {a}/{uid}"),
                from_name: format!("Sender {}", uid % 211),
                from_addr: format!("sender{}@example.org", uid % 211),
                message_id: format!("<{a}.{uid}@bench.tern.test>"),
                ..NewMessage::default()
            })
            .collect();
        let name = format!("bench{a}");
        let (id, _) = cached::inbox(&mut store, &name, &format!("{name}@example.org"), &rows);
        accounts.push(id);
    }
    accounts
}

fn median(mut f: impl FnMut() -> usize) -> Duration {
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            assert!(f() > 0, "the page has rows");
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
