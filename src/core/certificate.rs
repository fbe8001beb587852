//! A server certificate Tern did not accept, with what a person needs to decide whether
//! to trust it (issue 13 item 3). Plain data: the TLS layer fills it in, the window shows
//! it, the store keeps a pin made from it.

/// The facts about one server certificate a person can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertDetails {
    /// Lower-case hex SHA-256 of the DER bytes, no separators.
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    /// Seconds since 1970 of the last valid moment.
    pub not_after: i64,
}

/// Why the certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertReason {
    /// Self-signed, or issued by an authority Tern does not trust.
    UnknownIssuer,
    Expired,
    NotYetValid,
    /// Issued for another server name.
    WrongHost,
    /// A certificate is pinned for this server and this is a different one: the
    /// fingerprint of the pinned one (T-06).
    Changed {
        pinned_sha256: String,
    },
    /// Any other defect.
    Invalid,
}

/// A refused certificate at `host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertProblem {
    pub host: String,
    pub port: u16,
    pub reason: CertReason,
    pub details: CertDetails,
    /// The DER end-entity certificate, kept with a pin.
    pub der: Vec<u8>,
}

impl CertProblem {
    /// Whether the dialog may offer "trust this certificate". A changed certificate may
    /// be trusted too (a server renewed its self-signed certificate), but the dialog then
    /// names both fingerprints.
    pub fn can_be_trusted(&self) -> bool {
        !self.details.sha256.is_empty()
    }
}

/// The fingerprint in the form people compare: upper-case pairs joined by colons.
pub fn fingerprint_for_people(sha256: &str) -> String {
    sha256
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

/// What settings show about an account's health (issue 13 item 4). A `None` field means
/// "not known from this report": the window keeps what it had.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountHealth {
    /// Seconds since 1970 of the last complete sync of any folder.
    pub last_sync: Option<i64>,
    /// Seconds since 1970 when the server's certificate expires.
    pub certificate_expires: Option<i64>,
    /// The mailbox's storage quota, where the server offers QUOTA.
    pub quota: Option<StorageQuota>,
}

/// Storage used and allowed, in KiB (RFC 2087's STORAGE resource).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageQuota {
    pub used_kib: u64,
    pub limit_kib: u64,
}

impl AccountHealth {
    /// Takes every field `newer` knows.
    pub fn merge(&mut self, newer: &AccountHealth) {
        self.last_sync = newer.last_sync.or(self.last_sync);
        self.certificate_expires = newer.certificate_expires.or(self.certificate_expires);
        self.quota = newer.quota.or(self.quota);
    }
}
