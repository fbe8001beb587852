//! What a worker is given (no globals): the account, its database, its secrets and the
//! timings; and how it logs in.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::auth;
use crate::config::{AccountConfig, ImapAuth, SecretStore, password_for_async};
use crate::core::{AccountId, ErrorKind, TernError};
use crate::engine::folder_sync::SyncOptions;
use crate::imap::{Connection, Credential, Endpoint, Timeouts, connect, connect_with};

/// Timings; tests shorten them (T-25 runs with scaled timeouts).
#[derive(Debug, Clone)]
pub struct Tuning {
    pub timeouts: Timeouts,
    /// IDLE is ended and re-issued this often (RFC 2177 asks for < 29 min; short keeps
    /// NAT boxes and dead-peer detection honest).
    pub idle_renew: Duration,
    /// Every folder is re-synced this often (other folders have no push).
    pub poll_interval: Duration,
    /// A connection with nothing to do is checked (NOOP) this often, so a server that
    /// went away is noticed even without an IDLE connection to tell us.
    pub keepalive: Duration,
    pub backoff_max: Duration,
    pub sync: SyncOptions,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            timeouts: Timeouts::default(),
            idle_renew: Duration::from_secs(5 * 60),
            poll_interval: Duration::from_secs(3 * 60),
            keepalive: Duration::from_secs(45),
            backoff_max: Duration::from_secs(5 * 60),
            sync: SyncOptions::default(),
        }
    }
}

/// Everything a worker needs, passed in (no globals).
#[derive(Clone)]
pub struct AccountSpec {
    pub id: AccountId,
    pub generation: u64,
    pub config: AccountConfig,
    pub db_path: PathBuf,
    pub secrets: Arc<dyn SecretStore>,
    pub tuning: Tuning,
}

impl std::fmt::Debug for AccountSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSpec")
            .field("id", &self.id)
            .field("name", &self.config.name)
            .finish()
    }
}

/// Connects and logs in with the account's password or OAuth2 token.
pub async fn open_connection<S: SecretStore + Clone + 'static>(
    config: &AccountConfig,
    secrets: &S,
    timeouts: &Timeouts,
) -> Result<Connection, TernError> {
    let endpoint = Endpoint {
        pinned: config.pinned.imap.clone(),
        ..Endpoint::from_config(&config.imap)
    };
    let mut conn = match config.imap.auth {
        ImapAuth::Password => {
            let password = password_for_async(config, secrets, timeouts.secret).await?;
            connect(&endpoint, config.login(), &password, timeouts).await?
        }
        ImapAuth::Oauth2 => connect_oauth(config, &endpoint, secrets, timeouts).await?,
    };
    conn.enable_qresync().await?;
    Ok(conn)
}

/// Logs in with the cached access token; when the server refuses a cached one (revoked,
/// or expired early), refreshes it once and tries again. A refused fresh token, or a
/// refresh token the provider no longer accepts, ends as "sign in again" (never a loop
/// of failed logins).
async fn connect_oauth<S: SecretStore + Clone + 'static>(
    config: &AccountConfig,
    endpoint: &Endpoint,
    secrets: &S,
    timeouts: &Timeouts,
) -> Result<Connection, TernError> {
    let mechanism = config.imap.oauth.as_ref().and_then(|o| o.mechanism);
    let mut force_refresh = false;
    loop {
        let (token, origin) = auth::access_token(config, secrets, timeouts.secret, force_refresh).await?;
        let credential = Credential::Token {
            token: token.secret(),
            mechanism,
        };
        match connect_with(endpoint, config.login(), credential, timeouts).await {
            Err(e) if e.kind == ErrorKind::Auth && origin == auth::Origin::Cache => {
                auth::forget_access_token(&config.name);
                force_refresh = true;
            }
            // A token fresh from the provider and still refused: only a new sign-in helps.
            Err(e)
                if e.text
                    .as_ref()
                    .is_some_and(|t| t.id == "err-oauth-refused-by-server") =>
            {
                let provider = auth::OAuthProvider::for_account(config)?;
                return Err(auth::sign_in_again(&provider.name, &config.name));
            }
            other => return other,
        }
    }
}
