//! Small widgets and helpers shared by the screens.

pub mod icon;
pub mod shortcuts;

pub use icon::{Icon, icon};
pub use shortcuts::shortcuts;

use iced::widget::{Tooltip, button, container, row, text, tooltip};
use iced::{Alignment, Element, Theme};

use super::theme;

/// A tooltip with a label and, when given, its keyboard shortcut.
pub fn tip<'a, Message: 'a>(
    content: impl Into<Element<'a, Message>>,
    label: String,
    shortcut: Option<&'a str>,
) -> Tooltip<'a, Message> {
    let body: Element<'a, Message> = match shortcut {
        Some(keys) => row![
            text(label).size(theme::SMALL),
            text(keys).size(theme::SMALL).font(theme::SEMIBOLD)
        ]
        .spacing(8)
        .into(),
        None => text(label).size(theme::SMALL).into(),
    };
    tooltip(
        content,
        container(body).padding([4, 8]).style(theme::tooltip),
        tooltip::Position::Bottom,
    )
    .gap(4)
}

/// A small icon button with a tooltip.
pub fn icon_button<'a, Message: Clone + 'a>(
    which: Icon,
    label: String,
    shortcut: Option<&'a str>,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    let b = button(icon(which, 16.0))
        .padding(6)
        .style(theme::flat)
        .on_press_maybe(on_press);
    tip(b, label, shortcut).into()
}

/// A button with an icon and a label.
pub fn labeled_button<'a, Message: Clone + 'a>(
    which: Icon,
    label: String,
    on_press: Option<Message>,
) -> button::Button<'a, Message> {
    button(
        row![icon(which, 14.0), text(label).size(theme::SMALL)]
            .spacing(6)
            .align_y(Alignment::Center),
    )
    .padding([5, 10])
    .on_press_maybe(on_press)
}

/// Muted text, for secondary information.
pub fn muted<'a>(s: impl text::IntoFragment<'a>) -> text::Text<'a, Theme> {
    text(s).size(theme::SMALL).style(theme::muted_text)
}
