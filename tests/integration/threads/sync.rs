//! Threads stored while syncing from the real Dovecot: a reply in Sent joins its thread
//! in INBOX, generated threads split over two folders come out as an independent
//! union-find over their headers says, and `tern thread ID` shows a conversation.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use tern::config::{Config, Security};
use tern::core::MessageId;
use tern::engine::SyncOptions;
use tern::store::Store;

use crate::support::dovecot::{Dovecot, SeedMessage};
use crate::support::seed;
use crate::sync::{Cache, account, sync_once};

fn corpus(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/messages")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn seeded(raw: Vec<u8>, date: i64) -> SeedMessage {
    SeedMessage {
        raw,
        maildir_flags: String::new(),
        date,
    }
}

/// RFC 2822's example thread: the first message and Mary's reply arrive in John's
/// INBOX, John's answer to her sits in his Sent folder.
const HELLO: &str = "ruby-mail/rfc2822__example08.eml";
const MARY: &str = "ruby-mail/rfc2822__example06.eml";
const JOHN: &str = "ruby-mail/rfc2822__example07.eml";
const K9_START: &str =
    "thunderbird-android-k9/backend__demo__src__main__resources__mailbox__inbox__03-thread-1.eml";
const K9_REPLY: &str =
    "thunderbird-android-k9/backend__demo__src__main__resources__mailbox__inbox__04-thread-2.eml";

/// (Message-ID, [named ids]) of a raw message: the test's own header reading.
fn header_ids(raw: &[u8]) -> (String, Vec<String>) {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let head = head.split("\n\n").next().unwrap_or("");
    let mut own = String::new();
    let mut named = Vec::new();
    for line in head.lines() {
        let lower = line.to_ascii_lowercase();
        let ids = || {
            line.split(['<', '>'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, s)| s.to_string())
                .collect::<Vec<_>>()
        };
        if lower.starts_with("message-id:") {
            own = ids().into_iter().next().unwrap_or_default();
        } else if lower.starts_with("in-reply-to:") || lower.starts_with("references:") {
            named.extend(ids());
        }
    }
    (own, named)
}

/// Groups of Message-IDs that name each other (union-find), as sets.
fn expected_groups(raws: &[Vec<u8>]) -> BTreeSet<BTreeSet<String>> {
    let mut parent: HashMap<String, String> = HashMap::new();
    fn root(parent: &mut HashMap<String, String>, x: &str) -> String {
        let mut r = x.to_string();
        while let Some(p) = parent.get(&r).filter(|p| **p != r) {
            r = p.clone();
        }
        r
    }
    for raw in raws {
        let (own, named) = header_ids(raw);
        parent.entry(own.clone()).or_insert_with(|| own.clone());
        for n in named {
            parent.entry(n.clone()).or_insert_with(|| n.clone());
            let (a, b) = (root(&mut parent, &own), root(&mut parent, &n));
            parent.insert(a, b);
        }
    }
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for raw in raws {
        let (own, _) = header_ids(raw);
        groups.entry(root(&mut parent, &own)).or_default().insert(own);
    }
    groups.into_values().collect()
}

/// The cache's grouping of the given folders' messages by thread, as Message-ID sets.
fn cached_groups(
    store: &Store,
    account: tern::core::AccountId,
    folders: &[&str],
) -> BTreeSet<BTreeSet<String>> {
    let mut groups: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for folder in folders {
        let f = store
            .find_folder(account, folder)
            .expect("query")
            .expect("folder");
        for m in store.list_messages(f.id, 0, u32::MAX).expect("list") {
            let thread = store.thread_of(m.id).expect("query").expect("row");
            assert_ne!(thread, 0, "message {} threaded", m.message_id);
            groups.entry(thread).or_default().insert(m.message_id);
        }
    }
    groups.into_values().collect()
}

fn find(store: &Store, account: tern::core::AccountId, folder: &str, message_id: &str) -> MessageId {
    let f = store
        .find_folder(account, folder)
        .expect("query")
        .expect("folder");
    store
        .list_messages(f.id, 0, u32::MAX)
        .expect("list")
        .into_iter()
        .find(|m| m.message_id == message_id)
        .unwrap_or_else(|| panic!("{message_id} in {folder}"))
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_in_sent_joins_its_thread_and_generated_threads_match_their_headers() {
    let server = Dovecot::shared();
    let user = server.user("threads");
    let inbox_corpus = [HELLO, MARY, K9_START, K9_REPLY];
    server.seed(
        &user,
        "INBOX",
        inbox_corpus
            .iter()
            .enumerate()
            .map(|(i, n)| seeded(corpus(n), 880_000_000 + i as i64 * 60)),
    );
    server.seed(&user, "Sent", [seeded(corpus(JOHN), 880_010_000)]);
    // 400 generated messages (a third are replies), even ones in INBOX, odd in Sent.
    let generated: Vec<SeedMessage> = seed::messages(77, 0, 400).collect();
    let raws: Vec<Vec<u8>> = generated.iter().map(|m| m.raw.clone()).collect();
    let (even, odd): (Vec<_>, Vec<_>) = generated.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    server.seed(&user, "INBOX", even.into_iter().map(|(_, m)| m));
    server.seed(&user, "Sent", odd.into_iter().map(|(_, m)| m));

    let acct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&acct);
    let opts = SyncOptions {
        first_window: 5,
        max_window: 60,
    };
    sync_once(&acct, &mut cache, opts).await;

    let store = &cache.store;
    let hello = find(store, cache.id, "INBOX", "1234@local.machine.example");
    let mary = find(store, cache.id, "INBOX", "3456@example.net");
    let john = find(store, cache.id, "Sent", "abcd.1234@local.machine.tld");
    let k9 = find(store, cache.id, "INBOX", "thread-1@example.com");
    let thread = |id| store.thread_of(id).expect("query").expect("row");
    assert_eq!(
        thread(john),
        thread(hello),
        "the reply in Sent joins the INBOX thread"
    );
    assert_eq!(thread(mary), thread(hello));
    assert_ne!(thread(k9), thread(hello));
    let convo: Vec<MessageId> = store
        .thread_messages(john)
        .expect("thread")
        .iter()
        .map(|t| t.summary.id)
        .collect();
    assert_eq!(convo, vec![hello, mary, john], "oldest first, across folders");

    // Generated threads: the cache groups exactly as the headers say.
    let mut all = raws.clone();
    all.extend(inbox_corpus.iter().map(|n| corpus(n)));
    all.push(corpus(JOHN));
    let want = expected_groups(&all);
    assert!(want.iter().any(|g| g.len() > 3), "the generator made threads");
    assert_eq!(cached_groups(store, cache.id, &["INBOX", "Sent"]), want);

    // A second sync (re-stored windows) changes nothing.
    sync_once(&acct, &mut cache, opts).await;
    assert_eq!(cached_groups(&cache.store, cache.id, &["INBOX", "Sent"]), want);

    // `tern thread ID --json`, oldest first.
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![acct.clone()],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_tern"))
        .env("TERN_CONFIG_DIR", dir.path())
        .env("TERN_DATA_DIR", cache.dir.path())
        .args(["thread", &mary.0.to_string(), "--json"])
        .output()
        .expect("run tern");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = v.as_array().expect("array");
    let ids: Vec<i64> = rows.iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(ids, vec![hello.0, mary.0, john.0]);
    assert_eq!(rows[2]["folder"], "Sent");
    assert_eq!(rows[0]["subject"], "Saying Hello");
}
