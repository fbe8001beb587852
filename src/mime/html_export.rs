//! The HTML of a message made safe to hand to a browser ("Open in browser", T-14):
//! parsed with html5ever, then scripts, frames, embedded objects, media, forms and
//! their controls, `<base>`, `<link>` and `<meta>` removed with their content; every
//! `on*` handler and every `javascript:`/`vbscript:` value dropped; links kept only for
//! http, https and mailto. Remote content (images, backgrounds, `url()` in styles) is
//! removed unless `allow_remote`; `cid:` images are rewritten to the relative file
//! names given (inline parts written next to the page), others removed. A strict
//! Content-Security-Policy in the page forbids scripts and, unless allowed, every
//! network load, in case anything slipped through.

use std::collections::HashMap;

use html5ever::serialize::{SerializeOpts, TraversalScope, serialize};
use markup5ever_rcdom::{Handle, NodeData, SerializableHandle};

use super::html_elements::{is_resource_attr, looks_remote};
use super::html_tree::{Step, element_name, parse, walk};
use super::mailto::percent_decode;

/// Elements removed with everything inside them.
fn removed(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "param"
            | "audio"
            | "video"
            | "source"
            | "track"
            | "form"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "option"
            | "base"
            | "link"
            | "meta"
            | "portal"
            | "title"
    )
}

/// Values a browser would run or treat as a document of its own.
fn is_active_value(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    v.starts_with("javascript:") || v.starts_with("vbscript:") || v.starts_with("data:text/html")
}

/// The sanitised page. `cid_files` maps Content-IDs (without angle brackets) to file
/// names relative to the page.
pub fn sanitized_html(html: &str, cid_files: &HashMap<String, String>, allow_remote: bool) -> String {
    let dom = parse(html);
    let mut head: Option<Handle> = None;
    let mut body: Option<Handle> = None;
    walk(&dom.document, |step| {
        let Step::Enter(node) = step else {
            return true;
        };
        if !matches!(node.data, NodeData::Element { .. }) {
            return false;
        }
        match element_name(node) {
            Some("head") if head.is_none() => head = Some(node.clone()),
            Some("body") if body.is_none() => body = Some(node.clone()),
            _ => {}
        }
        node.children.borrow_mut().retain(|child| match &child.data {
            NodeData::Element { name, .. } => !removed(&name.local),
            NodeData::Text { contents } => {
                // Style sheets that load things (url(), @import) go unless allowed.
                allow_remote || element_name(node) != Some("style") || !looks_remote(&contents.borrow())
            }
            NodeData::Comment { .. } | NodeData::ProcessingInstruction { .. } => false,
            _ => true,
        });
        clean_attributes(node, cid_files, allow_remote);
        true
    });
    let img_src = if allow_remote {
        "data: https: http:"
    } else {
        "data:"
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         img-src 'self' {img_src}; style-src 'unsafe-inline'; font-src 'none'; \
         form-action 'none'; base-uri 'none'\">\n"
    );
    let children = |node: &Option<Handle>| -> String {
        let Some(node) = node else {
            return String::new();
        };
        let mut bytes = Vec::new();
        let opts = SerializeOpts {
            traversal_scope: TraversalScope::ChildrenOnly(None),
            create_missing_parent: true,
            ..Default::default()
        };
        // Writing to a Vec cannot fail.
        let _ = serialize(&mut bytes, &SerializableHandle::from(node.clone()), opts);
        String::from_utf8_lossy(&bytes).into_owned()
    };
    out.push_str(&children(&head));
    out.push_str("</head>\n<body>");
    out.push_str(&children(&body));
    out.push_str("</body></html>\n");
    out
}

fn clean_attributes(node: &Handle, cid_files: &HashMap<String, String>, allow_remote: bool) {
    let NodeData::Element { name, attrs, .. } = &node.data else {
        return;
    };
    let tag = &*name.local;
    attrs.borrow_mut().retain_mut(|a| {
        let key = a.name.local.to_string().to_ascii_lowercase();
        let value = a.value.to_string();
        if key.starts_with("on") || is_active_value(&value) || key == "srcdoc" || key == "ping" {
            return false;
        }
        if key == "href" {
            let lower = value.trim().to_ascii_lowercase();
            return tag == "a"
                && ["http://", "https://", "mailto:", "#"]
                    .iter()
                    .any(|p| lower.starts_with(p));
        }
        if tag == "img" && key == "src" {
            let trimmed = value.trim();
            if let Some(cid) = trimmed.get(..4).filter(|s| s.eq_ignore_ascii_case("cid:")) {
                let id = percent_decode(&trimmed[cid.len()..]);
                let id = id.trim_matches(['<', '>']);
                return match cid_files.get(id) {
                    Some(file) => {
                        a.value = file.as_str().into();
                        true
                    }
                    None => false,
                };
            }
            let lower = trimmed.to_ascii_lowercase();
            return lower.starts_with("data:image/") || (allow_remote && !lower.starts_with("file:"));
        }
        if is_resource_attr(&key) || key == "style" || key == "xlink:href" {
            return allow_remote || !looks_remote(&value);
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<html><head><title>t</title><base href='https://evil.example/'>\
        <link rel=stylesheet href='https://evil.example/s.css'>\
        <meta http-equiv=refresh content='0;url=https://evil.example/'>\
        <style>body{background:url(https://evil.example/bg)}</style><style>p{color:red}</style>\
        <script>alert(1)</script></head>\
        <body onload='alert(2)'><p onclick=\"x()\" style='color:blue'>Hello <b>you</b></p>\
        <img src='https://track.example/p.gif' alt=remote><img src='cid:logo%40x' alt=logo>\
        <img src='cid:missing'><img src='data:image/png;base64,AAAA'>\
        <a href='javascript:alert(3)'>js</a><a href='https://ok.example/'>ok</a>\
        <a href='mailto:a@b.example'>mail</a>\
        <form action='https://evil.example/post'><input name=p><button>Go</button></form>\
        <iframe src='https://evil.example/f'></iframe><svg><script>alert(4)</script></svg>\
        <div style=\"background-image:url('//evil.example/x')\">bg</div>\
        <table background='http://evil.example/t.png'><tr><td>cell</td></tr></table>\
        <video poster='https://evil.example/v'></video><!-- comment --></body></html>";

    fn files() -> HashMap<String, String> {
        HashMap::from([("logo@x".to_string(), "logo.png".to_string())])
    }

    #[test]
    fn no_script_no_handler_no_remote_url() {
        let out = sanitized_html(HOSTILE, &files(), false);
        let lower = out.to_ascii_lowercase();
        for bad in [
            "<script",
            "alert(",
            "onload",
            "onclick",
            "javascript:",
            "evil.example",
            "track.example",
            "<form",
            "<input",
            "<iframe",
            "<base",
            "<link",
            "http-equiv=\"refresh",
            "comment",
            "cid:",
        ] {
            assert!(!lower.contains(bad), "{bad:?} in\n{out}");
        }
        // No remote URL at all but the links a person may click.
        assert_eq!(lower.matches("://").count(), 1, "{out}");
        assert!(lower.contains("href=\"https://ok.example/\""));
        for good in [
            "<b>you</b>",
            "style=\"color:blue\"",
            "p{color:red}",
            "src=\"logo.png\"",
            "data:image/png",
            "href=\"mailto:a@b.example\"",
            "cell",
            "bg",
            "content-security-policy",
        ] {
            assert!(
                lower.contains(&good.to_ascii_lowercase()),
                "{good:?} missing in\n{out}"
            );
        }
    }

    #[test]
    fn remote_content_only_when_allowed() {
        let out = sanitized_html(HOSTILE, &files(), true);
        assert!(out.contains("https://track.example/p.gif"));
        assert!(out.contains("img-src 'self' data: https: http:"));
        let lower = out.to_ascii_lowercase();
        for bad in [
            "<script",
            "onload",
            "onclick",
            "javascript:",
            "<iframe",
            "<form",
            "<base",
        ] {
            assert!(!lower.contains(bad), "{bad:?} in\n{out}");
        }
    }

    #[test]
    fn deep_nesting_is_safe() {
        let html = "<div onclick=x>".repeat(100_000) + "deep";
        let out = sanitized_html(&html, &HashMap::new(), false);
        assert!(!out.contains("onclick"));
    }
}
