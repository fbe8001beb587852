//! Replays every fuzz target's corpus (`tests/fuzz/corpus/<target>/`, grown by libFuzzer
//! campaigns and minimized, crashers included) as an ordinary test on stable (T-10,
//! T-11). Each file goes through the very function the target calls
//! (`tests/fuzz/checks.rs`), so a replay and a campaign check the same invariants.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::PathBuf;

/// The corpus files of one target, sorted; fails if the directory is missing or thin.
fn corpus(target: &str, at_least: usize) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("read corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(
        paths.len() >= at_least,
        "expected at least {at_least} inputs in {}, found {}",
        dir.display(),
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read corpus file");
            (p, bytes)
        })
        .collect()
}

/// Runs `check` on every input of `target`, naming the input that fails.
fn replay(target: &str, at_least: usize, check: fn(&[u8])) {
    for (path, bytes) in corpus(target, at_least) {
        if std::panic::catch_unwind(|| check(&bytes)).is_err() {
            panic!("{target}: {} fails (see the panic above)", path.display());
        }
    }
}

#[test]
fn imap_response_corpus_replays() {
    replay("imap_response", 20, checks::imap_response);
}

#[test]
fn mime_ingest_corpus_replays() {
    replay("mime_ingest", 20, checks::mime_ingest);
}

#[test]
fn file_name_corpus_replays() {
    replay("file_name", 20, checks::file_name);
}

#[test]
fn html_blocks_corpus_replays() {
    replay("html_blocks", 20, checks::html_blocks);
}

/// The session pass is reachable: the recorded session seed logs in and maps both
/// messages' BODYSTRUCTUREs (if the command order in `tern::imap::fuzzing` changed, the
/// seed and `tests/fuzz/seeds/make_seeds.py` need the new tags).
#[test]
fn imap_session_seed_logs_in() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus/imap_response/seed-dovecot-session");
    let report = tern::imap::fuzzing::replay_server_bytes(&std::fs::read(path).unwrap());
    assert!(report.logged_in, "{report:?}");
    assert_eq!(report.deepest_parts, 2, "{report:?}");
    assert!(report.responses > 40, "{report:?}");
}

/// Nesting past the guard's limit never reaches the parser: no response comes out.
#[test]
fn imap_deep_bodystructure_is_refused_before_parsing() {
    let deep = format!(
        "* 1 FETCH (BODYSTRUCTURE {}\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1{})\r\n",
        "(".repeat(70),
        ")".repeat(71)
    );
    let report = tern::imap::fuzzing::replay_server_bytes(deep.as_bytes());
    assert_eq!(report.responses, 0, "{report:?}");
    assert!(!report.logged_in);
}
