//! Drawing the reader: headers, the body blocks as rich text, attachment chips with
//! progress, notices, and the "this file can run programs" confirmation.

use iced::widget::{Column, button, column, container, progress_bar, row, rule, scrollable, text};
use iced::{Alignment, Element, Length};

use super::reader::{Body, Message, Notice, Opened, Reader};
use crate::core::ReplyKind;
use crate::fl;
use crate::mime::{Attachment, MessageView, join_addresses};
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::ellipsis::{one_line, plain};
use crate::ui::widget::{Icon, confirm_dialog, icon, icon_button, muted, toast};

pub fn view(reader: &Reader, text_size: f32) -> Element<'_, Message> {
    let Some(o) = &reader.open else {
        return container(
            column![icon(Icon::Mail, 40.0), muted(fl!("reader-nothing"))]
                .spacing(10)
                .align_x(Alignment::Center),
        )
        .center(Length::Fill)
        .into();
    };
    let content: Element<'_, Message> = match &o.body {
        Body::Loading => container(muted(fl!("loading"))).center(Length::Fill).into(),
        Body::Fetching => container(
            column![icon(Icon::Download, 28.0), muted(fl!("reader-downloading"))]
                .spacing(8)
                .align_x(Alignment::Center),
        )
        .center(Length::Fill)
        .into(),
        Body::Failed(e) => container(
            container(
                column![
                    text(crate::ui::errors::headline(e)).size(theme::TEXT),
                    muted(crate::ui::errors::detail(e))
                ]
                .spacing(6),
            )
            .padding(14)
            .max_width(520)
            .style(theme::error_box),
        )
        .center(Length::Fill)
        .into(),
        Body::Ready(view) => message(o, view, text_size),
    };
    content
}

fn message<'a>(o: &'a Opened, view: &'a MessageView, text_size: f32) -> Element<'a, Message> {
    let subject = if view.subject.is_empty() {
        fl!("list-no-subject")
    } else {
        view.subject.clone()
    };
    let respond = |which, label: String, keys: &'static str, kind| {
        icon_button(which, label, Some(keys), Some(Message::Respond(kind)))
    };
    let actions = row![
        respond(Icon::Reply, fl!("compose-reply"), "R", ReplyKind::Reply),
        respond(
            Icon::ReplyAll,
            fl!("compose-reply-all"),
            "Shift+R",
            ReplyKind::ReplyAll
        ),
        respond(Icon::Forward, fl!("compose-forward"), "F", ReplyKind::Forward),
    ]
    .spacing(2);
    let actions = match view.html {
        Some(_) => actions.push(icon_button(
            Icon::Open,
            fl!("reader-open-browser"),
            None,
            Some(Message::OpenInBrowser),
        )),
        None => actions,
    };
    let mut header = column![
        row![
            text(subject)
                .size(theme::HEADING + 2.0)
                .font(theme::SEMIBOLD)
                .width(Length::Fill),
            actions
        ]
        .spacing(12)
        .align_y(Alignment::Center)
    ]
    .spacing(6);
    header = header.push(
        row![
            text(view.from_display())
                .size(theme::TEXT)
                .font(theme::SEMIBOLD)
                .width(Length::Fill),
            muted(view.timestamp.map(format::full_date).unwrap_or_default()),
        ]
        .spacing(12),
    );
    if !view.to.is_empty() {
        header = header.push(muted(fl!("reader-to", list = join_addresses(&view.to))));
    }
    if !view.cc.is_empty() {
        header = header.push(muted(fl!("reader-cc", list = join_addresses(&view.cc))));
    }

    let mut page = Column::new().spacing(14).padding([18, 24]).push(header);
    if let Some(strip) = super::reader_remote::notice(o, view) {
        page = page.push(strip);
    }
    if !view.attachments.is_empty() {
        page = page.push(attachments(o, &view.attachments, true));
    }
    page = page.push(rule::horizontal(1));
    page = page.push(super::reader_blocks::body(
        &view.blocks,
        text_size,
        o.show_quoted,
        o.window,
        super::reader_blocks::Images {
            state: &o.images,
            parts: &view.attachments,
        },
    ));
    for card in &view.attached {
        page = page.push(super::reader_attached::card(o, card, text_size));
    }
    if view.truncated {
        page = page.push(muted(fl!("reader-truncated")));
    }
    let scroll = scrollable(page)
        .height(Length::Fill)
        .width(Length::Fill)
        .on_scroll(Message::Scrolled);
    // Notices ("Saved to …", errors) float over the bottom of the reader: they neither
    // push the attachments down nor scroll out of view (issue 17 items 4 and 7).
    let scroll = toast::over_bottom(scroll, o.notice.as_ref().map(notice));
    match &o.confirm {
        Some((path, _)) => iced::widget::stack![scroll, confirm(path)].into(),
        None => scroll,
    }
}

fn notice(n: &Notice) -> Element<'_, Message> {
    let (body, style): (Element<'_, Message>, fn(&iced::Theme) -> container::Style) = match n {
        Notice::Saved(path) => (
            text(fl!("reader-saved", path = path.display().to_string()))
                .size(theme::SMALL)
                .into(),
            theme::notice,
        ),
        Notice::Error(e) => (
            column![
                text(crate::ui::errors::headline(e)).size(theme::SMALL),
                muted(crate::ui::errors::detail(e))
            ]
            .spacing(2)
            .into(),
            theme::error_box,
        ),
        Notice::NoDialog { parts, all, dir } => (
            column![
                text(fl!("reader-no-dialog")).size(theme::SMALL),
                button(text(fl!("reader-save-into", dir = dir.display().to_string())).size(theme::SMALL))
                    .padding([4, 10])
                    .on_press(Message::SaveInto {
                        parts: parts.clone(),
                        all: *all,
                        dir: dir.clone()
                    }),
            ]
            .spacing(6)
            .into(),
            theme::notice,
        ),
    };
    container(
        row![
            container(body).width(Length::Fill),
            icon_button(Icon::Close, fl!("dismiss"), None, Some(Message::Dismiss))
        ]
        .align_y(Alignment::Center),
    )
    .padding([6, 10])
    .width(Length::Fill)
    .style(style)
    .into()
}

/// The attachment chips with save and open; "Save all" for the message's own list
/// (`save_all`), not for the parts of an attached message.
pub(super) fn attachments<'a>(o: &'a Opened, list: &'a [Attachment], save_all: bool) -> Element<'a, Message> {
    let mut chips = row![].spacing(10);
    for a in list {
        let kind = format::kind::file_kind(&a.content_type, &a.safe_filename);
        let info = column![
            one_line(a.safe_filename.clone(), theme::SMALL, theme::SEMIBOLD, plain),
            one_line(
                format!("{} · {kind}", format::size(a.size)),
                theme::SMALL,
                theme::REGULAR,
                theme::muted_text
            ),
        ]
        .spacing(2)
        .width(Length::Fixed(170.0));
        let actions: Element<'a, Message> = match o.downloads.get(&a.part) {
            Some(d) => {
                let fraction = if d.total > 0 {
                    d.done as f32 / d.total as f32
                } else {
                    0.0
                };
                column![
                    progress_bar(0.0..=1.0, fraction).girth(6).length(90),
                    // An icon with a tooltip: several downloads side by side would
                    // otherwise show a row of identical "Cancel" buttons.
                    icon_button(
                        Icon::Close,
                        fl!("reader-cancel-download"),
                        None,
                        Some(Message::Cancel(a.part.clone()))
                    ),
                ]
                .spacing(2)
                .align_x(Alignment::Center)
                .into()
            }
            None => row![
                icon_button(
                    Icon::Download,
                    fl!("reader-save"),
                    None,
                    Some(Message::Save(a.part.clone()))
                ),
                icon_button(
                    Icon::Open,
                    fl!("reader-open"),
                    None,
                    Some(Message::OpenPart(a.part.clone()))
                ),
            ]
            .spacing(2)
            .into(),
        };
        chips = chips.push(
            container(
                row![icon(Icon::for_mime(&a.content_type), 22.0), info, actions]
                    .spacing(10)
                    .align_y(Alignment::Center),
            )
            .padding([8, 10])
            .style(theme::card),
        );
    }
    let chips = chips.wrap().vertical_spacing(10);
    let mut head = row![muted(fl!("reader-attachments", count = list.len()))]
        .spacing(10)
        .align_y(Alignment::Center);
    if save_all && list.len() > 1 {
        head = head.push(
            button(
                row![
                    icon(Icon::Download, 13.0),
                    text(fl!("reader-save-all")).size(theme::SMALL)
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            )
            .padding([3, 10])
            .style(theme::flat)
            .on_press(Message::SaveAll),
        );
    }
    column![head, chips].spacing(8).into()
}

/// The question before opening a risky file (its sentence once: the engine's says the
/// same).
fn confirm<'a>(path: &'a std::path::Path) -> Element<'a, Message> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = crate::files::real_extension(&name).unwrap_or_default();
    confirm_dialog(
        fl!("confirm-open-title"),
        vec![
            text(fl!("confirm-open-body", name = name.clone(), ext = ext))
                .size(theme::TEXT)
                .into(),
        ],
        Message::CancelOpen,
        fl!("confirm-open-anyway"),
        Message::ConfirmOpen,
    )
}
