//! Configuration: `accounts.toml` in the config dir, the platform paths, and secrets.
//!
//! Old files keep loading: every field has a default or is optional, unknown keys only
//! warn. A broken file gives an error naming the file, the line and the key.

mod accounts;
mod oauth;
mod paths;
mod secrets;

pub use accounts::{
    AccountConfig, Config, ConfigWarning, ImapConfig, PinnedCerts, Security, SmtpConfig, is_loopback,
};
pub use oauth::{ImapAuth, OauthMechanism, OauthSettings};
pub use paths::Paths;
pub use secrets::{
    KEYCHAIN_SERVICE, KeyringStore, SecretStore, password_for, password_for_async, smtp_password_for,
};
