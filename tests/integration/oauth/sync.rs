//! Sync over XOAUTH2 and OAUTHBEARER; refresh without asking; "sign in again".

use tern::config::OauthMechanism;
use tern::core::ErrorKind;
use tern::engine::{SyncOptions, Tuning, open_connection, sync_account};

use super::{MemoryKeychain, oauth_account, servers, sign_in};
use crate::support::seed;
use crate::sync::Cache;

async fn sync_with(mechanism: OauthMechanism) {
    let (auth, dovecot) = servers();
    let user = dovecot.user("oauth-sync");
    dovecot.seed(&user, "INBOX", seed::messages(12, 0, 7));
    let account = oauth_account(&user, Some(mechanism));
    let keychain = MemoryKeychain::default();
    let page = sign_in(&account, &keychain).await;
    assert!(page.contains("You can close this tab"), "{page}");
    assert_eq!(auth.counts(&user.name).code_grants, 1);
    assert!(
        keychain
            .0
            .lock()
            .expect("keychain")
            .contains_key(&tern::auth::refresh_key(&account.name)),
        "the refresh token went to the keychain"
    );

    let mut cache = Cache::new(&account);
    let mut conn = open_connection(&account, &keychain, &Tuning::default().timeouts)
        .await
        .expect("logged in with a token");
    let mut emit = |_| {};
    sync_account(
        &mut conn,
        &mut cache.store,
        cache.id,
        None,
        SyncOptions::default(),
        &mut emit,
    )
    .await
    .expect("sync");
    conn.logout().await;
    let inbox = cache
        .store
        .find_folder(cache.id, "INBOX")
        .expect("query")
        .expect("INBOX cached");
    assert_eq!(
        cache.store.list_messages(inbox.id, 0, 100).expect("list").len(),
        7
    );
    let counts = auth.counts(&user.name);
    assert!(counts.introspections >= 1, "Dovecot asked the server: {counts:?}");
    assert_eq!(counts.refresh_grants, 0, "a fresh token was used as it was");
}

#[tokio::test]
async fn sync_works_with_xoauth2() {
    sync_with(OauthMechanism::Xoauth2).await;
}

#[tokio::test]
async fn sync_works_with_oauthbearer() {
    sync_with(OauthMechanism::Oauthbearer).await;
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_without_asking() {
    let (auth, dovecot) = servers();
    let user = dovecot.user("oauth-expired");
    let account = oauth_account(&user, None);
    let keychain = MemoryKeychain::default();
    sign_in(&account, &keychain).await;
    let timeouts = Tuning::default().timeouts;
    open_connection(&account, &keychain, &timeouts)
        .await
        .expect("first login")
        .logout()
        .await;
    assert_eq!(auth.counts(&user.name).refresh_grants, 0);

    // The server stops accepting the token before its stated expiry: refused once,
    // refreshed, accepted.
    auth.expire_access_tokens(&user.name);
    open_connection(&account, &keychain, &timeouts)
        .await
        .expect("logged in after a refresh")
        .logout()
        .await;
    let counts = auth.counts(&user.name);
    assert_eq!(counts.refresh_grants, 1, "{counts:?}");
    assert_eq!(counts.inactive_introspections, 1, "{counts:?}");

    // A token about to expire is refreshed before it is used (no refused login).
    auth.set_access_life_for(&user.name, 30);
    auth.expire_access_tokens(&user.name);
    open_connection(&account, &keychain, &timeouts)
        .await
        .expect("logged in")
        .logout()
        .await;
    let before = auth.counts(&user.name);
    open_connection(&account, &keychain, &timeouts)
        .await
        .expect("logged in")
        .logout()
        .await;
    let after = auth.counts(&user.name);
    assert_eq!(
        after.refresh_grants,
        before.refresh_grants + 1,
        "{before:?} -> {after:?}"
    );
    assert_eq!(after.inactive_introspections, before.inactive_introspections);
}

#[tokio::test]
async fn a_revoked_refresh_token_asks_to_sign_in_again() {
    let (auth, dovecot) = servers();
    let user = dovecot.user("oauth-revoked");
    let account = oauth_account(&user, None);
    let keychain = MemoryKeychain::default();
    sign_in(&account, &keychain).await;
    auth.revoke_refresh_tokens(&user.name);
    auth.expire_access_tokens(&user.name);
    let e = open_connection(&account, &keychain, &Tuning::default().timeouts)
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Auth);
    assert_eq!(e.text.as_ref().map(|t| t.id), Some("err-oauth-sign-in-again"));
    assert!(e.message.contains("Sign in again"), "{}", e.message);
    let counts = auth.counts(&user.name);
    // One refused login, one refused refresh: no loop that could lock the account.
    assert_eq!(
        (counts.inactive_introspections, counts.refused_grants),
        (1, 1),
        "{counts:?}"
    );
}
