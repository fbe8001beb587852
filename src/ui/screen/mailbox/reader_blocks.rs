//! The message body in the reader: blocks of rich text, tables as grids with aligned
//! columns, image placeholders, block quotes, and the quoted history of a reply folded
//! behind "Show quoted text". Link targets show in a tooltip over their block (iced's
//! rich text reports clicks on a link, not hovers) and open only on a click.

use iced::font;
use iced::widget::text::{Span, Wrapping};
use iced::widget::{Column, Row, button, container, rich_text, row, rule, space, span, text};
use iced::{Alignment, Element, Font, Length};

use super::reader::Message;
use crate::fl;
use crate::mime::{Block, BlockKind, Span as MimeSpan};
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted, tip};

/// Most link targets listed in one block's tooltip.
const MAX_TARGETS_SHOWN: usize = 4;
/// A column's share of a grid's width grows with its longest cell up to this many
/// characters.
const MAX_COLUMN_WEIGHT: usize = 40;

/// The body blocks; the quoted history only when `show_quoted`, else a button for it.
pub fn body(blocks: &[Block], size: f32, show_quoted: bool) -> Element<'_, Message> {
    let mut col = Column::new().spacing(10);
    let mut toggle_shown = false;
    for b in blocks {
        if b.quoted && !toggle_shown {
            toggle_shown = true;
            col = col.push(quoted_toggle(show_quoted));
        }
        if b.quoted && !show_quoted {
            continue;
        }
        let inner = block(b, size);
        col = col.push(if b.quote_depth > 0 {
            quoted(inner, b.quote_depth)
        } else {
            inner
        });
    }
    col.into()
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

fn block(b: &Block, size: f32) -> Element<'_, Message> {
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
        BlockKind::Image { alt, .. } => image_placeholder(alt),
        BlockKind::Table { rows } => grid(rows, size),
    }
}

/// Where an image stands until it is shown (the images work draws the real one).
fn image_placeholder(alt: &str) -> Element<'_, Message> {
    let label = if alt.is_empty() {
        fl!("reader-image")
    } else {
        alt.to_string()
    };
    container(
        row![icon(Icon::Image, 16.0), muted(label)]
            .spacing(8)
            .align_y(Alignment::Center),
    )
    .padding([6, 10])
    .style(theme::card)
    .into()
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
