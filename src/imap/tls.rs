//! TLS for IMAP: trust anchors, the handshake, and turning TLS failures into errors a
//! person can act on.
//!
//! Trust: the system's roots (rustls-native-certs; webpki-roots when none load) plus the
//! account's `ca_file`. Certificates are verified by rustls/webpki; the only exception is
//! a certificate the user chose to trust for one server, accepted by `super::pinning`
//! (and then only that one).

use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::pinning::{self, TlsSetup};
use crate::core::{CertDetails, CertProblem, CertReason, ErrorKind, TernError, fingerprint_for_people};

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

/// The trust anchors for one account: the system's plus its `ca_file`.
fn roots(ca_file: Option<&Path>) -> Result<RootCertStore, TernError> {
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
    Ok(roots)
}

fn setup_error(e: impl std::fmt::Display) -> TernError {
    TernError::new(
        ErrorKind::NoEncryption,
        format!("Tern could not set up encryption: {e}"),
    )
    .with_text(crate::core::Text::new("err-tls-setup"))
}

/// The client configuration for probing servers (discovery): normal verification only.
pub(crate) fn client_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, TernError> {
    let roots = roots(ca_file)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(setup_error)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The TLS setup for one connection of an account: normal verification, or only the
/// certificate pinned for this server (`pinned`, lower-case hex SHA-256).
pub(crate) fn connection_setup(ca_file: Option<&Path>, pinned: Option<&str>) -> Result<TlsSetup, TernError> {
    let roots = roots(ca_file)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    pinning::setup(roots, provider, pinned).map_err(setup_error)
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

/// Runs the TLS handshake over `tcp` to `host:port` (no timeout here; the caller adds
/// one). A refused certificate comes back with its details (`TernError::certificate`).
pub(crate) async fn handshake(
    tcp: TcpStream,
    host: &str,
    port: u16,
    setup: &TlsSetup,
) -> Result<TlsStream<TcpStream>, TernError> {
    let name = server_name(host)?;
    TlsConnector::from(setup.config.clone())
        .connect(name, tcp)
        .await
        .map_err(|e| match rustls_error(&e) {
            Some(rustls::Error::InvalidCertificate(c)) => match setup.presented() {
                Some(der) => refused_certificate(c, host, port, der, setup.pinned()),
                None => handshake_error(&e, host),
            },
            _ => handshake_error(&e, host),
        })
}

/// The error for a certificate rustls refused (or that differs from the pin), carrying
/// what the trust dialog shows.
fn refused_certificate(
    c: &CertificateError,
    host: &str,
    port: u16,
    der: Vec<u8>,
    pinned: Option<&str>,
) -> TernError {
    let details = CertDetails::from_der(&der).unwrap_or_else(|| CertDetails {
        sha256: super::cert_details::sha256_hex(&der),
        subject: String::new(),
        issuer: String::new(),
        not_after: 0,
    });
    let reason = match (pinned, c) {
        (Some(pin), _) => CertReason::Changed {
            pinned_sha256: pin.to_string(),
        },
        (None, CertificateError::Expired | CertificateError::ExpiredContext { .. }) => CertReason::Expired,
        (None, CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. }) => {
            CertReason::NotYetValid
        }
        (None, CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }) => {
            CertReason::WrongHost
        }
        (None, CertificateError::UnknownIssuer | CertificateError::BadSignature) => CertReason::UnknownIssuer,
        // A self-signed certificate made as a CA (openssl's default), refused by webpki
        // as "a CA used as an end entity": to a person it is simply self-signed.
        (None, _) if !details.subject.is_empty() && details.subject == details.issuer => {
            CertReason::UnknownIssuer
        }
        (None, _) => CertReason::Invalid,
    };
    let mut error = match &reason {
        CertReason::Changed { pinned_sha256 } => {
            let was = fingerprint_for_people(pinned_sha256);
            let now = fingerprint_for_people(&details.sha256);
            TernError::new(
                ErrorKind::Certificate,
                format!(
                    "The certificate of {host} has changed since you trusted it. Trusted: SHA-256 \
                     {was}. Presented now: SHA-256 {now}. Someone may be intercepting the \
                     connection; trust the new certificate only if the server's administrator \
                     confirms it changed."
                ),
            )
            .with_text(
                crate::core::Text::new("err-cert-changed")
                    .arg("host", host)
                    .arg("pinned", was)
                    .arg("presented", now),
            )
        }
        CertReason::UnknownIssuer => tls_error(
            &rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
            host,
        ),
        _ => tls_error(&rustls::Error::InvalidCertificate(c.clone()), host),
    };
    if !matches!(c, CertificateError::Revoked) {
        error.certificate = Some(Box::new(CertProblem {
            host: host.to_string(),
            port,
            reason,
            details,
            der,
        }));
    }
    error
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
