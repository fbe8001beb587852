//! Every message of the real-world corpus (`tests/corpus`, MANIFEST.tsv, SOURCES.md)
//! parses within its liveness budget (`budget_for`) without a panic, shows body text or says why not, and its summary
//! (subject, sender, part tree, attachment names and types) matches the golden file.
//! Regenerate the golden file with `TERN_UPDATE_GOLDEN=1 cargo test --test integration mime`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use tern::mime::MessageView;

use super::{budget_for, check_invariants, repo, timed_parse};

fn corpus_dir() -> PathBuf {
    repo().join("tests/corpus")
}

fn golden_path() -> PathBuf {
    repo().join("tests/integration/mime/golden/corpus.json")
}

/// (path, tags) of every message in MANIFEST.tsv.
fn manifest() -> Vec<(String, Vec<String>)> {
    let path = corpus_dir().join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the corpus is missing at {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let tags = cols
                .get(3)
                .map(|t| t.split(' ').map(str::to_string).collect())
                .unwrap_or_default();
            (cols[0].to_string(), tags)
        })
        .collect()
}

fn summary(path: &str, view: &MessageView) -> String {
    let list = |items: &[tern::mime::Attachment]| -> Vec<serde_json::Value> {
        items
            .iter()
            .map(|a| {
                let shown = if a.inline { "inline" } else { "attachment" };
                json!([a.part, a.filename, a.safe_filename, a.content_type, shown])
            })
            .collect()
    };
    // Fixed key order, path first, so the diff of a change reads well.
    let fields: [(&str, serde_json::Value); 8] = [
        ("path", json!(path)),
        ("subject", json!(view.subject)),
        ("from", json!(view.from_display())),
        ("body", json!(view.body_format)),
        ("truncated", json!(view.truncated)),
        ("warnings", json!(view.warnings)),
        ("attachments", json!(list(&view.attachments))),
        (
            "parts",
            json!(
                view.parts
                    .iter()
                    .map(|p| format!("{} {}", p.section, p.content_type))
                    .collect::<Vec<_>>()
            ),
        ),
    ];
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}:{v}", json!(k))).collect();
    format!("{{{}}}", body.join(","))
}

/// Types shown as text in the body or not files at all: everything else is a leaf a
/// person must be able to save.
fn shown_as_text(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("multipart/")
        || matches!(
            content_type,
            "message/delivery-status" | "message/global-delivery-status" | "message/disposition-notification"
        )
}

/// Walks the whole part tree (pre-order, with depths) and checks that every non-text
/// leaf is in the saveable list with a name and its decoded size, and that nothing else
/// non-text is listed. The leaves inside an attached message belong to that message
/// (saved as one .eml), unless the message is the whole body (then it is shown).
fn check_every_part_saveable(view: &MessageView, path: &str) {
    let mut expected: BTreeSet<(String, u64)> = BTreeSet::new();
    let mut inside_message: Option<u8> = None;
    // A message whose whole body is an attached message (a chain of them) shows it.
    let mut shown_chain: Option<u8> = None;
    for p in &view.parts {
        if let Some(depth) = inside_message {
            if p.depth > depth {
                continue;
            }
            inside_message = None;
        }
        let is_message = matches!(p.content_type.as_str(), "message/rfc822" | "message/global");
        let continues_chain = match shown_chain {
            None => p.depth == 0,
            Some(d) => p.depth == d + 1,
        };
        shown_chain = None;
        if is_message && continues_chain {
            shown_chain = Some(p.depth);
            continue;
        }
        if is_message {
            inside_message = Some(p.depth);
        }
        if !shown_as_text(&p.content_type) {
            expected.insert((p.section.clone(), p.size));
        }
    }
    let mut listed: BTreeSet<(String, u64)> = BTreeSet::new();
    for a in &view.attachments {
        assert!(
            !a.safe_filename.is_empty()
                && (a.filename.is_some() || !a.safe_filename.starts_with("attachment.")),
            "{path}: part {} has no sensible name: {:?}",
            a.part,
            a.safe_filename
        );
        if !shown_as_text(&a.content_type) {
            listed.insert((a.part.clone(), a.size));
        }
    }
    assert_eq!(
        listed, expected,
        "{path}: saveable parts (section, decoded size) differ from the MIME walk's non-text leaves"
    );
}

#[derive(Default)]
struct TagStats {
    messages: usize,
    warned: usize,
    no_text: usize,
    truncated: usize,
    slowest: Duration,
    warnings: BTreeSet<String>,
}

#[test]
fn corpus_parses_within_budget_and_matches_golden_summaries() {
    let entries = manifest();
    assert!(entries.len() >= 1_300, "only {} corpus entries", entries.len());
    let mut lines: BTreeMap<String, String> = BTreeMap::new();
    let mut stats: BTreeMap<String, TagStats> = BTreeMap::new();
    let mut total = Duration::ZERO;
    let mut slowest = (Duration::ZERO, String::new());
    for (path, tags) in &entries {
        let raw = std::fs::read(corpus_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (view, took) = timed_parse(&raw);
        let budget = budget_for(raw.len());
        assert!(
            took < budget,
            "{path}: took {took:?} (liveness budget {budget:?})"
        );
        check_invariants(&view, path);
        check_every_part_saveable(&view, path);
        total += took;
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        let no_text = view.text().trim().is_empty();
        for tag in tags {
            let key = tag.split('=').next().unwrap_or(tag).to_string();
            let s = stats.entry(key).or_default();
            s.messages += 1;
            s.warned += usize::from(!view.warnings.is_empty());
            s.no_text += usize::from(no_text);
            s.truncated += usize::from(view.truncated);
            s.slowest = s.slowest.max(took);
            for w in &view.warnings {
                let w: String = w.chars().take(60).collect();
                if s.warnings.len() < 6 {
                    s.warnings.insert(w);
                }
            }
        }
        lines.insert(path.clone(), summary(path, &view));
    }
    eprintln!(
        "mime corpus: {} messages, total {total:?}, slowest {:?} ({})",
        entries.len(),
        slowest.0,
        slowest.1
    );
    eprintln!("tag: messages / with warnings / without text / truncated / slowest / sample warnings");
    for (tag, s) in &stats {
        eprintln!(
            "  {tag}: {} / {} / {} / {} / {:?} / {:?}",
            s.messages, s.warned, s.no_text, s.truncated, s.slowest, s.warnings
        );
    }

    let rendered = format!(
        "[\n{}\n]\n",
        lines.values().cloned().collect::<Vec<_>>().join(",\n")
    );
    let golden = golden_path();
    if std::env::var_os("TERN_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().expect("parent")).expect("mkdir golden");
        std::fs::write(&golden, &rendered).expect("write golden");
        eprintln!("wrote {}", golden.display());
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with TERN_UPDATE_GOLDEN=1 to create it",
            golden.display()
        )
    });
    if expected == rendered {
        return;
    }
    let old: BTreeSet<&str> = expected.lines().collect();
    let new: BTreeSet<&str> = rendered.lines().collect();
    let mut report = String::new();
    for l in old.difference(&new).take(15) {
        report.push_str(&format!("- {l}\n"));
    }
    for l in new.difference(&old).take(15) {
        report.push_str(&format!("+ {l}\n"));
    }
    panic!(
        "corpus summaries differ from {} (TERN_UPDATE_GOLDEN=1 regenerates it after review):\n{report}",
        golden.display()
    );
}

#[test]
fn read_eml_on_a_corpus_message() {
    let (path, _) = manifest()
        .into_iter()
        .find(|(_, tags)| tags.iter().any(|t| t == "has-attachment"))
        .expect("a message with an attachment");
    let file = corpus_dir().join(&path);
    let text = tern::cli::read_eml::run(&file, false).expect("read --eml");
    assert!(text.starts_with("From: "), "{text}");
    assert!(text.contains("\nSubject: "));
    let json: serde_json::Value =
        serde_json::from_str(&tern::cli::read_eml::run(&file, true).expect("json")).expect("valid json");
    for key in [
        "subject",
        "from",
        "to",
        "cc",
        "date",
        "text",
        "attachments",
        "warnings",
        "truncated",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let err =
        tern::cli::read_eml::run(&corpus_dir().join("no/such/file.eml"), true).expect_err("missing file");
    assert_eq!(err.kind, tern::core::ErrorKind::Filesystem);
}
