//! Inline images of a message (issue 12 item 2): which part an `<img src>` means
//! (`resolve`), and decoding a part's bytes into pixels for the reader (`decode`), on a
//! blocking thread, within a pixel cap so that a decompression bomb, a truncated file or
//! a wrong content type gives a placeholder instead of a crash or a huge allocation.

mod decode;
mod resolve;

pub use decode::{DecodeError, DecodedImage, MAX_DISPLAY_WIDTH, MAX_PIXELS, decode};
pub use resolve::{after_text, part_for_src};

/// Inline images whose content comes with the body (each at most this many bytes) ...
pub const EAGER_MAX_PART: u64 = 1024 * 1024;
/// ... while all of them together stay under this; the others load on demand.
pub const EAGER_MAX_TOTAL: u64 = 5 * 1024 * 1024;
