//! Errors in plain words, by kind. The engine's own sentence (English, with details such
//! as the host name) is shown below as the detail.

use crate::core::{ErrorKind, TernError};
use crate::fl;

/// The headline for an error: what happened, in the user's language.
pub fn headline(e: &TernError) -> String {
    match e.kind {
        ErrorKind::Auth => fl!("error-auth"),
        ErrorKind::Connect => fl!("error-connect"),
        ErrorKind::Certificate => fl!("error-certificate"),
        ErrorKind::NoEncryption => fl!("error-no-encryption"),
        ErrorKind::Timeout => fl!("error-timeout"),
        ErrorKind::Disconnected => fl!("error-disconnected"),
        ErrorKind::Secret => fl!("error-secret"),
        ErrorKind::Config => fl!("error-config"),
        ErrorKind::Store => fl!("error-store"),
        ErrorKind::Filesystem => fl!("error-filesystem"),
        ErrorKind::NotFound => fl!("error-not-found"),
        ErrorKind::Message => fl!("error-message"),
        ErrorKind::MalformedServerData | ErrorKind::ServerRefused => fl!("error-server"),
        ErrorKind::NeedsConfirmation => fl!("error-needs-confirmation"),
    }
}
