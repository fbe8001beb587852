//! T-10: IMAP response fuzzing. Bytes as everything a server sends on one connection,
//! through Tern's guard, async-imap with imap-proto's parser and the response-to-model
//! mapping (`tern::imap::fuzzing`); invariants in `../checks.rs`, shared with the
//! corpus replay test.

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::imap_response(data));
