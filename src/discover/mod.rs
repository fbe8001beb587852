//! Account discovery from an e-mail address (issue 13 item 1). No UI types here.
//!
//! Not yet in the module tree (`pub mod discover;` in lib.rs is missing on purpose:
//! this was written without a build). Planned order, stopping at the first complete
//! answer: provider table, Thunderbird autoconfig (HTTPS first), MX host against the
//! table then the MX base domain's autoconfig, RFC 6186/8314 SRV, guesses probed with
//! a short TLS connect.

pub mod autoconfig;
pub mod providers;
