//! T-11: MIME ingest fuzzing. Bytes through `tern::mime::parse_message` (mail-parser, part
//! tree with IMAP sections, attachment listing, file-name sanitiser, charset and transfer
//! decoding, HTML to blocks), and through an alphabet-restricted copy; the model's
//! invariants are checked (`../checks.rs`, shared with the corpus replay test).
//!
//! Budget (T-11): no panic, <= 1 s per input <= 1 MiB, memory <= 20 x input + 16 MiB.

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::mime_ingest(data));
