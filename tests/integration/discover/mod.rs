//! Account discovery (issue 13 item 1) against real local servers: dnsmasq answers MX,
//! SRV and A records for `.test` domains, a local HTTPS server with a test CA serves
//! autoconfig files, and the real Dovecot answers the probes of guessed names.

mod cert_details;
mod health;
mod pinning;
mod setup_flow;
mod sources;
mod trust_dialog;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::OnceLock;

use crate::support::certs::TestCa;
use crate::support::dnsmasq::{Dnsmasq, Zone};
use crate::support::dovecot::Dovecot;
use crate::support::https_files::{Answer, HttpsFiles};
use tern::discover::{DiscoverConfig, Discovered, Step, discover};

/// An autoconfig file naming imap.<host_domain> and smtp.<host_domain>.
pub fn config_xml(host_domain: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="{host_domain}">
  <incomingServer type="imap"><hostname>imap.{host_domain}</hostname><port>993</port>
    <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    <authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.{host_domain}</hostname><port>465</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"#
    )
}

/// The autoconfig of `flow.test`: the harness Dovecot (its certificate names localhost),
/// user names without the domain.
fn flow_xml(dovecot: &Dovecot) -> String {
    format!(
        r#"<clientConfig version="1.1"><emailProvider id="flow.test">
  <incomingServer type="imap"><hostname>localhost</hostname><port>{}</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>localhost</hostname><port>{}</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"#,
        dovecot.imaps_port, dovecot.submissions_port
    )
}

const AUTOCONFIG_PATH: &str = "/mail/config-v1.1.xml";
const WELL_KNOWN_PATH: &str = "/.well-known/autoconfig/mail/config-v1.1.xml";

/// Domains whose autoconfig is broken; each also has SRV records, which must win.
pub const BROKEN: [&str; 5] = [
    "hang.test",
    "missing.test",
    "badxml.test",
    "wrongtypes.test",
    "tohttp.test",
];

pub struct World {
    pub dns: Dnsmasq,
    pub https: HttpsFiles,
    pub ca_file: std::path::PathBuf,
    pub dovecot: &'static Dovecot,
    _dir: tempfile::TempDir,
}

/// A plain-HTTP server answering every request with a valid autoconfig: if discovery
/// ever followed a redirect to http, the test would see its settings.
fn plain_http_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 2048];
            let _ = stream.read(&mut buf);
            let body = config_xml("evil.test");
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = TestCa::new(&dir.path().join("ca"));
        let mut names: Vec<String> = vec![
            "autoconfig.ac.test".into(),
            "wk.test".into(),
            "autoconfig.hoster.test".into(),
            "autoconfig.tabled.test".into(),
            "autoconfig.flow.test".into(),
        ];
        for domain in BROKEN {
            names.push(format!("autoconfig.{domain}"));
            names.push(domain.to_string());
        }
        let sans: Vec<&str> = names.iter().map(String::as_str).collect();
        let (cert, key) = ca.issue("autoconfig", &sans);
        let http_port = plain_http_server();
        let routes = vec![
            (
                ("autoconfig.ac.test", AUTOCONFIG_PATH),
                Answer::Body(config_xml("ac.test")),
            ),
            (("wk.test", WELL_KNOWN_PATH), Answer::Body(config_xml("wk.test"))),
            (
                ("autoconfig.hoster.test", AUTOCONFIG_PATH),
                Answer::Body(config_xml("hoster.test")),
            ),
            (
                ("autoconfig.tabled.test", AUTOCONFIG_PATH),
                Answer::Body(config_xml("tabled.test")),
            ),
            (("autoconfig.hang.test", AUTOCONFIG_PATH), Answer::Hang),
            (("hang.test", WELL_KNOWN_PATH), Answer::Hang),
            (
                ("autoconfig.badxml.test", AUTOCONFIG_PATH),
                Answer::Body("<clientConfig><incomingServer".into()),
            ),
            (
                ("autoconfig.wrongtypes.test", AUTOCONFIG_PATH),
                Answer::Body(config_xml("wrongtypes.test").replace("<port>993</port>", "<port>imaps</port>")),
            ),
            (
                ("autoconfig.tohttp.test", AUTOCONFIG_PATH),
                Answer::Redirect(format!(
                    "http://autoconfig.tohttp.test:{http_port}{AUTOCONFIG_PATH}"
                )),
            ),
        ];
        let dovecot = Dovecot::shared();
        let mut routes = routes;
        routes.push((
            ("autoconfig.flow.test", AUTOCONFIG_PATH),
            Answer::Body(flow_xml(dovecot)),
        ));
        let https = HttpsFiles::start(&cert, &key, routes);
        let mut zone = Zone::default()
            .host("autoconfig.ac.test")
            .host("wk.test")
            .mx("mxg.test", "alt1.aspmx.l.google.com", 10)
            .mx("mxa.test", "mx1.hoster.test", 10)
            .host("autoconfig.hoster.test")
            .host("autoconfig.tabled.test")
            .host("autoconfig.flow.test")
            .srv("_imaps._tcp.srv.test", "mail.srv.test", 993, 0)
            .srv("_submission._tcp.srv.test", "mail.srv.test", 587, 0)
            .host("imap.guess.test")
            .host("smtp.guess.test");
        for domain in BROKEN {
            zone = zone
                .host(&format!("autoconfig.{domain}"))
                .host(domain)
                .srv(
                    &format!("_imaps._tcp.{domain}"),
                    &format!("mail.{domain}"),
                    993,
                    0,
                )
                .srv(
                    &format!("_submissions._tcp.{domain}"),
                    &format!("mail.{domain}"),
                    465,
                    0,
                );
        }
        World {
            dns: Dnsmasq::start(zone),
            https,
            ca_file: ca.ca_cert_path(),
            dovecot,
            _dir: dir,
        }
    })
}

impl World {
    pub fn config(&self) -> DiscoverConfig {
        DiscoverConfig {
            dns_server: Some(self.dns.addr),
            extra_ca: Some(self.ca_file.clone()),
            https_port: self.https.port,
            imap_ports: vec![
                (self.dovecot.imaps_port, tern::config::Security::Tls),
                (self.dovecot.imap_port, tern::config::Security::Starttls),
            ],
            smtp_ports: vec![
                (self.dovecot.submissions_port, tern::config::Security::Tls),
                (self.dovecot.submission_port, tern::config::Security::Starttls),
            ],
            ..DiscoverConfig::default()
        }
    }

    pub fn dns_addr(&self) -> SocketAddr {
        self.dns.addr
    }
}

/// Runs discovery for `address` with `config`; returns the result and the steps seen.
pub fn run(address: &str, config: &DiscoverConfig) -> (Result<Discovered, tern::core::TernError>, Vec<Step>) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut steps = Vec::new();
    let result = runtime.block_on(discover(address, config, |step| steps.push(step)));
    (result, steps)
}
