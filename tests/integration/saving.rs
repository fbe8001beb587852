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
