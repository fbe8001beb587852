//! Inline images (issue 12 item 2): `cargo bench --bench bench -- images`. Time from
//! "body ready" (the stored document in hand) to the first drawn frame of the reader
//! (simulator, tiny-skia) for an HTML message with 10 inline 400x300 PNGs: parse,
//! take out the image parts, decode them on 10 threads (as the blocking pool does),
//! lay out and draw. Baseline in the same run: the same HTML with the images missing
//! (placeholders). Prints the figures, their ratio and the process's peak RSS.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use iced_test::simulator::Simulator;
use image::{ImageFormat, Rgb, RgbImage};
use tern::core::{AccountId, MessageId};
use tern::mime::{parse_message, part_contents};
use tern::ui::screen::mailbox::reader::{Body, Message, Opened, Reader};
use tern::ui::screen::mailbox::reader_images::{Contents, InlineImages, inline_sections};

const IMAGES: usize = 10;

fn png_b64(seed: u32) -> String {
    let img = RgbImage::from_fn(400, 300, |x, y| {
        Rgb([(x + seed * 20) as u8, y as u8, (seed * 25) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).expect("png");
    base64::engine::general_purpose::STANDARD.encode(out.into_inner())
}

fn message(with_images: bool) -> Vec<u8> {
    let mut html = String::from("<h1>Ten pictures</h1>");
    for i in 0..IMAGES {
        html.push_str(&format!(
            "<p>Picture {i}</p><img src=\"cid:img{i}@bench\" alt=\"picture {i}\">"
        ));
    }
    let mut raw = format!(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: Ten pictures\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/related; boundary=r\r\n\r\n\
         --r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
    );
    if with_images {
        for i in 0..IMAGES {
            raw.push_str(&format!(
                "--r\r\nContent-Type: image/png\r\nContent-ID: <img{i}@bench>\r\n\
                 Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
                png_b64(i as u32)
            ));
        }
    }
    raw.push_str("--r--\r\n");
    raw.into_bytes()
}

fn settings() -> iced::Settings {
    iced::Settings {
        fonts: tern::ui::theme::FONT_FILES
            .iter()
            .map(|f| Cow::Borrowed(*f))
            .collect(),
        default_font: tern::ui::theme::REGULAR,
        ..iced::Settings::default()
    }
}

/// Body ready -> first frame drawn; returns the time and how many images were drawn.
fn first_frame(raw: &[u8]) -> (Duration, usize) {
    let start = Instant::now();
    let view = parse_message(raw).expect("parse");
    let contents = part_contents(raw, &inline_sections(&view));
    let (mut images, _) = InlineImages::start(MessageId(1), &view, Contents::default());
    let decoded: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = contents
            .iter()
            .map(|(part, bytes)| s.spawn(move || (part.clone(), tern::images::decode(bytes))))
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for (part, result) in decoded {
        images.decoded(&part, result);
    }
    let drawn = images.ready_count();
    let reader = Reader {
        open: Some(Opened {
            account: AccountId(1),
            id: MessageId(1),
            body: Body::Ready(Arc::new(view)),
            location: None,
            downloads: BTreeMap::new(),
            confirm: None,
            notice: None,
            show_quoted: false,
            window: Default::default(),
            images,
            remote: Default::default(),
            folded_cards: Default::default(),
        }),
        ..Reader::default()
    };
    let mut ui: Simulator<'_, Message> = Simulator::with_size(
        settings(),
        (760.0, 800.0),
        tern::ui::screen::mailbox::reader_view::view(&reader, 15.0),
    );
    let _ = ui.snapshot(&iced::Theme::Light).expect("frame");
    (start.elapsed(), drawn)
}

fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

pub fn run() {
    println!("\n== images: body ready -> first frame, 10 inline 400x300 PNGs (simulator) ==");
    let with = message(true);
    let without = message(false);
    let _ = first_frame(&without); // warm-up: fonts, caches
    let median = |raw: &[u8]| {
        let mut runs: Vec<(Duration, usize)> = (0..5).map(|_| first_frame(raw)).collect();
        runs.sort();
        runs[2]
    };
    let (base, _) = median(&without);
    let (time, drawn) = median(&with);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("  placeholders only: {:>8.1} ms", ms(base));
    println!(
        "  {drawn} images drawn:   {:>8.1} ms   (ratio {:.1})",
        ms(time),
        ms(time) / ms(base).max(0.001)
    );
    println!("  peak RSS of the process: {} MB", peak_rss_mb());
}
