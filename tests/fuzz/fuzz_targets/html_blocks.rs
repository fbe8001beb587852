//! T-14/T-15 at the converter: HTML to safe blocks. Only http/https/mailto link targets
//! survive, nesting and output size stay bounded (invariants in `../checks.rs`, shared
//! with the corpus replay test).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::html_blocks(data));
