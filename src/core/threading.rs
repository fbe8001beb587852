//! Conversations (JWZ-style, written for Tern): messages are joined by the Message-IDs
//! they name — their own, In-Reply-To and References — and, only as a last resort, a
//! "Re:" message that names no other message joins the thread started by a message with
//! the same subject. Threads are kept incrementally: each message is assigned as it is
//! stored, through a `ThreadIndex` (the cache implements it with indexed tables inside
//! the sync transaction; tests with maps). Joining by shared ids makes every message
//! belong to exactly one thread whatever order messages arrive in, and makes reference
//! cycles and duplicate Message-IDs harmless: a cycle only names ids already joined.
//! No I/O here.

/// Ids a message may name beyond this are ignored (the oldest few and the nearest ones
/// are kept): a hostile References header must not cost thousands of lookups.
pub const MAX_NAMED_IDS: usize = 32;
const KEEP_OLDEST: usize = 2;

/// A thread's id: unique within the cache.
pub type ThreadKey = i64;

/// What threading reads of a message.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadInput<'a> {
    pub message_id: &'a str,
    pub in_reply_to: &'a str,
    pub refs: &'a str,
    pub subject: &'a str,
}

/// Where threads are kept. Ids and subject keys are scoped to one account by the
/// implementation; `Key` is how it names them (the text, or the cache's hash of it).
pub trait ThreadIndex {
    type Key: PartialEq;
    type Error;
    /// The thread a Message-ID (or subject key) belongs to.
    fn thread_of(&mut self, key: &Self::Key) -> Result<Option<ThreadKey>, Self::Error>;
    /// Records that `key` belongs to `thread`; a key already recorded keeps its thread.
    fn link(&mut self, key: &Self::Key, thread: ThreadKey) -> Result<(), Self::Error>;
    /// Every message and key of thread `from` moves to `into`.
    fn merge(&mut self, from: ThreadKey, into: ThreadKey) -> Result<(), Self::Error>;
    /// A thread id never used before.
    fn new_thread(&mut self) -> Result<ThreadKey, Self::Error>;
    /// Which of several threads a message joins lives on (the others merge into it).
    /// Any choice gives the same grouping; a store picks the one whose move costs
    /// least. By default the oldest (lowest) id.
    fn survivor(&mut self, found: &[ThreadKey]) -> ThreadKey {
        found.iter().copied().min().unwrap_or_default()
    }
}

/// What threading reads of a message, parsed once: its own id, the ids it names
/// (`named_parents`) and, for a message that names none, its subject keys (its own,
/// and those it looks for). `map` turns the keys into what an index stores, so a store
/// can parse and hash them away from its writer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names<K> {
    pub own: Option<K>,
    pub parents: Vec<K>,
    pub subject: Option<(K, Vec<K>)>,
}

/// Parses what a message names.
pub fn names(m: &ThreadInput<'_>) -> Names<String> {
    let parents = named_parents(m);
    let subject = if parents.is_empty() {
        subject_links(m.subject)
    } else {
        None
    };
    Names {
        own: parse_ids(m.message_id).into_iter().next().map(str::to_owned),
        parents: parents.into_iter().map(str::to_owned).collect(),
        subject,
    }
}

impl<K> Names<K> {
    pub fn map<J>(&self, mut f: impl FnMut(&K) -> J) -> Names<J> {
        Names {
            own: self.own.as_ref().map(&mut f),
            parents: self.parents.iter().map(&mut f).collect(),
            subject: self
                .subject
                .as_ref()
                .map(|(mine, theirs)| (f(mine), theirs.iter().map(&mut f).collect())),
        }
    }

    /// Every key `assign` may look up or link for this message: a store can fetch a
    /// whole window's keys in one query before assigning it.
    pub fn lookup_keys(&self) -> impl Iterator<Item = &K> {
        let (mine, theirs) = match &self.subject {
            Some((mine, theirs)) => (Some(mine), theirs.as_slice()),
            None => (None, &[][..]),
        };
        self.own.iter().chain(mine).chain(theirs).chain(&self.parents)
    }

    /// Every key `assign` may have linked for this message: its own id and the ids it
    /// names (all in the message's thread after `assign`) and its own subject key (in
    /// the thread of the first message that linked it). A store that lost links can
    /// write these again for its messages in the order they were assigned, keeping keys
    /// already present, and gets the links it lost.
    pub fn link_keys(&self) -> impl Iterator<Item = &K> {
        let mine = self.subject.as_ref().map(|(mine, _)| mine);
        self.own.iter().chain(mine).chain(&self.parents)
    }
}

/// Message-IDs in a header value: `<a@b> <c@d>`, or bare ids separated by spaces or
/// commas (the cache stores them without brackets). Order kept, empty ones dropped.
pub fn parse_ids(header: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = header;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let (id, tail) = if let Some(inner) = rest.strip_prefix('<') {
            match inner.find('>') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            }
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ',' || c == '<')
                .unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        let id = id.trim();
        if !id.is_empty() {
            out.push(id);
        }
        rest = tail;
    }
    out
}

/// The ids a message names as its ancestors, oldest first, without duplicates or its
/// own id, capped at `MAX_NAMED_IDS`.
pub fn named_parents<'a>(m: &ThreadInput<'a>) -> Vec<&'a str> {
    let own = parse_ids(m.message_id).into_iter().next();
    let mut ids: Vec<&str> = Vec::new();
    for id in parse_ids(m.refs).into_iter().chain(parse_ids(m.in_reply_to)) {
        if Some(id) != own && !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > MAX_NAMED_IDS {
        let nearest = ids.len() - (MAX_NAMED_IDS - KEEP_OLDEST);
        ids.drain(KEEP_OLDEST..nearest);
    }
    ids
}

/// The subject without reply prefixes ("Re:", "RE[2]:", "AW:", "SV:", "Antw:"), folded
/// to lower case with runs of spaces as one; and whether it had such a prefix.
pub fn subject_key(subject: &str) -> (String, bool) {
    let mut rest = subject.trim();
    let mut reply = false;
    while let Some(colon) = rest.find(':') {
        let head = rest[..colon].trim();
        let word = head.split('[').next().unwrap_or("").trim().to_lowercase();
        let counter_ok = head.find('[').is_none_or(|i| {
            head[i..]
                .trim_end_matches(']')
                .trim_start_matches('[')
                .chars()
                .all(|c| c.is_ascii_digit())
        });
        if matches!(word.as_str(), "re" | "aw" | "sv" | "antw" | "vs" | "ynt") && counter_ok {
            reply = true;
            rest = rest[colon + 1..].trim_start();
        } else {
            break;
        }
    }
    let key = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (key, reply)
}

/// The subject keys of a message that names no other: its own key and the keys it
/// looks for, in order. A starter registers as "=subject"; a "Re:" that names nothing
/// looks for the starter, else joins other such replies ("~subject"). A starter also
/// gathers replies that came before it. Both directions, so arrival order does not
/// matter. `None` for an empty subject.
fn subject_links(subject: &str) -> Option<(String, Vec<String>)> {
    let (base, reply) = subject_key(subject);
    if base.is_empty() {
        return None;
    }
    Some(if reply {
        (format!("~{base}"), vec![format!("={base}"), format!("~{base}")])
    } else {
        (format!("={base}"), vec![format!("~{base}")])
    })
}

/// Puts a message in its thread and returns the thread. Joins every thread its ids
/// already belong to (the index picks which id lives on: `ThreadIndex::survivor`).
pub fn assign<I: ThreadIndex>(index: &mut I, m: &Names<I::Key>) -> Result<ThreadKey, I::Error> {
    let mut found: Vec<ThreadKey> = Vec::new();
    // Ids no thread knows yet: only these need a link written (known ones are moved by
    // merges), which saves a probe per known id.
    let mut unknown: Vec<&I::Key> = Vec::new();
    for id in m.own.iter().chain(&m.parents) {
        match index.thread_of(id)? {
            Some(t) if !found.contains(&t) => found.push(t),
            Some(_) => {}
            None => unknown.push(id),
        }
    }
    // Last resort, only for a message that names no other: by subject (`names` keeps
    // subject keys only then).
    if let Some((_, theirs)) = &m.subject {
        for key in theirs {
            if let Some(t) = index.thread_of(key)?
                && !found.contains(&t)
            {
                found.push(t);
                break;
            }
        }
    }
    let thread = match found.as_slice() {
        [] => index.new_thread()?,
        [only] => *only,
        several => index.survivor(several),
    };
    for &other in found.iter().filter(|&&t| t != thread) {
        index.merge(other, thread)?;
    }
    for id in unknown {
        index.link(id, thread)?;
    }
    if let Some((mine, _)) = &m.subject {
        index.link(mine, thread)?;
    }
    Ok(thread)
}

#[cfg(test)]
#[path = "threading_tests.rs"]
mod tests;
