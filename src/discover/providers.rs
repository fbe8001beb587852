//! The provider table shipped in `resources/providers.toml`: the first and fastest
//! discovery source (no network), also used to match a domain's MX hosts.

use serde::{Deserialize, Serialize};

use crate::config::Security;

/// The table as shipped, parsed once at startup.
const PROVIDERS_TOML: &str = include_str!("../../resources/providers.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    Password,
    Oauth2,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerEntry {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub auth: AuthMethod,
}

/// OAuth2 endpoints; `client_id` is empty in the shipped table (set by packagers).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OauthEntry {
    pub issuer: String,
    pub auth_url: String,
    pub token_url: String,
    pub client_id: String,
    /// Only where the provider gives desktop apps one (Google); set by packagers like
    /// `client_id`. Never printed (`tern discover --json`).
    #[serde(default, skip_serializing)]
    pub client_secret: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub mx: Vec<String>,
    pub imap: ServerEntry,
    pub smtp: ServerEntry,
    pub oauth: Option<OauthEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderFile {
    provider: Vec<Provider>,
}

/// Parses a provider table (the shipped one or a test's).
pub fn parse_providers(text: &str) -> Result<Vec<Provider>, toml::de::Error> {
    toml::from_str::<ProviderFile>(text).map(|file| file.provider)
}

/// The shipped table. It is part of the binary and checked by a unit test, so a
/// parse failure here is a build defect; it then yields an empty table rather
/// than stopping discovery (autoconfig and DNS still work).
pub fn shipped_providers() -> Vec<Provider> {
    parse_providers(PROVIDERS_TOML).unwrap_or_default()
}

/// The provider serving addresses at `domain` (exact match, case-insensitive).
pub fn by_domain<'a>(table: &'a [Provider], domain: &str) -> Option<&'a Provider> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    table
        .iter()
        .find(|p| p.domains.iter().any(|d| d.eq_ignore_ascii_case(&domain)))
}

/// The provider whose MX suffix matches `mx_host`: equal, or ending in ".suffix"
/// (so "evilgoogle.com" does not match "google.com").
pub fn by_mx_host<'a>(table: &'a [Provider], mx_host: &str) -> Option<&'a Provider> {
    let host = mx_host.trim_end_matches('.').to_ascii_lowercase();
    table.iter().find(|p| {
        p.mx.iter().any(|suffix| {
            let suffix = suffix.to_ascii_lowercase();
            host == suffix || host.ends_with(&format!(".{suffix}"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_and_has_no_duplicate_domains() {
        let table = parse_providers(PROVIDERS_TOML).expect("shipped table parses");
        assert!(table.len() >= 40, "only {} providers", table.len());
        let mut seen = std::collections::HashSet::new();
        for provider in &table {
            for domain in &provider.domains {
                assert!(seen.insert(domain.clone()), "{domain} listed twice");
            }
            let needs_oauth =
                provider.imap.auth == AuthMethod::Oauth2 || provider.smtp.auth == AuthMethod::Oauth2;
            assert_eq!(needs_oauth, provider.oauth.is_some(), "{}", provider.id);
        }
    }

    #[test]
    fn domain_and_mx_lookups() {
        let table = shipped_providers();
        assert_eq!(
            by_domain(&table, "GMail.com.").map(|p| p.id.as_str()),
            Some("gmail")
        );
        assert!(by_domain(&table, "example.org").is_none());
        let workspace = by_mx_host(&table, "aspmx.l.google.com.");
        assert_eq!(workspace.map(|p| p.id.as_str()), Some("gmail"));
        assert!(by_mx_host(&table, "mx.evilgoogle.com").is_none());
        let m365 = by_mx_host(&table, "contoso-com.mail.protection.outlook.com");
        assert_eq!(m365.map(|p| p.id.as_str()), Some("microsoft365"));
    }
}
