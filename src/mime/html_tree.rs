//! Parsing HTML with html5ever (the HTML5 algorithm kept by Servo: implied end tags,
//! misnested tables, all named character references) and walking the resulting tree
//! without recursion, so no nesting depth can exhaust the stack.
//!
//! The tree builder itself keeps its open elements on a heap stack, but some of its
//! steps scan that stack, so very deep nesting costs time quadratic in the depth: the
//! input is cut (never completed) when its tag nesting could exceed [`MAX_OPEN_TAGS`].

use std::rc::Rc;

use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ParseOpts, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

use super::html_elements::{is_resource_attr, looks_remote};

/// Most start tags that may be open at once before the rest of the input is dropped
/// (browsers cap DOM depth at a few hundred too; real mail stays far below).
pub(super) const MAX_OPEN_TAGS: usize = 2_000;

/// One step of the walk: entering an element (or a text node), or leaving an element.
pub(super) enum Step<'n> {
    Enter(&'n Handle),
    Leave(&'n Handle),
}

/// Parses a whole document (or fragment: html5ever supplies html/head/body).
pub(super) fn parse(html: &str) -> RcDom {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            // Tern runs no scripts: <noscript> content is what a reader should see.
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    parse_document(RcDom::default(), opts).one(cut_deep_nesting(html))
}

/// The input up to the point where more than [`MAX_OPEN_TAGS`] start tags could be open
/// (a cheap upper bound: start tags minus end tags, ignoring void elements).
fn cut_deep_nesting(html: &str) -> &str {
    let bytes = html.as_bytes();
    let mut open: usize = 0;
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + p;
        match bytes.get(at + 1) {
            Some(b'/') => open = open.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                open += 1;
                if open > MAX_OPEN_TAGS {
                    return &html[..at];
                }
            }
            _ => {}
        }
        i = at + 1;
    }
    html
}

/// The lower-case local name of an element node.
pub(super) fn element_name(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

/// The value of attribute `key` of an element node.
pub(super) fn attr(node: &Handle, key: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == key)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// Calls `visit` for each step of a depth-first walk of `root`'s children. `visit`
/// returns whether to descend into the element just entered.
pub(super) fn walk(root: &Handle, mut visit: impl FnMut(Step<'_>) -> bool) {
    // (node, leaving?)
    let mut stack: Vec<(Handle, bool)> = root
        .children
        .borrow()
        .iter()
        .rev()
        .map(|c| (Rc::clone(c), false))
        .collect();
    while let Some((node, leaving)) = stack.pop() {
        if leaving {
            visit(Step::Leave(&node));
            continue;
        }
        if visit(Step::Enter(&node)) && matches!(node.data, NodeData::Element { .. }) {
            stack.push((Rc::clone(&node), true));
            stack.extend(node.children.borrow().iter().rev().map(|c| (Rc::clone(c), false)));
        }
    }
}

/// Whether anything in the document would make a browser fetch something remote:
/// resource attributes, remote `href`s of loading elements, `url()`/`@import` in style
/// attributes and `<style>` text, a meta refresh. Looks everywhere, also inside elements
/// the converter drops.
pub(super) fn asks_for_remote_content(dom: &RcDom) -> bool {
    let mut remote = false;
    let mut in_style = 0usize;
    walk(&dom.document, |step| {
        if remote {
            return false;
        }
        match step {
            Step::Enter(node) => match &node.data {
                NodeData::Element { name, attrs, .. } => {
                    let tag = &*name.local;
                    let loads_href = matches!(tag, "link" | "image" | "use" | "feimage" | "base");
                    for a in attrs.borrow().iter() {
                        let key = &*a.name.local;
                        let value = &*a.value;
                        if (is_resource_attr(key) || (key == "href" && loads_href) || key == "style")
                            && looks_remote(value)
                        {
                            remote = true;
                        }
                        if tag == "meta"
                            && key == "http-equiv"
                            && value.trim().eq_ignore_ascii_case("refresh")
                        {
                            remote = true;
                        }
                    }
                    if tag == "style" {
                        in_style += 1;
                    }
                    true
                }
                NodeData::Text { contents } => {
                    if in_style > 0 && looks_remote(&contents.borrow()) {
                        remote = true;
                    }
                    false
                }
                _ => false,
            },
            Step::Leave(node) => {
                if element_name(node) == Some("style") {
                    in_style -= 1;
                }
                true
            }
        }
    });
    remote
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_beyond_the_cap_is_cut_not_completed() {
        let html = "<div>".repeat(MAX_OPEN_TAGS + 10) + "hidden";
        assert_eq!(cut_deep_nesting(&html).len(), 5 * MAX_OPEN_TAGS);
        // Closed elements do not count.
        let html = "<p>a</p>".repeat(10 * MAX_OPEN_TAGS);
        assert_eq!(cut_deep_nesting(&html), html);
    }

    #[test]
    fn entities_come_from_the_full_html5_table() {
        let dom = parse("&Eacute;&nbsp;&fjlig;&NotNestedGreaterGreater;&#x1F600;&amp");
        let mut text = String::new();
        walk(&dom.document, |step| {
            if let Step::Enter(node) = step
                && let NodeData::Text { contents } = &node.data
            {
                text.push_str(&contents.borrow());
            }
            true
        });
        assert_eq!(text, "É\u{A0}fj⪢̸😀&");
    }
}
