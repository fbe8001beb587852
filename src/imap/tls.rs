//! TLS for IMAP: trust anchors, the handshake, and turning TLS failures into errors a
//! person can act on.
//!
//! Trust: the system's roots (rustls-native-certs; webpki-roots when none load) plus the
//! account's `ca_file`. Certificates are verified by rustls/webpki only; this module has
//! no way to skip or weaken verification.

use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::core::{ErrorKind, TernError};

/// The system's trust anchors, loaded once per process.
fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let loaded = rustls_native_certs::load_native_certs();
        if !loaded.errors.is_empty() {
            tracing::debug!("some system certificates did not load: {:?}", loaded.errors);
        }
        loaded.certs
    })
}

fn ca_file_error(path: &Path, why: impl std::fmt::Display) -> TernError {
    TernError::new(
        ErrorKind::Config,
        format!(
            "Tern could not use the certificate file {} ({why}). Check the account's `ca_file` setting.",
            path.display()
        ),
    )
    .with_text(crate::core::Text::new("err-ca-file").arg("path", path.display().to_string()))
}

/// The client configuration for one account.
pub(crate) fn client_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, TernError> {
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(system_roots().iter().cloned());
    if added == 0 {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    if let Some(path) = ca_file {
        let mut count = 0;
        let certs = CertificateDer::pem_file_iter(path).map_err(|e| ca_file_error(path, e))?;
        for cert in certs {
            let cert = cert.map_err(|e| ca_file_error(path, e))?;
            roots
                .add(cert)
                .map_err(|e| ca_file_error(path, format!("not a usable certificate: {e}")))?;
            count += 1;
        }
        if count == 0 {
            return Err(ca_file_error(path, "it contains no certificate"));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            TernError::new(
                ErrorKind::NoEncryption,
                format!("Tern could not set up encryption: {e}"),
            )
            .with_text(crate::core::Text::new("err-tls-setup"))
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The name the certificate must match: a DNS name or an IP address.
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, TernError> {
    ServerName::try_from(host.to_string()).map_err(|_| {
        TernError::new(
            ErrorKind::Config,
            format!("`{host}` is not a valid server name. Check the account's IMAP host."),
        )
        .with_text(crate::core::Text::new("err-bad-host-name").arg("host", host))
    })
}

/// Runs the TLS handshake over `tcp` (no timeout here; the caller adds one).
pub(crate) async fn handshake(
    tcp: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<TlsStream<TcpStream>, TernError> {
    let name = server_name(host)?;
    TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|e| handshake_error(&e, host))
}

/// The rustls error inside an I/O error, if any.
pub(crate) fn rustls_error(e: &io::Error) -> Option<&rustls::Error> {
    e.get_ref()?.downcast_ref::<rustls::Error>()
}

/// Explains a failed handshake.
pub(crate) fn handshake_error(e: &io::Error, host: &str) -> TernError {
    if let Some(tls) = rustls_error(e) {
        return tls_error(tls, host);
    }
    match e.kind() {
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "{host} closed the connection while encryption was being set up. The server \
                 may not offer encryption on this port; check the port and security settings."
            ),
        )
        .with_text(crate::core::Text::new("err-tls-failed").arg("host", host)),
        kind => TernError::new(
            ErrorKind::Disconnected,
            format!(
                "The connection to {host} failed while encryption was being set up ({kind}). \
                 Tern will try again later."
            ),
        )
        .with_text(crate::core::Text::new("err-connection-lost").arg("host", host)),
    }
}

/// Explains a TLS failure: certificate problems get one plain sentence each (in English
/// and as a Fluent message for the window).
pub(crate) fn tls_error(e: &rustls::Error, host: &str) -> TernError {
    let id = match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => "err-cert-expired",
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => "err-cert-not-yet",
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                "err-cert-name"
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature => "err-cert-unknown-issuer",
            CertificateError::Revoked => "err-cert-revoked",
            _ => "err-cert-invalid",
        },
        rustls::Error::NoCertificatesPresented => "err-cert-none",
        rustls::Error::AlertReceived(_) => "err-tls-refused",
        _ => "err-tls-failed",
    };
    tls_error_en(e, host).with_text(crate::core::Text::new(id).arg("host", host))
}

fn tls_error_en(e: &rustls::Error, host: &str) -> TernError {
    let cert = |msg: String| TernError::new(ErrorKind::Certificate, msg);
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => cert(format!(
                "The certificate of {host} has expired, so Tern cannot be sure it is talking \
                 to the real server. Ask the server's administrator to renew it."
            )),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => cert(format!(
                "The certificate of {host} is not valid yet. Check that this computer's \
                     date and time are correct."
            )),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                cert(format!(
                    "The certificate presented by {host} was issued for a different server \
                     name. Check the host name in the account settings; if it is right, \
                     someone may be intercepting the connection."
                ))
            }
            // BadSignature: a chain to an authority of the same name that did not sign it.
            CertificateError::UnknownIssuer | CertificateError::BadSignature => cert(format!(
                "The certificate of {host} is not signed by an authority Tern trusts (it may \
                 be self-signed, or issued by a private authority). If your provider uses \
                 its own authority, add its certificate as the account's `ca_file`."
            )),
            CertificateError::Revoked => cert(format!(
                "The certificate of {host} has been revoked by its issuer."
            )),
            other => cert(format!(
                "The certificate of {host} is not valid{}. Tern did not connect.",
                crate::core::detail_in_parens(&other.to_string())
            )),
        },
        rustls::Error::NoCertificatesPresented => cert(format!(
            "{host} did not present a certificate. Tern did not connect."
        )),
        rustls::Error::AlertReceived(_) => TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "{host} refused to set up encryption. The server may not support current TLS \
                 versions; ask your provider which settings to use."
            ),
        ),
        other => TernError::new(
            ErrorKind::NoEncryption,
            format!(
                "Tern could not set up an encrypted connection with {host} ({other}). The \
                 server may not offer encryption on this port; check the port and security \
                 settings."
            ),
        ),
    }
}
