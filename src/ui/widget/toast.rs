//! Transient notices drawn over the bottom of a pane instead of inserted into its
//! column: nothing under them moves when they come and go, so a click aimed at a row
//! still lands on that row (issue 17 item 4).

use iced::widget::{container, stack};
use iced::{Element, Length};

/// `base` with `toasts` (if any) laid over its bottom edge, full width less a margin.
pub fn over_bottom<'a, Message: 'a>(
    base: impl Into<Element<'a, Message>>,
    toasts: Option<Element<'a, Message>>,
) -> Element<'a, Message> {
    match toasts {
        None => base.into(),
        Some(t) => stack![
            base.into(),
            container(t)
                .width(Length::Fill)
                .align_bottom(Length::Fill)
                .padding([10, 12])
        ]
        .into(),
    }
}

/// `base` with a dialog (if any) laid over all of it.
pub fn over_all<'a, Message: 'a>(
    base: impl Into<Element<'a, Message>>,
    dialog: Option<Element<'a, Message>>,
) -> Element<'a, Message> {
    match dialog {
        None => base.into(),
        Some(d) => stack![base.into(), d].into(),
    }
}
