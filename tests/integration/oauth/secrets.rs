//! T-07 for OAuth2: after a sign-in, a sync, a refresh after a refused token and a
//! proactive refresh, all with tracing at its most verbose in a child process (so the
//! log crate's output of async-imap is captured too), no token appears in the log, the
//! cache database (with its WAL) or the config file.

use std::process::Command;

use tern::config::Config;
use tern::engine::{SyncOptions, Tuning, open_connection, sync_account};
use tern::store::Store;

use super::{MemoryKeychain, oauth_account_at, servers, sign_in};

const INNER: &str = "oauth::secrets::inner_sign_in_and_sync_with_trace_logging";

#[test]
fn tokens_are_in_no_log_database_or_config_file() {
    let (auth, dovecot) = servers();
    let user = dovecot.user("oauth-secret");
    dovecot.seed(&user, "INBOX", crate::support::seed::messages(20, 0, 9));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", INNER, "--ignored", "--nocapture", "--test-threads=1"])
        .env("TERN_OAUTH_TEST_DIR", dir.path())
        .env("TERN_OAUTH_TEST_USER", &user.name)
        .env("TERN_OAUTH_TEST_AUTH", auth.url(""))
        .env("TERN_OAUTH_TEST_IMAPS", dovecot.imaps_port.to_string())
        .env("TERN_OAUTH_TEST_CA", &dovecot.ca_file)
        .output()
        .expect("run the inner test");
    let mut log = out.stdout.clone();
    log.extend_from_slice(&out.stderr);
    assert!(
        out.status.success() && String::from_utf8_lossy(&log).contains("1 passed"),
        "{}",
        String::from_utf8_lossy(&log)
    );
    assert!(
        String::from_utf8_lossy(&log).contains("AUTHENTICATE"),
        "trace logging showed the protocol"
    );
    let counts = auth.counts(&user.name);
    assert!(counts.refresh_grants >= 2, "{counts:?}");
    let issued = auth.issued_to(&user.name);
    assert!(issued.len() >= 4, "{issued:?}");
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir.path()).expect("ls").flatten() {
        files.push(std::fs::read(e.path()).expect("read"));
    }
    assert!(files.len() >= 2, "cache and config written");
    for token in issued {
        let needle = token.as_bytes();
        let contains = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(!contains(&log), "a token is in the trace log");
        for f in &files {
            assert!(!contains(f), "a token is in a file");
        }
    }
}

#[tokio::test]
#[ignore = "runs in a child process, started by tokens_are_in_no_log_database_or_config_file"]
async fn inner_sign_in_and_sync_with_trace_logging() {
    let var = |k: &str| std::env::var(k).expect(k);
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(std::io::stderr)
        .init();
    let dir = std::path::PathBuf::from(var("TERN_OAUTH_TEST_DIR"));
    let user = crate::support::dovecot::User {
        name: var("TERN_OAUTH_TEST_USER"),
        password: String::new(),
        maildir: dir.clone(),
    };
    let account = oauth_account_at(
        &var("TERN_OAUTH_TEST_AUTH"),
        var("TERN_OAUTH_TEST_IMAPS").parse().expect("port"),
        std::path::Path::new(&var("TERN_OAUTH_TEST_CA")),
        &user,
        None,
    );
    Config {
        accounts: vec![account.clone()],
    }
    .save(&dir.join("accounts.toml"))
    .expect("config");
    let keychain = MemoryKeychain::default();
    sign_in(&account, &keychain).await;
    let timeouts = Tuning::default().timeouts;
    let mut store = Store::open(&dir.join("cache.sqlite3")).expect("store");
    let id = store.ensure_account(&account.name, &account.email).expect("row");
    for forced in [false, true] {
        if forced {
            tern::auth::forget_access_token(&account.name);
        }
        let mut conn = open_connection(&account, &keychain, &timeouts)
            .await
            .expect("login");
        let mut emit = |_| {};
        sync_account(&mut conn, &mut store, id, None, SyncOptions::default(), &mut emit)
            .await
            .expect("sync");
        conn.logout().await;
    }
    // A refused cached token (the outer test cannot reach in: a stale token is planted).
    tern::auth::keep_tokens(
        &account.name,
        &tern::auth::Tokens::new(oauth2::AccessToken::new("stale-token".into()), None, None),
        &keychain,
    )
    .expect("plant");
    open_connection(&account, &keychain, &timeouts)
        .await
        .expect("login after refresh")
        .logout()
        .await;
}
