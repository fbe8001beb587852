//! Error kinds that cross module boundaries, each with a plain-language explanation.

use std::fmt;

use super::certificate::CertProblem;
use super::text::Text;

/// What went wrong, in terms a person can act on. The UI maps each to a Fluent string;
/// the CLI prints `TernError`'s Display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The configuration file is missing, unreadable or invalid.
    Config,
    /// No password could be obtained (keychain or password_command).
    Secret,
    /// Host name did not resolve or the connection was refused.
    Connect,
    /// A network operation took longer than its timeout.
    Timeout,
    /// The certificate was not valid for this server.
    Certificate,
    /// The server offers no encryption, or tried to downgrade it.
    NoEncryption,
    /// The server rejected the user name or password.
    Auth,
    /// The server sent something that violates the protocol or our limits.
    MalformedServerData,
    /// The server answered NO or BAD to a command.
    ServerRefused,
    /// The connection dropped.
    Disconnected,
    /// The local cache could not be read or written.
    Store,
    /// A file could not be written (disk full, permission).
    Filesystem,
    /// The requested thing does not exist (account, folder, message, part).
    NotFound,
    /// The message could not be parsed.
    Message,
    /// The action could be harmful; the user must confirm it first.
    NeedsConfirmation,
}

/// An error with its kind and a plain-language sentence saying what to do next.
/// The text never contains a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TernError {
    pub kind: ErrorKind,
    /// The sentence in English (the CLI prints it; the window's fallback).
    pub message: String,
    /// The same sentence as a Fluent message, for the window to translate.
    pub text: Option<Text>,
    /// A refused server certificate the window can offer to trust.
    pub certificate: Option<Box<CertProblem>>,
}

impl TernError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        TernError {
            kind,
            message: message.into(),
            text: None,
            certificate: None,
        }
    }

    /// Adds the translatable form of the sentence.
    pub fn with_text(mut self, text: Text) -> Self {
        self.text = Some(text);
        self
    }

    /// Whether retrying later can help (network trouble), as opposed to needing the
    /// user to change something (password, settings).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect
                | ErrorKind::Timeout
                | ErrorKind::Disconnected
                | ErrorKind::MalformedServerData
        )
    }
}

impl fmt::Display for TernError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TernError {}

/// Marks of program text (Rust debug output, exit statuses) that must never reach a
/// person inside an error sentence.
pub const DEBUG_MARKS: [&str; 9] = [
    "{",
    "}",
    "Some(",
    "None",
    "Outcome",
    "ExitStatus",
    "::",
    "unix_wait_status",
    "\\\"",
];

/// A detail from another library (an I/O error's text, a server's words) made fit for a
/// sentence: printable, at most 160 characters, and `None` when it looks like program
/// output rather than words, so the caller leaves it out.
pub fn plain_detail(text: &str) -> Option<String> {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    let text = text.trim().trim_end_matches('.').trim();
    if text.is_empty() || DEBUG_MARKS.iter().any(|m| text.contains(m)) {
        return None;
    }
    let mut out: String = text.chars().take(160).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    Some(out)
}

/// `" (detail)"` when the detail is plain words, else nothing.
pub fn detail_in_parens(text: &str) -> String {
    plain_detail(text).map(|d| format!(" ({d})")).unwrap_or_default()
}

/// Whether a sentence is free of program text (the test over every error's wording).
pub fn is_plain_sentence(text: &str) -> bool {
    !text.is_empty() && !DEBUG_MARKS.iter().any(|m| text.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_text_is_left_out() {
        assert_eq!(
            plain_detail("Connection reset by peer"),
            Some("Connection reset by peer".into())
        );
        assert_eq!(plain_detail("status: Bye, outcome: Outcome { code: None }"), None);
        assert_eq!(plain_detail("ExitStatus(unix_wait_status(512))"), None);
        assert_eq!(detail_in_parens("Some(\"x\")"), "");
        assert_eq!(detail_in_parens("disk full."), " (disk full)");
        assert!(!is_plain_sentence("failed (Outcome)"));
    }
}
