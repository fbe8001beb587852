//! The reader with long messages (issue 12 item 4, "very long messages stay smooth"):
//! `cargo bench --bench bench -- reader`. Builds the reader's view of a message with 50
//! and with 5,000 body blocks (paragraphs with links, list items, a table every 100
//! blocks) and times, in the iced_test simulator (tiny-skia, 1280x800): view + layout
//! (what every frame after a change costs), and one drawn frame. Figures and ratios
//! only: a ratio near 1 means only what is visible costs; a ratio near 100 means the
//! whole body is laid out on every rebuild.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use iced_test::simulator::Simulator;
use tern::core::{AccountId, MessageId};
use tern::mime::{Block, BlockKind, MessageView, Span};
use tern::ui::screen::mailbox::reader::{Body, Message, Opened, Reader};

fn message(blocks: usize) -> MessageView {
    let mut view = MessageView {
        subject: format!("A message with {blocks} blocks"),
        ..MessageView::default()
    };
    for i in 0..blocks {
        let block = match i % 100 {
            50 => Block::new(
                BlockKind::Table {
                    rows: (0..5)
                        .map(|r| {
                            (0..3)
                                .map(|c| {
                                    vec![Span::Plain {
                                        text: format!("cell {r}/{c}"),
                                    }]
                                })
                                .collect()
                        })
                        .collect(),
                },
                0,
                Vec::new(),
            ),
            n if n % 7 == 0 => Block::new(
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into(),
                },
                0,
                vec![Span::Plain {
                    text: format!("List item {i} with a few words"),
                }],
            ),
            _ => Block::new(
                BlockKind::Paragraph,
                0,
                vec![
                    Span::Plain {
                        text: format!(
                            "Paragraph {i}: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. "
                        ),
                    },
                    Span::Link {
                        text: "a link".into(),
                        target: format!("https://example.org/{i}"),
                    },
                    Span::Strong {
                        text: " and bold text.".into(),
                    },
                ],
            ),
        };
        view.blocks.push(block);
    }
    view
}

fn reader(view: MessageView) -> Reader {
    Reader {
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
            images: Default::default(),
            remote: Default::default(),
            folded_cards: Default::default(),
        }),
        ..Reader::default()
    }
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

/// (median view + layout, one drawn frame).
fn measure(r: &Reader) -> (Duration, Duration) {
    let mut layouts = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let ui: Simulator<'_, Message> = Simulator::with_size(
            settings(),
            (760.0, 800.0),
            tern::ui::screen::mailbox::reader_view::view(r, 15.0),
        );
        layouts.push(start.elapsed());
        drop(ui);
    }
    layouts.sort();
    let mut ui: Simulator<'_, Message> = Simulator::with_size(
        settings(),
        (760.0, 800.0),
        tern::ui::screen::mailbox::reader_view::view(r, 15.0),
    );
    let start = Instant::now();
    let _ = ui.snapshot(&iced::Theme::Light).expect("frame");
    (layouts[2], start.elapsed())
}

pub fn run() {
    println!("\n== reader: view + layout and one frame, 50 vs 5,000 body blocks (simulator) ==");
    let small = reader(message(50));
    let big = reader(message(5_000));
    let _ = measure(&small); // warm-up: fonts, caches
    let (s_layout, s_draw) = measure(&small);
    let (b_layout, b_draw) = measure(&big);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "     50 blocks: layout {:>9.1} ms   draw {:>8.1} ms",
        ms(s_layout),
        ms(s_draw)
    );
    println!(
        "  5,000 blocks: layout {:>9.1} ms   draw {:>8.1} ms   (ratios {:.1} and {:.1})",
        ms(b_layout),
        ms(b_draw),
        ms(b_layout) / ms(s_layout).max(0.001),
        ms(b_draw) / ms(s_draw).max(0.001)
    );
}
