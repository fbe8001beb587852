//! `cargo bench --bench bench -- compose`: address completion over 1,000 and 100,000
//! cached messages (the composer runs it on the blocking pool at every keystroke in an
//! address field), and saving a draft to the user database (synchronous=FULL; the
//! composer does it about once a second while typing). Figures and ratios, no verdict.

use std::time::{Duration, Instant};

use crate::cached;
use tern::core::{Draft, NewMessage};
use tern::store::Store;

const BIG: u32 = 100_000;
const SMALL: u32 = 1_000;
const NOW: i64 = 1_800_000_000;

fn row(uid: u32) -> NewMessage {
    NewMessage {
        uid,
        modseq: 1,
        internal_date: NOW - i64::from(uid) * 300,
        sent_date: NOW - i64::from(uid) * 300,
        subject: format!("Message {uid}"),
        from_name: format!("Sender {}", uid % 997),
        from_addr: format!("sender{}@example.org", uid % 997),
        recipients: format!(
            "Me <me@example.org>, Colleague {} <colleague{}@example.net>",
            uid % 53,
            uid % 53
        ),
        message_id: format!("<{uid}@bench.tern.test>"),
        ..NewMessage::default()
    }
}

fn cache(n: u32) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("cache.sqlite3")).expect("store");
    let rows: Vec<NewMessage> = (1..=n).map(row).collect();
    cached::inbox(&mut store, "bench", "me@example.org", &rows);
    (dir, store)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn complete(store: &Store, prefix: &str) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..9 {
        let t = Instant::now();
        found = store.complete_address(prefix, 6, NOW).expect("complete").len();
        times.push(t.elapsed());
    }
    (median(times), found)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn run() {
    println!("compose: building caches ({SMALL} and {BIG} messages)...");
    let (_a, small) = cache(SMALL);
    let (_b, big) = cache(BIG);
    println!("\n== address completion (6 best, median of 9; blocking pool, not the UI thread) ==");
    for prefix in ["se", "sender12", "coll", "zz"] {
        let (s, _) = complete(&small, prefix);
        let (b, found) = complete(&big, prefix);
        println!(
            "  {prefix:>9}: {SMALL} msgs {:>7.2} ms, {BIG} msgs {:>7.2} ms (ratio {:.1}; {found} shown)",
            ms(s),
            ms(b),
            b.as_secs_f64() / s.as_secs_f64().max(1e-9)
        );
    }

    println!("\n== saving a draft (user database, synchronous=FULL; median of 20) ==");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cache.sqlite3");
    let mut draft = Draft {
        account: "bench".into(),
        to: vec!["Ann <ann@example.org>".into()],
        subject: "A draft".into(),
        body: "Some text. ".repeat(400),
        ..Draft::default()
    };
    let mut times = Vec::new();
    for i in 0..20 {
        draft.body.push_str(&i.to_string());
        let t = Instant::now();
        draft.id = Some(tern::engine::drafts::save_draft(&path, &draft).expect("save"));
        times.push(t.elapsed());
    }
    println!(
        "  4 KB draft, open + write + fsync: {:>7.2} ms",
        ms(median(times))
    );
}
