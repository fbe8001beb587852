//! `cargo bench --bench bench -- search`: the search grammar over 100,000 cached messages
//! (TERN_BENCH_MESSAGES overrides), 10 % with fetched text: median and p95 over 50
//! queries of every kind (words, prefixes, phrases, operators, CJK), each timed as the
//! window runs it (all matching ids, then the rows of the first screen). Baseline in the
//! same run: the first screen of the folder itself. Figures and ratios, no verdict.

use std::time::{Duration, Instant};

use crate::cached;
use tern::core::{MessageId, NewMessage, parse_query};
use tern::store::{SearchScope, Store};

const NOW: i64 = 1_800_000_000;
const WORDS: [&str; 16] = [
    "invoice",
    "meeting",
    "lunch",
    "report",
    "Jürgen",
    "Größe",
    "東京",
    "会議",
    "budget",
    "travel",
    "offsite",
    "quarterly",
    "review",
    "naïve",
    "Zoë",
    "release",
];

fn row(uid: u32) -> NewMessage {
    let w = |k: u32| WORDS[(uid.wrapping_mul(2_654_435_761).rotate_left(k) % WORDS.len() as u32) as usize];
    NewMessage {
        uid,
        modseq: 1,
        flags: if uid.is_multiple_of(4) { 0 } else { 1 } | if uid.is_multiple_of(17) { 4 } else { 0 },
        internal_date: NOW - i64::from(uid) * 300,
        sent_date: NOW - i64::from(uid) * 300,
        subject: format!("{} {} {uid}", w(3), w(11)),
        from_name: format!("Sender {} {}", uid % 997, w(7)),
        from_addr: format!("sender{}@example.org", uid % 997),
        recipients: format!("Colleague {} <colleague{}@example.net>", uid % 53, uid % 53),
        message_id: format!("<{uid}@bench.tern.test>"),
        has_attachments: uid.is_multiple_of(5),
        ..NewMessage::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn run() {
    let n: u32 = std::env::var("TERN_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("cache.sqlite3")).expect("store");
    let t = Instant::now();
    let rows: Vec<NewMessage> = (1..=n).map(row).collect();
    let (_, folder) = cached::inbox(&mut store, "bench", "me@example.org", &rows);
    let stored = t.elapsed();
    let t = Instant::now();
    store.index_all_pending().expect("index");
    let indexed = t.elapsed();
    for i in (1..=i64::from(n)).step_by(10) {
        let text = format!(
            "Body of {i}: the {} figures before the {} deadline.",
            WORDS[i as usize % 16],
            WORDS[(i as usize / 3) % 16]
        );
        store.store_body(MessageId(i), b"x", &text, "").expect("body");
    }
    println!(
        "search: {n} messages cached in {:.1} s, indexed in {:.1} s",
        stored.as_secs_f64(),
        indexed.as_secs_f64()
    );

    let kinds = [
        "invoice",
        "meet",
        "jurgen",
        "\"quarterly review\"",
        "東京",
        "from:sender42",
        "to:colleague7",
        "subject:budget is:unread",
        "has:attachment travel",
        "is:starred",
        "in:inbox lunch",
        "after:2026-12-01 report",
        "before:2026-06-01 release",
        "figures deadline",
        "naive zoe",
    ];
    let queries: Vec<String> = (0..50).map(|i| kinds[i % kinds.len()].to_string()).collect();
    let mut times = Vec::new();
    let mut found = 0usize;
    for q in &queries {
        let parsed = parse_query(q).expect("query");
        let t = Instant::now();
        let ids = store
            .search_ids(&parsed, SearchScope::default(), Some(20_000))
            .expect("search");
        let page = store.search_hits(&ids[..ids.len().min(50)]).expect("hits");
        times.push(t.elapsed());
        found += ids.len();
        assert!(page.len() <= 50);
    }
    let mut base = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        store.list_messages(folder, 0, 50).expect("list");
        base.push(t.elapsed());
    }
    times.sort();
    base.sort();
    let (median, p95) = (times[times.len() / 2], times[times.len() * 95 / 100]);
    let base_median = base[base.len() / 2];
    println!(
        "search: 50 queries over {n}: median {:.2} ms, p95 {:.2} ms (goal: median < 50 ms); {:.0} results per query on average",
        ms(median),
        ms(p95),
        found as f64 / 50.0
    );
    println!(
        "search: baseline first screen of the folder {:.2} ms; search median is {:.1}x that",
        ms(base_median),
        ms(median) / ms(base_median).max(1e-6)
    );
    merge_figures();
}

/// The window merges a server's answer into the listed results on the UI thread: the
/// largest case is a full local page (20,000) and the server's cap per folder (5,000).
fn merge_figures() {
    use tern::core::AccountId;
    use tern::store::Found;
    use tern::ui::screen::mailbox::search::Results;
    let local: Vec<Found> = (0..20_000i64)
        .map(|i| Found {
            id: MessageId(1_000_000 - i),
            account: AccountId(1),
            date: 2_000_000_000 - i * 60,
        })
        .collect();
    let answer: Vec<(MessageId, i64)> = (0..5_000i64)
        .map(|i| (MessageId(2_000_000 + i), 2_000_000_000 - i * 240 - 30))
        .collect();
    let mut times = Vec::new();
    for _ in 0..20 {
        let mut results = Results::new(local.clone());
        let t = Instant::now();
        let added = results.merge(AccountId(2), &answer);
        times.push(t.elapsed());
        assert_eq!(added, answer.len());
    }
    times.sort();
    println!(
        "search: merging a server answer of 5,000 into 20,000 listed results: median {:.2} ms (UI thread)",
        ms(times[times.len() / 2])
    );
}
