//! What the certificate trust dialog shows (issue 13 item 3): the SHA-256 fingerprint of
//! the DER end-entity certificate, its subject, issuer and expiry. The fingerprint is
//! also what a pin stores (lower-case hex, no separators; user migration 006).

use sha2::{Digest, Sha256};

pub use crate::core::{CertDetails, fingerprint_for_people};

/// The fingerprint of `der` as stored in a pin.
pub fn sha256_hex(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02x}")).collect()
}

impl CertDetails {
    /// The details of a DER certificate; None when it does not parse (the dialog then
    /// cannot offer trust: there is nothing a person could check).
    pub fn from_der(der: &[u8]) -> Option<CertDetails> {
        let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
        Some(CertDetails {
            sha256: sha256_hex(der),
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_after: cert.validity().not_after.timestamp(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_and_garbage() {
        let hex = sha256_hex(b"abc");
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(fingerprint_for_people(&hex).starts_with("BA:78:16:BF:"));
        assert_eq!(fingerprint_for_people(&hex).len(), 32 * 3 - 1);
        assert_eq!(CertDetails::from_der(b"not a certificate"), None);
    }
}
