//! MX, SRV and address lookups for discovery with hickory-resolver. The system's
//! resolver configuration is used unless `TERN_DNS_SERVER` (tests, corporate networks)
//! names one server to ask instead.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;

/// One SRV answer, already reduced to what a client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrvTarget {
    pub host: String,
    pub port: u16,
    pub priority: u16,
}

/// A resolver that gives up on every query after `timeout`.
#[derive(Clone)]
pub struct Dns {
    resolver: Arc<TokioResolver>,
    timeout: Duration,
}

fn trim_dot(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

impl Dns {
    /// The system resolver, or only `server` when given.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> Result<Dns, String> {
        let provider = TokioRuntimeProvider::default();
        let mut builder = match server {
            Some(addr) => {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                let name_server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
                let config = ResolverConfig::from_name_servers(vec![name_server]);
                TokioResolver::builder_with_config(config, provider)
            }
            None => TokioResolver::builder(provider).map_err(|e| e.to_string())?,
        };
        let options = builder.options_mut();
        options.timeout = timeout;
        options.attempts = 1;
        // Discovery names are always fully qualified; never append search domains.
        options.ndots = 0;
        let resolver = builder.build().map_err(|e| e.to_string())?;
        Ok(Dns {
            resolver: Arc::new(resolver),
            timeout,
        })
    }

    /// MX hosts, most preferred first; empty when there are none or the lookup failed.
    pub async fn mx(&self, domain: &str) -> Vec<String> {
        let query = format!("{}.", trim_dot(domain));
        let lookup = tokio::time::timeout(self.timeout, self.resolver.mx_lookup(query)).await;
        let Ok(Ok(lookup)) = lookup else {
            return Vec::new();
        };
        let mut hosts: Vec<(u16, String)> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::MX(mx) => Some((mx.preference, trim_dot(&mx.exchange.to_ascii()))),
                _ => None,
            })
            .filter(|(_, host)| !host.is_empty())
            .collect();
        hosts.sort();
        hosts.into_iter().map(|(_, host)| host).collect()
    }

    /// SRV targets of `name` (e.g. `_imaps._tcp.example.org`), lowest priority first.
    /// A target of "." means "not offered here" (RFC 2782) and is dropped.
    pub async fn srv(&self, name: &str) -> Vec<SrvTarget> {
        let query = format!("{}.", trim_dot(name));
        let lookup = tokio::time::timeout(self.timeout, self.resolver.srv_lookup(query)).await;
        let Ok(Ok(lookup)) = lookup else {
            return Vec::new();
        };
        let mut targets: Vec<SrvTarget> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::SRV(srv) => Some(SrvTarget {
                    host: trim_dot(&srv.target.to_ascii()),
                    port: srv.port,
                    priority: srv.priority,
                }),
                _ => None,
            })
            .filter(|t| !t.host.is_empty() && t.port != 0)
            .collect();
        targets.sort_by_key(|t| t.priority);
        targets
    }

    /// The addresses of `host` (an IP address literal is returned as is).
    pub async fn addresses(&self, host: &str) -> Vec<IpAddr> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return vec![ip];
        }
        let query = format!("{}.", trim_dot(host));
        match tokio::time::timeout(self.timeout, self.resolver.lookup_ip(query)).await {
            Ok(Ok(found)) => found.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Lets reqwest resolve autoconfig hosts through the same server as MX and SRV.
pub struct HttpResolver(pub Dns);

impl reqwest::dns::Resolve for HttpResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found = dns.addresses(&host).await;
            if found.is_empty() {
                return Err(format!("no address for {host}").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(found.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}
