//! Realistic generated mail for seeding: plain and multipart/alternative bodies,
//! attachments (pdf, png, zip, ics) with RFC 2231 UTF-8 names, threads with In-Reply-To
//! and References, encoded-word subjects and names, dates over years, some flags.
//! Same (seed, index), same bytes.

use std::fmt::Write as _;

use base64::Engine as _;

use super::dovecot::SeedMessage;

/// splitmix64: tiny, fast, and stable forever (unlike a library RNG's stream).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

const NAMES: &[(&str, &str)] = &[
    ("Alice Martin", "alice@example.org"),
    ("Bob Keller", "bob@example.net"),
    ("Jürgen Groß", "juergen@example.de"),
    ("Zoë Ångström", "zoe@example.se"),
    ("李雷", "lilei@example.cn"),
    ("Fatima Al-Sayed", "fatima@example.com"),
    ("", "noreply@notifications.example.com"),
    ("Ops Team", "ops@example.org"),
];

const TOPICS: &[&str] = &[
    "Quarterly report",
    "Lunch on Friday?",
    "Re: Invoice 2024-117",
    "Flight itinerary",
    "Übersicht der Änderungen",
    "会议纪要",
    "Build failed on main",
    "Photos from the trip",
    "Contract draft v3",
    "Welcome to the team",
];

const WORDS: &[&str] = &[
    "the", "meeting", "report", "please", "find", "attached", "numbers", "we", "should", "discuss",
    "tomorrow", "budget", "project", "thanks", "regards", "update", "schedule", "review", "draft", "final",
];

/// Base date: 2019-01-01; messages spread over ~6 years, ordered by index.
const BASE_DATE: i64 = 1_546_300_800;

fn encoded_word(s: &str) -> String {
    if s.is_ascii() {
        s.to_string()
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(s)
        )
    }
}

fn address(name: &str, addr: &str) -> String {
    if name.is_empty() {
        addr.to_string()
    } else if name.is_ascii() {
        format!("\"{name}\" <{addr}>")
    } else {
        format!("{} <{addr}>", encoded_word(name))
    }
}

fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut p = String::new();
    for i in 0..words {
        if i > 0 {
            p.push(if i % 14 == 0 { '\n' } else { ' ' });
        }
        let word: &&str = rng.pick(WORDS);
        p.push_str(word);
    }
    p.push('.');
    p
}

fn wrap_base64(data: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::with_capacity(b64.len() + b64.len() / 76 * 2 + 2);
    for chunk in b64.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push_str("\r\n");
    }
    out
}

/// The Message-ID of message `i` of a `seed` (so tests can look messages up).
pub fn message_id(seed: u64, i: u64) -> String {
    format!("<{seed}.{i}@seed.tern.test>")
}

/// How replies name their ancestors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replies {
    /// A third of messages reply to any earlier message `p` and name `p / 2` and `p`:
    /// unrelated threads keep joining (a stress case: about half of a large series ends
    /// up in one thread).
    Random,
    /// A third of messages reply to one of the 300 messages before them and carry the
    /// parent's whole chain in References, root first (RFC 5322 3.6.4; the newest 20
    /// and the root kept), as mail clients write them: conversations of a few messages.
    Conversations,
}

/// Generates message `i` of the series `seed`.
pub fn message(seed: u64, i: u64) -> SeedMessage {
    message_shaped(seed, i, Replies::Random)
}

/// The rng of message `i` right before its reply draw, replaying the draws before it.
fn rng_at_reply(seed: u64, i: u64) -> Rng {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i));
    rng.pick(NAMES);
    rng.pick(NAMES);
    rng.pick(TOPICS);
    rng.below(1700);
    if rng.below(4) == 0 {
        rng.pick(NAMES);
    }
    rng
}

/// The message `i` replies to, if any.
fn parent_of(seed: u64, i: u64, replies: Replies) -> Option<u64> {
    let mut rng = rng_at_reply(seed, i);
    if i == 0 || rng.below(3) != 0 {
        return None;
    }
    let draw = rng.below(i);
    Some(match replies {
        Replies::Random => draw,
        Replies::Conversations => i - 1 - draw % i.min(300),
    })
}

/// The References of a reply to `parent` in `Conversations`: its ancestors root first,
/// then `parent`.
fn conversation_chain(seed: u64, parent: u64) -> Vec<u64> {
    let mut chain = vec![parent];
    let mut at = parent;
    while let Some(up) = parent_of(seed, at, Replies::Conversations) {
        chain.push(up);
        at = up;
    }
    chain.reverse();
    if chain.len() > 21 {
        chain.drain(1..chain.len() - 20);
    }
    chain
}

/// Generates message `i` of the series `seed` with replies shaped by `replies`.
pub fn message_shaped(seed: u64, i: u64, replies: Replies) -> SeedMessage {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i));
    let (from_name, from_addr) = *rng.pick(NAMES);
    let (to_name, to_addr) = *rng.pick(NAMES);
    let topic = *rng.pick(TOPICS);
    let subject = format!("{topic} #{i}");
    let date = BASE_DATE + (i as i64) * 1800 + rng.below(1700) as i64;
    let boundary = format!("=_tern_{seed}_{i}");
    let mut h = String::new();
    let _ = write!(h, "Return-Path: <{from_addr}>\r\n");
    let _ = write!(h, "From: {}\r\n", address(from_name, from_addr));
    let _ = write!(h, "To: {}\r\n", address(to_name, to_addr));
    if rng.below(4) == 0 {
        let (n, a) = *rng.pick(NAMES);
        let _ = write!(h, "Cc: {}\r\n", address(n, a));
    }
    let _ = write!(h, "Subject: {}\r\n", encoded_word(&subject));
    let _ = write!(h, "Date: {}\r\n", rfc2822_date(date));
    let _ = write!(h, "Message-ID: {}\r\n", message_id(seed, i));
    // A third of messages reply to an earlier one, forming threads.
    if i > 0 && rng.below(3) == 0 {
        let draw = rng.below(i);
        let _ = match replies {
            Replies::Random => {
                let parent = draw;
                let _ = write!(h, "In-Reply-To: {}\r\n", message_id(seed, parent));
                write!(
                    h,
                    "References: {} {}\r\n",
                    message_id(seed, parent / 2),
                    message_id(seed, parent)
                )
            }
            Replies::Conversations => {
                let parent = i - 1 - draw % i.min(300);
                let chain: Vec<String> = conversation_chain(seed, parent)
                    .into_iter()
                    .map(|p| message_id(seed, p))
                    .collect();
                let _ = write!(h, "In-Reply-To: {}\r\n", message_id(seed, parent));
                write!(h, "References: {}\r\n", chain.join(" "))
            }
        };
    }
    h.push_str("MIME-Version: 1.0\r\n");

    let words = 30 + rng.below(400) as usize;
    let text: String = (0..1 + words / 60)
        .map(|_| paragraph(&mut rng, 60))
        .collect::<Vec<_>>()
        .join("\r\n\r\n");
    let kind = rng.below(10);
    let body = if kind < 4 {
        h.push_str("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        format!("{text}\r\n")
    } else {
        let alt = format!(
            "Content-Type: multipart/alternative; boundary=\"{boundary}a\"\r\n\r\n\
             --{boundary}a\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{text}\r\n\
             --{boundary}a\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><body><p>{html}</p></body></html>\r\n\
             --{boundary}a--\r\n",
            html = text.replace("\r\n\r\n", "</p><p>")
        );
        if kind < 8 {
            h.push_str(&alt[..alt.find("\r\n\r\n").unwrap_or(0)]);
            h.push_str("\r\n\r\n");
            alt[alt.find("\r\n\r\n").map(|p| p + 4).unwrap_or(0)..].to_string()
        } else {
            let _ = write!(
                h,
                "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
            );
            let mut b = format!("This is a multi-part message in MIME format.\r\n--{boundary}\r\n{alt}");
            let n_att = 1 + rng.below(2);
            for k in 0..n_att {
                let (name, ctype, size) = match rng.below(4) {
                    0 => (
                        "Bericht Q3 – Übersicht.pdf",
                        "application/pdf",
                        20_000 + rng.below(120_000),
                    ),
                    1 => ("photo.png", "image/png", 10_000 + rng.below(60_000)),
                    2 => ("archive.zip", "application/zip", 5_000 + rng.below(40_000)),
                    _ => ("invite.ics", "text/calendar", 600),
                };
                let data = rng.bytes(size as usize);
                let _ = write!(
                    b,
                    "--{boundary}\r\nContent-Type: {ctype}; name=\"{k}-{ascii}\"\r\n\
                     Content-Disposition: attachment; filename*=UTF-8''{pct}\r\n\
                     Content-Transfer-Encoding: base64\r\n\r\n{data}",
                    ascii = name.replace(|c: char| !c.is_ascii(), "_"),
                    pct = percent(name),
                    data = wrap_base64(&data)
                );
            }
            let _ = write!(b, "--{boundary}--\r\n");
            b
        }
    };
    let flags = match rng.below(10) {
        0..=5 => "S",
        6 => "FS",
        7 => "RS",
        _ => "",
    };
    let mut raw = h.into_bytes();
    raw.extend_from_slice(body.as_bytes());
    SeedMessage {
        raw,
        maildir_flags: flags.to_string(),
        date,
    }
}

/// `count` messages of series `seed`, starting at index `start`.
pub fn messages(seed: u64, start: u64, count: u64) -> impl Iterator<Item = SeedMessage> {
    (start..start + count).map(move |i| message(seed, i))
}

/// `messages` with replies shaped by `replies`.
pub fn messages_shaped(
    seed: u64,
    start: u64,
    count: u64,
    replies: Replies,
) -> impl Iterator<Item = SeedMessage> {
    (start..start + count).map(move |i| message_shaped(seed, i, replies))
}

fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn rfc2822_date(t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{}, {d} {} {y} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
