//! After encryption (or on a loopback plain connection): the greeting, CAPABILITY before
//! login, and the login itself with the password kept out of async-imap (see the
//! `connect` module docs).

use std::collections::HashSet;
use std::io;

use async_imap::imap_proto::{Response, Status};
use base64::Engine as _;
use tokio::io::AsyncWriteExt;

use super::connect::{ImapClient, ImapSession, capability_name};
use super::errors::{imap_error, io_error, sanitize};
use crate::core::{ErrorKind, TernError, Text};

// ---------------------------------------------------------------------------------------
// After encryption (or on a loopback plain connection)
// ---------------------------------------------------------------------------------------

/// The next response, or why there is none.
fn got<T>(read: io::Result<Option<T>>, host: &str) -> Result<T, TernError> {
    match read {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(TernError::new(
            ErrorKind::Disconnected,
            format!("{host} closed the connection. Tern will try again later."),
        )
        .with_text(Text::new("err-connection-lost").arg("host", host))),
        Err(e) => Err(io_error(&e, host)),
    }
}

pub(super) async fn read_greeting(client: &mut ImapClient, host: &str) -> Result<(), TernError> {
    let greeting = got(client.read_response().await, host)?;
    match greeting.parsed() {
        Response::Data {
            status: Status::Ok, ..
        } => Ok(()),
        Response::Data {
            status: Status::PreAuth,
            ..
        } => Err(TernError::new(
            ErrorKind::ServerRefused,
            format!(
                "{host} says this connection is already logged in (PREAUTH), which Tern does \
                 not support."
            ),
        )
        .with_text(Text::new("err-preauth").arg("host", host))),
        Response::Data {
            status: Status::Bye,
            outcome,
        } => Err(TernError::new(
            ErrorKind::Disconnected,
            format!(
                "{host} closed the connection right away{}. Tern will try again later.",
                outcome
                    .information
                    .as_deref()
                    .map(|t| format!(" (it said: “{}”)", sanitize(t, "")))
                    .unwrap_or_default()
            ),
        )
        .with_text(Text::new("err-closed-at-once").arg("host", host))),
        _ => Err(TernError::new(
            ErrorKind::MalformedServerData,
            format!("{host} did not greet like an IMAP server. Check the port number."),
        )
        .with_text(Text::new("err-not-imap").arg("host", host))),
    }
}

const CAPABILITY_TAG: &str = "T3";

/// A fresh CAPABILITY before login (async-imap has none for an unauthenticated client).
pub(super) async fn raw_capability(
    client: &mut ImapClient,
    host: &str,
) -> Result<HashSet<String>, TernError> {
    let stream = client.get_mut();
    let sent = async {
        stream
            .write_all(format!("{CAPABILITY_TAG} CAPABILITY\r\n").as_bytes())
            .await?;
        stream.flush().await
    };
    sent.await.map_err(|e| io_error(&e, host))?;
    let mut caps = HashSet::new();
    loop {
        let response = got(client.read_response().await, host)?;
        match response.parsed() {
            Response::Capabilities(list) => caps.extend(
                list.iter()
                    .map(|c| capability_name(&async_imap::types::Capability::from(c))),
            ),
            Response::Done { tag, status, .. } if tag.0 == CAPABILITY_TAG => {
                return match status {
                    Status::Ok => Ok(caps),
                    _ => Err(TernError::new(
                        ErrorKind::ServerRefused,
                        format!("{host} refused to list its capabilities."),
                    )
                    .with_text(Text::new("err-no-capabilities").arg("host", host))),
                };
            }
            Response::Data {
                status: Status::Bye, ..
            } => {
                return Err(TernError::new(
                    ErrorKind::Disconnected,
                    format!("{host} closed the connection. Tern will try again later."),
                )
                .with_text(Text::new("err-connection-lost").arg("host", host)));
            }
            // Anything else before login is ignored.
            _ => {}
        }
    }
}

pub(super) async fn login(
    mut client: ImapClient,
    host: &str,
    username: &str,
    password: &str,
    caps: &HashSet<String>,
) -> Result<ImapSession, TernError> {
    if password.contains(['\r', '\n', '\0']) {
        return Err(TernError::new(
            ErrorKind::Auth,
            "The password contains a line break or a NUL character, which IMAP cannot send. \
             Check the password in the account settings.",
        )
        .with_text(Text::new("err-password-unsendable")));
    }
    let result = if caps.contains("LOGINDISABLED") {
        if !caps.contains("AUTH=PLAIN") {
            return Err(TernError::new(
                ErrorKind::Auth,
                format!("{host} does not accept a password login (LOGINDISABLED, and no AUTH=PLAIN)."),
            )
            .with_text(Text::new("err-login-disabled").arg("host", host)));
        }
        let mut plain = Vec::with_capacity(username.len() + password.len() + 2);
        plain.push(0);
        plain.extend_from_slice(username.as_bytes());
        plain.push(0);
        plain.extend_from_slice(password.as_bytes());
        let stand_in = StandIn::arm(&mut client, &plain);
        plain.iter_mut().for_each(|b| *b = 0);
        client.authenticate("PLAIN", stand_in).await
    } else {
        // async-imap quotes the placeholder; the real value is quoted the same way.
        let placeholder = format!("tern{:032x}", rand::random::<u128>());
        let quoted = password.replace('\\', "\\\\").replace('"', "\\\"");
        client
            .get_mut()
            .arm_secret(placeholder.clone().into_bytes(), quoted.into_bytes());
        client.login(username, &placeholder).await
    };
    after_login(result, host, |e| match e {
        async_imap::error::Error::Validate(_) => TernError::new(
            ErrorKind::Auth,
            "The user name contains a line break, which IMAP cannot send.",
        )
        .with_text(Text::new("err-username-unsendable")),
        _ => TernError::new(
            ErrorKind::Auth,
            format!("The server {host} did not accept the user name or password."),
        )
        .with_text(Text::new("err-auth").arg("host", host)),
    })
}

/// A SASL response (PLAIN, XOAUTH2, OAUTHBEARER): a random stand-in first (the guard
/// swaps in the real, base64-encoded message on the way out, so async-imap never sees
/// the secret), then an empty answer to the error challenge a server may send before
/// refusing (RFC 7628 §3.2.3).
struct StandIn {
    /// What async-imap sends (it base64-encodes it; the guard matches that encoding).
    raw: Vec<u8>,
    sent: bool,
}

impl StandIn {
    /// Arms the connection's guard to send `message` (base64) in place of a stand-in.
    fn arm(client: &mut ImapClient, message: &[u8]) -> StandIn {
        let stand_in: [u8; 18] = rand::random();
        let engine = base64::engine::general_purpose::STANDARD;
        client.get_mut().arm_secret(
            engine.encode(stand_in).into_bytes(),
            engine.encode(message).into_bytes(),
        );
        StandIn {
            raw: stand_in.to_vec(),
            sent: false,
        }
    }
}

impl async_imap::Authenticator for StandIn {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        if std::mem::replace(&mut self.sent, true) {
            Vec::new()
        } else {
            self.raw.clone()
        }
    }
}

/// Disarms the guard whatever the outcome; a refusal (NO, BAD, or a value async-imap
/// will not send) becomes `refused`'s error.
fn after_login(
    result: Result<ImapSession, (async_imap::error::Error, ImapClient)>,
    host: &str,
    refused: impl FnOnce(async_imap::error::Error) -> TernError,
) -> Result<ImapSession, TernError> {
    match result {
        Ok(mut session) => {
            session.get_mut().disarm_secret();
            Ok(session)
        }
        Err((e, mut client)) => {
            client.get_mut().disarm_secret();
            Err(match e {
                e @ (async_imap::error::Error::No(_)
                | async_imap::error::Error::Bad(_)
                | async_imap::error::Error::Validate(_)) => refused(e),
                other => imap_error(other, host),
            })
        }
    }
}

/// AUTHENTICATE XOAUTH2 or OAUTHBEARER with an access token. `message` is the SASL
/// message before base64 (see `crate::auth::sasl`).
pub(super) async fn authenticate_token(
    mut client: ImapClient,
    host: &str,
    mechanism: &str,
    message: &[u8],
    caps: &HashSet<String>,
) -> Result<ImapSession, TernError> {
    if !caps.contains(&format!("AUTH={mechanism}")) {
        return Err(TernError::new(
            ErrorKind::Auth,
            format!(
                "{host} does not offer the sign-in Tern was set up for ({mechanism}). Check \
                 `auth` and `mechanism` in the account's settings."
            ),
        )
        .with_text(
            Text::new("err-oauth-mechanism")
                .arg("host", host)
                .arg("mechanism", mechanism),
        ));
    }
    let stand_in = StandIn::arm(&mut client, message);
    let result = client.authenticate(mechanism, stand_in).await;
    after_login(result, host, |_| {
        TernError::new(
            ErrorKind::Auth,
            format!("The server {host} did not accept the sign-in ({mechanism})."),
        )
        .with_text(
            Text::new("err-oauth-refused-by-server")
                .arg("host", host)
                .arg("mechanism", mechanism),
        )
    })
}
