//! Lazy bodies and attachments against the harness Dovecot (issue: lazy bodies).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tern::config::{Config, KeyringStore, Security};
use tern::core::{Flags, MessageId};
use tern::engine::{Tuning, fetch_body, open_connection, save_part, tree_of, view_of};
use tern::mime::{MessageView, parse_message};
use tern::store::Store;

use crate::support::dovecot::{Dovecot, SeedMessage, User};
use crate::support::proxy::Proxy;
use crate::sync::{Cache, account, sync_once};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Well-formed corpus messages of the kinds the reader must rebuild from parts.
fn corpus_sample() -> Vec<(String, Vec<u8>)> {
    let manifest = std::fs::read_to_string(corpus_dir().join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let kinds = [
        "ct=text/plain",
        "ct=text/html",
        "ct=multipart/alternative",
        "nested-message",
        "has-attachment",
        "inline-image",
    ];
    let mut picked = Vec::new();
    for kind in kinds {
        let mut n = 0;
        for line in manifest.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let tags = cols.get(3).copied().unwrap_or("");
            let size: usize = cols.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            if !tags.split(' ').any(|t| t == kind)
                || tags.contains("malformed")
                || tags.contains("mbox-from-line")
                || tags.contains("no-from")
                || size > 300_000
                || picked.iter().any(|(p, _)| p == cols[0])
            {
                continue;
            }
            if let Ok(raw) = std::fs::read(corpus_dir().join(cols[0])) {
                picked.push((cols[0].to_string(), raw));
                n += 1;
            }
            if n == 8 {
                break;
            }
        }
    }
    picked
}

/// (part, declared name, safe name, content type) of each attachment.
type AttachmentKey = (String, Option<String>, String, String);

fn comparable(v: &MessageView) -> (String, String, String, Vec<AttachmentKey>) {
    let text: String = v
        .text()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string();
    let atts = v
        .attachments
        .iter()
        .map(|a| {
            (
                a.part.clone(),
                a.filename.clone(),
                a.safe_filename.clone(),
                a.content_type.clone(),
            )
        })
        .collect();
    (v.subject.clone(), v.from_display(), text, atts)
}

/// Seeds `raw` as the only message in `user`'s INBOX, syncs the account once and
/// returns it with its cache and the message's location (what a save starts from).
pub(crate) async fn one_synced_message(
    server: &Dovecot,
    user: &User,
    raw: Vec<u8>,
) -> (tern::config::AccountConfig, Cache, tern::store::MessageLocation) {
    seed_raw(server, user, &[raw]);
    let acct = account(server, user, Security::Tls);
    let mut cache = Cache::new(&acct);
    sync_once(&acct, &mut cache, Default::default()).await;
    let loc = cache
        .store
        .message_location(MessageId(1))
        .expect("q")
        .expect("message 1");
    (acct, cache, loc)
}

pub(crate) fn seed_raw(server: &Dovecot, user: &User, messages: &[Vec<u8>]) {
    server.seed(
        user,
        "INBOX",
        messages.iter().enumerate().map(|(i, raw)| SeedMessage {
            raw: raw.clone(),
            maildir_flags: String::new(),
            date: 1_600_000_000 + i as i64 * 60,
        }),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetched_parts_give_the_same_view_as_the_full_message_and_leave_seen_alone() {
    let server = Dovecot::shared();
    let user = server.user("bodies");
    let sample = corpus_sample();
    assert!(sample.len() >= 30, "corpus sample too small: {}", sample.len());
    let raws: Vec<Vec<u8>> = sample.iter().map(|(_, r)| r.clone()).collect();
    seed_raw(server, &user, &raws);
    let acct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&acct);
    sync_once(&acct, &mut cache, Default::default()).await;
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("q")
        .expect("inbox");
    let rows = cache.store.list_messages(inbox.id, 0, 1000).expect("list");
    assert_eq!(rows.len(), sample.len());
    let mut conn = open_connection(&acct, &KeyringStore, &Tuning::default().timeouts)
        .await
        .expect("connect");
    let mut mismatches = Vec::new();
    for row in &rows {
        // Seeded in order with increasing dates: UID n is sample[n - 1].
        let (path, original) = &sample[row.uid as usize - 1];
        let loc = cache.store.message_location(row.id).expect("q").expect("loc");
        let fetched = fetch_body(&mut conn, &mut cache.store, &loc)
            .await
            .expect("fetch body");
        let full = parse_message(original).expect("parse original");
        if comparable(&fetched) != comparable(&full) {
            mismatches.push(format!(
                "{path}:\n  fetched {:?}\n  full    {:?}",
                comparable(&fetched),
                comparable(&full)
            ));
        }
        // Offline afterwards: the cached document gives the same view.
        let raw = cache.store.body(row.id).expect("q").expect("cached body");
        assert_eq!(
            comparable(&view_of(&raw, &tree_of(&loc).expect("tree")).expect("view")),
            comparable(&fetched)
        );
        // Nothing fetched more than needed: attachments' contents are not in the cache.
        assert!(
            raw.len() <= original.len() + 4096,
            "{path}: cached {} of {} bytes",
            raw.len(),
            original.len()
        );
    }
    conn.logout().await;
    assert!(
        mismatches.is_empty(),
        "{} of {} differ:\n{}",
        mismatches.len(),
        rows.len(),
        mismatches.join("\n")
    );
    // BODY.PEEK: the server's \Seen flags did not change.
    let flags = crate::sync::server_state(server, &user, "INBOX");
    assert!(
        flags.values().all(|(f, _)| !Flags(*f).contains(Flags::SEEN)),
        "fetching set \\Seen"
    );
    // Fetched text is searchable once the index has caught up (search does that first).
    cache.store.index_all_pending().expect("index");
    assert!(!cache.store.search("the", 10).expect("search").is_empty());
}

pub(crate) fn attachment_message(names: &[&str], payloads: &[Vec<u8>]) -> Vec<u8> {
    use base64::Engine as _;
    let mut m = String::from(
        "From: Sender <s@example.org>\r\nTo: r@example.org\r\nSubject: files\r\nMessage-ID: <files@test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain\r\n\r\nsee attached\r\n",
    );
    for (name, data) in names.iter().zip(payloads) {
        let b64 = base64::engine::general_purpose::STANDARD.encode(data);
        let wrapped: Vec<&str> = b64
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        m.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\r\n{}\r\n",
            wrapped.join("\r\n")
        ));
    }
    m.push_str("--b--\r\n");
    m.into_bytes()
}

fn tree_snapshot(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(dir).expect("ls").flatten() {
        out.insert(e.path());
        if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            out.extend(tree_snapshot(&e.path()));
        }
    }
    out
}

pub(crate) fn sha(data: &[u8]) -> String {
    format!("{:x}", Sha256::digest(data))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_are_saved_byte_exact_under_safe_names_without_touching_anything_else() {
    let server = Dovecot::shared();
    let user = server.user("save");
    let names = [
        "../../.bashrc",
        "..\\\\..\\\\x.lnk",
        "/etc/passwd",
        "C:\\\\Windows\\\\x",
        "CON",
        "nul.txt",
        "a\u{202e}fdp.exe",
        "report.pdf",
        "a.txt",
        "-aCalculator",
        "$(id).pdf",
    ];
    let payloads: Vec<Vec<u8>> = (0..names.len())
        .map(|i| (0..(3000 + i * 977)).map(|j| (j * 31 + i) as u8).collect())
        .collect();
    let (acct, _cache, loc) = one_synced_message(server, &user, attachment_message(&names, &payloads)).await;
    let timeouts = Tuning::default().timeouts;

    let outer = tempfile::tempdir().expect("tempdir");
    let chosen = outer.path().join("chosen");
    std::fs::create_dir(&chosen).expect("mkdir");
    let victim = outer.path().join("victim");
    std::fs::write(&victim, "untouched").expect("victim");
    std::os::unix::fs::symlink(&victim, chosen.join("report.pdf")).expect("symlink");
    std::fs::write(chosen.join("a.txt"), "existing").expect("a.txt");
    let before = tree_snapshot(outer.path());

    let mut saved = Vec::new();
    for (i, payload) in payloads.iter().enumerate() {
        let part = (i + 2).to_string();
        let connect = || open_connection(&acct, &KeyringStore, &timeouts);
        let path = save_part(connect, &loc, &part, &chosen, &mut |_, _| {})
            .await
            .expect("save");
        assert_eq!(
            path.parent(),
            Some(chosen.as_path()),
            "{path:?} outside the chosen folder"
        );
        assert_eq!(
            std::fs::canonicalize(path.parent().expect("parent")).ok(),
            std::fs::canonicalize(&chosen).ok()
        );
        let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        assert!(!name.starts_with('.'), "{name}");
        assert!(
            !name
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{name:?}"
        );
        assert_eq!(sha(&std::fs::read(&path).expect("read")), sha(payload), "{name}");
        saved.push(name.to_string());
    }
    println!("saved as: {saved:?}");
    assert!(saved.contains(&"report (1).pdf".to_string()), "{saved:?}");
    assert!(saved.contains(&"a (1).txt".to_string()), "{saved:?}");
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "untouched");
    assert_eq!(
        std::fs::read_to_string(chosen.join("a.txt")).expect("a"),
        "existing"
    );
    let after = tree_snapshot(outer.path());
    let new: Vec<_> = after.difference(&before).collect();
    assert_eq!(new.len(), names.len(), "{new:?}");
    assert!(
        new.iter().all(|p| p.parent() == Some(chosen.as_path())),
        "{new:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_mid_attachment_resumes_with_correct_bytes() {
    let server = Dovecot::shared();
    let user = server.user("resume");
    let payload: Vec<u8> = (0..6_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (acct, _cache, loc) = one_synced_message(
        server,
        &user,
        attachment_message(&["big.bin"], std::slice::from_ref(&payload)),
    )
    .await;
    let timeouts = Tuning::default().timeouts;
    let proxy = Proxy::start(server.imaps_port).await;
    // Every connection dies after ~2.5 MB: the 8 MB of base64 needs several resumes.
    proxy
        .faults
        .cut_after
        .store(2_500_000, std::sync::atomic::Ordering::SeqCst);
    let mut via = acct.clone();
    via.imap.port = proxy.port;
    let dir = tempfile::tempdir().expect("tempdir");
    let connect = || open_connection(&via, &KeyringStore, &timeouts);
    let path = save_part(connect, &loc, "2", dir.path(), &mut |_, _| {})
        .await
        .expect("resumed download");
    assert_eq!(sha(&std::fs::read(&path).expect("read")), sha(&payload));
    let connections = proxy.faults.connections.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        connections >= 3,
        "expected resumes, saw {connections} connections"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_download_leaves_no_file() {
    let server = Dovecot::shared();
    let user = server.user("cancel");
    let payload: Vec<u8> = (0..4_000_000u32).map(|i| (i % 253) as u8).collect();
    let (acct, _cache, loc) = one_synced_message(
        server,
        &user,
        attachment_message(&["half.bin"], std::slice::from_ref(&payload)),
    )
    .await;
    let timeouts = Tuning::default().timeouts;
    let dir = tempfile::tempdir().expect("tempdir");
    let (half_tx, half_rx) = tokio::sync::oneshot::channel::<()>();
    let mut half_tx = Some(half_tx);
    let mut progress = |done: u64, total: u64| {
        if done * 2 >= total
            && let Some(tx) = half_tx.take()
        {
            let _ = tx.send(());
        }
    };
    let connect = || open_connection(&acct, &KeyringStore, &timeouts);
    tokio::select! {
        r = save_part(connect, &loc, "2", dir.path(), &mut progress) => panic!("finished before cancel: {r:?}"),
        _ = half_rx => {}
    }
    let listing = || -> Vec<String> {
        std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    // Nothing under the final name, ever; the temp file goes once the chunk being
    // written when the download was dropped is done (a blocking task owns it).
    assert!(
        listing().iter().all(|n| n.starts_with(".tern-download-")),
        "{:?}",
        listing()
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !listing().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(listing().is_empty(), "cancelled download left {:?}", listing());
}

#[test]
fn open_hands_one_absolute_path_to_the_opener_and_asks_first_for_dangerous_types() {
    let server = Dovecot::shared();
    let user = server.user("opener");
    let names = ["-aCalculator", "a\"&calc&\".pdf", "$(id).pdf", "run.desktop"];
    let payloads: Vec<Vec<u8>> = names.iter().map(|n| n.as_bytes().to_vec()).collect();
    seed_raw(server, &user, &[attachment_message(&names, &payloads)]);
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![account(server, &user, Security::Tls)],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("cfg");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin");
    let log = dir.path().join("argv.log");
    for opener in ["xdg-open", "gio", "kde-open", "gnome-open", "wslview"] {
        let script = format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\necho --- >> '{}'\n",
            log.display(),
            log.display()
        );
        std::fs::write(bin.join(opener), script).expect("fake opener");
        let mut p = std::fs::metadata(bin.join(opener)).expect("meta").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut p, 0o755);
        std::fs::set_permissions(bin.join(opener), p).expect("chmod");
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let tern = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tern"))
            .args(args)
            .env("TERN_CONFIG_DIR", dir.path())
            .env("TERN_DATA_DIR", dir.path())
            .env("PATH", &path)
            .output()
            .expect("run tern")
    };
    assert!(tern(&["sync"]).status.success());
    for part in ["2", "3", "4"] {
        let out = tern(&["open", "1", "--part", part]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let refused = tern(&["open", "1", "--part", "5"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains(".desktop"),
        "the warning names the real extension: {err}"
    );
    // The opener runs detached: wait for its log.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.matches("---").count() >= 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let calls: Vec<Vec<&str>> = text
        .split("---\n")
        .filter(|c| !c.is_empty())
        .map(|c| c.lines().collect())
        .collect();
    assert_eq!(calls.len(), 3, "{text}");
    for argv in calls {
        assert_eq!(argv.len(), 1, "exactly one argument: {argv:?}");
        assert!(
            argv[0].starts_with('/'),
            "absolute, never option-shaped: {argv:?}"
        );
        assert!(Path::new(argv[0]).exists());
    }
    let yes = tern(&["open", "1", "--part", "5", "--yes"]);
    assert!(yes.status.success(), "{}", String::from_utf8_lossy(&yes.stderr));
}

#[test]
fn read_and_save_from_the_command_line() {
    let server = Dovecot::shared();
    let user = server.user("clisave");
    let payload = b"hello attachment".to_vec();
    seed_raw(
        server,
        &user,
        &[attachment_message(&["hello.txt"], std::slice::from_ref(&payload))],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![account(server, &user, Security::Tls)],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("cfg");
    let tern = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tern"))
            .args(args)
            .env("TERN_CONFIG_DIR", dir.path())
            .env("TERN_DATA_DIR", dir.path())
            .output()
            .expect("run tern")
    };
    assert!(tern(&["sync"]).status.success());
    let read = tern(&["read", "1", "--json"]);
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let v: serde_json::Value = serde_json::from_slice(&read.stdout).expect("json");
    assert_eq!(v["subject"], "files");
    assert!(v["text"].as_str().unwrap_or("").contains("see attached"));
    assert_eq!(v["attachments"][0]["safe_filename"], "hello.txt");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let saved = tern(&["save", "1", "--all", "--to", out_dir.to_str().expect("utf-8")]);
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let printed = String::from_utf8_lossy(&saved.stdout);
    assert_eq!(std::fs::read(printed.trim()).expect("saved file"), payload);
    let missing = tern(&["save", "999", "--all", "--to", out_dir.to_str().expect("utf-8")]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("No cached message"));
    // Offline: the body is cached, so reading works with the server unreachable.
    let mut cfg = Config::load(&dir.path().join("accounts.toml")).expect("cfg").0;
    cfg.accounts[0].imap.port = 1;
    cfg.save(&dir.path().join("accounts.toml")).expect("cfg");
    assert!(
        tern(&["read", "1"]).status.success(),
        "cached body readable offline"
    );
    let _ = Store::open(&dir.path().join("cache.sqlite3")).expect("store");
}

/// Peak RSS (KiB) of a child process, sampled until it exits.
fn peak_rss_kib(mut cmd: Command) -> (std::process::ExitStatus, u64, String) {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let mut hwm = 0u64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(v) = s.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            hwm = hwm.max(v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
        }
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let mut out = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut o, &mut out);
    }
    (status, hwm, out)
}

#[test]
fn a_100_mib_attachment_streams_to_disk_with_little_memory() {
    let server = Dovecot::shared();
    let user = server.user("huge");
    let mut rng = crate::support::seed::Rng::new(100);
    let big = rng.bytes(100 << 20);
    let small = b"tiny".to_vec();
    let raw_big = attachment_message(&["big.bin"], std::slice::from_ref(&big));
    let raw_small = attachment_message(&["tiny.bin"], std::slice::from_ref(&small));
    seed_raw(server, &user, &[raw_small, raw_big]);
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![account(server, &user, Security::Tls)],
    }
    .save(&dir.path().join("accounts.toml"))
    .expect("cfg");
    let tern = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tern"));
        c.args(args)
            .env("TERN_CONFIG_DIR", dir.path())
            .env("TERN_DATA_DIR", dir.path());
        c
    };
    assert!(tern(&["sync"]).status().expect("sync").success());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let to = out.to_str().expect("utf-8");
    // Baseline: the same command saving a 4-byte attachment.
    let (st, base_kib, _) = peak_rss_kib(tern(&["save", "1", "--part", "2", "--to", to]));
    assert!(st.success());
    let started = std::time::Instant::now();
    let (st, big_kib, printed) = peak_rss_kib(tern(&["save", "2", "--part", "2", "--to", to]));
    let secs = started.elapsed().as_secs_f64();
    assert!(st.success());
    let saved = std::fs::read(printed.trim()).expect("saved");
    assert_eq!(sha(&saved), sha(&big));
    let growth_mib = (big_kib.saturating_sub(base_kib)) as f64 / 1024.0;
    println!(
        "100 MiB attachment: {secs:.1} s ({:.1} MB/s, debug build), peak RSS {} MiB vs {} MiB baseline: +{growth_mib:.1} MiB",
        100.0 * 1.048_576 / secs,
        big_kib / 1024,
        base_kib / 1024
    );
    assert!(growth_mib < 64.0, "peak RSS grew {growth_mib:.1} MiB");
}
