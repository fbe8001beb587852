//! Tests over the Fluent files as a whole (issue 16 item 5): every key the code uses
//! exists, no key is unused, and every error and notice sentence renders completely in
//! every language (no missing message, no unfilled `{ $argument }`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};

use super::i18n::Localizations;
use crate::core::Text;

const LANGUAGES: [&str; 3] = ["en-US", "de", "fr"];

fn ids(lang: &str) -> BTreeSet<String> {
    let file =
        Localizations::get(&format!("{lang}/tern.ftl")).unwrap_or_else(|| panic!("{lang} is embedded"));
    String::from_utf8_lossy(&file.data)
        .lines()
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.to_string()))
        .filter(|id| {
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .collect()
}

/// A loader for one language (the app's own follows the desktop).
fn loader_for(lang: &str) -> FluentLanguageLoader {
    let loader = fluent_language_loader!();
    let id = lang.parse().expect("language id");
    loader.load_languages(&Localizations, &[id]).expect("load");
    loader.set_use_isolating(false);
    loader
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("read"))
        .collect()
}

fn id_shaped(s: &str) -> bool {
    !s.is_empty()
        && !s.ends_with('-')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Every quoted literal shaped like a message id.
fn id_literals() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for text in sources() {
        for (i, part) in text.split('"').enumerate() {
            if i % 2 == 1 && id_shaped(part) {
                out.insert(part.to_string());
            }
        }
    }
    out
}

/// The ids the code looks up: `fl!("…"`, `Text::new("…"`, and `"err-…"` / `"notice-…"`
/// literals (chosen in a `match` before `Text::new`).
fn ids_looked_up() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for text in sources() {
        for marker in ["fl!(\"", "Text::new(\""] {
            for piece in text.split(marker).skip(1) {
                if let Some((id, _)) = piece.split_once('"') {
                    out.insert(id.to_string());
                }
            }
        }
        for (i, part) in text.split('"').enumerate() {
            if i % 2 == 1 && id_shaped(part) && (part.starts_with("err-") || part.starts_with("notice-")) {
                out.insert(part.to_string());
            }
        }
    }
    out
}

#[test]
fn no_key_is_unused() {
    let used = id_literals();
    let unused: Vec<_> = ids("en-US").into_iter().filter(|id| !used.contains(id)).collect();
    assert!(
        unused.is_empty(),
        "keys in tern.ftl that no code uses: {unused:?}"
    );
}

#[test]
fn every_key_the_code_uses_exists() {
    let english = ids("en-US");
    let missing: Vec<_> = ids_looked_up()
        .into_iter()
        .filter(|id| id_shaped(id) && !english.contains(id) && id != "key")
        .collect();
    assert!(missing.is_empty(), "used but not in en-US/tern.ftl: {missing:?}");
}

/// Every error and notice sentence, in every language, with every argument filled.
#[test]
fn every_error_and_notice_renders_in_every_language() {
    let inner = || Text::new("notice-what-many").arg("count", 3u32);
    for lang in LANGUAGES {
        let loader = loader_for(lang);
        for id in ids("en-US") {
            if !(id.starts_with("err-") || id.starts_with("notice-")) {
                continue;
            }
            let id: &'static str = Box::leak(id.into_boxed_str());
            let t = Text::new(id)
                .arg("host", "imap.example.org")
                .arg("port", "993")
                .arg("seconds", "30")
                .arg("said", "Server shutting down")
                .arg("account", "Work")
                .arg("path", "/home/me/Downloads/a.pdf")
                .arg("name", "a.pdf")
                .arg("ext", "sh")
                .arg("what", inner())
                .arg("verb", Text::new("notice-verb-read"))
                .arg("folder", Text::new("folder-inbox"))
                .arg("dest", "Archive")
                .arg("reason", "quota")
                .arg("who", "ann@example.org")
                .arg("limit", "25 MB")
                .arg("subject", "Lunch")
                .arg("received", "1024")
                .arg("expected", "2048")
                .arg("detail", "line 3: unknown field")
                .arg("value", "soon")
                .arg("operator", "before:")
                .arg("example", "from:anna@example.com")
                .arg("pinned", "AB:CD")
                .arg("presented", "EF:01")
                .arg("count", 3u32)
                .arg("provider", "Example Mail")
                .arg("url", "https://idp.example/token")
                .arg("mechanism", "XOAUTH2");
            let s = super::errors::say_in(&loader, &t);
            assert!(
                !s.contains("No localization") && !s.contains('{') && !s.is_empty(),
                "{lang} {id}: {s}"
            );
        }
    }
}

/// The conflict sentences the engine builds come out in German, not English.
#[test]
fn conflict_notices_are_translated() {
    use crate::engine::actions::notice::{Why, conflict};
    use crate::store::{OpItem, OpKind};
    let it = OpItem {
        folder: "INBOX".into(),
        dest: "Archive".into(),
        subject: "Lunch on Friday?".into(),
        ..OpItem::default()
    };
    let de = loader_for("de");
    let en = loader_for("en-US");
    for why in [
        Why::Gone,
        Why::FolderGone,
        Why::DestGone,
        Why::Renumbered,
        Why::Ambiguous,
        Why::Refused("quota".into()),
    ] {
        let e = conflict(OpKind::Move, &[&it, &it], &why);
        let t = e.text.expect("translatable");
        let german = super::errors::say_in(&de, &t);
        assert_ne!(german, super::errors::say_in(&en, &t), "{why:?}");
        assert!(
            german.contains("Posteingang") || german.contains("Archive"),
            "{german}"
        );
        assert!(!german.contains("messages"), "{german}");
    }
}

/// A key defined twice is dropped by Fluent with only a log line: say which.
#[test]
fn no_key_is_defined_twice() {
    for lang in LANGUAGES {
        let file =
            Localizations::get(&format!("{lang}/tern.ftl")).unwrap_or_else(|| panic!("{lang} is embedded"));
        let mut seen = BTreeSet::new();
        for line in String::from_utf8_lossy(&file.data).lines() {
            if let Some((id, _)) = line.split_once(" =")
                && !id.starts_with(['#', ' '])
            {
                assert!(seen.insert(id.to_string()), "{lang}: {id} is defined twice");
            }
        }
    }
}
