//! The sending server in the setup form: prefilled from the IMAP host where the guess
//! is plain, and turned into `[account.smtp]` (keeping what the form does not show).

use super::Setup;
use crate::config::{Security, SmtpConfig};
use crate::fl;

/// The usual port of a sending server (465 implicit TLS, 587 submission with
/// STARTTLS, 25 plain on this computer).
pub fn smtp_port(security: Security) -> u16 {
    match security {
        Security::Tls => 465,
        Security::Starttls => 587,
        Security::Plain => 25,
    }
}

impl Setup {
    /// The sending server from the IMAP host where the guess is plain (imap. -> smtp.);
    /// anything else is left for the person to type.
    pub(super) fn prefill_smtp(&mut self) {
        if self.edited.smtp_host {
            return;
        }
        self.smtp_host = match self.host.trim().strip_prefix("imap.") {
            Some(rest) if !rest.is_empty() => format!("smtp.{rest}"),
            _ => String::new(),
        };
    }

    /// The `[account.smtp]` the form describes (None without a host).
    pub(super) fn smtp(&self) -> Result<Option<SmtpConfig>, String> {
        let host = self.smtp_host.trim();
        if host.is_empty() {
            return Ok(None);
        }
        if host.contains(char::is_whitespace) {
            return Err(fl!("setup-invalid-host"));
        }
        let port = match self.smtp_port.trim() {
            "" => 0,
            p => match p.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err(fl!("setup-invalid-port")),
            },
        };
        let kept = self
            .kept
            .as_ref()
            .and_then(|a| a.smtp.clone())
            .unwrap_or_default();
        Ok(Some(SmtpConfig {
            host: host.to_string(),
            port: if port == smtp_port(self.smtp_security) {
                0
            } else {
                port
            },
            security: self.smtp_security,
            ..kept
        }))
    }
}
