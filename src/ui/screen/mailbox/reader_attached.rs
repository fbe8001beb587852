//! Attached messages in the reader (issue 12 item 5): a card after the body per
//! forwarded-as-attachment message, with its own headers, text and attachments (each
//! saveable), "Save as .eml", and a header that folds the card. Cards nest as the model
//! built them (a few levels at most).

use iced::widget::{Column, button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::reader::{Message, Opened};
use super::reader_blocks::{Images, Window};
use crate::fl;
use crate::mime::{AttachedMessage, join_addresses};
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

/// The window given to a card's body: all of it is laid out (the reader's page scrolls
/// it as a whole; attached messages are short next to the limits of virtual layout).
const WHOLE: Window = Window {
    top: 0.0,
    height: 1.0e7,
    width: 700.0,
};

pub fn card<'a>(o: &'a Opened, card: &'a AttachedMessage, text_size: f32) -> Element<'a, Message> {
    let view = &card.view;
    let folded = o.folded_cards.contains(&card.part);
    let subject = if view.subject.is_empty() {
        fl!("list-no-subject")
    } else {
        view.subject.clone()
    };
    let toggle = button(
        row![
            icon(
                if folded {
                    Icon::ChevronRight
                } else {
                    Icon::ChevronDown
                },
                14.0
            ),
            icon(Icon::Mail, 16.0),
            column![
                text(subject).size(theme::TEXT).font(theme::SEMIBOLD),
                muted(fl!("reader-attached-from", from = view.from_display())),
            ]
            .spacing(2)
            .width(Length::Fill),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    )
    .padding([4, 6])
    .width(Length::Fill)
    .style(theme::flat)
    .on_press(Message::ToggleCard(card.part.clone()));
    let save = button(
        row![
            icon(Icon::Download, 13.0),
            text(fl!("reader-save-eml")).size(theme::SMALL)
        ]
        .spacing(6)
        .align_y(Alignment::Center),
    )
    .padding([3, 10])
    .style(button::secondary)
    .on_press(Message::Save(card.part.clone()));
    let mut inner = Column::new()
        .spacing(10)
        .push(row![toggle, save].spacing(8).align_y(Alignment::Center));
    if !folded {
        if let Some(date) = view.timestamp.map(format::full_date) {
            inner = inner.push(muted(date));
        }
        if !view.to.is_empty() {
            inner = inner.push(muted(fl!("reader-to", list = join_addresses(&view.to))));
        }
        if !view.cc.is_empty() {
            inner = inner.push(muted(fl!("reader-cc", list = join_addresses(&view.cc))));
        }
        if !view.attachments.is_empty() {
            inner = inner.push(super::reader_view::attachments(o, &view.attachments, false));
        }
        inner = inner.push(super::reader_blocks::body(
            &view.blocks,
            text_size,
            o.show_quoted,
            WHOLE,
            Images {
                state: &o.images,
                parts: &view.attachments,
            },
        ));
        for nested in &view.attached {
            inner = inner.push(self::card(o, nested, text_size));
        }
    }
    container(inner)
        .padding(12)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}
