//! Content-Transfer-Encoding decoders that work chunk by chunk, so an attachment is
//! decoded while it streams to disk and never sits whole in memory. Partial-fetch chunk
//! borders fall anywhere (inside a base64 quantum, inside "=4" of quoted-printable);
//! each decoder carries the unfinished tail into the next call.

use base64::Engine as _;

/// A streaming decoder for one transfer encoding.
#[derive(Debug)]
pub enum StreamDecoder {
    /// 7bit, 8bit, binary and unknown encodings: bytes as they are.
    Identity,
    Base64 {
        pending: Vec<u8>,
    },
    QuotedPrintable {
        pending: Vec<u8>,
    },
}

impl StreamDecoder {
    pub fn for_encoding(encoding: &str) -> StreamDecoder {
        match encoding.to_ascii_lowercase().as_str() {
            "base64" => StreamDecoder::Base64 { pending: Vec::new() },
            "quoted-printable" => StreamDecoder::QuotedPrintable { pending: Vec::new() },
            _ => StreamDecoder::Identity,
        }
    }

    /// Decodes `input`, appending to `out`; keeps an unfinished tail for the next call.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        match self {
            StreamDecoder::Identity => out.extend_from_slice(input),
            StreamDecoder::Base64 { pending } => {
                pending.extend(input.iter().copied().filter(|b| is_b64(*b)));
                let whole = pending.len() / 4 * 4;
                decode_b64(&pending[..whole], out);
                pending.drain(..whole);
            }
            StreamDecoder::QuotedPrintable { pending } => {
                pending.extend_from_slice(input);
                // Keep back a possibly unfinished "=", "=X" or soft line break "=\r".
                let keep = pending
                    .iter()
                    .rev()
                    .take(3)
                    .position(|b| *b == b'=')
                    .map(|p| p + 1)
                    .unwrap_or(0);
                let upto = pending.len() - keep;
                decode_qp(&pending[..upto], out);
                pending.drain(..upto);
            }
        }
    }

    /// Flushes what is left at the end of the part (lenient with broken input).
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        match self {
            StreamDecoder::Identity => {}
            StreamDecoder::Base64 { pending } => {
                let mut tail = std::mem::take(pending);
                tail.retain(|b| *b != b'=');
                // A lone sextet carries no whole byte; 2 or 3 do.
                if tail.len() % 4 == 1 {
                    tail.pop();
                }
                decode_b64(&tail, out);
            }
            StreamDecoder::QuotedPrintable { pending } => {
                let tail = std::mem::take(pending);
                decode_qp(&tail, out);
            }
        }
    }
}

fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='
}

fn decode_b64(data: &[u8], out: &mut Vec<u8>) {
    // Decode quantum by quantum so padding in the middle (concatenated encoders) and
    // garbage do not lose the rest of the part.
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    if engine.decode_vec(data, out).is_ok() {
        return;
    }
    for quantum in data.chunks(4) {
        let q: Vec<u8> = quantum.iter().copied().filter(|b| *b != b'=').collect();
        if q.len() >= 2 {
            let _ = engine.decode_vec(&q, out);
        }
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode_qp(data: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        match (data.get(i + 1), data.get(i + 2)) {
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(hex(h).unwrap_or(0) << 4 | hex(l).unwrap_or(0));
                i += 3;
            }
            _ => {
                out.push(b'=');
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_in_chunks(enc: &str, input: &[u8], chunk: usize) -> Vec<u8> {
        let mut d = StreamDecoder::for_encoding(enc);
        let mut out = Vec::new();
        for c in input.chunks(chunk) {
            d.feed(c, &mut out);
        }
        d.finish(&mut out);
        out
    }

    #[test]
    fn base64_any_chunking_gives_the_same_bytes() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut enc = base64::engine::general_purpose::STANDARD
            .encode(&data)
            .into_bytes();
        // Wrap at 76 columns like mail does.
        let wrapped: Vec<u8> = enc
            .chunks(76)
            .flat_map(|l| l.iter().copied().chain(*b"\r\n"))
            .collect();
        enc = wrapped;
        for chunk in [1, 2, 3, 5, 77, 78, 1000, enc.len()] {
            assert_eq!(decode_in_chunks("base64", &enc, chunk), data, "chunk {chunk}");
        }
    }

    #[test]
    fn quoted_printable_any_chunking_gives_the_same_bytes() {
        let enc = b"Gr=C3=BC=C3=9Fe, caf=C3=A9 =3D ok=\r\nsoft break\r\nend=\n!";
        let want = "Grüße, café = oksoft break\r\nend!".as_bytes();
        for chunk in 1..enc.len() {
            assert_eq!(
                decode_in_chunks("quoted-printable", enc, chunk),
                want,
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn garbage_is_survived() {
        let out = decode_in_chunks("base64", b"SGVs bG8=!!!IHdv\x00cmxk", 3);
        assert!(out.starts_with(b"Hello"), "{out:?}");
        let out = decode_in_chunks("quoted-printable", b"a=ZZb=", 2);
        assert_eq!(out, b"a=ZZb=");
    }
}
