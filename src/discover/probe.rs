//! The last resort: guessed host names (imap., mail., smtp.) on the usual ports, each
//! probed with one short connection. A candidate counts when it answers like a mail
//! server: a TLS handshake on implicit-TLS ports (a certificate Tern does not trust
//! still counts: the server is there, the trust question comes at sign-in), or an
//! IMAP/SMTP greeting on STARTTLS ports. Nothing is sent after the greeting.

use std::net::SocketAddr;
use std::sync::Arc;

use rustls::ClientConfig;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use super::dns::Dns;
use crate::config::Security;

/// Which protocol a candidate speaks (decides the greeting on STARTTLS ports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Imap,
    Smtp,
}

/// One guessed server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// The candidates for `domain` in the order they are preferred.
pub fn candidates(domain: &str, prefixes: &[&str], ports: &[(u16, Security)]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for prefix in prefixes {
        for (port, security) in ports {
            out.push(Candidate {
                host: format!("{prefix}.{domain}"),
                port: *port,
                security: *security,
            });
        }
    }
    out
}

async fn connect(dns: &Dns, host: &str, port: u16) -> Option<TcpStream> {
    for ip in dns.addresses(host).await {
        if let Ok(stream) = TcpStream::connect(SocketAddr::new(ip, port)).await {
            return Some(stream);
        }
    }
    None
}

async fn answers(dns: &Dns, tls: Arc<ClientConfig>, candidate: &Candidate, protocol: Protocol) -> bool {
    let Some(mut tcp) = connect(dns, &candidate.host, candidate.port).await else {
        return false;
    };
    match candidate.security {
        Security::Tls => {
            let Ok(name) = crate::imap::tls::server_name(&candidate.host) else {
                return false;
            };
            match tokio_rustls::TlsConnector::from(tls).connect(name, tcp).await {
                Ok(_) => true,
                // The server speaks TLS but its certificate needs the user's decision.
                Err(e) => matches!(
                    crate::imap::tls::rustls_error(&e),
                    Some(rustls::Error::InvalidCertificate(_))
                ),
            }
        }
        Security::Starttls | Security::Plain => {
            let mut greeting = [0u8; 64];
            let Ok(read) = tcp.read(&mut greeting).await else {
                return false;
            };
            let line = &greeting[..read];
            match protocol {
                Protocol::Imap => line.starts_with(b"* OK") || line.starts_with(b"* PREAUTH"),
                Protocol::Smtp => line.starts_with(b"220"),
            }
        }
    }
}

/// Probes all `candidates` at once, each limited to `timeout`; returns the first one
/// in candidate order that answered.
pub async fn first_answering(
    dns: &Dns,
    tls: Arc<ClientConfig>,
    candidates: &[Candidate],
    protocol: Protocol,
    timeout: std::time::Duration,
) -> Option<Candidate> {
    let probes = candidates.iter().map(|candidate| {
        let tls = tls.clone();
        async move {
            tokio::time::timeout(timeout, answers(dns, tls, candidate, protocol))
                .await
                .unwrap_or(false)
        }
    });
    let results = futures::future::join_all(probes).await;
    candidates
        .iter()
        .zip(results)
        .find(|(_, ok)| *ok)
        .map(|(candidate, _)| candidate.clone())
}
