//! Saving an attachment never ends the file early: a stray untagged FETCH between the
//! partial fetches is not the end of the part, and a part shorter than BODYSTRUCTURE says
//! is an error that leaves nothing behind (issue 16, item 3).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use tern::config::KeyringStore;
use tern::core::ErrorKind;
use tern::engine::{Tuning, open_connection, save_part};
use tern::store::MessageLocation;

use crate::bodies::{attachment_message, one_synced_message, sha};
use crate::support::dovecot::Dovecot;

fn payload(len: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flags_update_between_partial_fetches_does_not_end_the_file_early() {
    let server = Dovecot::shared();
    let user = server.user("strayfetch");
    // 3 MB of base64: four partial fetches of 1 MiB.
    let data = payload(3_000_000);
    let (acct, _cache, loc) = one_synced_message(
        server,
        &user,
        attachment_message(&["data.bin"], std::slice::from_ref(&data)),
    )
    .await;
    let timeouts = Tuning::default().timeouts;
    let dir = tempfile::tempdir().expect("tempdir");
    // After the first chunk another session flags the message: Dovecot reports the
    // change as an untagged `* 1 FETCH (UID 1 FLAGS (\Flagged))` at the end of the next
    // partial fetch, after that fetch's data.
    let flagged = AtomicBool::new(false);
    let mut progress = |done: u64, _total: u64| {
        if done > 0 && !flagged.swap(true, Ordering::SeqCst) {
            let mailbox = user.name.clone();
            server.doveadm(&[
                "flags",
                "add",
                "-u",
                &mailbox,
                "\\Flagged",
                "mailbox",
                "INBOX",
                "uid",
                "1",
            ]);
        }
    };
    let connect = || open_connection(&acct, &KeyringStore, &timeouts);
    let path = save_part(connect, &loc, "2", dir.path(), &mut progress)
        .await
        .expect("saved");
    assert!(flagged.load(Ordering::SeqCst), "the flag change never happened");
    let saved = std::fs::read(&path).expect("read");
    assert_eq!(saved.len(), data.len(), "the file ended early");
    assert_eq!(sha(&saved), sha(&data));
}

/// The location with part `section` claiming `extra` more encoded bytes than the server has.
fn claiming_more(loc: &MessageLocation, section: &str, extra: u32) -> MessageLocation {
    let mut tree: serde_json::Value = serde_json::from_str(&loc.bodystructure).expect("json");
    fn grow(node: &mut serde_json::Value, section: &str, extra: u32) -> bool {
        if node["section"] == section {
            let size = node["size"].as_u64().expect("size");
            node["size"] = serde_json::json!(size + u64::from(extra));
            return true;
        }
        // get_mut: indexing would insert `"children": null` into leaves.
        match node.get_mut("children").and_then(|c| c.as_array_mut()) {
            Some(children) => children.iter_mut().any(|c| grow(c, section, extra)),
            None => false,
        }
    }
    assert!(grow(&mut tree, section, extra), "no part {section}");
    let mut out = loc.clone();
    out.bodystructure = tree.to_string();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_shorter_than_its_bodystructure_size_is_an_error_and_leaves_no_file() {
    let server = Dovecot::shared();
    let user = server.user("shortpart");
    let data = payload(1_500_000);
    let (acct, _cache, loc) = one_synced_message(
        server,
        &user,
        attachment_message(&["short.bin"], std::slice::from_ref(&data)),
    )
    .await;
    // As if the server stopped 5000 bytes before the size it announced.
    let loc = claiming_more(&loc, "2", 5_000);
    let timeouts = Tuning::default().timeouts;
    let dir = tempfile::tempdir().expect("tempdir");
    let connect = || open_connection(&acct, &KeyringStore, &timeouts);
    let err = save_part(connect, &loc, "2", dir.path(), &mut |_, _| {})
        .await
        .expect_err("a short part must not be saved");
    assert_eq!(err.kind, ErrorKind::Message, "{err:?}");
    assert!(err.message.contains("incomplete"), "{}", err.message);
    assert!(err.message.contains("try again"), "{}", err.message);
    assert_eq!(
        files_in(dir.path()),
        Vec::<String>::new(),
        "nothing may stay behind"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transfer_stream_reports_progress_and_ends_with_the_chosen_name() {
    use futures::StreamExt;
    use tern::engine::transfer::{Destination, TransferEvent, save_attachment};

    let server = Dovecot::shared();
    let user = server.user("transferstream");
    let data = payload(2_500_000);
    let (acct, _cache, loc) = one_synced_message(
        server,
        &user,
        attachment_message(&["report.bin"], std::slice::from_ref(&data)),
    )
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder that does not exist yet, and the name the user typed in the dialog.
    let chosen = dir.path().join("new folder/my name.bin");
    let events: Vec<TransferEvent> = save_attachment(
        acct.clone(),
        KeyringStore,
        Tuning::default().timeouts,
        std::sync::Arc::new(loc),
        "2".into(),
        Destination::File(chosen.clone()),
    )
    .collect()
    .await;
    let (last, progress) = events.split_last().expect("events");
    assert_eq!(last, &TransferEvent::Finished(Ok(chosen.clone())), "{events:?}");
    let done: Vec<u64> = progress
        .iter()
        .map(|e| match e {
            TransferEvent::Progress { done, .. } => *done,
            other => panic!("only the last event finishes: {other:?}"),
        })
        .collect();
    assert!(done.len() >= 3, "progress for each chunk: {done:?}");
    assert!(done.windows(2).all(|w| w[0] < w[1]), "{done:?}");
    assert_eq!(sha(&std::fs::read(&chosen).expect("read")), sha(&data));
    assert_eq!(
        files_in(&dir.path().join("new folder")),
        vec!["my name.bin".to_string()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_of_exactly_one_chunk_ends_with_an_empty_fetch_and_is_complete() {
    let server = Dovecot::shared();
    let user = server.user("exactchunk");
    // A 7bit attachment whose body is exactly 1 MiB, one partial-fetch chunk: the end
    // is only known from the next, empty, fetch at offset 1 MiB.
    let mut body = String::new();
    for _ in 0..10_485 {
        body.push_str(&"a".repeat(98));
        body.push_str("\r\n");
    }
    body.push_str(&"a".repeat(76));
    assert_eq!(body.len(), tern::imap::CHUNK as usize);
    let raw = format!(
        "From: s@example.org\r\nTo: r@example.org\r\nSubject: exact\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee\r\n\
         --b\r\nContent-Type: text/plain; name=\"exact.txt\"\r\nContent-Disposition: attachment; filename=\"exact.txt\"\r\n\
         Content-Transfer-Encoding: 7bit\r\n\r\n{body}\r\n--b--\r\n"
    );
    let (acct, _cache, loc) = one_synced_message(server, &user, raw.into_bytes()).await;
    let timeouts = Tuning::default().timeouts;
    let dir = tempfile::tempdir().expect("tempdir");
    let connect = || open_connection(&acct, &KeyringStore, &timeouts);
    let path = save_part(connect, &loc, "2", dir.path(), &mut |_, _| {})
        .await
        .expect("saved");
    assert_eq!(std::fs::read(&path).expect("read"), body.as_bytes());
}

/// A quoted-printable body of about `len` bytes with pseudo-random escapes, literals,
/// soft and hard line breaks, laid out so every 1 MiB border (where partial fetches
/// split it) falls inside an encoding: after the `=` of an escape at odd MiB, between
/// the `=\r` and `\n` of a soft break at even MiB. Returns (encoded, decoded).
fn quoted_printable_split_everywhere(len: usize) -> (Vec<u8>, Vec<u8>) {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state: u32 = 0x2545_f491;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let (mut enc, mut dec) = (Vec::with_capacity(len + 80), Vec::with_capacity(len));
    let mut line = 0;
    while enc.len() < len {
        let border = ((enc.len() >> 20) + 1) << 20;
        let odd = (border >> 20) % 2 == 1;
        let target = if odd { border - 1 } else { border - 2 };
        let r = rand();
        if enc.len() == target && odd || enc.len() < target && enc.len() + 3 > target {
            if enc.len() == target {
                let b = (r >> 8) as u8;
                enc.extend_from_slice(format!("={b:02X}").as_bytes());
                dec.push(b);
                line += 3;
            } else {
                // Step byte by byte up to the border's position.
                let c = LETTERS[r as usize % LETTERS.len()];
                enc.push(c);
                dec.push(c);
                line += 1;
            }
        } else if enc.len() == target || line >= 72 || r % 100 < 3 {
            if r % 4 == 0 && enc.len() != target {
                enc.extend_from_slice(b"\r\n");
                dec.extend_from_slice(b"\r\n");
            } else {
                enc.extend_from_slice(b"=\r\n");
            }
            line = 0;
        } else if r % 2 == 0 {
            let b = (r >> 8) as u8;
            enc.extend_from_slice(format!("={b:02X}").as_bytes());
            dec.push(b);
            line += 3;
        } else {
            let c = LETTERS[(r >> 8) as usize % LETTERS.len()];
            enc.push(c);
            dec.push(c);
            line += 1;
        }
    }
    (enc, dec)
}

/// Saving with pipelined, growing partial fetches gives byte-identical files for a
/// base64 part (chunk borders inside lines and quanta) and a quoted-printable part
/// (borders inside escapes and soft line breaks), against the real server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_base64_and_quoted_printable_parts_save_byte_identical() {
    use base64::Engine as _;
    let server = Dovecot::shared();
    let user = server.user("bigparts");
    let binary = payload(14_000_000);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&binary);
    let b64_body = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\r\n");
    // The first two borders (always 1 and 2 MiB) fall inside lines, the first one
    // inside a 4-character quantum too.
    let column = |mib: usize| (mib << 20) % 78;
    assert!(column(1) < 76 && column(1) % 4 != 0, "column {}", column(1));
    assert!(column(2) < 76, "column {}", column(2));
    let (qp_body, text) = quoted_printable_split_everywhere(6_500_000);
    for mib in 1..=6usize {
        let at = mib << 20;
        let around = &qp_body[at - 2..at + 1];
        assert!(
            around.contains(&b'='),
            "border {mib} MiB not inside an encoding: {around:?}"
        );
    }
    let mut raw = b"From: s@example.org\r\nTo: r@example.org\r\nSubject: two big parts\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
        --b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\
        Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\n"
        .to_vec();
    raw.extend_from_slice(b64_body.as_bytes());
    raw.extend_from_slice(
        b"\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\
        Content-Disposition: attachment; filename=\"text.txt\"\r\n\r\n",
    );
    raw.extend_from_slice(&qp_body);
    raw.extend_from_slice(b"\r\n--b--\r\n");
    let (acct, _cache, loc) = one_synced_message(server, &user, raw).await;
    let timeouts = Tuning::default().timeouts;
    let dir = tempfile::tempdir().expect("tempdir");
    for (part, want) in [("2", &binary), ("3", &text)] {
        let mut reports = 0;
        let connect = || open_connection(&acct, &KeyringStore, &timeouts);
        let path = save_part(connect, &loc, part, dir.path(), &mut |_, _| reports += 1)
            .await
            .expect("saved");
        let saved = std::fs::read(&path).expect("read");
        assert_eq!(saved.len(), want.len(), "part {part}: length");
        assert!(saved == *want, "part {part}: bytes differ");
        println!("part {part}: {} bytes in {reports} chunks", saved.len());
    }
    assert_eq!(
        files_in(dir.path()),
        vec!["data.bin".to_string(), "text.txt".to_string()]
    );
}
