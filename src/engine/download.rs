//! Attachment downloads: `BODY.PEEK[part]<offset.len>` in ~1 MiB chunks, transfer-decoded
//! while streaming into a temp file in the chosen folder, renamed to the safe name only
//! when complete (T-18, T-28). A dropped connection resumes at the last confirmed offset
//! (T-24). Dropping the future cancels: the temp file is removed, no final name appears.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::backoff::Backoff;
use super::body::{select_message, tree_of};
use super::save::PendingFile;
use super::transfer_decode::StreamDecoder;
use crate::core::{BodyPart, ErrorKind, TernError};
use crate::imap::{CHUNK, Connection};
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
    let node = tree
        .find(part)
        .filter(|p| !p.is_multipart())
        .ok_or_else(|| TernError::new(ErrorKind::NotFound, format!("The message has no part {part}.")))?;
    let mut file = PendingFile::create(dir, &safe_name_for(node))?;
    let mut decoder = StreamDecoder::for_encoding(&node.encoding);
    let total = u64::from(node.size);
    let mut offset: u64 = 0;
    let mut decoded = Vec::with_capacity(CHUNK as usize);
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
        match c.fetch_partial(loc.uid, &node.section, offset, CHUNK).await {
            Ok(chunk) => {
                failures = 0;
                decoded.clear();
                decoder.feed(&chunk, &mut decoded);
                file.write(&decoded)?;
                offset += chunk.len() as u64;
                progress(offset.min(total.max(offset)), total.max(offset));
                if chunk.len() < CHUNK as usize {
                    break;
                }
            }
            Err(e) if e.is_transient() && failures < RETRIES => {
                // Resume at `offset`: everything before it is decoded and written.
                failures += 1;
                conn = None;
                tokio::time::sleep(backoff.next_delay()).await;
            }
            Err(e) => return Err(e),
        }
    }
    decoded.clear();
    decoder.finish(&mut decoded);
    file.write(&decoded)?;
    let path = file.finish()?;
    if let Some(c) = conn {
        c.logout().await;
    }
    Ok(path)
}
