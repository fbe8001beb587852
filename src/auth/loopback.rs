//! The loopback redirect (RFC 8252 §7.3): a listener on 127.0.0.1 at a random port that
//! the browser is sent back to with `?code=...&state=...`. It answers with a small page
//! that says the tab can be closed, and hands the code over only when `state` matches
//! (a request without our state, e.g. from another page on this computer, is refused
//! and waiting goes on).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::core::{ErrorKind, TernError, Text};

/// The page the browser shows after the redirect, in the user's language (the UI passes
/// Fluent strings; the command line English ones).
#[derive(Debug, Clone)]
pub struct RedirectPages {
    /// "Signed in. You can close this tab and go back to Tern."
    pub signed_in: String,
    /// "Sign-in did not finish. Close this tab and try again in Tern."
    pub failed: String,
}

impl Default for RedirectPages {
    fn default() -> Self {
        RedirectPages {
            signed_in: "You are signed in. You can close this tab and go back to Tern.".into(),
            failed: "The sign-in did not finish. You can close this tab and try again in Tern.".into(),
        }
    }
}

/// A bound listener waiting for the browser.
#[derive(Debug)]
pub struct RedirectListener {
    listener: TcpListener,
    port: u16,
}

/// What the browser brought back.
enum Outcome {
    Code(String),
    Refused(String),
    /// Not for us (wrong path, no or wrong state): answered and ignored.
    Ignored,
}

/// The largest request head read from the browser.
const MAX_REQUEST: usize = 16 * 1024;
/// How long one browser connection may take to send its request.
const REQUEST_LIMIT: Duration = Duration::from_secs(10);

impl RedirectListener {
    /// Binds 127.0.0.1 on a port the system picks.
    pub async fn bind() -> Result<RedirectListener, TernError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(local_error)?;
        let port = listener.local_addr().map_err(local_error)?.port();
        Ok(RedirectListener { listener, port })
    }

    /// `http://127.0.0.1:PORT/`, registered as the redirect URI of the request.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Waits (at most `limit`) for the browser to come back with `state`, answers it
    /// with a page, and returns the authorization code.
    pub async fn wait_for_code(
        self,
        state: &str,
        pages: &RedirectPages,
        limit: Duration,
    ) -> Result<String, TernError> {
        let waiting = async {
            loop {
                let (stream, _) = self.listener.accept().await.map_err(local_error)?;
                let served = tokio::time::timeout(REQUEST_LIMIT, serve(stream, state, pages)).await;
                match served {
                    Ok(Ok(Outcome::Code(code))) => return Ok(code),
                    Ok(Ok(Outcome::Refused(reason))) => return Err(refused(&reason)),
                    // A slow, broken or foreign request does not end the wait.
                    Ok(Ok(Outcome::Ignored)) | Ok(Err(_)) | Err(_) => {}
                }
            }
        };
        match tokio::time::timeout(limit, waiting).await {
            Ok(result) => result,
            Err(_) => Err(TernError::new(
                ErrorKind::Auth,
                "The sign-in in the browser did not finish in time. Try again.",
            )
            .with_text(Text::new("err-oauth-timeout"))),
        }
    }
}

/// Reads one request and answers it.
async fn serve(mut stream: TcpStream, state: &str, pages: &RedirectPages) -> std::io::Result<Outcome> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || head.len() + n > MAX_REQUEST {
            return Ok(Outcome::Ignored);
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let outcome = if method == "GET" {
        read_target(target, state)
    } else {
        Outcome::Ignored
    };
    let (status, body) = match &outcome {
        Outcome::Code(_) => ("200 OK", pages.signed_in.as_str()),
        Outcome::Refused(_) => ("200 OK", pages.failed.as_str()),
        Outcome::Ignored => ("404 Not Found", ""),
    };
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Tern</title></head>\
         <body style='font-family:sans-serif;margin:3em'><p>{}</p></body></html>",
        html_escape(body)
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.flush().await?;
    Ok(outcome)
}

/// The code (or the provider's refusal) from `/?code=...&state=...`.
fn read_target(target: &str, state: &str) -> Outcome {
    let Ok(url) = oauth2::url::Url::parse(&format!("http://127.0.0.1{target}")) else {
        return Outcome::Ignored;
    };
    if url.path() != "/" {
        return Outcome::Ignored;
    }
    let find = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    if find("state").as_deref() != Some(state) {
        return Outcome::Ignored;
    }
    match (find("code"), find("error")) {
        (Some(code), None) if !code.is_empty() => Outcome::Code(code),
        (_, Some(error)) => Outcome::Refused(error),
        _ => Outcome::Refused("no code".into()),
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
}

fn local_error(e: std::io::Error) -> TernError {
    TernError::new(
        ErrorKind::Connect,
        format!("Tern could not wait for the browser on this computer ({e}). Try again."),
    )
    .with_text(Text::new("err-oauth-listener"))
}

fn refused(reason: &str) -> TernError {
    // The reason is the provider's short error code (e.g. access_denied), never a token.
    let reason: String = reason
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect();
    TernError::new(
        ErrorKind::Auth,
        format!("The sign-in was not completed in the browser ({reason}). Try again."),
    )
    .with_text(Text::new("err-oauth-refused").arg("reason", reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(port: u16, target: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .expect("send");
        let mut out = String::new();
        s.read_to_string(&mut out).await.expect("read");
        out
    }

    #[tokio::test]
    async fn waits_for_the_matching_state_and_answers_with_the_page() {
        let listener = RedirectListener::bind().await.expect("bind");
        let uri = listener.redirect_uri();
        assert!(
            uri.starts_with("http://127.0.0.1:") && uri.ends_with('/'),
            "{uri}"
        );
        let port: u16 = uri[17..uri.len() - 1].parse().expect("port");
        let pages = RedirectPages::default();
        let waiting = tokio::spawn(async move {
            listener
                .wait_for_code("st4te", &pages, Duration::from_secs(30))
                .await
        });
        let foreign = get(port, "/?code=evil&state=other").await;
        assert!(foreign.starts_with("HTTP/1.1 404"), "{foreign}");
        let favicon = get(port, "/favicon.ico").await;
        assert!(favicon.starts_with("HTTP/1.1 404"), "{favicon}");
        let ok = get(port, "/?code=c0de%2Bx&state=st4te&scope=a").await;
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(ok.contains("You can close this tab"), "{ok}");
        let code = waiting.await.expect("join").expect("code");
        assert_eq!(code, "c0de+x");
    }

    #[tokio::test]
    async fn a_refusal_in_the_browser_is_an_error_and_so_is_waiting_too_long() {
        let listener = RedirectListener::bind().await.expect("bind");
        let port = listener.port;
        let waiting = tokio::spawn(async move {
            listener
                .wait_for_code("s", &RedirectPages::default(), Duration::from_secs(30))
                .await
        });
        let page = get(port, "/?error=access_denied&state=s").await;
        assert!(page.contains("did not finish"), "{page}");
        let e = waiting.await.expect("join").expect_err("refused");
        assert!(e.message.contains("access_denied"), "{}", e.message);

        let listener = RedirectListener::bind().await.expect("bind");
        let e = listener
            .wait_for_code("s", &RedirectPages::default(), Duration::from_millis(50))
            .await
            .expect_err("timed out");
        assert_eq!(e.text.map(|t| t.id), Some("err-oauth-timeout"));
    }
}
