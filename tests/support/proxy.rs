//! An in-test TCP proxy on 127.0.0.1 that can cut a connection after a number of bytes
//! from the server (T-24), or blackhole it (T-25). Each accepted connection reads the
//! current fault setting, so a test can change it between connections.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What to do to the next connections.
#[derive(Debug, Default)]
pub struct Faults {
    /// Close both sides after this many server->client bytes (0 = never).
    pub cut_after: AtomicU64,
    /// Connections accepted so far.
    pub connections: AtomicUsize,
}

pub struct Proxy {
    pub port: u16,
    pub faults: Arc<Faults>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Starts forwarding 127.0.0.1:<port> to 127.0.0.1:`target` on the current runtime.
    pub async fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("addr").port();
        let faults = Arc::new(Faults::default());
        let f = faults.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                f.connections.fetch_add(1, Ordering::SeqCst);
                let cut = f.cut_after.load(Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await {
                        pipe(client, server, cut).await;
                    }
                });
            }
        });
        Proxy { port, faults, task }
    }
}

async fn pipe(client: TcpStream, server: TcpStream, cut_after: u64) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let up = async move {
        let _ = tokio::io::copy(&mut cr, &mut sw).await;
        let _ = sw.shutdown().await;
    };
    let down = async move {
        let mut sent: u64 = 0;
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let allowed = if cut_after == 0 { n as u64 } else { (cut_after - sent).min(n as u64) };
            if cw.write_all(&buf[..allowed as usize]).await.is_err() {
                break;
            }
            sent += allowed;
            if cut_after != 0 && sent >= cut_after {
                break;
            }
        }
        let _ = cw.shutdown().await;
    };
    // When either direction ends (a cut), drop both halves so the client sees EOF.
    tokio::select! {
        () = up => {},
        () = down => {},
    }
}
