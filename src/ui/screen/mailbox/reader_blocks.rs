//! The message body in the reader: blocks of rich text, tables as grids with aligned
//! columns, image placeholders, block quotes, and the quoted history of a reply folded
//! behind "Show quoted text". Link targets show in a tooltip over their block (iced's
//! rich text reports clicks on a link, not hovers) and open only on a click.

use iced::font;
use iced::widget::text::{Span, Wrapping};
use iced::widget::{Column, Row, button, container, rich_text, row, rule, space, span, text};
use iced::{Alignment, Element, Font, Length};

use super::reader::Message;
use super::reader_images::InlineImages;
use crate::engine::remote_images::is_tracking_pixel;
use crate::fl;
use crate::images::{after_text, part_for_src};
use crate::mime::{Attachment, Block, BlockKind, Span as MimeSpan};
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, tip};

/// Most link targets listed in one block's tooltip.
const MAX_TARGETS_SHOWN: usize = 4;
/// A column's share of a grid's width grows with its longest cell up to this many
/// characters.
const MAX_COLUMN_WEIGHT: usize = 40;

/// The part of the reader's page on screen: offset of its top from the top of the
/// page, and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub top: f32,
    pub height: f32,
    pub width: f32,
}

impl Window {
    /// Where a scrollable's viewport stands.
    pub fn of(viewport: &iced::widget::scrollable::Viewport) -> Self {
        let bounds = viewport.bounds();
        Window {
            top: viewport.absolute_offset().y,
            height: bounds.height,
            width: bounds.width,
        }
    }
}

impl Default for Window {
    fn default() -> Self {
        Window {
            top: 0.0,
            height: 800.0,
            width: 700.0,
        }
    }
}

/// Bodies with more blocks than this lay out only the blocks near the window; the rest
/// is stood in for by empty space of their estimated height (see `benches/reader`: a
/// 5,000-block body laid out whole costs ~100x a 50-block one on every rebuild).
const VIRTUAL_FROM: usize = 200;
/// Screens above and below the window that are laid out for real.
const MARGIN_SCREENS: f32 = 2.0;
/// Space between blocks.
const SPACING: f32 = 10.0;

enum Item<'a> {
    Toggle,
    Block(&'a Block),
}

/// The inline images of the message and what the reader has of each.
#[derive(Clone, Copy)]
pub struct Images<'a> {
    pub state: &'a InlineImages,
    pub parts: &'a [Attachment],
}

/// The body blocks; the quoted history only when `show_quoted`, else a button for it.
/// Inline images no block refers to (Apple Mail's photos) follow the text.
pub fn body<'a>(
    blocks: &'a [Block],
    size: f32,
    show_quoted: bool,
    window: Window,
    images: Images<'a>,
) -> Element<'a, Message> {
    let mut items: Vec<Item<'_>> = Vec::with_capacity(blocks.len() + 1);
    let mut toggle_shown = false;
    for b in blocks {
        if b.quoted && !toggle_shown {
            toggle_shown = true;
            items.push(Item::Toggle);
        }
        if !b.quoted || show_quoted {
            items.push(Item::Block(b));
        }
    }
    let range = if items.len() > VIRTUAL_FROM {
        visible_range(&items, size, window)
    } else {
        (0, items.len(), 0.0, 0.0)
    };
    let (first, last, above, below) = range;
    let mut col = Column::new().spacing(SPACING);
    if above > 0.0 {
        col = col.push(space().height(above));
    }
    for item in &items[first..last] {
        col = col.push(match item {
            Item::Toggle => quoted_toggle(show_quoted),
            Item::Block(b) => {
                let inner = block(b, size, images);
                if b.quote_depth > 0 {
                    quoted(inner, b.quote_depth)
                } else {
                    inner
                }
            }
        });
    }
    if below > 0.0 {
        col = col.push(space().height(below));
    }
    for part in after_text(blocks, images.parts) {
        col = col.push(images.state.view(part, ""));
    }
    col.into()
}

/// The items to lay out for `window` (first, end) and the estimated heights of the
/// items above and below them.
fn visible_range(items: &[Item<'_>], size: f32, window: Window) -> (usize, usize, f32, f32) {
    let from = window.top - MARGIN_SCREENS * window.height;
    let to = window.top + (1.0 + MARGIN_SCREENS) * window.height;
    let mut y = 0.0;
    let (mut first, mut last) = (0, items.len());
    let (mut above, mut below) = (0.0, 0.0);
    for (i, item) in items.iter().enumerate() {
        let h = estimated_height(item, size, window.width) + SPACING;
        if y + h < from {
            above += h;
            first = i + 1;
        } else if y > to {
            if last == items.len() {
                last = i;
            }
            below += h;
        }
        y += h;
    }
    let first = first.min(last);
    // The column adds spacing after each spacer itself.
    (
        first,
        last,
        (above - SPACING).max(0.0),
        (below - SPACING).max(0.0),
    )
}

/// A rough height of an item as laid out at `width` (text wraps at ~0.5 em per char).
fn estimated_height(item: &Item<'_>, size: f32, width: f32) -> f32 {
    let line = size * 1.3;
    let per_line = (width / (size * 0.5)).max(20.0);
    let text_lines = |spans: &[MimeSpan]| -> f32 {
        let text: String = spans.iter().map(MimeSpan::text).collect();
        text.split('\n')
            .map(|l| (l.chars().count() as f32 / per_line).ceil().max(1.0))
            .sum()
    };
    match item {
        Item::Toggle => line + 6.0,
        Item::Block(b) => match &b.kind {
            BlockKind::Rule => 1.0,
            BlockKind::Image { height, .. } => height.map_or(34.0, |h| (h as f32).min(2_000.0)),
            BlockKind::Table { rows } => {
                let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
                let row_lines: f32 = rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| {
                                let chars: usize = c.iter().map(|s| s.text().chars().count()).sum();
                                (chars as f32 * columns / per_line).ceil().max(1.0)
                            })
                            .fold(1.0, f32::max)
                    })
                    .sum();
                row_lines * line + rows.len() as f32 * 4.0 + 14.0
            }
            BlockKind::Heading { .. } => text_lines(&b.spans) * (size + 8.0) * 1.3,
            _ => text_lines(&b.spans) * line,
        },
    }
}

fn quoted_toggle(shown: bool) -> Element<'static, Message> {
    let (label, which) = if shown {
        (fl!("reader-hide-quoted"), Icon::ChevronDown)
    } else {
        (fl!("reader-show-quoted"), Icon::ChevronRight)
    };
    button(
        row![icon(which, 13.0), text(label).size(theme::SMALL)]
            .spacing(6)
            .align_y(Alignment::Center),
    )
    .padding([3, 10])
    .style(theme::flat)
    .on_press(Message::ToggleQuoted)
    .into()
}

fn block<'a>(b: &'a Block, size: f32, images: Images<'a>) -> Element<'a, Message> {
    match &b.kind {
        BlockKind::Rule => rule::horizontal(1).into(),
        BlockKind::Heading { level } => {
            let s = (size + 8.0 - f32::from(*level) * 1.5).max(size);
            rich(&b.spans, s, theme::SEMIBOLD)
        }
        BlockKind::ListItem { depth, marker } => row![
            space().width(f32::from(depth.saturating_sub(1)) * 18.0),
            text(marker.clone()).size(size).width(Length::Fixed(22.0)),
            rich(&b.spans, size, theme::REGULAR)
        ]
        .into(),
        BlockKind::Preformatted => rich(&b.spans, size - 1.0, theme::MONO),
        BlockKind::Paragraph => rich(&b.spans, size, theme::REGULAR),
        BlockKind::Image {
            src,
            alt,
            width,
            height,
        } => match part_for_src(src, images.parts) {
            Some(part) => images.state.view(part, alt),
            // Tracking pixels are never fetched and would show as nothing anyway.
            None if is_tracking_pixel(*width, *height) => space().into(),
            None => images.state.remote_view(src, alt),
        },
        BlockKind::Table { rows } => grid(rows, size),
    }
}

/// A table with aligned columns: every row gives column `i` the same share of the width,
/// weighted by the column's longest cell.
fn grid(rows: &[Vec<Vec<MimeSpan>>], size: f32) -> Element<'_, Message> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let weights: Vec<u16> = (0..columns)
        .map(|i| {
            let longest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|cell| cell.iter().map(|s| s.text().chars().count()).sum::<usize>())
                .max()
                .unwrap_or(0);
            u16::try_from(longest.clamp(4, MAX_COLUMN_WEIGHT)).unwrap_or(4)
        })
        .collect();
    let mut col = Column::new().spacing(4);
    for (r, cells) in rows.iter().enumerate() {
        let mut line = Row::new().spacing(12);
        for (i, weight) in weights.iter().enumerate() {
            let cell = cells.get(i).map_or(&[][..], Vec::as_slice);
            let base = if r == 0 { theme::SEMIBOLD } else { theme::REGULAR };
            line = line.push(container(rich(cell, size - 1.0, base)).width(Length::FillPortion(*weight)));
        }
        col = col.push(line);
        if r == 0 && rows.len() > 1 {
            col = col.push(rule::horizontal(1));
        }
    }
    container(col).padding([6, 10]).style(theme::card).into()
}

fn quoted(inner: Element<'_, Message>, depth: u8) -> Element<'_, Message> {
    let mut el = inner;
    for _ in 0..depth.min(6) {
        el = row![
            container(space().width(3).height(Length::Fill))
                .style(theme::divider)
                .height(Length::Fill),
            container(el).padding(iced::Padding {
                left: 10.0,
                ..Default::default()
            })
        ]
        .height(Length::Shrink)
        .into();
    }
    container(el)
        .style(|t: &iced::Theme| container::Style {
            text_color: Some(theme::muted(t)),
            ..Default::default()
        })
        .into()
}

/// The distinct link targets of some spans, in order.
fn link_targets(spans: &[MimeSpan]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in spans {
        if let MimeSpan::Link { target, .. } = s
            && !out.contains(&target.as_str())
        {
            out.push(target);
        }
    }
    out
}

/// Spans as rich text (plain-only spans as simple text: cheaper, and findable). Long
/// words (URLs) wrap anywhere rather than run off the side.
fn rich(spans: &[MimeSpan], size: f32, base: Font) -> Element<'_, Message> {
    if spans.iter().all(|s| matches!(s, MimeSpan::Plain { .. })) {
        let all: String = spans.iter().map(MimeSpan::text).collect();
        return text(all)
            .size(size)
            .font(base)
            .wrapping(Wrapping::WordOrGlyph)
            .into();
    }
    let parts: Vec<Span<'_, String>> = spans
        .iter()
        .map(|s| match s {
            MimeSpan::Plain { text } => span(text.as_str()).font(base),
            MimeSpan::Emphasis { text } => span(text.as_str()).font(Font {
                style: font::Style::Italic,
                ..base
            }),
            MimeSpan::Strong { text } => span(text.as_str()).font(Font {
                weight: font::Weight::Semibold,
                ..base
            }),
            MimeSpan::Code { text } => span(text.as_str()).font(theme::MONO),
            MimeSpan::Link { text, target } => span(text.as_str())
                .font(base)
                .underline(true)
                .link(target.clone()),
        })
        .collect();
    let body = rich_text(parts)
        .size(size)
        .wrapping(Wrapping::WordOrGlyph)
        .on_link_click(Message::Link);
    let targets = link_targets(spans);
    if targets.is_empty() {
        return body.into();
    }
    let mut shown: Vec<String> = targets
        .iter()
        .take(MAX_TARGETS_SHOWN)
        .map(|t| t.strip_prefix("mailto:").unwrap_or(t).to_string())
        .collect();
    if targets.len() > MAX_TARGETS_SHOWN {
        shown.push("…".to_string());
    }
    tip(body, shown.join("\n"), None).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(n: usize) -> Vec<Block> {
        (0..n)
            .map(|i| {
                Block::new(
                    BlockKind::Paragraph,
                    0,
                    vec![MimeSpan::Plain {
                        text: format!("Paragraph {i} with some words in it."),
                    }],
                )
            })
            .collect()
    }

    #[test]
    fn long_bodies_lay_out_only_what_is_near_the_window() {
        let blocks = paragraphs(5_000);
        let items: Vec<Item<'_>> = blocks.iter().map(Item::Block).collect();
        let total: f32 = items
            .iter()
            .map(|i| estimated_height(i, 15.0, 700.0) + SPACING)
            .sum();
        for top in [0.0, 40_000.0, total - 800.0] {
            let window = Window {
                top,
                height: 800.0,
                width: 700.0,
            };
            let (first, last, above, below) = visible_range(&items, 15.0, window);
            assert!(last - first < 200, "{} blocks laid out at {top}", last - first);
            assert!(first <= last && last <= items.len());
            // Spacers plus laid-out blocks keep the page's estimated height, so the
            // scroll bar does not jump as the window moves.
            let shown: f32 = items[first..last]
                .iter()
                .map(|i| estimated_height(i, 15.0, 700.0) + SPACING)
                .sum();
            let spacers = |h: f32| if h > 0.0 { h + SPACING } else { 0.0 };
            let rebuilt = spacers(above) + shown + spacers(below);
            assert!(
                (rebuilt - total).abs() < 2.0 * SPACING,
                "{rebuilt} vs {total} at {top}"
            );
            // The window itself is always laid out for real.
            let mut y = 0.0;
            for (i, item) in items.iter().enumerate() {
                let h = estimated_height(item, 15.0, 700.0) + SPACING;
                if y + h >= top && y <= top + 800.0 {
                    assert!((first..last).contains(&i), "block {i} on screen but not laid out");
                }
                y += h;
            }
        }
    }

    #[test]
    fn short_bodies_are_laid_out_whole() {
        let blocks = paragraphs(VIRTUAL_FROM);
        // No spacer: every block is a child of the column (and the toggle is absent).
        let state = InlineImages::default();
        let images = Images {
            state: &state,
            parts: &[],
        };
        let el = body(&blocks, 15.0, false, Window::default(), images);
        drop(el);
        let items: Vec<Item<'_>> = blocks.iter().map(Item::Block).collect();
        assert_eq!(items.len(), VIRTUAL_FROM);
    }
}
