//! For fuzzing and tests only (T-10): plays bytes as everything an IMAP server sends on
//! one connection, through the same path the real connection uses — the guard
//! (`guard`), async-imap with imap-proto's parser, and Tern's response-to-model mapping
//! (BODYSTRUCTURE to parts, header rows, flags, folder names).
//!
//! Two passes over the same bytes:
//! - a response stream: every response the parser gets out of the bytes (whatever the
//!   tags) is mapped to the model, so random bytes reach the parser and the mapping;
//! - a session: greeting, CAPABILITY, login, ID, COMPRESS ([`super::connect`]'s own
//!   code), then SELECT, header fetch, flag changes, LIST, body sections and a partial
//!   fetch. async-imap numbers its commands `A0001`, `A0002`, … (our pre-login
//!   CAPABILITY is `T3`), so a recorded session replays.
//!
//! The transport hands the bytes out in chunks of varying size, so responses, literal
//! announcements and CRLFs are split across reads as on a real network. Both passes run
//! on a thread with the 2 MiB stack of a tokio worker, where the real connection runs.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use async_imap::imap_proto::{AttributeValue, MailboxDatum, Response};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::connect::{Timeouts, capability_name, establish};
use super::guard::GuardedStream;
use crate::auth::Credential;
use crate::core::BodyPart;
use crate::core::Section;

/// The stack of a tokio worker thread.
const WORKER_STACK: usize = 2 * 1024 * 1024;

/// What one replay saw (for the fuzz target's and the replay test's checks).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReplayReport {
    /// Responses the parser produced in the stream pass.
    pub responses: usize,
    /// Deepest BODYSTRUCTURE part tree mapped (1 = a single part).
    pub deepest_parts: usize,
    /// Whether the session got as far as a logged-in connection.
    pub logged_in: bool,
}

/// Whether the guard's bulk path for plain runs decides exactly as stepping byte by byte
/// does on `data` (same verdict, same state after every read).
pub fn guard_bulk_path_agrees(data: &[u8]) -> bool {
    super::guard::bulk_path_agrees(data)
}

/// Plays `data` as a server's bytes (see the module docs). Never panics on any input;
/// a panic here is a bug the fuzzer reports.
pub fn replay_server_bytes(data: &[u8]) -> ReplayReport {
    let data = data.to_vec();
    let worker = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .ok()?;
            let mut report = ReplayReport::default();
            rt.block_on(stream_pass(&data, &mut report));
            rt.block_on(session_pass(&data, &mut report));
            Some(report)
        });
    // A panic on the worker thread is resumed here so libFuzzer sees it as a crash.
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(report)) => report.unwrap_or_default(),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => ReplayReport::default(),
    }
}

async fn stream_pass(data: &[u8], report: &mut ReplayReport) {
    let mut client = async_imap::Client::new(GuardedStream::new(Box::new(Scripted::new(data))));
    // Each response consumes at least one byte: this bounds the loop whatever the parser does.
    for _ in 0..=data.len() {
        let Ok(Some(response)) = client.read_response().await else {
            return;
        };
        report.responses += 1;
        match response.parsed() {
            Response::Fetch(_, attrs) => {
                for attr in attrs {
                    if let AttributeValue::BodyStructure(bs) = attr {
                        let parts = super::bodystructure::convert(bs);
                        report.deepest_parts = report.deepest_parts.max(depth(&parts));
                    }
                }
            }
            Response::MailboxData(MailboxDatum::List(list)) => {
                let _ = super::mutf7::decode(&list.name);
            }
            Response::Capabilities(list) => {
                for c in list {
                    let _ = capability_name(&async_imap::types::Capability::from(c));
                }
            }
            _ => {}
        }
    }
}

async fn session_pass(data: &[u8], report: &mut ReplayReport) {
    let transport = Box::new(Scripted::new(data));
    let Ok(mut conn) = establish(
        transport,
        false,
        ("fuzz.invalid", 993),
        "user",
        Credential::Password("secret"),
        Timeouts::default(),
    )
    .await
    else {
        return;
    };
    report.logged_in = true;
    // Each step's error is expected for most inputs; the next step runs anyway, as the
    // engine's next command would (a dead connection fails them all quickly).
    let _ = conn.enable_qresync().await;
    if conn.select("INBOX").await.is_ok() {
        if let Ok(batch) = conn.fetch_header_batch_by_uid(1, 50).await {
            let _ = batch.into_rows();
        }
        let _ = conn.fetch_changes(1, 50, 1).await;
        let _ = conn.uids_from(1).await;
        let _ = conn
            .fetch_sections(1, &[Section::Header, Section::Part("1".into())])
            .await;
        let _ = conn.fetch_partial(1, "2", 0, super::CHUNK).await;
        // Pipelined partial fetches (attachment saving): two on the wire, then drain.
        if let Ok(mut fetches) = super::PartialFetches::new(1, "2") {
            for offset in [0, u64::from(super::CHUNK)] {
                let _ = fetches.request(&mut conn, offset, super::CHUNK).await;
            }
            while let Ok(Some(_)) = fetches.next(&mut conn).await {}
        }
    }
    let _ = conn.list_folders().await;
    let _ = conn.noop().await;
}

fn depth(part: &BodyPart) -> usize {
    1 + part.children.iter().map(depth).max().unwrap_or(0)
}

/// The server side: hands out `data` in chunks of varying size, then end of stream;
/// accepts and drops whatever the client writes.
#[derive(Debug)]
struct Scripted {
    data: Vec<u8>,
    pos: usize,
    turn: usize,
}

/// Read sizes the transport cycles through (where it starts depends on the input's
/// length, so different inputs split differently).
const CHUNKS: [usize; 6] = [1, 7, 64, 1500, 3, 65536];

impl Scripted {
    fn new(data: &[u8]) -> Scripted {
        Scripted {
            data: data.to_vec(),
            pos: 0,
            turn: data.len() % CHUNKS.len(),
        }
    }
}

impl AsyncRead for Scripted {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let chunk = CHUNKS[this.turn % CHUNKS.len()];
        this.turn += 1;
        let n = chunk.min(buf.remaining()).min(this.data.len() - this.pos);
        buf.put_slice(&this.data[this.pos..this.pos + n]);
        this.pos += n;
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Scripted {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
