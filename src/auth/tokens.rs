//! Tokens: the refresh token lives in the keychain (the account's `SecretStore`, next to
//! where a password would be), the short-lived access token only in this process's
//! memory. An access token is refreshed when less than [`MARGIN`] of its life is left,
//! and on demand after the server refused it.
//!
//! The cache is process-wide (like the keychain itself): every connection of an account
//! (IMAP, IDLE, downloads, SMTP) shares one access token instead of refreshing each.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use oauth2::{AccessToken, RefreshToken};

use super::OAuthProvider;
use super::client::{client, http, sign_in_again, token_error, tokens};
use crate::config::{AccountConfig, SecretStore};
use crate::core::{ErrorKind, TernError, Text};

/// Refresh this long before the provider says the token expires (clocks and slow
/// logins); also the life assumed when the provider does not say.
pub const MARGIN: Duration = Duration::from_secs(60);
const ASSUMED_LIFE: Duration = Duration::from_secs(3600);

/// What a sign-in or a refresh gave. Debug never shows the tokens (the oauth2 types
/// print "[redacted]").
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: AccessToken,
    pub refresh: Option<RefreshToken>,
    pub expires_at: Instant,
}

impl Tokens {
    pub fn new(access: AccessToken, refresh: Option<RefreshToken>, expires_in: Option<Duration>) -> Tokens {
        Tokens {
            access,
            refresh,
            expires_at: Instant::now() + expires_in.unwrap_or(ASSUMED_LIFE),
        }
    }

    /// Whether the access token is still good for at least [`MARGIN`].
    pub fn fresh(&self) -> bool {
        self.expires_at > Instant::now() + MARGIN
    }
}

/// The keychain entry of an account's refresh token.
pub fn refresh_key(account: &str) -> String {
    format!("{account}#oauth2-refresh")
}

fn cache() -> &'static Mutex<HashMap<String, (AccessToken, Instant)>> {
    static CACHE: std::sync::OnceLock<Mutex<HashMap<String, (AccessToken, Instant)>>> =
        std::sync::OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn cached(account: &str) -> Option<AccessToken> {
    let map = cache().lock().ok()?;
    let (token, expires_at) = map.get(account)?;
    (*expires_at > Instant::now() + MARGIN).then(|| token.clone())
}

fn remember(account: &str, tokens: &Tokens) {
    if let Ok(mut map) = cache().lock() {
        map.insert(account.to_string(), (tokens.access.clone(), tokens.expires_at));
    }
}

/// Forgets the account's access token (after the server refused it, or sign-out).
pub fn forget_access_token(account: &str) {
    if let Ok(mut map) = cache().lock() {
        map.remove(account);
    }
}

/// Keeps a sign-in's result: the refresh token in `secrets` (blocking: call from the
/// blocking pool or a worker), the access token in memory.
pub fn keep_tokens(account: &str, tokens: &Tokens, secrets: &dyn SecretStore) -> Result<(), TernError> {
    if let Some(refresh) = &tokens.refresh {
        secrets.set(&refresh_key(account), refresh.secret())?;
    }
    remember(account, tokens);
    Ok(())
}

/// Where the access token came from: a fresh one from the provider cannot be helped by
/// refreshing again after the server refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Cache,
    Refreshed,
}

/// An access token for `account`: the cached one while fresh (unless `force_refresh`),
/// else a new one from the refresh token in `secrets`.
pub async fn access_token<S>(
    account: &AccountConfig,
    secrets: &S,
    secret_limit: Duration,
    force_refresh: bool,
) -> Result<(AccessToken, Origin), TernError>
where
    S: SecretStore + Clone + 'static,
{
    let name = account.name.clone();
    if !force_refresh && let Some(token) = cached(&name) {
        return Ok((token, Origin::Cache));
    }
    let provider = OAuthProvider::for_account(account)?;
    let refresh = read_refresh_token(&name, secrets, secret_limit)
        .await?
        .ok_or_else(|| sign_in_again(&provider.name, &name))?;
    let fresh = refresh_tokens(&provider, &name, &refresh).await?;
    if fresh.refresh.is_some() {
        // The provider rotated the refresh token: the old one may stop working.
        let store = secrets.clone();
        let (key, to_keep) = (name.clone(), fresh.clone());
        let kept = tokio::task::spawn_blocking(move || keep_tokens(&key, &to_keep, &store)).await;
        match kept {
            Ok(result) => result?,
            Err(_) => return Err(keychain_failed()),
        }
    } else {
        remember(&name, &fresh);
    }
    Ok((fresh.access, Origin::Refreshed))
}

/// Trades a refresh token for new tokens.
pub async fn refresh_tokens(
    provider: &OAuthProvider,
    account: &str,
    refresh: &RefreshToken,
) -> Result<Tokens, TernError> {
    let c = client(provider, None)?;
    let http = http()?;
    let response = c
        .exchange_refresh_token(refresh)
        .request_async(&http)
        .await
        .map_err(|e| token_error(&e, &provider.name, account))?;
    tracing::debug!(account, "access token refreshed");
    Ok(tokens(&response))
}

async fn read_refresh_token<S>(
    account: &str,
    secrets: &S,
    limit: Duration,
) -> Result<Option<RefreshToken>, TernError>
where
    S: SecretStore + Clone + 'static,
{
    let store = secrets.clone();
    let key = refresh_key(account);
    let lookup = tokio::task::spawn_blocking(move || store.get(&key));
    match tokio::time::timeout(limit, lookup).await {
        Ok(Ok(found)) => Ok(found?.filter(|t| !t.is_empty()).map(RefreshToken::new)),
        Ok(Err(_)) => Err(keychain_failed()),
        Err(_) => Err(TernError::new(
            ErrorKind::Secret,
            format!(
                "The system keychain did not answer within {} seconds. Unlock it and try again.",
                limit.as_secs()
            ),
        )
        .with_text(Text::new("err-keychain-slow").arg("seconds", limit.as_secs() as i64))),
    }
}

fn keychain_failed() -> TernError {
    TernError::new(
        ErrorKind::Secret,
        "Reading the system keychain failed unexpectedly. Try again.",
    )
    .with_text(Text::new("err-keychain-failed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_keeps_a_margin_and_debug_hides_tokens() {
        let t = Tokens::new(
            AccessToken::new("acc-SECRET".into()),
            Some(RefreshToken::new("ref-SECRET".into())),
            Some(Duration::from_secs(30)),
        );
        assert!(!t.fresh(), "30 s left is inside the margin");
        let t2 = Tokens::new(AccessToken::new("a2".into()), None, None);
        assert!(t2.fresh());
        assert!(!format!("{t:?}").contains("SECRET"));
        remember("acct-x", &t);
        assert!(
            cached("acct-x").is_none(),
            "a token about to expire is not handed out"
        );
        remember("acct-x", &t2);
        assert_eq!(cached("acct-x").map(|a| a.secret().clone()), Some("a2".into()));
        forget_access_token("acct-x");
        assert!(cached("acct-x").is_none());
    }
}
