//! How an account signs in: `[account.imap] auth = "password" | "oauth2"`, and the
//! optional `[account.imap.oauth]` table that overrides the provider table's OAuth2
//! entry (a packager's or a user's own client id, another tenant's endpoints).
//! Plain data only: the sign-in itself lives in `crate::auth`.

use serde::{Deserialize, Serialize};

/// `[account.imap] auth`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImapAuth {
    /// User name and password (or an app password); the default.
    #[default]
    Password,
    /// OAuth2: a browser sign-in once, then tokens (the refresh token in the keychain).
    Oauth2,
}

impl ImapAuth {
    pub fn is_password(&self) -> bool {
        *self == ImapAuth::Password
    }
}

/// Which SASL mechanism carries the OAuth2 token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OauthMechanism {
    /// Google's and Microsoft's mechanism (the de-facto standard).
    Xoauth2,
    /// RFC 7628.
    Oauthbearer,
}

/// `[account.imap.oauth]`: every field is optional and overrides the provider table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct OauthSettings {
    /// The provider table entry to start from (`id` in resources/providers.toml, e.g.
    /// "gmail"); empty means: found from the address's domain or the IMAP host.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub provider: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    /// Desktop ("installed") clients of some providers (Google) must send one; it is
    /// not a secret for an app anyone can download.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_secret: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub auth_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token_url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// None: XOAUTH2 where the server offers it, else OAUTHBEARER.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<OauthMechanism>,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    #[test]
    fn auth_and_overrides_parse_and_round_trip() {
        let text = "[[account]]\nname = \"G\"\nemail = \"ann@gmail.com\"\n[account.imap]\n\
                    host = \"imap.gmail.com\"\nauth = \"oauth2\"\n[account.imap.oauth]\n\
                    client_id = \"id-1\"\nmechanism = \"oauthbearer\"\n";
        let (c, w) = Config::parse(text, Path::new("accounts.toml")).expect("parses");
        assert!(w.is_empty(), "{w:?}");
        let imap = &c.accounts[0].imap;
        assert_eq!(imap.auth, ImapAuth::Oauth2);
        let o = imap.oauth.as_ref().expect("overrides");
        assert_eq!(
            (o.client_id.as_str(), o.mechanism),
            ("id-1", Some(OauthMechanism::Oauthbearer))
        );
        let back = c.to_toml().expect("toml");
        assert!(back.contains("auth = \"oauth2\""), "{back}");
        assert!(
            !back.contains("client_secret"),
            "empty fields are not written: {back}"
        );
        assert_eq!(Config::parse(&back, Path::new("a")).expect("again").0, c);
        // Old files (no auth key) are password accounts, and write no auth key.
        let old = text.replace("auth = \"oauth2\"\n", "");
        let (c, _) = Config::parse(&old, Path::new("accounts.toml")).expect("parses");
        assert_eq!(c.accounts[0].imap.auth, ImapAuth::Password);
        let mut plain = c.clone();
        plain.accounts[0].imap.oauth = None;
        assert!(!plain.to_toml().expect("toml").contains("auth"));
    }
}
