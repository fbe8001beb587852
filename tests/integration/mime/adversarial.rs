//! Generated adversarial input (T-11, T-12, SG-PARSE-1): each case parses without a
//! panic, within its time budget, on a small thread stack, with parts capped at 1,000,
//! depth at 32 and `truncated` set where something was left out.

use base64::Engine as _;
use tern::mime::{MAX_DEPTH, MAX_PARTS, MessageView};

use super::{budget_for, check_invariants, timed_parse};

/// Stack of the parsing thread: smaller than tokio's 2 MiB worker default, so passing
/// here leaves margin there.
const STACK: usize = 1 << 20;

/// Parses on a thread with a 1 MiB stack (a stack overflow would abort the whole test
/// binary, which is the failure this guards against).
fn parse_on_small_stack(name: &str, raw: Vec<u8>) -> MessageView {
    let name = name.to_string();
    std::thread::Builder::new()
        .name(format!("parse {name}"))
        .stack_size(STACK)
        .spawn(move || {
            let (view, took) = timed_parse(&raw);
            eprintln!("adversarial {name}: {} bytes in {took:?}", raw.len());
            let budget = budget_for(raw.len());
            assert!(
                took < budget,
                "{name}: {} bytes took {took:?} (budget {budget:?})",
                raw.len()
            );
            check_invariants(&view, &name);
            view
        })
        .expect("spawn")
        .join()
        .expect("parse thread panicked")
}

fn max_depth(view: &MessageView) -> usize {
    view.parts.iter().map(|p| usize::from(p.depth)).max().unwrap_or(0)
}

fn deep_multipart(levels: usize, distinct: bool) -> Vec<u8> {
    let b = |i: usize| {
        if distinct {
            format!("b{i}")
        } else {
            "b".to_string()
        }
    };
    let mut s = format!(
        "From: a@example.org\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=\"{}\"\r\n\r\n",
        b(0)
    );
    for i in 1..levels {
        s.push_str(&format!(
            "--{}\r\nContent-Type: multipart/mixed; boundary=\"{}\"\r\n\r\n",
            b(i - 1),
            b(i)
        ));
    }
    s.push_str(&format!(
        "--{}\r\nContent-Type: text/plain\r\n\r\nleaf\r\n",
        b(levels - 1)
    ));
    for i in (0..levels).rev() {
        s.push_str(&format!("--{}--\r\n", b(i)));
    }
    s.into_bytes()
}

#[test]
fn five_thousand_deep_multipart() {
    for distinct in [true, false] {
        let view = parse_on_small_stack("deep multipart", deep_multipart(5_000, distinct));
        assert!(view.truncated);
        assert!(max_depth(&view) <= MAX_DEPTH);
        assert!(
            view.warnings.iter().any(|w| w.contains("nested too deeply")),
            "{:?}",
            view.warnings
        );
    }
}

#[test]
fn fifty_thousand_deep_message_rfc822_chain() {
    // ~2 MB; dropping mail-parser's tree recursively overflowed a 2 MiB stack here.
    let mut s = String::new();
    for _ in 0..50_000 {
        s.push_str("From: a@example.org\r\nContent-Type: message/rfc822\r\n\r\n");
    }
    s.push_str("From: x@example.org\r\nSubject: inner\r\n\r\nbody\r\n");
    let view = parse_on_small_stack("deep rfc822", s.into_bytes());
    assert!(view.truncated);
    assert!(max_depth(&view) <= MAX_DEPTH);
}

#[test]
fn deep_rfc822_chain_inside_a_multipart_with_minimal_headers() {
    let mut s = String::new();
    for i in 0..3_000 {
        s.push_str(&format!(
            "Content-Type:multipart/mixed;boundary={i}\n\n--{i}\nContent-Type:message/rfc822\n\n"
        ));
    }
    s.push_str("Subject: inner\n\nbody\n");
    let view = parse_on_small_stack("deep rfc822 in multipart", s.into_bytes());
    assert!(view.truncated);
}

#[test]
fn base64_encoded_deep_message_chain_is_not_quadratic() {
    // Mail-parser's own decoding copies the decoded buffer per nested message (235 KB
    // cost 685 MB); Tern decodes itself and stops at the depth limit.
    let mut inner = String::new();
    for _ in 0..20_000 {
        inner.push_str("Content-Type: message/rfc822\r\n\r\n");
    }
    inner.push_str("Subject: inner\r\n\r\nbody\r\n");
    let encoded = base64::engine::general_purpose::STANDARD.encode(inner.as_bytes());
    let mut s = String::from(
        "From: a@example.org\r\nSubject: enc\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n\
         --z\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
         --z\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    for chunk in encoded.as_bytes().chunks(76) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push_str("\r\n");
    }
    s.push_str("--z\r\nContent-Type: application/pdf; name=after.pdf\r\n\r\n%PDF\r\n--z--\r\n");
    let view = parse_on_small_stack("encoded chain", s.into_bytes());
    assert!(view.truncated);
    assert_eq!(view.text(), "see attached");
    let names: Vec<&str> = view
        .attachments
        .iter()
        .map(|a| a.safe_filename.as_str())
        .collect();
    assert_eq!(
        names,
        ["part-2.eml", "after.pdf"],
        "the part after the encoded message survives"
    );
}

#[test]
fn many_encoded_messages_nested_in_encoded_messages() {
    // Each level base64-encodes the previous one: work must stay linear.
    let mut msg = "Subject: core\r\n\r\ncore\r\n".to_string();
    for i in 0..12 {
        let enc = base64::engine::general_purpose::STANDARD.encode(msg.as_bytes());
        msg = format!(
            "Subject: level {i}\r\nContent-Type: multipart/mixed; boundary=l{i}\r\n\r\n\
             --l{i}\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{enc}\r\n\
             --l{i}\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{enc}\r\n--l{i}--\r\n"
        );
    }
    let view = parse_on_small_stack("encoded tree", msg.into_bytes());
    assert!(view.parts.len() <= MAX_PARTS);
}

#[test]
fn two_hundred_thousand_parts() {
    let mut s = String::from(
        "From: a@example.org\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n",
    );
    for i in 0..200_000 {
        s.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream; name={i}.bin\r\n\r\nx\r\n"
        ));
    }
    s.push_str("--b--\r\n");
    let view = parse_on_small_stack("200k parts", s.into_bytes());
    assert!(view.truncated);
    assert_eq!(view.parts.len(), MAX_PARTS);
    assert!(view.warnings.iter().any(|w| w.contains("too many parts")));
}

#[test]
fn one_megabyte_header_lines() {
    let long = "x".repeat(1 << 20);
    let view = parse_on_small_stack(
        "1 MB subject",
        format!("From: a@example.org\r\nSubject: {long}\r\n\r\nbody\r\n").into_bytes(),
    );
    assert_eq!(view.subject.len(), 1 << 20);
    let addrs: String = (0..60_000).map(|i| format!("u{i}@example.org, ")).collect();
    let view = parse_on_small_stack(
        "1 MB To",
        format!("From: a@example.org\r\nTo: {addrs}\r\n\r\nbody\r\n").into_bytes(),
    );
    assert!(view.to.len() <= 1000);
    let folded: String = (0..100_000).map(|_| " x\r\n").collect();
    parse_on_small_stack(
        "folded",
        format!("Subject:\r\n{folded}\r\n\r\nbody\r\n").into_bytes(),
    );
    let ct = format!(
        "Content-Type: multipart/mixed; boundary=b; {}\r\n\r\n--b\r\n\r\nhi\r\n--b--\r\n",
        "p=q; ".repeat(200_000)
    );
    parse_on_small_stack("1 MB content-type", ct.into_bytes());
}

#[test]
fn ten_thousand_encoded_words() {
    let words: String = (0..10_000).map(|i| format!("=?utf-8?q?w{i}=C3=A9?= ")).collect();
    let view = parse_on_small_stack(
        "10k encoded words",
        format!("From: a@example.org\r\nSubject: {words}\r\n\r\nbody\r\n").into_bytes(),
    );
    assert!(view.subject.starts_with("w0é"), "{}", &view.subject[..40]);
    let names: String = (0..10_000)
        .map(|i| format!("=?utf-8?b?bmFtZQ==?= <u{i}@example.org>, "))
        .collect();
    parse_on_small_stack(
        "10k encoded names",
        format!("From: a@example.org\r\nCc: {names}\r\n\r\nbody\r\n").into_bytes(),
    );
    let bad: String = (0..10_000)
        .map(|_| "=?x-unknown?q?=FF?= =?utf-8?b?!!!?= ")
        .collect();
    parse_on_small_stack(
        "10k broken encoded words",
        format!("Subject: {bad}\r\n\r\nbody\r\n").into_bytes(),
    );
}

#[test]
fn long_boundary_is_not_quadratic() {
    let boundary = format!("{}x", "-".repeat(200_000));
    let s = format!(
        "Subject: long boundary\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n\r\n{}\r\n",
        "-".repeat(800_000)
    );
    let view = parse_on_small_stack("long boundary", s.into_bytes());
    assert!(
        view.warnings.iter().any(|w| w.contains("boundary")),
        "{:?}",
        view.warnings
    );
}

#[test]
fn broken_boundaries() {
    let cases: Vec<(&str, String)> = vec![
        ("missing boundary parameter", "Subject: s\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\ntext\r\n--x--\r\n".into()),
        ("boundary never used", "Subject: s\r\nContent-Type: multipart/mixed; boundary=nope\r\n\r\njust text\r\n".into()),
        ("no closing boundary", "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n--b\r\nContent-Type: text/plain\r\n\r\nsecond".into()),
        ("duplicate nested boundary", "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ninner\r\n--b--\r\n--b\r\n\r\nouter\r\n--b--\r\n".into()),
        ("truncated mid-boundary", "Subject: s\r\nContent-Type: multipart/mixed; boundary=boundary\r\n\r\n--boundary\r\n\r\ntext\r\n--bound".into()),
        ("truncated in part headers", "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/pl".into()),
        ("empty boundary", "Subject: s\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n\r\nx\r\n----\r\n".into()),
        ("boundary is dashes", "Subject: s\r\nContent-Type: multipart/mixed; boundary=\"--\"\r\n\r\n----\r\n\r\nx\r\n------\r\n".into()),
        ("only headers", "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n".into()),
        ("empty input", String::new()),
        ("garbage", "\u{1}\u{2}\u{3} no headers here".into()),
    ];
    for (name, raw) in cases {
        parse_on_small_stack(name, raw.into_bytes());
    }
}

#[test]
fn garbage_base64_and_nul_in_headers() {
    let raw = "From: a\0b@example.org\r\nSubject: nul\0inside\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
!!!*** @@@ aGVsbG8=== ***\r\n\
--b\r\nContent-Type: image/png; name=\"a\0.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\u{0}\u{1}\u{2}====\r\n\
--b\r\nContent-Type: text/plain; charset=x-made-up\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=4\r\n\
--b--\r\n";
    let view = parse_on_small_stack("garbage", raw.as_bytes().to_vec());
    assert!(view.text().contains("hello"), "{}", view.text());
    assert!(!view.subject.contains('\0'));
    assert!(
        view.warnings.iter().any(|w| w == "unknown charset x-made-up"),
        "{:?}",
        view.warnings
    );
}

#[test]
fn binary_noise_and_restricted_alphabet_noise() {
    // A tiny deterministic generator: the same bytes every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"-\r\n:;=\"<>/ \tabcdefXYZ0123456789?bBqQ_";
    for round in 0..40 {
        let len = usize::try_from(next() % 20_000).unwrap_or(0);
        let noise: Vec<u8> = (0..len).map(|_| (next() & 0xFF) as u8).collect();
        parse_on_small_stack(&format!("noise {round}"), noise);
        let mut restricted = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n".to_vec();
        restricted.extend((0..len).map(|_| {
            let r = usize::try_from(next() % alphabet.len() as u64).unwrap_or(0);
            alphabet[r]
        }));
        parse_on_small_stack(&format!("restricted {round}"), restricted);
    }
}
