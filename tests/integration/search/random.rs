//! 200 random queries (seeded) over real corpus mail synced from Dovecot: the store's
//! answer must equal a full scan of the cache (brute.rs), result for result, in order.

use std::path::{Path, PathBuf};

use tern::core::{MessageId, parse_query};
use tern::store::SearchScope;

use super::brute::{self, Cached, plain_word, raw_words};
use super::{fetch_bodies, special_messages, synced};
use crate::support::dovecot::{Dovecot, SeedMessage};
use crate::support::seed::Rng;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every third corpus message a server would deliver (no mbox "From " line, < 200 KB, not
/// the one nested deeper than Tern reads on purpose).
fn corpus_messages() -> Vec<Vec<u8>> {
    let manifest = std::fs::read_to_string(corpus_dir().join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let size: usize = cols.get(1)?.parse().ok()?;
            let tags = cols.get(3)?;
            (size < 200_000 && !tags.contains("mbox-from-line") && !tags.contains("depth=105"))
                .then(|| cols[0].to_string())
        })
        .step_by(3)
        .filter_map(|path| std::fs::read(corpus_dir().join(path)).ok())
        .collect()
}

/// A word of the message (in one of `columns`) as written, usable in a query.
fn word_of(rng: &mut Rng, m: &Cached, columns: &[usize]) -> Option<Vec<String>> {
    let col = *rng.pick(columns);
    let words: Vec<String> = raw_words(&m.raw[col])
        .into_iter()
        .filter(|w| plain_word(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    let i = rng.below(words.len() as u64) as usize;
    Some(words[i..(i + 1 + rng.below(2) as usize).min(words.len())].to_vec())
}

fn day(seconds: i64) -> String {
    let (y, m, d) = tern::core::civil(seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// One random query: 1-3 parts drawn from a random cached message, so most find
/// something, plus operators that narrow them.
fn random_query(rng: &mut Rng, all: &[Cached]) -> String {
    let mut parts = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let m = rng.pick(all);
        let part = match rng.below(10) {
            0..=3 => word_of(rng, m, &[0, 1, 2, 3, 4]).map(|w| {
                // A bare word, sometimes cut short as when typing.
                let w = &w[0];
                let keep = w.chars().count().min(2 + rng.below(8) as usize);
                w.chars().take(keep).collect::<String>()
            }),
            4 => word_of(rng, m, &[0, 3]).map(|w| format!("\"{}\"", w.join(" "))),
            5 => word_of(rng, m, &[1]).map(|w| format!("from:{}", w[0])),
            6 => word_of(rng, m, &[2]).map(|w| format!("to:\"{}\"", w.join(" "))),
            7 => word_of(rng, m, &[0]).map(|w| format!("subject:{}", w[0])),
            8 => Some(
                rng.pick(&[
                    "is:unread",
                    "is:starred",
                    "has:attachment",
                    "in:inbox",
                    "in:Archive",
                    "in:sent",
                ])
                .to_string(),
            ),
            _ => Some(format!(
                "{}:{}",
                rng.pick(&["before", "after"]),
                day(rng.pick(all).date)
            )),
        };
        parts.extend(part);
    }
    parts.join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_queries_agree_with_a_full_scan_of_the_cache() {
    let server = Dovecot::shared();
    let user = server.user("searchrandom");
    let mut rng = Rng::new(0x5EA2C4);
    let corpus = corpus_messages();
    assert!(corpus.len() > 300, "corpus sample: {}", corpus.len());
    let mut seeded = [Vec::new(), Vec::new()];
    for (i, raw) in corpus.into_iter().enumerate() {
        let flags = match rng.below(10) {
            0..=5 => "S",
            6 => "FS",
            7 => "F",
            _ => "",
        };
        seeded[i % 3 / 2].push(SeedMessage {
            raw,
            maildir_flags: flags.into(),
            // 2015 to 2024.
            date: 1_420_000_000 + rng.below(300_000_000) as i64,
        });
    }
    let [inbox, archive] = seeded;
    server.seed(&user, "INBOX", inbox);
    server.seed(&user, "Archive", archive);
    for (folder, m) in special_messages() {
        server.seed(&user, folder, [m]);
    }
    let (acct, mut cache) = synced(server, &user).await;
    // Half the bodies fetched: their text is searchable, the rest only by headers.
    let everything = parse_query("").expect("empty query");
    let ids = cache
        .store
        .search_ids(&everything, SearchScope::default(), None)
        .expect("all");
    let fetch: Vec<MessageId> = ids.iter().copied().filter(|id| id.0 % 2 == 0).collect();
    fetch_bodies(&acct, &mut cache, &fetch).await;
    cache.store.index_all_pending().expect("index");

    let all = brute::load(&cache.path());
    assert_eq!(all.len(), ids.len());
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    let scopes = [
        SearchScope::default(),
        SearchScope {
            account: Some(cache.id),
            folder: None,
        },
        SearchScope {
            account: None,
            folder: Some(inbox.id),
        },
    ];
    let (mut found_some, mut mismatches) = (0, Vec::new());
    for _ in 0..200 {
        let query = random_query(&mut rng, &all);
        let scope = *rng.pick(&scopes);
        let parsed = parse_query(&query).unwrap_or_else(|e| panic!("{query}: {}", e.message));
        let got = cache.store.search_ids(&parsed, scope, None).expect("search");
        let want = brute::search(&all, &parsed, scope);
        if !got.is_empty() {
            found_some += 1;
        }
        if got != want {
            mismatches.push(format!(
                "{query:?} {scope:?}: store {} vs scan {}",
                got.len(),
                want.len()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // The queries must exercise both outcomes.
    assert!(
        (60..200).contains(&found_some),
        "{found_some} of 200 found something"
    );
}
