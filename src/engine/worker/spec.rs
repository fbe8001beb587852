//! What a worker is given (no globals): the account, its database, its secrets and the
//! timings; and how it logs in.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{AccountConfig, SecretStore, password_for_async};
use crate::core::{AccountId, TernError};
use crate::engine::folder_sync::SyncOptions;
use crate::imap::{Connection, Endpoint, Timeouts, connect};

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

/// Connects and logs in with the account's password.
pub async fn open_connection<S: SecretStore + Clone + 'static>(
    config: &AccountConfig,
    secrets: &S,
    timeouts: &Timeouts,
) -> Result<Connection, TernError> {
    let password = password_for_async(config, secrets, timeouts.secret).await?;
    let endpoint = Endpoint {
        pinned: config.pinned.imap.clone(),
        ..Endpoint::from_config(&config.imap)
    };
    let mut conn = connect(&endpoint, config.login(), &password, timeouts).await?;
    conn.enable_qresync().await?;
    Ok(conn)
}
