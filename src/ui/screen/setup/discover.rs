//! "Address and password" first: when the server fields were not typed by hand,
//! Connect first asks `crate::discover` for the settings (off the UI thread, with
//! progress), fills every field the user did not edit, says where the settings came
//! from, and goes on with the login test. Nothing found opens the manual form.

use iced::Task;

use super::oauth::OauthChoice;
use super::{Message, Mode, Phase, Setup};
use crate::core::TernError;
use crate::discover::{AuthMethod, DiscoverConfig, Discovered, Source, Step, discover};
use crate::fl;

/// What discovery said about the address in the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Settings { email: String, source: Source },
    Nothing { email: String },
}

impl Found {
    fn email(&self) -> &str {
        match self {
            Found::Settings { email, .. } | Found::Nothing { email } => email,
        }
    }
}

/// Progress and the result of one discovery run, tagged with the address.
#[derive(Debug, Clone)]
pub enum Discovery {
    Step(String, Step),
    Done(String, Result<Box<Discovered>, TernError>),
}

fn domain_of(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_string())
        .unwrap_or_default()
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or(url)
        .to_string()
}

/// The discovery of `email` as a stream of messages for the form.
fn run(email: String, config: DiscoverConfig) -> Task<Message> {
    let (tx, rx) = futures::channel::mpsc::unbounded();
    let progress_email = email.clone();
    let search = async move {
        let result = discover(&email, &config, |step| {
            let _ = tx.unbounded_send(Discovery::Step(progress_email.clone(), step));
        })
        .await
        .map(Box::new);
        Discovery::Done(email, result)
    };
    let stream = futures::stream::select(rx, futures::stream::once(search));
    Task::run(stream, Message::Discovery)
}

impl Setup {
    /// Connect should look the settings up first: adding, server not typed by hand,
    /// and not yet looked up for this address.
    pub(super) fn needs_discovery(&self) -> bool {
        matches!(self.mode, Mode::Add)
            && !self.edited.host
            && self
                .discovery
                .as_ref()
                .is_none_or(|found| found.email() != self.email.trim())
    }

    pub(super) fn start_discovery(&mut self, config: DiscoverConfig) -> Task<Message> {
        self.phase = Phase::Discovering;
        self.discovery_step = None;
        run(self.email.trim().to_string(), config)
    }

    /// Applies progress or a result; returns true when the login test should start.
    pub(super) fn discovered(&mut self, message: Discovery) -> bool {
        match message {
            Discovery::Step(email, step) => {
                if self.phase == Phase::Discovering && email == self.email.trim() {
                    self.discovery_step = Some(step);
                }
                false
            }
            Discovery::Done(email, result) => {
                if self.phase != Phase::Discovering || email != self.email.trim() {
                    return false;
                }
                self.phase = Phase::Editing;
                match result {
                    Ok(found) => {
                        self.apply(&found);
                        self.discovery = Some(Found::Settings {
                            email,
                            source: found.source.clone(),
                        });
                        true
                    }
                    Err(e) => {
                        tracing::debug!("discovery for {email}: {e}");
                        self.discovery = Some(Found::Nothing { email });
                        self.advanced = true;
                        false
                    }
                }
            }
        }
    }

    /// Fills the fields the user did not type.
    fn apply(&mut self, found: &Discovered) {
        self.oauth = match (&found.imap.auth, &found.oauth, &found.source) {
            (AuthMethod::Oauth2, Some(entry), source) => Some(OauthChoice::discovered(
                match source {
                    Source::ProviderTable { provider } | Source::MxProviderTable { provider, .. } => {
                        provider.clone()
                    }
                    _ => found.imap.host.clone(),
                },
                entry,
            )),
            _ => None,
        };
        if !self.edited.host {
            self.host = found.imap.host.clone();
            self.port = found.imap.port.to_string();
            self.security = found.imap.security;
            self.username = found.imap.username.clone();
        }
        if let Some(smtp) = found.smtp.as_ref().filter(|_| !self.edited.smtp_host) {
            self.smtp_host = smtp.host.clone();
            self.smtp_port = smtp.port.to_string();
            self.smtp_security = smtp.security;
        }
    }

    /// The line under the address: what is being tried, or where the settings came from.
    pub(super) fn discovery_text(&self) -> Option<String> {
        let domain = domain_of(self.email.trim());
        if self.phase == Phase::Discovering {
            return Some(match self.discovery_step {
                None | Some(Step::ProviderTable) => fl!("setup-discover-step-table"),
                Some(Step::Lookups) => fl!("setup-discover-step-lookups", domain = domain),
                Some(Step::MxAutoconfig) => fl!("setup-discover-step-mx", domain = domain),
                Some(Step::Guesses) => fl!("setup-discover-step-guesses"),
            });
        }
        let found = self
            .discovery
            .as_ref()
            .filter(|f| f.email() == self.email.trim())?;
        Some(match found {
            Found::Nothing { .. } => fl!("setup-found-nothing", domain = domain),
            Found::Settings { source, .. } => match source {
                Source::ProviderTable { provider } => {
                    fl!("setup-found-table", provider = provider.clone())
                }
                Source::Autoconfig { url } => fl!("setup-found-autoconfig", host = host_of(url)),
                Source::MxProviderTable { provider, .. } => {
                    fl!(
                        "setup-found-mx-table",
                        domain = domain,
                        provider = provider.clone()
                    )
                }
                Source::MxAutoconfig { url, .. } => {
                    fl!("setup-found-mx-autoconfig", domain = domain, host = host_of(url))
                }
                Source::Srv => fl!("setup-found-srv", domain = domain),
                Source::Guess => fl!("setup-found-guess"),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn url_hosts() {
        assert_eq!(
            host_of("https://autoconfig.example.org:8443/mail/x.xml"),
            "autoconfig.example.org"
        );
        assert_eq!(host_of("https://example.org/.well-known/x"), "example.org");
    }
}
