//! The discovery order itself: table, then autoconfig/MX/SRV (asked together), then
//! the MX base domain's autoconfig, then guesses.

use super::autoconfig::{Autoconfig, AutoconfigServer};
use super::dns::Dns;
use super::probe::{self, Protocol};
use super::providers::{Provider, ServerEntry, by_domain, by_mx_host};
use super::{
    AuthMethod, DiscoverConfig, Discovered, ServerSettings, Source, Step, address_domain, base_domain, fetch,
};
use crate::config::Security;
use crate::core::{ErrorKind, TernError, Text};

fn from_entry(entry: &ServerEntry, address: &str) -> ServerSettings {
    ServerSettings {
        host: entry.host.clone(),
        port: entry.port,
        security: entry.security,
        auth: entry.auth.clone(),
        username: address.to_string(),
    }
}

fn from_provider(address: &str, provider: &Provider, source: Source) -> Discovered {
    Discovered {
        address: address.to_string(),
        source,
        imap: from_entry(&provider.imap, address),
        smtp: Some(from_entry(&provider.smtp, address)),
        oauth: provider.oauth.clone(),
    }
}

fn from_autoconfig_server(server: AutoconfigServer) -> ServerSettings {
    ServerSettings {
        host: server.host,
        port: server.port,
        security: server.security,
        auth: server.auth,
        username: server.username,
    }
}

fn from_autoconfig(address: &str, found: Autoconfig, source: Source) -> Option<Discovered> {
    Some(Discovered {
        address: address.to_string(),
        source,
        imap: from_autoconfig_server(found.imap?),
        smtp: found.smtp.map(from_autoconfig_server),
        oauth: None,
    })
}

fn password_login(host: String, port: u16, security: Security, address: &str) -> ServerSettings {
    ServerSettings {
        host,
        port,
        security,
        auth: AuthMethod::Password,
        username: address.to_string(),
    }
}

/// RFC 6186 (with RFC 8314's preference for implicit TLS): the first target of
/// `tls_name`, else of `starttls_name`.
async fn srv_pair(
    dns: &Dns,
    tls_name: String,
    starttls_name: String,
    address: &str,
) -> Option<ServerSettings> {
    let (tls, starttls) = futures::join!(dns.srv(&tls_name), dns.srv(&starttls_name));
    let (target, security) = match tls.into_iter().next() {
        Some(target) => (target, Security::Tls),
        None => (starttls.into_iter().next()?, Security::Starttls),
    };
    Some(password_login(target.host, target.port, security, address))
}

async fn from_srv(dns: &Dns, domain: &str, address: &str) -> Option<Discovered> {
    let (imap, smtp) = futures::join!(
        srv_pair(
            dns,
            format!("_imaps._tcp.{domain}"),
            format!("_imap._tcp.{domain}"),
            address
        ),
        srv_pair(
            dns,
            format!("_submissions._tcp.{domain}"),
            format!("_submission._tcp.{domain}"),
            address
        ),
    );
    Some(Discovered {
        address: address.to_string(),
        source: Source::Srv,
        imap: imap?,
        smtp,
        oauth: None,
    })
}

async fn from_guesses(
    dns: &Dns,
    config: &DiscoverConfig,
    domain: &str,
    address: &str,
) -> Result<Option<Discovered>, TernError> {
    let tls = crate::imap::tls::client_config(config.extra_ca.as_deref())?;
    let imap_candidates = probe::candidates(domain, &["imap", "mail"], &config.imap_ports);
    let smtp_candidates = probe::candidates(domain, &["smtp", "mail"], &config.smtp_ports);
    let (imap, smtp) = futures::join!(
        probe::first_answering(
            dns,
            tls.clone(),
            &imap_candidates,
            Protocol::Imap,
            config.step_timeout
        ),
        probe::first_answering(dns, tls, &smtp_candidates, Protocol::Smtp, config.step_timeout),
    );
    let settings = |c: probe::Candidate| password_login(c.host, c.port, c.security, address);
    Ok(imap.map(|imap| Discovered {
        address: address.to_string(),
        source: Source::Guess,
        imap: settings(imap),
        smtp: smtp.map(settings),
        oauth: None,
    }))
}

fn setup_error(detail: String) -> TernError {
    TernError::new(
        ErrorKind::Config,
        format!("Tern could not prepare the search for the server settings ({detail}). Enter them yourself."),
    )
    .with_text(Text::new("err-discover-setup").arg("detail", detail))
}

/// Finds the IMAP and SMTP settings of `address`, reporting each step to `progress`.
/// A complete answer (IMAP and SMTP) from an earlier source wins; when no source is
/// complete, the first one that found at least IMAP is returned.
pub async fn discover(
    address: &str,
    config: &DiscoverConfig,
    mut progress: impl FnMut(Step) + Send,
) -> Result<Discovered, TernError> {
    let address = address.trim();
    let Some(domain) = address_domain(address) else {
        return Err(TernError::new(
            ErrorKind::Config,
            format!("“{address}” is not an e-mail address. Enter it as name@example.org."),
        )
        .with_text(Text::new("err-discover-address").arg("who", address.to_string())));
    };
    progress(Step::ProviderTable);
    if let Some(provider) = by_domain(&config.providers, &domain) {
        let source = Source::ProviderTable {
            provider: provider.name.clone(),
        };
        return Ok(from_provider(address, provider, source));
    }

    let dns = Dns::new(config.dns_server, config.step_timeout).map_err(setup_error)?;
    let client = fetch::http_client(config, &dns).map_err(setup_error)?;
    let mut partial: Option<Discovered> = None;
    let mut keep = |found: Discovered| -> Option<Discovered> {
        if found.smtp.is_some() {
            return Some(found);
        }
        partial.get_or_insert(found);
        None
    };

    progress(Step::Lookups);
    let (autoconfig, mx, srv) = futures::join!(
        fetch::autoconfig_for_domain(&client, config, &domain, address),
        dns.mx(&domain),
        from_srv(&dns, &domain, address),
    );
    if let Some(found) = autoconfig
        .and_then(|(url, found)| from_autoconfig(address, found, Source::Autoconfig { url }))
        .and_then(&mut keep)
    {
        return Ok(found);
    }
    if let Some(mx_host) = mx.first() {
        if let Some(provider) = by_mx_host(&config.providers, mx_host) {
            let source = Source::MxProviderTable {
                mx: mx_host.clone(),
                provider: provider.name.clone(),
            };
            return Ok(from_provider(address, provider, source));
        }
        let base = base_domain(mx_host);
        if base != domain {
            progress(Step::MxAutoconfig);
            let found = fetch::autoconfig_for_domain(&client, config, &base, address).await;
            if let Some(found) = found
                .and_then(|(url, found)| {
                    let mx = mx_host.clone();
                    from_autoconfig(address, found, Source::MxAutoconfig { mx, url })
                })
                .and_then(&mut keep)
            {
                return Ok(found);
            }
        }
    }
    if let Some(found) = srv.and_then(&mut keep) {
        return Ok(found);
    }

    progress(Step::Guesses);
    if let Some(found) = from_guesses(&dns, config, &domain, address)
        .await?
        .and_then(&mut keep)
    {
        return Ok(found);
    }
    partial.ok_or_else(|| {
        TernError::new(
            ErrorKind::NotFound,
            format!("Tern could not find the server settings for {domain}. Enter them yourself; your provider's help pages list them."),
        )
        .with_text(Text::new("err-discover-nothing").arg("host", domain))
    })
}
