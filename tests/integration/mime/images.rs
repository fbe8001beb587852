//! Inline images (issue 12 item 2): `cid:` / Content-Location resolution, and decoding
//! hostile images (a 50,000 x 50,000 PNG, a truncated JPEG, an animated GIF, a wrong
//! content type) to a placeholder or a first frame, with peak memory measured in a
//! child process.

use std::io::Cursor;
use std::process::Command;

use image::{ImageFormat, Rgba, RgbaImage};
use tern::images::{DecodeError, MAX_DISPLAY_WIDTH, after_text, decode, part_for_src};
use tern::mime::{Attachment, Block, Disposition};

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A valid PNG header claiming `w` x `h` RGBA pixels, followed by a little zlib data.
fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of zeros (stored block header is enough for the decoder to start).
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn encoded(img: &RgbaImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => image::DynamicImage::ImageRgba8(img.clone())
            .into_rgb8()
            .write_to(&mut out, format)
            .expect("encode"),
        _ => img.write_to(&mut out, format).expect("encode"),
    }
    out.into_inner()
}

fn gradient(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255]))
}

/// Two frames: red then blue. The reader shows the first.
fn animated_gif() -> Vec<u8> {
    use image::codecs::gif::{GifEncoder, Repeat};
    let mut out = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut out);
        enc.set_repeat(Repeat::Infinite).expect("repeat");
        for colour in [Rgba([255, 0, 0, 255]), Rgba([0, 0, 255, 255])] {
            let frame = image::Frame::new(RgbaImage::from_pixel(8, 8, colour));
            enc.encode_frame(frame).expect("frame");
        }
    }
    out
}

/// The hostile inputs, by name (the child process decodes one by name).
fn hostile(name: &str) -> Vec<u8> {
    match name {
        "png-50000" => bomb_png(50_000, 50_000),
        "png-over-cap" => bomb_png(8_000, 6_000),
        "jpeg-truncated" => {
            let full = encoded(&gradient(640, 480), ImageFormat::Jpeg);
            full[..full.len() / 3].to_vec()
        }
        "gif-animated" => animated_gif(),
        "not-an-image" => b"%PDF-1.4 this is a PDF sent as image/png".to_vec(),
        "png-wide" => encoded(&gradient(3_200, 100), ImageFormat::Png),
        other => panic!("unknown input {other}"),
    }
}

#[test]
fn hostile_images_give_placeholders_and_first_frames() {
    assert_eq!(decode(&hostile("png-50000")), Err(DecodeError::TooLarge));
    assert_eq!(decode(&hostile("png-over-cap")), Err(DecodeError::TooLarge));
    assert_eq!(decode(&hostile("not-an-image")), Err(DecodeError::UnknownFormat));
    // A truncated JPEG either fails or gives the part that arrived: never a panic.
    if let Ok(img) = decode(&hostile("jpeg-truncated")) {
        assert_eq!((img.width, img.height), (640, 480));
    }
    let gif = decode(&hostile("gif-animated")).expect("gif");
    assert_eq!((gif.width, gif.height), (8, 8));
    assert_eq!(&gif.rgba[..3], &[255, 0, 0], "the first frame (red) is shown");
    let wide = decode(&hostile("png-wide")).expect("png");
    assert_eq!(
        (wide.width, wide.height),
        (MAX_DISPLAY_WIDTH, 50),
        "scaled to the largest reader width"
    );
    assert_eq!(wide.rgba.len(), (MAX_DISPLAY_WIDTH * 50 * 4) as usize);
    // The declared type does not matter: a PNG sent as image/jpeg still shows.
    let small = encoded(&gradient(30, 20), ImageFormat::Png);
    assert_eq!(decode(&small).map(|i| (i.width, i.height)), Ok((30, 20)));
    let webp = encoded(&gradient(30, 20), ImageFormat::WebP);
    assert_eq!(decode(&webp).map(|i| (i.width, i.height)), Ok((30, 20)));
}

/// Run only as a child of `decoding_hostile_images_keeps_peak_memory_bounded`: decodes
/// the input named in TERN_DECODE_INPUT and prints its outcome and peak RSS.
#[test]
#[ignore = "child process of decoding_hostile_images_keeps_peak_memory_bounded"]
fn decode_child() {
    let name = std::env::var("TERN_DECODE_INPUT").expect("TERN_DECODE_INPUT");
    let bytes = hostile(&name);
    let outcome = match decode(&bytes) {
        Ok(img) => format!("ok {}x{}", img.width, img.height),
        Err(e) => format!("{e:?}"),
    };
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<u64>().ok())
        .expect("VmHWM");
    println!("DECODE-RESULT {outcome} {hwm}");
}

#[test]
fn decoding_hostile_images_keeps_peak_memory_bounded() {
    let exe = std::env::current_exe().expect("test binary");
    for name in [
        "png-50000",
        "png-over-cap",
        "jpeg-truncated",
        "gif-animated",
        "not-an-image",
    ] {
        let out = Command::new(&exe)
            .args([
                "--exact",
                "mime::images::decode_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TERN_DECODE_INPUT", name)
            .output()
            .expect("run the child");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: child failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout
            .lines()
            .find_map(|l| l.split_once("DECODE-RESULT ").map(|(_, rest)| rest))
            .unwrap_or_else(|| panic!("{name}: no result in {stdout}"));
        let (outcome, kb) = line.rsplit_once(' ').expect("outcome and peak");
        let peak_mb = kb.parse::<u64>().expect("kB") / 1024;
        eprintln!("{name}: {outcome}, peak RSS {peak_mb} MB");
        // The bomb would need 10 GB (50,000^2 x 4): far below means nothing was allocated.
        assert!(peak_mb < 400, "{name}: peak RSS {peak_mb} MB");
        if name.starts_with("png-") {
            assert_eq!(outcome, "TooLarge", "{name}");
        }
    }
}

fn inline_part(part: &str, cid: Option<&str>, location: Option<&str>) -> Attachment {
    Attachment {
        part: part.into(),
        filename: None,
        safe_filename: "image.png".into(),
        content_type: "image/png".into(),
        size: 10,
        disposition: Disposition::Inline,
        content_id: cid.map(str::to_string),
        content_location: location.map(str::to_string),
        inline: true,
    }
}

#[test]
fn cid_and_content_location_resolve_to_parts() {
    let parts = [
        inline_part("2", Some("logo@example.org"), None),
        inline_part("3", Some("<Photo 1@x>"), None),
        inline_part("4", None, Some("https://example.org/banner.png")),
        inline_part("5", None, None),
    ];
    let found = |src: &str| part_for_src(src, &parts).map(|a| a.part.as_str());
    assert_eq!(found("cid:logo@example.org"), Some("2"));
    assert_eq!(found("CID:<logo@example.org>"), Some("2"), "brackets in the URL");
    assert_eq!(
        found("cid:Photo%201@x"),
        Some("3"),
        "brackets in the header, URL percent-encoded"
    );
    assert_eq!(found("https://example.org/banner.png"), Some("4"));
    assert_eq!(found("cid:other@x"), None);
    assert_eq!(found("cid:"), None);
    assert_eq!(found("https://example.org/other.png"), None);

    let blocks = vec![Block::image(
        "cid:logo@example.org".into(),
        String::new(),
        None,
        None,
    )];
    let after: Vec<&str> = after_text(&blocks, &parts)
        .iter()
        .map(|a| a.part.as_str())
        .collect();
    assert_eq!(after, ["3", "4", "5"], "images no block shows follow the text");
}
