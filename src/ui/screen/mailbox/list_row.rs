//! One row of the message list (and the placeholder for a row still being read).

use iced::widget::{button, column, container, row, space, text};
use iced::{Alignment, Element, Length};

use super::list::{Message, ROW_HEIGHT};
use crate::core::Flags;
use crate::fl;
use crate::mime::display_safe;
use crate::store::MessageSummary;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::ellipsis::{one_line, plain};
use crate::ui::widget::{Icon, icon, muted};

pub fn placeholder_row<'a>() -> Element<'a, Message> {
    container(muted("…"))
        .height(ROW_HEIGHT)
        .width(Length::Fill)
        .padding([10, 16])
        .into()
}

/// `from_server`: a search result the server found (its text is not cached yet).
/// `account`: the account's name, in a view that lists several accounts.
pub fn message_row<'a>(
    m: &'a MessageSummary,
    index: u32,
    selected: bool,
    now: i64,
    from_server: bool,
    account: Option<&'a str>,
) -> Element<'a, Message> {
    let flags = Flags(m.flags);
    let unread = !flags.contains(Flags::SEEN);
    let name = if m.from_name.trim().is_empty() {
        &m.from_addr
    } else {
        &m.from_name
    };
    let from = display_safe(name);
    let subject = display_safe(&m.subject);
    let subject = if subject.is_empty() {
        fl!("list-no-subject")
    } else {
        subject
    };
    let weight = if unread { theme::SEMIBOLD } else { theme::REGULAR };
    let dot: Element<'_, Message> = if unread {
        container(space().width(8).height(8))
            .style(|t: &iced::Theme| container::Style {
                background: Some(t.palette().primary.into()),
                border: iced::Border {
                    radius: 4.0.into(),
                    ..Default::default()
                },
                ..Default::default()
            })
            .into()
    } else {
        space().width(8).height(8).into()
    };
    let mut line2 = row![one_line(subject, theme::SMALL + 1.0, weight, plain)]
        .spacing(6)
        .align_y(Alignment::Center);
    if m.has_attachments {
        line2 = line2.push(icon(Icon::Paperclip, 13.0));
    }
    if from_server {
        line2 = line2.push(muted(fl!("search-from-server")).size(theme::SMALL));
    }
    if flags.contains(Flags::FLAGGED) {
        line2 = line2.push(crate::ui::widget::icon::icon_colored(
            Icon::StarFilled,
            13.0,
            |t| t.palette().warning,
        ));
    }
    let mut line1 = row![one_line(from, theme::TEXT, weight, plain)]
        .spacing(8)
        .align_y(Alignment::Center);
    if let Some(name) = account {
        line1 = line1.push(
            muted(display_safe(name))
                .size(theme::SMALL)
                .wrapping(text::Wrapping::None),
        );
    }
    line1 = line1.push(muted(format::list_date(m.date, now)).wrapping(text::Wrapping::None));
    let content = row![
        container(dot).padding(iced::Padding {
            top: 7.0,
            ..Default::default()
        }),
        column![line1, line2].spacing(4).width(Length::Fill)
    ]
    .spacing(8);
    button(container(content).clip(true))
        .height(ROW_HEIGHT)
        .width(Length::Fill)
        .padding([9, 12])
        .style(theme::row(selected))
        .on_press(Message::Clicked(m.id, index))
        .into()
}
