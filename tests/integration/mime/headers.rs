//! Header display spoofing (T-13) and hostile attachment names in real MIME headers
//! (T-17), through `parse_message`.

use base64::Engine as _;
use tern::mime::{display_safe, display_sender, parse_message, sanitize_filename};

use super::{assert_display_safe, assert_safe_filename, check_invariants};

fn b64(s: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn mailsploit_display_name_cannot_hide_the_real_sender() {
    let raw = format!(
        "From: =?utf-8?b?{}?= <attacker@evil.example>\r\nTo: victim@example.org\r\nSubject: Invoice\r\n\r\nPay now.\r\n",
        b64(b"ceo@bank.com\0")
    );
    let view = parse_message(raw.as_bytes()).expect("parse");
    let from = view.from_display();
    assert!(from.contains("attacker@evil.example"), "{from:?}");
    assert!(!from.contains('\0'));
    assert_display_safe(&from, "mailsploit");
    assert_eq!(from, "ceo@bank.com <attacker@evil.example>");
}

#[test]
fn spoofing_variants_always_show_the_addr_spec() {
    let names: Vec<String> = vec![
        format!("=?utf-8?b?{}?=", b64(b"ceo@bank.com\r\n")),
        format!("=?utf-8?b?{}?=", b64("Bank \u{202E}moc.knab@oec".as_bytes())),
        format!("=?utf-8?b?{}?=", b64("\u{2800}\u{2800}\u{3164}".as_bytes())),
        format!("=?utf-8?b?{}?=", b64("ceo@bank.com\u{200B}\u{2066}".as_bytes())),
        "\"ceo@bank.com\"".to_string(),
        "\"Support <support@bank.com>\"".to_string(),
        format!("=?utf-8?q?{}?=", "ceo=40bank=2Ecom=00=0A=0D"),
    ];
    for name in names {
        let raw = format!("From: {name} <attacker@evil.example>\r\nSubject: x\r\n\r\nbody\r\n");
        let view = parse_message(raw.as_bytes()).expect("parse");
        let from = view.from_display();
        assert!(from.contains("attacker@evil.example"), "{name}: {from:?}");
        assert!(
            from.ends_with("<attacker@evil.example>") || from == "attacker@evil.example",
            "{name}: {from:?}"
        );
        assert_display_safe(&from, &name);
        check_invariants(&view, &name);
    }
}

#[test]
fn subjects_are_display_safe() {
    let raw = format!(
        "From: a@example.org\r\nSubject: =?utf-8?b?{}?=\r\n\r\nbody\r\n",
        b64("Urgent\r\nBcc: x\u{202E}\u{200B}\u{2800}!".as_bytes())
    );
    let view = parse_message(raw.as_bytes()).expect("parse");
    assert_eq!(view.subject, "Urgent Bcc: x !");
}

#[test]
fn display_table_t13() {
    let cases: &[(&str, &str)] = &[
        ("a\r\nb", "a b"),
        ("a\0b", "ab"),
        ("\u{202E}txt.exe", "txt.exe"),
        ("\u{200E}\u{200F}\u{2066}\u{2067}\u{2068}\u{2069}\u{061C}x", "x"),
        ("z\u{200B}\u{200C}\u{200D}\u{FEFF}\u{2060}w", "zw"),
        ("\u{2800}a\u{3164}b\u{115F}\u{1160}c\u{FFA0}", "a b c"),
        ("  spaced \t out  ", "spaced out"),
    ];
    for (input, want) in cases {
        assert_eq!(display_safe(input), *want, "{input:?}");
    }
    assert_eq!(
        display_sender(Some("x@y.example"), "z@w.example"),
        "x@y.example <z@w.example>"
    );
    assert_eq!(display_sender(Some(""), "z@w.example"), "z@w.example");
    assert_eq!(display_sender(None, "z@w.example"), "z@w.example");
}

fn attachment_names(header_params: &str) -> (Option<String>, String) {
    let raw = format!(
        "From: a@example.org\r\nSubject: names\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n\
--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; {header_params}\r\n\r\ndata\r\n\
--b--\r\n"
    );
    let view = parse_message(raw.as_bytes()).expect("parse");
    check_invariants(&view, header_params);
    assert_eq!(view.attachments.len(), 1, "{header_params}");
    let a = &view.attachments[0];
    (a.filename.clone(), a.safe_filename.clone())
}

#[test]
fn rfc2231_and_rfc2047_traversal_names_are_sanitized() {
    let cases = [
        ("filename*=utf-8''..%2F..%2F.bashrc", "../../.bashrc", "bashrc"),
        ("filename*=utf-8''%2Fetc%2Fpasswd", "/etc/passwd", "passwd"),
        ("filename*=utf-8''a%00b.txt", "a\0b.txt", "ab.txt"),
        (
            "filename*=utf-8''x%E2%80%AEtxt.exe",
            "x\u{202E}txt.exe",
            "xtxt.exe",
        ),
        ("filename*0*=utf-8''..%2F; filename*1=\"..%2Fevil.sh\"", "", ""),
        (
            "filename=\"=?utf-8?q?=2E=2E=2F=2E=2E=2Fetc=2Fpasswd?=\"",
            "../../etc/passwd",
            "passwd",
        ),
        (
            "filename=\"=?utf-8?b?Li5cLi5cd2luLmxuaw==?=\"",
            "..\\..\\win.lnk",
            "win.lnk",
        ),
        ("filename=\"CON\"", "CON", "_CON"),
        ("filename=\"nul.txt\"", "nul.txt", "_nul.txt"),
        ("filename=\"report.pdf. . \"", "report.pdf. . ", "report.pdf"),
    ];
    for (params, declared, safe) in cases {
        let (filename, safe_name) = attachment_names(params);
        assert_safe_filename(&safe_name, params);
        if !declared.is_empty() {
            assert_eq!(filename.as_deref(), Some(declared), "{params}");
            assert_eq!(safe_name, safe, "{params}");
        }
    }
}

#[test]
fn missing_names_get_a_type_based_name() {
    assert_eq!(sanitize_filename(None, "application/pdf"), "attachment.pdf");
    assert_eq!(sanitize_filename(Some(""), "text/plain"), "attachment.txt");
    assert_eq!(sanitize_filename(Some(".."), "message/rfc822"), "attachment.eml");
    assert_eq!(sanitize_filename(Some("/"), "x/unknown"), "attachment.bin");
    // A part without any name is named after its section in the model.
    let (_, safe) = attachment_names("size=4");
    assert_eq!(safe, "part-2.bin");
}

#[test]
fn a_file_lands_inside_the_chosen_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chosen = dir.path().join("chosen");
    std::fs::create_dir(&chosen).expect("mkdir");
    for name in [
        "../../.bashrc",
        "/etc/passwd",
        "..\\..\\x.lnk",
        "C:\\Windows\\x",
        "\\\\server\\share\\x",
        "..",
        ".",
    ] {
        let safe = sanitize_filename(Some(name), "text/plain");
        let path = chosen.join(&safe);
        std::fs::write(&path, b"x").expect("write");
        let parent = path.parent().expect("parent").canonicalize().expect("canon");
        assert_eq!(parent, chosen.canonicalize().expect("canon"), "{name}");
    }
    let outside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(outside, [std::ffi::OsString::from("chosen")]);
}
