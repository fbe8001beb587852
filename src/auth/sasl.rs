//! The SASL messages that carry an OAuth2 access token (before base64; the protocol
//! layers encode them). Both end with the token, so callers keep them out of logs.

/// XOAUTH2 (Google, Microsoft): `user=U ^A auth=Bearer T ^A ^A`.
pub fn xoauth2(user: &str, token: &str) -> Vec<u8> {
    format!("user={user}\x01auth=Bearer {token}\x01\x01").into_bytes()
}

/// OAUTHBEARER (RFC 7628): a GS2 header naming the user, then host, port and token.
pub fn oauthbearer(user: &str, host: &str, port: u16, token: &str) -> Vec<u8> {
    format!(
        "n,a={},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01",
        gs2_escape(user)
    )
    .into_bytes()
}

/// RFC 5801: "," and "=" in the authorization identity are written =2C and =3D.
fn gs2_escape(user: &str) -> String {
    user.replace('=', "=3D").replace(',', "=2C")
}

/// Whether a token or user name can go into these messages (no separators).
pub fn sendable(text: &str) -> bool {
    !text.contains(['\x01', '\r', '\n', '\0'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_specs() {
        assert_eq!(
            xoauth2("ann@example.org", "ya29.tok"),
            b"user=ann@example.org\x01auth=Bearer ya29.tok\x01\x01"
        );
        assert_eq!(
            oauthbearer("a,b=c@example.org", "imap.example.org", 993, "t"),
            b"n,a=a=2Cb=3Dc@example.org,\x01host=imap.example.org\x01port=993\x01auth=Bearer t\x01\x01"
        );
        assert!(sendable("ya29.a0-_~+/="));
        assert!(!sendable("bad\x01token"));
    }
}
