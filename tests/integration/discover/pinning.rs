//! Trusting one certificate (issue 13 item 3, security-tests T-06) against a private real
//! Dovecot serving self-signed certificates: refused before the user trusts it, accepted
//! after (IMAP and SMTP, each pinned for its own port), and a swapped certificate refused
//! again with both fingerprints named.

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tern::config::{AccountConfig, KeyringStore, Security};
use tern::core::{CertProblem, CertReason, ErrorKind, TernError, fingerprint_for_people};
use tern::engine::{Tuning, open_connection};
use tern::imap::cert_details::sha256_hex;
use tern::smtp::{SmtpEndpoint, SmtpTimeouts};
use tern::store::Store;

use crate::support::certs::self_signed;
use crate::support::dovecot::{Dovecot, Options};

fn fingerprint(pem: &std::path::Path) -> String {
    let der = CertificateDer::from_pem_file(pem).expect("PEM certificate");
    sha256_hex(der.as_ref())
}

fn imap(account: &AccountConfig) -> Result<(), TernError> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let conn = open_connection(account, &KeyringStore, &Tuning::default().timeouts).await?;
        conn.logout().await;
        Ok(())
    })
}

fn smtp(account: &AccountConfig, password: &str) -> Result<(), TernError> {
    let endpoint = SmtpEndpoint::from_account(account).expect("smtp endpoint");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let session = tern::smtp::connect(
            &endpoint,
            account.smtp_login(),
            password,
            &SmtpTimeouts::default(),
        )
        .await?;
        session.quit().await;
        Ok(())
    })
}

fn problem(e: &TernError) -> &CertProblem {
    assert_eq!(e.kind, ErrorKind::Certificate, "{e}");
    e.certificate
        .as_deref()
        .expect("the error carries the certificate")
}

#[test]
fn a_trusted_certificate_is_pinned_and_a_swapped_one_is_refused_with_both_fingerprints() {
    let server = Dovecot::start(Options::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, first_key) = self_signed(dir.path(), "first", &["localhost", "127.0.0.1"]);
    let (second, second_key) = self_signed(dir.path(), "second", &["localhost", "127.0.0.1"]);
    server.use_certificate(&first, &first_key);
    let user = server.user("pin");
    let mut account = crate::send::sending_account(&server, &user, Security::Tls);
    // No extra CA: the server's certificate is self-signed.
    account.imap.ca_file = None;
    let mut store = Store::open(&dir.path().join("cache.sqlite3")).expect("store");

    // Refused before trust, with what the dialog shows.
    let refused = imap(&account).expect_err("a self-signed certificate is refused");
    let seen = problem(&refused).clone();
    assert_eq!(seen.reason, CertReason::UnknownIssuer);
    assert_eq!(seen.details.sha256, fingerprint(&first));
    assert_eq!((seen.host.as_str(), seen.port), ("127.0.0.1", server.imaps_port));
    assert!(seen.details.subject.contains("first"), "{}", seen.details.subject);
    assert_eq!(seen.details.subject, seen.details.issuer);
    assert!(seen.details.not_after > 0);
    let smtp_refused = smtp(&account, &user.password).expect_err("SMTP refuses it too");
    let smtp_seen = problem(&smtp_refused).clone();
    assert_eq!(smtp_seen.port, server.submissions_port);

    // Trusted: stored, loaded, accepted on both protocols.
    store.pin_certificate(&account.name, &seen).expect("pin imap");
    store.load_pins(&mut account).expect("load");
    assert_eq!(account.pinned.imap.as_deref(), Some(fingerprint(&first).as_str()));
    assert_eq!(account.pinned.smtp, None, "a pin is for one host and port");
    imap(&account).expect("the trusted certificate is accepted");
    smtp(&account, &user.password).expect_err("SMTP is not pinned yet");
    store
        .pin_certificate(&account.name, &smtp_seen)
        .expect("pin smtp");
    store.load_pins(&mut account).expect("load");
    smtp(&account, &user.password).expect("SMTP accepts its pinned certificate");

    // Swapped: refused, both fingerprints named.
    server.use_certificate(&second, &second_key);
    let swapped = imap(&account).expect_err("a different certificate is refused");
    let now = problem(&swapped);
    assert_eq!(
        now.reason,
        CertReason::Changed {
            pinned_sha256: fingerprint(&first)
        }
    );
    assert_eq!(now.details.sha256, fingerprint(&second));
    for sha in [fingerprint(&first), fingerprint(&second)] {
        assert!(
            swapped.message.contains(&fingerprint_for_people(&sha)),
            "{}",
            swapped.message
        );
    }
    let smtp_swapped = smtp(&account, &user.password).expect_err("SMTP refuses it too");
    assert!(matches!(
        problem(&smtp_swapped).reason,
        CertReason::Changed { .. }
    ));
    // The pin still holds the first certificate: nothing was replaced behind the user's back.
    let kept = store
        .pinned_certificate(&account.name, "127.0.0.1", server.imaps_port)
        .expect("read")
        .expect("pinned");
    assert_eq!(kept.sha256, fingerprint(&first));

    // STARTTLS on the other port: its own pin, the same rules.
    let mut starttls = account.clone();
    starttls.imap.security = Security::Starttls;
    starttls.imap.port = server.imap_port;
    store.load_pins(&mut starttls).expect("load");
    let e = imap(&starttls).expect_err("not pinned on this port");
    let seen = problem(&e).clone();
    assert_eq!(
        (seen.port, seen.details.sha256.as_str()),
        (server.imap_port, fingerprint(&second).as_str())
    );
    store.pin_certificate(&starttls.name, &seen).expect("pin");
    store.load_pins(&mut starttls).expect("load");
    imap(&starttls).expect("STARTTLS accepts its pinned certificate");

    // Removing the account forgets what it trusted.
    store.delete_account(&account.name).expect("remove");
    let gone = store
        .pinned_certificate(&account.name, "127.0.0.1", server.imaps_port)
        .expect("read");
    assert_eq!(gone, None);
}

#[test]
fn expired_and_wrong_host_certificates_are_explained_and_can_be_trusted() {
    let server = Dovecot::start(Options::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let matrix = crate::support::certs::CertMatrix::new(dir.path());
    let user = server.user("why");
    let mut account = crate::sync::account(&server, &user, Security::Tls);
    account.imap.ca_file = Some(matrix.ca.ca_cert_path());
    for ((cert, key), reason, words) in [
        (&matrix.expired, CertReason::Expired, "has expired"),
        (&matrix.wrong_host, CertReason::WrongHost, "different server name"),
    ] {
        server.use_certificate(cert, key);
        let e = imap(&account).expect_err("refused");
        assert_eq!(problem(&e).reason, reason);
        assert!(e.message.contains(words), "{}", e.message);
        assert!(problem(&e).can_be_trusted());
        let mut trusted = account.clone();
        trusted.pinned.imap = Some(problem(&e).details.sha256.clone());
        imap(&trusted).expect("accepted once trusted");
    }
    // `openssl req -x509` with its defaults makes a CA certificate: still "self-signed"
    // to a person, and trustable.
    let (cert, key) = (dir.path().join("ca-style.pem"), dir.path().join("ca-style.key"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ])
        .args(["-days", "30", "-subj", "/CN=ca-style", "-addext"])
        .arg("subjectAltName=DNS:localhost,IP:127.0.0.1")
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    server.use_certificate(&cert, &key);
    let e = imap(&account).expect_err("refused");
    assert_eq!(problem(&e).reason, CertReason::UnknownIssuer, "{e}");
    assert!(e.message.contains("self-signed"), "{}", e.message);

    server.use_certificate(&matrix.valid.0, &matrix.valid.1);
    imap(&account).expect("a valid certificate needs no pin");
}

/// T-06's lint: only the pinning module may replace rustls's certificate check.
#[test]
fn only_the_pinning_module_touches_rustls_danger() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root.clone()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                if text.contains("danger::") || text.contains(".dangerous()") {
                    found.push(
                        path.strip_prefix(&root)
                            .expect("inside src")
                            .display()
                            .to_string(),
                    );
                }
            }
        }
    }
    assert_eq!(found, vec!["imap/pinning.rs".to_string()]);
}
