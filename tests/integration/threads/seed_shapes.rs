//! The benchmark's generated conversations are what they claim: every reply's
//! References is its parent's References plus the parent, root first (the threading
//! benchmark's "conversations" case depends on it).

use std::collections::HashMap;

use crate::support::seed::{self, Replies};

fn header(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    head.split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
}

#[test]
fn generated_conversations_carry_their_whole_chain() {
    let mut refs_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut replies = 0;
    for m in seed::messages_shaped(5, 0, 3000, Replies::Conversations) {
        let id = header(&m.raw, "Message-ID").expect("Message-ID");
        let refs: Vec<String> = header(&m.raw, "References")
            .map(|r| r.split(' ').map(str::to_owned).collect())
            .unwrap_or_default();
        if let Some(parent) = header(&m.raw, "In-Reply-To") {
            replies += 1;
            assert_eq!(
                refs.last(),
                Some(&parent),
                "{id}: References ends with the parent"
            );
            let mut expected = refs_of.get(&parent).expect("parent generated earlier").clone();
            expected.push(parent.clone());
            if expected.len() > 21 {
                expected.drain(1..expected.len() - 20);
            }
            assert_eq!(refs, expected, "{id}: the parent's chain plus the parent");
        } else {
            assert!(refs.is_empty(), "{id}: no References without a parent");
        }
        refs_of.insert(id, refs);
    }
    assert!((800..1200).contains(&replies), "about a third reply: {replies}");
}
