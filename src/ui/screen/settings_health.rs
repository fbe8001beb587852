//! Account health in settings (issue 13 item 4): when the account last synced, when its
//! server's certificate expires, the storage quota as a bar where the server offers
//! QUOTA, and "Sign in again" when the server stopped accepting the password. The engine
//! never retries a refused password by itself (that gets accounts locked): it waits for
//! this button, the status line's, or a changed account.

use iced::widget::{button, column, container, progress_bar, row, text};
use iced::{Alignment, Element, Length};

use crate::core::AccountHealth;
use crate::fl;
use crate::ui::format::{full_date, now, size};
use crate::ui::theme;
use crate::ui::widget::muted;

/// A certificate expiring within this many days is pointed out.
const EXPIRY_WARNING_DAYS: i64 = 21;

/// The health lines of one account; `sign_in` is the message of "Sign in again" when the
/// password was refused.
pub fn view<'a, M: Clone + 'a>(health: Option<&AccountHealth>, sign_in: Option<M>) -> Element<'a, M> {
    let health = health.cloned().unwrap_or_default();
    let mut lines = column![].spacing(4);
    lines = lines.push(muted(match health.last_sync {
        Some(t) => fl!("health-last-sync", when = full_date(t)),
        None => fl!("health-never-synced"),
    }));
    if let Some(expires) = health.certificate_expires {
        let left = expires - now();
        let line = fl!("health-cert-expires", when = full_date(expires));
        lines = lines.push(if left < 0 {
            Element::from(
                text(fl!("health-cert-expired", when = full_date(expires))).style(theme::danger_text),
            )
        } else if left < EXPIRY_WARNING_DAYS * 86_400 {
            text(fl!("health-cert-expires-soon", when = full_date(expires)))
                .style(theme::danger_text)
                .into()
        } else {
            muted(line).into()
        });
    }
    if let Some(q) = health.quota {
        let share = (q.used_kib as f64 / q.limit_kib.max(1) as f64 * 100.0).clamp(0.0, 100.0) as f32;
        lines = lines.push(
            row![
                muted(fl!(
                    "health-quota",
                    used = size(q.used_kib.saturating_mul(1024)),
                    limit = size(q.limit_kib.saturating_mul(1024)),
                    percent = format!("{share:.0}")
                )),
                container(progress_bar(0.0..=100.0, share).girth(6)).width(Length::Fixed(160.0)),
            ]
            .spacing(10)
            .align_y(Alignment::Center),
        );
    }
    if let Some(sign_in) = sign_in {
        lines = lines.push(
            container(
                row![
                    text(fl!("health-sign-in-needed"))
                        .size(theme::SMALL)
                        .width(Length::Fill),
                    button(text(fl!("health-sign-in")).size(theme::SMALL)).on_press(sign_in),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            )
            .padding([6, 10])
            .style(theme::error_box),
        );
    }
    lines.into()
}
