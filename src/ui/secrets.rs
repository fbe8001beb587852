//! Passwords as the window handles them: the OS keychain (injected, so tests can use
//! their own), with passwords the user chose to keep for this session only layered on
//! top when the keychain is not available.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::config::SecretStore;
use crate::core::{ErrorKind, TernError};

/// Passwords held in memory for the life of the process.
#[derive(Debug, Default)]
pub struct SessionSecrets(Mutex<HashMap<String, String>>);

impl SecretStore for SessionSecrets {
    fn get(&self, account: &str) -> Result<Option<String>, TernError> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(account)
            .cloned())
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), TernError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(account.to_string(), secret.to_string());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), TernError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(account);
        Ok(())
    }
}

/// Session passwords first, then the keychain. `set` writes to the keychain only.
pub struct Secrets {
    session: SessionSecrets,
    keychain: Arc<dyn SecretStore>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets")
    }
}

impl Secrets {
    pub fn new(keychain: Arc<dyn SecretStore>) -> Secrets {
        Secrets {
            session: SessionSecrets::default(),
            keychain,
        }
    }

    /// Keeps a password in memory until Tern quits.
    pub fn keep_for_session(&self, account: &str, secret: &str) {
        let _ = self.session.set(account, secret);
    }

    pub fn is_session_only(&self, account: &str) -> bool {
        matches!(self.session.get(account), Ok(Some(_)))
    }

    /// What the keychain itself holds for `account` (may block: call off the UI thread).
    pub fn keychain_state(&self, account: &str) -> KeychainState {
        match self.keychain.get(account) {
            Ok(Some(p)) if !p.is_empty() => KeychainState::Has,
            Ok(_) => KeychainState::Empty,
            Err(_) => KeychainState::Unavailable,
        }
    }
}

/// Whether the system keychain has a password for an account, or works at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeychainState {
    Has,
    Empty,
    Unavailable,
}

impl SecretStore for Secrets {
    fn get(&self, account: &str) -> Result<Option<String>, TernError> {
        if let Ok(Some(p)) = self.session.get(account) {
            return Ok(Some(p));
        }
        self.keychain.get(account)
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), TernError> {
        self.keychain.set(account, secret)?;
        // A password now in the keychain replaces a session-only one.
        let _ = self.session.delete(account);
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), TernError> {
        let _ = self.session.delete(account);
        self.keychain.delete(account)
    }
}

/// One password, for testing a login before anything is saved.
#[derive(Debug, Clone)]
pub struct OneSecret(pub String);

impl SecretStore for OneSecret {
    fn get(&self, _account: &str) -> Result<Option<String>, TernError> {
        Ok(Some(self.0.clone()))
    }

    fn set(&self, _account: &str, _secret: &str) -> Result<(), TernError> {
        Err(TernError::new(ErrorKind::Secret, "read-only"))
    }

    fn delete(&self, _account: &str) -> Result<(), TernError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Broken;
    impl SecretStore for Broken {
        fn get(&self, _: &str) -> Result<Option<String>, TernError> {
            Err(TernError::new(ErrorKind::Secret, "no keychain"))
        }
        fn set(&self, _: &str, _: &str) -> Result<(), TernError> {
            Err(TernError::new(ErrorKind::Secret, "no keychain"))
        }
        fn delete(&self, _: &str) -> Result<(), TernError> {
            Err(TernError::new(ErrorKind::Secret, "no keychain"))
        }
    }

    #[test]
    fn session_passwords_cover_a_missing_keychain() {
        let s = Secrets::new(Arc::new(Broken));
        assert!(s.get("a").is_err());
        assert!(s.set("a", "pw").is_err());
        s.keep_for_session("a", "pw");
        assert_eq!(s.get("a").ok().flatten().as_deref(), Some("pw"));
        assert!(s.is_session_only("a"));
    }
}
