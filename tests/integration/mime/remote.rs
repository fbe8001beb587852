//! Displaying a message loads nothing (T-14) and parts never run into each other (T-15).

use tern::mime::{BodyFormat, MessageView, Span, parse_message};

use super::check_invariants;

const REMOTE: &str = "http://127.0.0.1:9/x";

/// Every remote-content vector of the Email Privacy Tester list.
fn privacy_html() -> String {
    let u = REMOTE;
    format!(
        r#"<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="0;url={u}">
<link rel="stylesheet" href="{u}"><link rel="prefetch" href="{u}">
<link rel="dns-prefetch" href="{u}"><link rel="preconnect" href="{u}">
<style>@import url("{u}"); @font-face {{ font-family: f; src: url({u}); }}
body {{ background: url('{u}'); }}</style>
<base href="{u}">
</head><body background="{u}">
<p style="background-image:url({u})">Hello <b>reader</b>.</p>
<img src="{u}"><img srcset="{u} 1x, {u} 2x" alt="">
<picture><source srcset="{u}"><img src="{u}"></picture>
<iframe src="{u}"></iframe><iframe srcdoc="&lt;img src='{u}'&gt;"></iframe>
<object data="{u}">fallback object</object><embed src="{u}">
<video poster="{u}" src="{u}"><source src="{u}">video fallback</video>
<audio src="{u}"><track src="{u}"></audio>
<svg><image href="{u}"/><image xlink:href="{u}"/><use href="{u}#a"/></svg>
<table background="{u}"><tr><td background="{u}">cell</td></tr></table>
<input type="image" src="{u}"><form action="{u}"><button formaction="{u}">Go</button></form>
<div style="behavior:url({u})">styled</div>
<a href="{u}" ping="{u}">a real link</a>
<script src="{u}"></script><script>fetch("{u}")</script>
<!-- <img src="{u}"> -->
</body></html>"#
    )
}

fn message(content_type: &str, body: &str) -> String {
    format!("From: news@example.org\r\nSubject: Privacy\r\nContent-Type: {content_type}\r\n\r\n{body}\r\n")
}

fn all_spans(view: &MessageView) -> Vec<&Span> {
    view.blocks.iter().flat_map(|b| &b.spans).collect()
}

#[test]
fn no_remote_url_survives_except_real_link_targets() {
    let view = parse_message(message("text/html; charset=utf-8", &privacy_html()).as_bytes()).expect("parse");
    check_invariants(&view, "privacy");
    assert_eq!(view.body_format, BodyFormat::Html);
    assert!(
        view.remote_content_blocked,
        "the blocked-content indicator must be set"
    );
    let mut links = 0;
    for span in all_spans(&view) {
        match span {
            Span::Link { text, target } => {
                assert_eq!(target, REMOTE);
                assert_eq!(text, "a real link");
                links += 1;
            }
            other => assert!(!other.text().contains("127.0.0.1"), "URL in {other:?}"),
        }
    }
    assert_eq!(links, 1);
    let text = view.text();
    assert!(text.contains("Hello reader."), "{text}");
    assert!(text.contains("cell"));
    assert!(!text.contains("fallback object") && !text.contains("video fallback"));
    assert_eq!(text.matches("127.0.0.1").count(), 1, "{text}");
    for a in &view.attachments {
        assert!(!format!("{a:?}").contains("127.0.0.1"));
    }
    // The raw HTML is kept only for an explicit "open in browser".
    assert!(view.html.as_deref().is_some_and(|h| h.contains(REMOTE)));
}

#[test]
fn efail_parts_render_independently() {
    let raw = "From: a@example.org\r\nSubject: efail\r\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\n\
--BOUNDARY\r\nContent-Type: text/html\r\n\r\n<img src=\"http://127.0.0.1:9/\r\n\
--BOUNDARY\r\nContent-Type: text/plain\r\n\r\nSECRET-MEETING-AT-NOON\r\n\
--BOUNDARY\r\nContent-Type: text/html\r\n\r\n\">\r\n\
--BOUNDARY--\r\n";
    let view = parse_message(raw.as_bytes()).expect("parse");
    check_invariants(&view, "efail");
    for span in all_spans(&view) {
        if let Span::Link { text, target } = span {
            panic!("unexpected link {text:?} -> {target:?}");
        }
    }
    let text = view.text();
    assert!(text.contains("SECRET-MEETING-AT-NOON"), "{text}");
    assert!(!text.contains("127.0.0.1"), "{text}");
    let secret_span = all_spans(&view)
        .into_iter()
        .find(|s| s.text().contains("SECRET"))
        .expect("secret shown");
    assert!(matches!(secret_span, Span::Plain { .. }));
}

#[test]
fn efail_with_html_only_parts() {
    let raw = "From: a@example.org\r\nSubject: efail2\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/html\r\n\r\n<a href=\"http://127.0.0.1:9/?\r\n\
--b\r\nContent-Type: text/html\r\n\r\nSECRET\r\n\
--b\r\nContent-Type: text/html\r\n\r\n\">click</a>\r\n--b--\r\n";
    let view = parse_message(raw.as_bytes()).expect("parse");
    for span in all_spans(&view) {
        if let Span::Link { target, .. } = span {
            assert!(!target.contains("SECRET"));
        }
    }
    assert!(view.text().contains("SECRET"));
}

#[test]
fn html_only_message_is_shown_as_text_and_kept_for_the_browser() {
    let raw = message(
        "text/html; charset=utf-8",
        "<html><body><h2>Caf\u{e9}</h2><p>Line&nbsp;one<br>two</p><ul><li>x</li></ul></body></html>",
    );
    let view = parse_message(raw.as_bytes()).expect("parse");
    assert_eq!(view.body_format, BodyFormat::Html);
    assert_eq!(view.text(), "Café\n\nLine one\ntwo\n\n• x");
    assert!(view.html.is_some());
    assert!(!view.remote_content_blocked);
}

#[test]
fn plain_text_is_preferred_over_html() {
    let raw = "From: a@example.org\r\nSubject: alt\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n\
--a\r\nContent-Type: text/plain; format=flowed; delsp=yes\r\n\r\nflowed te \r\nxt here\r\n\
--a\r\nContent-Type: text/html\r\n\r\n<img src=\"http://127.0.0.1:9/x\"><p>html</p>\r\n--a--\r\n";
    let view = parse_message(raw.as_bytes()).expect("parse");
    assert_eq!(view.body_format, BodyFormat::Plain);
    assert_eq!(view.text(), "flowed text here");
    assert!(view.remote_content_blocked);
    assert!(view.attachments.is_empty());
}
