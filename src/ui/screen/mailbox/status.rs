//! Per-account status at the foot of the folder pane: online or offline, sync
//! progress ("Syncing Inbox: 2,000 of 48,113"), errors in plain words with Retry.

use iced::widget::{Column, button, column, container, progress_bar, row, text, tooltip};
use iced::{Alignment, Element, Length, Task};

use crate::core::{AccountId, Connectivity, ErrorKind, TernError};
use crate::fl;
use crate::ui::db::Db;
use crate::ui::errors;
use crate::ui::format;
use crate::ui::theme;
use crate::ui::widget::icon::icon_colored;
use crate::ui::widget::{Icon, icon, icon_button, muted};

#[derive(Debug, Clone)]
pub struct AccountStatus {
    pub id: AccountId,
    pub name: String,
    pub connectivity: Connectivity,
    /// (folder name, done, total) of the folder being synced.
    pub progress: Option<(String, u32, u32)>,
    pub error: Option<TernError>,
    /// The server refused the password; the worker waits for new settings.
    pub auth_required: bool,
    /// Changes waiting to reach the server.
    pub pending: u32,
    /// Messages in the outbox not sent yet (from the worker's OutboxChanged).
    pub outbox: u32,
}

impl AccountStatus {
    pub fn new(id: AccountId, name: String) -> AccountStatus {
        AccountStatus {
            id,
            name,
            connectivity: Connectivity::Connecting,
            progress: None,
            error: None,
            auth_required: false,
            pending: 0,
            outbox: 0,
        }
    }

    /// The one-line sync progress, if syncing.
    pub fn progress_line(&self) -> Option<String> {
        self.progress.as_ref().map(|(folder, done, total)| {
            fl!(
                "status-syncing",
                folder = folder.clone(),
                done = format::count(u64::from(*done)),
                total = format::count(u64::from(*total))
            )
        })
    }
}

/// Reads how many changes of `account` wait for the server (at start).
pub fn read_pending(account: AccountId, db: &Db) -> Task<super::Message> {
    let db = db.clone();
    Task::perform(
        async move { db.read(move |s| s.pending_count(account)).await },
        move |r| super::Message::Pending(account, r.unwrap_or(0)),
    )
}

#[derive(Debug, Clone)]
pub enum Action {
    Retry(AccountId),
    Edit(AccountId),
    ShowOutbox,
}

pub fn view<'a, M: Clone + 'a>(
    statuses: &'a [AccountStatus],
    on: impl Fn(Action) -> M + 'a,
) -> Element<'a, M> {
    let mut col = Column::new().spacing(10);
    for s in statuses {
        let (which, label) = match s.connectivity {
            Connectivity::Online => (Icon::Online, fl!("status-online")),
            Connectivity::Connecting => (Icon::Refresh, fl!("status-connecting")),
            Connectivity::Offline => (Icon::Offline, fl!("status-offline")),
        };
        let online = s.connectivity == Connectivity::Online;
        let mut block = column![
            row![
                icon_colored(which, 14.0, move |t| if online {
                    t.palette().success
                } else {
                    theme::muted(t)
                }),
                text(s.name.clone())
                    .size(theme::SMALL)
                    .font(theme::SEMIBOLD)
                    .wrapping(text::Wrapping::None)
                    .width(Length::Fill),
                muted(label),
            ]
            .spacing(6)
            .align_y(Alignment::Center)
        ]
        .spacing(4);
        if let (Some(line), Some((_, done, total))) = (s.progress_line(), &s.progress) {
            let fraction = if *total > 0 {
                *done as f32 / *total as f32
            } else {
                0.0
            };
            block = block
                .push(muted(line))
                .push(progress_bar(0.0..=1.0, fraction).girth(4));
        }
        if s.pending > 0 {
            block = block.push(muted(fl!(
                "status-pending",
                count = s.pending,
                n = format::count(u64::from(s.pending))
            )));
        }
        if s.outbox > 0 {
            block = block.push(
                button(
                    row![
                        icon(Icon::Sent, 13.0),
                        text(fl!("outbox-waiting", count = s.outbox)).size(theme::SMALL)
                    ]
                    .spacing(6)
                    .align_y(Alignment::Center),
                )
                .padding([2, 4])
                .style(theme::flat)
                .on_press(on(Action::ShowOutbox)),
            );
        }
        if let Some(e) = &s.error {
            block = block.push(error_box(s, e, &on));
        }
        col = col.push(block);
    }
    col.into()
}

/// A compact error: the headline and its buttons; the engine's detail in a tooltip, so
/// two failing accounts do not squeeze the folder list (issue 17 item 3).
fn error_box<'a, M: Clone + 'a>(
    s: &'a AccountStatus,
    e: &'a TernError,
    on: &impl Fn(Action) -> M,
) -> Element<'a, M> {
    let password_missing = s.auth_required && e.kind == ErrorKind::Secret;
    let headline = if password_missing {
        fl!("status-password-needed")
    } else {
        errors::headline(e)
    };
    let mut actions = row![].spacing(6).align_y(Alignment::Center);
    // A browser sign-in that stopped working asks to sign in again, not for a password.
    let oauth = e.text.as_ref().is_some_and(|t| {
        matches!(
            t.id,
            "err-oauth-sign-in-again" | "err-oauth-refused-by-server" | "err-oauth-mechanism"
        )
    });
    if s.auth_required {
        let label = if oauth {
            fl!("status-sign-in-again")
        } else {
            fl!("status-enter-password")
        };
        actions = actions.push(
            button(text(label).size(theme::SMALL))
                .padding([3, 8])
                .on_press(on(Action::Edit(s.id))),
        );
    }
    if !password_missing {
        actions = actions.push(
            button(
                text(fl!("status-retry"))
                    .size(theme::SMALL)
                    .wrapping(text::Wrapping::None),
            )
            .padding([3, 8])
            .style(button::secondary)
            .on_press(on(Action::Retry(s.id))),
        );
    }
    let details = tooltip(
        row![icon(Icon::Alert, 12.0), muted(fl!("status-details"))]
            .spacing(4)
            .align_y(Alignment::Center),
        container(text(errors::detail(e)).size(theme::SMALL))
            .padding([6, 10])
            .max_width(320)
            .style(theme::tooltip),
        tooltip::Position::Top,
    );
    actions = actions.push(details);
    container(column![text(headline).size(theme::SMALL), actions].spacing(4))
        .padding(6)
        .width(Length::Fill)
        .style(theme::error_box)
        .into()
}

/// The settings button under the status block.
pub fn settings_button<'a, M: Clone + 'a>(on_press: M) -> Element<'a, M> {
    icon_button(
        Icon::Settings,
        fl!("settings-title"),
        Some("Ctrl+,"),
        Some(on_press),
    )
}
