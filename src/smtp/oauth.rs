//! AUTH with an OAuth2 access token (XOAUTH2 or OAUTHBEARER) on a submission session.

use lettre::transport::smtp::client::AsyncSmtpConnection;

use crate::auth::sasl;
use crate::config::OauthMechanism;
use crate::core::{ErrorKind, TernError, Text};

/// The SASL mechanisms of the EHLO `AUTH` line, uppercased.
pub(super) fn auth_mechanisms<'a>(ehlo: impl Iterator<Item = &'a str>) -> Vec<String> {
    ehlo.filter_map(|l| {
        let upper = l.to_ascii_uppercase();
        upper
            .strip_prefix("AUTH")
            .map(|rest| rest.trim_start_matches(['=', ' ']).to_string())
    })
    .flat_map(|rest| rest.split_whitespace().map(str::to_string).collect::<Vec<_>>())
    .collect()
}

/// An OAuth2 login's mechanism and SASL message (before base64).
pub(super) struct TokenLogin {
    mechanism: &'static str,
    message: Vec<u8>,
}

pub(super) fn oauth_message(
    login: &str,
    token: &str,
    mechanism: Option<OauthMechanism>,
    offered: &[String],
    (host, port): (&str, u16),
) -> Result<TokenLogin, TernError> {
    let has = |m: &str| offered.iter().any(|o| o == m);
    let chosen = mechanism.unwrap_or(if has("XOAUTH2") || !has("OAUTHBEARER") {
        OauthMechanism::Xoauth2
    } else {
        OauthMechanism::Oauthbearer
    });
    let name = match chosen {
        OauthMechanism::Xoauth2 => "XOAUTH2",
        OauthMechanism::Oauthbearer => "OAUTHBEARER",
    };
    if !has(name) || !sasl::sendable(token) || !sasl::sendable(login) {
        return Err(TernError::new(
            ErrorKind::Auth,
            format!("{host} does not offer the sign-in Tern was set up for ({name})."),
        )
        .with_text(
            Text::new("err-oauth-mechanism")
                .arg("host", host)
                .arg("mechanism", name),
        ));
    }
    let message = match chosen {
        OauthMechanism::Xoauth2 => sasl::xoauth2(login, token),
        OauthMechanism::Oauthbearer => sasl::oauthbearer(login, host, port, token),
    };
    Ok(TokenLogin {
        mechanism: name,
        message,
    })
}

/// `AUTH <mechanism> <initial response>`; a 334 error challenge is answered with an
/// empty line (RFC 7628 §3.2.3), after which the server refuses.
pub(super) async fn token_auth(
    conn: &mut AsyncSmtpConnection,
    host: &str,
    login: TokenLogin,
) -> Result<(), TernError> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&login.message);
    let refused = || {
        TernError::new(
            ErrorKind::Auth,
            format!(
                "The server {host} did not accept the sign-in ({}).",
                login.mechanism
            ),
        )
        .with_text(
            Text::new("err-oauth-refused-by-server")
                .arg("host", host)
                .arg("mechanism", login.mechanism),
        )
    };
    let response = conn
        .command(format!("AUTH {} {encoded}\r\n", login.mechanism))
        .await
        .map_err(|_| refused())?;
    if response.has_code(334) {
        conn.command("\r\n").await.map_err(|_| refused())?;
        return Err(refused());
    }
    Ok(())
}
