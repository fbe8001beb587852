//! Which OAuth2 endpoints and client id an account uses: the provider table's `[oauth]`
//! entry (resources/providers.toml), overridden field by field by the account's
//! `[account.imap.oauth]` table.

use crate::config::{AccountConfig, OauthSettings};
use crate::core::{ErrorKind, TernError, Text};
use crate::discover::providers::{Provider, by_domain, shipped_providers};

/// Everything needed to sign in with one provider.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthProvider {
    /// Shown to the user ("Sign in with Gmail / Google Workspace").
    pub name: String,
    pub auth_url: String,
    pub token_url: String,
    pub client_id: String,
    /// Empty for providers that need none (public clients).
    pub client_secret: String,
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for OAuthProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthProvider")
            .field("name", &self.name)
            .field("auth_url", &self.auth_url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl OAuthProvider {
    /// The table entry of `provider`, if it has OAuth2.
    pub fn from_table(provider: &Provider) -> Option<OAuthProvider> {
        let o = provider.oauth.as_ref()?;
        Some(OAuthProvider {
            name: provider.name.clone(),
            auth_url: o.auth_url.clone(),
            token_url: o.token_url.clone(),
            client_id: o.client_id.clone(),
            client_secret: o.client_secret.clone(),
            scopes: o.scopes.clone(),
        })
    }

    /// Applies the non-empty fields of an account's overrides.
    pub fn with_overrides(mut self, o: &OauthSettings) -> OAuthProvider {
        let set = |field: &mut String, value: &str| {
            if !value.trim().is_empty() {
                *field = value.trim().to_string();
            }
        };
        set(&mut self.client_id, &o.client_id);
        set(&mut self.client_secret, &o.client_secret);
        set(&mut self.auth_url, &o.auth_url);
        set(&mut self.token_url, &o.token_url);
        if !o.scopes.is_empty() {
            self.scopes = o.scopes.clone();
        }
        self
    }

    /// The provider for `account`: the table entry named in its overrides, else the one
    /// serving its address's domain, else the one whose IMAP host it uses; then the
    /// overrides. An account whose overrides name all endpoints needs no table entry.
    pub fn for_account(account: &AccountConfig) -> Result<OAuthProvider, TernError> {
        Self::for_account_in(account, &shipped_providers())
    }

    /// [`for_account`](Self::for_account) with a given table (tests).
    pub fn for_account_in(account: &AccountConfig, table: &[Provider]) -> Result<OAuthProvider, TernError> {
        let overrides = account.imap.oauth.clone().unwrap_or_default();
        let domain = account.email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        let entry = if overrides.provider.is_empty() {
            by_domain(table, domain)
                .filter(|p| p.oauth.is_some())
                .or_else(|| {
                    table.iter().find(|p| {
                        p.oauth.is_some() && p.imap.host.eq_ignore_ascii_case(account.imap.host.trim())
                    })
                })
        } else {
            table.iter().find(|p| p.id == overrides.provider)
        };
        let base = entry
            .and_then(OAuthProvider::from_table)
            .unwrap_or_else(|| OAuthProvider {
                name: account.imap.host.trim().to_string(),
                auth_url: String::new(),
                token_url: String::new(),
                client_id: String::new(),
                client_secret: String::new(),
                scopes: Vec::new(),
            });
        let provider = base.with_overrides(&overrides);
        provider.check(&account.name)?;
        Ok(provider)
    }

    /// Whether the entry can be used: endpoints known, a client id, HTTPS (plain HTTP
    /// only to this computer, for tests and local identity servers).
    pub fn check(&self, account: &str) -> Result<(), TernError> {
        if self.client_id.is_empty() {
            return Err(TernError::new(
                ErrorKind::Config,
                format!(
                    "Tern has no OAuth client id for {} (account `{account}`). This build of Tern \
                     was not registered with the provider: set `client_id` under \
                     [account.imap.oauth] in accounts.toml (see the README), or use an app \
                     password instead.",
                    self.name
                ),
            )
            .with_text(
                Text::new("err-oauth-no-client-id")
                    .arg("provider", self.name.as_str())
                    .arg("account", account),
            ));
        }
        for url in [&self.auth_url, &self.token_url] {
            if !is_safe_url(url) {
                return Err(TernError::new(
                    ErrorKind::Config,
                    format!(
                        "The OAuth address “{url}” for account `{account}` is missing or not \
                         https. Check `auth_url` and `token_url` under [account.imap.oauth] in \
                         accounts.toml."
                    ),
                )
                .with_text(
                    Text::new("err-oauth-bad-url")
                        .arg("url", url.as_str())
                        .arg("account", account),
                ));
            }
        }
        Ok(())
    }
}

/// https, or http to a loopback address.
fn is_safe_url(url: &str) -> bool {
    let Ok(parsed) = oauth2::url::Url::parse(url) else {
        return false;
    };
    match parsed.scheme() {
        "https" => parsed.host_str().is_some(),
        "http" => match parsed.host() {
            Some(oauth2::url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(oauth2::url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(oauth2::url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ImapAuth, ImapConfig, Security};

    fn account(email: &str, host: &str, oauth: Option<OauthSettings>) -> AccountConfig {
        AccountConfig {
            name: "A".into(),
            email: email.into(),
            display_name: String::new(),
            signature: String::new(),
            imap: ImapConfig {
                host: host.into(),
                port: 993,
                security: Security::Tls,
                username: String::new(),
                password_command: None,
                ca_file: None,
                auth: ImapAuth::Oauth2,
                oauth,
            },
            smtp: None,
            pinned: Default::default(),
        }
    }

    #[test]
    fn the_table_needs_a_client_id_which_accounts_toml_supplies() {
        let gmail = account("ann@gmail.com", "imap.gmail.com", None);
        let e = OAuthProvider::for_account(&gmail).expect_err("no client id shipped");
        assert_eq!(e.kind, ErrorKind::Config);
        assert!(e.message.contains("client_id"), "{}", e.message);
        let own = OauthSettings {
            client_id: "my-id.apps.googleusercontent.com".into(),
            client_secret: "not-so-secret".into(),
            ..OauthSettings::default()
        };
        let gmail = account("ann@gmail.com", "imap.gmail.com", Some(own.clone()));
        let p = OAuthProvider::for_account(&gmail).expect("resolved");
        assert_eq!(p.token_url, "https://oauth2.googleapis.com/token");
        assert_eq!(p.client_id, own.client_id);
        assert_eq!(p.scopes, ["https://mail.google.com/"]);
        assert!(!format!("{p:?}").contains("not-so-secret"));
        // A hosted domain found by its IMAP host.
        let hosted = account("bob@contoso.example", "outlook.office365.com", Some(own));
        let p = OAuthProvider::for_account(&hosted).expect("resolved");
        assert!(
            p.auth_url.starts_with("https://login.microsoftonline.com/"),
            "{}",
            p.auth_url
        );
    }

    #[test]
    fn endpoints_must_be_https_except_on_loopback() {
        let mut o = OauthSettings {
            client_id: "id".into(),
            auth_url: "http://127.0.0.1:4000/authorize".into(),
            token_url: "http://localhost:4000/token".into(),
            ..OauthSettings::default()
        };
        let a = account("u@test.example", "127.0.0.1", Some(o.clone()));
        assert!(OAuthProvider::for_account(&a).is_ok());
        o.token_url = "http://idp.example/token".into();
        let a = account("u@test.example", "127.0.0.1", Some(o));
        let e = OAuthProvider::for_account(&a).expect_err("plain http refused");
        assert!(e.message.contains("http://idp.example/token"), "{}", e.message);
        assert!(OAuthProvider::for_account(&account("u@x.example", "imap.x.example", None)).is_err());
    }
}
