//! The "check this server's certificate" dialog (issue 13 item 3): a certificate Tern
//! refused, in plain words, with the facts a person can compare (host, SHA-256
//! fingerprint, subject, issuer, expiry) and two choices: cancel, or trust exactly this
//! certificate for this account. Used by setup (before the account exists) and over the
//! mailbox (a certificate refused while syncing or sending).

use std::path::PathBuf;

use iced::widget::{button, column, container, row, space, text};
use iced::{Alignment, Element, Length, Task};

use crate::core::{AccountEvent, AccountId, CertProblem, CertReason, TernError, fingerprint_for_people};
use crate::fl;
use crate::store::Store;
use crate::ui::format::full_date;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

/// What the person chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Trust,
    Cancel,
}

/// The dialog's content for `problem` (the caller wraps it in its own container).
pub fn dialog<'a>(problem: &'a CertProblem, why: String, busy: bool) -> Element<'a, Choice> {
    let fact = |label: String, value: String| {
        column![
            text(label).size(theme::SMALL).font(theme::SEMIBOLD),
            // Fingerprints are one long word: break them anywhere rather than overflow.
            text(value)
                .size(theme::SMALL)
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
        ]
        .spacing(2)
    };
    let mut facts = column![fact(
        fl!("cert-host"),
        format!("{}:{}", problem.host, problem.port)
    )]
    .spacing(8);
    if let CertReason::Changed { pinned_sha256 } = &problem.reason {
        facts = facts.push(fact(
            fl!("cert-pinned-before"),
            fingerprint_for_people(pinned_sha256),
        ));
    }
    facts = facts.push(fact(
        fl!("cert-fingerprint"),
        fingerprint_for_people(&problem.details.sha256),
    ));
    facts = facts
        .push(fact(fl!("cert-subject"), problem.details.subject.clone()))
        .push(fact(fl!("cert-issuer"), problem.details.issuer.clone()))
        .push(fact(fl!("cert-expires"), full_date(problem.details.not_after)));
    let trust = button(text(fl!("cert-trust"))).style(match problem.reason {
        CertReason::Changed { .. } => button::danger,
        _ => button::primary,
    });
    column![
        row![
            icon(Icon::Shield, 22.0),
            text(fl!("cert-title")).size(theme::HEADING).font(theme::SEMIBOLD)
        ]
        .spacing(10)
        .align_y(Alignment::Center),
        container(text(why).size(theme::SMALL))
            .padding([6, 10])
            .width(Length::Fill)
            .style(theme::error_box),
        facts,
        muted(fl!("cert-advice")),
        row![
            space::horizontal(),
            button(text(fl!("cancel")))
                .style(button::secondary)
                .on_press(Choice::Cancel),
            trust.on_press_maybe((!busy && problem.can_be_trusted()).then_some(Choice::Trust)),
        ]
        .spacing(8),
    ]
    .spacing(12)
    .into()
}

/// The dialog over the mailbox while it is up.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub account: AccountId,
    pub account_name: String,
    pub error: TernError,
    /// Storing the pin is under way.
    pub busy: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Choice(Choice),
    Pinned(Result<(), TernError>),
}

/// What the app does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The pin is stored: restart the account's worker (it loads pins as it starts).
    Restart(AccountId),
}

/// The mailbox's certificate dialog.
#[derive(Debug, Default)]
pub struct CertPrompts {
    pub open: Option<Prompt>,
    /// Fingerprints already shown and cancelled this run (not asked again by themselves).
    declined: Vec<String>,
}

impl CertPrompts {
    /// Opens the dialog for a certificate refused while syncing or sending.
    pub fn on_event(&mut self, account: AccountId, account_name: &str, event: &AccountEvent) {
        let error = match event {
            AccountEvent::Error(e) | AccountEvent::SendFailed(_, e) => e,
            _ => return,
        };
        let Some(problem) = &error.certificate else { return };
        if self.open.is_some() || self.declined.contains(&problem.details.sha256) {
            return;
        }
        self.open = Some(Prompt {
            account,
            account_name: account_name.to_string(),
            error: error.clone(),
            busy: false,
        });
    }

    /// The person asked to connect again: a certificate cancelled before is shown again.
    pub fn retrying(&mut self) {
        self.declined.clear();
    }

    pub fn update(&mut self, message: Message, cache_db: PathBuf) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Choice(Choice::Cancel) => {
                if let Some(p) = self.open.take()
                    && let Some(c) = &p.error.certificate
                {
                    self.declined.push(c.details.sha256.clone());
                }
            }
            Message::Choice(Choice::Trust) => {
                let Some(p) = self.open.as_mut().filter(|p| !p.busy) else {
                    return (Task::none(), None);
                };
                let Some(problem) = p.error.certificate.clone() else {
                    return (Task::none(), None);
                };
                p.busy = true;
                let name = p.account_name.clone();
                return (
                    Task::perform(store_pin(cache_db, name, *problem), Message::Pinned),
                    None,
                );
            }
            Message::Pinned(Ok(())) => {
                if let Some(p) = self.open.take() {
                    return (Task::none(), Some(Event::Restart(p.account)));
                }
            }
            Message::Pinned(Err(e)) => {
                if let Some(p) = &mut self.open {
                    p.busy = false;
                    p.error = TernError {
                        certificate: p.error.certificate.take(),
                        ..e
                    };
                }
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self) -> Option<Element<'_, Message>> {
        let p = self.open.as_ref()?;
        let problem = p.error.certificate.as_deref()?;
        let content = dialog(problem, crate::ui::errors::detail(&p.error), p.busy).map(Message::Choice);
        let dialog = container(content).padding(20).max_width(520).style(theme::dialog);
        Some(container(dialog).center(Length::Fill).style(theme::scrim).into())
    }
}

/// Stores the pin in the user database, off the UI thread.
pub async fn store_pin(cache_db: PathBuf, account: String, problem: CertProblem) -> Result<(), TernError> {
    tokio::task::spawn_blocking(move || Store::open(&cache_db)?.pin_certificate(&account, &problem))
        .await
        .map_err(|e| TernError::new(crate::core::ErrorKind::Store, e.to_string()))?
}
