use super::*;
use std::collections::VecDeque;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// A transport that returns the given chunks one read at a time, then EOF.
#[derive(Default)]
struct Script {
    chunks: VecDeque<Vec<u8>>,
    written: Vec<u8>,
}

impl fmt::Debug for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Script({:?})", String::from_utf8_lossy(&self.written))
    }
}

impl AsyncRead for Script {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Some(mut chunk) = this.chunks.pop_front() {
            let n = chunk.len().min(buf.remaining());
            buf.put_slice(&chunk[..n]);
            if n < chunk.len() {
                this.chunks.push_front(chunk.split_off(n));
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Script {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.get_mut().written.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Reads everything through a guard; returns what came out and the violation, if any.
pub(super) async fn pump(chunks: Vec<Vec<u8>>, read_size: usize, cap: u64) -> (Vec<u8>, Option<Violation>) {
    let script = Script {
        // An empty read would mean EOF.
        chunks: chunks.into_iter().filter(|c| !c.is_empty()).collect(),
        written: Vec::new(),
    };
    let mut guard = GuardedStream::new(Box::new(script));
    guard.set_literal_cap(cap);
    let mut out = Vec::new();
    let mut buf = vec![0u8; read_size];
    loop {
        match guard.read(&mut buf).await {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => {
                let v = violation_of(&e).cloned();
                assert!(v.is_some(), "not a guard error: {e}");
                // Sticky: the next read fails the same way.
                let again = guard.read(&mut buf).await.expect_err("sticky");
                assert_eq!(violation_of(&again), v.as_ref());
                return (out, v);
            }
        }
    }
}

/// Every way of cutting `input`: at each position into two reads, byte by byte, and
/// with small caller buffers.
fn splits(input: &[u8]) -> Vec<(Vec<Vec<u8>>, usize)> {
    let mut ways = Vec::new();
    for i in 0..=input.len() {
        ways.push((vec![input[..i].to_vec(), input[i..].to_vec()], 4096));
    }
    ways.push((input.iter().map(|&b| vec![b]).collect(), 4096));
    ways.push((vec![input.to_vec()], 1));
    ways.push((vec![input.to_vec()], 7));
    ways
}

fn valid_inputs() -> Vec<Vec<u8>> {
    let mut deep64 = b"* 1 FETCH (BODYSTRUCTURE ".to_vec();
    deep64.extend(std::iter::repeat_n(b'(', 63));
    deep64.extend(std::iter::repeat_n(b')', 64));
    deep64.extend_from_slice(b"\r\n");
    vec![
        b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n".to_vec(),
        br#"* 1 FETCH (UID 5 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "s \"(((\" j" (("A (x" NIL "a" "b")) NIL NIL NIL NIL NIL NIL "<i>") BODY[] {12}"#
            .iter()
            .chain(b"\r\n((((((((((((\r\n)\r\nA1 OK done\r\n")
            .copied()
            .collect(),
        b"* LIST () \"/\" {5}\r\nIN{OX\r\n* LIST () \"/\" {0}\r\n\r\n".to_vec(),
        b"* OK see {this} and {12} and {12}x\r\n* 2 FETCH (BINARY[1] ~{3}\r\nabc)\r\n".to_vec(),
        b"* 3 FETCH (BODY[1] {4+}\r\n\r\n\r\n)\r\n".to_vec(),
        // Message text inside a literal may say anything.
        b"* 5 FETCH (BODY[] {16}\r\nINTERNALDATE NIL INTERNALDATE \"x\")\r\n".to_vec(),
        // Non-ASCII after `]` is fine where imap-proto does not read status text.
        "* 4 FETCH (BODY[HEADER]\u{e9} NIL)\r\n* OK [ALERT] \u{e9}t\u{e9}\r\n"
            .as_bytes()
            .to_vec(),
        deep64,
    ]
}

#[tokio::test]
async fn valid_data_passes_unchanged_however_it_is_cut() {
    for input in valid_inputs() {
        for (chunks, read_size) in splits(&input) {
            let (out, v) = pump(chunks, read_size, DEFAULT_LITERAL_CAP).await;
            assert_eq!(v, None, "{:?}", String::from_utf8_lossy(&input));
            assert_eq!(out, input);
        }
    }
}

fn deep(prefix: &[u8], n: usize) -> Vec<u8> {
    let mut v = prefix.to_vec();
    v.extend(std::iter::repeat_n(b'(', n));
    v
}

fn max_depth(out: &[u8]) -> usize {
    let mut run = 0;
    let mut best = 0;
    for &b in out {
        run = if b == b'(' { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[tokio::test]
async fn violations_are_caught_however_the_input_is_cut() {
    // A literal whose contents hide what imap-proto's fallback for unknown attributes
    // (skip to the first ')') would parse.
    let mut hidden = deep(b") BODYSTRUCTURE ", 100);
    hidden.extend_from_slice(b"\r\n");
    let mut in_literal = format!("* 1 FETCH (XFOO ({{{}}}\r\n", hidden.len()).into_bytes();
    in_literal.extend_from_slice(&hidden);

    let cases: Vec<(Vec<u8>, Violation, &[u8])> = vec![
        (deep(b"* 1 FETCH (BODYSTRUCTURE ", 64), Violation::TooDeep, b""),
        (deep(b"* 1 FETCH (X [", 64), Violation::TooDeep, b""),
        (
            b"* 1 FETCH (BODY[] {33554433}\r\nxyz".to_vec(),
            Violation::LiteralTooLarge {
                announced: 33554433,
                cap: DEFAULT_LITERAL_CAP,
            },
            b"{33554433}\r\n",
        ),
        (
            b"* 1 FETCH (BODY[] {4294967295}\r\n".to_vec(),
            Violation::LiteralTooLarge {
                announced: 4294967295,
                cap: DEFAULT_LITERAL_CAP,
            },
            b"}\r\n",
        ),
        (
            b"* 1 FETCH (BODY[] {99999999999999999999}\r\n".to_vec(),
            Violation::AbsurdLiteral,
            b"}\r\n",
        ),
        (
            b"A1 OK {5}\r\nhello\r\n".to_vec(),
            Violation::MisplacedLiteral,
            b"}\r\n",
        ),
        (
            b"* OK [ALERT] {5}\r\nhello\r\n".to_vec(),
            Violation::MisplacedLiteral,
            b"}\r\n",
        ),
        (
            b"+ {5}\r\nhello\r\n".to_vec(),
            Violation::MisplacedLiteral,
            b"}\r\n",
        ),
        (
            b"* 1 FETCH (X a{5}\r\nhello\r\n".to_vec(),
            Violation::MisplacedLiteral,
            b"}\r\n",
        ),
        (
            deep(b"* 1 FETCH (XFOO (\") BODYSTRUCTURE ", 100),
            Violation::TooDeep,
            b"",
        ),
        (
            deep(b"* 1 FETCH (XFOO \"\\x BoDyStRuCtUrE ", 100),
            Violation::TooDeep,
            b"",
        ),
        (in_literal, Violation::TooDeep, b""),
        // Found by fuzzing: these crashed imap-proto (a string sliced inside a character).
        (
            b"* OK [CAPABILITY IMAP4rev1]\xcdDovecot ready.\r\n".to_vec(),
            Violation::UnreadableStatusText,
            b"\r\n",
        ),
        (
            "A0001 OK [READ-WRITE]\u{e9}t\u{e9}\r\n".as_bytes().to_vec(),
            Violation::UnreadableStatusText,
            b"\r\n",
        ),
        (
            b"+ [ALERT]\xff\r\n".to_vec(),
            Violation::UnreadableStatusText,
            b"\r\n",
        ),
        (
            b"* 1 FETCH (UID 1 internaldate nil)\r\n".to_vec(),
            Violation::NilInternalDate,
            b"\r\n",
        ),
        (
            b"* 1 FETCH (X (\"a) INTERNALDATE NIL\"))\r\n".to_vec(),
            Violation::NilInternalDate,
            b"\r\n",
        ),
    ];
    for (input, expected, never_out) in cases {
        for (chunks, read_size) in splits(&input) {
            let (out, v) = pump(chunks, read_size, DEFAULT_LITERAL_CAP).await;
            assert_eq!(
                v.as_ref(),
                Some(&expected),
                "{:?}",
                String::from_utf8_lossy(&input)
            );
            assert!(max_depth(&out) <= MAX_DEPTH as usize);
            if !never_out.is_empty() {
                assert!(
                    !out.windows(never_out.len()).any(|w| w == never_out),
                    "announcement handed out: {:?}",
                    String::from_utf8_lossy(&out)
                );
            }
        }
    }
}

#[tokio::test]
async fn the_literal_cap_can_be_lowered() {
    let input = b"* 1 FETCH (BODY[1]<0> {101}\r\n".to_vec();
    let (_, v) = pump(vec![input.clone()], 4096, 100).await;
    assert_eq!(
        v,
        Some(Violation::LiteralTooLarge {
            announced: 101,
            cap: 100
        })
    );
    let (_, v) = pump(vec![input], 4096, 101).await;
    assert_eq!(v, None);
}

#[tokio::test]
async fn lines_and_responses_are_bounded() {
    let mut long = b"* OK ".to_vec();
    long.resize(MAX_LINE as usize + 10, b'a');
    let (out, v) = pump(vec![long], 64 * 1024, DEFAULT_LITERAL_CAP).await;
    assert_eq!(v, Some(Violation::LineTooLong));
    assert!(out.len() as u64 <= MAX_LINE);

    // Literal bytes do not count as line bytes.
    let size = 5 * 1024 * 1024;
    let mut big = format!("* 1 FETCH (BODY[] {{{size}}}\r\n").into_bytes();
    big.resize(big.len() + size, b'a');
    big.extend_from_slice(b")\r\n");
    let (out, v) = pump(vec![big.clone()], 64 * 1024, DEFAULT_LITERAL_CAP).await;
    assert_eq!(v, None);
    assert_eq!(out, big);

    // Many literals in one response add up.
    let cap = 1024 * 1024;
    let mut many = b"* 1 FETCH (".to_vec();
    for i in 0..8 {
        many.extend_from_slice(format!("BODY[{i}] {{{cap}}}\r\n").as_bytes());
        many.resize(many.len() + cap as usize, b'x');
        many.push(b' ');
    }
    let (_, v) = pump(vec![many], 64 * 1024, cap).await;
    assert_eq!(
        v,
        Some(Violation::ResponseTooLarge {
            limit: 2 * cap + MAX_LINE
        })
    );
}

#[tokio::test]
async fn a_read_never_crosses_the_end_of_a_response() {
    let script = Script {
        chunks: vec![b"* 1 EXISTS\r\n* 2 EXISTS\r\nleft".to_vec()].into(),
        written: Vec::new(),
    };
    let mut guard = GuardedStream::new(Box::new(script));
    let mut buf = [0u8; 100];
    let n = guard.read(&mut buf).await.expect("read");
    assert_eq!(&buf[..n], b"* 1 EXISTS\r\n");
    let n = guard.read(&mut buf).await.expect("read");
    assert_eq!(&buf[..n], b"* 2 EXISTS\r\n");
    // What follows the last response goes to the next transport (COMPRESS).
    let mut leftover = None;
    guard
        .replace_inner(|old, rest| {
            leftover = Some(rest);
            old
        })
        .expect("at a boundary");
    assert_eq!(leftover.as_deref(), Some(&b"left"[..]));
}

#[tokio::test]
async fn the_secret_is_substituted_on_the_way_out_only() {
    let mut guard = GuardedStream::new(Box::new(Script::default()));
    guard.arm_secret(b"PLACEHOLDER".to_vec(), b"s3cr\\\"et".to_vec());
    assert!(!format!("{guard:?}").contains("s3cr"));
    // async-imap writes the tag, a space and the command separately.
    guard.write_all(b"A0001").await.expect("write");
    guard.write_all(b" ").await.expect("write");
    guard
        .write_all(b"LOGIN \"u\" \"PLACEHOLDER\"")
        .await
        .expect("write");
    guard.write_all(b"\r\n").await.expect("write");
    guard.flush().await.expect("flush");
    // One-shot: a second occurrence is not replaced.
    guard.write_all(b"PLACEHOLDER").await.expect("write");
    let inner = format!("{:?}", guard.inner);
    assert_eq!(
        inner,
        r#"Script("A0001 LOGIN \"u\" \"s3cr\\\"et\"\r\nPLACEHOLDER")"#
    );
}

/// A tiny IMAP server on the other end of a duplex pipe: for each command line it
/// reads, it sends the next canned answer (`{tag}` is replaced by the command's tag).
async fn scripted(server: tokio::io::DuplexStream, answers: Vec<Vec<u8>>) {
    let (r, mut w) = tokio::io::split(server);
    let mut lines = BufReader::new(r);
    for answer in answers {
        let mut line = String::new();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let tag = line.split(' ').next().unwrap_or("").to_string();
        let answer = String::from_utf8_lossy(&answer).replace("{tag}", &tag);
        if w.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
    // Keep the pipe open until the client is done.
    let mut rest = Vec::new();
    let _ = lines.read_to_end(&mut rest).await;
}

async fn session_with(answers: Vec<Vec<u8>>) -> async_imap::Session<GuardedStream> {
    let (client, server) = tokio::io::duplex(1 << 20);
    let mut all = vec![b"{tag} OK logged in\r\n".to_vec()];
    all.extend(answers);
    tokio::spawn(scripted(server, all));
    let client = async_imap::Client::new(GuardedStream::new(Box::new(client)));
    match client.login("user", "pw").await {
        Ok(s) => s,
        Err((e, _)) => panic!("login: {e}"),
    }
}

#[tokio::test]
async fn async_imap_on_top_reads_valid_fetches() {
    let mut session = session_with(vec![
        b"* 1 FETCH (UID 7 BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 5 1 NIL NIL NIL NIL) BODY[] {5}\r\nhello)\r\n{tag} OK done\r\n".to_vec(),
    ])
    .await;
    let fetches: Vec<_> = {
        use futures::TryStreamExt;
        session
            .fetch("1", "(UID BODYSTRUCTURE BODY[])")
            .await
            .expect("fetch")
            .try_collect()
            .await
            .expect("fetched")
    };
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0].uid, Some(7));
    assert_eq!(fetches[0].body(), Some(&b"hello"[..]));
    assert!(fetches[0].bodystructure().is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn async_imap_on_top_survives_deep_nesting_and_huge_literals() {
    for answer in [
        deep(b"* 1 FETCH (BODYSTRUCTURE ", 100_000),
        b"* 1 FETCH (BODY[] {400000000}\r\nabc".to_vec(),
    ] {
        let task = tokio::spawn(async move {
            let mut session = session_with(vec![answer]).await;
            use futures::TryStreamExt;
            let result: Result<Vec<_>, _> = match session.fetch("1", "BODYSTRUCTURE").await {
                Ok(stream) => stream.try_collect().await,
                Err(e) => Err(e),
            };
            match result {
                Err(async_imap::error::Error::Io(e)) => violation_of(&e).cloned(),
                other => panic!("expected a guard error, got {other:?}"),
            }
        });
        let v = task.await.expect("task");
        assert!(v.is_some());
    }
}
