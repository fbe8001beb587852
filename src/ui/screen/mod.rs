//! The screens: first-run and account setup, the mailbox, settings. Each is a state
//! machine whose `update` returns `(Task, Option<Event>)` for its parent to act on.

pub mod cert_trust;
pub mod compose;
pub mod general;
pub mod image_senders;
pub mod mailbox;
pub mod outbox;
pub mod password;
pub mod settings;
pub mod settings_health;
pub mod setup;
