//! Account discovery from an e-mail address (issue 13 item 1). No UI types here.
//!
//! Order, stopping at the first complete answer (IMAP and SMTP found): the provider
//! table (`resources/providers.toml`), Thunderbird autoconfig over HTTPS, the domain's
//! MX host against the table and then the MX base domain's autoconfig, RFC 6186/8314
//! SRV records, and finally guessed host names probed with a short connection.
//! Autoconfig, MX and SRV are asked at the same time; every lookup has a timeout
//! (`step_timeout`), so the whole search stays under about three timeouts, and
//! progress events say what is being tried meanwhile.
//!
//! Settings for tests and corporate networks (environment, read by
//! [`DiscoverConfig::from_env`]): `TERN_DNS_SERVER=IP:PORT` asks only that DNS server
//! (also for the autoconfig host names), `TERN_DISCOVER_CA=FILE` trusts the PEM
//! certificates in FILE for autoconfig in addition to the built-in roots, and
//! `TERN_DISCOVER_HTTPS_PORT` serves autoconfig from another port than 443.

pub mod autoconfig;
pub mod dns;
pub mod fetch;
pub mod probe;
pub mod providers;
mod search;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::config::Security;
use crate::core::{ErrorKind, TernError, Text};
pub use providers::{AuthMethod, OauthEntry};
pub use search::discover;

/// One server as discovery proposes it; the user may change every field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub auth: AuthMethod,
    pub username: String,
}

/// Where the settings came from (shown to the user and printed by `tern discover`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// The domain is in Tern's provider table.
    ProviderTable { provider: String },
    /// The domain's own autoconfig file.
    Autoconfig { url: String },
    /// The domain's MX host belongs to a provider in the table.
    MxProviderTable { mx: String, provider: String },
    /// The autoconfig file of the MX host's base domain.
    MxAutoconfig { mx: String, url: String },
    /// RFC 6186 / 8314 SRV records.
    Srv,
    /// Guessed host names that answered.
    Guess,
}

/// What discovery found for an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discovered {
    pub address: String,
    pub source: Source,
    pub imap: ServerSettings,
    /// Missing only when no source named an SMTP server.
    pub smtp: Option<ServerSettings>,
    /// OAuth2 endpoints when the provider table has them.
    pub oauth: Option<OauthEntry>,
}

/// The step discovery is working on (progress events for the setup screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    ProviderTable,
    /// Autoconfig, MX and SRV lookups, asked at the same time.
    Lookups,
    MxAutoconfig,
    Guesses,
}

/// Knobs for the network side of discovery.
#[derive(Debug, Clone)]
pub struct DiscoverConfig {
    /// Ask only this DNS server (tests, corporate networks).
    pub dns_server: Option<SocketAddr>,
    /// Extra trusted CA certificates (PEM) for autoconfig and probes.
    pub extra_ca: Option<PathBuf>,
    pub https_port: u16,
    /// Guessed IMAP ports, most preferred first.
    pub imap_ports: Vec<(u16, Security)>,
    /// Guessed SMTP submission ports, most preferred first.
    pub smtp_ports: Vec<(u16, Security)>,
    /// The limit of every single lookup, fetch and probe.
    pub step_timeout: Duration,
    pub providers: Vec<providers::Provider>,
}

impl Default for DiscoverConfig {
    fn default() -> Self {
        DiscoverConfig {
            dns_server: None,
            extra_ca: None,
            https_port: 443,
            imap_ports: vec![(993, Security::Tls), (143, Security::Starttls)],
            smtp_ports: vec![(465, Security::Tls), (587, Security::Starttls)],
            step_timeout: Duration::from_millis(1500),
            providers: providers::shipped_providers(),
        }
    }
}

fn bad_setting(name: &str, value: &str) -> TernError {
    TernError::new(
        ErrorKind::Config,
        format!("The setting {name}={value} is not usable. Fix or remove it."),
    )
    .with_text(
        Text::new("err-discover-setting")
            .arg("name", name)
            .arg("detail", value),
    )
}

impl DiscoverConfig {
    /// The defaults with the `TERN_DNS_SERVER`, `TERN_DISCOVER_CA` and
    /// `TERN_DISCOVER_HTTPS_PORT` overrides applied.
    pub fn from_env() -> Result<DiscoverConfig, TernError> {
        let mut config = DiscoverConfig::default();
        if let Ok(value) = std::env::var("TERN_DNS_SERVER") {
            let addr = value
                .parse::<SocketAddr>()
                .or_else(|_| {
                    value
                        .parse::<std::net::IpAddr>()
                        .map(|ip| SocketAddr::new(ip, 53))
                })
                .map_err(|_| bad_setting("TERN_DNS_SERVER", &value))?;
            config.dns_server = Some(addr);
        }
        if let Ok(value) = std::env::var("TERN_DISCOVER_CA") {
            config.extra_ca = Some(PathBuf::from(value));
        }
        if let Ok(value) = std::env::var("TERN_DISCOVER_HTTPS_PORT") {
            config.https_port = value
                .parse()
                .map_err(|_| bad_setting("TERN_DISCOVER_HTTPS_PORT", &value))?;
        }
        Ok(config)
    }
}

/// The domain of `address` when it looks like an e-mail address.
pub fn address_domain(address: &str) -> Option<String> {
    let (local, domain) = address.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let valid = !local.is_empty()
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    valid.then_some(domain)
}

/// The registrable-looking part of a host: its last two labels ("mx1.mail.example.net"
/// gives "example.net"). Without a public suffix list this is wrong for "co.uk"-style
/// names; then the autoconfig lookup simply finds nothing.
pub fn base_domain(host: &str) -> String {
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    let start = labels.len().saturating_sub(2);
    labels[start..].join(".").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_domains() {
        assert_eq!(address_domain(" Ann@Example.ORG "), Some("example.org".into()));
        assert_eq!(address_domain("ann@localhost"), None);
        assert_eq!(address_domain("@example.org"), None);
        assert_eq!(address_domain("ann@exa mple.org"), None);
        assert_eq!(address_domain("no-at-sign"), None);
    }

    #[test]
    fn base_domains() {
        assert_eq!(base_domain("mx1.mail.Example.net."), "example.net");
        assert_eq!(base_domain("example.net"), "example.net");
    }
}
