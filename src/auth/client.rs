//! The oauth2 crate's client for one provider, and its errors in plain words.

use oauth2::basic::{BasicErrorResponseType, BasicTokenResponse};
use oauth2::{
    AuthType, AuthUrl, ClientId, ClientSecret, EndpointNotSet, EndpointSet, RedirectUrl, RequestTokenError,
    TokenResponse, TokenUrl,
};

use super::OAuthProvider;
use super::tokens::Tokens;
use crate::core::{ErrorKind, TernError, Text};

pub(super) type Client =
    oauth2::basic::BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// How long a token request may take.
pub(super) const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

pub(super) fn client(provider: &OAuthProvider, redirect: Option<&str>) -> Result<Client, TernError> {
    let bad = |url: &str| {
        TernError::new(
            ErrorKind::Config,
            format!("The OAuth address “{url}” is not a valid web address."),
        )
        .with_text(Text::new("err-oauth-bad-url").arg("url", url).arg("account", ""))
    };
    let mut c = oauth2::basic::BasicClient::new(ClientId::new(provider.client_id.clone()))
        .set_auth_uri(AuthUrl::new(provider.auth_url.clone()).map_err(|_| bad(&provider.auth_url))?)
        .set_token_uri(TokenUrl::new(provider.token_url.clone()).map_err(|_| bad(&provider.token_url))?)
        // Public desktop clients send their id in the body (Microsoft requires it;
        // Google accepts it).
        .set_auth_type(AuthType::RequestBody);
    if !provider.client_secret.is_empty() {
        c = c.set_client_secret(ClientSecret::new(provider.client_secret.clone()));
    }
    if let Some(r) = redirect {
        c = c.set_redirect_uri(RedirectUrl::new(r.to_string()).map_err(|_| bad(r))?);
    }
    Ok(c)
}

/// An HTTP client that never follows redirects (RFC 6749 §10: a token endpoint that
/// redirects could hand the code to someone else).
pub(super) fn http() -> Result<oauth2::reqwest::Client, TernError> {
    oauth2::reqwest::Client::builder()
        .redirect(oauth2::reqwest::redirect::Policy::none())
        .timeout(REQUEST_LIMIT)
        .build()
        .map_err(|e| {
            TernError::new(
                ErrorKind::Connect,
                format!("Tern could not prepare a secure web connection ({e})."),
            )
            .with_text(Text::new("err-tls-setup"))
        })
}

pub(super) fn tokens(response: &BasicTokenResponse) -> Tokens {
    Tokens::new(
        response.access_token().clone(),
        response.refresh_token().cloned(),
        response.expires_in(),
    )
}

type RequestError =
    RequestTokenError<oauth2::HttpClientError<oauth2::reqwest::Error>, oauth2::basic::BasicErrorResponse>;

/// A failed token request: "sign in again" when the grant is no longer valid (revoked,
/// expired, password changed), else a network or server problem worth retrying.
pub(super) fn token_error(e: &RequestError, provider: &str, account: &str) -> TernError {
    match e {
        RequestTokenError::ServerResponse(r)
            if matches!(
                r.error(),
                BasicErrorResponseType::InvalidGrant | BasicErrorResponseType::UnauthorizedClient
            ) =>
        {
            sign_in_again(provider, account)
        }
        RequestTokenError::ServerResponse(r) => TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "The sign-in server of {provider} refused the request ({}). Check the OAuth settings \
                 of account `{account}`, or sign in again.",
                r.error()
            ),
        )
        .with_text(
            Text::new("err-oauth-server-refused")
                .arg("provider", provider)
                .arg("reason", r.error().to_string()),
        ),
        RequestTokenError::Request(_) => TernError::new(
            ErrorKind::Connect,
            format!("Tern could not reach the sign-in server of {provider}. It will try again later."),
        )
        .with_text(Text::new("err-oauth-unreachable").arg("provider", provider)),
        RequestTokenError::Parse(..) | RequestTokenError::Other(_) => TernError::new(
            ErrorKind::MalformedServerData,
            format!("The sign-in server of {provider} sent an answer Tern does not understand."),
        )
        .with_text(Text::new("err-oauth-bad-answer").arg("provider", provider)),
    }
}

/// The refresh token no longer works: only the person can fix it, in the browser.
pub fn sign_in_again(provider: &str, account: &str) -> TernError {
    TernError::new(
        ErrorKind::Auth,
        format!(
            "The sign-in for account `{account}` has expired or was withdrawn at {provider}. \
             Sign in again."
        ),
    )
    .with_text(
        Text::new("err-oauth-sign-in-again")
            .arg("account", account)
            .arg("provider", provider),
    )
}
