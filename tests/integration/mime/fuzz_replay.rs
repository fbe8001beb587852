//! Replays the fuzz corpus (`tests/fuzz/corpus/mime_ingest/`) as an ordinary test:
//! every seed and every committed crasher parses without a panic, within budget.

use super::{budget_for, check_invariants, repo, timed_parse};

#[test]
fn fuzz_corpus_replays_without_panic() {
    let dir = repo().join("tests/fuzz/corpus/mime_ingest");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    assert!(entries.len() >= 5, "expected seed files in {}", dir.display());
    for path in entries {
        let raw = std::fs::read(&path).expect("read seed");
        let what = path.display().to_string();
        let (view, took) = timed_parse(&raw);
        assert!(took < budget_for(raw.len()), "{what}: took {took:?}");
        check_invariants(&view, &what);
    }
}
