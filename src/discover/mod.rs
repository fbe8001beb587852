//! Account discovery from an e-mail address (issue 13 item 1). No UI types here.
//!
//! Order, stopping at the first complete
//! answer: provider table, Thunderbird autoconfig (HTTPS first), MX host against the
//! table then the MX base domain's autoconfig, RFC 6186/8314 SRV, guesses probed with
//! a short TLS connect.

pub mod autoconfig;
pub mod providers;
