//! OAuth2 sign-in (issue 13 item 2): authorization code with PKCE and a loopback
//! redirect opened in the system browser, refresh tokens in the OS keychain, access
//! tokens refreshed before they expire and after the server refuses one, and the SASL
//! messages (XOAUTH2, OAUTHBEARER) that carry them to IMAP and SMTP.
//!
//! Endpoints and client ids come from the provider table (resources/providers.toml,
//! `[provider.oauth]`), overridden by `[account.imap.oauth]` in accounts.toml.
//! Tokens never reach a log, the database or the config: the oauth2 crate's token types
//! print "[redacted]", and the protocol layers substitute them on the way out.

mod client;
mod credential;
mod flow;
mod loopback;
mod provider;
pub mod sasl;
mod tokens;

pub use client::sign_in_again;
pub use credential::Credential;
pub use flow::{BROWSER_LIMIT, SignIn};
pub use loopback::{RedirectListener, RedirectPages};
pub use provider::OAuthProvider;
pub use tokens::{
    MARGIN, Origin, Tokens, access_token, forget_access_token, keep_tokens, refresh_key, refresh_tokens,
};
