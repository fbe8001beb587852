//! Trusted certificates in `user.sqlite3` (user migration 006): one pin per (account,
//! host, port). User data: losing the cache must not drop a pin, nor bring one back.

use rusqlite::{OptionalExtension, params};

use super::{Store, db_error};
use crate::config::AccountConfig;
use crate::core::{CertProblem, TernError};

/// A stored pin, as settings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedCert {
    pub host: String,
    pub port: u16,
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    pub not_after_ms: i64,
    pub trusted_ms: i64,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Trusts exactly `problem`'s certificate for `account` at its host and port,
    /// replacing an older pin there.
    pub fn pin_certificate(&self, account: &str, problem: &CertProblem) -> Result<(), TernError> {
        self.conn
            .execute(
                "INSERT INTO user.pinned_certs
                     (account, host, port, sha256, subject, issuer, not_after_ms, der, trusted_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (account, host, port) DO UPDATE SET
                     sha256 = excluded.sha256, subject = excluded.subject,
                     issuer = excluded.issuer, not_after_ms = excluded.not_after_ms,
                     der = excluded.der, trusted_ms = excluded.trusted_ms",
                params![
                    account,
                    problem.host.to_ascii_lowercase(),
                    problem.port,
                    problem.details.sha256,
                    problem.details.subject,
                    problem.details.issuer,
                    problem.details.not_after.saturating_mul(1000),
                    problem.der,
                    now_ms(),
                ],
            )
            .map_err(db_error)?;
        Ok(())
    }

    /// The pin for `account` at `host:port`.
    pub fn pinned_certificate(
        &self,
        account: &str,
        host: &str,
        port: u16,
    ) -> Result<Option<PinnedCert>, TernError> {
        self.conn
            .query_row(
                "SELECT host, port, sha256, subject, issuer, not_after_ms, trusted_ms
                 FROM user.pinned_certs WHERE account = ?1 AND host = ?2 AND port = ?3",
                params![account, host.trim().to_ascii_lowercase(), port],
                |r| {
                    Ok(PinnedCert {
                        host: r.get(0)?,
                        port: r.get(1)?,
                        sha256: r.get(2)?,
                        subject: r.get(3)?,
                        issuer: r.get(4)?,
                        not_after_ms: r.get(5)?,
                        trusted_ms: r.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(db_error)
    }

    /// Fills `account.pinned` from the stored pins for its IMAP and SMTP servers.
    pub fn load_pins(&self, account: &mut AccountConfig) -> Result<(), TernError> {
        let imap = self.pinned_certificate(&account.name, &account.imap.host, account.imap.port)?;
        account.pinned.imap = imap.map(|p| p.sha256);
        let smtp = match &account.smtp {
            Some(s) => self.pinned_certificate(&account.name, &s.host, s.effective_port())?,
            None => None,
        };
        account.pinned.smtp = smtp.map(|p| p.sha256);
        Ok(())
    }
}
