//! The composer's layout: actions on top, the header fields (with completions under
//! the address being typed), the attachments, then the body filling the rest.

use iced::keyboard::{Key, key::Named};
use iced::widget::{
    button, column, container, pick_list, row, rule, scrollable, space, text, text_editor, text_input,
};
use iced::{Alignment, Element, Length};

use super::{BCC_ID, BODY_ID, CC_ID, Composer, Field, Message, SUBJECT_ID, TO_ID, total_size};
use crate::core::DraftAttachment;
use crate::fl;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::{Icon, confirm_dialog, icon, icon_button, muted, notice_strip, tip};

/// Width of the labels in front of the header fields.
const LABEL: f32 = 70.0;

fn labeled<'a>(label: String, input: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    row![
        container(text(label).size(theme::SMALL).style(theme::muted_text)).width(LABEL),
        input.into()
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

fn address_input<'a>(c: &'a Composer, field: Field) -> Element<'a, Message> {
    let (id, value) = match field {
        Field::To => (TO_ID, &c.to),
        Field::Cc => (CC_ID, &c.cc),
        Field::Bcc => (BCC_ID, &c.bcc),
    };
    let mut input = text_input(&fl!("compose-address-placeholder"), value)
        .id(id)
        .padding(6)
        .size(theme::TEXT);
    if !c.sending {
        input = input
            .on_input(move |v| Message::Address(field, v))
            .on_submit(Message::Accept(field));
    }
    input.into()
}

/// The completions for `field`, if it is the one being typed in.
fn completions(c: &Composer, field: Field) -> Option<Element<'_, Message>> {
    let completion = c.completion.as_ref().filter(|x| x.field == field)?;
    let mut list = column![].spacing(0);
    for a in &completion.items {
        let line = if a.name.is_empty() {
            row![text(a.addr.clone()).size(theme::SMALL)]
        } else {
            row![
                text(a.name.clone()).size(theme::SMALL).font(theme::SEMIBOLD),
                muted(a.addr.clone())
            ]
            .spacing(8)
        };
        list = list.push(
            button(line)
                .width(Length::Fill)
                .padding([4, 8])
                .style(theme::flat)
                .on_press(Message::Pick(field, a.formatted())),
        );
    }
    Some(
        row![
            space().width(LABEL + 8.0),
            container(list).padding(4).width(Length::Fill).style(theme::card)
        ]
        .into(),
    )
}

fn attachment_row(i: usize, a: &DraftAttachment) -> Element<'_, Message> {
    let size = match a {
        DraftAttachment::File { size, .. } | DraftAttachment::Part { size, .. } => *size,
    };
    row![
        icon(Icon::Paperclip, 14.0),
        text(a.name().to_string()).size(theme::SMALL),
        muted(format::size(size)),
        icon_button(
            Icon::Close,
            fl!("compose-remove-attachment", name = a.name().to_string()),
            None,
            Some(Message::Remove(i))
        ),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

fn actions(c: &Composer) -> Element<'_, Message> {
    let title = c.title();
    let send = button(
        row![
            icon(Icon::Sent, 14.0),
            text(fl!("compose-send")).size(theme::SMALL)
        ]
        .spacing(6)
        .align_y(Alignment::Center),
    )
    .padding([6, 14])
    .on_press_maybe((!c.sending).then_some(Message::Send));
    row![
        text(title)
            .size(theme::HEADING)
            .font(theme::SEMIBOLD)
            .width(Length::Fill),
        button(text(fl!("compose-attach")).size(theme::SMALL))
            .padding([6, 12])
            .style(button::secondary)
            .on_press_maybe((!c.sending).then_some(Message::Attach)),
        button(text(fl!("compose-discard")).size(theme::SMALL))
            .padding([6, 12])
            .style(button::secondary)
            .on_press_maybe((!c.sending).then_some(Message::AskDiscard)),
        tip(
            button(text(fl!("compose-close")).size(theme::SMALL))
                .padding([6, 12])
                .style(button::secondary)
                .on_press_maybe((!c.sending).then_some(Message::Close)),
            fl!("compose-close-tip"),
            Some("Esc"),
        ),
        tip(send, fl!("compose-send"), Some("Ctrl+Enter")),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

pub fn view(c: &Composer) -> Element<'_, Message> {
    let mut head = column![actions(c)].spacing(8);
    if let Some(n) = &c.notice {
        head = head.push(notice_strip(n.clone(), Message::DismissNotice));
    }
    if c.sending {
        head = head.push(muted(fl!("compose-sending")));
    }
    if c.accounts.len() > 1 {
        head = head.push(labeled(
            fl!("compose-from"),
            pick_list(c.accounts.clone(), Some(c.from.clone()), Message::From)
                .text_size(theme::SMALL)
                .padding([4, 8]),
        ));
    }
    let mut to_row =
        row![container(labeled(fl!("compose-to"), address_input(c, Field::To))).width(Length::Fill)]
            .spacing(8)
            .align_y(Alignment::Center);
    if !c.show_cc_bcc {
        to_row = to_row.push(
            button(text(fl!("compose-cc-bcc")).size(theme::SMALL))
                .padding([4, 8])
                .style(theme::flat)
                .on_press(Message::ShowCcBcc),
        );
    }
    head = head.push(to_row);
    let fields: &[Field] = if c.show_cc_bcc {
        &[Field::To, Field::Cc, Field::Bcc]
    } else {
        &[Field::To]
    };
    for &field in fields {
        if field == Field::Cc {
            head = head.push(labeled(fl!("compose-cc"), address_input(c, Field::Cc)));
        }
        if field == Field::Bcc {
            head = head.push(labeled(fl!("compose-bcc"), address_input(c, Field::Bcc)));
        }
        if let Some(list) = completions(c, field) {
            head = head.push(list);
        }
    }
    let mut subject = text_input(&fl!("compose-subject-placeholder"), &c.subject)
        .id(SUBJECT_ID)
        .padding(6)
        .size(theme::TEXT);
    if !c.sending {
        subject = subject.on_input(Message::Subject);
    }
    head = head.push(labeled(fl!("compose-subject"), subject));
    if !c.attachments.is_empty() {
        let mut files = column![].spacing(2);
        for (i, a) in c.attachments.iter().enumerate() {
            files = files.push(attachment_row(i, a));
        }
        let total = total_size(&c.attachments);
        files = files.push(muted(fl!(
            "compose-attachments-total",
            count = c.attachments.len(),
            size = format::size(total)
        )));
        if c.over_limit() {
            files = files.push(
                row![
                    icon(Icon::Alert, 14.0),
                    text(fl!("compose-too-large", limit = format::size(c.limit())))
                        .size(theme::SMALL)
                        .style(theme::danger_text)
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
        }
        head = head.push(labeled(
            fl!("compose-attachments"),
            container(scrollable(files).height(Length::Shrink)).max_height(160),
        ));
    }
    let mut editor = text_editor(&c.body)
        .id(BODY_ID)
        .placeholder(fl!("compose-body-placeholder"))
        .size(theme::TEXT)
        .padding(10)
        .height(Length::Fill)
        .key_binding(|press| {
            let send = matches!(press.key.as_ref(), Key::Named(Named::Enter)) && press.modifiers.command();
            if send && matches!(press.status, text_editor::Status::Focused { .. }) {
                Some(text_editor::Binding::Custom(Message::Send))
            } else {
                text_editor::Binding::from_key_press(press)
            }
        });
    if !c.sending {
        editor = editor.on_action(Message::Edit);
    }
    let page = column![
        container(head).padding([14, 18]),
        rule::horizontal(1),
        container(editor).padding([8, 12]).height(Length::Fill)
    ]
    .height(Length::Fill);
    let page = container(page)
        .style(theme::pane)
        .width(Length::Fill)
        .height(Length::Fill);
    if c.confirm_discard {
        iced::widget::stack![
            page,
            confirm_dialog(
                fl!("compose-discard-title"),
                vec![text(fl!("compose-discard-body")).size(theme::TEXT).into()],
                Message::CancelDiscard,
                fl!("compose-discard"),
                Message::ConfirmDiscard,
            )
        ]
        .into()
    } else {
        page.into()
    }
}

/// The composer's keyboard shortcuts (keys no field used).
pub fn on_key(key: &Key, modifiers: iced::keyboard::Modifiers) -> Option<Message> {
    match key.as_ref() {
        Key::Named(Named::Enter) if modifiers.command() => Some(Message::Send),
        Key::Named(Named::Escape) => Some(Message::Close),
        _ => None,
    }
}
