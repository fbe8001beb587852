//! A small HTTPS server for discovery tests: serves fixed answers per (host, path) on a
//! loopback port with a certificate from a test CA. Answers can also be broken on
//! purpose: a status, a redirect, or a connection that never answers. Every request is
//! recorded (host, path, headers) so tests can count what a client fetched.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// What the server does for one request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 200 with this body.
    Body(String),
    /// This status with an empty body.
    Status(u16),
    /// 302 to this location.
    Redirect(String),
    /// Reads the request and never answers (until the client gives up).
    Hang,
    /// 200 with these bytes as `image/png`, and a `Set-Cookie` header (a client must
    /// never send it back).
    Image(Vec<u8>),
}

/// One request the server read.
#[derive(Debug, Clone)]
pub struct Request {
    pub host: String,
    pub path: String,
    /// Header names lower-case, with their values.
    pub headers: Vec<(String, String)>,
}

pub struct HttpsFiles {
    pub port: u16,
    /// Every request so far, in the order they arrived.
    pub requests: Arc<Mutex<Vec<Request>>>,
}

type Routes = Arc<HashMap<(String, String), Answer>>;

impl HttpsFiles {
    /// Serves `routes` ((host without port, path) -> answer) with the certificate
    /// `cert`/`key` (PEM files). Unknown routes get 404.
    pub fn start(cert: &Path, key: &Path, routes: Vec<((&str, &str), Answer)>) -> HttpsFiles {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
            .expect("certificate file")
            .map(|c| c.expect("certificate"))
            .collect();
        let key = PrivateKeyDer::from_pem_file(key).expect("key file");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("server certificate");
        let config = Arc::new(config);
        let routes: Routes = Arc::new(
            routes
                .into_iter()
                .map(|((host, path), answer)| ((host.to_string(), path.to_string()), answer))
                .collect(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let config = config.clone();
                let routes = routes.clone();
                let log = log.clone();
                std::thread::spawn(move || serve(stream, config, routes, log));
            }
        });
        HttpsFiles { port, requests }
    }

    /// The requests so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn serve(tcp: TcpStream, config: Arc<rustls::ServerConfig>, routes: Routes, log: Arc<Mutex<Vec<Request>>>) {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut reader = BufReader::new(&mut tls);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut host = String::new();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("host") {
                host = value.rsplit_once(':').map_or(value, |(h, _)| h).to_string();
            }
            headers.push((name.trim().to_ascii_lowercase(), value.to_string()));
        }
    }
    log.lock().unwrap_or_else(|e| e.into_inner()).push(Request {
        host: host.clone(),
        path: path.clone(),
        headers,
    });
    let answer = routes.get(&(host, path)).cloned().unwrap_or(Answer::Status(404));
    if let Answer::Image(bytes) = &answer {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nSet-Cookie: tracker=abc123; Path=/\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            bytes.len()
        );
        let _ = tls.write_all(head.as_bytes());
        let _ = tls.write_all(bytes);
        let _ = tls.flush();
        tls.conn.send_close_notify();
        let _ = tls.flush();
        return;
    }
    let response = match answer {
        Answer::Body(body) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        Answer::Status(code) => {
            format!("HTTP/1.1 {code} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
        Answer::Redirect(to) => {
            format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
        Answer::Hang => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        Answer::Image(_) => return,
    };
    let _ = tls.write_all(response.as_bytes());
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}
