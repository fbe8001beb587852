//! Attachment downloads: `BODY.PEEK[part]<offset.len>` in chunks of 1-8 MiB (growing
//! while the server keeps up), two of them on the wire at once so the server sends the
//! next while the previous is transfer-decoded on a blocking thread and streamed into a
//! temp file in the chosen folder, renamed to the safe name only when complete (T-18,
//! T-28). A dropped connection resumes at the last confirmed offset
//! (T-24). Dropping the future cancels: the temp file is removed, no final name appears.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::backoff::Backoff;
use super::body::{select_message, tree_of};
use crate::core::{BodyPart, ErrorKind, TernError, Text};
use crate::files::PendingFile;
use crate::imap::{CHUNK, Connection, PartialFetches};
use crate::mime::StreamDecoder;
use crate::mime::sanitize_filename;
use crate::store::MessageLocation;

/// How many times in a row a download reconnects without progress before giving up.
const RETRIES: u32 = 5;

/// The safe file name for a part (one path component; T-17).
pub fn safe_name_for(part: &BodyPart) -> String {
    sanitize_filename(part.name.as_deref(), &part.mime_type)
}

/// The attachment parts of a message, in order.
pub fn attachment_parts(loc: &MessageLocation) -> Result<Vec<BodyPart>, TernError> {
    let tree = tree_of(loc)?;
    Ok(tree
        .walk()
        .into_iter()
        .filter(|p| p.is_attachment())
        .cloned()
        .collect())
}

/// Downloads `part` of the message into `dir` under its safe name (numbered on
/// collision). `connect` opens a fresh logged-in connection (used at the start and after
/// a drop); `progress(done, total)` reports encoded bytes.
pub async fn save_part<C, F>(
    mut connect: C,
    loc: &MessageLocation,
    part: &str,
    dir: &Path,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<PathBuf, TernError>
where
    C: FnMut() -> F,
    F: Future<Output = Result<Connection, TernError>>,
{
    let tree = tree_of(loc)?;
    let node = tree.find(part).filter(|p| !p.is_multipart()).ok_or_else(|| {
        TernError::new(ErrorKind::NotFound, format!("The message has no part {part}."))
            .with_text(Text::new("err-part-gone"))
    })?;
    let file = PendingFile::create(dir, &safe_name_for(node))?;
    let mut writer = ChunkWriter::new(file, StreamDecoder::for_encoding(&node.encoding));
    let mut state = Download {
        uid: loc.uid,
        section: &node.section,
        total: u64::from(node.size),
        confirmed: 0,
        chunk: ChunkLength::new(),
    };
    let mut conn: Option<Connection> = None;
    let mut failures = 0;
    let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(10));
    loop {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => {
                let mut fresh = connect().await?;
                select_message(&mut fresh, loc).await?;
                conn.insert(fresh)
            }
        };
        let before = state.confirmed;
        let result = state.run(c, &mut writer, progress).await;
        if state.confirmed > before {
            failures = 0;
        }
        match result {
            Ok(()) => break,
            Err(e) if e.is_transient() && failures < RETRIES => {
                // Resume at `confirmed`: every byte before it went to the writer. Fetches
                // still on the wire die with the connection; the next one starts with
                // small chunks again, so a link that keeps dropping still makes progress.
                failures += 1;
                state.chunk = ChunkLength::new();
                conn = None;
                tokio::time::sleep(backoff.next_delay()).await;
            }
            Err(e) => {
                writer.discard().await;
                return Err(e);
            }
        }
    }
    let file = writer.finish().await?;
    // fsync and rename are blocking file-system work: keep them off the async threads.
    let path = tokio::task::spawn_blocking(move || file.finish())
        .await
        .map_err(|_| writer_lost())??;
    if let Some(c) = conn {
        c.logout().await;
    }
    Ok(path)
}

/// Partial fetches on the wire at once: the server sends one while the next is queued.
const PIPELINE_DEPTH: usize = 2;

/// The largest partial fetch: with [`PIPELINE_DEPTH`] of them on the wire and one being
/// decoded, memory stays well under the 64 MiB a download may add.
const MAX_CHUNK: u32 = 8 << 20;

/// A chunk arriving within this long of the previous one: the server keeps up, ask for
/// more at a time.
const FAST: Duration = Duration::from_millis(300);

/// A chunk taking longer than this: a slow link, ask for less (finer progress, smaller
/// resumes).
const SLOW: Duration = Duration::from_secs(3);

/// The length of the next partial fetch: starts at [`CHUNK`], doubles while chunks come
/// quickly, halves when they come slowly, within `CHUNK..=MAX_CHUNK`.
struct ChunkLength {
    len: u32,
}

impl ChunkLength {
    fn new() -> ChunkLength {
        ChunkLength { len: CHUNK }
    }

    fn get(&self) -> u32 {
        self.len
    }

    /// Adapts to how long the last full chunk took to arrive.
    fn observe(&mut self, took: Duration) {
        if took < FAST {
            self.len = (self.len.saturating_mul(2)).min(MAX_CHUNK);
        } else if took > SLOW {
            self.len = (self.len / 2).max(CHUNK);
        }
    }
}

/// Where a download stands across reconnections.
struct Download<'a> {
    uid: u32,
    section: &'a str,
    /// The encoded size BODYSTRUCTURE announced.
    total: u64,
    /// Bytes handed to the writer.
    confirmed: u64,
    chunk: ChunkLength,
}

impl Download<'_> {
    /// Fetches from `confirmed` to the end of the part over `conn`, keeping
    /// [`PIPELINE_DEPTH`] fetches on the wire; returns when the last chunk went to the
    /// writer.
    async fn run(
        &mut self,
        conn: &mut Connection,
        writer: &mut ChunkWriter,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<(), TernError> {
        let mut fetches = PartialFetches::new(self.uid, self.section)?;
        let mut next = self.confirmed;
        let mut since = Instant::now();
        loop {
            // Pipeline up to the announced end; past it (a size BODYSTRUCTURE got wrong,
            // or a part ending exactly on a chunk border) one fetch at a time.
            while fetches.in_flight() < PIPELINE_DEPTH && (next < self.total || fetches.in_flight() == 0) {
                let len = self.chunk.get();
                fetches.request(conn, next, len).await?;
                next += u64::from(len);
            }
            // (Never None: the loop above always leaves a fetch on the wire.)
            let chunk = fetches.next(conn).await?.ok_or_else(writer_lost)?;
            let last = chunk.is_last();
            if !last {
                self.chunk.observe(since.elapsed());
            }
            since = Instant::now();
            self.confirmed += chunk.data.len() as u64;
            // Decoding and writing this chunk overlaps receiving the next ones.
            writer.submit(chunk.data).await?;
            progress(self.confirmed, self.total.max(self.confirmed));
            if last {
                if self.confirmed < self.total {
                    // The part ended before the size BODYSTRUCTURE announced: never give
                    // a truncated file the final name.
                    return Err(incomplete(self.confirmed, self.total));
                }
                return Ok(());
            }
        }
    }
}

/// Decodes and writes chunks on a blocking thread, one at a time and in order, while
/// the caller fetches the next chunk. Dropped mid-way, the file is removed (by the
/// blocking task once it finishes its chunk).
struct ChunkWriter {
    idle: Option<Sink>,
    busy: Option<WriteTask>,
    /// Bytes written when the last background flush started.
    flushed_at: u64,
    flushing: Option<tokio::task::JoinHandle<()>>,
}

/// Where decoded bytes go; the decode buffer is reused from chunk to chunk (a fresh one
/// of several MiB each time costs page faults).
struct Sink {
    file: PendingFile,
    decoder: StreamDecoder,
    decoded: Vec<u8>,
}

/// Start writing the file to disk in the background every this many bytes, so the
/// final fsync of a big attachment does not wait for all of it at once.
const FLUSH_EVERY: u64 = 32 << 20;

/// A chunk being decoded and written; hands the sink back when done.
type WriteTask = tokio::task::JoinHandle<(Sink, Result<(), TernError>)>;

fn incomplete(received: u64, expected: u64) -> TernError {
    TernError::new(
        ErrorKind::Message,
        format!(
            "The attachment arrived incomplete: the server sent {received} of {expected} bytes, so nothing was saved. Please try again; if it keeps happening, the message may be damaged on the server."
        ),
    )
    .with_text(
        Text::new("err-attachment-incomplete")
            .arg("received", received.to_string())
            .arg("expected", expected.to_string()),
    )
}

fn writer_lost() -> TernError {
    TernError::new(
        ErrorKind::Filesystem,
        "Writing the attachment stopped unexpectedly.",
    )
    .with_text(Text::new("err-write-stopped"))
}

impl ChunkWriter {
    fn new(file: PendingFile, decoder: StreamDecoder) -> ChunkWriter {
        ChunkWriter {
            idle: Some(Sink {
                file,
                decoder,
                decoded: Vec::new(),
            }),
            busy: None,
            flushed_at: 0,
            flushing: None,
        }
    }

    async fn wait(&mut self) -> Result<(), TernError> {
        if let Some(task) = self.busy.take() {
            let (sink, result) = task.await.map_err(|_| writer_lost())?;
            self.idle = Some(sink);
            result?;
        }
        Ok(())
    }

    async fn submit(&mut self, chunk: Vec<u8>) -> Result<(), TernError> {
        self.wait().await?;
        let mut sink = self.idle.take().ok_or_else(writer_lost)?;
        self.flush_in_background(&sink.file);
        self.busy = Some(tokio::task::spawn_blocking(move || {
            sink.decoded.clear();
            sink.decoder.feed(&chunk, &mut sink.decoded);
            let result = sink.file.write(&sink.decoded);
            (sink, result)
        }));
        Ok(())
    }

    /// Every [`FLUSH_EVERY`] bytes, unless the last flush is still running: errors are
    /// left to the final fsync, which reports them.
    fn flush_in_background(&mut self, file: &PendingFile) {
        let running = self.flushing.as_ref().is_some_and(|f| !f.is_finished());
        if running || file.written() < self.flushed_at + FLUSH_EVERY {
            return;
        }
        if let Some(handle) = file.sync_handle() {
            self.flushed_at = file.written();
            self.flushing = Some(tokio::task::spawn_blocking(move || {
                let _ = handle.sync_data();
            }));
        }
    }

    /// Waits for the chunk being written, then removes the temp file.
    async fn discard(mut self) {
        let _ = self.wait().await;
        if let Some(sink) = self.idle.take() {
            // Dropping a PendingFile removes its temp file: blocking work.
            let _ = tokio::task::spawn_blocking(move || drop(sink)).await;
        }
    }

    /// Flushes the decoder's tail and hands back the complete file.
    async fn finish(mut self) -> Result<PendingFile, TernError> {
        self.wait().await?;
        let Sink {
            mut file,
            mut decoder,
            ..
        } = self.idle.take().ok_or_else(writer_lost)?;
        let mut tail = Vec::new();
        decoder.finish(&mut tail);
        file.write(&tail)?;
        Ok(file)
    }
}
