//! Test certificates made with the `openssl` command-line tool: a test CA, server
//! certificates it signs, and the bad ones for the certificate matrix (T-06): self-signed,
//! expired, for the wrong host name, and from a CA nobody trusts.
//!
//! Keys are EC P-256 (fast to make); server certificates carry
//! `basicConstraints=critical,CA:FALSE`, `keyUsage=digitalSignature`,
//! `extendedKeyUsage=serverAuth` and the given names as subjectAltName.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

/// A certificate authority living in a directory.
#[derive(Debug, Clone)]
pub struct TestCa {
    dir: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command-line tool is needed for the TLS tests");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn new_key(dir: &Path, key: &Path) {
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            path_str(key),
        ],
    );
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// `subjectAltName` value for host names and IP addresses.
fn alt_names(sans: &[&str]) -> String {
    sans.iter()
        .map(|s| {
            if s.parse::<std::net::IpAddr>().is_ok() {
                format!("IP:{s}")
            } else {
                format!("DNS:{s}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn server_extensions(sans: &[&str]) -> String {
    format!(
        "basicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature\n\
         extendedKeyUsage=serverAuth\n\
         subjectAltName={}\n",
        alt_names(sans)
    )
}

/// A serial number no other certificate of this process shares.
fn serial() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    format!(
        "0x{:x}{:08x}",
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos & 0xffff_ffff
    )
}

impl TestCa {
    /// Creates a CA (`ca.pem`, `ca.key`) in `dir` (created if missing).
    pub fn new(dir: &Path) -> TestCa {
        TestCa::named(dir, "Tern Test CA")
    }

    /// Like [`TestCa::new`], with the given common name.
    pub fn named(dir: &Path, common_name: &str) -> TestCa {
        std::fs::create_dir_all(dir).expect("create the CA directory");
        let cert = dir.join("ca.pem");
        let key = dir.join("ca.key");
        new_key(dir, &key);
        openssl(
            dir,
            &[
                "req",
                "-x509",
                "-new",
                "-key",
                path_str(&key),
                "-subj",
                &format!("/CN={common_name}"),
                "-days",
                "3650",
                "-sha256",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                path_str(&cert),
            ],
        );
        TestCa {
            dir: dir.to_path_buf(),
            cert,
            key,
        }
    }

    /// The CA certificate (PEM), what a client trusts.
    pub fn ca_cert_path(&self) -> PathBuf {
        self.cert.clone()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A server certificate for `sans` (host names and/or IP addresses) signed by this
    /// CA, valid for a year. Returns (certificate PEM path, key PEM path), named after
    /// `name`.
    pub fn issue(&self, name: &str, sans: &[&str]) -> (PathBuf, PathBuf) {
        let (cert, key, csr, ext) = self.paths(name);
        new_key(&self.dir, &key);
        self.request(name, &key, &csr);
        std::fs::write(&ext, server_extensions(sans)).expect("write extensions");
        let serial = serial();
        openssl(
            &self.dir,
            &[
                "x509",
                "-req",
                "-in",
                path_str(&csr),
                "-CA",
                path_str(&self.cert),
                "-CAkey",
                path_str(&self.key),
                "-set_serial",
                &serial,
                "-days",
                "365",
                "-sha256",
                "-extfile",
                path_str(&ext),
                "-out",
                path_str(&cert),
            ],
        );
        (cert, key)
    }

    /// Like [`TestCa::issue`], but valid only during 2020.
    pub fn issue_expired(&self, name: &str, sans: &[&str]) -> (PathBuf, PathBuf) {
        let (cert, key, csr, ext) = self.paths(name);
        new_key(&self.dir, &key);
        self.request(name, &key, &csr);
        // `openssl x509` (3.0) cannot set dates in the past; `openssl ca` can.
        let db = self.dir.join(format!("{name}-db"));
        std::fs::create_dir_all(&db).expect("ca db dir");
        std::fs::write(db.join("index.txt"), "").expect("ca index");
        std::fs::write(db.join("serial"), "1000\n").expect("ca serial");
        let config = format!(
            "[ ca ]\ndefault_ca = test_ca\n\
             [ test_ca ]\ndatabase = {db}/index.txt\nnew_certs_dir = {db}\nserial = {db}/serial\n\
             default_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\n\
             [ any ]\ncommonName = supplied\n\
             [ server ]\n{ext}",
            db = path_str(&db),
            ext = server_extensions(sans)
        );
        std::fs::write(&ext, config).expect("write ca config");
        openssl(
            &self.dir,
            &[
                "ca",
                "-batch",
                "-notext",
                "-config",
                path_str(&ext),
                "-cert",
                path_str(&self.cert),
                "-keyfile",
                path_str(&self.key),
                "-in",
                path_str(&csr),
                "-out",
                path_str(&cert),
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20210101000000Z",
                "-extensions",
                "server",
            ],
        );
        (cert, key)
    }

    fn paths(&self, name: &str) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
        (
            self.dir.join(format!("{name}.pem")),
            self.dir.join(format!("{name}.key")),
            self.dir.join(format!("{name}.csr")),
            self.dir.join(format!("{name}.ext")),
        )
    }

    fn request(&self, name: &str, key: &Path, csr: &Path) {
        openssl(
            &self.dir,
            &[
                "req",
                "-new",
                "-key",
                path_str(key),
                "-subj",
                &format!("/CN={name}"),
                "-out",
                path_str(csr),
            ],
        );
    }
}

/// A self-signed server certificate for `sans`, in `dir`.
pub fn self_signed(dir: &Path, name: &str, sans: &[&str]) -> (PathBuf, PathBuf) {
    let cert = dir.join(format!("{name}.pem"));
    let key = dir.join(format!("{name}.key"));
    new_key(dir, &key);
    let alt = format!("subjectAltName={}", alt_names(sans));
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            path_str(&key),
            "-subj",
            &format!("/CN={name}"),
            "-days",
            "365",
            "-sha256",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "keyUsage=critical,digitalSignature",
            "-addext",
            "extendedKeyUsage=serverAuth",
            "-addext",
            &alt,
            "-out",
            path_str(&cert),
        ],
    );
    (cert, key)
}

/// The certificate matrix of T-06, all for `localhost` / `127.0.0.1` unless the point is
/// the name.
#[derive(Debug, Clone)]
pub struct CertMatrix {
    /// The CA the client trusts.
    pub ca: TestCa,
    pub valid: (PathBuf, PathBuf),
    pub self_signed: (PathBuf, PathBuf),
    pub expired: (PathBuf, PathBuf),
    pub wrong_host: (PathBuf, PathBuf),
    /// Signed by a CA the client does not trust.
    pub untrusted: (PathBuf, PathBuf),
}

impl CertMatrix {
    /// Makes everything under `dir` (subdirectories `trusted/`, `other/`).
    pub fn new(dir: &Path) -> CertMatrix {
        const HOSTS: &[&str] = &["localhost", "127.0.0.1"];
        let trusted = dir.join("trusted");
        let other = dir.join("other");
        std::fs::create_dir_all(&trusted).expect("dir");
        std::fs::create_dir_all(&other).expect("dir");
        let ca = TestCa::new(&trusted);
        let valid = ca.issue("valid", HOSTS);
        let expired = ca.issue_expired("expired", HOSTS);
        let wrong_host = ca.issue("wrong-host", &["mail.example.org"]);
        let self_signed = self_signed(&trusted, "self-signed", HOSTS);
        let untrusted = TestCa::named(&other, "Somebody Else's CA").issue("untrusted", HOSTS);
        CertMatrix {
            ca,
            valid,
            self_signed,
            expired,
            wrong_host,
            untrusted,
        }
    }
}
