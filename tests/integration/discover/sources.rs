//! Each discovery source alone gives the right settings; broken sources are skipped.

use std::process::Command;

use tern::config::Security;
use tern::discover::providers::parse_providers;
use tern::discover::{AuthMethod, Source, Step};

use super::{BROKEN, run, world};

#[test]
fn the_provider_table_answers_without_the_network() {
    let world = world();
    let (found, steps) = run("ann@gmail.com", &world.config());
    let found = found.expect("gmail.com is in the table");
    assert!(
        matches!(found.source, Source::ProviderTable { .. }),
        "{:?}",
        found.source
    );
    assert_eq!(found.imap.host, "imap.gmail.com");
    assert_eq!(found.imap.auth, AuthMethod::Oauth2);
    assert!(found.oauth.is_some());
    assert_eq!(steps, vec![Step::ProviderTable]);
}

#[test]
fn the_provider_table_wins_over_autoconfig() {
    let world = world();
    let table = r#"
[[provider]]
id = "tabled"
name = "Tabled Mail"
domains = ["tabled.test"]
[provider.imap]
host = "imap.from-table.test"
port = 993
security = "tls"
auth = "password"
[provider.smtp]
host = "smtp.from-table.test"
port = 587
security = "starttls"
auth = "password"
"#;
    let mut config = world.config();
    config.providers = parse_providers(table).expect("test table");
    let found = run("ann@tabled.test", &config).0.expect("found");
    assert_eq!(found.imap.host, "imap.from-table.test");
    assert_eq!(found.smtp.map(|s| s.port), Some(587));
}

#[test]
fn autoconfig_host_over_https() {
    let world = world();
    let found = run("ann@ac.test", &world.config()).0.expect("found");
    let port = world.https.port;
    assert_eq!(
        found.source,
        Source::Autoconfig {
            url: format!("https://autoconfig.ac.test:{port}/mail/config-v1.1.xml")
        }
    );
    assert_eq!((found.imap.host.as_str(), found.imap.port), ("imap.ac.test", 993));
    assert_eq!(found.imap.username, "ann@ac.test");
    let smtp = found.smtp.expect("smtp");
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("smtp.ac.test", 465, Security::Tls)
    );
    assert_eq!(smtp.username, "ann", "%EMAILLOCALPART% filled in");
}

#[test]
fn well_known_autoconfig_of_the_domain() {
    let world = world();
    let found = run("bob@wk.test", &world.config()).0.expect("found");
    let port = world.https.port;
    assert_eq!(
        found.source,
        Source::Autoconfig {
            url: format!("https://wk.test:{port}/.well-known/autoconfig/mail/config-v1.1.xml")
        }
    );
    assert_eq!(found.imap.host, "imap.wk.test");
}

#[test]
fn mx_host_matched_against_the_table() {
    let world = world();
    let found = run("ann@mxg.test", &world.config()).0.expect("found");
    assert_eq!(
        found.source,
        Source::MxProviderTable {
            mx: "alt1.aspmx.l.google.com".into(),
            provider: "Gmail / Google Workspace".into()
        }
    );
    assert_eq!(found.imap.host, "imap.gmail.com");
    assert_eq!(found.imap.username, "ann@mxg.test");
}

#[test]
fn autoconfig_of_the_mx_base_domain() {
    let world = world();
    let (found, steps) = run("ann@mxa.test", &world.config());
    let found = found.expect("found");
    assert!(
        matches!(&found.source, Source::MxAutoconfig { mx, url } if mx == "mx1.hoster.test" && url.contains("autoconfig.hoster.test")),
        "{:?}",
        found.source
    );
    assert_eq!(found.imap.host, "imap.hoster.test");
    assert_eq!(found.imap.username, "ann@mxa.test");
    assert!(steps.contains(&Step::MxAutoconfig));
}

#[test]
fn srv_records_prefer_implicit_tls() {
    let world = world();
    let found = run("ann@srv.test", &world.config()).0.expect("found");
    assert_eq!(found.source, Source::Srv);
    assert_eq!(
        (found.imap.host.as_str(), found.imap.port, found.imap.security),
        ("mail.srv.test", 993, Security::Tls)
    );
    let smtp = found.smtp.expect("smtp from _submission._tcp");
    assert_eq!((smtp.port, smtp.security), (587, Security::Starttls));
}

#[test]
fn guessed_names_are_probed_against_the_real_server() {
    let world = world();
    let (found, steps) = run("ann@guess.test", &world.config());
    let found = found.expect("found");
    assert_eq!(found.source, Source::Guess);
    assert_eq!(
        (found.imap.host.as_str(), found.imap.port, found.imap.security),
        ("imap.guess.test", world.dovecot.imaps_port, Security::Tls)
    );
    let smtp = found.smtp.expect("smtp answered");
    assert_eq!(
        (smtp.host.as_str(), smtp.port),
        ("smtp.guess.test", world.dovecot.submissions_port)
    );
    assert_eq!(steps.last(), Some(&Step::Guesses));
}

#[test]
fn nothing_found_is_a_plain_error() {
    let world = world();
    let err = run("ann@nowhere.test", &world.config())
        .0
        .expect_err("nothing there");
    assert!(err.to_string().contains("nowhere.test"), "{err}");
    let err = run("not an address", &world.config()).0.expect_err("no address");
    assert!(err.to_string().contains("not an e-mail address"), "{err}");
}

#[test]
fn broken_autoconfig_is_skipped_for_the_next_source() {
    let world = world();
    for domain in BROKEN {
        let found = run(&format!("ann@{domain}"), &world.config()).0.expect(domain);
        assert_eq!(found.source, Source::Srv, "{domain}");
        assert_eq!(found.imap.host, format!("mail.{domain}"), "{domain}");
        assert_eq!(found.smtp.map(|s| s.security), Some(Security::Tls), "{domain}");
    }
}

#[test]
fn cli_prints_the_result_and_its_source() {
    let world = world();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_tern"))
        .env("TERN_CONFIG_DIR", dir.path())
        .env("TERN_DATA_DIR", dir.path().join("data"))
        .env("TERN_DNS_SERVER", world.dns_addr().to_string())
        .env("TERN_DISCOVER_CA", &world.ca_file)
        .env("TERN_DISCOVER_HTTPS_PORT", world.https.port.to_string())
        .args(["discover", "ann@ac.test", "--json"])
        .output()
        .expect("run tern");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["source"]["kind"], "autoconfig");
    assert_eq!(json["imap"]["host"], "imap.ac.test");
    assert_eq!(json["smtp"]["security"], "tls");

    let out = Command::new(env!("CARGO_BIN_EXE_tern"))
        .env("TERN_CONFIG_DIR", dir.path())
        .args(["discover", "ann@gmail.com"])
        .output()
        .expect("run tern");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("provider table"), "{text}");
    assert!(
        text.contains("imap: imap.gmail.com:993 tls auth=oauth2"),
        "{text}"
    );
}
