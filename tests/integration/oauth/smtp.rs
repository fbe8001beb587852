//! Sending with an OAuth2 token (XOAUTH2 and OAUTHBEARER) through Dovecot's submission
//! service, which asks the same authorization server.

use std::time::Duration;

use tern::config::{OauthMechanism, Security, SmtpConfig};
use tern::core::ErrorKind;
use tern::smtp::{SmtpEndpoint, SmtpTimeouts, connect_with};

use super::{MemoryKeychain, oauth_account, servers, sign_in};
use crate::send::wait_for_messages;

async fn send_with(mechanism: OauthMechanism) {
    let (_auth, dovecot) = servers();
    dovecot.submission();
    let user = dovecot.user("oauth-send");
    let mut account = oauth_account(&user, Some(mechanism));
    account.smtp = Some(SmtpConfig {
        host: "127.0.0.1".into(),
        port: dovecot.submissions_port,
        security: Security::Tls,
        ..SmtpConfig::default()
    });
    let keychain = MemoryKeychain::default();
    sign_in(&account, &keychain).await;
    // The engine's own login (the composer's size check) works with the token.
    let limit = tern::engine::smtp_max_size(&account, &keychain)
        .await
        .expect("logged in to submission with a token");
    assert!(limit.is_some_and(|l| l > 0));

    let endpoint = SmtpEndpoint::from_account(&account).expect("endpoint");
    let (token, _) = tern::auth::access_token(&account, &keychain, Duration::from_secs(30), false)
        .await
        .expect("token");
    let credential = tern::auth::Credential::Token {
        token: token.secret(),
        mechanism: Some(mechanism),
    };
    let mut session = connect_with(
        &endpoint,
        account.smtp_login(),
        credential,
        &SmtpTimeouts::default(),
    )
    .await
    .expect("connected");
    let to = format!("{}@localhost", user.name);
    let bytes = format!(
        "From: {to}\r\nTo: {to}\r\nSubject: sent with {mechanism:?}\r\nMessage-ID: <oauth-{}@localhost>\r\n\r\nHello.\r\n",
        user.name
    );
    session
        .send(&to, std::slice::from_ref(&to), bytes.as_bytes())
        .await
        .expect("sent");
    session.quit().await;
    let delivered = wait_for_messages(dovecot, &user, "INBOX", 1);
    assert_eq!(delivered.len(), 1, "delivered through submission");

    // A token the server does not accept: refused after the error challenge.
    let bad = tern::auth::Credential::Token {
        token: "not-a-token",
        mechanism: Some(mechanism),
    };
    let e = connect_with(&endpoint, account.smtp_login(), bad, &SmtpTimeouts::default())
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Auth);
    assert_eq!(e.text.map(|t| t.id), Some("err-oauth-refused-by-server"));
}

#[tokio::test]
async fn sending_works_with_xoauth2() {
    send_with(OauthMechanism::Xoauth2).await;
}

#[tokio::test]
async fn sending_works_with_oauthbearer() {
    send_with(OauthMechanism::Oauthbearer).await;
}
