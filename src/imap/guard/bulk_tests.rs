//! The bulk path for plain runs (`scanner::plain_run`) must decide exactly as stepping
//! byte by byte does: the same verdicts, the same state after every read, the same bytes
//! handed out, however the input is cut.

use super::tests::pump;
use super::*;

/// A small xorshift generator: the same inputs on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that move the scanner between its states, and plain text that does not.
const PIECES: &[&[u8]] = &[
    b"* 22 FETCH (UID 7 FLAGS (\\Seen $Junk) ",
    b"BODYSTRUCTURE (",
    b"bodystructure (",
    b"BODYSTRUCTURE",
    b"InternalDate \"17-Jul-1996 02:44:25 -0700\" ",
    b"INTERNALDATE",
    b" NIL",
    b"\"",
    b"\\",
    b"(",
    b")",
    b"[",
    b"]",
    b"}",
    b"+",
    b" {5}\r\n",
    b" {12}\r\n",
    b"({3+}\r\n",
    b" {0}\r\n",
    b" ~{2}\r\n",
    b"\r\n",
    b"\r",
    b"\n",
    b" ",
    b"B",
    b"I",
    b"0123456789",
    b"abcdefghijklmnopqrstuvwxyz",
    b"(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 1234 12 NIL NIL NIL NIL)",
    b"a longer run of plain bytes, as in a subject or an address: x@example.org ",
];

/// Pieces that often lead to a violation (used more rarely, so both outcomes are common).
const HOSTILE: &[&[u8]] = &[
    b"* 1 FETCH (",
    b"A1 OK done",
    b"* OK [ALERT] ",
    b"+ ",
    b"* BYE ",
    b"INTERNALDATE NIL",
    b"{",
    b"{5}\r\n",
    b" {99999999999999999999}\r\n",
    b" {40}\r\n",
    b"\xc3\xa9",
    b"\xff",
    b"((((((((((((((((((((((((((((((((((((((((",
];

/// A FETCH response as a first sync receives it (header fields in a literal).
fn sync_response(seq: u32) -> Vec<u8> {
    let header = format!(
        "From: \"Ann (Sales)\" <ann@example.org>\r\nSubject: Re: [list] quarterly {seq} (draft)\r\n\
         Message-ID: <{seq}@example.org>\r\nReferences: <a@b> <c@d>\r\n\r\n"
    );
    format!(
        "* {seq} FETCH (UID {seq} FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" \
         RFC822.SIZE 4321 MODSEQ (77) BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL \
         NIL \"quoted-printable\" 1234 40 NIL NIL NIL NIL)(\"application\" \"pdf\" (\"name\" \
         \"r\\\"e(p)ort.pdf\") NIL NIL \"base64\" 20480 NIL (\"attachment\" (\"filename\" \
         \"report.pdf\")) NIL NIL) \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL) \
         BODY[HEADER.FIELDS (FROM SUBJECT MESSAGE-ID REFERENCES)] {{{}}}\r\n{header})\r\n",
        header.len()
    )
    .into_bytes()
}

fn random_input(rng: &mut Rng) -> Vec<u8> {
    let mut input = Vec::new();
    if rng.below(3) == 0 {
        for seq in 1..=1 + rng.below(3) as u32 {
            input.extend_from_slice(&sync_response(seq));
        }
    }
    if rng.below(2) == 0 {
        input.extend_from_slice(b"* 9 FETCH (");
    }
    for _ in 0..1 + rng.below(40) {
        let piece = if rng.below(12) == 0 {
            HOSTILE[rng.below(HOSTILE.len())]
        } else {
            PIECES[rng.below(PIECES.len())]
        };
        input.extend_from_slice(piece);
    }
    input
}

/// `input` cut at random places (empty pieces included).
fn random_cuts<'a>(rng: &mut Rng, input: &'a [u8]) -> Vec<&'a [u8]> {
    let mut cuts = Vec::new();
    let mut at = 0;
    while at < input.len() {
        let len = match rng.below(4) {
            0 => 1,
            1 => rng.below(8),
            _ => rng.below(input.len() + 1),
        }
        .min(input.len() - at);
        cuts.push(&input[at..at + len]);
        at += len;
    }
    cuts
}

const CAPS: [u64; 3] = [DEFAULT_LITERAL_CAP, 12, 2];

#[test]
fn the_bulk_path_decides_as_stepping_byte_by_byte_does() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut violations = 0;
    for _ in 0..3000 {
        let input = random_input(&mut rng);
        let cap = if rng.below(4) == 0 {
            CAPS[rng.below(CAPS.len())]
        } else {
            DEFAULT_LITERAL_CAP
        };
        let cuts = random_cuts(&mut rng, &input);
        let (bulk_states, bulk_verdict) = scan_pieces(&cuts, cap, true);
        let (step_states, step_verdict) = scan_pieces(&cuts, cap, false);
        assert_eq!(
            bulk_verdict,
            step_verdict,
            "{:?}",
            String::from_utf8_lossy(&input)
        );
        assert_eq!(bulk_states, step_states, "{:?}", String::from_utf8_lossy(&input));
        // One byte at a time with the bulk path on (runs of length 1).
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(scan_pieces(&bytes, cap, true).1, step_verdict);
        assert!(bulk_path_agrees(&input));
        violations += usize::from(step_verdict.is_some());
    }
    // The inputs reach both outcomes often.
    assert!((300..2700).contains(&violations), "{violations} of 3000 refused");
    println!("{violations} of 3000 inputs refused");
}

#[test]
fn the_bulk_path_stops_at_the_line_limit_where_stepping_does() {
    for len in [MAX_LINE - 12, MAX_LINE - 11, MAX_LINE - 10] {
        let mut line = b"* 1 FETCH (X ".to_vec();
        line.resize(len as usize, b'a');
        line.extend_from_slice(b")\r\n");
        let whole: Vec<&[u8]> = vec![&line];
        let (_, bulk) = scan_pieces(&whole, DEFAULT_LITERAL_CAP, true);
        let (_, step) = scan_pieces(&whole, DEFAULT_LITERAL_CAP, false);
        assert_eq!(bulk, step, "line of {len}");
    }
    let mut too_long = b"* 1 FETCH (X ".to_vec();
    too_long.resize(MAX_LINE as usize + 1, b'a');
    let (_, bulk) = scan_pieces(&[&too_long], DEFAULT_LITERAL_CAP, true);
    assert_eq!(bulk, Some(Violation::LineTooLong));
}

#[tokio::test]
async fn the_stream_hands_out_the_same_bytes_however_the_input_is_cut() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..400 {
        let input = random_input(&mut rng);
        let cap = CAPS[rng.below(CAPS.len())];
        let by_byte: Vec<Vec<u8>> = input.chunks(1).map(<[u8]>::to_vec).collect();
        let expected = pump(by_byte, 1, cap).await;
        let cuts: Vec<Vec<u8>> = random_cuts(&mut rng, &input)
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect();
        let read_size = 1 + rng.below(4096);
        let got = pump(cuts, read_size, cap).await;
        assert_eq!(got.1, expected.1, "{:?}", String::from_utf8_lossy(&input));
        if expected.1.is_none() {
            assert_eq!(got.0, expected.0);
        }
    }
}

#[tokio::test]
async fn a_window_of_sync_responses_passes_unchanged() {
    let mut input = Vec::new();
    for seq in 1..=200 {
        input.extend_from_slice(&sync_response(seq));
    }
    input.extend_from_slice(b"A7 OK Fetch completed.\r\n");
    let (out, v) = pump(vec![input.clone()], 4096, DEFAULT_LITERAL_CAP).await;
    assert_eq!(v, None);
    assert_eq!(out, input);
}
