//! Trusting one exact certificate (issue 13 item 3, security-tests T-06). The only module
//! that replaces rustls's certificate check (CI lint: `danger` appears nowhere else).
//!
//! Without a pin every certificate goes through rustls/webpki unchanged; the verifier
//! only remembers the end-entity certificate it was shown, so a refusal can carry the
//! facts the trust dialog needs. With a pin for this (account, host, port) ONLY the
//! certificate with exactly that SHA-256 is accepted, even one a public authority
//! signed: a different one is refused and the error names both fingerprints. The
//! handshake signature is still checked against the certificate's key, so a pinned
//! certificate only works for whoever holds its private key.

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::cert_details::sha256_hex;

/// A client configuration for one connection and the verifier inside it.
#[derive(Debug, Clone)]
pub(crate) struct TlsSetup {
    pub(crate) config: Arc<ClientConfig>,
    verifier: Arc<PinningVerifier>,
}

impl TlsSetup {
    /// The DER end-entity certificate the server showed, once a handshake got that far.
    pub(crate) fn presented(&self) -> Option<Vec<u8>> {
        self.verifier.presented.lock().ok().and_then(|slot| slot.clone())
    }

    /// The pinned fingerprint this connection accepts, if any.
    pub(crate) fn pinned(&self) -> Option<&str> {
        self.verifier.pinned.as_deref()
    }
}

#[derive(Debug)]
struct PinningVerifier {
    webpki: Arc<WebPkiServerVerifier>,
    pinned: Option<String>,
    presented: Mutex<Option<Vec<u8>>>,
}

/// Builds the configuration: `roots` for normal verification, or only `pinned`.
pub(crate) fn setup(
    roots: RootCertStore,
    provider: Arc<CryptoProvider>,
    pinned: Option<&str>,
) -> Result<TlsSetup, String> {
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| e.to_string())?;
    let verifier = Arc::new(PinningVerifier {
        webpki,
        pinned: pinned.map(|p| p.trim().to_ascii_lowercase()),
        presented: Mutex::new(None),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    Ok(TlsSetup {
        config: Arc::new(config),
        verifier,
    })
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut slot) = self.presented.lock() {
            *slot = Some(end_entity.as_ref().to_vec());
        }
        match &self.pinned {
            Some(pin) if *pin == sha256_hex(end_entity.as_ref()) => Ok(ServerCertVerified::assertion()),
            Some(_) => Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            )),
            None => {
                self.webpki
                    .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}
