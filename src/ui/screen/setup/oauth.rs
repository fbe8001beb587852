//! "Sign in with <provider>" for providers that need OAuth2 (issue 13 item 2): when
//! discovery says the provider signs in with OAuth2, the form asks for no password and
//! its button opens the provider's sign-in page in the system browser; Tern waits for
//! the browser on a loopback address, keeps the refresh token in the keychain and tests
//! the login, all off the UI thread.

use std::sync::Arc;

use iced::Task;

use super::{Message, Phase, Setup, Stored};
use crate::auth::{BROWSER_LIMIT, OAuthProvider, RedirectPages, SignIn, keep_tokens};
use crate::config::{AccountConfig, OauthSettings};
use crate::core::{ErrorKind, TernError, Text};
use crate::discover::providers::{Provider, by_domain};
use crate::discover::{AuthMethod, OauthEntry};
use crate::engine::{Tuning, open_connection};
use crate::fl;
use crate::ui::env::Env;
use crate::ui::secrets::Secrets;

/// Opens an address in the system browser (`open`); tests replace it and play the
/// browser themselves.
#[derive(Clone)]
pub struct Browser(pub Arc<OpenUrl>);

/// Opens one address; the error says why not.
pub type OpenUrl = dyn Fn(&str) -> Result<(), String> + Send + Sync;

impl Default for Browser {
    fn default() -> Self {
        Browser(Arc::new(|url| {
            open::that_detached(url).map_err(|e| e.to_string())
        }))
    }
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Browser")
    }
}

/// The account signs in with OAuth2 (found by discovery, or the account being edited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OauthChoice {
    /// Shown on the button ("Sign in with Gmail / Google Workspace").
    pub provider: String,
    /// Becomes `[account.imap.oauth]`.
    pub settings: OauthSettings,
}

impl OauthChoice {
    /// The discovered endpoints are kept in the account (so one found through a table
    /// other than the shipped one keeps working); an empty client id is filled from the
    /// provider table when signing in.
    pub fn discovered(provider: String, entry: &OauthEntry) -> OauthChoice {
        OauthChoice {
            provider,
            settings: OauthSettings {
                client_id: entry.client_id.clone(),
                auth_url: entry.auth_url.clone(),
                token_url: entry.token_url.clone(),
                scopes: entry.scopes.clone(),
                ..OauthSettings::default()
            },
        }
    }

    /// The provider table's entry for the address's domain, when it signs in with OAuth2.
    pub fn from_table(table: &[Provider], email: &str) -> Option<OauthChoice> {
        let domain = email.trim().rsplit_once('@').map(|(_, d)| d)?;
        let provider = by_domain(table, domain)?;
        let entry = provider.oauth.as_ref()?;
        (provider.imap.auth == AuthMethod::Oauth2)
            .then(|| OauthChoice::discovered(provider.name.clone(), entry))
    }

    /// An OAuth2 account being edited: its settings stay as they are.
    pub fn of_account(account: &AccountConfig) -> Option<OauthChoice> {
        (account.imap.auth == crate::config::ImapAuth::Oauth2).then(|| OauthChoice {
            provider: account.imap.host.clone(),
            settings: account.imap.oauth.clone().unwrap_or_default(),
        })
    }
}

impl Setup {
    /// Starts the browser sign-in for `account`.
    pub(super) fn sign_in(&mut self, account: AccountConfig, env: &Env) -> Task<Message> {
        self.phase = Phase::Testing;
        self.tested = Some(account.clone());
        let signing_in = sign_in_and_store(
            account,
            env.secrets.clone(),
            env.tuning.clone(),
            env.browser.clone(),
        );
        Task::perform(signing_in, Message::Tested)
    }

    /// The sign-in button's words.
    pub fn oauth_button(&self) -> Option<String> {
        self.oauth
            .as_ref()
            .map(|o| fl!("setup-oauth-sign-in", provider = o.provider.clone()))
    }
}

/// The page the browser shows when it comes back, in the user's language.
fn pages() -> RedirectPages {
    RedirectPages {
        signed_in: fl!("oauth-page-signed-in"),
        failed: fl!("oauth-page-failed"),
    }
}

/// The whole sign-in: the browser, the code exchange, the refresh token into the
/// keychain, then a login test. Runs off the UI thread.
pub async fn sign_in_and_store(
    account: AccountConfig,
    secrets: Arc<Secrets>,
    tuning: Tuning,
    browser: Browser,
) -> Result<Stored, TernError> {
    let provider = OAuthProvider::for_account(&account)?;
    let pending = SignIn::start(provider, &account.name, &account.email).await?;
    (browser.0)(pending.url()).map_err(|why| {
        TernError::new(
            ErrorKind::Config,
            format!("Tern could not open a web browser ({why}). Set a default browser and try again."),
        )
        .with_text(Text::new("err-oauth-no-browser"))
    })?;
    let tokens = pending.finish(&pages(), BROWSER_LIMIT).await?;
    let name = account.name.clone();
    let store = secrets.clone();
    let kept = tokio::task::spawn_blocking(move || keep_tokens(&name, &tokens, store.as_ref()))
        .await
        .map_err(|e| TernError::new(ErrorKind::Secret, e.to_string()))
        .and_then(|r| r);
    // Without a keychain the refresh token has nowhere to live: say so (the browser
    // sign-in would otherwise be needed again at every start).
    kept?;
    let conn = open_connection(&account, &secrets, &tuning.timeouts).await?;
    conn.logout().await;
    Ok(Stored::Keychain)
}
