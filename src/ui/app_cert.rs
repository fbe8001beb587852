//! The app's side of the certificate dialog: trusting stores the pin, then the account's
//! worker restarts and loads it (issue 13 item 3).

use iced::Task;

use super::app::{App, Message};
use super::screen::cert_trust::{self, Event};

impl App {
    pub(super) fn on_cert(&mut self, m: cert_trust::Message) -> Task<Message> {
        let (task, event) = self.certs.update(m, self.env.paths.cache_db());
        if let Some(Event::Restart(id)) = event {
            let generation = self.generation();
            if let Some(a) = self.accounts.iter_mut().find(|a| a.id == id) {
                a.generation = generation;
                a.handle = None;
                self.mailbox.restarted(id);
            }
        }
        task.map(Message::Cert)
    }
}
