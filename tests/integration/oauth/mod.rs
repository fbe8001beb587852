//! OAuth2 sign-in against the real Dovecot (oauth2 passdb, introspection on the small
//! authorization server in tests/support): the browser sign-in with PKCE (the test plays
//! the browser), sync over XOAUTH2 and OAUTHBEARER, refresh without asking, "sign in
//! again" after the refresh token was revoked, and tokens kept out of logs, databases
//! and config (T-07).

mod secrets;
mod setup;
mod smtp;
mod sync;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tern::auth::{OAuthProvider, RedirectPages, SignIn, keep_tokens};
use tern::config::{
    AccountConfig, ImapAuth, ImapConfig, OauthMechanism, OauthSettings, SecretStore, Security,
};
use tern::core::TernError;

use crate::support::dovecot::{Dovecot, Options, User};
use crate::support::oauth_server::{AuthServer, CLIENT_ID, browse};

/// The authorization server and a Dovecot that asks it about tokens.
pub fn servers() -> &'static (AuthServer, Dovecot) {
    static S: OnceLock<(AuthServer, Dovecot)> = OnceLock::new();
    S.get_or_init(|| {
        let auth = AuthServer::start();
        let dovecot = Dovecot::start(Options {
            oauth2_introspection: Some(auth.url("introspect")),
            ..Options::default()
        });
        (auth, dovecot)
    })
}

/// A keychain in memory that the test can look into.
#[derive(Clone, Default)]
pub struct MemoryKeychain(pub Arc<Mutex<HashMap<String, String>>>);

impl SecretStore for MemoryKeychain {
    fn get(&self, account: &str) -> Result<Option<String>, TernError> {
        Ok(self.0.lock().expect("keychain").get(account).cloned())
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), TernError> {
        self.0
            .lock()
            .expect("keychain")
            .insert(account.to_string(), secret.to_string());
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), TernError> {
        self.0.lock().expect("keychain").remove(account);
        Ok(())
    }
}

/// An OAuth2 account for `user` on the shared servers.
pub fn oauth_account(user: &User, mechanism: Option<OauthMechanism>) -> AccountConfig {
    let (auth, dovecot) = servers();
    oauth_account_at(
        &auth.url(""),
        dovecot.imaps_port,
        &dovecot.ca_file,
        user,
        mechanism,
    )
}

/// An OAuth2 account for `user` (no password anywhere): the authorization server at
/// `auth_base` (ending in "/"), Dovecot's implicit-TLS port and CA.
pub fn oauth_account_at(
    auth_base: &str,
    imaps_port: u16,
    ca_file: &std::path::Path,
    user: &User,
    mechanism: Option<OauthMechanism>,
) -> AccountConfig {
    AccountConfig {
        name: format!("oauth-{}", user.name),
        email: format!("{}@localhost", user.name),
        display_name: String::new(),
        signature: String::new(),
        imap: ImapConfig {
            host: "127.0.0.1".into(),
            port: imaps_port,
            security: Security::Tls,
            username: user.name.clone(),
            password_command: None,
            ca_file: Some(ca_file.to_path_buf()),
            auth: ImapAuth::Oauth2,
            oauth: Some(OauthSettings {
                client_id: CLIENT_ID.into(),
                auth_url: format!("{auth_base}authorize"),
                token_url: format!("{auth_base}token"),
                scopes: vec!["mail".into()],
                mechanism,
                ..OauthSettings::default()
            }),
        },
        smtp: None,
        pinned: Default::default(),
    }
}

/// The browser sign-in, with the test as the browser; returns the page it showed.
pub async fn sign_in(account: &AccountConfig, keychain: &MemoryKeychain) -> String {
    let provider = OAuthProvider::for_account(account).expect("provider");
    let pending = SignIn::start(provider, &account.name, account.login())
        .await
        .expect("start sign-in");
    let url = pending.url().to_string();
    assert!(url.contains("code_challenge_method=S256"), "{url}");
    let browser = tokio::task::spawn_blocking(move || browse(&url));
    let tokens = pending
        .finish(&RedirectPages::default(), std::time::Duration::from_secs(60))
        .await
        .expect("signed in");
    let page = browser.await.expect("browser");
    keep_tokens(&account.name, &tokens, keychain).expect("keep tokens");
    page
}
