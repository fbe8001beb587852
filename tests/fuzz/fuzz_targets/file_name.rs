//! T-17: the attachment file-name sanitiser. On every input the result must be one safe
//! path component (invariants in `../checks.rs`, shared with the corpus replay test).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::file_name(data));
