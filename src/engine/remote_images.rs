//! Remote images of a message, fetched only after the user asked (issue 12 item 3,
//! T-14): "Show images" for one message, or a sender on the "always" list. Plain GETs
//! over reqwest with rustls on ring: no cookie store (reqwest is built without one), no
//! Referer (also not on redirects), a few redirects at most, http(s) only, a size cap per
//! image and per message, and timeouts. Tracking pixels (a width or height of 0 or 1 in
//! the HTML) are never fetched. No User-Agent is sent (it would only tell the sender
//! which mail program opened the message).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::mime::{Block, BlockKind};

/// The limits of fetching remote images.
#[derive(Debug, Clone)]
pub struct RemoteImagesConfig {
    /// Extra trusted CA certificates (PEM), besides the built-in roots (tests).
    pub extra_ca: Option<PathBuf>,
    /// Bytes one image may have.
    pub max_image: u64,
    /// Bytes all images of one message may have together.
    pub max_total: u64,
    /// Images fetched for one message at most (the rest keep their placeholder).
    pub max_images: usize,
    /// Connecting, and the whole of one image.
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// Images fetched at the same time.
    pub parallel: usize,
}

impl Default for RemoteImagesConfig {
    fn default() -> Self {
        RemoteImagesConfig {
            extra_ca: None,
            max_image: 5 * 1024 * 1024,
            max_total: 25 * 1024 * 1024,
            max_images: 100,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            parallel: 4,
        }
    }
}

impl RemoteImagesConfig {
    /// The defaults with `TERN_REMOTE_IMAGES_CA` (a PEM file of extra trusted CAs).
    pub fn from_env() -> RemoteImagesConfig {
        RemoteImagesConfig {
            extra_ca: std::env::var_os("TERN_REMOTE_IMAGES_CA").map(PathBuf::from),
            ..RemoteImagesConfig::default()
        }
    }
}

/// Why a remote image is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchError {
    /// No connection, a TLS failure, a non-2xx answer or a timeout.
    Unreachable,
    /// Over the size of one image or the message's total.
    TooLarge,
}

/// Whether an image's size attributes make it a tracking pixel (never fetched).
pub fn is_tracking_pixel(width: Option<u32>, height: Option<u32>) -> bool {
    width.is_some_and(|w| w <= 1) || height.is_some_and(|h| h <= 1)
}

/// Whether `src` is an http(s) URL (the only remote images ever fetched).
pub fn is_remote(src: &str) -> bool {
    let lower = src.trim().get(..8).unwrap_or(src).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The remote image URLs of `blocks` that "Show images" fetches: http(s) only, no
/// tracking pixels, each once, at most `max` of them, in document order.
pub fn fetchable<'a>(blocks: impl IntoIterator<Item = &'a Block>, max: usize) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for b in blocks {
        if let BlockKind::Image {
            src, width, height, ..
        } = &b.kind
            && is_remote(src)
            && !is_tracking_pixel(*width, *height)
            && !urls.iter().any(|u| u == src.trim())
        {
            if urls.len() == max {
                break;
            }
            urls.push(src.trim().to_string());
        }
    }
    urls
}

/// The client for remote images: no cookies, no Referer, at most 3 redirects, each to
/// http(s), with the timeouts of `config`.
pub fn client(config: &RemoteImagesConfig) -> Result<reqwest::Client, String> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        let scheme = attempt.url().scheme();
        // `previous` holds the first URL and every one redirected from so far.
        if attempt.previous().len() > 3 || !(scheme == "https" || scheme == "http") {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder()
        .referer(false)
        .redirect(redirects)
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout);
    if let Some(path) = &config.extra_ca {
        let pem = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let certs =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| format!("{}: {e}", path.display()))?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

/// One message's fetches share a client and a byte budget.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_image: u64,
    budget: Arc<AtomicU64>,
    slots: Arc<tokio::sync::Semaphore>,
}

impl Fetcher {
    pub fn new(config: &RemoteImagesConfig) -> Result<Fetcher, String> {
        Ok(Fetcher {
            client: client(config)?,
            max_image: config.max_image,
            budget: Arc::new(AtomicU64::new(config.max_total)),
            slots: Arc::new(tokio::sync::Semaphore::new(config.parallel.max(1))),
        })
    }

    /// Takes `n` bytes from the message's budget, or says there is not enough left.
    fn spend(&self, n: u64) -> bool {
        self.budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(n))
            .is_ok()
    }

    /// The bytes at `url` (an http(s) URL), within the caps.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        if !is_remote(url) {
            return Err(FetchError::Unreachable);
        }
        let _slot = self.slots.acquire().await.map_err(|_| FetchError::Unreachable)?;
        let mut response = self
            .client
            .get(url)
            .header(reqwest::header::ACCEPT, "image/*")
            .send()
            .await
            .map_err(|e| {
                tracing::debug!("remote image {url}: {e}");
                FetchError::Unreachable
            })?;
        if !response.status().is_success() {
            return Err(FetchError::Unreachable);
        }
        if response.content_length().is_some_and(|n| n > self.max_image) {
            return Err(FetchError::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|_| FetchError::Unreachable)? {
            let n = chunk.len() as u64;
            if body.len() as u64 + n > self.max_image || !self.spend(n) {
                return Err(FetchError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(src: &str, width: Option<u32>, height: Option<u32>) -> Block {
        Block::image(src.into(), String::new(), width, height)
    }

    #[test]
    fn only_http_images_that_are_not_pixels_each_once() {
        let blocks = vec![
            image("https://a.example/1.png", None, None),
            image("cid:logo@x", None, None),
            image("https://t.example/open.gif", Some(1), Some(1)),
            image("http://a.example/2.png", Some(300), None),
            image(" https://a.example/1.png", None, None),
            image("https://t.example/wide.gif", Some(600), Some(0)),
            image("data:image/png;base64,xx", None, None),
        ];
        assert_eq!(
            fetchable(&blocks, 10),
            vec!["https://a.example/1.png", "http://a.example/2.png"]
        );
        assert_eq!(fetchable(&blocks, 1), vec!["https://a.example/1.png"]);
    }

    #[test]
    fn pixels_and_schemes() {
        assert!(is_tracking_pixel(Some(1), None));
        assert!(is_tracking_pixel(None, Some(0)));
        assert!(!is_tracking_pixel(Some(2), Some(2)));
        assert!(!is_tracking_pixel(None, None));
        assert!(is_remote("HTTPS://x.example/a"));
        assert!(!is_remote("ftp://x.example/a"));
        assert!(!is_remote("file:///etc/passwd"));
    }
}
