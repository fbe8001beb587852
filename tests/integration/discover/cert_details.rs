//! The facts the trust dialog shows, read from a real self-signed certificate.

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tern::imap::cert_details::{CertDetails, sha256_hex};

use crate::support::certs::self_signed;

#[test]
fn a_self_signed_certificate_shows_subject_issuer_expiry_and_fingerprint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, _key) = self_signed(dir.path(), "selfie", &["mail.selfie.test"]);
    let der = CertificateDer::from_pem_file(&cert).expect("PEM certificate");
    let details = CertDetails::from_der(der.as_ref()).expect("parses");
    assert_eq!(details.sha256, sha256_hex(der.as_ref()));
    assert_eq!(details.sha256.len(), 64);
    assert!(details.subject.contains("selfie"), "{}", details.subject);
    assert_eq!(details.subject, details.issuer, "self-signed");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    assert!(details.not_after > now, "valid now: {}", details.not_after);
}
