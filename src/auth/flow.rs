//! The browser sign-in: authorization code with PKCE (RFC 7636, S256) and a loopback
//! redirect (RFC 8252). `start` binds the listener and builds the address to open in
//! the system browser; `finish` waits for the browser to come back and trades the code
//! for tokens.

use std::time::Duration;

use oauth2::{AuthorizationCode, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, Scope};

use super::OAuthProvider;
use super::client::{client, http, token_error, tokens};
use super::loopback::{RedirectListener, RedirectPages};
use super::tokens::Tokens;
use crate::core::{ErrorKind, TernError, Text};

/// A sign-in waiting for the browser. Debug shows only the provider.
pub struct SignIn {
    provider: OAuthProvider,
    account: String,
    url: String,
    state: CsrfToken,
    verifier: PkceCodeVerifier,
    listener: RedirectListener,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("provider", &self.provider.name)
            .finish_non_exhaustive()
    }
}

/// How long the person has to finish in the browser.
pub const BROWSER_LIMIT: Duration = Duration::from_secs(10 * 60);

impl SignIn {
    /// Binds the redirect listener and builds the authorization address. `login_hint`
    /// (the address being added) lets the provider pre-select the right account.
    pub async fn start(
        provider: OAuthProvider,
        account: &str,
        login_hint: &str,
    ) -> Result<SignIn, TernError> {
        provider.check(account)?;
        let listener = RedirectListener::bind().await?;
        let redirect = listener.redirect_uri();
        let c = client(&provider, Some(&redirect))?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = c
            .authorize_url(CsrfToken::new_random)
            .add_scopes(provider.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge);
        if !login_hint.is_empty() {
            request = request.add_extra_param("login_hint", login_hint.to_string());
        }
        let (url, state) = request.url();
        Ok(SignIn {
            provider,
            account: account.to_string(),
            url: url.to_string(),
            state,
            verifier,
            listener,
        })
    }

    /// The address to open in the browser (it carries no secret: the PKCE challenge is
    /// a hash and the state only guards the redirect).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn provider(&self) -> &OAuthProvider {
        &self.provider
    }

    /// Waits for the browser (at most `limit`), then exchanges the code (with the PKCE
    /// verifier) for tokens.
    pub async fn finish(self, pages: &RedirectPages, limit: Duration) -> Result<Tokens, TernError> {
        let redirect = self.listener.redirect_uri();
        let code = self
            .listener
            .wait_for_code(self.state.secret(), pages, limit)
            .await?;
        let c = client(&self.provider, Some(&redirect))?;
        let http = http()?;
        let response = c
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(self.verifier)
            .request_async(&http)
            .await
            .map_err(|e| token_error(&e, &self.provider.name, &self.account))?;
        let tokens = tokens(&response);
        if tokens.refresh.is_none() {
            // Without it Tern would have to send the person to the browser every hour.
            return Err(TernError::new(
                ErrorKind::ServerRefused,
                format!(
                    "{} signed you in but did not allow Tern to stay signed in. Try again; if \
                     it keeps happening, check the OAuth scopes of the account.",
                    self.provider.name
                ),
            )
            .with_text(Text::new("err-oauth-no-refresh").arg("provider", self.provider.name.as_str())));
        }
        tracing::debug!(account = self.account, "signed in with OAuth2");
        Ok(tokens)
    }
}
