//! A small SMTP -> LMTP relay for the submission chain (testing.md, "Sending mail"):
//! Dovecot's submission service relays with SMTP (EHLO), Dovecot's LMTP only speaks
//! LHLO, so this sits between them. No root, no MTA: one thread per connection,
//! enough for tests. Recipients go to LMTP as given; the message data is passed on
//! as received (still dot-stuffed, which LMTP expects too).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Counts what went through (for tests that want to know).
#[derive(Debug, Default)]
pub struct RelayStats {
    pub messages: AtomicU64,
}

/// Serves `listener` forever on a background thread, relaying to LMTP on `lmtp_port`.
pub fn spawn(listener: TcpListener, lmtp_port: u16) -> Arc<RelayStats> {
    let stats = Arc::new(RelayStats::default());
    let s = stats.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let s = s.clone();
            std::thread::spawn(move || {
                let _ = serve(conn, lmtp_port, &s);
            });
        }
    });
    stats
}

fn reply(w: &mut impl Write, text: &str) -> std::io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.write_all(b"\r\n")?;
    w.flush()
}

fn read_line(r: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    if r.read_until(b'\n', &mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&line).trim_end().to_string()))
}

/// One LMTP transaction, opened at MAIL FROM so RCPT answers are LMTP's own (an
/// unknown user is refused at RCPT, as a real MTA would).
struct Lmtp {
    w: TcpStream,
    r: BufReader<TcpStream>,
    rcpts: usize,
}

impl Lmtp {
    fn open(port: u16, from: &str) -> std::io::Result<(Lmtp, String)> {
        let conn = TcpStream::connect(("127.0.0.1", port))?;
        conn.set_read_timeout(Some(Duration::from_secs(120)))?;
        let w = conn.try_clone()?;
        let mut l = Lmtp {
            w,
            r: BufReader::new(conn),
            rcpts: 0,
        };
        l.read()?;
        l.command("LHLO relay")?;
        let answer = l.command(&format!("MAIL FROM:{from}"))?;
        Ok((l, answer))
    }

    /// Reads one reply; returns its last line (code and text).
    fn read(&mut self) -> std::io::Result<String> {
        loop {
            let Some(line) = read_line(&mut self.r)? else {
                return Err(std::io::Error::other("lmtp closed"));
            };
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(line);
            }
        }
    }

    fn command(&mut self, line: &str) -> std::io::Result<String> {
        self.w.write_all(line.as_bytes())?;
        self.w.write_all(b"\r\n")?;
        self.read()
    }
}

fn serve(conn: TcpStream, lmtp_port: u16, stats: &RelayStats) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut w = conn.try_clone()?;
    let mut r = BufReader::new(conn);
    reply(&mut w, "220 relay ESMTP")?;
    let mut lmtp: Option<Lmtp> = None;
    while let Some(line) = read_line(&mut r)? {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            reply(&mut w, "250-relay\r\n250-8BITMIME\r\n250 PIPELINING")?;
        } else if upper.starts_with("MAIL FROM:") {
            let from = line[10..].split_whitespace().next().unwrap_or("<>").to_string();
            match Lmtp::open(lmtp_port, &from) {
                Ok((l, answer)) => {
                    reply(&mut w, &answer)?;
                    lmtp = Some(l);
                }
                Err(e) => reply(&mut w, &format!("451 lmtp: {e}"))?,
            }
        } else if upper.starts_with("RCPT TO:") {
            let rcpt = line[8..].split_whitespace().next().unwrap_or("").to_string();
            match lmtp.as_mut() {
                Some(l) => {
                    let answer = l.command(&format!("RCPT TO:{rcpt}"))?;
                    if answer.starts_with('2') {
                        l.rcpts += 1;
                    }
                    reply(&mut w, &answer)?;
                }
                None => reply(&mut w, "503 MAIL first")?,
            }
        } else if upper == "DATA" {
            let Some(mut l) = lmtp.take() else {
                reply(&mut w, "503 MAIL first")?;
                continue;
            };
            let answer = l.command("DATA")?;
            if !answer.starts_with("354") {
                reply(&mut w, &answer)?;
                continue;
            }
            reply(&mut w, "354 go ahead")?;
            loop {
                let mut line = Vec::new();
                if r.read_until(b'\n', &mut line)? == 0 {
                    return Ok(());
                }
                // Passed on still dot-stuffed: LMTP uses the same framing.
                l.w.write_all(&line)?;
                if line == b".\r\n" || line == b".\n" {
                    break;
                }
            }
            // LMTP answers once per accepted recipient.
            let mut last = String::from("250 delivered");
            for _ in 0..l.rcpts {
                let a = l.read()?;
                if !a.starts_with('2') {
                    last = a;
                }
            }
            if last.starts_with('2') {
                stats.messages.fetch_add(1, Ordering::SeqCst);
            }
            let _ = l.command("QUIT");
            reply(&mut w, &last)?;
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            lmtp = None;
            reply(&mut w, "250 ok")?;
        } else if upper.starts_with("QUIT") {
            reply(&mut w, "221 bye")?;
            return Ok(());
        } else {
            reply(&mut w, "502 not here")?;
        }
    }
    Ok(())
}
