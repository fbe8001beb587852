//! Errors in plain words, by kind, and the engine's own sentence (with details such as
//! the host name) in the user's language when it carries a Fluent form (issue 16
//! item 5), else in English.

use std::collections::HashMap;

use super::format;
use i18n_embed::fluent::FluentLanguageLoader;

use super::i18n::LOADER;
use crate::core::{Arg, ErrorKind, TernError, Text};
use crate::fl;

/// A `Text` in the user's language. Numbers are passed as numbers (plurals choose by
/// them) when a message has no other arguments; mixed with words they are written out.
pub fn say(t: &Text) -> String {
    say_in(&LOADER, t)
}

/// `say` with a given loader (tests render other languages with their own).
pub fn say_in(loader: &FluentLanguageLoader, t: &Text) -> String {
    let mut words: HashMap<&str, String> = HashMap::new();
    let mut numbers: HashMap<&str, i64> = HashMap::new();
    for (name, value) in &t.args {
        match value {
            Arg::Str(s) => {
                words.insert(name, s.clone());
            }
            Arg::Num(n) => {
                numbers.insert(name, *n);
            }
            Arg::Text(inner) => {
                words.insert(name, say_in(loader, inner));
            }
        }
    }
    if words.is_empty() && numbers.is_empty() {
        loader.get(t.id)
    } else if words.is_empty() {
        loader.get_args(t.id, numbers)
    } else {
        for (name, n) in numbers {
            words.insert(name, format::count(n.max(0) as u64));
        }
        loader.get_args(t.id, words)
    }
}

/// The error's own sentence, translated when it can be.
pub fn detail(e: &TernError) -> String {
    stored(&e.message, e.text.as_ref())
}

/// A sentence kept as English words and maybe its Fluent form (an outbox row's last
/// error): the Fluent form in the user's language when there is one.
pub fn stored(english: &str, text: Option<&Text>) -> String {
    match text {
        Some(t) if LOADER.has(t.id) => say(t),
        _ => english.to_string(),
    }
}

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
