//! Fetching Thunderbird autoconfig files over HTTPS only. A redirect to http, a
//! non-2xx status, a body over 64 KiB, bad XML or a timeout all mean "this source has
//! nothing": discovery goes on with the next one.

use std::sync::Arc;

use super::DiscoverConfig;
use super::autoconfig::{Autoconfig, parse_autoconfig};
use super::dns::{Dns, HttpResolver};

/// Autoconfig files are a few KiB; anything much larger is not one.
const MAX_BODY: usize = 64 * 1024;

/// The URLs tried for `domain`, in order (autoconfig host first, then .well-known).
pub fn autoconfig_urls(domain: &str, https_port: u16) -> [String; 2] {
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    [
        format!("https://autoconfig.{domain}{port}/mail/config-v1.1.xml"),
        format!("https://{domain}{port}/.well-known/autoconfig/mail/config-v1.1.xml"),
    ]
}

/// An HTTPS-only client with the lookup timeout, the extra CA and the DNS override.
pub fn http_client(config: &DiscoverConfig, dns: &Dns) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .https_only(true)
        .redirect(reqwest::redirect::Policy::limited(3))
        .timeout(config.step_timeout)
        .connect_timeout(config.step_timeout)
        .user_agent(concat!("Tern/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &config.extra_ca {
        let pem = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let certs =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| format!("{}: {e}", path.display()))?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    if config.dns_server.is_some() {
        builder = builder.dns_resolver(Arc::new(HttpResolver(dns.clone())));
    }
    builder.build().map_err(|e| e.to_string())
}

/// The body of `url` when it answers 2xx within the limits.
async fn fetch_text(client: &reqwest::Client, url: &str) -> Option<String> {
    let response = client.get(url).send().await.ok()?;
    if !response.status().is_success() {
        tracing::debug!("autoconfig {url}: HTTP {}", response.status());
        return None;
    }
    if response.content_length().is_some_and(|len| len > MAX_BODY as u64) {
        return None;
    }
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        if body.len() + chunk.len() > MAX_BODY {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).ok()
}

/// The autoconfig at `url` for `address`, when it names at least an IMAP server.
pub async fn fetch_autoconfig(client: &reqwest::Client, url: &str, address: &str) -> Option<Autoconfig> {
    let text = fetch_text(client, url).await?;
    match parse_autoconfig(&text, address) {
        Ok(found) if found.imap.is_some() => Some(found),
        Ok(_) => None,
        Err(e) => {
            tracing::debug!("autoconfig {url}: not XML: {e}");
            None
        }
    }
}

/// Both URLs for `domain` at once; the autoconfig host's answer is preferred.
pub async fn autoconfig_for_domain(
    client: &reqwest::Client,
    config: &DiscoverConfig,
    domain: &str,
    address: &str,
) -> Option<(String, Autoconfig)> {
    let [first, second] = autoconfig_urls(domain, config.https_port);
    let (a, b) = futures::join!(
        fetch_autoconfig(client, &first, address),
        fetch_autoconfig(client, &second, address)
    );
    a.map(|found| (first, found))
        .or_else(|| b.map(|found| (second, found)))
}
