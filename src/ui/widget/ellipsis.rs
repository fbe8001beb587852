//! One line of text that ends in "…" when it does not fit (iced 0.14 has no ellipsis):
//! the width comes from the layout (`responsive`), the text is shortened with an
//! estimate of Fira Sans' advance widths, and the line is clipped as a last guard, so a
//! long subject never runs under the icons beside it (issue 17 item 7).

use iced::widget::{container, responsive, text};
use iced::{Element, Font, Length, Theme};

/// Estimated advance of `c` in em (Fira Sans; semibold a little wider).
fn advance(c: char) -> f32 {
    match c {
        'i' | 'l' | 'j' | 'I' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' | ' ' => 0.28,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' => 0.38,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.85,
        'A'..='Z' => 0.64,
        '0'..='9' => 0.56,
        c if c.is_ascii() => 0.52,
        // CJK, emoji and other wide glyphs.
        c if (c as u32) >= 0x1100 => 1.0,
        _ => 0.6,
    }
}

/// `s` shortened to fit `width` pixels at `size` (with "…" when shortened).
pub fn ellipsize(s: &str, width: f32, size: f32, bold: bool) -> String {
    // A little wider than measured: an estimate that runs short is clipped, and the
    // ellipsis with it.
    let scale = size * if bold { 1.12 } else { 1.06 };
    let total: f32 = s.chars().map(advance).sum::<f32>() * scale;
    if total <= width {
        return s.to_string();
    }
    let budget = width - 1.2 * scale;
    let mut used = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        used += advance(c) * scale;
        if used > budget {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// One line of `s` filling the width it is given, ellipsized.
pub fn one_line<'a, Message: 'a>(
    s: String,
    size: f32,
    font: Font,
    style: fn(&Theme) -> text::Style,
) -> Element<'a, Message> {
    let bold = font.weight != iced::font::Weight::Normal;
    let line = responsive(move |bounds| {
        container(
            text(ellipsize(&s, bounds.width, size, bold))
                .size(size)
                .font(font)
                .style(style)
                .wrapping(text::Wrapping::None),
        )
        .clip(true)
        .width(Length::Fill)
        .into()
    });
    container(line)
        .height(Length::Fixed((size * 1.35).ceil()))
        .width(Length::Fill)
        .into()
}

/// The colour of the surrounding text (a selected row's, for instance).
pub fn plain(_theme: &Theme) -> text::Style {
    text::Style { color: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_end_in_an_ellipsis_and_short_ones_stay() {
        assert_eq!(ellipsize("Lunch", 200.0, 14.0, false), "Lunch");
        let long = "A very long subject line that cannot possibly fit in a narrow list pane at all";
        let short = ellipsize(long, 200.0, 14.0, false);
        assert!(short.ends_with('…'), "{short}");
        assert!(short.chars().count() < long.chars().count());
        let width: f32 = short.chars().map(advance).sum::<f32>() * 14.0;
        assert!(width <= 200.0, "{width}");
        assert_eq!(ellipsize("x", 0.0, 14.0, false), "…");
    }
}
