//! COMPRESS=DEFLATE (RFC 4978) as a transport under the guard.
//!
//! Raw DEFLATE both ways. Reads: the transport's bytes are inflated before the guard
//! scans them, so the guard's limits apply to what the server meant, not to the
//! compressed size. Writes: deflated, and every flush ends with a sync flush so the server
//! can decode each command completely; async-imap flushes after every command it sends
//! (tagged commands, continuation data, IDLE's DONE, APPEND), which is exactly the
//! per-command flush RFC 4978 asks for.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use async_compression::tokio::bufread::DeflateDecoder;
use async_compression::tokio::write::DeflateEncoder;
use tokio::io::{AsyncRead, AsyncWrite, BufReader, ReadBuf};

use super::guard::Transport;

/// A transport that was already read from before compression began: `prefix` holds the
/// bytes read but not yet used, and is served first.
struct Prefixed {
    prefix: Vec<u8>,
    pos: usize,
    inner: Box<dyn Transport>,
}

impl AsyncRead for Prefixed {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.pos < this.prefix.len() {
            let n = (this.prefix.len() - this.pos).min(buf.remaining());
            buf.put_slice(&this.prefix[this.pos..this.pos + n]);
            this.pos += n;
            if this.pos == this.prefix.len() {
                this.prefix = Vec::new();
                this.pos = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Prefixed {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Reads: inflate(transport). Writes: transport(deflate(bytes)). The write side sits
/// inside the read side's buffer (the same layering async-imap's own DeflateStream uses),
/// because both need the one transport.
pub(crate) struct Deflate {
    inner: DeflateDecoder<BufReader<DeflateEncoder<Prefixed>>>,
}

impl fmt::Debug for Deflate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deflate")
            .field("transport", &self.inner.get_ref().get_ref().get_ref().inner)
            .finish()
    }
}

impl Deflate {
    /// Starts compressing over `transport`; `already_read` are bytes received on it that
    /// belong to the compressed stream.
    pub(crate) fn new(transport: Box<dyn Transport>, already_read: Vec<u8>) -> Deflate {
        let prefixed = Prefixed {
            prefix: already_read,
            pos: 0,
            inner: transport,
        };
        Deflate {
            inner: DeflateDecoder::new(BufReader::new(DeflateEncoder::new(prefixed))),
        }
    }

    fn writer(&mut self) -> Pin<&mut DeflateEncoder<Prefixed>> {
        Pin::new(self.inner.get_mut().get_mut())
    }
}

impl AsyncRead for Deflate {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Deflate {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.get_mut().writer().poll_write(cx, buf)
    }
    /// A sync flush: everything written so far becomes decodable by the server.
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().writer().poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().writer().poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A loopback pair: our `Deflate` on one side, a plain inflate/deflate peer on the
    /// other, with bytes the peer sent before compression began already read.
    #[tokio::test]
    async fn round_trip_with_sync_flush_and_prefix() {
        let (client, server) = tokio::io::duplex(1 << 16);
        let (server_read, mut server_write) = tokio::io::split(server);

        // The server's first compressed bytes, as if read together with the tagged OK.
        let mut enc = DeflateEncoder::new(Vec::new());
        enc.write_all(b"* OK first\r\n").await.expect("deflate");
        enc.flush().await.expect("flush");
        let early = std::mem::take(enc.get_mut());
        let (head, tail) = early.split_at(early.len() / 2);

        let mut deflate = Deflate::new(Box::new(client), head.to_vec());
        server_write.write_all(tail).await.expect("write");

        // The server keeps compressing in the same stream.
        enc.write_all(b"A1 OK done\r\n").await.expect("deflate");
        enc.flush().await.expect("flush");
        let later = std::mem::take(enc.get_mut());
        server_write.write_all(&later).await.expect("write");

        let mut got = vec![0u8; 24];
        deflate.read_exact(&mut got).await.expect("inflate");
        assert_eq!(&got, b"* OK first\r\nA1 OK done\r\n");

        // Each flushed command is decodable on its own.
        deflate.write_all(b"A2 NOOP\r\n").await.expect("write");
        deflate.flush().await.expect("flush");
        let mut peer = DeflateDecoder::new(BufReader::new(server_read));
        let mut line = vec![0u8; 9];
        peer.read_exact(&mut line).await.expect("inflate");
        assert_eq!(&line, b"A2 NOOP\r\n");
    }
}
