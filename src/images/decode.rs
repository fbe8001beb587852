//! Bytes of an image part to RGBA pixels, scaled down to the reader's largest width.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Images with more pixels than this are not decoded (a 40 Mpx RGBA buffer is 160 MB;
/// a 50,000 x 50,000 PNG of a few kilobytes would otherwise ask for 10 GB).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Decoded images wider than this are scaled down: the reader never draws them wider,
/// and the full-size image opens in the default viewer on a click.
pub const MAX_DISPLAY_WIDTH: u32 = 1600;

/// Pixels ready to draw: `rgba` has `width * height * 4` bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodedImage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for DecodedImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DecodedImage({}x{})", self.width, self.height)
    }
}

/// Why an image shows as a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not PNG, JPEG, GIF or WebP (whatever the declared content type said).
    UnknownFormat,
    /// More than [`MAX_PIXELS`] pixels, or a side of 0.
    TooLarge,
    /// Truncated or damaged data.
    Damaged,
}

/// Decodes PNG, JPEG, GIF (first frame) or WebP, recognised by their bytes (the declared
/// content type is often wrong). Scales down to [`MAX_DISPLAY_WIDTH`]. Call it on a
/// blocking thread: a large JPEG takes a good part of a second.
pub fn decode(bytes: &[u8]) -> Result<DecodedImage, DecodeError> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| DecodeError::Damaged)
    };
    let format = reader()?.format().ok_or(DecodeError::UnknownFormat)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(DecodeError::UnknownFormat);
    }
    // The header alone says how big the image is: refuse before allocating anything.
    let (w, h) = reader()?.into_dimensions().map_err(|_| DecodeError::Damaged)?;
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(DecodeError::TooLarge);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    // The output buffer (at most 16 bytes a pixel for 16-bit RGBA) plus decoder state.
    limits.max_alloc = Some(u64::from(w) * u64::from(h) * 16 + 64 * 1024 * 1024);
    let mut r = reader()?;
    r.limits(limits);
    let mut img = r.decode().map_err(|_| DecodeError::Damaged)?;
    if img.width() > MAX_DISPLAY_WIDTH {
        let height = (u64::from(img.height()) * u64::from(MAX_DISPLAY_WIDTH) / u64::from(img.width())).max(1);
        img = img.thumbnail(MAX_DISPLAY_WIDTH, u32::try_from(height).unwrap_or(u32::MAX));
    }
    let rgba = img.into_rgba8();
    Ok(DecodedImage {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}
