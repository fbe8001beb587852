//! Thunderbird autoconfig (config-v1.1.xml) parsed into server settings. Only the
//! parsing lives here; fetching (HTTPS first, timeouts, no redirect to http) is the
//! caller's job.

use roxmltree::{Document, Node};

use crate::config::Security;
use crate::discover::providers::AuthMethod;

/// One server as an autoconfig file describes it, placeholders already filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoconfigServer {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub auth: AuthMethod,
    pub username: String,
}

/// The first usable IMAP and SMTP servers of a file; either may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Autoconfig {
    pub imap: Option<AutoconfigServer>,
    pub smtp: Option<AutoconfigServer>,
}

/// Parses `xml` for `address`. Entries that are unusable (plain connections, POP3,
/// unknown auth, bad port) are skipped rather than failing the whole file, so a
/// file listing a plain server before a TLS one still yields the TLS one.
pub fn parse_autoconfig(xml: &str, address: &str) -> Result<Autoconfig, roxmltree::Error> {
    let doc = Document::parse(xml)?;
    let mut found = Autoconfig::default();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let kind = node.attribute("type").unwrap_or("");
        if node.has_tag_name("incomingServer") && kind == "imap" && found.imap.is_none() {
            found.imap = server(node, address);
        } else if node.has_tag_name("outgoingServer") && kind == "smtp" && found.smtp.is_none() {
            found.smtp = server(node, address);
        }
    }
    Ok(found)
}

fn child_text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .and_then(|c| c.text())
        .map(str::trim)
}

fn server(node: Node<'_, '_>, address: &str) -> Option<AutoconfigServer> {
    let host = child_text(node, "hostname")?.to_ascii_lowercase();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    let port: u16 = child_text(node, "port")?.parse().ok().filter(|p| *p != 0)?;
    let security = match child_text(node, "socketType")?.to_ascii_uppercase().as_str() {
        "SSL" | "TLS" => Security::Tls,
        "STARTTLS" => Security::Starttls,
        // Plain connections are never offered by discovery.
        _ => return None,
    };
    // A server may list several methods; the first one Tern supports wins.
    let auth = node
        .children()
        .filter(|c| c.has_tag_name("authentication"))
        .filter_map(|c| c.text())
        .find_map(|method| match method.trim() {
            "password-cleartext" | "password-encrypted" | "plain" | "secure" => Some(AuthMethod::Password),
            "OAuth2" => Some(AuthMethod::Oauth2),
            _ => None,
        })?;
    let template = child_text(node, "username").unwrap_or("%EMAILADDRESS%");
    Some(AutoconfigServer {
        host,
        port,
        security,
        auth,
        username: fill_placeholders(template, address),
    })
}

/// Replaces %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%.
fn fill_placeholders(template: &str, address: &str) -> String {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    template
        .replace("%EMAILADDRESS%", address)
        .replace("%EMAILLOCALPART%", local)
        .replace("%EMAILDOMAIN%", domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <incomingServer type="pop3"><hostname>pop.example.test</hostname><port>995</port>
      <socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>
    <incomingServer type="imap"><hostname>plain.example.test</hostname><port>143</port>
      <socketType>plain</socketType><authentication>password-cleartext</authentication></incomingServer>
    <incomingServer type="imap"><hostname>IMAP.example.test</hostname><port>993</port>
      <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
      <authentication>GSSAPI</authentication><authentication>password-cleartext</authentication></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>587</port>
      <socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication></outgoingServer>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn picks_first_usable_servers_and_fills_usernames() {
        let found = parse_autoconfig(SAMPLE, "ann@example.test").expect("parses");
        let imap = found.imap.expect("imap found");
        assert_eq!(imap.host, "imap.example.test");
        assert_eq!(
            (imap.port, imap.security, imap.auth),
            (993, Security::Tls, AuthMethod::Password)
        );
        assert_eq!(imap.username, "ann");
        let smtp = found.smtp.expect("smtp found");
        assert_eq!(
            (smtp.port, smtp.security, smtp.auth),
            (587, Security::Starttls, AuthMethod::Oauth2)
        );
        assert_eq!(smtp.username, "ann@example.test");
    }

    #[test]
    fn broken_files_are_errors_or_empty() {
        assert!(parse_autoconfig("<clientConfig", "a@b.test").is_err());
        let wrong_types = "<clientConfig><incomingServer type=\"imap\"><hostname>h</hostname>\
            <port>nine</port><socketType>SSL</socketType>\
            <authentication>password-cleartext</authentication></incomingServer></clientConfig>";
        assert_eq!(
            parse_autoconfig(wrong_types, "a@b.test").ok(),
            Some(Autoconfig::default())
        );
    }
}
