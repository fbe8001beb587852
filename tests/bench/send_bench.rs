//! The sending benchmark (issue "Write mail"): `tern send` with a 20 MiB attachment
//! against Python's smtplib sending the very same bytes (the ones tern stored in its
//! outbox) to the same Dovecot submission service, in the same run. Both are timed as
//! whole processes (start, TLS, AUTH, DATA); prints medians, the ratio and peak RSS.
//! tern also builds the MIME message and writes it to its outbox with fsync first;
//! its Sent copy (an IMAP APPEND of the same bytes) is timed separately.
//!
//! The binary: TERN_BENCH_BIN, else target/release/tern, else target/debug/tern (the
//! figures say which). TERN_BENCH_MIB scales the attachment (default 20).

use std::path::{Path, PathBuf};
use std::process::Command;

use tern::config::{Config, Security, SmtpConfig};
use tern::store::Store;

use crate::support::dovecot::{Dovecot, Options};
use crate::support::seed::Rng;
use crate::sync_bench::{account, median, run_measured};

const SMTPLIB: &str = r#"
import smtplib, ssl, sys
host, port, ca, user, pw, sender, rcpt, path = sys.argv[1:9]
ctx = ssl.create_default_context(cafile=ca)
data = open(path, "rb").read()
s = smtplib.SMTP_SSL(host, int(port), context=ctx)
s.login(user, pw)
s.sendmail(sender, [rcpt], data)
s.quit()
"#;

fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("TERN_BENCH_BIN") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let release = root.join("target/release/tern");
    if release.exists() {
        release
    } else {
        root.join("target/debug/tern")
    }
}

pub fn run() {
    let mib: usize = std::env::var("TERN_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let exe = binary();
    println!("== send benchmark: {mib} MiB attachment, {}", exe.display());
    let server = Dovecot::start(Options::default());
    server.submission();
    let user = server.user("send");
    let rcpt = server.user("rcpt");
    let rcpt_addr = format!("{}@localhost", rcpt.name);
    let mut acct = account(&server, &user);
    acct.email = format!("{}@localhost", user.name);
    acct.smtp = Some(SmtpConfig {
        host: "127.0.0.1".into(),
        port: server.submissions_port,
        security: Security::Tls,
        save_sent: false,
        ..SmtpConfig::default()
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let save_config = |save_sent: bool| {
        let mut a = acct.clone();
        if let Some(s) = a.smtp.as_mut() {
            s.save_sent = save_sent;
        }
        Config { accounts: vec![a] }
            .save(&dir.path().join("accounts.toml"))
            .expect("config");
    };
    save_config(false);
    let file = dir.path().join("attachment.bin");
    std::fs::write(&file, Rng::new(7).bytes(mib << 20)).expect("attachment");
    let body = dir.path().join("body.txt");
    std::fs::write(&body, "The file.\n").expect("body");
    let tern_send = || {
        let mut c = Command::new(&exe);
        c.env("TERN_CONFIG_DIR", dir.path())
            .env("TERN_DATA_DIR", dir.path())
            .args(["send", "--to", &rcpt_addr, "--subject", "bench", "--body-file"])
            .arg(&body)
            .arg("--attach")
            .arg(&file);
        c
    };
    let eml = dir.path().join("message.eml");
    let (mut tern_secs, mut py_secs) = (Vec::new(), Vec::new());
    let (mut tern_peak, mut py_peak) = (0, 0);
    for round in 0..3 {
        let (t, hwm, lines) = run_measured(tern_send());
        assert!(
            !lines.iter().any(|(_, l)| l.starts_with("tern:")),
            "tern send failed: {lines:?}"
        );
        tern_secs.push(t.as_secs_f64());
        tern_peak = tern_peak.max(hwm);
        if round == 0 {
            // The exact bytes tern submitted, for smtplib.
            let store = Store::open(&dir.path().join("cache.sqlite3")).expect("store");
            let last = store
                .outbox_entries()
                .expect("entries")
                .last()
                .map(|e| e.id)
                .expect("a row");
            let bytes = store.outbox_row(last).expect("row").expect("exists").bytes;
            std::fs::write(&eml, &bytes).expect("eml");
            println!("message: {:.1} MB on the wire", bytes.len() as f64 / 1e6);
        }
        let mut py = Command::new("python3");
        py.arg("-c").arg(SMTPLIB).args([
            "127.0.0.1",
            &server.submissions_port.to_string(),
            server.ca_file.to_str().unwrap_or(""),
            &user.name,
            &user.password,
            &acct.email,
            &rcpt_addr,
            eml.to_str().unwrap_or(""),
        ]);
        let (p, phwm, plines) = run_measured(py);
        assert!(plines.is_empty(), "smtplib failed: {plines:?}");
        py_secs.push(p.as_secs_f64());
        py_peak = py_peak.max(phwm);
        println!(
            "round {round}: tern send {:.2} s (peak RSS {} MiB), python smtplib {:.2} s (peak RSS {} MiB)",
            t.as_secs_f64(),
            hwm / 1024,
            p.as_secs_f64(),
            phwm / 1024
        );
    }
    save_config(true);
    let (with_copy, copy_hwm, _) = run_measured(tern_send());
    let (t, p) = (median(tern_secs), median(py_secs));
    println!("--");
    println!("tern send (build, outbox fsync, TLS, AUTH, DATA): median {t:.2} s");
    println!("python smtplib (TLS, AUTH, DATA of the same bytes): median {p:.2} s");
    println!("time ratio tern/smtplib: {:.2}", t / p);
    println!(
        "peak RSS: tern {} MiB, smtplib {} MiB",
        tern_peak / 1024,
        py_peak / 1024
    );
    println!(
        "tern send with the Sent copy (IMAP APPEND): {:.2} s, peak RSS {} MiB",
        with_copy.as_secs_f64(),
        copy_hwm / 1024
    );
}
