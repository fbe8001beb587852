//! Small widgets and helpers shared by the screens.

pub mod ellipsis;
pub mod icon;
pub mod shortcuts;
pub mod toast;

pub use icon::{Icon, icon};
pub use shortcuts::shortcuts;

use iced::widget::{Tooltip, button, container, row, text, tooltip};
use iced::{Alignment, Element, Theme};

use super::theme;

/// A shortcut as the user's keyboard labels it: "Ctrl+Z" is "Strg+Z" in German,
/// "Delete" is "Entf" (issue 16 item 5). Letters and symbols stay as they are.
pub fn key_label(keys: &str) -> String {
    let mut out = String::with_capacity(keys.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(&match word.as_str() {
            "Ctrl" => crate::fl!("key-ctrl"),
            "Shift" => crate::fl!("key-shift"),
            "Delete" => crate::fl!("key-delete"),
            "PgUp" => crate::fl!("key-page-up"),
            "PgDn" => crate::fl!("key-page-down"),
            "Home" => crate::fl!("key-home"),
            "End" => crate::fl!("key-end"),
            "Escape" => crate::fl!("key-escape"),
            other => other.to_string(),
        });
        word.clear();
    };
    for c in keys.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A tooltip with a label and, when given, its keyboard shortcut.
pub fn tip<'a, Message: 'a>(
    content: impl Into<Element<'a, Message>>,
    label: String,
    shortcut: Option<&'a str>,
) -> Tooltip<'a, Message> {
    let body: Element<'a, Message> = match shortcut {
        Some(keys) => row![
            text(label).size(theme::SMALL),
            text(key_label(keys)).size(theme::SMALL).font(theme::SEMIBOLD)
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

/// A modal question over a scrim: an alert icon and title, the body lines, then
/// Cancel and a red button that does the risky thing.
pub fn confirm_dialog<'a, Message: Clone + 'a>(
    title: String,
    body: Vec<Element<'a, Message>>,
    cancel: Message,
    confirm_label: String,
    confirm: Message,
) -> Element<'a, Message> {
    use iced::Length;
    use iced::widget::{column, space};

    let mut content = column![
        row![
            icon(Icon::Alert, 22.0),
            text(title).size(theme::HEADING).font(theme::SEMIBOLD)
        ]
        .spacing(10)
        .align_y(Alignment::Center)
    ]
    .spacing(12);
    for line in body {
        content = content.push(line);
    }
    content = content.push(
        row![
            space::horizontal(),
            button(text(crate::fl!("cancel")))
                .style(button::secondary)
                .on_press(cancel),
            button(text(confirm_label))
                .style(button::danger)
                .on_press(confirm),
        ]
        .spacing(8),
    );
    let dialog = container(content).padding(20).max_width(460).style(theme::dialog);
    container(dialog).center(Length::Fill).style(theme::scrim).into()
}

/// A one-line notice with an alert icon and a Dismiss button (composer, list toasts).
pub fn notice_strip<'a, M: Clone + 'a>(sentence: String, dismiss: M) -> Element<'a, M> {
    iced::widget::container(
        row![
            icon(Icon::Alert, 14.0),
            text(sentence).size(theme::SMALL).width(iced::Length::Fill),
            button(text(crate::fl!("dismiss")).size(theme::SMALL))
                .padding([3, 8])
                .style(button::secondary)
                .on_press(dismiss),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    )
    .padding([6, 10])
    .width(iced::Length::Fill)
    .style(theme::notice)
    .into()
}
