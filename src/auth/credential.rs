//! What a protocol layer logs in with.

use crate::config::OauthMechanism;

/// How to log in.
#[derive(Clone, Copy)]
pub enum Credential<'a> {
    Password(&'a str),
    /// An OAuth2 access token, sent with `mechanism` (None: XOAUTH2 where offered,
    /// else OAUTHBEARER).
    Token {
        token: &'a str,
        mechanism: Option<OauthMechanism>,
    },
}

impl std::fmt::Debug for Credential<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Password(_) => f.write_str("Password([redacted])"),
            Credential::Token { mechanism, .. } => write!(f, "Token([redacted], {mechanism:?})"),
        }
    }
}
