//! Setup's side of the certificate dialog (issue 13 item 3): a login test refused for
//! the server's certificate shows the dialog over the form; trusting retries with that
//! exact certificate pinned and stores the pin once the login worked, so the account's
//! worker accepts it from its first connection.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Element;
use iced::widget::container;
use iced::{Length, Task};

use super::{Message, Phase, Setup, Stored, connect_and_store};
use crate::config::AccountConfig;
use crate::core::{CertProblem, TernError};
use crate::engine::Tuning;
use crate::store::Store;
use crate::ui::screen::cert_trust::{self, Choice};
use crate::ui::secrets::Secrets;
use crate::ui::theme;

impl Setup {
    /// The dialog while the last test failed for a certificate.
    pub(super) fn cert_dialog(&self) -> Option<Element<'_, Message>> {
        let Phase::Failed(e) = &self.phase else {
            return None;
        };
        let problem = e.certificate.as_deref()?;
        let content = cert_trust::dialog(problem, crate::ui::errors::detail(e), false).map(Message::Cert);
        let dialog = container(content).padding(20).max_width(520).style(theme::dialog);
        Some(container(dialog).center(Length::Fill).style(theme::scrim).into())
    }

    /// Trust: keep the certificate for the next test (and the pin after it); Cancel:
    /// back to the form with the refusal still shown.
    pub(super) fn on_cert_choice(&mut self, choice: Choice) -> bool {
        let Phase::Failed(e) = &mut self.phase else {
            return false;
        };
        let Some(problem) = e.certificate.take() else {
            return false;
        };
        match choice {
            Choice::Trust => {
                self.trusting = Some(problem);
                self.phase = Phase::Editing;
                true
            }
            Choice::Cancel => false,
        }
    }

    /// The login test with the certificates this account trusts: the one just trusted
    /// here (if it is still for the same server), else those stored for it.
    pub(super) fn test_login(
        &self,
        account: AccountConfig,
        password: Option<String>,
        secrets: Arc<Secrets>,
        tuning: Tuning,
        cache_db: PathBuf,
    ) -> Task<Message> {
        let trusting = self
            .trusting
            .clone()
            .filter(|p| p.host.eq_ignore_ascii_case(account.imap.host.trim()) && p.port == account.imap.port);
        Task::perform(
            test_with_pins(account, password, secrets, tuning, cache_db, trusting),
            Message::Tested,
        )
    }
}

async fn test_with_pins(
    mut account: AccountConfig,
    password: Option<String>,
    secrets: Arc<Secrets>,
    tuning: Tuning,
    cache_db: PathBuf,
    trusting: Option<Box<CertProblem>>,
) -> Result<Stored, TernError> {
    if cache_db.exists() {
        let (db, mut with_pins) = (cache_db.clone(), account.clone());
        let loaded = tokio::task::spawn_blocking(move || {
            Store::open(&db)?.load_pins(&mut with_pins)?;
            Ok::<_, TernError>(with_pins)
        })
        .await;
        if let Ok(Ok(with_pins)) = loaded {
            account = with_pins;
        }
    }
    if let Some(p) = &trusting {
        account.pinned.imap = Some(p.details.sha256.clone());
    }
    let name = account.name.clone();
    let stored = connect_and_store(account, password, secrets, tuning).await?;
    if let Some(problem) = trusting {
        cert_trust::store_pin(cache_db, name, *problem).await?;
    }
    Ok(stored)
}
