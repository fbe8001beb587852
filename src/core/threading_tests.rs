//! Generated threads: replies, missing parents, References cycles, duplicate
//! Message-IDs, a 1,000-message thread, subject fallback; every arrival order gives the
//! same grouping, and every message is in exactly one thread.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;

use super::*;

/// Threads kept in maps; `members` is each message's thread, moved by merges like the
/// cache moves its rows.
#[derive(Default)]
struct MapIndex {
    links: HashMap<String, ThreadKey>,
    members: BTreeMap<usize, ThreadKey>,
    next: ThreadKey,
    lookups: usize,
    /// Every key looked up or linked, in order.
    touched: Vec<String>,
}

impl ThreadIndex for MapIndex {
    type Key = String;
    type Error = Infallible;
    fn thread_of(&mut self, key: &String) -> Result<Option<ThreadKey>, Infallible> {
        self.lookups += 1;
        self.touched.push(key.to_string());
        Ok(self.links.get(key).copied())
    }
    fn link(&mut self, key: &String, thread: ThreadKey) -> Result<(), Infallible> {
        self.touched.push(key.to_string());
        self.links.entry(key.to_string()).or_insert(thread);
        Ok(())
    }
    fn merge(&mut self, from: ThreadKey, into: ThreadKey) -> Result<(), Infallible> {
        for t in self.links.values_mut().chain(self.members.values_mut()) {
            if *t == from {
                *t = into;
            }
        }
        Ok(())
    }
    fn new_thread(&mut self) -> Result<ThreadKey, Infallible> {
        self.next += 1;
        Ok(self.next)
    }
}

#[derive(Clone)]
struct Mail {
    id: String,
    reply_to: String,
    refs: String,
    subject: String,
}

fn mail(id: &str, reply_to: &str, refs: &str, subject: &str) -> Mail {
    Mail {
        id: id.into(),
        reply_to: reply_to.into(),
        refs: refs.into(),
        subject: subject.into(),
    }
}

/// Threads `mails` in the order `order`; returns the grouping as sets of indices.
fn thread(mails: &[Mail], order: &[usize]) -> BTreeSet<BTreeSet<usize>> {
    let mut index = MapIndex::default();
    for &i in order {
        let m = &mails[i];
        let input = ThreadInput {
            message_id: &m.id,
            in_reply_to: &m.reply_to,
            refs: &m.refs,
            subject: &m.subject,
        };
        let Ok(t) = assign(&mut index, &names(&input));
        assert!(index.members.insert(i, t).is_none(), "message {i} assigned twice");
    }
    assert_eq!(index.members.len(), mails.len(), "no message lost");
    let mut groups: BTreeMap<ThreadKey, BTreeSet<usize>> = BTreeMap::new();
    for (i, t) in &index.members {
        groups.entry(*t).or_default().insert(*i);
    }
    groups.into_values().collect()
}

/// Orders to try: as given, reversed, and a few pseudo-random shuffles.
fn orders(n: usize) -> Vec<Vec<usize>> {
    let mut out = vec![(0..n).collect::<Vec<_>>(), (0..n).rev().collect()];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..4 {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            v.swap(i, (seed >> 33) as usize % (i + 1));
        }
        out.push(v);
    }
    out
}

/// The grouping is the same in every arrival order; returns it.
fn stable_threads(mails: &[Mail]) -> BTreeSet<BTreeSet<usize>> {
    let all = orders(mails.len());
    let first = thread(mails, &all[0]);
    for order in &all[1..] {
        assert_eq!(thread(mails, order), first, "order {order:?} groups differently");
    }
    first
}

fn set(v: &[usize]) -> BTreeSet<usize> {
    v.iter().copied().collect()
}

#[test]
fn ids_are_read_with_or_without_brackets() {
    assert_eq!(parse_ids("<a@x> <b@y>,<c@z>"), vec!["a@x", "b@y", "c@z"]);
    assert_eq!(parse_ids("a@x b@y"), vec!["a@x", "b@y"]);
    assert_eq!(parse_ids("  <> <broken@x"), vec!["broken@x"]);
    assert!(parse_ids("").is_empty());
}

#[test]
fn reply_prefixes_are_stripped_and_noticed() {
    assert_eq!(
        subject_key("Re: RE[2]:  Lunch   plans"),
        ("lunch plans".into(), true)
    );
    assert_eq!(subject_key("AW: Termin"), ("termin".into(), true));
    assert_eq!(subject_key("Lunch plans"), ("lunch plans".into(), false));
    assert_eq!(subject_key("Fwd: Lunch"), ("fwd: lunch".into(), false));
    assert_eq!(subject_key("Note: Re: x"), ("note: re: x".into(), false));
}

#[test]
fn replies_join_their_parents_in_any_order() {
    let mails = vec![
        mail("root@x", "", "", "Plans"),
        mail("a@x", "root@x", "root@x", "Re: Plans"),
        mail("b@x", "a@x", "root@x a@x", "Re: Plans"),
        mail("c@x", "root@x", "", "Re: Plans"),
        mail("other@x", "", "", "Something else"),
    ];
    assert_eq!(stable_threads(&mails), [set(&[0, 1, 2, 3]), set(&[4])].into());
}

#[test]
fn missing_parents_still_join_their_siblings() {
    // The root and the first reply were never received.
    let mails = vec![
        mail("b@x", "a@x", "root@x a@x", "Re: Plans"),
        mail("c@x", "root@x", "root@x", "Re: Plans"),
        mail("d@x", "b@x", "b@x", "Re: Plans"),
        // Names only a parent no one else names: its own thread.
        mail("e@x", "gone@x", "gone@x", "Re: Plans"),
    ];
    assert_eq!(stable_threads(&mails), [set(&[0, 1, 2]), set(&[3])].into());
}

#[test]
fn reference_cycles_and_self_references_are_harmless() {
    let mails = vec![
        mail("a@x", "b@x", "b@x", "Loop"),
        mail("b@x", "a@x", "a@x", "Re: Loop"),
        mail("c@x", "c@x", "c@x a@x c@x b@x a@x", "Re: Loop"),
        mail("self@x", "self@x", "self@x", "Alone"),
    ];
    assert_eq!(stable_threads(&mails), [set(&[0, 1, 2]), set(&[3])].into());
}

#[test]
fn duplicate_message_ids_share_one_thread_each_row_once() {
    // The same message in two folders, and two different messages with one id.
    let mails = vec![
        mail("dup@x", "", "", "First"),
        mail("dup@x", "", "", "First"),
        mail("dup@x", "", "", "Unrelated text, same id"),
        mail("r@x", "dup@x", "dup@x", "Re: First"),
        mail("", "", "", "No id at all"),
        mail("", "", "", "No id either"),
    ];
    assert_eq!(
        stable_threads(&mails),
        [set(&[0, 1, 2, 3]), set(&[4]), set(&[5])].into()
    );
}

#[test]
fn subject_joins_only_re_messages_that_name_nothing() {
    let mails = vec![
        mail("hello@x", "", "", "Hello"),
        mail("r1@x", "", "", "Re: Hello"),
        mail("r2@x", "", "", "RE:  hello"),
        // Has references: never joined by subject.
        mail("r3@x", "elsewhere@x", "elsewhere@x", "Re: Hello"),
        // Not a reply: same subject is not enough.
        mail("hello2@x", "", "", "Something"),
        mail("hello3@x", "", "", "Something"),
    ];
    assert_eq!(
        stable_threads(&mails),
        [set(&[0, 1, 2]), set(&[3]), set(&[4]), set(&[5])].into()
    );
}

#[test]
fn a_thousand_message_thread_stays_one_thread_among_others() {
    let mut mails = Vec::new();
    // One long thread; each reply names the root and its parent (as clients trim).
    mails.push(mail("m0@long", "", "", "Long"));
    for i in 1..1000 {
        let parent = format!("m{}@long", (i - 1) / 2);
        let refs = if i % 5 == 0 {
            String::new()
        } else {
            format!("m0@long {parent}")
        };
        mails.push(mail(&format!("m{i}@long"), &parent, &refs, "Re: Long"));
    }
    // Interleaved short threads.
    for t in 0..50 {
        mails.push(mail(&format!("s{t}@short"), "", "", &format!("Short {t}")));
        mails.push(mail(
            &format!("s{t}r@short"),
            &format!("s{t}@short"),
            &format!("s{t}@short"),
            &format!("Re: Short {t}"),
        ));
    }
    let groups = stable_threads(&mails);
    assert_eq!(groups.len(), 51);
    assert!(groups.contains(&(0..1000).collect::<BTreeSet<_>>()));
    let total: usize = groups.iter().map(BTreeSet::len).sum();
    assert_eq!(total, mails.len(), "every message in exactly one thread");
}

#[test]
fn a_huge_references_header_costs_a_bounded_number_of_lookups() {
    let refs: Vec<String> = (0..5000).map(|i| format!("<r{i}@x>")).collect();
    let refs = refs.join(" ");
    let input = ThreadInput {
        message_id: "<big@x>",
        in_reply_to: "<r4999@x>",
        refs: &refs,
        subject: "Re: big",
    };
    let parents = named_parents(&input);
    assert_eq!(parents.len(), MAX_NAMED_IDS);
    assert_eq!(parents[0], "r0@x", "the root is kept");
    assert_eq!(parents[MAX_NAMED_IDS - 1], "r4999@x", "the parent is kept");
    let mut index = MapIndex::default();
    let Ok(_) = assign(&mut index, &names(&input));
    assert!(index.lookups <= MAX_NAMED_IDS + 1);
}

#[test]
fn lookup_keys_cover_every_key_assign_reads_or_writes() {
    let refs: Vec<String> = (0..100).map(|i| format!("<r{i}@x>")).collect();
    let refs = refs.join(" ");
    let mails = [
        mail("<a@x>", "", "", "Lunch?"),
        mail("<b@x>", "<a@x>", "<a@x>", "Re: Lunch?"),
        mail("<c@x>", "", "", "RE[2]: Lunch?"),
        mail("<d@x>", "", "", "AW: Lunch?"),
        mail("", "", "", "Plans"),
        mail("<e@x>", "<r99@x>", &refs, "Re: big"),
        mail("<f@x>", "<f@x>", "<f@x> <a@x>", ""),
        mail("<g@x>", "", "", ""),
    ];
    let mut index = MapIndex::default();
    for m in &mails {
        let input = ThreadInput {
            message_id: &m.id,
            in_reply_to: &m.reply_to,
            refs: &m.refs,
            subject: &m.subject,
        };
        let named = names(&input);
        let keys: Vec<&String> = named.lookup_keys().collect();
        let links: Vec<&String> = named.link_keys().collect();
        index.touched.clear();
        let Ok(thread) = assign(&mut index, &named);
        assert!(!index.touched.is_empty() || m.id.is_empty());
        for key in &index.touched {
            assert!(keys.contains(&key), "{key} is used but not in {keys:?}");
        }
        // What a lost link's recovery writes: keys that are all linked, the ids in
        // the message's thread.
        for key in &links {
            assert!(keys.contains(key), "link key {key} is not a lookup key");
            assert!(index.links.contains_key(*key), "{key} was not linked");
        }
        for id in named.own.iter().chain(&named.parents) {
            assert_eq!(
                index.links.get(id).copied(),
                Some(thread),
                "{id} is in another thread"
            );
        }
    }
    assert!(index.links.contains_key("~lunch?") && index.links.contains_key("=plans"));
}
